"""The evidence store on PostgreSQL + PostGIS: one database that a team writes to at once.

``open_store("postgresql://user@host/db")`` (also ``--store`` and ``$CORRIDOR_STORE``) returns a
:class:`PostgisStore`, whose public methods are those of the GeoPackage
:class:`~corridor.store.geopackage.Store`, written once for both
(:class:`~corridor.store._core.StoreCore`), with the same results: the same tables and columns
(``sightings`` with a ``geom`` point column in EPSG:4326 and a GiST index, ``sighting_revisions``,
``claims``, ``claim_revisions``, ``sources``), the same identities and revisions, the same
validation (:mod:`corridor.evidence`) and the same idempotent imports. The tables live in the
first schema of the connection's ``search_path`` (``?options=-csearch_path%3Dteam,public`` in the
URL picks another schema); QGIS and ``ogrinfo PG:...`` list them as layers.

An import runs in one transaction: it lands whole or not at all, and a writer killed midway
leaves nothing behind (the server rolls back when its connection drops). Writers queue on an
advisory lock held for the transaction; readers are never blocked. A role granted only
``SELECT`` can list and export; its imports fail with :class:`PermissionError`.

Examples
--------
A server is needed, so this example is not run::

    store = open_store("postgresql://analyst@db.example.org/evidence")
    store.import_sightings("sightings.csv")
"""

from __future__ import annotations

import contextlib
import os
import re

from corridor.places.gazetteer import Gazetteer
from corridor.store import _pg
from corridor.store import _tables as T
from corridor.store._core import StoreCore
from corridor.store.settings import StoreSettings

#: URL schemes that name a PostgreSQL store.
SCHEMES = ("postgresql://", "postgres://")


def is_url(target) -> bool:
    """Whether ``target`` names a PostgreSQL store (a ``postgresql://`` URL)."""
    return isinstance(target, str) and target.startswith(SCHEMES)


def _psycopg():
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - a dependency of corridor
        raise ImportError(
            "a PostgreSQL store needs psycopg 3: pip install 'psycopg[binary]'"
        ) from exc
    return psycopg


class PostgisStore(StoreCore):
    """Sightings, claims and sources in PostgreSQL + PostGIS (see the module docstring).

    Parameters
    ----------
    url : str
        A libpq connection URL, ``postgresql://[user[:password]@]host[:port]/dbname[?...]``.
    gazetteer : Gazetteer, optional
        Resolves site names, as for the GeoPackage store (default: that of ``case``).
    case : corridor.case.Case or StoreSettings, optional
        The case whose sites, sources and seed tables the store uses
        (:func:`corridor.store.geopackage.open_store`).
    """

    dialect = _pg.DIALECT

    def __init__(self, url: str, gazetteer: Gazetteer | None = None, case=None):
        if not is_url(url):
            raise ValueError(f"{url!r} is not a PostgreSQL URL (postgresql://user@host/db)")
        self.url = url
        self.path = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)  # shown in messages
        self.settings = StoreSettings.of(case)
        self.gazetteer = gazetteer or self.settings.gazetteer
        self._reader, self._reader_pid = None, None
        with self._connection() as con:
            missing = _pg.missing_tables(con)
        if missing:
            with self._transaction() as con:
                missing = _pg.missing_tables(con)  # another process may have created them
                if missing:
                    _pg.create(con, missing)
                if "sources" in missing:
                    T.insert_sources(self.dialect, con, self.settings.sources,
                                     self.settings.origin("sources.csv"))  # fmt: skip

    def __repr__(self) -> str:
        return f"PostgisStore({self.path!r})"

    def _connect(self, **kwargs):
        psycopg = _psycopg()
        try:
            return psycopg.connect(self.url, **kwargs)
        except psycopg.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ConnectionError(f"{self.path}: cannot connect to PostgreSQL: {first}") from None

    @contextlib.contextmanager
    def _connection(self):
        """The reading connection (autocommit: every query sees the latest committed imports)."""
        if self._reader is None or self._reader.closed or self._reader_pid != os.getpid():
            self._reader, self._reader_pid = self._connect(autocommit=True), os.getpid()
        yield self._reader

    def close(self) -> None:
        """Close the reading connection (writes open and close their own)."""
        if self._reader is not None and self._reader_pid == os.getpid():
            self._reader.close()
        self._reader = None

    @contextlib.contextmanager
    def _transaction(self):
        """A write transaction holding the store's advisory lock; a role that may not write
        gets :class:`PermissionError`."""
        psycopg = _psycopg()
        con = self._connect()
        try:
            with con.transaction():
                con.execute(_pg.LOCK)
                if not con.execute(_pg.MAY_WRITE).fetchone()[0]:
                    raise psycopg.errors.InsufficientPrivilege("no INSERT or UPDATE on sightings")
                yield con
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ReadOnlySqlTransaction) as exc:
            user = con.info.user
            raise PermissionError(
                f"{self.path}: role {user!r} may read this store but not write to it"
                f" ({str(exc).splitlines()[0]}); ask for INSERT and UPDATE on its tables"
            ) from None
        finally:
            con.close()


__all__ = ["PostgisStore", "SCHEMES", "is_url"]
