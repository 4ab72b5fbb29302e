"""Place mentions in a report, resolved through the geocoder, each with its character span.

Gazetteer names and aliases (in any script, plus their ASCII transliterations) are found in one
pass of an Aho-Corasick automaton. A generic word around a name ("the port of Dunay", "Sunan
Airport", "Sergeevka base") joins the mention and tells the geocoder what kind of place is meant.
A capitalized name after "in", "at", "near", "from" or "to" that the gazetteer lacks goes to the
geocoder's offline fallback (GeoNames cities). A name that still fits several sites is retried
near the other places of its sentence, else kept as ``ambiguous`` with its candidates.

Examples
--------
>>> [(p.text, p.site_id) for p in find_places("The ship left the port of Dunay for Rajin.")]
[('the port of Dunay', 'dunai'), ('Rajin', 'rajin')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from anyascii import anyascii

from corridor.places.gazetteer import Gazetteer
from corridor.reports.text import TermMatcher, fold_text, sentence_at, split_sentences

_GENERIC_BEFORE = re.compile(
    r"(?:the )?(?:port|harbou?r|seaport|airport|air base|airbase|airfield|base|city|town|"
    r"village|region|naval base) of $"
)
_GENERIC_AFTER = re.compile(
    r"^ (?:international airport|airport|airfield|air base|airbase|port|harbou?r|naval base|"
    r"training ground|training area|base|region|oblast|krai|kray|province|district)\b"
)
_FALLBACK_LEAD = re.compile(r"(?:\b(?:in|at|near|from|to|outside|city of|town of) )$")
_CAPITALIZED = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}")
#: Capitalized words that are never places on their own (months, days, countries, peoples).
_NOT_PLACES = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday russia ukraine korea china japan
    north south east west the a an this that these those russian ukrainian korean chinese
    american british western european soviet
    """.split()
)


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text and what the geocoder made of it.

    ``status`` is ``resolved`` (``site_id`` set for gazetteer sites, None for a GeoNames place),
    ``ambiguous`` (``candidates`` lists the fitting sites) or ``not_found``.
    """

    start: int
    end: int
    text: str
    status: str
    matched_by: str | None = None
    site_id: str | None = None
    name: str | None = None
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision_m: int | None = None
    source: str | None = None
    candidates: tuple[str, ...] = ()
    from_gazetteer_names: bool = True
    reason: str = ""

    @property
    def resolved(self) -> bool:
        return self.status == "resolved"


@functools.lru_cache(maxsize=8)
def _matcher(gazetteer: Gazetteer) -> TermMatcher:
    labels: dict[str, str] = {}
    for _, row in gazetteer.sites.iterrows():
        for label in [row["name"], *row["aliases"]]:
            labels.setdefault(label, label)
            ascii_form = anyascii(label)
            if ascii_form != label:
                labels.setdefault(ascii_form, label)
    return TermMatcher(labels)


def _resolve(name: str, near: str | None = None):
    """The geocoder's verdict on one name (never raises for a bad name)."""
    from corridor.places.geocode import default_geocoder

    geocoder = default_geocoder()
    if near is None:
        return geocoder.resolve(name)
    return geocoder.resolve(name, near=near)


def _mention(start, end, text, result, *, from_gazetteer_names=True, reason="") -> PlaceMention:
    if result.status == "resolved":
        return PlaceMention(
            start, end, text, "resolved", result.matched_by, result.site_id, result.name,
            result.kind, result.lat, result.lon, result.location_precision_m, result.source,
            from_gazetteer_names=from_gazetteer_names, reason=reason,
        )  # fmt: skip
    candidates = tuple(c.site_id or c.source for c in result.candidates)
    return PlaceMention(
        start, end, text, result.status, result.matched_by, candidates=candidates,
        from_gazetteer_names=from_gazetteer_names, reason=reason or result.message,
    )  # fmt: skip


def _extend(folded: str, start: int, end: int) -> tuple[int, int]:
    before = _GENERIC_BEFORE.search(folded[max(0, start - 24) : start])
    if before:
        start -= len(before.group())
    after = _GENERIC_AFTER.search(folded[end : end + 24])
    if after:
        end += len(after.group())
    return start, end


def find_places(text: str, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Every place mention of ``text`` in order, resolved through :mod:`corridor.places.geocode`.

    Parameters
    ----------
    text : str
        The report's text.
    gazetteer : Gazetteer, optional
        Whose names are looked for; the packaged gazetteer by default.
    """
    gazetteer = gazetteer or Gazetteer.default()
    folded = fold_text(text)
    mentions: list[PlaceMention] = []
    for hit in _matcher(gazetteer).find(text, folded):
        start, end = _extend(folded, hit.start, hit.end)
        written = text[start:end]
        mentions.append(_mention(start, end, written, _resolve(written)))
    mentions += _fallback_mentions(text, folded, mentions)
    mentions.sort(key=lambda p: p.start)
    return _disambiguate(text, mentions)


def _fallback_mentions(text, folded, known) -> list[PlaceMention]:
    taken = [(p.start, p.end) for p in known]
    found = []
    for m in _CAPITALIZED.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if not _FALLBACK_LEAD.search(folded[max(0, m.start() - 12) : m.start()]):
            continue
        words = fold_text(m.group()).replace("'s", "").split()
        if words[0] in _NOT_PLACES or "-" in words[0] or m.group().isupper():
            continue  # peoples, "Russian-occupied", acronyms such as TASS
        name = m.group().removesuffix("'s").removesuffix("’s")
        result = _resolve(name)
        if result.status == "resolved" and result.matched_by == "geonames":
            end = m.start() + len(name)
            found.append(
                _mention(
                    m.start(),
                    end,
                    name,
                    result,
                    from_gazetteer_names=False,
                    reason="not in the gazetteer: GeoNames city",
                )  # fmt: skip
            )
    return found


def _disambiguate(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Retry ambiguous names near a resolved gazetteer site of the same sentence."""
    if not any(p.status == "ambiguous" for p in mentions):
        return mentions
    sentences = split_sentences(text)
    out = []
    for p in mentions:
        if p.status == "ambiguous":
            here = sentence_at(sentences, p.start)
            anchors = [
                q.site_id
                for q in mentions
                if q.resolved and q.site_id and here.start <= q.start < here.end
            ]
            for anchor in anchors:
                result = _resolve(p.text, near=anchor)
                if result.status == "resolved":
                    p = _mention(
                        p.start, p.end, p.text, result, reason=f"ambiguous; taken near {anchor}"
                    )
                    break
        out.append(p)
    return out
