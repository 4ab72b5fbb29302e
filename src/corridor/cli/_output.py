"""Printing tables from data to the terminal: control characters removed from every cell."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from corridor.escape import csv_frame, terminal


def print_table(frame: pd.DataFrame, fmt: str = "table", out=None) -> None:
    """Print ``frame`` as tab-separated text (``table``), spreadsheet-safe CSV or JSON records."""
    out = out or sys.stdout
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(
                lambda v: "|".join(map(str, v)) if isinstance(v, list) else v
            )
    if fmt == "json":
        text = frame.to_json(orient="records", force_ascii=False, date_format="iso")
        out.write(terminal(json.dumps(json.loads(text), ensure_ascii=False, indent=1)) + "\n")
    elif fmt == "csv":
        out.write(terminal(csv_frame(frame).to_csv(index=False, lineterminator="\n")))
    else:
        out.write("\t".join(map(str, frame.columns)) + "\n")
        for row in frame.itertuples(index=False):
            cells = ["" if pd.isna(v) else terminal(v).replace("\t", " ").replace("\n", " ")
                     for v in row]  # fmt: skip
            out.write("\t".join(cells) + "\n")


#: Formats of table exports and the suffix each is recognised by.
TABLE_FORMATS = {"csv": ".csv", "geojson": ".geojson", "gpkg": ".gpkg"}


def write_table(frame, path, fmt: str | None, layer: str):
    """Write a (Geo)DataFrame to CSV (spreadsheet-safe), GeoJSON or GeoPackage, atomically."""
    path = Path(path)
    fmt = fmt or next((f for f, s in TABLE_FORMATS.items() if path.suffix == s), None)
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"{path}: give --format ({', '.join(TABLE_FORMATS)}) or a file ending in "
                         f"{', '.join(TABLE_FORMATS.values())}")  # fmt: skip
    if path.is_dir():
        raise ValueError(f"{path}: is a folder; --out needs a file path")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        if fmt == "csv":
            table = frame.drop(columns="geometry", errors="ignore")
            csv_frame(table).to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
        else:
            import pyogrio

            os.unlink(tmp)
            driver = {"geojson": "GeoJSON", "gpkg": "GPKG"}[fmt]
            pyogrio.write_dataframe(frame, tmp, driver=driver, layer=layer)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
