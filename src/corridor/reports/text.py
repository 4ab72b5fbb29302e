"""Text plumbing shared by the report extractors: sentences, spans and a term matcher.

Everything here keeps character offsets into the original text, so every fact extracted from a
report can point back at the characters it came from.

Examples
--------
>>> text = "The ship arrived. It left on May 18."
>>> [(s.start, s.end) for s in split_sentences(text)]
[(0, 17), (18, 36)]
>>> m = TermMatcher({"arrived": "arrived", "ship": "ship"})
>>> [(h.start, h.end, h.value) for h in m.find(text)]
[(4, 8, 'ship'), (9, 16, 'arrived')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick

#: Characters folded to one form before matching; each maps to exactly one character so that
#: offsets in the folded text are offsets in the original (and none maps to another's source,
#: so the order of replacing does not matter).
_FOLD = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\n": " ", "\t": " ",
}  # fmt: skip


def fold_text(text: str) -> str:
    """Lower-case ``text`` and unify apostrophes, dashes and spaces, keeping its length.

    A report is folded once, by :attr:`corridor.reports.document.Document.folded`; a part of it
    is a slice of that, never folded again.

    >>> fold_text("Korea\u02bcs Il\u201376")
    "korea's il-76"
    """
    folded = _lower(text)
    for char, into in _FOLD.items():  # str.replace: many times faster than str.translate here
        if char in folded:
            folded = folded.replace(char, into)
    return folded


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): keep it as is
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered


def slug(text: str) -> str:
    """Lowercase words joined by ``_`` (the form of claim ids and subjects).

    >>> slug("North Korean soldiers (2025)")
    'north_korean_soldiers_2025'
    """
    return "_".join(re.findall(r"[a-z0-9]+", _lower(text))) or "x"


def in_span(items: list, starts: list[int], start: int, end: int) -> list:
    """The ``items`` (sorted by ``.start``, whose starts are ``starts``) starting in [start, end)."""
    return items[bisect_left(starts, start) : bisect_left(starts, end)]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a report: its index and character span."""

    index: int
    start: int
    end: int


# A sentence ends at . ! ? (optionally followed by closing quotes or brackets) before whitespace
# and an upper-case letter, digit or opening quote; a line break always ends one.
_END = re.compile(r"""[.!?]["”’'»)\]]*(?=\s+["“‘'«(\[]?[A-Z0-9\u0400-\u04ff])|\n+""")
_ABBREVIATIONS = ("mr.", "mrs.", "ms.", "dr.", "gen.", "lt.", "col.", "st.", "u.s.", "u.k.")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with character spans (stripped of surrounding spaces)."""
    sentences, start = [], 0
    for m in _END.finditer(text):
        end = m.end() if m.group().strip() else m.start()
        word = re.search(r"[\w.]*$", text[max(start, m.start() - 8) : m.start() + 1]).group()
        newline = "\n" in text[m.start() : m.end() + 1]
        if word.lower() in _ABBREVIATIONS and not newline:
            continue
        sentences.append((start, end))
        start = m.end()
    sentences.append((start, len(text)))
    out = []
    for s, e in sentences:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(len(out), s, e))
    return out


def sentence_at(sentences: list[Sentence], pos: int) -> Sentence:
    """The sentence holding character ``pos`` (the last one starting at or before it, else the
    first); :meth:`corridor.reports.document.Document.sentence_at` does the same by bisection."""
    found = sentences[0]
    for s in sentences:
        if s.start > pos:
            break
        found = s
    return found


@dataclass(frozen=True)
class Hit:
    """A vocabulary term found in a text: span, the term as written and its value."""

    start: int
    end: int
    text: str
    value: object


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


class TermMatcher:
    """Find whole-word, case-insensitive occurrences of many terms at once (Aho-Corasick).

    Parameters
    ----------
    terms : mapping of str to object
        Each term (as written) and the value a hit on it returns. Longest matches win.
    plural : bool
        Also match each term followed by ``s`` ("Il-76s").
    """

    def __init__(self, terms: Mapping[str, object], plural: bool = False):
        self._automaton = ahocorasick.Automaton()
        self._plural = plural
        self._size = 0
        for term, value in terms.items():
            key = " ".join(fold_text(term).split())
            if key:
                self._automaton.add_word(key, (len(key), value))
                self._size += 1
        if self._size:
            self._automaton.make_automaton()

    def find(self, text: str, folded: str | None = None) -> list[Hit]:
        """Every non-overlapping whole-word hit, longest first at each place, in text order."""
        if not self._size:
            return []
        folded = fold_text(text) if folded is None else folded
        hits: list[Hit] = []
        for end_index, (length, value) in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if self._plural and end < len(folded) and folded[end] == "s":
                if end + 1 >= len(folded) or not _is_word_char(folded[end + 1]):
                    end += 1
            if start > 0 and _is_word_char(folded[start - 1]):
                continue
            if end < len(folded) and _is_word_char(folded[end]):
                continue
            hits.append(Hit(start, end, text[start:end], value))
        return _longest_first(hits)


def _longest_first(hits: Iterable[Hit]) -> list[Hit]:
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if chosen and hit.start < chosen[-1].end:
            continue
        chosen.append(hit)
    return chosen
