"""Who says so: the claimant of a figure or a sighting, where the text names one.

Claimants are the ``claimant`` terms of ``geodata/vocabulary.csv`` (names of agencies, outlets and
people, mapped to ``source_id`` values of ``geodata/sources.csv``) and names recognised by their
shape (:mod:`corridor.reports.names`): an organisation ("... Ministry", "... Institute",
"... Command", an acronym such as "NAVCOM"), a person with a title ("Harbour Master Lena
Ostrova") or any name next to a verb of saying or after "according to". A name outside the
vocabulary has no ``source_id`` (empty): the reviewer adds it to the sources. For a figure, in
order:

1. an estimate owned by a claimant just before it ("Ukraine's estimate of 30,000");
2. in its sentence, a claimant introduced by "according to", "citing" or "per";
3. in its sentence, a claimant next to a verb of saying ("X said", "said X", "X, ..., stated");
4. a pronoun ("she said", "in her opinion", "they") standing for the last speaker of the two
   sentences before;
5. "citing X" or "quoting X" early in one of the next two sentences ("CNN writes about this,
   citing an assessment by Ukrainian intelligence");
6. a role standing for a claimant named earlier ("the minister said", "the agency noted");
7. the analyst of the sentences before ("according to analysis by X", "X reported"), up to
   three sentences back.

Otherwise nobody is named and the report itself is the claimant.

Examples
--------
>>> text = "Up to 30,000 tonnes could go, according to the Ministry of Transport."
>>> c = find_claimant(text, text.index("30,000"))
>>> (c.source_id, c.text)
('', 'Ministry of Transport')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corridor.reports.document import Document
from corridor.reports.names import name_hits
from corridor.reports.text import Hit, Sentence, in_span
from corridor.reports.vocab import Vocabulary

_SAY = (
    r"(?:said|says|say|told|tells|stated|states|reported|reports|believes|believe|estimates|"
    r"estimated|announced|announces|warned|assessed|assesses|wrote|writes|noted|notes|claimed|"
    r"claims|suggest|suggests|confirmed|added|adds|provided|shared|published|released|showed|"
    r"shows|spoke|speaks|commented|argued|explained|insisted|briefed|testified|observed|"
    r"found|identified|concluded|alleged|accused|anticipated|presumed|counted|recorded)"
)
_ROLES = (
    r"(?:minister|ministry|official|officials|agency|command|spokesman|spokeswoman|spokesperson|"
    r"statement|service|institute|researchers?|analysts?|secretary|general|commander)"
)
_ROLE = re.compile(
    rf"\b(?:according to the (?:\w+ )?{_ROLES}\b|"
    rf"the (?:\w+ )?{_ROLES}\b,?(?: also| then)? {_SAY}\b)"
)
#: Words after which the claimant named earlier keeps standing for the next sentences.
_ANALYST = re.compile(
    r"\b(?:according to|reported|reports|observed|analy[sz]is|assessment|imagery)\b"
)
_CARRY_SENTENCES = 3
_ROLE_SENTENCES = 8
_CITE_BEFORE = re.compile(
    r"(?:according to|citing|per|cited by|quoting|analysis by|analysis conducted by|researchers at"
    r"|experts at|analysts at|data from|images from|imagery from)(?: [\w-]+){0,4} $"
)
_CITING = re.compile(r"\b(?:citing|quoting)\b")
_OWNED = re.compile(r"^ (?:of |at |put at |puts it at )(?:up to |about |around |roughly |some )?$")
_SAY_AFTER = re.compile(rf"^(?:,[^.;]{{0,120}},)? (?:also |has |have |had |then )?{_SAY}\b")
_SAY_BEFORE = re.compile(rf"\b{_SAY} (?:that )?$")
_PRONOUN = re.compile(
    rf"\b(?:she|he|they)\b[^.]{{0,40}}\b{_SAY}\b|\b(?:her|his|their) (?:own |independent )?"
    r"(?:opinion|view|assessment|estimate|sources|data|figures?)\b"
)


@dataclass(frozen=True)
class Claimant:
    """A claimant named in a text: its ``source_id``, the words and span naming it, and why."""

    source_id: str
    text: str
    start: int
    end: int
    reason: str


class ClaimantFinder:
    """Claimant mentions of one text, indexed once for many :meth:`claimant_at` calls.

    Parameters
    ----------
    text : str or Document
        The report's text, or its :class:`~corridor.reports.document.Document`.
    vocabulary : Vocabulary, optional
        Whose ``claimant`` terms are known; :meth:`Vocabulary.default` when not given.
    """

    def __init__(self, text: str | Document, vocabulary: Vocabulary | None = None):
        vocabulary = vocabulary or Vocabulary.default()
        self.doc = Document.of(text)
        self.text, self.folded, self.sentences = self.doc.text, self.doc.folded, self.doc.sentences
        known = vocabulary.matchers["claimant"].find(self.text, self.folded)
        self.hits = sorted(known + name_hits(self.doc, known), key=lambda h: h.start)
        self._starts = [h.start for h in self.hits]

    def in_sentence(self, s: Sentence) -> list[Hit]:
        return in_span(self.hits, self._starts, s.start, s.end)

    def cited(self, s: Sentence) -> list[Hit]:
        return [
            h
            for h in self.in_sentence(s)
            if _CITE_BEFORE.search(self.folded[max(s.start, h.start - 60) : h.start])
        ]

    def speakers(self, s: Sentence) -> list[Hit]:
        out = []
        for h in self.in_sentence(s):
            after = self.folded[h.end : min(s.end, h.end + 140)]
            before = self.folded[max(s.start, h.start - 12) : h.start]
            if _SAY_AFTER.search(after) or _SAY_BEFORE.search(before):
                out.append(h)
        return out

    def claimant_of(self, hit: Hit, reason: str) -> Claimant:
        """The claimant a vocabulary hit names."""
        return _claimant(hit, reason)

    def claimant_at(self, pos: int) -> Claimant | None:
        """The claimant of the figure or event at character ``pos``, or None (see module)."""
        s = self.doc.sentence_at(pos)
        for h in self.in_sentence(s):
            if h.end <= pos and _OWNED.search(self.folded[h.end : pos]):
                return _claimant(h, f"figure attributed to '{h.text}'")
        cited = self.cited(s)
        if cited:
            h = min(cited, key=lambda h: abs(h.start - pos))
            return _claimant(h, f"'{h.text}' cited in the sentence")
        speakers = self.speakers(s)
        if speakers:
            h = min(speakers, key=lambda h: abs(h.start - pos))
            return _claimant(h, f"'{h.text}' speaks in the sentence")
        if _PRONOUN.search(self.folded[s.start : s.end]):
            for prev in reversed(self.sentences[max(0, s.index - 2) : s.index]):
                speakers = self.speakers(prev) or self.cited(prev)
                if speakers:
                    return _claimant(speakers[-1], f"pronoun for '{speakers[-1].text}' just before")
        for nxt in self.sentences[s.index + 1 : s.index + 3]:
            cited = [h for h in self.cited(nxt) if _CITING.search(self.folded[nxt.start : h.start])]
            if cited and cited[0].start - nxt.start < 100:
                return _claimant(cited[0], f"'{cited[0].text}' cited in a sentence after")
        role = self._role(s)
        if role is not None:
            return role
        for prev in reversed(self.sentences[max(0, s.index - _CARRY_SENTENCES) : s.index]):
            role = self._role(prev)
            if role is not None and "according to" in self.folded[prev.start : prev.end]:
                return role
            named = [
                h
                for h in self.speakers(prev) + self.cited(prev)
                if _ANALYST.search(self.folded[max(prev.start, h.start - 40) : h.end + 40])
            ]
            if named:
                return _claimant(named[-1], f"'{named[-1].text}' analyses the sentences before")
        return None

    def _role(self, s: Sentence) -> Claimant | None:
        """'the minister said', 'according to the agency': the claimant named before."""
        if not _ROLE.search(self.folded[s.start : s.end]):
            return None
        for prev in reversed(self.sentences[max(0, s.index - _ROLE_SENTENCES) : s.index]):
            named = self.speakers(prev) or self.cited(prev)
            if named:
                return _claimant(named[-1], f"a role for '{named[-1].text}' named before")
        return None


def _claimant(hit: Hit, reason: str) -> Claimant:
    return Claimant(str(hit.value), hit.text, hit.start, hit.end, reason)


def find_claimant(text: str, pos: int, vocabulary: Vocabulary | None = None) -> Claimant | None:
    """The claimant of the figure or event at character ``pos`` of ``text``, or None."""
    return ClaimantFinder(text, vocabulary).claimant_at(pos)
