"""A report parsed once: text, folded text, sentences, clauses and tokens, with character offsets.

:class:`Document` is built once per report and handed to each stage of
:func:`corridor.reports.extract.extract` (places, dates, numbers, claimants, assets, activities),
which adds its findings under its own name in :attr:`Document.annotations` -- the pipeline idea of
spaCy's ``Doc``, on the standard library. Every span is a pair of character offsets into the
original text; the folded text (lower case, one kind of apostrophe, dash and space) has the same
length, so an offset found in one is an offset in the other.

Examples
--------
>>> doc = Document("The barge left Kessa on May 3, and it docked at Port Vell. It left.")
>>> [doc.text[s.start : s.end] for s in doc.sentences]
['The barge left Kessa on May 3, and it docked at Port Vell.', 'It left.']
>>> [doc.text[c.start : c.end] for c in doc.clauses_of(doc.sentences[0])]
['The barge left Kessa on May 3', 'and it docked at Port Vell.']
>>> doc.tokens[:3]
[Token(start=0, end=3, text='The'), Token(start=4, end=9, text='barge'), Token(start=10, end=14, text='left')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from corridor.reports.text import Sentence, fold_text, sentence_at, split_sentences

#: A clause ends at a comma, semicolon, colon or dash followed by a space (or at the sentence end).
_CLAUSE_END = re.compile(r"[,;:]\s+|\s+[-\u2013\u2014]+\s+")
_TOKEN = re.compile(r"\w+(?:[-'\u2019.]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    """A word or a punctuation mark with its character span."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Clause:
    """A part of a sentence between commas, semicolons, colons or dashes."""

    sentence: int
    start: int
    end: int


@dataclass
class Document:
    """A report's text parsed once (see module); stages add to :attr:`annotations`."""

    text: str
    annotations: dict[str, list] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"text must be a str, got {type(self.text).__name__}")

    @cached_property
    def folded(self) -> str:
        """The text lower-cased with apostrophes, dashes and spaces unified (same length)."""
        return fold_text(self.text)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text)

    @cached_property
    def tokens(self) -> list[Token]:
        return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.text)]

    @cached_property
    def clauses(self) -> list[Clause]:
        out: list[Clause] = []
        for s in self.sentences:
            start = s.start
            for m in _CLAUSE_END.finditer(self.text, s.start, s.end):
                if m.start() > start:
                    out.append(Clause(s.index, start, m.start()))
                start = m.end()
            if s.end > start:
                out.append(Clause(s.index, start, s.end))
        return out

    def clauses_of(self, s: Sentence) -> list[Clause]:
        """The clauses of one sentence, in order."""
        return [c for c in self.clauses if c.sentence == s.index]

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence holding character ``pos``."""
        return sentence_at(self.sentences, pos)

    def clause_at(self, pos: int) -> Clause | None:
        """The clause holding character ``pos``, or None between clauses."""
        for c in self.clauses:
            if c.start <= pos < c.end:
                return c
        return None

    def annotate(self, stage: str, items: list) -> list:
        """Record what ``stage`` found and return it."""
        self.annotations[stage] = items
        return items
