"""Track file layouts: recognised from their first line, or named (``--format``).

:data:`LAYOUTS` lists them: ``marinecadastre``, ``dma``, ``opensky``, ``flighttracker`` (CSV
exports, :mod:`~corridor.tracks.formats.csv_layouts`), ``adsbx`` (ADS-B Exchange JSON traces),
``nmea`` (raw AIS), ``geoparquet``, and ``csv``: any other CSV, its columns named with
``track_id=``, ``time=``, ``lon=``, ``lat=``... (the track schema's names by default).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from corridor.tracks.formats.adsbx import read_adsbx
from corridor.tracks.formats.csv_layouts import LAYOUTS as CSV_LAYOUTS
from corridor.tracks.formats.csv_layouts import Layout, read_layout
from corridor.tracks.formats.generic import read_csv, read_geoparquet
from corridor.tracks.formats.nmea import read_nmea
from corridor.tracks.table import TrackData

#: Every layout :func:`read` knows, as ``--format`` offers them.
LAYOUTS = ("csv", *CSV_LAYOUTS, "adsbx", "nmea", "geoparquet")

__all__ = ["LAYOUTS", "Layout", "read", "sniff"]


def sniff(path: str | Path) -> tuple[str, str]:
    """The layout of a file and its CSV delimiter, from its first line (else its extension)."""
    path = Path(path)
    if path.suffix.lower() in (".parquet", ".geoparquet"):
        return "geoparquet", ","
    with open(path, "rb") as f:
        head = f.read(4096)
    if head[:2] == b"\x1f\x8b" or head.lstrip()[:1] == b"{":
        return "adsbx", ","
    line = head.decode("utf-8-sig", errors="replace").splitlines()[0] if head.strip() else ""
    if "!AIVD" in line or "!BSVD" in line or line.startswith("\\"):
        return "nmea", ","
    delimiter = ";" if line.count(";") > line.count(",") else ","
    header = [n.strip().strip('"') for n in line.split(delimiter)]
    for layout in CSV_LAYOUTS.values():
        need = {c for k, c in layout.columns.items() if k not in layout.optional}
        if need <= layout.header_names(header).keys():
            return layout.name, delimiter
    if path.suffix.lower() == ".csv" or delimiter in line:
        return "csv", delimiter
    return "nmea", ","


def read(path: str | Path, *, layout: str = "auto", **columns) -> TrackData:
    """Read ``path`` in ``layout`` (``auto``: :func:`sniff`); see :func:`corridor.tracks.read_tracks`."""
    if layout not in ("auto", *LAYOUTS):
        raise ValueError(f"unknown track format {layout!r}; use auto or one of {', '.join(LAYOUTS)}")
    if Path(path).is_file() and Path(path).stat().st_size == 0:
        raise ValueError(f"{path}: empty file; expected a track file ({', '.join(LAYOUTS)})")
    found, delimiter = sniff(path)
    if layout == "auto":
        layout = found
    if columns and layout not in ("csv", "geoparquet"):
        raise ValueError(f"{path}: column names are for csv or geoparquet files, not {layout}")
    if layout in CSV_LAYOUTS:
        try:
            return read_layout(path, CSV_LAYOUTS[layout], delimiter=delimiter)
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise ValueError(f"{path}: not a readable {layout} CSV file ({str(exc)[:200]})") from None
    if layout == "adsbx":
        return read_adsbx(path)
    if layout == "nmea":
        return read_nmea(path)
    if layout == "geoparquet":
        return read_geoparquet(path, **columns)
    try:
        return read_csv(path, **columns)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a readable CSV file ({str(exc)[:200]})") from None
