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
>>> from corridor import open_case
>>> from corridor.store.geopackage import open_store
>>> folder = Path(tempfile.mkdtemp())
>>> src = open_store(folder / "a.gpkg", case=open_case())
>>> _ = src.import_seed()
>>> counts = copy_store(src, open_store(folder / "b.gpkg"))
>>> copied = dump(open_store(folder / "b.gpkg"))
>>> (counts["sources"] > 0, all(dump(src)[n].equals(copied[n]) for n in copied))
(True, True)
"""

from __future__ import annotations

import pandas as pd

from corridor.store._schema import TABLES, column_kind, columns

#: Tables holding evidence: a store must have none of their rows to receive a copy.
EVIDENCE = ["sightings", "sighting_revisions", "claims", "claim_revisions"]


def _typed(values, kind: str) -> list:
    cast = {"TEXT": str, "INTEGER": int, "REAL": float}[kind]
    return [None if v is None or (isinstance(v, float) and v != v) else cast(v) for v in values]


def _normal(df: pd.DataFrame, table) -> pd.DataFrame:
    cols = columns(table.name)
    out = {c: _typed(df[c].astype(object).tolist(), column_kind(table, c)) for c in cols}
    if table.points:
        out["geom_x"] = _typed(df["geom_x"].tolist(), "REAL")
        out["geom_y"] = _typed(df["geom_y"].tolist(), "REAL")
    return pd.DataFrame(out, columns=list(out), dtype=object).reset_index(drop=True)


def dump(store) -> dict[str, pd.DataFrame]:
    """Every table of ``store`` (GeoPackage or PostGIS) as typed rows in ``fid`` order.

    Returns
    -------
    dict of str to DataFrame
        One frame per table of :data:`corridor.store._schema.TABLES`, without ``fid``.
    """
    d, out = store.dialect, {}
    with store._connection() as con:
        for t in TABLES:
            if t.points:
                df, x, y = d.read_points(con, t.name)
                df["geom_x"], df["geom_y"] = list(x), list(y)
            else:
                df = d.frame(con, f'SELECT * FROM "{t.name}" ORDER BY fid')
            if df.empty:
                df = pd.DataFrame(columns=[*columns(t.name), "geom_x", "geom_y"])
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
    d = dst.dialect
    with dst._transaction() as con:
        held = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in EVIDENCE}
        if any(held.values()):
            raise ValueError(
                f"{dst.path} already holds {held['sightings']} sightings and {held['claims']}"
                " claims; copy into a new or empty store"
            )
        con.execute("DELETE FROM sources")
        for t in TABLES:
            df = tables[t.name]
            cols = columns(t.name)
            values = [df[c].tolist() for c in cols]
            if t.points:
                d.insert_points(con, t.name, cols, values, df["geom_x"], df["geom_y"])
            else:
                d.insert_rows(con, t.name, cols, zip(*values, strict=True))
                d.touch(con, t.name)
    return {name: len(df) for name, df in tables.items()}


__all__ = ["EVIDENCE", "copy_store", "dump"]
