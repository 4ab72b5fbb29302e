"""What differs between the store's databases: the small interface the shared SQL is written against.

The store's reads and writes (:mod:`corridor.store._tables`, :mod:`corridor.store._query`) are
written once, in SQL that SQLite and PostgreSQL both accept, and ask a :class:`Dialect` only for
what really differs between a GeoPackage (through ``sqlite3``) and PostGIS (through psycopg 3):
the parameter marker, the SQL of the current time, how a query is read into a DataFrame, how rows
are appended in bulk, how points are written and read, how a box is matched, and what a
write must record besides its rows. :class:`corridor.store._gpkg.GeoPackageDialect` and
:class:`corridor.store._pg.PostgisDialect` are the two.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np
import pandas as pd


class Dialect(ABC):
    """How one database speaks the store's SQL (see the module docstring)."""

    #: The driver's parameter marker (``?`` for sqlite3, ``%s`` for psycopg).
    mark: str
    #: SQL giving the current UTC time as ISO 8601 text, ``2026-12-02T13:40:05.123Z``.
    now: str
    #: The marker of a point parameter (a value of :meth:`points`) in an ``UPDATE``.
    point_mark: str

    def marks(self, n: int) -> str:
        """``n`` parameter markers separated by commas."""
        return ", ".join([self.mark] * n)

    @abstractmethod
    def frame(self, con, sql: str, params=()) -> pd.DataFrame:
        """The rows of a query as a DataFrame (NULL as ``None``, or ``NaN`` in a number column)."""

    @abstractmethod
    def insert_rows(self, con, table: str, names: list[str], rows) -> None:
        """Append ``rows`` (tuples in the order of ``names``) to ``table``."""

    @abstractmethod
    def points(self, lon, lat) -> list:
        """Parameter values of the points ``(lon, lat)`` in EPSG:4326, written exactly."""

    @abstractmethod
    def insert_points(
        self, con, table: str, names: list[str], values: list[list], lon, lat
    ) -> None:
        """Append rows with point geometries: ``values`` holds one list per column of ``names``,
        each as long as ``lon`` and ``lat``."""

    @abstractmethod
    def read_points(
        self, con, table: str, where: str = "TRUE", params=()
    ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
        """Rows of a point table (alias ``s`` in ``where``) in ``fid`` order, without their
        geometry, and the longitudes and latitudes of their points."""

    @abstractmethod
    def bbox(self, minx: float, miny: float, maxx: float, maxy: float) -> tuple[str, list]:
        """SQL condition (and its parameters) of the sightings ``s`` whose point is in the box,
        answered by the database's spatial index."""

    @abstractmethod
    def touch(self, con, table: str, bounds=None) -> None:
        """Record that ``table`` changed (and for points, the ``bounds`` of what was written),
        where the database keeps such a record."""
