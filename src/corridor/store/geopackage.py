"""The evidence store: sightings, claims and their sources in one GeoPackage file.

``open_store()`` opens (and creates) the store at ``path``, else at ``$CORRIDOR_STORE``, else the
store of the case it is given (``store`` of its ``corridor.toml``, relative to the case folder; a
shipped example case keeps its store in ``$XDG_DATA_HOME/corridor/<case>.gpkg``). The case gives
the store its sites, sources and seed tables (:class:`~corridor.store.settings.StoreSettings`);
the store never looks a case up. The file is a GeoPackage 1.3 that GDAL, QGIS and pandas open:
layer ``sightings`` (points, EPSG:4326, R-tree index) holds the current revision of every
sighting, ``sighting_revisions`` the full history of every sighting edited at least once,
``claims`` and ``claim_revisions`` the current and every revision of the numeric claims,
``sources`` the publications and originators they cite (seeded from the case's ``sources.csv``,
extended by imports). Observed times are ISO 8601 text, so they sort and compare as dates.

Identity and revisions
----------------------
A sighting's ``sighting_id`` is the content hash (:func:`corridor.evidence.sightings.sighting_id`) of its
first revision and never changes. Each revision has ``revision`` (1, 2, ...), ``content_id``
(the content hash of that revision's identity fields), ``row_hash`` (hash of every field),
``recorded_at``, ``origin`` (the file or command it came from) and ``change`` (``created`` or
the fields that changed). Edits never overwrite: :meth:`Store.revise`, and imports of a known
sighting with other notes, tags or source detail, append a revision and make it current; the
first edit of a sighting also copies its first revision into ``sighting_revisions``, so a
sighting never edited has one revision, its row in ``sightings``. An imported row whose
``row_hash`` matches any revision is ``unchanged``; one whose content matches a known sighting
is ``revised``; anything else is ``added``. So re-importing a file adds nothing, even after
later edits. Claims carry their own ``claim_id``; a changed row with a known id is a new
revision, and ``claim_revisions`` records every revision.

Imports check every row first and report all problems at once
(:class:`~corridor.validation.ValidationError`); they write in one ``BEGIN IMMEDIATE`` SQLite
transaction, so an import lands whole or not at all, concurrent imports queue (a writer waits
``wait_s``, 60 s by default, then gives up with :class:`StoreBusy`) and a killed process leaves
the earlier content intact. The file is in write-ahead-log mode and reads go through a read-only
connection: a reader never takes a lock that writers wait for, and during a long import it gets
the last committed state at once. Opening never writes to a store that exists, and never
creates one unless asked (``create=True``, imports); a file that is not a corridor store is
refused (:class:`StoreError`, one line with the path and the reason). The public methods of
:class:`Store` are the whole interface, written once (:class:`~corridor.store._core.StoreCore`)
for this file and for PostgreSQL + PostGIS (:class:`~corridor.store.postgis.PostgisStore`).

Examples
--------
>>> import tempfile
>>> from corridor import open_case
>>> store = open_store(Path(tempfile.mkdtemp()) / "evidence.gpkg", case=open_case())
>>> first, _ = store.import_seed()
>>> again, _ = store.import_seed()
>>> (first.added == len(store.sightings()), again.added, again.unchanged == first.added)
(True, 0, True)
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from corridor.evidence.sightings import SOURCE_COLUMNS
from corridor.store import _gpkg, _open
from corridor.store import _tables as T
from corridor.store._core import ImportReport, StoreCore
from corridor.store._open import StoreBusy, StoreError, StoreReadOnly
from corridor.store._schema import TABLES
from corridor.store.postgis import PostgisStore, is_url
from corridor.store.settings import StoreSettings, data_home

ENV_VAR = "CORRIDOR_STORE"


def default_path(case=None) -> Path:
    """``$CORRIDOR_STORE``, else the store of ``case`` (a case or its
    :class:`~corridor.store.settings.StoreSettings`): ``store`` of its ``corridor.toml`` relative
    to its folder, or ``data_home()/<case>.gpkg`` for a shipped example case (package data is not
    written to). With neither, a :class:`StoreError` says what to give."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    path = StoreSettings.of(case).path
    if path is None:
        raise StoreError(
            f"no store named: give a store path or postgresql:// URL, set ${ENV_VAR}, or open the"
            " store of a case (open_store(case=...), Case.store())"
        )
    return path


def open_store(
    path: str | Path | None = None,
    *,
    case=None,
    create: bool = True,
    into_geopackage: bool = False,
    wait_s: float | None = None,
):
    """Open the store at ``path`` (see :func:`default_path`), with the sites, sources and seed
    tables of ``case``.

    Parameters
    ----------
    path : path or str, optional
        The store's GeoPackage, or a ``postgresql://`` URL (also in ``$CORRIDOR_STORE``) of a
        PostgreSQL + PostGIS store (:class:`corridor.store.postgis.PostgisStore`, the same
        interface).
    case : corridor.case.Case or StoreSettings, optional
        Whose gazetteer resolves site names, whose sources a new store starts with and whose
        seed tables :meth:`Store.import_seed` imports; any object with the attributes
        :meth:`StoreSettings.from_case` reads will do. Without one the store knows no sites and
        starts with no sources.
    create : bool
        Create the store when no file is there (``True``, for imports); with ``False`` (every
        read-only command) a missing file is a :class:`StoreError` "no store at PATH".
    into_geopackage : bool
        Allow adding the store's tables to an existing GeoPackage that another program wrote;
        otherwise any file that is not a corridor store is refused and left untouched.
    wait_s : float, optional
        Seconds a write waits for another writer's lock before giving up with one line
        (default ``$CORRIDOR_STORE_WAIT``, else 60). Reads never wait.

    Raises
    ------
    StoreError
        One line with the path and the reason: no store there (``create=False``), a directory,
        an empty, truncated or non-SQLite file, a GeoPackage without the store's tables.
    """
    settings = StoreSettings.of(case)
    target = path if path is not None else os.environ.get(ENV_VAR) or default_path(settings)
    if is_url(target):
        return PostgisStore(target, case=settings)
    return Store(Path(target), case=settings, create=create, into_geopackage=into_geopackage,
                 wait_s=wait_s)  # fmt: skip


class Store(StoreCore):
    """Sightings, claims and sources in a GeoPackage file (see the module docstring).

    Parameters
    ----------
    path : Path
        The GeoPackage.
    gazetteer : Gazetteer, optional
        Resolves site names (default: that of ``case``).
    case : corridor.case.Case or StoreSettings, optional
        See :func:`open_store`; ``create``, ``into_geopackage`` and ``wait_s`` as there.
    """

    dialect = _gpkg.DIALECT

    def __init__(
        self,
        path: Path,
        gazetteer=None,
        *,
        case=None,
        create: bool = True,
        into_geopackage: bool = False,
        wait_s: float | None = None,
    ):
        self.path = Path(path)
        self.settings = StoreSettings.of(case)
        self.gazetteer = gazetteer or self.settings.gazetteer
        self.wait_s = _open.wait_s(wait_s)
        self._reader, self._reader_pid = None, None
        state = _open.inspect(self.path, into_geopackage=into_geopackage)
        if state == "absent" and not create:
            raise _open.StoreError(f"no store at {self.path}")
        if state == "store":
            self._upgrade()
            return
        _open.make_parent(self.path)
        with self._transaction() as con:
            _gpkg.ensure(con, TABLES)
            T.insert_sources(self.dialect, con, self.settings.sources,
                             self.settings.origin("sources.csv"))  # fmt: skip
            _gpkg.touch(con, "sources")

    def _upgrade(self) -> None:
        """Add tables a newer version of the store has, when the file can be written."""
        with self._connection() as con:
            missing = {t.name for t in TABLES} - _table_names(con)
        if missing and os.access(self.path, os.W_OK) and self.path.stat().st_mode & 0o222:
            with self._transaction() as con:
                _gpkg.ensure(con, TABLES)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def _protected(self) -> list[Path]:
        return [self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")]

    @contextlib.contextmanager
    def _connection(self):
        """The store's read-only connection, opened once and kept (its page cache stays warm).

        It never takes a write lock: in write-ahead-log mode it reads the last committed state
        while another process writes.
        """
        if self._reader is None or self._reader_pid != os.getpid():
            try:
                self._reader = _gpkg.connect(self.path, self.wait_s, read_only=True)
            except sqlite3.Error as exc:
                raise _open.translate(self.path, exc, self.wait_s) from None
            self._reader_pid = os.getpid()
        try:
            yield self._reader
        except sqlite3.DatabaseError as exc:
            raise _open.translate(self.path, exc, self.wait_s) from None

    def close(self) -> None:
        """Close the reading connection (writes open and close their own)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    @contextlib.contextmanager
    def _transaction(self):
        """One write transaction (``BEGIN IMMEDIATE``): all of it lands, or none of it.

        Waits up to :attr:`wait_s` for another writer, then gives up with
        :class:`~corridor.store._open.StoreBusy`; a file the user cannot write gives
        :class:`~corridor.store._open.StoreReadOnly` before anything is tried.
        """
        _open.check_writable(self.path)
        try:
            con = _gpkg.connect(self.path, self.wait_s)
            if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                con.execute("PRAGMA journal_mode = WAL")  # a store from before WAL
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _open.translate(self.path, exc, self.wait_s) from None
        try:
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            try:
                con.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _open.translate(self.path, exc, self.wait_s) from None
            with contextlib.suppress(sqlite3.Error):  # the .gpkg alone holds every commit
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()


def _table_names(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


__all__ = [
    "ENV_VAR", "ImportReport", "SOURCE_COLUMNS", "Store", "StoreBusy", "StoreError",
    "StoreReadOnly", "data_home", "default_path", "open_store",
]  # fmt: skip
