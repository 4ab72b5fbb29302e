"""The store's tables, the same on every backend, and the forms their cells take.

:data:`TABLES` is the schema (a GeoPackage writes it with :mod:`corridor.store._gpkg`, PostgreSQL
with :mod:`corridor.store._pg`); :func:`cells` turns a CSV-form table into the values written,
:func:`text_form` turns stored rows back into the CSV form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from corridor.evidence.claims import CLAIM_COLUMNS
from corridor.evidence.sightings import INTEGER_FIELDS, SIGHTING_COLUMNS, SOURCE_COLUMNS


@dataclass(frozen=True)
class Table:
    """A user table: its columns ``(name, SQL type and constraints)`` and whether it has points."""

    name: str
    columns: list[tuple[str, str]]
    points: bool = False
    description: str = ""
    indexes: list[str] = field(default_factory=list)
    unique: list[str] = field(default_factory=list)


def sql_type(column: str) -> str:
    if column in ("lat", "lon", "low", "high"):
        return "REAL"
    if column in INTEGER_FIELDS:
        return "INTEGER"
    return "TEXT"


_SIGHTING = [(c, sql_type(c)) for c in SIGHTING_COLUMNS]
_CLAIM = [(c, sql_type(c)) for c in CLAIM_COLUMNS]
_META = [("recorded_at", "DATETIME NOT NULL"), ("origin", "TEXT"), ("change", "TEXT")]
TABLES = [
    Table(
        "sightings",
        [
            ("sighting_id", "TEXT NOT NULL UNIQUE"),
            ("revision", "INTEGER NOT NULL"),
            ("content_id", "TEXT NOT NULL"),
            ("row_hash", "TEXT NOT NULL"),
            *_SIGHTING,
            ("site_name", "TEXT"),
            *_META,
        ],
        points=True,
        description="Current revision of every sighting",
    ),
    Table(
        "sighting_revisions",
        [
            ("sighting_id", "TEXT NOT NULL"),
            ("revision", "INTEGER NOT NULL"),
            ("content_id", "TEXT NOT NULL"),
            ("row_hash", "TEXT NOT NULL"),
            *_SIGHTING,
            *_META,
        ],  # fmt: skip
        description="Every revision of every sighting edited at least once",
        indexes=["content_id", "sighting_id"],
    ),
    Table(
        "claims",
        [
            ("claim_id", "TEXT NOT NULL UNIQUE"),
            ("revision", "INTEGER NOT NULL"),
            ("row_hash", "TEXT NOT NULL"),
            *_CLAIM[1:],
            ("recorded_at", "DATETIME NOT NULL"),
        ],  # fmt: skip
        description="Current revision of every numeric claim",
    ),
    Table(
        "claim_revisions",
        [
            ("claim_id", "TEXT NOT NULL"),
            ("revision", "INTEGER NOT NULL"),
            ("row_hash", "TEXT NOT NULL"),
            *_CLAIM[1:],
            *_META,
        ],  # fmt: skip
        description="Every recorded revision of every numeric claim",
        indexes=["claim_id"],
    ),
    Table(
        "sources",
        [
            ("source_id", "TEXT NOT NULL UNIQUE"),
            *[(c, "TEXT") for c in SOURCE_COLUMNS[1:]],
            ("origin", "TEXT"),
            ("recorded_at", "DATETIME NOT NULL"),
        ],  # fmt: skip
        description="Publications and originators cited by sightings and claims",
    ),
]


def table(name: str) -> Table:
    """The store table called ``name``."""
    return next(t for t in TABLES if t.name == name)


def columns(name: str) -> list[str]:
    """Columns of a store table other than ``fid`` and ``geom``, in table order."""
    return [c for c, _ in table(name).columns]


def column_kind(t: Table, column: str) -> str:
    """``TEXT``, ``INTEGER`` or ``REAL``: how a column of a store table is stored."""
    kind = dict(t.columns)[column].split()[0]
    return {"DATETIME": "TEXT"}.get(kind, kind)


def cells(df: pd.DataFrame, columns: list[str]) -> list[list]:
    """Column lists for SQL: empty strings become NULL, numeric columns numbers."""
    out = []
    for c in columns:
        col = df[c]
        kind = sql_type(c)
        if kind == "TEXT":
            values = col.astype(object).where(col != "", None).tolist()
        else:
            num = pd.to_numeric(col.where(col != ""), errors="coerce").to_numpy(float).tolist()
            cast = int if kind == "INTEGER" else float
            values = [None if v != v else cast(v) for v in num]
        out.append(values)
    return out


def row_tuples(df: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """The rows of :func:`cells`, one tuple per row."""
    return list(zip(*cells(df, columns), strict=True))


def text_form(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Stored rows back in CSV form (strings, empty for NULL, integers without ``.0``)."""
    out = pd.DataFrame(index=df.index)
    for c in columns:
        col = df[c]
        if sql_type(c) == "INTEGER":
            col = pd.to_numeric(col).astype("Int64")
        elif sql_type(c) == "REAL" and c in ("lat", "lon"):
            out[c] = [repr(float(v)) if not pd.isna(v) else "" for v in col]
            continue
        elif sql_type(c) == "REAL":
            out[c] = [
                "" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else repr(float(v)))
                for v in col
            ]
            continue
        out[c] = col.astype(object).where(col.notna(), "").astype(str)
    return out.reset_index(drop=True)
