"""The evidence store: sightings, claims and their sources in one GeoPackage file.

``open_store()`` opens (and creates) the store at ``path``, else at ``$CORRIDOR_STORE``, else the
case's store (``store`` of its ``corridor.toml``, relative to the case folder; a shipped example
case keeps its store in ``$XDG_DATA_HOME/corridor/<case>.gpkg``). The file is
a GeoPackage 1.3 that GDAL, QGIS and pandas open: layer ``sightings`` (points, EPSG:4326, R-tree
index) holds the current revision of every sighting, ``sighting_revisions`` the full history of
every sighting edited at least once, ``claims`` and ``claim_revisions`` the current and every
revision of the numeric claims, ``sources`` the publications and originators they cite (seeded
from the case's ``sources.csv``, extended by imports). Observed times are ISO 8601 text, so they
sort and compare as dates.

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
refused (:class:`StoreError`, one line with the path and the reason). The public methods of :class:`Store` are the
whole interface: a server database can implement the same ones later.

Examples
--------
>>> import tempfile
>>> store = open_store(Path(tempfile.mkdtemp()) / "evidence.gpkg")
>>> first, _ = store.import_seed()
>>> again, _ = store.import_seed()
>>> (first.added == len(store.sightings()), again.added, again.unchanged == first.added)
(True, 0, True)
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor.evidence.claims import CLAIM_COLUMNS, claim_hash
from corridor.evidence.claims import prepare as prepare_claims
from corridor.evidence.claims import typed as typed_claims
from corridor.evidence.sightings import SIGHTING_COLUMNS, SOURCE_COLUMNS, read_table
from corridor.evidence.sightings import prepare as prepare_sightings
from corridor.places.gazetteer import Gazetteer
from corridor.store import _gpkg, _open
from corridor.store import _query as Q
from corridor.store import _tables as T
from corridor.store._open import StoreBusy, StoreError, StoreReadOnly
from corridor.validation import ValidationError

ENV_VAR = "CORRIDOR_STORE"


def data_home() -> Path:
    """``$XDG_DATA_HOME/corridor`` (``~/.local/share/corridor``)."""
    home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(home) / "corridor"


def default_path(case=None) -> Path:
    """``$CORRIDOR_STORE``, else the store of ``case`` (default: the current case): ``store`` of
    its ``corridor.toml`` relative to its folder, or ``data_home()/<case>.gpkg`` for a shipped
    example case (package data is not written to)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    from corridor.case import current_case, examples_dir

    case = case or current_case()
    if case.root.parent == examples_dir().resolve():
        return data_home() / f"{case.name}.gpkg"
    return case.store_path


def open_store(
    path: str | Path | None = None,
    *,
    case=None,
    create: bool = True,
    into_geopackage: bool = False,
    wait_s: float | None = None,
):
    """Open the store at ``path`` (see :func:`default_path`), with the gazetteer and sources of
    ``case`` (default: the current case).

    Parameters
    ----------
    path : path or str, optional
        The store's GeoPackage, or a ``postgresql://`` URL (also in ``$CORRIDOR_STORE``) of a
        PostgreSQL + PostGIS store (:class:`corridor.store.postgis.PostgisStore`, the same
        interface).
    case : corridor.case.Case, optional
        Whose gazetteer resolves site names and whose sources a new store starts with.
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
    from corridor.case import current_case

    case = case or current_case()
    target = path if path is not None else os.environ.get(ENV_VAR) or None
    if isinstance(target, str) and target.startswith(("postgresql://", "postgres://")):
        from corridor.store.postgis import PostgisStore

        return PostgisStore(target, case=case)
    path = Path(path) if path is not None else default_path(case)
    return Store(path, case=case, create=create, into_geopackage=into_geopackage, wait_s=wait_s)


@dataclass
class ImportReport:
    """What an import did: ids added, revised (new revision of a known item) and unchanged."""

    origin: str
    added_ids: list[str] = field(default_factory=list)
    revised_ids: list[str] = field(default_factory=list)
    unchanged_ids: list[str] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return len(self.added_ids)

    @property
    def revised(self) -> int:
        return len(self.revised_ids)

    @property
    def unchanged(self) -> int:
        return len(self.unchanged_ids)

    def __str__(self) -> str:
        text = (
            f"{self.origin}: {self.added} added, {self.revised} revised, {self.unchanged} unchanged"
        )
        if self.sources_added:
            text += f", {len(self.sources_added)} new source(s)"
        if not self.added and not self.revised:
            text += " (nothing new: every row is already in the store)"
        return text


class Store:
    """Sightings, claims and sources in a GeoPackage file (see the module docstring)."""

    def __init__(
        self,
        path: Path,
        gazetteer: Gazetteer | None = None,
        *,
        case=None,
        create: bool = True,
        into_geopackage: bool = False,
        wait_s: float | None = None,
    ):
        from corridor.case import current_case

        self.path = Path(path)
        self.case = case or current_case()
        self.wait_s = _open.wait_s(wait_s)
        self._reader, self._reader_pid = None, None
        state = _open.inspect(self.path, into_geopackage=into_geopackage)
        if state == "absent" and not create:
            raise _open.StoreError(f"no store at {self.path}")
        self.gazetteer = gazetteer or self.case.gazetteer
        if state == "store":
            self._upgrade()
            return
        _open.make_parent(self.path)
        with self._transaction() as con:
            _gpkg.ensure(con, T.TABLES)
            T.insert_sources(con, self.case.sources, f"{self.case.name}/sources.csv")
            _gpkg.touch(con, "sources")

    def _upgrade(self) -> None:
        """Add tables a newer version of the store has, when the file can be written."""
        with self._connection() as con:
            missing = {t.name for t in T.TABLES} - _table_names(con)
        if missing and os.access(self.path, os.W_OK) and self.path.stat().st_mode & 0o222:
            with self._transaction() as con:
                _gpkg.ensure(con, T.TABLES)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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

    # --- reading -------------------------------------------------------------------------------

    def sources(self) -> pd.DataFrame:
        """The store's sources, indexed by ``source_id``."""
        with self._connection() as con:
            return T.read_sources(con)

    def sightings(self, start=None, end=None, **filters) -> gpd.GeoDataFrame:
        """Current sightings matching the filters, as a GeoDataFrame (EPSG:4326).

        Parameters
        ----------
        start, end : date-like, optional
            Time window. A sighting matches when its observed interval, which spans its whole
            precision (a month-level sighting covers the month), overlaps the window; with
            ``within=True`` only when the interval lies inside it.
        **filters
            ``within``, ``site`` (site ids), ``asset`` (substring of asset class or name),
            ``activity``, ``source`` (source, originator or imagery provider id),
            ``confidence``, ``tag``, ``bbox`` ``(min_lon, min_lat, max_lon, max_lat)``; lists
            or single values.
        """
        where, params = Q.sighting_filters(start, end, **filters)
        with self._connection() as con:
            df = pd.read_sql_query(
                f"SELECT * FROM sightings WHERE {where} ORDER BY fid", con, params=params
            )
            sources = T.read_sources(con)
        return Q.sightings_frame(df, self.gazetteer, sources)

    def export(self, path, fmt: str | None = None, **filters):
        """Write the sightings matching ``filters`` (see :meth:`sightings`) to a file.

        ``fmt`` is one of :data:`corridor.evidence.exports.FORMATS`, by default taken from the suffix.
        The file is written atomically, and never onto the store itself (``ValueError``).
        The sources and sites the sightings cite go with them: ``sources`` and ``sites`` layers
        of a GeoPackage, ``<name>.sources.csv`` and ``<name>.sites.csv`` beside a CSV;
        :meth:`import_sightings` reads them back, so an export imports whole into another case's
        empty store.
        """
        from corridor.evidence.exports import export, export_references

        protect = [self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")]
        sightings = self.sightings(**filters)
        path = export(sightings, path, fmt, protect=protect)
        cited = set(sightings[["source_id", "originator_id", "imagery_provider"]].stack())
        sources = self.sources()
        sites = self.gazetteer.sites
        export_references(
            sources[sources["source_id"].isin(cited)],
            sites[sites["site_id"].isin(set(sightings["site_id"]))],
            path,
        )
        return path

    def history(self, sighting_id: str) -> pd.DataFrame:
        """Every revision of a sighting, oldest first (``KeyError`` for an unknown id).

        A sighting never edited has one revision, its current row.
        """
        with self._connection() as con:
            df = T.history(con, sighting_id)
        if df.empty:
            raise KeyError(f"no sighting {sighting_id!r} in {self.path}")
        return df.reset_index(drop=True)

    def claims(self, subject=None, claimant=None, source=None) -> pd.DataFrame:
        """Current claims, optionally by ``subject``, ``claimant`` id or ``source`` id."""
        clauses, params = ["1"], []
        for column, value in (
            ("subject", subject),
            ("claimant_id", claimant),
            ("source_id", source),
        ):
            if value is not None:
                values = [value] if isinstance(value, str) else list(value)
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params += values
        with self._connection() as con:
            df = pd.read_sql_query(
                f"SELECT * FROM claims WHERE {' AND '.join(clauses)} ORDER BY fid",
                con,
                params=params,
            )
            sources = T.read_sources(con)
        canon = T.text_form(df, CLAIM_COLUMNS)
        return typed_claims(canon, sources).assign(revision=df["revision"].astype(int))

    def claim_history(self, claim_id: str) -> pd.DataFrame:
        """Every revision of a claim, oldest first."""
        with self._connection() as con:
            df = pd.read_sql_query(
                "SELECT * FROM claim_revisions WHERE claim_id = ? ORDER BY revision",
                con, params=(claim_id,),
            )  # fmt: skip
        if df.empty:
            raise KeyError(f"no claim {claim_id!r} in {self.path}")
        return df.drop(columns=["fid"])

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self._connection() as con:
            return {
                t.name: con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
                for t in T.TABLES
            }

    # --- writing -------------------------------------------------------------------------------

    def import_sightings(self, table, *, sources=None, origin=None) -> ImportReport:
        """Import sightings from a CSV, GeoJSON or GeoPackage path or a DataFrame (CSV form).

        ``sources`` (a DataFrame of ``SOURCE_COLUMNS``) registers new sources in the same
        transaction. Raises :class:`ValidationError` with every problem and leaves the store
        unchanged; otherwise returns an :class:`ImportReport`.
        """
        canon, new_sources, gazetteer, origin = self._checked_sightings(table, sources, origin)
        report = ImportReport(origin)
        with self._transaction() as con:
            report.sources_added = T.insert_sources(con, new_sources, origin)
            T.write_sightings(con, canon, gazetteer, origin, report)
        return report

    def _checked_sightings(self, table, sources, origin):
        """Read and check sightings to import, with the sources and sites the file carries:
        ``(canonical rows, new sources, gazetteer, origin)``, or every problem raised at once."""
        df, origin = _read(table, origin, points=True)
        gazetteer = self.gazetteer
        if not isinstance(table, pd.DataFrame):
            gazetteer, carried = self._with_carried_references(Path(table))
            sources = carried if sources is None else sources
        known = self.sources()
        new_sources, problems = T.check_sources(known, sources, origin)
        all_sources = pd.concat([known, new_sources]) if len(new_sources) else known
        canon, more = prepare_sightings(
            df, origin, gazetteer, all_sources, activities=self.case.activities
        )
        problems += more
        if not problems:
            canon, dup_problems = T.with_hashes(canon, origin)
            problems += dup_problems
        if problems:
            raise ValidationError(problems)
        return canon, new_sources, gazetteer, origin

    def _checked_claims(self, table, sources, origin):
        """Read and check claims to import: ``(canonical rows, new sources, origin)``."""
        df, origin = _read(table, origin)
        if sources is None and not isinstance(table, pd.DataFrame):
            from corridor.evidence.exports import read_references

            sources = read_references(Path(table)).get("sources")
        known = self.sources()
        new_sources, problems = T.check_sources(known, sources, origin)
        all_sources = pd.concat([known, new_sources]) if len(new_sources) else known
        canon, more = prepare_claims(df, origin, all_sources)
        problems += more
        if problems:
            raise ValidationError(problems)
        canon["row_hash"] = [claim_hash(r) for _, r in canon.iterrows()]
        return canon, new_sources, origin

    def _with_carried_references(self, path: Path):
        """The store's gazetteer extended by the sites an export carries that the case lacks
        (the case's own sites win), and the sources it carries (None when it carries none)."""
        import tempfile

        from corridor.evidence.exports import read_references
        from corridor.places.gazetteer import load_sites

        carried = read_references(path)
        gazetteer = self.gazetteer
        if "sites" in carried and len(carried["sites"]):
            new = carried["sites"][~carried["sites"]["site_id"].isin(gazetteer.sites["site_id"])]
            if len(new):
                with tempfile.TemporaryDirectory() as tmp:
                    check = Path(tmp) / "sites.csv"
                    new.to_csv(check, index=False)
                    try:
                        sites = load_sites(check, kinds=gazetteer.kinds)
                    except ValueError as exc:
                        raise ValueError(str(exc).replace(str(check), f"{path} (sites)")) from None
                merged = pd.concat([gazetteer.sites, sites], ignore_index=True)
                gazetteer = type(gazetteer)(
                    gpd.GeoDataFrame(merged, geometry="geometry", crs=gazetteer.sites.crs),
                    kinds=gazetteer.kinds,
                )
        return gazetteer, carried.get("sources")

    def add_sighting(self, *, origin: str = "corridor sightings add", **fields) -> ImportReport:
        """Add one sighting given as CSV-form fields (``site_id="odesa"``, ...)."""
        unknown = sorted(set(fields) - set(SIGHTING_COLUMNS))
        if unknown:
            raise ValueError(f"unknown sighting fields {unknown}; fields are {SIGHTING_COLUMNS}")
        row = {c: "" if fields.get(c) is None else str(fields[c]) for c in SIGHTING_COLUMNS}
        return self.import_sightings(pd.DataFrame([row]), origin=origin)

    def revise(self, sighting_id: str, *, origin: str = "revise", **changes) -> int:
        """Record a new revision of a sighting with ``changes`` applied; returns its number.

        The ``sighting_id`` stays; the previous revisions remain listed by :meth:`history`.
        """
        _check_changes(changes)
        with self._connection() as con:
            row = pd.read_sql_query(
                "SELECT * FROM sightings WHERE sighting_id = ?", con, params=(sighting_id,)
            )
        canon = self._revised(sighting_id, row, changes, origin)
        with self._transaction() as con:
            return T.revise_sighting(con, sighting_id, canon, self.gazetteer, origin)

    def _revised(self, sighting_id: str, row: pd.DataFrame, changes: dict, origin: str):
        """The checked, hashed new revision of the stored sighting ``row`` with ``changes``."""
        if row.empty:
            raise KeyError(f"no sighting {sighting_id!r} in {self.path}")
        current = T.text_form(row, SIGHTING_COLUMNS)
        for key, value in changes.items():
            current.loc[0, key] = "" if value is None else str(value)
        canon, problems = prepare_sightings(
            current, origin, self.gazetteer, self.sources(), activities=self.case.activities
        )
        if problems:
            raise ValidationError(problems)
        canon, _ = T.with_hashes(canon, origin)
        return canon

    def import_claims(self, table, *, sources=None, origin=None) -> ImportReport:
        """Import numeric claims (path or DataFrame of ``CLAIM_COLUMNS``), like sightings."""
        canon, new_sources, origin = self._checked_claims(table, sources, origin)
        report = ImportReport(origin)
        with self._transaction() as con:
            report.sources_added = T.insert_sources(con, new_sources, origin)
            T.write_claims(con, canon, origin, report)
        return report

    def import_seed(self) -> tuple[ImportReport, ImportReport]:
        """Import the case's seed sightings and claims (its ``sightings.csv`` and ``claims.csv``;
        a table the case lacks imports nothing)."""
        reports = []
        for name, method in (("sightings.csv", self.import_sightings),
                             ("claims.csv", self.import_claims)):  # fmt: skip
            path = self.case.table(name)
            if path is None:
                reports.append(ImportReport(f"{self.case.name}/{name}"))
            else:
                reports.append(method(path, origin=f"{self.case.name}/{name}"))
        return reports[0], reports[1]


def _check_changes(changes: dict) -> None:
    unknown = sorted(set(changes) - set(SIGHTING_COLUMNS))
    if unknown:
        raise ValueError(f"unknown sighting fields {unknown}; fields are {SIGHTING_COLUMNS}")


def _table_names(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _read(table, origin: str | None, points: bool = False) -> tuple[pd.DataFrame, str]:
    if isinstance(table, pd.DataFrame):
        return table, origin or "<table>"
    path = Path(table)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    return read_table(path, points=points), origin or str(path)


__all__ = [
    "ENV_VAR", "ImportReport", "SOURCE_COLUMNS", "Store", "StoreBusy", "StoreError",
    "StoreReadOnly", "default_path", "open_store",
]  # fmt: skip
