"""CSV layouts of public AIS and ADS-B exports, mapped to the track schema with units converted.

Each :class:`Layout` names the columns of one export, how its times are written and the units of
its speeds and altitudes; :func:`read_layout` reads a file in that layout with pyarrow's CSV reader
(all cells as text, then converted column by column, so one bad cell drops one row, never the file).

- ``marinecadastre``: US MarineCadastre AIS (``MMSI, BaseDateTime, LAT, LON, SOG, COG, Heading,
  VesselName, IMO, CallSign, VesselType, ...``); ISO times in UTC, SOG in knots.
- ``dma``: Danish Maritime Authority AIS (``# Timestamp, Type of mobile, MMSI, Latitude,
  Longitude, ..., SOG, COG, Heading, IMO, Callsign, Name, Ship type, ...``); day-first times
  (``31/12/2024 23:59:59``, UTC); a ``;``-separated file has decimal commas.
- ``opensky``: OpenSky Network state vectors (``time, icao24, lat, lon, velocity, heading,
  vertrate, callsign, onground, ..., baroaltitude, geoaltitude, ...``); Unix times, velocity in
  m/s, altitudes in metres (converted to knots and feet).
- ``flighttracker``: per-flight exports of flight-tracker sites (``Timestamp, UTC, Callsign,
  Position, Altitude, Speed, Direction``); ``Position`` a quoted ``"lat,lon"``, altitude in feet,
  speed in knots. The file names no airframe: the track id is the call sign.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from corridor.tracks.table import (
    ALTITUDE,
    COURSE,
    FT_PER_M,
    KN_PER_MS,
    ON_GROUND,
    SPEED,
    TIME,
    TRACK_ID,
    TrackData,
    TrackReport,
    assets_frame,
    drop_unreadable,
    finish,
    parse_flags,
    raw_frame,
    require,
)  # fmt: skip


@dataclass(frozen=True)
class Layout:
    """Columns, time format and units of one CSV export.

    ``columns`` maps track-schema fields (``track_id``, ``time``, ``lon``, ``lat``, ``speed_kn``,
    ``course_deg``, ``altitude_ft``, ``on_ground``, ``position``) to the export's column names;
    ``statics`` maps asset fields (``name``, ``imo``...) to columns. ``time_format`` is a
    strptime format, ``"unix"`` (seconds) or ``"ISO8601"``.
    """

    name: str
    columns: dict[str, str]
    time_format: str
    asset_class: str
    statics: dict[str, str] = field(default_factory=dict)
    optional: tuple[str, ...] = ()
    speed_factor: float = 1.0  # to knots
    altitude_factor: float = 1.0  # to feet
    track_key: str = ""  # asset field that repeats the track id (mmsi, icao24)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other names of a column

    def header_names(self, header: list[str]) -> dict[str, str]:
        """The file's name of each column the layout uses (``columns`` and ``statics``) that
        the header holds: matched whatever the case, spaces, underscores and punctuation
        (``BaseDateTime``, ``base_date_time``), or by one of its :attr:`aliases`."""
        found = {column_key(h): h for h in reversed(header)}  # the first of duplicates wins
        names = {}
        for name in {**self.columns, **self.statics}.values():
            for candidate in (name, *self.aliases.get(name, ())):
                if column_key(candidate) in found:
                    names[name] = found[column_key(candidate)]
                    break
        return names


def column_key(name: str) -> str:
    """A header cell as compared with a layout's column names: letters and digits, lower case."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


MARINECADASTRE = Layout(
    "marinecadastre",
    {TRACK_ID: "MMSI", TIME: "BaseDateTime", "lat": "LAT", "lon": "LON", SPEED: "SOG",
     COURSE: "COG"},
    "%Y-%m-%dT%H:%M:%S",
    "vessel",
    {"name": "VesselName", "imo": "IMO", "callsign": "CallSign", "ship_type": "VesselType"},
    optional=(SPEED, COURSE, "name", "imo", "callsign", "ship_type"),
    track_key="mmsi",
    aliases={"LAT": ("latitude",), "LON": ("longitude",)},  # the files from 2024 on
)  # fmt: skip
DMA = Layout(
    "dma",
    {TRACK_ID: "MMSI", TIME: "# Timestamp", "lat": "Latitude", "lon": "Longitude", SPEED: "SOG",
     COURSE: "COG"},
    "%d/%m/%Y %H:%M:%S",
    "vessel",
    {"name": "Name", "imo": "IMO", "callsign": "Callsign", "ship_type": "Ship type"},
    optional=(SPEED, COURSE, "name", "imo", "callsign", "ship_type"),
    track_key="mmsi",
)  # fmt: skip
OPENSKY = Layout(
    "opensky",
    {TRACK_ID: "icao24", TIME: "time", "lat": "lat", "lon": "lon", SPEED: "velocity",
     COURSE: "heading", ALTITUDE: "baroaltitude", ON_GROUND: "onground"},
    "unix",
    "aircraft",
    {"callsign": "callsign"},
    optional=(SPEED, COURSE, ALTITUDE, ON_GROUND, "callsign"),
    speed_factor=KN_PER_MS,
    altitude_factor=FT_PER_M,
    track_key="icao24",
)  # fmt: skip
FLIGHTTRACKER = Layout(
    "flighttracker",
    {TRACK_ID: "Callsign", TIME: "UTC", "position": "Position", ALTITUDE: "Altitude",
     SPEED: "Speed", COURSE: "Direction"},
    "ISO8601",
    "aircraft",
    {"callsign": "Callsign"},
    optional=(ALTITUDE, SPEED, COURSE),
)  # fmt: skip
LAYOUTS = {lay.name: lay for lay in (MARINECADASTRE, DMA, OPENSKY, FLIGHTTRACKER)}
#: Time formats Arrow's CSV reader parses itself (ISO 8601 without an offset).
ISO_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")


def read_layout(path: str | Path, layout: Layout, *, delimiter: str = ",") -> TrackData:
    """Read a CSV file written in ``layout``; ``ValueError`` names the file and missing columns."""
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f, delimiter=delimiter), [])
    in_file = layout.header_names(header)
    wanted = {k: in_file.get(v, v) for k, v in {**layout.columns, **layout.statics}.items()}
    numeric = {wanted[k] for k in layout.columns if k in ("lat", "lon", SPEED, COURSE, ALTITUDE)}
    stamps = {wanted[TIME]} if layout.time_format in ISO_FORMATS else set()
    table, names, rows, bad = _read_text(path, delimiter, header, wanted, numeric, stamps)
    present = {k: v for k, v in wanted.items() if v in names}
    require(names, {k: v for k, v in wanted.items() if k not in layout.optional}, str(path))
    decimal_comma = delimiter == ";"
    report = TrackReport(str(path), lines_read=table.num_rows + len(bad), layout=layout.name)
    for n, found in bad:
        report.add("bad_line", n, None, f"bad_line: {found} cells, the header has {len(names)}; skipped")
    col = {k: table.column(v) for k, v in present.items()}
    times = _times(col[TIME], layout.time_format)
    if "position" in col:
        latlon = pd.Series(col["position"].to_pylist(), dtype=object).str.split(",", n=1, expand=True)
        latlon = latlon.reindex(columns=[0, 1])
        lat = pd.to_numeric(latlon[0].str.strip(), errors="coerce").to_numpy()
        lon = pd.to_numeric(latlon[1].str.strip(), errors="coerce").to_numpy()
        texts = {"lat": col["position"], "lon": col["position"]}
    else:
        lat = _numbers(col["lat"], decimal_comma)
        lon = _numbers(col["lon"], decimal_comma)
        texts = {"lat": col["lat"], "lon": col["lon"]}
    values = {}
    for key, factor in ((SPEED, layout.speed_factor), (COURSE, 1.0), (ALTITUDE, layout.altitude_factor)):
        if key in col:
            values[key] = _numbers(col[key], decimal_comma) * factor
    if ON_GROUND in col:
        values[ON_GROUND] = parse_flags(pd.Series(col[ON_GROUND].to_numpy(zero_copy_only=False)))
    track = pc.utf8_trim_whitespace(col[TRACK_ID].combine_chunks())
    if layout.track_key == "icao24":
        track = pc.utf8_lower(track)
    empty = pc.equal(track, "")
    if pc.any(empty).as_py():
        track = pc.if_else(empty, pa.scalar(path.stem), track)
    raw = raw_frame(track.to_pandas(), times, lon, lat, **values)
    if rows is not None:
        raw["_row"] = rows
    texts = {TIME: _Cells(col[TIME]), "lat": _Cells(texts["lat"]), "lon": _Cells(texts["lon"])}
    labels = {TIME: present[TIME], "lat": present.get("lat", present.get("position")),
              "lon": present.get("lon", present.get("position"))}  # fmt: skip
    raw = drop_unreadable(raw, report, texts, labels)
    return finish(raw, report, _assets(track, col, layout), ais=layout.asset_class == "vessel")


class _Cells:
    """Original cells of an Arrow column, read one at a time (only for reported rows)."""

    def __init__(self, column):
        self.column = column
        self.iloc = self

    def __getitem__(self, i: int):
        value = self.column[int(i)].as_py()
        return "" if value is None else value  # an empty cell of a typed column


def _read_text(path: Path, delimiter: str, header: list[str], wanted: dict[str, str],
               numeric: set[str], stamps: set[str] = frozenset()):  # fmt: skip
    """The columns the layout uses, the header, and the rows with the wrong number of cells.

    Numbers (``numeric`` columns) and ISO 8601 times without offset (``stamps``) are typed by
    Arrow's multi-threaded reader when every cell reads as one (the fast path); Arrow refuses
    impossible dates such as 30 February. Otherwise the times, then every column, are read as
    text and converted afterwards, so one bad cell drops one row. A file with malformed rows is
    read again with Python's ``csv`` module so every row keeps its number; the malformed ones are
    returned, not read.
    """
    used = [c for c in header if c in set(wanted.values())]
    decimal = "," if delimiter == ";" else "."
    invalid = []
    parse = pacsv.ParseOptions(
        delimiter=delimiter, newlines_in_values=False,
        invalid_row_handler=lambda row: invalid.append(row) or "skip",
    )  # fmt: skip
    text = {c: pa.string() for c in used}
    numbers = text | {c: pa.float64() for c in used if c in numeric}
    typed = numbers | {c: pa.timestamp("us") for c in used if c in stamps}
    attempts = [typed, numbers, text]
    for column_types in [t for i, t in enumerate(attempts) if t not in attempts[:i]]:
        convert = pacsv.ConvertOptions(
            column_types=column_types, include_columns=used, strings_can_be_null=False,
            decimal_point=decimal, null_values=[""], quoted_strings_can_be_null=False,
        )  # fmt: skip
        invalid.clear()
        try:
            table = pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 22),
                                   parse_options=parse, convert_options=convert)  # fmt: skip
        except pa.ArrowInvalid:
            continue
        if not invalid:
            return table, header, None, []
        break
    return _read_slow(path, delimiter, header, used)


def _read_slow(path: Path, delimiter: str, header: list[str], used: list[str]):
    """Every row with Python's ``csv``: rows with the wrong number of cells are set aside."""
    index = [header.index(c) for c in used]
    cells: list[list[str]] = [[] for _ in used]
    rows, bad = [], []
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        next(reader, None)
        for n, record in enumerate(reader, start=1):
            if len(record) != len(header):
                if record:
                    bad.append((n, len(record)))
                continue
            rows.append(n)
            for k, i in enumerate(index):
                cells[k].append(record[i])
    table = pa.table({c: pa.array(v, pa.string()) for c, v in zip(used, cells, strict=True)})
    return table, header, np.array(rows, dtype=int), bad


def _numbers(column, decimal_comma: bool = False) -> np.ndarray:
    """Floats from text cells; empty or unreadable cells NaN."""
    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_floating(arr.type):
        return arr.to_numpy(zero_copy_only=False)
    arr = pc.utf8_trim_whitespace(arr)
    if decimal_comma:
        arr = pc.replace_substring(arr, ",", ".")
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    try:
        return pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        text = pd.Series(arr.to_pylist(), dtype=object).str.replace(",", ".", regex=False)
        return pd.to_numeric(text, errors="coerce").to_numpy(float)  # a quoted "55,5" is 55.5


def _times(column, fmt: str) -> np.ndarray:
    """Naive UTC times at microsecond resolution (so year 0 or 9999 survive to be reported)."""
    if pa.types.is_timestamp(column.type):  # typed by the reader
        return column.to_numpy().astype("datetime64[us]")
    if fmt == "unix":
        seconds = _numbers(column)
        out = np.full(len(seconds), np.datetime64("NaT"), dtype="datetime64[us]")
        ok = np.isfinite(seconds) & (np.abs(seconds) < 1e13)
        out[ok] = (seconds[ok] * 1e6).astype("int64").astype("datetime64[us]")
        return out
    if fmt == "ISO8601":
        text = pd.Series(column.to_numpy(zero_copy_only=False), dtype=object)
        parsed = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
        return parsed.dt.tz_convert(None).to_numpy().astype("datetime64[us]")
    arr = pc.utf8_trim_whitespace(column.combine_chunks())
    parsed = pc.strptime(arr, format=fmt, unit="us", error_is_null=True)
    off = _day_offset(fmt)
    if off is not None:  # Arrow rolls 30 February over into March: compare the day as written
        day = pc.utf8_slice_codeunits(arr, off, off + 2)
        digits = pc.utf8_is_digit(day)
        written = pc.cast(pc.if_else(digits, day, pa.scalar("0")), pa.int64())
        rolled = pc.and_(digits, pc.not_equal(written, pc.day(parsed)))
        parsed = pc.if_else(rolled, pa.scalar(None, parsed.type), parsed)
    out = parsed.to_numpy(zero_copy_only=False).astype("datetime64[us]")
    failed = np.flatnonzero(np.isnat(out) & ~np.asarray(pc.is_null(arr)))
    if len(failed):  # other spellings of a time (a space for "T", an offset, no seconds)
        text = pd.Series(arr.take(pa.array(failed)).to_pylist(), dtype=object)
        dayfirst = fmt.startswith("%d")
        again = pd.to_datetime(text, format="mixed" if dayfirst else "ISO8601", dayfirst=dayfirst,
                               utc=True, errors="coerce")  # fmt: skip
        out[failed] = again.dt.tz_convert(None).to_numpy().astype("datetime64[us]")  # 30 Feb: NaT
    return out


def _day_offset(fmt: str) -> int | None:
    """Where the day of month starts in text written with ``fmt`` (fixed-width fields only)."""
    pos, i = 0, 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            code = fmt[i + 1]
            if code == "d":
                return pos
            if code not in "YmHMS":
                return None
            pos += 4 if code == "Y" else 2
            i += 2
        else:
            pos += 1
            i += 1
    return None


def _assets(track: np.ndarray, col: dict, layout: Layout) -> pd.DataFrame:
    """Static data per track: distinct combinations first (cheap), then the last non-empty value."""
    names = [k for k in layout.statics if k in col]
    table = pa.table({TRACK_ID: track, **{k: col[k] for k in names}})
    df = table.group_by([TRACK_ID, *names], use_threads=False).aggregate([]).to_pandas()
    df = df.astype(object).sort_values(TRACK_ID, kind="stable", ignore_index=True)
    df["asset_class"] = layout.asset_class
    if layout.track_key:
        df[layout.track_key] = df[TRACK_ID]
    if "imo" in df:
        digits = df["imo"].astype(str).str.extract(r"(\d{7})", expand=False)
        df["imo"] = digits.where(digits.notna(), None)
    if "ship_type" in df:
        df["ship_type"] = pd.to_numeric(df["ship_type"], errors="coerce").map(
            lambda v: None if pd.isna(v) else int(v)
        )
    for c in ("name", "callsign"):
        if c in df:
            df[c] = df[c].astype(str).str.strip()
    return assets_frame(df)
