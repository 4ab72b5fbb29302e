"""The track table: its columns, the ingest report, and the checks every reader applies.

Every reader of :mod:`corridor.tracks.formats` builds a working frame (:func:`raw_frame`), drops
the rows it cannot read (:func:`drop_unreadable`) and hands the rest to :func:`finish`, which
returns a :class:`TrackData`: ``table`` (the checked pings as plain columns: :data:`PING_COLUMNS`
and ``lon``/``lat``), ``pings`` (the same as a GeoDataFrame in EPSG:4326, built when first asked
for), ``assets`` (one row per track, :data:`ASSET_COLUMNS`) and a :class:`TrackReport`.
Bad input is not fatal: each dropped line or row is reported with its number and reason, and the
report counts them by kind (see :mod:`corridor.tracks.io` for the rules).
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field

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
CRS = "EPSG:4326"
#: Times outside this range are placeholders or errors (year 0, 1600, 9999), never positions.
TIME_RANGE = (pd.Timestamp("1980-01-01"), pd.Timestamp("2100-01-01"))
KN_PER_MS = 3600.0 / 1852.0
FT_PER_M = 1.0 / 0.3048
MAX_LISTED = 1000  # problems listed per kind; all are counted
KEY_LIMIT = 2**62  # track code x time span below this: one int64 sort key


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


class TrackData:
    """Pings, vessel or aircraft details and the ingest report of one file.

    ``table`` holds the checked pings as plain columns: :data:`PING_COLUMNS` and ``lon``/``lat``
    (degrees, EPSG:4326), sorted by track and time. ``pings`` is the same as a GeoDataFrame with
    point geometry instead of ``lon``/``lat`` (see :func:`pings_frame`); it is built the first
    time it is asked for (one geometry object per ping costs more than reading a large file's
    text) and kept.
    """

    def __init__(self, table: pd.DataFrame, assets: pd.DataFrame, report: TrackReport):
        self.table = table
        self.assets = assets
        self.report = report
        self._pings: gpd.GeoDataFrame | None = None

    @property
    def pings(self) -> gpd.GeoDataFrame:
        """The pings as a GeoDataFrame (EPSG:4326): :data:`PING_COLUMNS` and ``geometry``."""
        if self._pings is None:
            self._pings = pings_frame(self.table)
        return self._pings

    @property
    def vessels(self) -> pd.DataFrame:
        """Deprecated name of :attr:`assets` (a track may be an aircraft's)."""
        warnings.warn(
            "TrackData.vessels is deprecated; use TrackData.assets", DeprecationWarning, stacklevel=2
        )
        return self.assets

    def __repr__(self) -> str:
        return f"TrackData({self.report})"


def pings_frame(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """A pings GeoDataFrame (:data:`PING_COLUMNS`, point geometry) from columns ``lon``/``lat``.

    :data:`ON_GROUND` keeps the column type pings have always had: ``bool`` when every flag is
    known, else ``object`` with ``pd.NA`` where unknown.
    """
    lon, lat = table["lon"].to_numpy(float), table["lat"].to_numpy(float)
    frame = table[PING_COLUMNS].assign(**{ON_GROUND: table[ON_GROUND].to_numpy()})
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs=CRS)


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
    columns = {
        TRACK_ID: pd.array(ids, dtype="str"),
        TIME: np.asarray(times, dtype="datetime64[us]"),  # year 1600 or 9999 fit: checked later
        "lon": pd.to_numeric(np.asarray(lon), errors="coerce"),
        "lat": pd.to_numeric(np.asarray(lat), errors="coerce"),
        "_row": np.arange(1, n + 1),
    }
    for col in (SPEED, COURSE, ALTITUDE):
        value = values.get(col, np.nan)
        columns[col] = np.full(n, float(value)) if np.isscalar(value) else np.asarray(value, float)
    flag = values.get(ON_GROUND)
    if flag is None or np.isscalar(flag):
        columns[ON_GROUND] = _empty_flags(n)
    else:
        columns[ON_GROUND] = pd.array(flag, dtype="boolean")
    return pd.DataFrame(columns, copy=False)  # read only: no copy into one block


def drop_unreadable(raw: pd.DataFrame, report: TrackReport, texts: dict, labels: dict) -> pd.DataFrame:
    """Report and drop rows whose time, lon or lat could not be read (``texts``: original cells)."""
    keep = np.ones(len(raw), dtype=bool)
    for col, label in labels.items():
        values = raw[col].to_numpy()
        bad = (np.isnat(values) if values.dtype.kind == "M" else pd.isna(values)) & keep
        for i in np.flatnonzero(bad)[: MAX_LISTED + 1]:
            value = texts[col].iloc[i]
            report.add("unreadable", int(raw["_row"].iat[i]), label,
                       f"unreadable: {value!r} is not a valid {col}")  # fmt: skip
        if bad.sum() > MAX_LISTED + 1:
            report.counts["unreadable"] += int(bad.sum()) - MAX_LISTED - 1
        keep &= ~bad
    return raw if keep.all() else raw[keep]


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
    """Drop out-of-range positions and times and duplicates, sort, report, build the pings table.

    ``raw`` is a reader's frame (:func:`raw_frame`) with readable times and positions.
    ``ais``: speed 102.3 kn and course 360° mean "not available" (AIS); not for aircraft.
    Works on whole columns: each row is looked at in Python only when it is reported.
    """
    rows = raw["_row"].to_numpy()
    when = raw[TIME].to_numpy().astype("datetime64[us]")
    stamp = when.view("i8")
    lo, hi = (np.datetime64(t, "us").astype("i8") for t in TIME_RANGE)
    keep = (stamp >= lo) & (stamp < hi)
    span = f"({TIME_RANGE[0]:%Y-%m-%d} to {TIME_RANGE[1]:%Y-%m-%d})"
    bad = np.flatnonzero(~keep)

    def implausible(k: int) -> str:
        return f"out_of_range: {pd.Timestamp(when[bad[k]])} is not a plausible time {span}"

    _report_rows(report, "out_of_range", TIME, rows[bad], implausible)
    coords = {"lat": raw["lat"].to_numpy(float), "lon": raw["lon"].to_numpy(float)}
    for coord, limit in (("lat", 90.0), ("lon", 180.0)):
        out = keep & (np.abs(coords[coord]) > limit)
        text = f"is not in [-{limit:g}, {limit:g}]"
        values = coords[coord][out]
        _report_rows(report, "out_of_range", coord, rows[out],
                     lambda k, v=values, t=text: f"out_of_range: {v[k]} {t}")  # fmt: skip
        keep &= ~out
    whole = bool(keep.all())
    kept = np.arange(len(keep)) if whole else np.flatnonzero(keep)
    codes, uniques = pd.factorize(raw[TRACK_ID].array, sort=True, use_na_sentinel=False)
    if not whole:
        codes, stamp = codes[kept], stamp[kept]
    order, late, dup_sorted = _track_time_order(codes, stamp)
    dup = np.zeros(len(order), dtype=bool)
    dup[order] = dup_sorted
    duplicate = "duplicate: a ping of its track at the same time; dropped"
    _report_rows(report, "duplicate", TIME, rows[kept[dup]], lambda k: duplicate)
    late_text = "out_of_order: earlier than a previous ping of its track; sorted"
    _report_rows(report, "out_of_order", TIME, rows[kept[late & ~dup]], lambda k: late_text)
    if dup_sorted.any():
        order = order[~dup_sorted]
    take = order if whole else kept[order]
    report.pings = len(take)
    speed, course, altitude = (
        _take(raw[c].to_numpy(float), take) for c in (SPEED, COURSE, ALTITUDE)
    )
    if ais:
        speed[~(speed < 102.25)] = np.nan
        course[~(course < 360)] = np.nan
    flags = raw[ON_GROUND].array
    columns = {
        TRACK_ID: uniques.take(codes[order]),
        TIME: (stamp[order] * 1000).view("datetime64[ns]"),  # within TIME_RANGE: no overflow
        SPEED: speed,
        COURSE: course,
        ALTITUDE: altitude,
        ON_GROUND: _empty_flags(len(take)) if flags.isna().all() else flags.take(take),
        "lon": coords["lon"][take],
        "lat": coords["lat"][take],
    }
    table = pd.DataFrame(columns, copy=False)  # new arrays: no copy into one block
    return TrackData(table, assets.reset_index(drop=True), report)


def _take(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``values[index]``; a column with no value at all (NaN) is not gathered."""
    if len(values) and np.isnan(values[0]) and np.isnan(values).all():
        return np.full(len(index), np.nan)
    return values[index]


def _empty_flags(n: int) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(np.zeros(n, bool), np.ones(n, bool))


def _report_rows(report: TrackReport, kind: str, fld: str, rows: np.ndarray, message) -> None:
    """Report ``rows`` (``message(k)`` for the k-th): :data:`MAX_LISTED` listed, all counted."""
    room = max(0, MAX_LISTED - report.counts[kind])
    for k, row in enumerate(rows[:room]):
        report.add(kind, int(row), fld, message(k))
    if len(rows) > room:
        report.counts[kind] += len(rows) - room


def _track_time_order(codes: np.ndarray, stamp: np.ndarray):
    """The order by track code, then time (stable: equal keys keep their order), and two masks.

    ``late`` (by row) marks the rows earlier than a previous row of their track; ``same`` (in the
    order) the rows whose track and time are those of the row before. When track and time fit in
    one int64 key, the rows are grouped by track (a radix sort for up to 65,536 tracks) and sorted
    again only if some track's times go backwards.
    """
    n = len(codes)
    same = np.zeros(n, dtype=bool)
    if not n:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=bool), same
    lo, n_codes = int(stamp.min()), int(codes.max()) + 1
    span = int(stamp.max()) - lo + 1
    if span * n_codes >= KEY_LIMIT:
        running = pd.Series(stamp).groupby(codes, sort=False).cummax().to_numpy()
        order = np.lexsort((stamp, codes))
        sc, st = codes[order], stamp[order]
        same[1:] = (sc[1:] == sc[:-1]) & (st[1:] == st[:-1])
        return order, stamp < running, same
    by_track = np.argsort(codes.astype(np.uint16) if n_codes <= 1 << 16 else codes, kind="stable")
    key = codes[by_track].astype(np.int64) * span + (stamp[by_track] - lo)
    behind = key < np.maximum.accumulate(key)  # tracks follow each other in increasing key
    late = np.zeros(n, dtype=bool)
    late[by_track] = behind
    order = by_track
    if behind.any():
        resort = np.argsort(key, kind="stable")
        order, key = by_track[resort], key[resort]
    same[1:] = key[1:] == key[:-1]
    return order, late, same
