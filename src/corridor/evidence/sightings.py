"""Sighting observations: schema, validation, stable ids, and the seed sightings.

A sighting says that something (``asset_class``, ``asset_name``, ``asset_count``) was seen doing
something (``activity``) at a site or point, some time within ``observed_start``..``observed_end``
known to ``time_precision`` (``datetime`` values are UTC), according to a source (``source_id`` in ``geodata/sources.csv``, the
originator who saw or said it, the imagery provider if any) with a ``confidence``. ``tags`` are
``|``-separated lowercase labels (``convoy-2023|imagery``).

Tables come in their CSV form: every cell a string, empty for "not given". :func:`prepare` checks a
whole table, reporting every problem at once, and returns its canonical form: cells stripped,
numbers written one way, and site names (``Odessa``, ``the port of Varna``) replaced by the site id the
geocoder resolves them to (a place the geocoder finds outside the gazetteer, such as a GeoNames
city, becomes a point with its precision, and the note records the name and its source).
:func:`sighting_id` hashes the canonical identity fields, so the same
observation written twice gets the same id.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from corridor._default_case import deprecated_default
from corridor.evidence._dates import (  # noqa: F401 (re-exported)
    _DATE,
    _DATETIME,
    FIRST_DATE,
    LAST_DATE,
    _dates,
    date_problem,
    usable_date,
)
from corridor.places.gazetteer import CRS, Gazetteer
from corridor.places.geocode import resolve
from corridor.reading import read_table  # noqa: F401 (re-exported: sightings and claims tables)
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
#: Largest whole number a field holds exactly (the store keeps numbers as 64-bit values).
MAX_INTEGER = 2**53 - 1
#: Columns an export adds (id, revision, source details), accepted and ignored on import.
EXPORT_EXTRAS = ("sighting_id", "revision", "site_name", "source_org", "source_publication",
                 "source_published", "source_url", "originator")  # fmt: skip
#: Fields whose content defines a sighting; ``sighting_id`` is a hash of them. ``source_detail``
#: (page, character span, detection parameters) locates the evidence inside its source.
IDENTITY_FIELDS = [c for c in SIGHTING_COLUMNS if c not in ("source_detail", "notes", "tags")]
SOURCE_COLUMNS = ["source_id", "kind", "organisation", "publication", "published", "url", "notes"]
#: Allowed values of a source's ``kind``.
SOURCE_KINDS = (
    "report", "imagery_provider", "intelligence_service", "official", "news_agency", "think_tank",
    "international_org", "media", "track", "dataset",
)  # fmt: skip
#: Separator of ``tags``; a tag is lowercase letters, digits and ``-_.:``.
TAG_SEP = "|"
TAG_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.:-]*")


def _canon(field: str, value) -> str:
    """One cell as the canonical string that identity hashes and the store use."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    text = str(value).strip()
    if not text:
        return ""
    try:
        if field in ("lat", "lon"):
            return repr(float(text) + 0.0)  # -0.0 and 0.0 are the same coordinate
        if field in INTEGER_FIELDS and float(text) == int(float(text)):
            return str(int(float(text)))
    except ValueError:
        pass
    return text


def sighting_id(row: pd.Series | dict) -> str:
    """Stable id derived from a sighting's content: the same observation gets the same id.

    >>> row = {"observed_start": "2023-07-18", "site_id": "odesa", "asset_count": "1"}
    >>> sighting_id(row) == sighting_id({**row, "asset_count": 1, "notes": "reworded"})
    True
    """
    canon = "\x1f".join(f"{f}={_canon(f, row.get(f, ''))}" for f in IDENTITY_FIELDS)
    return "s" + hashlib.sha256(canon.encode("utf-8")).hexdigest()[:15]


def sighting_ids(df: pd.DataFrame) -> list[str]:
    """:func:`sighting_id` of every row of a canonical table (fast path for bulk imports)."""
    return _hash_rows(df, IDENTITY_FIELDS, "s", 15)


def _hash_rows(df: pd.DataFrame, fields: list[str], prefix: str, size: int) -> list[str]:
    template = "\x1f".join(f"{f}={{}}" for f in fields)
    columns = [df[f].tolist() for f in fields]
    return [
        prefix + hashlib.sha256(template.format(*row).encode("utf-8")).hexdigest()[:size]
        for row in zip(*columns, strict=True)
    ]


def load_sources(path: str | Path | None = None) -> pd.DataFrame:
    """Load ``sources.csv`` (publications and originators), indexed by ``source_id``.

    A case's sources are its ``sources`` (:class:`corridor.case.Case`); ``path=None`` is
    deprecated (it gives the default case's).
    """
    if path is None:
        return deprecated_default("load_sources() with no path", "", use="a case's sources").sources
    path = Path(path)
    df = read_table(path)
    missing = [c for c in SOURCE_COLUMNS if c not in df.columns]
    if missing:
        raise ValidationError([Problem(str(path), None, c, f"missing column; expected "
                                       f"{', '.join(SOURCE_COLUMNS)}") for c in missing])  # fmt: skip
    problems = []
    for n, row in enumerate(df.itertuples(index=False), start=1):
        if row.kind not in SOURCE_KINDS:
            problems.append(Problem(str(path), n, "kind", f"{row.kind!r} is not one of {SOURCE_KINDS}"))
        if row.published and not usable_date(row.published):
            problems.append(Problem(str(path), n, "published", date_problem(row.published)))
    if problems:
        raise ValidationError(problems)
    return df.set_index("source_id", drop=False)


def resolve_site_name(name: str, gazetteer: Gazetteer):
    """Resolve a site name as written through the geocoder (:func:`corridor.places.geocode.resolve`).

    Returns its result (``site_id``, ``lat``, ``lon``, ``location_precision_m``, ``source``);
    raises ``LookupError`` for an unknown or ambiguous name, ``ValueError`` for an invalid one.
    """
    return resolve(name, gazetteer=gazetteer)


class _Problems:
    """Problems collected check by check, then sorted by row in the order the checks ran."""

    def __init__(self, file: str):
        self.file, self.items, self.seq = file, [], 0

    def add(self, mask, field: str, message) -> None:
        """Flag the rows of ``mask``; ``message`` is a text or a function of the row position."""
        self.seq += 1
        for r in np.flatnonzero(np.asarray(mask, dtype=bool)):
            text = message if isinstance(message, str) else message(int(r))
            self.items.append((int(r) + 1, self.seq, field, text))

    def sorted(self) -> list[Problem]:
        return [
            Problem(self.file, r, f, m) for r, _, f, m in sorted(self.items, key=lambda t: t[:2])
        ]


def _strings(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as a stripped string (object dtype), empty for missing values."""
    out = {}
    for c in df.columns:
        col = df[c]
        if col.dtype != object and not pd.api.types.is_string_dtype(col):
            col = col.astype(object).where(col.notna(), "").map(str)
        out[c] = col.fillna("").astype(str).str.strip().to_numpy(dtype=object)
    return pd.DataFrame(out, index=df.index, dtype=object)


def prepare(
    df: pd.DataFrame,
    file: str,
    gazetteer: Gazetteer,
    sources: pd.DataFrame,
    activities: tuple[str, ...] = ACTIVITIES,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check a sightings table and return ``(canonical table, problems)``.

    ``activities`` are the valid activities (the packaged :data:`ACTIVITIES` plus a case's own).

    Every problem is reported (file, 1-based data row, field, what is allowed); the canonical
    table is only meaningful when there are none. Site names that are not site ids go through the
    geocoder; the canonical table holds the resolved id, and for a place the geocoder found
    outside the gazetteer, its coordinates and precision.
    """
    missing = [c for c in SIGHTING_COLUMNS if c not in df.columns]
    unknown = [c for c in df.columns if c not in SIGHTING_COLUMNS and c not in EXPORT_EXTRAS]
    if missing or unknown:
        expected = ", ".join(SIGHTING_COLUMNS)
        return df, [
            *(Problem(file, None, c, f"missing column; expected {expected}") for c in missing),
            *(Problem(file, None, str(c), f"unknown column; the columns are {expected}")
              for c in unknown),
        ]  # fmt: skip
    d = _strings(df[SIGHTING_COLUMNS].reset_index(drop=True))
    p = _Problems(file)
    for field in REQUIRED:
        p.add(d[field] == "", field, "empty; every sighting needs it")
    for field, allowed in (
        ("time_precision", TIME_PRECISIONS),
        ("confidence", CONFIDENCES),
        ("activity", activities),
    ):
        bad = (d[field] != "") & ~d[field].isin(allowed)
        p.add(bad, field, lambda i, f=field, a=allowed: f"{d[f][i]!r} is not one of {a}")
    _check_dates(d, p)
    d = _check_place(d, p, gazetteer)
    _check_feature_points(d, p, gazetteer, df.attrs.get(FEATURE_POINTS, {}))
    _check_numbers(d, p)
    for field in ("source_id", "originator_id", "imagery_provider"):
        bad = (d[field] != "") & ~d[field].isin(sources.index)
        p.add(bad, field, lambda i, f=field: f"{d[f][i]!r} is not a source_id of the sources")
    tag = TAG_PATTERN.pattern
    bad = (d["tags"] != "") & ~_fullmatch(d["tags"], f"{tag}(\\{TAG_SEP}{tag})*")
    p.add(bad, "tags", lambda i: f"{d['tags'][i]!r}: tags are lowercase [a-z0-9_.:-] joined by '|'")
    if p.items:
        return d, p.sorted()
    for field in ("lat", "lon"):  # one spelling of each number: repr of the float
        given = d[field] != ""
        if given.any():
            numbers = pd.to_numeric(d.loc[given, field]).tolist()
            d.loc[given, field] = np.array([repr(float(x) + 0.0) for x in numbers], dtype=object)
    for field in INTEGER_FIELDS:
        todo = d[field][(d[field] != "") & ~_fullmatch(d[field], r"0|[1-9]\d*")]
        if len(todo):
            d.loc[todo.index, field] = [_canon(field, v) for v in todo]
    return d, []


def _fullmatch(values: pd.Series, pattern: str) -> np.ndarray:
    """``values.str.fullmatch(pattern)`` computed once per distinct value."""
    rx = re.compile(pattern)
    found = {v: bool(rx.fullmatch(v)) for v in pd.unique(values)}
    return values.map(found).to_numpy(dtype=bool)


def _check_dates(d: pd.DataFrame, p: _Problems) -> None:
    parsed = {}
    is_datetime = (d["time_precision"] == "datetime").to_numpy()
    for field in ("observed_start", "observed_end"):
        shaped = np.where(is_datetime, _fullmatch(d[field], _DATETIME), _fullmatch(d[field], _DATE))
        parsed[field] = _dates(d[field].where(shaped, ""))
        bad = (d[field] != "") & parsed[field].isna()
        p.add(
            bad,
            field,
            lambda i, f=field: date_problem(
                d[f][i], "YYYY-MM-DD[THH:MM[:SS]]" if is_datetime[i] else "YYYY-MM-DD"
            ),
        )
    for field in ("observed_start", "observed_end"):  # one spelling of each datetime
        times = is_datetime & parsed[field].notna().to_numpy()
        if times.any():
            d.loc[times, field] = parsed[field][times].dt.strftime("%Y-%m-%dT%H:%M:%S")
    start, end = parsed["observed_start"], parsed["observed_end"]
    p.add(
        start > end,
        "observed_end",
        lambda i: f"{d['observed_end'][i]} is before {d['observed_start'][i]}",
    )
    for precision in ("month", "year"):
        sel = (d["time_precision"] == precision) & start.notna() & end.notna()
        if not sel.any():
            continue
        s, e = start[sel], end[sel]
        last_month = e.dt.month if precision == "month" else 12
        first_ok = (s.dt.day == 1) & ((s.dt.month == 1) | (precision == "month"))
        last_day = (e + pd.offsets.MonthEnd(0)).dt.day
        last_ok = (e.dt.month == last_month) & (e.dt.day == last_day)
        bad = pd.Series(False, index=d.index)
        bad[sel] = ~(first_ok & last_ok)
        p.add(
            bad,
            "time_precision",
            lambda i, pr=precision: (
                f"a {pr}-level interval runs from the first to the last day "
                f"of its {pr}(s), got {d['observed_start'][i]}..{d['observed_end'][i]}"
            ),
        )


def _check_place(d: pd.DataFrame, p: _Problems, gazetteer: Gazetteer) -> pd.DataFrame:
    known = set(gazetteer.sites["site_id"])
    names = sorted({s for s in d["site_id"] if s and s not in known})
    resolved, failed = {}, {}
    for name in names:
        try:
            resolved[name] = resolve_site_name(name, gazetteer)
        except (LookupError, ValueError) as exc:
            failed[name] = _unresolved(name, exc, gazetteer)
    p.add(d["site_id"].isin(list(failed)), "site_id", lambda i: failed[d["site_id"][i]])
    has_point = (d["lat"] != "") | (d["lon"] != "")
    p.add((d["site_id"] == "") & ~has_point, "site_id", "neither a site_id nor lat/lon is given")
    for field, limit in (("lat", 90), ("lon", 180)):
        value = pd.to_numeric(d[field], errors="coerce")
        bad = has_point & ~(value.abs() <= limit)
        p.add(
            bad,
            field,
            lambda i, f=field, lim=limit: f"{d[f][i]!r} is not a number in [-{lim}, {lim}]",
        )
    p.add(has_point & (d["location_precision_m"] == ""), "location_precision_m",
          "a point needs its precision in m")  # fmt: skip
    d = d.copy()
    for name, r in resolved.items():
        rows = d["site_id"] == name
        site_id = str(r.site_id or "")
        if site_id not in known:  # a place outside the gazetteer: keep its point and source
            d.loc[rows & ~has_point, ["lat", "lon"]] = [str(r.lat), str(r.lon)]
            if r.location_precision_m is not None:
                empty = rows & (d["location_precision_m"] == "")
                d.loc[empty, "location_precision_m"] = str(int(r.location_precision_m))
            place = f"[place {name!r}: {r.source}]"
            d.loc[rows, "notes"] = (place + " " + d.loc[rows, "notes"]).str.strip()
            site_id = ""
        d.loc[rows, "site_id"] = site_id
    return d


#: Key of ``DataFrame.attrs`` where :mod:`corridor.evidence.reading` keeps the feature points of
#: rows placed by their site: ``{row position: (lon, lat)}``.
FEATURE_POINTS = "feature_points"


def _check_feature_points(d: pd.DataFrame, p: _Problems, gazetteer: Gazetteer, points) -> None:
    """A feature placed by its site must lie within the site's location precision of it."""
    if not points:
        return
    sites = gazetteer.sites.set_index("site_id")
    far = {}
    for i, (x, y) in points.items():
        site = d.at[i, "site_id"]
        if site not in sites.index or d.at[i, "lat"] != "":
            continue
        s = sites.loc[site]
        dist_m = 6371000.0 * np.hypot(np.radians(x - s["lon"]) * np.cos(np.radians(y)),
                                      np.radians(y - s["lat"]))  # fmt: skip
        limit = float(s["location_precision_m"]) if pd.notna(s["location_precision_m"]) else 0.0
        if dist_m > max(limit, 1.0):
            far[i] = (f"the feature's point (lat {y!r}, lon {x!r}) is {dist_m / 1000:.1f} km from "
                      f"site {site!r}; give lat/lon and location_precision_m, or the right site")  # fmt: skip
    p.add(d.index.isin(list(far)), "site_id", lambda i: far[i])


def _unresolved(name: str, exc: LookupError, gazetteer: Gazetteer) -> str:
    ids = []
    for c in getattr(exc, "candidates", None) or []:
        site_id = getattr(c, "site_id", None) or (c[0] if isinstance(c, tuple) else None)
        if site_id and site_id not in ids:
            ids.append(str(site_id))
    if isinstance(exc, ValueError):
        return f"site name {name!r} is not usable: {exc}"
    if "ambiguous" in type(exc).__name__.lower():
        text = str(exc)
        advice = "" if "site id" in text else "; give a site id"
        if text.startswith(repr(name)):
            return f"site name {text}{advice}"
        return f"site name {name!r} is ambiguous: {text}{advice}"
    near = ", ".join(ids or [c[0] for c in gazetteer.candidates(name)])
    return (
        f"unknown site {name!r} (neither a site id nor a name the geocoder knows); closest: {near}"
    )


def _check_numbers(d: pd.DataFrame, p: _Problems) -> None:
    for field in INTEGER_FIELDS:
        shaped = _fullmatch(d[field], r"\d+")
        bad = (d[field] != "") & ~shaped
        p.add(bad, field, lambda i, f=field: f"{d[f][i]!r} is not a whole number >= 0")
        huge = shaped & d[field].map(lambda v: len(v) > 15 and int(v) > MAX_INTEGER).to_numpy(bool)
        p.add(huge, field, lambda i, f=field: f"{d[f][i]} is too large (at most {MAX_INTEGER})")
    small = r"\d{1,15}"
    low = pd.to_numeric(d["personnel_low"].where(_fullmatch(d["personnel_low"], small)))
    high = pd.to_numeric(d["personnel_high"].where(_fullmatch(d["personnel_high"], small)))
    p.add(low > high, "personnel_high", "is below personnel_low")


def validate(
    df: pd.DataFrame, file: str, gazetteer: Gazetteer, sources: pd.DataFrame
) -> list[Problem]:
    """Every problem of a sightings table (strings as read from CSV), none fixed silently."""
    return prepare(df, file, gazetteer, sources)[1]


def load_sightings(
    path: str | Path | None = None,
    gazetteer: Gazetteer | None = None,
    sources: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Load and validate a sightings table as a GeoDataFrame joined to its sites and sources.

    ``gazetteer`` resolves site names and ``sources`` are the sources the rows cite: a case's
    ``gazetteer`` and ``sources`` (its seed sightings are ``case.sightings()``). Leaving any of
    the three out is deprecated (it takes the default case's).
    Raises :class:`~corridor.validation.ValidationError` listing every problem found.
    """
    if path is None or gazetteer is None or sources is None:
        missing = [name for name, value in (("path", path), ("gazetteer", gazetteer),
                                            ("sources", sources)) if value is None]  # fmt: skip
        case = deprecated_default("load_sightings()", " and ".join(missing))
        if path is None:
            path = case.table("sightings.csv")
            if path is None or (gazetteer is None and sources is None):
                return case.sightings()
        gazetteer = case.gazetteer if gazetteer is None else gazetteer
        sources = case.sources if sources is None else sources
    path = Path(path)
    df, problems = prepare(read_table(path, points=True), str(path), gazetteer, sources)
    if problems:
        raise ValidationError(problems)
    return to_geodataframe(df, gazetteer, sources)


def to_geodataframe(
    df: pd.DataFrame, gazetteer: Gazetteer, sources: pd.DataFrame
) -> gpd.GeoDataFrame:
    """Turn a validated sightings table into typed columns, geometry and source details.

    ``lat``, ``lon`` and ``location_precision_m`` are the point used (the site's where none was
    given); ``located_by`` says which (``point`` or ``site``) and ``location_precision_given_m``
    keeps the precision as given.
    """
    df = _strings(df[SIGHTING_COLUMNS])
    out = df.copy()
    out.insert(0, "sighting_id", sighting_ids(df))
    sites = gazetteer.sites.set_index("site_id")
    on_site = out["site_id"] != ""
    lat = pd.to_numeric(out["lat"]).where(out["lat"] != "", out["site_id"].map(sites["lat"]))
    lon = pd.to_numeric(out["lon"]).where(out["lon"] != "", out["site_id"].map(sites["lon"]))
    out["lat"], out["lon"] = lat.astype(float), lon.astype(float)
    precision = pd.to_numeric(out["location_precision_m"]).astype("Int64")
    site_precision = out["site_id"].map(sites["location_precision_m"]).astype("Int64")
    out["location_precision_m"] = precision.fillna(site_precision)
    out["location_precision_given_m"] = precision
    out["located_by"] = np.where(df["lat"] != "", "point", "site")
    out["site_name"] = out["site_id"].map(sites["name"]).where(on_site, "").fillna("")
    for field in ("asset_count", "personnel_low", "personnel_high"):
        out[field] = pd.to_numeric(out[field]).astype("Int64")
    for field in ("observed_start", "observed_end"):
        out[field] = pd.to_datetime(out[field], format="ISO8601")
    add_source_columns(out, sources)
    geometry = gpd.points_from_xy(out["lon"], out["lat"], crs=CRS)
    return gpd.GeoDataFrame(out, geometry=geometry, crs=CRS)


def add_source_columns(out: pd.DataFrame, sources: pd.DataFrame) -> None:
    """Add the publication details of ``source_id`` and the originator's name, in place."""
    src = out["source_id"]
    out["source_org"] = src.map(sources["organisation"])
    out["source_publication"] = src.map(sources["publication"])
    out["source_published"] = src.map(sources["published"])
    out["source_url"] = src.map(sources["url"])
    out["originator"] = out["originator_id"].map(sources["organisation"]).fillna("")


def format_when(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """Human-readable observed time that keeps its precision.

    >>> format_when(pd.Timestamp("2023-05-01"), pd.Timestamp("2023-06-30"), "month")
    'May 2023 – Jun 2023 (month)'
    >>> format_when(pd.Timestamp("2023-07-18"), pd.Timestamp("2023-07-18"), "day")
    '2023-07-18 (day)'
    """
    fmt = {"datetime": "%Y-%m-%d %H:%M", "day": "%Y-%m-%d", "month": "%b %Y", "year": "%Y"}[
        precision
    ]
    first, last = start.strftime(fmt), end.strftime(fmt)
    span = first if first == last else f"{first} – {last}"
    return f"{span} ({precision})"
