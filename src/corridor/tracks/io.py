"""Position tracks: read pings from the files analysts have, checked and reported.

Every reader returns a :class:`TrackData`: ``pings`` (GeoDataFrame in EPSG:4326 with
:data:`PING_COLUMNS`: :data:`TRACK_ID`, :data:`TIME` (naive UTC), :data:`SPEED` in knots,
:data:`COURSE` in degrees, :data:`ALTITUDE` in feet and :data:`ON_GROUND` where known),
``table`` (the same pings with ``lon``/``lat`` columns instead of geometry and :data:`ON_GROUND`
a nullable boolean; ``pings`` is built from it when first asked for), ``assets`` (one row per
track with the vessel's or aircraft's static data, :data:`ASSET_COLUMNS`) and a
:class:`TrackReport`. Bad input is not fatal: each dropped line or row is reported with its
number and reason, and the report counts them by kind.

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
Row numbers are 1-based data rows (the header is not counted), line numbers for NMEA. The table,
the report and the checks are in :mod:`corridor.tracks.table` (their names are importable from
here too); several files read as one set are :mod:`corridor.tracks.join`.
"""

from __future__ import annotations

from pathlib import Path

from corridor.tracks.formats import read
from corridor.tracks.formats.generic import read_csv, read_geoparquet
from corridor.tracks.table import (
    ALTITUDE,
    ASSET_COLUMNS,
    COURSE,
    CRS,
    ON_GROUND,
    PING_COLUMNS,
    SPEED,
    TIME,
    TIME_RANGE,
    TRACK_ID,
    TrackData,
    TrackReport,
    pings_frame,
)

__all__ = [
    "ALTITUDE",
    "ASSET_COLUMNS",
    "COURSE",
    "CRS",
    "ON_GROUND",
    "PING_COLUMNS",
    "SPEED",
    "TIME",
    "TIME_RANGE",
    "TRACK_ID",
    "TrackData",
    "TrackReport",
    "pings_frame",
    "read_csv",
    "read_geoparquet",
    "read_tracks",
]


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
    return read(path, layout=layout, **columns)
