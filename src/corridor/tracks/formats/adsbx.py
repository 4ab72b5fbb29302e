"""ADS-B Exchange trace files (JSON): one aircraft's positions over a day.

A trace file holds ``icao`` (ICAO 24-bit address in hex), ``r`` (registration), ``t`` (type
designator), ``timestamp`` (Unix seconds) and ``trace``: rows of ``[seconds after timestamp, lat,
lon, altitude in feet or "ground", ground speed in knots, track in degrees, ...]``, the ninth item
an optional object whose ``flight`` is the call sign. A row that is not such a list is reported
with its 1-based position in ``trace`` and dropped.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.tracks.table import (
    ALTITUDE,
    COURSE,
    ON_GROUND,
    SPEED,
    TIME,
    TRACK_ID,
    TrackData,
    TrackReport,
    assets_frame,
    drop_unreadable,
    finish,
    raw_frame,
)  # fmt: skip

#: Keys a trace file must have.
REQUIRED_KEYS = ("icao", "timestamp", "trace")


def read_adsbx(path: str | Path) -> TrackData:
    """Read an ADS-B Exchange trace file (plain or gzipped JSON)."""
    path = Path(path)
    raw_bytes = path.read_bytes()
    if raw_bytes[:2] == b"\x1f\x8b":
        raw_bytes = gzip.decompress(raw_bytes)
    try:
        doc = json.loads(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a JSON trace file ({exc})") from None
    missing = [k for k in REQUIRED_KEYS if not isinstance(doc, dict) or k not in doc]
    if missing:
        keys = list(doc) if isinstance(doc, dict) else type(doc).__name__
        raise ValueError(f"{path}: missing key(s) {missing} of an ADS-B Exchange trace; has {keys}")
    icao = str(doc["icao"]).strip().lower().lstrip("~")
    rows = doc["trace"] if isinstance(doc["trace"], list) else []
    report = TrackReport(str(path), lines_read=len(rows), layout="adsbx")
    try:
        base = float(doc["timestamp"])
    except (TypeError, ValueError):
        raise ValueError(f"{path}: 'timestamp' {doc['timestamp']!r} is not Unix seconds") from None
    n = len(rows)
    offset, lat, lon, alt, speed, course = (np.full(n, np.nan) for _ in range(6))
    ground = pd.array([pd.NA] * n, dtype="boolean")
    callsigns = []
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) < 6:
            continue  # reported as unreadable below (no time)
        offset[i], lat[i], lon[i] = (_num(v) for v in row[:3])
        speed[i], course[i] = _num(row[4]), _num(row[5])
        if row[3] == "ground":
            ground[i] = True
        else:
            alt[i] = _num(row[3])
            ground[i] = False if np.isfinite(alt[i]) else pd.NA
        detail = row[8] if len(row) > 8 and isinstance(row[8], dict) else {}
        if detail.get("flight"):
            callsigns.append(str(detail["flight"]).strip())
    seconds = base + offset
    times = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    ok = np.isfinite(seconds) & (np.abs(seconds) < 1e13)
    times[ok] = (seconds[ok] * 1e6).astype("int64").astype("datetime64[us]")
    raw = raw_frame([icao] * n, times, lon, lat,
                    **{SPEED: speed, COURSE: course, ALTITUDE: alt, ON_GROUND: ground})  # fmt: skip
    texts = {k: pd.Series([_cell(r, j) for r in rows], dtype=object)
             for k, j in ((TIME, 0), ("lat", 1), ("lon", 2))}  # fmt: skip
    raw = drop_unreadable(raw, report, texts, {TIME: "trace[0]", "lat": "trace[1]", "lon": "trace[2]"})
    asset = {
        TRACK_ID: icao, "asset_class": "aircraft", "icao24": icao,
        "registration": _text(doc.get("r")), "aircraft_type": _text(doc.get("t")),
        "callsign": callsigns[-1] if callsigns else None,
    }  # fmt: skip
    return finish(raw, report, assets_frame(pd.DataFrame([asset])), ais=False)


def _num(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return np.nan
    return float(value)


def _cell(row, j):
    return row[j] if isinstance(row, list) and len(row) > j else row


def _text(value) -> str | None:
    return str(value).strip() or None if value is not None else None
