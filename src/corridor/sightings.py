"""Sighting observations: schema, validation, stable ids, and the seed sightings.

A sighting says that something (``asset_class``, ``asset_name``, ``asset_count``) was seen doing
something (``activity``) at a site or point, some time within ``observed_start``..``observed_end``
known to ``time_precision``, according to a source (``source_id`` in ``geodata/sources.csv``, the
originator who saw or said it, the imagery provider if any) with a ``confidence``.
"""

from __future__ import annotations

import calendar
import hashlib
from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor._data import geodata_path
from corridor.gazetteer import CRS, Gazetteer
from corridor.validation import Problem, ValidationError

#: Columns of a sightings CSV, in order.
SIGHTING_COLUMNS = [
    "observed_start", "observed_end", "time_precision", "site_id", "lat", "lon",
    "location_precision_m", "asset_class", "asset_name", "asset_count", "activity",
    "personnel_low", "personnel_high", "source_id", "originator_id", "imagery_provider",
    "source_detail", "confidence", "notes", "tags",
]  # fmt: skip
REQUIRED = (
    "observed_start",
    "observed_end",
    "time_precision",
    "activity",
    "source_id",
    "confidence",
)
TIME_PRECISIONS = ("datetime", "day", "month", "year")
CONFIDENCES = ("confirmed", "probable", "possible")
ACTIVITIES = (
    "arrived", "departed", "present", "moving", "loading", "unloading", "deployed", "training",
    "equipping", "visit", "massing", "strike",
)  # fmt: skip
INTEGER_FIELDS = ("asset_count", "personnel_low", "personnel_high", "location_precision_m")
#: Fields whose content defines a sighting; ``sighting_id`` is a hash of them. ``source_detail``
#: (page, character span, detection parameters) locates the evidence inside its source.
IDENTITY_FIELDS = [c for c in SIGHTING_COLUMNS if c not in ("source_detail", "notes", "tags")]
SOURCE_COLUMNS = ["source_id", "kind", "organisation", "publication", "published", "url", "notes"]


def sighting_id(row: pd.Series | dict) -> str:
    """Stable id derived from a sighting's content: the same observation gets the same id."""
    canon = "\x1f".join(f"{f}={str(row.get(f, '') or '').strip()}" for f in IDENTITY_FIELDS)
    return "s" + hashlib.sha256(canon.encode("utf-8")).hexdigest()[:15]


def load_sources(path: str | Path | None = None) -> pd.DataFrame:
    """Load ``sources.csv`` (publications and originators), indexed by ``source_id``."""
    path = Path(path) if path is not None else geodata_path("sources.csv")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in SOURCE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}; expected {SOURCE_COLUMNS}")
    return df.set_index("source_id", drop=False)


def _check_dates(file: str, n: int, row: pd.Series) -> list[Problem]:
    problems = []
    dates = {}
    for field in ("observed_start", "observed_end"):
        try:
            dates[field] = pd.Timestamp(row[field])
        except ValueError:
            problems.append(Problem(file, n, field, f"{row[field]!r} is not a date (YYYY-MM-DD)"))
    if problems or row["time_precision"] not in TIME_PRECISIONS:
        return problems
    start, end = dates["observed_start"], dates["observed_end"]
    if start > end:
        problems.append(Problem(file, n, "observed_end", f"{end.date()} is before {start.date()}"))
    precision = row["time_precision"]
    if precision in ("month", "year"):
        first_month = 1 if precision == "year" else start.month
        last_month = 12 if precision == "year" else end.month
        last_day = calendar.monthrange(end.year, last_month)[1]
        if (start.month, start.day) != (first_month, 1) or (end.month, end.day) != (
            last_month,
            last_day,
        ):
            problems.append(
                Problem(
                    file,
                    n,
                    "time_precision",
                    f"a {precision}-level interval runs from the first to the last day of its "
                    f"{precision}(s), got {start.date()}..{end.date()}",
                )  # fmt: skip
            )
    return problems


def validate(
    df: pd.DataFrame, file: str, gazetteer: Gazetteer, sources: pd.DataFrame
) -> list[Problem]:
    """Every problem of a sightings table (strings as read from CSV), none fixed silently."""
    problems = [
        Problem(
            file, None, c, "missing column; expected columns are " + ", ".join(SIGHTING_COLUMNS)
        )
        for c in SIGHTING_COLUMNS
        if c not in df.columns
    ]
    if problems:
        return problems
    for i, row in df.reset_index(drop=True).iterrows():
        n = i + 1
        for field in REQUIRED:
            if not row[field].strip():
                problems.append(Problem(file, n, field, "empty; every sighting needs it"))
        for field, allowed in (
            ("time_precision", TIME_PRECISIONS),
            ("confidence", CONFIDENCES),
            ("activity", ACTIVITIES),
        ):
            if row[field] and row[field] not in allowed:
                problems.append(Problem(file, n, field, f"{row[field]!r} is not one of {allowed}"))
        problems += _check_dates(file, n, row)
        has_point = bool(row["lat"] or row["lon"])
        if row["site_id"] and row["site_id"] not in gazetteer.sites["site_id"].values:
            near = ", ".join(c[0] for c in gazetteer.candidates(row["site_id"]))
            problems.append(
                Problem(file, n, "site_id", f"unknown site {row['site_id']!r}; closest: {near}")
            )
        if not row["site_id"] and not has_point:
            problems.append(Problem(file, n, "site_id", "neither a site_id nor lat/lon is given"))
        for field, limit in (("lat", 90), ("lon", 180)):
            if has_point:
                try:
                    ok = abs(float(row[field])) <= limit
                except ValueError:
                    ok = False
                if not ok:
                    problems.append(
                        Problem(
                            file, n, field, f"{row[field]!r} is not a number in [-{limit}, {limit}]"
                        )
                    )
        if has_point and not row["location_precision_m"]:
            problems.append(
                Problem(file, n, "location_precision_m", "a point needs its precision in m")
            )
        for field in INTEGER_FIELDS:
            if row[field] and not (row[field].isdigit()):
                problems.append(
                    Problem(file, n, field, f"{row[field]!r} is not a whole number >= 0")
                )
        if row["personnel_low"].isdigit() and row["personnel_high"].isdigit():
            if int(row["personnel_low"]) > int(row["personnel_high"]):
                problems.append(Problem(file, n, "personnel_high", "is below personnel_low"))
        for field in ("source_id", "originator_id"):
            if row[field] and row[field] not in sources.index:
                problems.append(
                    Problem(file, n, field, f"{row[field]!r} is not a source_id of sources.csv")
                )
    return problems


def load_sightings(
    path: str | Path | None = None,
    gazetteer: Gazetteer | None = None,
    sources: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Load and validate a sightings CSV as a GeoDataFrame joined to its sites and sources.

    Raises :class:`~corridor.validation.ValidationError` listing every problem found.
    """
    path = Path(path) if path is not None else geodata_path("sightings.csv")
    gazetteer = gazetteer or Gazetteer.default()
    sources = sources if sources is not None else load_sources()
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    problems = validate(df, str(path), gazetteer, sources)
    if problems:
        raise ValidationError(problems)
    return to_geodataframe(df, gazetteer, sources)


def to_geodataframe(
    df: pd.DataFrame, gazetteer: Gazetteer, sources: pd.DataFrame
) -> gpd.GeoDataFrame:
    """Turn a validated sightings table into typed columns, geometry and source details."""
    out = df.copy()
    out.insert(0, "sighting_id", [sighting_id(r) for _, r in df.iterrows()])
    sites = gazetteer.sites.set_index("site_id")
    on_site = out["site_id"] != ""
    lat = pd.to_numeric(out["lat"]).where(out["lat"] != "", out["site_id"].map(sites["lat"]))
    lon = pd.to_numeric(out["lon"]).where(out["lon"] != "", out["site_id"].map(sites["lon"]))
    out["lat"], out["lon"] = lat.astype(float), lon.astype(float)
    precision = pd.to_numeric(out["location_precision_m"]).astype("Int64")
    site_precision = out["site_id"].map(sites["location_precision_m"]).astype("Int64")
    out["location_precision_m"] = precision.fillna(site_precision)
    out["site_name"] = out["site_id"].map(sites["name"]).where(on_site, "")
    for field in ("asset_count", "personnel_low", "personnel_high"):
        out[field] = pd.to_numeric(out[field]).astype("Int64")
    for field in ("observed_start", "observed_end"):
        out[field] = pd.to_datetime(out[field])
    src = out["source_id"]
    out["source_org"] = src.map(sources["organisation"])
    out["source_publication"] = src.map(sources["publication"])
    out["source_published"] = src.map(sources["published"])
    out["source_url"] = src.map(sources["url"])
    out["originator"] = out["originator_id"].map(sources["organisation"]).fillna("")
    geometry = gpd.points_from_xy(out["lon"], out["lat"], crs=CRS)
    return gpd.GeoDataFrame(out, geometry=geometry, crs=CRS)


def format_when(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """Human-readable observed time that keeps its precision.

    >>> format_when(pd.Timestamp("2025-05-01"), pd.Timestamp("2025-06-30"), "month")
    'May 2025 – Jun 2025 (month)'
    >>> format_when(pd.Timestamp("2025-05-18"), pd.Timestamp("2025-05-18"), "day")
    '2025-05-18 (day)'
    """
    fmt = {"datetime": "%Y-%m-%d %H:%M", "day": "%Y-%m-%d", "month": "%b %Y", "year": "%Y"}[
        precision
    ]
    first, last = start.strftime(fmt), end.strftime(fmt)
    span = first if first == last else f"{first} – {last}"
    return f"{span} ({precision})"
