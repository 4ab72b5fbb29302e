"""A GeoPackage written through Python's ``sqlite3``: schema, geometry blobs and R-tree functions.

GDAL creates R-tree triggers that call ``ST_IsEmpty``, ``ST_MinX``, ``ST_MaxX``, ``ST_MinY`` and
``ST_MaxY``; :func:`connect` registers the same functions so that the triggers of this module's
tables (the same ones GDAL writes) keep the spatial index current whichever program edits the file.
The layout follows GeoPackage 1.3 (``application_id`` ``GPKG``, ``user_version`` 10300, core
tables as GDAL writes them, ``gpkg_rtree_index`` extension with the 1.3 triggers), which GDAL 3.x,
``ogrinfo`` and QGIS open without warnings.
"""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import numpy as np
import pandas as pd
import shapely

from corridor.store._dialect import Dialect

if TYPE_CHECKING:
    from corridor.store._schema import Table

SRS_ID = 4326
_APPLICATION_ID = 0x47504B47  # "GPKG"
_USER_VERSION = 10300
_HEADER = b"GP\x00\x01" + struct.pack("<i", SRS_ID)  # version 0, little-endian, no envelope
_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
_CORE = [
    "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,"
    " organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,"
    " definition TEXT NOT NULL, description TEXT)",
    "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,"
    " identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT"
    f" ({NOW}), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,"
    " CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))",
    "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,"
    " geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,"
    " m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),"
    " CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY"
    " (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY"
    " (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))",
    "CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT"
    " NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE"
    " (table_name, column_name, extension_name))",
    "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1,"
    " 'undefined', 'undefined cartesian coordinate reference system'),"
    " ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',"
    " 'undefined geographic coordinate reference system'),"
    f" ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{_WGS84_WKT}',"
    " 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
]


def connect(path: str | Path, timeout_s: float = 60.0, read_only: bool = False) -> sqlite3.Connection:
    """Open a GeoPackage with the functions its triggers need.

    The connection is in autocommit mode: callers open transactions with ``BEGIN IMMEDIATE``.
    ``read_only`` opens it with ``mode=ro``: it can neither create nor change the file. A new
    file is put in write-ahead-log mode, so that readers never wait for a writer.
    """
    if read_only:
        uri = f"file:{quote(str(Path(path).absolute()))}?mode=ro"
        con = sqlite3.connect(uri, uri=True, timeout=timeout_s, isolation_level=None)
    else:
        con = sqlite3.connect(str(path), timeout=timeout_s, isolation_level=None)
    if not read_only and con.execute("PRAGMA page_count").fetchone()[0] == 0:  # a new file
        con.execute("PRAGMA page_size = 8192")  # a little faster R-tree and bulk inserts
        con.execute("PRAGMA journal_mode = WAL")  # readers see the last commit, never wait
    con.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
    con.execute("PRAGMA temp_store = MEMORY")
    con.execute("PRAGMA cache_size = -131072")  # KiB: bulk imports touch many index pages
    con.execute("PRAGMA mmap_size = 1073741824")  # reads straight from the OS page cache
    det = {"deterministic": True}
    con.create_function("ST_IsEmpty", 1, _is_empty, **det)
    for name, index in (("ST_MinX", 0), ("ST_MinY", 1), ("ST_MaxX", 2), ("ST_MaxY", 3)):
        con.create_function(name, 1, lambda blob, i=index: _bounds(blob)[i], **det)
    return con


def ensure(con: sqlite3.Connection, tables: list[Table]) -> None:
    """Create the GeoPackage core tables and ``tables`` where missing (call inside a transaction)."""
    existing = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "gpkg_contents" not in existing:
        con.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {_USER_VERSION}")
        for sql in _CORE:
            con.execute(sql)
    for table in tables:
        if table.name not in existing:
            _create(con, table)


def _create(con: sqlite3.Connection, t: Table) -> None:
    cols = ['"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL']
    if t.points:
        cols.append('"geom" POINT')
    cols += [f'"{name}" {kind}' for name, kind in t.columns]
    cols += [f"UNIQUE ({u})" for u in t.unique]
    con.execute(f'CREATE TABLE "{t.name}" ({", ".join(cols)})')
    for i, index in enumerate(t.indexes):
        con.execute(f'CREATE INDEX "idx_{t.name}_{i}" ON "{t.name}" ({index})')
    kind, srs = ("features", SRS_ID) if t.points else ("attributes", 0)
    con.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)"
        " VALUES (?, ?, ?, ?, ?)",
        (t.name, kind, t.name, t.description, srs),
    )
    if t.points:
        con.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'POINT', ?, 0, 0)",
            (t.name, SRS_ID),
        )
        _create_rtree(con, t.name)


_INSERT_TRIGGER = (
    'AFTER INSERT ON "{t}" WHEN ({new_ok}) BEGIN INSERT OR REPLACE INTO "{r}" VALUES ({values});'
    " END"
)


def _create_rtree(con: sqlite3.Connection, t: str) -> None:
    """The spatial index and the triggers of the R-tree extension: those of GeoPackage 1.3, or
    of 1.4 when the file is a 1.4 GeoPackage (one GDAL wrote, to which the store adds tables)."""
    r = f"rtree_{t}_geom"
    new_ok = 'NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom")'
    values = (
        'NEW."fid", ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"), ST_MinY(NEW."geom"),'
        ' ST_MaxY(NEW."geom")'
    )
    upd = f'AFTER UPDATE OF "geom" ON "{t}" WHEN OLD."fid" = NEW."fid"'
    moved = f'AFTER UPDATE ON "{t}" WHEN OLD."fid" != NEW."fid"'
    con.execute(f'CREATE VIRTUAL TABLE "{r}" USING rtree(id, minx, maxx, miny, maxy)')
    triggers = {  # GeoPackage 1.3, F.3 "RTree Spatial Indexes"
        "insert": _INSERT_TRIGGER.format(t=t, r=r, new_ok=new_ok, values=values),
        "update1": f'{upd} AND ({new_ok}) BEGIN INSERT OR REPLACE INTO "{r}" VALUES ({values});'
        " END",
        "update2": f'{upd} AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom")) BEGIN DELETE FROM'
        f' "{r}" WHERE id = OLD."fid"; END',
        "update3": f'{moved} AND ({new_ok}) BEGIN DELETE FROM "{r}" WHERE id = OLD."fid";'
        f' INSERT OR REPLACE INTO "{r}" VALUES ({values}); END',
        "update4": f'{moved} AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom")) BEGIN DELETE'
        f' FROM "{r}" WHERE id IN (OLD."fid", NEW."fid"); END',
        "delete": f'AFTER DELETE ON "{t}" WHEN OLD."geom" NOT NULL BEGIN DELETE FROM "{r}"'
        ' WHERE id = OLD."fid"; END',
    }
    if con.execute("PRAGMA user_version").fetchone()[0] >= 10400:  # 1.4: update6/7 replace 1, 3
        old_ok = 'OLD."geom" NOTNULL AND NOT ST_IsEmpty(OLD."geom")'
        del triggers["update1"], triggers["update3"]
        triggers["update5"] = f'{moved} AND ({new_ok}) BEGIN DELETE FROM "{r}" WHERE id ='
        triggers["update5"] += f' OLD."fid"; INSERT OR REPLACE INTO "{r}" VALUES ({values}); END'
        triggers["update6"] = (
            f'{upd} AND ({new_ok}) AND ({old_ok}) BEGIN UPDATE "{r}" SET minx = ST_MinX(NEW."geom"),'
            ' maxx = ST_MaxX(NEW."geom"), miny = ST_MinY(NEW."geom"), maxy = ST_MaxY(NEW."geom")'
            ' WHERE id = NEW."fid"; END'
        )
        triggers["update7"] = (
            f'{upd} AND ({new_ok}) AND (OLD."geom" ISNULL OR ST_IsEmpty(OLD."geom")) BEGIN'
            f' INSERT INTO "{r}" VALUES ({values}); END'
        )
    for name, body in triggers.items():
        con.execute(f'CREATE TRIGGER "{r}_{name}" {body}')
    con.execute(
        "INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index',"
        " 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        (t,),
    )


def touch(con: sqlite3.Connection, table: str, bounds=None) -> None:
    """Record a change of ``table`` in ``gpkg_contents``: its time, and for points the union of
    the recorded extent with ``bounds`` ``(min_x, min_y, max_x, max_y)``."""
    con.execute(f"UPDATE gpkg_contents SET last_change = {NOW} WHERE table_name = ?", (table,))
    if bounds is not None:
        con.execute(
            "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, :a), :a),"
            " min_y = min(coalesce(min_y, :b), :b), max_x = max(coalesce(max_x, :c), :c),"
            " max_y = max(coalesce(max_y, :d), :d) WHERE table_name = :t",
            {"a": bounds[0], "b": bounds[1], "c": bounds[2], "d": bounds[3], "t": table},
        )


def insert_points(
    con: sqlite3.Connection, table: str, columns: list[str], values: list[list], lon, lat
) -> None:
    """Append rows with point geometries in one pass (call inside a transaction).

    ``values`` holds one list per column of ``columns``, all as long as ``lon`` and ``lat``.

    The R-tree insert trigger is set aside for the batch and the index rows are written directly
    (the same boxes the trigger would write), then the trigger is put back.
    """
    if len(lon) == 0:
        return
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    (last,) = con.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),"
        f' coalesce((SELECT max(fid) FROM "{table}"), 0))',
        (table,),
    ).fetchone()
    fids = range(last + 1, last + 1 + len(lon))
    blobs = point_blobs(lon, lat)
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * (len(columns) + 2))
    r = f"rtree_{table}_geom"
    (trigger,) = con.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (f"{r}_insert",)
    ).fetchone()
    con.execute(f'DROP TRIGGER "{r}_insert"')
    con.executemany(
        f'INSERT INTO "{table}" (fid, geom, {names}) VALUES ({marks})',
        zip(fids, blobs, *values, strict=True),
    )
    x, y = lon.tolist(), lat.tolist()
    con.executemany(
        f'INSERT INTO "{r}" VALUES (?, ?, ?, ?, ?)',
        ((f, xi, xi, yi, yi) for f, xi, yi in zip(fids, x, y, strict=True)),
    )
    con.execute(trigger)
    touch(con, table, (lon.min(), lat.min(), lon.max(), lat.max()))


def point_blobs(lon: np.ndarray, lat: np.ndarray) -> list[bytes]:
    """GeoPackage geometry blobs of points (header without envelope, little-endian WKB)."""
    n = len(lon)
    rec = np.zeros(n, dtype=[("h", "S8"), ("o", "u1"), ("t", "<u4"), ("x", "<f8"), ("y", "<f8")])
    rec["h"], rec["o"], rec["t"] = _HEADER, 1, 1
    rec["x"], rec["y"] = lon, lat
    raw = rec.tobytes()
    size = rec.dtype.itemsize
    return [raw[i : i + size] for i in range(0, n * size, size)]


def blob_xy(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes of point blobs written by :func:`point_blobs` (or GDAL)."""
    wkb = [_wkb(b) if b is not None else None for b in blobs]
    geoms = shapely.from_wkb(np.array(wkb, dtype=object))
    return shapely.get_x(geoms), shapely.get_y(geoms)


def _header_size(blob: bytes) -> int:
    flags = blob[3]
    envelope = (flags >> 1) & 0x07
    return 8 + {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get(envelope, 0)


def _wkb(blob: bytes) -> bytes:
    return bytes(blob[_header_size(blob) :])


def _is_empty(blob) -> int | None:
    if blob is None:
        return None
    return 1 if (blob[3] >> 4) & 1 else 0


_last: list = [None, None]  # the R-tree triggers ask for the 4 bounds of one blob in a row


def _bounds(blob) -> tuple:
    if blob is not None and blob == _last[0]:
        return _last[1]
    _last[:] = [blob, _parse_bounds(blob)]
    return _last[1]


def _parse_bounds(blob) -> tuple:
    if blob is None or (blob[3] >> 4) & 1:
        return (None, None, None, None)
    flags = blob[3]
    envelope = (flags >> 1) & 0x07
    order = "<" if flags & 1 else ">"
    if envelope:
        minx, maxx, miny, maxy = struct.unpack_from(order + "4d", blob, 8)
        return (minx, miny, maxx, maxy)
    start = _header_size(blob)
    wkb_order = "<" if blob[start] == 1 else ">"
    (kind,) = struct.unpack_from(wkb_order + "I", blob, start + 1)
    if kind == 1:
        x, y = struct.unpack_from(wkb_order + "2d", blob, start + 5)
        return (x, y, x, y)
    return tuple(shapely.from_wkb(bytes(blob[start:])).bounds)


class GeoPackageDialect(Dialect):
    """The store's SQL in a GeoPackage: ``?`` parameters, points as GeoPackage blobs kept in the
    R-tree, every change recorded in ``gpkg_contents``."""

    mark = "?"
    now = NOW
    point_mark = "?"

    def frame(self, con, sql: str, params=()) -> pd.DataFrame:
        return pd.read_sql_query(sql, con, params=params)

    def insert_rows(self, con, table: str, names: list[str], rows) -> None:
        cols = ", ".join(f'"{c}"' for c in names)
        con.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({self.marks(len(names))})', rows)

    def points(self, lon, lat) -> list:
        return point_blobs(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))

    def insert_points(self, con, table: str, names: list[str], values: list[list], lon, lat) -> None:
        insert_points(con, table, names, values, lon, lat)

    def read_points(self, con, table: str, where: str = "TRUE", params=()):
        df = self.frame(con, f'SELECT * FROM "{table}" s WHERE {where} ORDER BY s.fid', params)
        blobs = df.pop("geom").tolist()
        x, y = blob_xy(blobs) if blobs else (np.array([]), np.array([]))
        return df, x, y

    def bbox(self, minx: float, miny: float, maxx: float, maxy: float) -> tuple[str, list]:
        return (
            "s.fid IN (SELECT id FROM rtree_sightings_geom WHERE minx <= ? AND maxx >= ?"
            " AND miny <= ? AND maxy >= ?)",
            [maxx, minx, maxy, miny],
        )

    def touch(self, con, table: str, bounds=None) -> None:
        touch(con, table, bounds)


DIALECT = GeoPackageDialect()
