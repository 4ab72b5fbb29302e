"""The evidence store on PostgreSQL + PostGIS: one database that a team writes to at once.

``open_store("postgresql://user@host/db")`` (also ``--store`` and ``$CORRIDOR_STORE``) returns a
:class:`PostgisStore`, whose public methods are those of the GeoPackage
:class:`~corridor.store.geopackage.Store` with the same results: the same tables and columns
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

import geopandas as gpd
import pandas as pd

from corridor.evidence.claims import CLAIM_COLUMNS
from corridor.evidence.claims import typed as typed_claims
from corridor.places.gazetteer import Gazetteer
from corridor.store import _pg
from corridor.store import _query as Q
from corridor.store import _tables as T
from corridor.store.geopackage import ImportReport, Store, _check_changes

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


class PostgisStore:
    """Sightings, claims and sources in PostgreSQL + PostGIS (see the module docstring).

    Parameters
    ----------
    url : str
        A libpq connection URL, ``postgresql://[user[:password]@]host[:port]/dbname[?...]``.
    gazetteer : Gazetteer, optional
        Resolves site names, as for the GeoPackage store.
    """

    def __init__(self, url: str, gazetteer: Gazetteer | None = None, case=None):
        from corridor.case import current_case

        if not is_url(url):
            raise ValueError(f"{url!r} is not a PostgreSQL URL (postgresql://user@host/db)")
        self.url = url
        self.path = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)  # shown in messages
        self.case = case or current_case()
        self.gazetteer = gazetteer or self.case.gazetteer
        self._reader, self._reader_pid = None, None
        with self._connection() as con:
            missing = _pg.missing_tables(con)
        if missing:
            with self._transaction() as con:
                missing = _pg.missing_tables(con)  # another process may have created them
                if missing:
                    _pg.create(con, missing)
                if "sources" in missing:
                    _pg.insert_sources(con, self.case.sources, f"{self.case.name}/sources.csv")

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

    __enter__ = Store.__enter__
    __exit__ = Store.__exit__

    # --- reading -------------------------------------------------------------------------------

    def sources(self) -> pd.DataFrame:
        """The store's sources, indexed by ``source_id``."""
        with self._connection() as con:
            return _pg.read_sources(con)

    def sightings(self, start=None, end=None, **filters) -> gpd.GeoDataFrame:
        """Current sightings matching the filters (see :meth:`Store.sightings`)."""
        where, params = _where(start, end, **filters)
        with self._connection() as con:
            df = _pg.read_points(con, where, params)
            sources = _pg.read_sources(con)
        return Q.sightings_frame(df, self.gazetteer, sources)

    export = Store.export

    def history(self, sighting_id: str) -> pd.DataFrame:
        """Every revision of a sighting, oldest first (``KeyError`` for an unknown id)."""
        with self._connection() as con:
            df = _pg.frame(
                con, "SELECT * FROM sighting_revisions WHERE sighting_id = %s ORDER BY revision",
                (sighting_id,),
            )  # fmt: skip
        if df.empty:
            raise KeyError(f"no sighting {sighting_id!r} in {self.path}")
        return df.drop(columns=["fid"])

    def claims(self, subject=None, claimant=None, source=None) -> pd.DataFrame:
        """Current claims, optionally by ``subject``, ``claimant`` id or ``source`` id."""
        clauses, params = ["TRUE"], []
        for column, value in (("subject", subject), ("claimant_id", claimant),
                              ("source_id", source)):  # fmt: skip
            if value is not None:
                values = [value] if isinstance(value, str) else list(value)
                clauses.append(f"{column} = ANY(%s)")
                params.append(values)
        with self._connection() as con:
            df = _pg.frame(
                con, f"SELECT * FROM claims WHERE {' AND '.join(clauses)} ORDER BY fid", params
            )
            sources = _pg.read_sources(con)
        if df.empty:
            df = pd.DataFrame(columns=["fid", *_pg.columns("claims")])
        canon = T.text_form(df, CLAIM_COLUMNS)
        return typed_claims(canon, sources).assign(revision=df["revision"].astype(int))

    def claim_history(self, claim_id: str) -> pd.DataFrame:
        """Every revision of a claim, oldest first."""
        with self._connection() as con:
            df = _pg.frame(
                con, "SELECT * FROM claim_revisions WHERE claim_id = %s ORDER BY revision",
                (claim_id,),
            )  # fmt: skip
        if df.empty:
            raise KeyError(f"no claim {claim_id!r} in {self.path}")
        return df.drop(columns=["fid"])

    counts = Store.counts

    # --- writing -------------------------------------------------------------------------------

    def import_sightings(self, table, *, sources=None, origin=None) -> ImportReport:
        """Import sightings (see :meth:`Store.import_sightings`): all problems reported at once
        and nothing written, else one transaction."""
        canon, new_sources, gazetteer, origin = self._checked_sightings(table, sources, origin)
        report = ImportReport(origin)
        with self._transaction() as con:
            report.sources_added = _pg.insert_sources(con, new_sources, origin)
            _pg.write_sightings(con, canon, gazetteer, origin, report)
        return report

    _checked_sightings = Store._checked_sightings
    _checked_claims = Store._checked_claims
    _with_carried_references = Store._with_carried_references

    add_sighting = Store.add_sighting

    def revise(self, sighting_id: str, *, origin: str = "revise", **changes) -> int:
        """Record a new revision of a sighting (see :meth:`Store.revise`); returns its number."""
        _check_changes(changes)
        with self._connection() as con:
            row = _pg.read_points(con, "s.sighting_id = %s", (sighting_id,))
        canon = self._revised(sighting_id, row, changes, origin)
        with self._transaction() as con:
            return _pg.revise_sighting(con, sighting_id, canon, self.gazetteer, origin)

    _revised = Store._revised

    def import_claims(self, table, *, sources=None, origin=None) -> ImportReport:
        """Import numeric claims (see :meth:`Store.import_claims`)."""
        canon, new_sources, origin = self._checked_claims(table, sources, origin)
        report = ImportReport(origin)
        with self._transaction() as con:
            report.sources_added = _pg.insert_sources(con, new_sources, origin)
            _pg.write_claims(con, canon, origin, report)
        return report

    import_seed = Store.import_seed


def _where(start=None, end=None, *, bbox=None, **filters) -> tuple[str, list]:
    """The filters of :func:`corridor.store._query.sighting_filters` in PostgreSQL's dialect,
    the box answered by the GiST index."""
    where, params = Q.sighting_filters(start, end, **filters)
    # the shared clauses are column names, operators and ``?`` marks only (values are params)
    where = "TRUE" + where[1:].replace("?", "%s")
    if bbox is not None:
        minx, miny, maxx, maxy = (float(v) for v in bbox)
        where += " AND s.geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)"
        params = [*params, minx, miny, maxx, maxy]
    return where, params


__all__ = ["PostgisStore", "SCHEMES", "is_url"]
