"""Position tracks: read pings from CSV, GeoParquet or raw AIS NMEA, checked and reported.

Every reader returns a :class:`TrackData`: ``pings`` (GeoDataFrame in EPSG:4326 with
:data:`TRACK_ID`, :data:`TIME` (naive UTC), :data:`SPEED` in knots and :data:`COURSE` in degrees
where known), ``vessels`` (names and ship types from AIS static reports; empty for other formats)
and a :class:`TrackReport`. Bad input is not fatal: each dropped line or row is reported with its
line number and reason, and the report counts them by kind.

- Rows with a position outside [-90, 90] / [-180, 180] (AIS sends 91/181 for "not available") or
  an unreadable time are dropped.
- Pings of a track whose time goes backwards are kept and sorted; the rows are reported.
- A second ping of a track at the same time is dropped and reported.
- AIS speed 102.3 kn and course 360° mean "not available" and become NaN.

AIS NMEA files carry one sentence per line; the reception time comes from an NMEA 4.0 tag block
(``\\c:1715500000*hh\\!AIVDM,...``) or from a leading timestamp field (``2025-05-12T08:00:00Z,!AIVDM``
or a Unix time). Sentences are decoded with pyais; multi-sentence messages are assembled.
"""

from __future__ import annotations

import re
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
#: Columns of a pings table besides ``geometry``.
PING_COLUMNS = [TRACK_ID, TIME, SPEED, COURSE]
#: Columns of the vessels table from AIS static reports.
VESSEL_COLUMNS = [TRACK_ID, "name", "ship_type", "callsign", "imo"]
CRS = "EPSG:4326"
#: AIS message types that carry a position, and those that carry a name or ship type.
AIS_POSITION_TYPES = (1, 2, 3, 18, 19, 27)
AIS_STATIC_TYPES = (5, 19, 24)
MAX_LISTED = 1000  # problems listed per kind; all are counted


@dataclass
class TrackReport:
    """What was read and what was dropped or fixed, with line numbers."""

    file: str
    lines_read: int = 0
    pings: int = 0
    counts: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)

    def add(self, kind: str, row: int | None, fld: str | None, message: str) -> None:
        self.counts[kind] += 1
        if self.counts[kind] <= MAX_LISTED:
            self.problems.append(Problem(self.file, row, fld, message))

    def lines(self, kind: str | None = None) -> list[int]:
        """Line (or row) numbers of the listed problems, optionally of one kind."""
        return [p.row for p in self.problems if p.row is not None and _kind(p) in (kind, None)]

    def __str__(self) -> str:
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(self.counts.items())) or "no problems"
        return f"{self.file}: {self.lines_read} lines read, {self.pings} pings kept ({counts})"


def _kind(problem: Problem) -> str:
    return problem.message.split(":", 1)[0]


@dataclass
class TrackData:
    """Pings, vessel details and the ingest report of one file."""

    pings: gpd.GeoDataFrame
    vessels: pd.DataFrame
    report: TrackReport


def read_tracks(path: str | Path, **columns) -> TrackData:
    """Read a track file by its extension: ``.csv``, ``.parquet`` or NMEA (anything else)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return read_csv(path, **columns)
    if suffix in (".parquet", ".geoparquet"):
        return read_geoparquet(path, **columns)
    return read_nmea(path)


def read_csv(
    path: str | Path,
    *,
    track_id: str = TRACK_ID,
    time: str = TIME,
    lon: str = "lon",
    lat: str = "lat",
    speed: str | None = SPEED,
    course: str | None = COURSE,
) -> TrackData:
    """Read pings from a CSV file; the keyword arguments name its columns.

    ``speed`` (knots) and ``course`` (degrees) are read when their columns exist.

    Raises ``ValueError`` when a named column is missing (all missing ones at once).
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    speed, course = _optional(df, speed, SPEED), _optional(df, course, COURSE)
    wanted = {TRACK_ID: track_id, TIME: time, "lon": lon, "lat": lat, SPEED: speed, COURSE: course}
    _require(df, {k: v for k, v in wanted.items() if v}, str(path))
    report = TrackReport(str(path), lines_read=len(df))
    times = pd.to_datetime(df[time], format="ISO8601", utc=True, errors="coerce")
    raw = pd.DataFrame(
        {
            TRACK_ID: df[track_id],
            TIME: times.dt.tz_convert(None),
            "lon": pd.to_numeric(df[lon], errors="coerce"),
            "lat": pd.to_numeric(df[lat], errors="coerce"),
            SPEED: pd.to_numeric(df[speed], errors="coerce") if speed else np.nan,
            COURSE: pd.to_numeric(df[course], errors="coerce") if course else np.nan,
            "_row": np.arange(1, len(df) + 1),  # data row, header not counted
        }
    )
    for col, label in ((TIME, time), ("lon", lon), ("lat", lat)):
        for row, value in zip(
            raw.loc[raw[col].isna(), "_row"], df.loc[raw[col].isna(), label], strict=True
        ):
            report.add("unreadable", int(row), label, f"unreadable: {value!r} is not a valid {col}")
    raw = raw.dropna(subset=[TIME, "lon", "lat"])
    return _finish(raw, report, pd.DataFrame(columns=VESSEL_COLUMNS))


def read_geoparquet(
    path: str | Path,
    *,
    track_id: str = TRACK_ID,
    time: str = TIME,
    speed: str | None = SPEED,
    course: str | None = COURSE,
) -> TrackData:
    """Read pings from a GeoParquet file (point geometry, any CRS; returned in EPSG:4326)."""
    gdf = gpd.read_parquet(path)
    speed, course = _optional(gdf, speed, SPEED), _optional(gdf, course, COURSE)
    wanted = {TRACK_ID: track_id, TIME: time, SPEED: speed, COURSE: course}
    _require(gdf, {k: v for k, v in wanted.items() if v}, str(path))
    if gdf.crs is not None and not gdf.crs.equals(CRS):
        gdf = gdf.to_crs(CRS)
    report = TrackReport(str(path), lines_read=len(gdf))
    times = pd.to_datetime(gdf[time], utc=True, errors="coerce").dt.tz_convert(None)
    raw = pd.DataFrame(
        {
            TRACK_ID: gdf[track_id].astype(str).to_numpy(),
            TIME: times.to_numpy(),
            "lon": gdf.geometry.x.to_numpy(),
            "lat": gdf.geometry.y.to_numpy(),
            SPEED: gdf[speed].to_numpy(float) if speed else np.nan,
            COURSE: gdf[course].to_numpy(float) if course else np.nan,
            "_row": np.arange(1, len(gdf) + 1),
        }
    )
    bad = raw[TIME].isna()
    for row in raw.loc[bad, "_row"]:
        report.add("unreadable", int(row), time, "unreadable: no valid time")
    return _finish(raw[~bad], report, pd.DataFrame(columns=VESSEL_COLUMNS))


def _optional(df: pd.DataFrame, name: str | None, default: str) -> str | None:
    """The default speed/course column is used when present; a named one is required."""
    return None if name == default and default not in df.columns else name


def _require(df: pd.DataFrame, names: dict[str, str], file: str) -> None:
    missing = [f"{v!r} (for {k})" for k, v in names.items() if v not in df.columns]
    if missing:
        raise ValueError(
            f"{file}: missing column(s) {', '.join(missing)}; columns are {list(df.columns)}"
        )


def _finish(raw: pd.DataFrame, report: TrackReport, vessels: pd.DataFrame) -> TrackData:
    """Drop out-of-range positions and duplicates, sort, report, and build the GeoDataFrame."""
    for coord, limit in (("lat", 90.0), ("lon", 180.0)):
        out = raw[coord].abs() > limit
        for row, value in zip(raw.loc[out, "_row"], raw.loc[out, coord], strict=True):
            report.add(
                "out_of_range",
                int(row),
                coord,
                f"out_of_range: {value} is not in [-{limit:g}, {limit:g}]",
            )
        raw = raw[~out]
    raw = raw.assign(**{SPEED: raw[SPEED].where(raw[SPEED] < 102.25)})
    raw = raw.assign(**{COURSE: raw[COURSE].where(raw[COURSE] < 360)})
    dup = raw.duplicated([TRACK_ID, TIME], keep="first")
    for row in raw.loc[dup, "_row"]:
        report.add(
            "duplicate", int(row), TIME, "duplicate: a ping of its track at the same time; dropped"
        )
    raw = raw[~dup]
    backwards = raw[TIME].lt(raw.groupby(TRACK_ID, sort=False)[TIME].cummax())
    for row in raw.loc[backwards, "_row"]:
        report.add(
            "out_of_order",
            int(row),
            TIME,
            "out_of_order: earlier than a previous ping of its track; sorted",
        )
    raw = raw.sort_values([TRACK_ID, TIME], kind="stable")
    report.pings = len(raw)
    geometry = gpd.points_from_xy(raw["lon"], raw["lat"], crs=CRS)
    pings = gpd.GeoDataFrame(raw[PING_COLUMNS].reset_index(drop=True), geometry=geometry, crs=CRS)
    pings[TIME] = pings[TIME].astype("datetime64[ns]")
    return TrackData(pings, vessels.reset_index(drop=True), report)


_LEADING_TIME = re.compile(r"^\s*([0-9][0-9T:\-.+Z ]*?)\s*[,;\s]\s*(?=[!\\])")


def _line_time(line: str, sentence) -> pd.Timestamp | None:
    """Reception time of one line: tag block ``c:`` or a leading timestamp field."""
    tb = sentence.tag_block
    if tb is not None:
        tb.init()
        if tb.receiver_timestamp:
            stamp = int(tb.receiver_timestamp)
            return pd.Timestamp(stamp, unit="ms" if stamp > 10**11 else "s")
    m = _LEADING_TIME.match(line)
    if not m:
        return None
    text = m.group(1)
    if text.isdigit():
        return pd.Timestamp(int(text), unit="s")
    stamp = pd.Timestamp(text)
    return stamp.tz_convert(None) if stamp.tzinfo else stamp


def read_nmea(path: str | Path) -> TrackData:
    """Decode AIS NMEA sentences with pyais: positions become pings, static reports vessels.

    Each bad line (no time, bad checksum, not AIS, undecodable, missing fragments) is reported
    with its line number and skipped; the good ones are kept. Track ids are MMSIs as text.
    """
    from pyais.exceptions import AISBaseException
    from pyais.messages import AISSentence, NMEASentenceFactory

    report = TrackReport(str(path))
    rows, statics = [], []
    pending: dict[tuple, list] = {}  # fragments of multi-sentence messages by (channel, seq_id)
    with open(path, encoding="ascii", errors="replace") as lines:
        for n, line in enumerate(lines, start=1):
            report.lines_read = n
            text = line.strip()
            if not text:
                continue
            start = min((i for i in (text.find("!"), text.find("\\")) if i >= 0), default=-1)
            try:
                sentence = NMEASentenceFactory.produce(text[max(start, 0) :].encode("ascii"))
                if not isinstance(sentence, AISSentence):
                    raise AISBaseException("not an AIS sentence")
                if not sentence.is_valid:
                    report.add("bad_line", n, None, "bad_line: checksum does not match")
                    continue
                when = _line_time(text, sentence)
                if when is None:
                    report.add(
                        "bad_line",
                        n,
                        None,
                        "bad_line: no reception time (tag block c: or leading timestamp)",
                    )
                    continue
                if sentence.frag_cnt > 1:
                    key = (sentence.channel, sentence.seq_id)
                    parts = pending.setdefault(key, [])
                    parts.append((n, sentence))
                    if len(parts) < sentence.frag_cnt:
                        continue
                    del pending[key]
                    sentence = AISSentence.assemble_from_iterable([s for _, s in parts])
                    n = parts[0][0]
                msg = sentence.decode()
            except (AISBaseException, ValueError, IndexError, TypeError) as exc:
                report.add("bad_line", n, None, f"bad_line: {type(exc).__name__}: {str(exc)[:80]}")
                continue
            _collect(msg, when, n, rows, statics)
    for parts in pending.values():
        report.add(
            "bad_line", parts[0][0], None, "bad_line: multi-sentence message with fragments missing"
        )
    raw = pd.DataFrame(rows, columns=[TRACK_ID, TIME, "lon", "lat", SPEED, COURSE, "_row"])
    raw[TIME] = pd.to_datetime(raw[TIME])
    raw = raw.astype({"lon": float, "lat": float, SPEED: float, COURSE: float})
    vessels = _vessels(statics)
    return _finish(raw, report, vessels)


def _collect(msg, when, n, rows, statics) -> None:
    kind = msg.msg_type
    mmsi = str(msg.mmsi)
    if kind in AIS_POSITION_TYPES:
        rows.append(
            (
                mmsi,
                when,
                msg.lon,
                msg.lat,
                getattr(msg, "speed", np.nan),
                getattr(msg, "course", np.nan),
                n,
            )
        )
    if kind in AIS_STATIC_TYPES:
        statics.append(
            {
                TRACK_ID: mmsi,
                "name": (getattr(msg, "shipname", "") or "").strip(" @") or None,
                "ship_type": getattr(msg, "ship_type", None),
                "callsign": (getattr(msg, "callsign", "") or "").strip(" @") or None,
                "imo": getattr(msg, "imo", None) or None,
            }
        )


def _vessels(statics: list[dict]) -> pd.DataFrame:
    """One row per MMSI: the last non-empty value of each field."""
    if not statics:
        return pd.DataFrame(columns=VESSEL_COLUMNS)
    df = pd.DataFrame(statics, columns=VESSEL_COLUMNS)
    df["ship_type"] = df["ship_type"].map(lambda v: None if v is None else int(v))
    out = df.groupby(TRACK_ID, sort=True).last().reset_index()
    return out[VESSEL_COLUMNS]
