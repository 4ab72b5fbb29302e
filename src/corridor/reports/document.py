"""A report parsed once: text, folded text, sentences, clauses, tokens and language, with offsets.

:class:`Document` is built once per report and handed to every finder of
:func:`corridor.reports.extract.extract` (dates, places, numbers, names and claimants, assets,
activities) and to the assembly of candidates. Each derivation is computed on first use and kept:
the text is folded once (:attr:`Document.folded`: lower case, one kind of apostrophe, dash and
space, the same length as the text, so an offset in one is an offset in the other) and a finder
that needs a part of it folded takes a slice of :attr:`Document.folded` rather than folding again.

Stages add what they find under their own name with :meth:`Document.annotate` (the pipeline idea
of spaCy's ``Doc`` and its span groups, on the standard library). A stage that computes something
other stages share -- a linguistic parse, say -- keeps it on the document with
:meth:`Document.derive`, so it is computed once whichever stage asks first. Every span is a pair
of character offsets into the original text.

Examples
--------
>>> doc = Document("The barge left Kessa on May 3, and it docked at Port Vell. It left.")
>>> [doc.text[s.start : s.end] for s in doc.sentences]
['The barge left Kessa on May 3, and it docked at Port Vell.', 'It left.']
>>> [doc.text[c.start : c.end] for c in doc.clauses_of(doc.sentences[0])]
['The barge left Kessa on May 3', 'and it docked at Port Vell.']
>>> doc.tokens[:3]
[Token(start=0, end=3, text='The'), Token(start=4, end=9, text='barge'), Token(start=10, end=14, text='left')]
>>> doc.sentence_at(doc.text.index("It left")).index
1
>>> doc.derive("words", lambda d: sum(t.text.isalpha() for t in d.tokens))
14
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from corridor.reports.language import Language, detect_language
from corridor.reports.text import Sentence, fold_text, split_sentences

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
    """A report's text parsed once (see module); stages add to :attr:`annotations`.

    Attributes
    ----------
    text : str
        The report as given.
    annotations : dict of str to list
        What each stage found, by stage name (``dates``, ``places``, ``numbers``, ``assets``,
        ``activities``, ``distance_checks``, ``claimants`` after :func:`extract`).
    folded : str
        The text folded once (:func:`corridor.reports.text.fold_text`), same length.
    sentences : list of Sentence
        Sentences with their character spans, in order.
    clauses : list of Clause
        Parts of sentences between commas, semicolons, colons and dashes.
    tokens : list of Token
        Words and punctuation marks with their spans.
    language : Language
        The language the text is written in (:func:`corridor.reports.language.detect_language`).
    """

    text: str
    annotations: dict[str, list] = field(default_factory=dict)
    _derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"text must be a str, got {type(self.text).__name__}")

    @classmethod
    def of(cls, text: str | Document) -> Document:
        """``text`` itself when it is a Document already, else a new Document of it."""
        return text if isinstance(text, Document) else cls(text)

    @cached_property
    def folded(self) -> str:
        """The text lower-cased with apostrophes, dashes and spaces unified (same length)."""
        return fold_text(self.text)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

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

    @cached_property
    def _clause_starts(self) -> list[int]:
        return [c.start for c in self.clauses]

    @cached_property
    def language(self) -> Language:
        return detect_language(self.text)

    def clauses_of(self, s: Sentence) -> list[Clause]:
        """The clauses of one sentence, in order."""
        return [c for c in self.clauses if c.sentence == s.index]

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence holding character ``pos`` (the last one starting at or before it, else
        the first)."""
        if not self.sentences:
            raise IndexError("a text of blanks has no sentences")
        return self.sentences[max(0, bisect_right(self._sentence_starts, pos) - 1)]

    def clause_at(self, pos: int) -> Clause | None:
        """The clause holding character ``pos``, or None between clauses."""
        i = bisect_right(self._clause_starts, pos) - 1
        if i >= 0 and pos < self.clauses[i].end:
            return self.clauses[i]
        return None

    def annotate(self, stage: str, items: list) -> list:
        """Record what ``stage`` found and return it."""
        self.annotations[stage] = items
        return items

    def derive(self, name: str, build: Callable[[Document], object]) -> object:
        """What ``build(self)`` returns, computed on the first call for ``name`` and kept."""
        if name not in self._derived:
            self._derived[name] = build(self)
        return self._derived[name]
