"""The asset catalogue: transport types with sourced speeds, capacities and ranges.

``geodata/assets.csv`` has one row per transport type (landing ships, aircraft, a troop train):
``cruise_speed_kmh``, ``troops_low``/``troops_high`` (where sources disagree the range is kept:
reference works against the analysts quoted in the reports), ``payload_t``, ``range_km`` and the
sources of each figure. Blank means no sourced figure. The rail network used by
:func:`corridor.transport.routes.rail_leg` (``rail_stations.csv``, ``rail_links.csv``) is loaded here too.

A case's catalogue (the packaged one extended by its ``assets.csv``) is its ``assets``
(:class:`corridor.case.Case`); functions that look assets up take it as ``assets=``.

Examples
--------
>>> plane = get_asset("an124", load_assets())
>>> int(plane["troops_low"]), int(plane["troops_high"]), float(plane["cruise_speed_kmh"])
(88, 880, 800.0)
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor._data import geodata_path
from corridor._default_case import deprecated_default
from corridor.validation import Problem, ValidationError

#: Columns of ``assets.csv``, in order.
ASSET_COLUMNS = [
    "asset_id", "name", "mode", "cruise_speed_kmh", "troops_low", "troops_high", "payload_t",
    "range_km", "source", "source_ref", "notes",
]  # fmt: skip
ASSET_MODES = ("sea", "air", "rail", "road")
_NUMBERS = ("cruise_speed_kmh", "troops_low", "troops_high", "payload_t", "range_km")
STATION_COLUMNS = [
    "station_id", "name", "lat", "lon", "site_id", "location_precision_m", "source", "source_ref",
    "notes",
]  # fmt: skip
LINK_COLUMNS = ["from_station", "to_station", "line", "source"]
STATION_SOURCES = ("geonames", "cited")


def _read(path: Path, columns: list[str]) -> tuple[pd.DataFrame, list[Problem]]:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in df.columns]
    problems = [
        Problem(str(path), None, c, f"missing column; expected {', '.join(columns)}")
        for c in missing
    ]
    return df, problems


def _required(df, path, fields, problems) -> None:
    for i, row in df.iterrows():
        for field in fields:
            if not row[field].strip():
                problems.append(Problem(str(path), i + 1, field, "empty; every row needs it"))


def load_assets(path: str | Path | None = None) -> pd.DataFrame:
    """Load and check an asset catalogue (default: the packaged one); numbers as floats (NaN
    where blank).

    Raises :class:`~corridor.validation.ValidationError` listing every problem (file, row, field).
    """
    path = Path(path) if path is not None else geodata_path("assets.csv")
    df, problems = _read(path, ASSET_COLUMNS)
    if problems:
        raise ValidationError(problems)
    _required(df, path, ("asset_id", "name", "mode", "cruise_speed_kmh", "source"), problems)
    out = df[ASSET_COLUMNS].copy()
    for i, row in df.iterrows():
        if row["mode"] and row["mode"] not in ASSET_MODES:
            problems.append(
                Problem(str(path), i + 1, "mode", f"{row['mode']!r} is not one of {ASSET_MODES}")
            )
        for field in _NUMBERS:
            value = row[field].strip()
            if not value:
                continue
            number = pd.to_numeric(value, errors="coerce")
            if pd.isna(number) or number <= 0:
                problems.append(
                    Problem(str(path), i + 1, field, f"{value!r} is not a positive number")
                )
    for field in _NUMBERS:
        out[field] = pd.to_numeric(out[field].where(out[field] != ""), errors="coerce")
    for i in out.index[out["troops_low"] > out["troops_high"]]:
        problems.append(Problem(str(path), i + 1, "troops_high", "is below troops_low"))
    for i in out.index[out["asset_id"].duplicated() & (out["asset_id"] != "")]:
        problems.append(Problem(str(path), i + 1, "asset_id", "duplicated in this table"))
    if problems:
        raise ValidationError(problems)
    return out


def catalogue() -> pd.DataFrame:
    """Deprecated: the default case's asset catalogue. Use a case's ``assets``
    (``corridor.open_case(CASE).assets``), or :func:`load_assets` for the packaged one."""
    return deprecated_default("catalogue()", "", use="a case's assets").assets


def get_asset(asset_id: str, assets: pd.DataFrame | None = None) -> pd.Series:
    """One asset of ``assets`` (a catalogue: a case's ``assets``, or :func:`load_assets`);
    ``KeyError`` naming the valid ids. Leaving ``assets`` out is deprecated (it takes the default
    case's)."""
    if assets is None:
        assets = deprecated_default("get_asset()", "assets=").assets
    cat = assets
    hit = cat[cat["asset_id"] == asset_id]
    if hit.empty:
        raise KeyError(f"unknown asset {asset_id!r}; valid ids: {', '.join(cat['asset_id'])}")
    return hit.iloc[0]


def load_rail(
    stations_path: str | Path | None = None, links_path: str | Path | None = None
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Load and check the rail stations (GeoDataFrame, EPSG:4326) and the links between them."""
    spath = Path(stations_path) if stations_path else geodata_path("rail_stations.csv")
    lpath = Path(links_path) if links_path else geodata_path("rail_links.csv")
    stations, problems = _read(spath, STATION_COLUMNS)
    links, more = _read(lpath, LINK_COLUMNS)
    problems += more
    if problems:
        raise ValidationError(problems)
    _required(
        stations, spath, ("station_id", "name", "lat", "lon", "source", "source_ref"), problems
    )
    for i, row in stations.iterrows():
        for field, limit in (("lat", 90), ("lon", 180)):
            v = pd.to_numeric(row[field], errors="coerce")
            if row[field] and (pd.isna(v) or abs(v) > limit):
                problems.append(
                    Problem(
                        str(spath), i + 1, field, f"{row[field]!r} is not in [-{limit}, {limit}]"
                    )
                )
        if row["source"] and row["source"] not in STATION_SOURCES:
            problems.append(
                Problem(
                    str(spath),
                    i + 1,
                    "source",
                    f"{row['source']!r} is not one of {STATION_SOURCES}",
                )
            )
    ids = set(stations["station_id"])
    for i in stations.index[stations["station_id"].duplicated()]:
        problems.append(Problem(str(spath), i + 1, "station_id", "duplicated in this table"))
    _required(links, lpath, LINK_COLUMNS, problems)
    for i, row in links.iterrows():
        for field in ("from_station", "to_station"):
            if row[field] and row[field] not in ids:
                problems.append(
                    Problem(
                        str(lpath),
                        i + 1,
                        field,
                        f"{row[field]!r} is not a station_id of {spath.name}",
                    )
                )
    if problems:
        raise ValidationError(problems)
    stations["lat"] = stations["lat"].astype(float)
    stations["lon"] = stations["lon"].astype(float)
    geometry = gpd.points_from_xy(stations["lon"], stations["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(stations, geometry=geometry, crs="EPSG:4326"), links
