"""Track files whose columns are named by the caller: any CSV, and GeoParquet.

:func:`read_csv` reads a CSV whose columns hold the track schema (named as in
:data:`corridor.tracks.table.PING_COLUMNS` and ``lon``/``lat`` by default, or named with
``track_id=``, ``time=``, ``lon=``, ``lat=``...); :func:`read_geoparquet` reads point geometry in any
CRS (returned in EPSG:4326).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from corridor.tracks.table import (
    ALTITUDE,
    COURSE,
    CRS,
    ON_GROUND,
    SPEED,
    TIME,
    TRACK_ID,
    TrackData,
    TrackReport,
    drop_unreadable,
    empty_assets,
    finish,
    parse_flags,
    parse_times,
    raw_frame,
    require,
)  # fmt: skip


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
