"""Reading a user's table file (CSV, GeoJSON, GeoPackage, GeoParquet) into its CSV form, safely.

Whatever is wrong with the file becomes a :class:`~corridor.validation.Problem` naming the file
(and the row and field where there is one), raised together as a
:class:`~corridor.validation.ValidationError`; nothing here ends in a traceback for a bad file.

- A CSV is read as UTF-8 text (a byte-order mark is allowed) with the standard ``csv`` module in
  strict mode: another encoding, binary content, an empty file or an unterminated quote is a
  file-level problem; a row with more fields than the header is reported as that row, never
  shifted into other columns. Cells quoted against spreadsheet formulas by
  :func:`corridor.escape.csv_cell` (as corridor's own CSV exports are) get their text back.
- A GeoJSON or GeoPackage is read through GDAL (pyogrio). For sightings (``points=True``) the
  feature geometry is the point: a non-point geometry is a problem of its row, ``lat``/``lon``
  properties that disagree with it are a problem, a feature with neither ``lat``/``lon`` nor
  ``site_id`` takes its point from the geometry, and one placed by its ``site_id`` must lie
  within the site's location precision (checked with the gazetteer by the sightings check).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from corridor.escape import uncsv_frame
from corridor.validation import Problem, ValidationError

#: Degrees by which ``lat``/``lon`` properties may differ from the feature's point.
POINT_TOLERANCE_DEG = 1e-7


def _canon_cell(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value).strip()


def read_table(path: str | Path, *, points: bool = False, layer: str | None = None) -> pd.DataFrame:
    """A table file's cells as strings (the CSV form); see the module docstring.

    ``layer`` picks a layer of a GeoPackage; by default its first layer that is not the
    ``sources`` or ``sites`` an export carries (:func:`corridor.evidence.exports.export_references`).

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    ValidationError
        The file cannot be read as a table, or rows of it are broken (every such problem).
    """
    path = Path(path)
    file = str(path)
    if path.is_dir():
        raise ValidationError([Problem(file, None, None, "is a directory, not a table file")])
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ValidationError([Problem(file, None, None, "is empty: expected a header row")])
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv", ""):
        return _read_csv(path)
    if suffix == ".parquet":
        return _read_parquet(path)
    return _read_features(path, points, layer)


def _read_csv(path: Path) -> pd.DataFrame:
    file = str(path)
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise ValidationError([Problem(file, None, None, "is binary, not CSV text")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValidationError([Problem(file, None, None,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); save it as UTF-8")]
        ) from None  # fmt: skip
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = [r for r in reader if r]
    except csv.Error as exc:
        raise ValidationError([Problem(file, None, None,
            f"is not valid CSV near line {reader.line_num}: {exc} (an unterminated quote?)")]
        ) from None  # fmt: skip
    if not rows:
        raise ValidationError([Problem(file, None, None, "has no header row")])
    header = [h.strip() for h in rows[0]]
    problems = []
    seen = set()
    for name in header:
        if name in seen:
            problems.append(Problem(file, None, name, "column appears twice in the header"))
        seen.add(name)
    data = []
    for n, row in enumerate(rows[1:], start=1):
        if len(row) > len(header):
            problems.append(Problem(file, n, None, f"has {len(row)} fields but the header has "
                                    f"{len(header)}; quote a field that contains a comma"))  # fmt: skip
        data.append((row + [""] * len(header))[: len(header)])
    if problems:
        raise ValidationError(problems)
    # cells quoted against spreadsheet formulas (corridor.escape.csv_cell) get their text back
    return uncsv_frame(pd.DataFrame(data, columns=header, dtype=object))


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        df = pd.DataFrame(gpd.read_parquet(path))
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        raise ValidationError([Problem(str(path), None, None,
            f"is not a readable GeoParquet file: {str(exc).splitlines()[0]}")]) from None  # fmt: skip
    df = df.drop(columns=[c for c in df.columns if c == "geometry"])
    return pd.DataFrame({c: [_canon_cell(v) for v in df[c]] for c in df.columns}, dtype=object)


def _read_features(path: Path, points: bool, layer: str | None = None) -> pd.DataFrame:
    import pyogrio

    file = str(path)
    options = {"DATE_AS_STRING": "YES"} if path.suffix.lower() in (".geojson", ".json") else {}
    try:
        if layer is None and path.suffix.lower() == ".gpkg":
            names = [str(n) for n, _ in pyogrio.list_layers(path)]
            layer = next((n for n in names if n not in ("sources", "sites")), names[0])
        df = pyogrio.read_dataframe(path, layer=layer, **options)
    except Exception as exc:  # pyogrio's DataSourceError and kin
        kind = {".gpkg": "GeoPackage", ".geojson": "GeoJSON", ".json": "GeoJSON"}.get(
            path.suffix.lower(), "GDAL vector")
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValidationError([Problem(file, None, None,
            f"is not a readable {kind} file: {message}")]) from None  # fmt: skip
    out = pd.DataFrame(index=range(len(df)))
    for c in df.columns:
        if c == "geometry":
            continue
        col = df[c].reset_index(drop=True)
        if pd.api.types.is_datetime64_any_dtype(col):
            col = col.dt.strftime("%Y-%m-%d")
        out[c] = [_canon_cell(v) for v in col]
    out = out.astype(object)
    if points and "geometry" in df:
        _use_geometry(out, df.geometry.to_numpy(), file)
    return out


def _use_geometry(out: pd.DataFrame, geoms, file: str) -> None:
    """Check and use the feature geometries of a sightings table (see the module docstring)."""
    problems = []
    for c in ("lat", "lon", "site_id"):
        if c not in out:
            out[c] = ""
    kinds = shapely.get_type_id(geoms)
    for i, (g, kind) in enumerate(zip(geoms, kinds, strict=True)):
        if g is None or shapely.is_empty(g):
            continue
        if kind != 0:  # 0 is Point
            problems.append(Problem(file, i + 1, "geometry",
                f"is a {g.geom_type}; a sighting is a point"))  # fmt: skip
            continue
        x, y = float(g.x) + 0.0, float(g.y) + 0.0
        lat, lon = out.at[i, "lat"], out.at[i, "lon"]
        if lat == "" and lon == "":
            if out.at[i, "site_id"] == "":
                out.at[i, "lat"], out.at[i, "lon"] = repr(y), repr(x)
            else:  # placed by its site: the sightings check compares the point with the site
                out.attrs.setdefault("feature_points", {})[i] = (x, y)
            continue
        try:
            agree = abs(float(lat) - y) <= POINT_TOLERANCE_DEG
            agree = agree and abs(float(lon) - x) <= POINT_TOLERANCE_DEG
        except ValueError:
            continue  # not numbers: the sightings check reports them
        if not agree:
            problems.append(Problem(file, i + 1, "lat",
                f"lat {lat}, lon {lon} disagree with the feature's point (lat {y!r}, lon {x!r})"))  # fmt: skip
    if problems:
        raise ValidationError(problems)
