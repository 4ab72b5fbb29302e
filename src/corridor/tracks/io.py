"""Position tracks: read pings from the files analysts have, checked and reported.

Every reader returns a :class:`TrackData`: ``pings`` (GeoDataFrame in EPSG:4326 with
:data:`PING_COLUMNS`: :data:`TRACK_ID`, :data:`TIME` (naive UTC), :data:`SPEED` in knots,
:data:`COURSE` in degrees, :data:`ALTITUDE` in feet and :data:`ON_GROUND` where known), ``assets``
(one row per track with the vessel's or aircraft's static data, :data:`ASSET_COLUMNS`) and a
:class:`TrackReport`. Bad input is not fatal: each dropped line or row is reported with its number
and reason, and the report counts them by kind.

- Rows with a position outside [-90, 90] / [-180, 180] (AIS sends 91/181 for "not available") or
  an unreadable time are dropped.
- Rows dated outside :data:`TIME_RANGE` (year 0, 1600, 9999 and other placeholders) are dropped.
- Pings of a track whose time goes backwards are kept and sorted; the rows are reported.
- A second ping of a track at the same time is dropped and reported.
- AIS speed 102.3 kn and course 360° mean "not available" and become NaN (vessel layouts and
  generic CSVs without altitudes; aircraft fly faster).

The layouts read (MarineCadastre and Danish Maritime Authority AIS CSVs, OpenSky state vectors,
flight-tracker CSV exports, ADS-B Exchange traces, AIS NMEA, GeoParquet, and any other CSV whose
columns are named) live in :mod:`corridor.tracks.formats`; :func:`read_tracks` recognises them.
Row numbers are 1-based data rows (the header is not counted), line numbers for NMEA.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from corridor.validation import Problem

TRACK_ID = "track_id"
TIME = "time"
SPEED = "speed_kn"
COURSE = "course_deg"
ALTITUDE = "altitude_ft"
ON_GROUND = "on_ground"
#: Columns of a pings table besides ``geometry``.
PING_COLUMNS = [TRACK_ID, TIME, SPEED, COURSE, ALTITUDE, ON_GROUND]
#: Columns of the assets table: static data of the vessel or aircraft behind each track.
ASSET_COLUMNS = [
    TRACK_ID, "asset_class", "name", "mmsi", "imo", "callsign", "ship_type", "icao24",
    "registration", "aircraft_type",
]  # fmt: skip
#: The vessel columns of :data:`ASSET_COLUMNS` (AIS static reports).
VESSEL_COLUMNS = [TRACK_ID, "name", "ship_type", "callsign", "imo"]
CRS = "EPSG:4326"
#: Times outside this range are placeholders or errors (year 0, 1600, 9999), never positions.
TIME_RANGE = (pd.Timestamp("1980-01-01"), pd.Timestamp("2100-01-01"))
KN_PER_MS = 3600.0 / 1852.0
FT_PER_M = 1.0 / 0.3048
MAX_LISTED = 1000  # problems listed per kind; all are counted


@dataclass
class TrackReport:
    """What was read and what was dropped or fixed, with row (or line) numbers."""

    file: str
    lines_read: int = 0
    pings: int = 0
    counts: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    layout: str = ""

    def add(self, kind: str, row: int | None, fld: str | None, message: str) -> None:
        self.counts[kind] += 1
        if self.counts[kind] <= MAX_LISTED:
            self.problems.append(Problem(self.file, row, fld, message))

    def lines(self, kind: str | None = None) -> list[int]:
        """Line (or row) numbers of the listed problems, optionally of one kind."""
        return [p.row for p in self.problems if p.row is not None and _kind(p) in (kind, None)]

    def __str__(self) -> str:
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(self.counts.items())) or "no problems"
        layout = f" [{self.layout}]" if self.layout else ""
        return f"{self.file}{layout}: {self.lines_read} lines read, {self.pings} pings kept ({counts})"


def _kind(problem: Problem) -> str:
    return problem.message.split(":", 1)[0]


@dataclass
class TrackData:
    """Pings, vessel or aircraft details and the ingest report of one file."""

    pings: gpd.GeoDataFrame
    assets: pd.DataFrame
    report: TrackReport

    @property
    def vessels(self) -> pd.DataFrame:
        """The assets table (kept under its former name)."""
        return self.assets


def read_tracks(path: str | Path, *, layout: str = "auto", **columns) -> TrackData:
    """Read a track file in any known layout (see :mod:`corridor.tracks.formats`).

    Parameters
    ----------
    path : str or Path
        The file.
    layout : str
        ``auto`` (recognised from the header, else from the extension) or one of
        :data:`corridor.tracks.formats.LAYOUTS`.
    **columns
        Column names of a generic CSV or GeoParquet file (``track_id="mmsi"``, ``time="ts"``...).

    Returns
    -------
    TrackData
    """
    from corridor.tracks.formats import read

    return read(path, layout=layout, **columns)


def read_csv(
    path: str | Path,
    *,
    track_id: str = TRACK_ID,
    time: str = TIME,
    lon: str = "lon",
    lat: str = "lat",
    speed: str | None = SPEED,
    course: str | None = COURSE,
    altitude: str | None = ALTITUDE,
    on_ground: str | None = ON_GROUND,
) -> TrackData:
    """Read pings from a CSV file; the keyword arguments name its columns.

    ``speed`` (knots), ``course`` (degrees), ``altitude`` (feet) and ``on_ground`` (true/false)
    are read when their columns exist. Times are ISO 8601; without an offset they are UTC.

    Raises ``ValueError`` naming the file and every missing column at once.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    opt = {SPEED: speed, COURSE: course, ALTITUDE: altitude, ON_GROUND: on_ground}
    opt = {k: _optional(df, v, k) for k, v in opt.items()}
    wanted = {TRACK_ID: track_id, TIME: time, "lon": lon, "lat": lat, **opt}
    require(df.columns, {k: v for k, v in wanted.items() if v}, str(path))
    report = TrackReport(str(path), lines_read=len(df), layout="csv")
    times = parse_times(df[time], "ISO8601")
    values = {k: pd.to_numeric(df[v], errors="coerce") if v else np.nan for k, v in opt.items()}
    if opt[ON_GROUND]:
        values[ON_GROUND] = parse_flags(df[opt[ON_GROUND]])
    raw = raw_frame(df[track_id], times, df[lon], df[lat], **values)
    texts = {TIME: df[time], "lon": df[lon], "lat": df[lat]}
    labels = {TIME: time, "lon": lon, "lat": lat}
    raw = drop_unreadable(raw, report, texts, labels)
    return finish(raw, report, empty_assets(), ais=not (opt[ALTITUDE] or opt[ON_GROUND]))


def read_geoparquet(
    path: str | Path,
    *,
    track_id: str = TRACK_ID,
    time: str = TIME,
    speed: str | None = SPEED,
    course: str | None = COURSE,
    altitude: str | None = ALTITUDE,
    on_ground: str | None = ON_GROUND,
) -> TrackData:
    """Read pings from a GeoParquet file (point geometry, any CRS; returned in EPSG:4326)."""
    gdf = gpd.read_parquet(path)
    opt = {SPEED: speed, COURSE: course, ALTITUDE: altitude, ON_GROUND: on_ground}
    opt = {k: _optional(gdf, v, k) for k, v in opt.items()}
    wanted = {TRACK_ID: track_id, TIME: time, **opt}
    require(gdf.columns, {k: v for k, v in wanted.items() if v}, str(path))
    if gdf.crs is not None and not gdf.crs.equals(CRS):
        gdf = gdf.to_crs(CRS)
    report = TrackReport(str(path), lines_read=len(gdf), layout="geoparquet")
    times = pd.to_datetime(gdf[time], utc=True, errors="coerce").dt.tz_convert(None)
    values = {k: gdf[v].to_numpy(float) if v else np.nan for k, v in opt.items()}
    if opt[ON_GROUND]:
        values[ON_GROUND] = gdf[opt[ON_GROUND]].astype("boolean").to_numpy()
    raw = raw_frame(gdf[track_id].astype(str), times, gdf.geometry.x, gdf.geometry.y, **values)
    raw = drop_unreadable(raw, report, {TIME: gdf[time].astype(str)}, {TIME: time})
    return finish(raw, report, empty_assets())


def _optional(df: pd.DataFrame, name: str | None, default: str) -> str | None:
    """The default optional column is used when present; a named one is required."""
    return None if name == default and default not in df.columns else name


def require(columns, names: dict[str, str], file: str) -> None:
    """Raise one ``ValueError`` naming the file and every missing column (and what it is for)."""
    missing = [f"{v!r} (for {k})" for k, v in names.items() if v not in columns]
    if missing:
        raise ValueError(f"{file}: missing column(s) {', '.join(missing)}; columns are {list(columns)}")


def parse_times(text: pd.Series, fmt: str | None, *, dayfirst: bool = False) -> pd.Series:
    """Times as naive UTC (offsets converted, none means UTC); unreadable ones NaT."""
    times = pd.to_datetime(text, format=fmt, dayfirst=dayfirst, utc=True, errors="coerce")
    return times.dt.tz_convert(None)


def parse_flags(text: pd.Series) -> pd.Series:
    """``true/false``, ``1/0``, ``yes/no`` (any case) as a nullable boolean; anything else NA."""
    flags = text.astype(str).str.strip().str.lower()
    known = {"true": True, "1": True, "yes": True, "t": True, "false": False, "0": False,
             "no": False, "f": False}  # fmt: skip
    return flags.map(known).astype("boolean")


def raw_frame(track_id, times, lon, lat, **values) -> pd.DataFrame:
    """The working frame of a reader: ping columns, ``lon``/``lat`` and the data row number."""
    n = len(times)
    ids = track_id.array if isinstance(track_id, pd.Series) else track_id
    frame = pd.DataFrame(
        {
            TRACK_ID: pd.array(ids, dtype="str"),
            TIME: np.asarray(times, dtype="datetime64[us]"),  # year 1600 or 9999 fit: checked later
            "lon": pd.to_numeric(np.asarray(lon), errors="coerce"),
            "lat": pd.to_numeric(np.asarray(lat), errors="coerce"),
            "_row": np.arange(1, n + 1),
        }
    )
    for col in (SPEED, COURSE, ALTITUDE):
        frame[col] = np.asarray(values.get(col, np.nan), dtype=float) * np.ones(n)
    flag = values.get(ON_GROUND)
    if flag is None or np.isscalar(flag):
        frame[ON_GROUND] = pd.arrays.BooleanArray(np.zeros(n, bool), np.ones(n, bool))
    else:
        frame[ON_GROUND] = pd.array(flag, dtype="boolean")
    return frame


def drop_unreadable(raw: pd.DataFrame, report: TrackReport, texts: dict, labels: dict) -> pd.DataFrame:
    """Report and drop rows whose time, lon or lat could not be read (``texts``: original cells)."""
    keep = np.ones(len(raw), dtype=bool)
    for col, label in labels.items():
        bad = raw[col].isna().to_numpy() & keep
        for i in np.flatnonzero(bad)[: MAX_LISTED + 1]:
            value = texts[col].iloc[i]
            report.add("unreadable", int(raw["_row"].iat[i]), label,
                       f"unreadable: {value!r} is not a valid {col}")  # fmt: skip
        if bad.sum() > MAX_LISTED + 1:
            report.counts["unreadable"] += int(bad.sum()) - MAX_LISTED - 1
        keep &= ~bad
    return raw[keep]


def empty_assets() -> pd.DataFrame:
    return pd.DataFrame(columns=ASSET_COLUMNS, dtype=object)


def assets_frame(records: pd.DataFrame) -> pd.DataFrame:
    """One row per track: the last non-empty value of each static field (:data:`ASSET_COLUMNS`)."""
    if records.empty:
        return empty_assets()
    df = records.reindex(columns=ASSET_COLUMNS).astype(object)
    df = df.where(df.notna() & (df.astype(str).apply(lambda c: c.str.strip()) != ""), None)
    out = df.groupby(TRACK_ID, sort=True).last().reset_index()
    out = out[ASSET_COLUMNS].astype(object).where(out.notna(), None)
    out["ship_type"] = out["ship_type"].map(lambda v: None if v is None else int(float(v)))
    return out


def finish(raw: pd.DataFrame, report: TrackReport, assets: pd.DataFrame, *,
           ais: bool = True) -> TrackData:  # fmt: skip
    """Drop out-of-range positions and times and duplicates, sort, report, build the GeoDataFrame.

    ``ais``: speed 102.3 kn and course 360° mean "not available" (AIS); not for aircraft.
    """
    lo, hi = TIME_RANGE
    out = (raw[TIME] < lo) | (raw[TIME] >= hi)
    for row, value in zip(raw.loc[out, "_row"], raw.loc[out, TIME], strict=True):
        report.add("out_of_range", int(row), TIME,
                   f"out_of_range: {value} is not a plausible time "
                   f"({lo:%Y-%m-%d} to {hi:%Y-%m-%d})")  # fmt: skip
    raw = raw[~out]
    for coord, limit in (("lat", 90.0), ("lon", 180.0)):
        out = raw[coord].abs() > limit
        for row, value in zip(raw.loc[out, "_row"], raw.loc[out, coord], strict=True):
            report.add(
                "out_of_range", int(row), coord,
                f"out_of_range: {value} is not in [-{limit:g}, {limit:g}]",
            )  # fmt: skip
        raw = raw[~out]
    if ais:
        raw = raw.assign(**{SPEED: raw[SPEED].where(raw[SPEED] < 102.25)})
        raw = raw.assign(**{COURSE: raw[COURSE].where(raw[COURSE] < 360)})
    codes, uniques = pd.factorize(raw[TRACK_ID], sort=True)
    stamp = raw[TIME].to_numpy().view("i8")
    order = np.lexsort((stamp, codes))  # stable: among equal (track, time) the first row comes first
    sc, st = codes[order], stamp[order]
    dup_sorted = np.zeros(len(order), dtype=bool)
    dup_sorted[1:] = (sc[1:] == sc[:-1]) & (st[1:] == st[:-1])
    dup = np.zeros(len(order), dtype=bool)
    dup[order] = dup_sorted
    rows = raw["_row"].to_numpy()
    for row in rows[dup]:
        report.add(
            "duplicate", int(row), TIME, "duplicate: a ping of its track at the same time; dropped"
        )
    kept = ~dup
    running = pd.Series(stamp[kept]).groupby(codes[kept], sort=False).cummax().to_numpy()
    for row in rows[kept][stamp[kept] < running]:
        report.add(
            "out_of_order", int(row), TIME,
            "out_of_order: earlier than a previous ping of its track; sorted",
        )  # fmt: skip
    order = order[~dup_sorted]
    report.pings = len(order)
    columns = {TRACK_ID: uniques.take(codes[order]).to_numpy()}
    columns |= {c: raw[c].to_numpy()[order] for c in PING_COLUMNS[1:]}
    frame = pd.DataFrame(columns)
    geometry = gpd.points_from_xy(raw["lon"].to_numpy()[order], raw["lat"].to_numpy()[order], crs=CRS)
    pings = gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)
    pings[TIME] = pings[TIME].astype("datetime64[ns]")
    return TrackData(pings, assets.reset_index(drop=True), report)
