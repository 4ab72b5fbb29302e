"""Copy a store between backends (GeoPackage, PostgreSQL + PostGIS) with every revision and source.

:func:`dump` reads every row of every table of a store, in the order it was written, as plain
Python values typed by column (text, whole number, real number; ``None`` for NULL), the points
of ``sightings`` as ``geom_x``/``geom_y``; two stores with equal dumps hold the same evidence.
:func:`copy_store` writes a dump into an empty store in one transaction: the identities,
revisions, recording times, origins and sources stay as they were.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from corridor.store.geopackage import open_store
>>> folder = Path(tempfile.mkdtemp())
>>> src = open_store(folder / "a.gpkg")
>>> _ = src.import_seed()
>>> counts = copy_store(src, open_store(folder / "b.gpkg"))
>>> copied = dump(open_store(folder / "b.gpkg"))
>>> (counts["sources"] > 0, all(dump(src)[n].equals(copied[n]) for n in copied))
(True, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor.store import _gpkg, _pg
from corridor.store import _tables as T

#: Tables holding evidence: a store must have none of their rows to receive a copy.
EVIDENCE = ["sightings", "sighting_revisions", "claims", "claim_revisions"]


def _is_postgis(store) -> bool:
    from corridor.store.postgis import PostgisStore

    return isinstance(store, PostgisStore)


def _typed(values, kind: str) -> list:
    cast = {"TEXT": str, "INTEGER": int, "REAL": float}[kind]
    return [None if v is None or (isinstance(v, float) and v != v) else cast(v) for v in values]


def _normal(df: pd.DataFrame, table) -> pd.DataFrame:
    cols = _pg.columns(table.name)
    out = {c: _typed(df[c].astype(object).tolist(), _pg.column_kind(table, c)) for c in cols}
    if table.points:
        out["geom_x"] = _typed(df["geom_x"].tolist(), "REAL")
        out["geom_y"] = _typed(df["geom_y"].tolist(), "REAL")
    return pd.DataFrame(out, columns=list(out), dtype=object).reset_index(drop=True)


def dump(store) -> dict[str, pd.DataFrame]:
    """Every table of ``store`` (GeoPackage or PostGIS) as typed rows in ``fid`` order.

    Returns
    -------
    dict of str to DataFrame
        One frame per table of :data:`corridor.store._tables.TABLES`, without ``fid``.
    """
    out = {}
    with store._connection() as con:
        for t in T.TABLES:
            if _is_postgis(store):
                xy = ", ST_X(geom) AS geom_x, ST_Y(geom) AS geom_y" if t.points else ""
                df = _pg.frame(con, f'SELECT *{xy} FROM "{t.name}" ORDER BY fid')
            else:
                df = pd.read_sql_query(f'SELECT * FROM "{t.name}" ORDER BY fid', con)
                if t.points:
                    x, y = _gpkg.blob_xy(df["geom"].tolist()) if len(df) else ([], [])
                    df["geom_x"], df["geom_y"] = list(x), list(y)
            if df.empty:
                df = pd.DataFrame(columns=[*_pg.columns(t.name), "geom_x", "geom_y"])
            out[t.name] = _normal(df, t)
    return out


def copy_store(src, dst) -> dict[str, int]:
    """Copy every sighting, claim, revision and source of ``src`` into the empty store ``dst``.

    Parameters
    ----------
    src, dst : Store or PostgisStore
        Open stores (:func:`corridor.store.geopackage.open_store`). ``dst`` must hold no
        sightings or claims yet; its sources are replaced by those of ``src``.

    Returns
    -------
    dict of str to int
        Rows copied per table.
    """
    tables = dump(src)
    with dst._transaction() as con:
        held = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in EVIDENCE}
        if any(held.values()):
            raise ValueError(
                f"{dst.path} already holds {held['sightings']} sightings and {held['claims']}"
                " claims; copy into a new or empty store"
            )
        con.execute("DELETE FROM sources")
        for t in T.TABLES:
            (_load_pg if _is_postgis(dst) else _load_gpkg)(con, t, tables[t.name])
    return {name: len(df) for name, df in tables.items()}


def _load_gpkg(con, table, df: pd.DataFrame) -> None:
    cols = _pg.columns(table.name)
    values = [df[c].tolist() for c in cols]
    if table.points:
        lon, lat = np.asarray(df["geom_x"], float), np.asarray(df["geom_y"], float)
        _gpkg.insert_points(con, table.name, cols, values, lon, lat)
        return
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" * len(cols))
    con.executemany(
        f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', zip(*values, strict=True)
    )
    _gpkg.touch(con, table.name)


def _load_pg(con, table, df: pd.DataFrame) -> None:
    cols = _pg.columns(table.name)
    values = [df[c].tolist() for c in cols]
    if table.points:
        cols, values = [*cols, "geom"], [*values, _pg.points(df["geom_x"], df["geom_y"])]
    if len(df):
        _pg.copy_rows(con, table.name, cols, zip(*values, strict=True))


__all__ = ["EVIDENCE", "copy_store", "dump"]
