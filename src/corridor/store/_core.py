"""The store's interface, written once: what a GeoPackage and a PostGIS store both do.

:class:`StoreCore` holds every public method of a store (reading, importing, revising, exporting)
and the checks behind them. A backend subclass gives it ``dialect`` (its
:class:`~corridor.store._dialect.Dialect`), ``path`` (shown in messages), ``settings`` and
``gazetteer``, and three methods: ``_connection()`` (a context manager yielding the reading
connection), ``_transaction()`` (one yielding a connection inside a write transaction that lands
whole or not at all) and ``close()``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor.evidence.claims import CLAIM_COLUMNS, claim_hash
from corridor.evidence.claims import prepare as prepare_claims
from corridor.evidence.claims import typed as typed_claims
from corridor.evidence.exports import export, export_references, read_references
from corridor.evidence.sightings import SIGHTING_COLUMNS, read_table
from corridor.evidence.sightings import prepare as prepare_sightings
from corridor.places.gazetteer import Gazetteer, load_sites
from corridor.store import _query as Q
from corridor.store import _tables as T
from corridor.store._dialect import Dialect
from corridor.store._schema import TABLES, columns, text_form
from corridor.store.settings import SEED_TABLES, StoreSettings
from corridor.validation import Problem, ValidationError


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


class StoreCore:
    """Sightings, claims and sources with revisions, whatever the database (see the module)."""

    dialect: Dialect
    path: Path | str
    settings: StoreSettings
    gazetteer: Gazetteer

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _protected(self) -> list[Path]:
        """Files an export must never overwrite (the store's own)."""
        return []

    # --- reading -------------------------------------------------------------------------------

    def sources(self) -> pd.DataFrame:
        """The store's sources, indexed by ``source_id``."""
        with self._connection() as con:
            return T.read_sources(self.dialect, con)

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
        where, params = Q.sighting_filters(self.dialect, start, end, **filters)
        with self._connection() as con:
            df, x, y = self.dialect.read_points(con, "sightings", where, params)
            sources = T.read_sources(self.dialect, con)
        return Q.sightings_frame(df, x, y, self.gazetteer, sources)

    def export(self, path, fmt: str | None = None, **filters):
        """Write the sightings matching ``filters`` (see :meth:`sightings`) to a file.

        ``fmt`` is one of :data:`corridor.evidence.exports.FORMATS`, by default taken from the suffix.
        The file is written atomically, and never onto the store itself (``ValueError``).
        The sources and sites the sightings cite go with them: ``sources`` and ``sites`` layers
        of a GeoPackage, ``<name>.sources.csv`` and ``<name>.sites.csv`` beside a CSV;
        :meth:`import_sightings` reads them back, so an export imports whole into another case's
        empty store.
        """
        sightings = self.sightings(**filters)
        path = export(sightings, path, fmt, protect=self._protected())
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
            df = T.history(self.dialect, con, sighting_id)
        if df.empty:
            raise KeyError(f"no sighting {sighting_id!r} in {self.path}")
        return df.reset_index(drop=True)

    def claims(self, subject=None, claimant=None, source=None) -> pd.DataFrame:
        """Current claims, optionally by ``subject``, ``claimant`` id or ``source`` id."""
        d = self.dialect
        clauses, params = ["TRUE"], []
        for column, value in (("subject", subject), ("claimant_id", claimant),
                              ("source_id", source)):  # fmt: skip
            if value is not None:
                values = [value] if isinstance(value, str) else list(value)
                clauses.append(f"{column} IN ({d.marks(len(values))})" if values else "FALSE")
                params += values
        with self._connection() as con:
            df = d.frame(con, f"SELECT * FROM claims WHERE {' AND '.join(clauses)} ORDER BY fid",
                         params)  # fmt: skip
            sources = T.read_sources(d, con)
        if df.empty:
            df = pd.DataFrame(columns=["fid", *columns("claims")])
        canon = text_form(df, CLAIM_COLUMNS)
        return typed_claims(canon, sources).assign(revision=df["revision"].astype(int))

    def claim_history(self, claim_id: str) -> pd.DataFrame:
        """Every revision of a claim, oldest first."""
        d = self.dialect
        with self._connection() as con:
            df = d.frame(
                con, f"SELECT * FROM claim_revisions WHERE claim_id = {d.mark} ORDER BY revision",
                (claim_id,),
            )  # fmt: skip
        if df.empty:
            raise KeyError(f"no claim {claim_id!r} in {self.path}")
        return df.drop(columns=["fid"])

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self._connection() as con:
            return {
                t.name: con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
                for t in TABLES
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
            report.sources_added = T.insert_sources(self.dialect, con, new_sources, origin)
            T.write_sightings(self.dialect, con, canon, gazetteer, origin, report)
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
            df, origin, gazetteer, all_sources, activities=self.settings.activities
        )
        problems += _no_sites_hint(more, gazetteer)
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
        _check_fields(fields)
        row = {c: "" if fields.get(c) is None else str(fields[c]) for c in SIGHTING_COLUMNS}
        return self.import_sightings(pd.DataFrame([row]), origin=origin)

    def revise(self, sighting_id: str, *, origin: str = "revise", **changes) -> int:
        """Record a new revision of a sighting with ``changes`` applied; returns its number.

        The ``sighting_id`` stays; the previous revisions remain listed by :meth:`history`.
        """
        _check_fields(changes)
        with self._connection() as con:
            row = T.read_sighting(self.dialect, con, sighting_id)
        canon = self._revised(sighting_id, row, changes, origin)
        with self._transaction() as con:
            return T.revise_sighting(self.dialect, con, sighting_id, canon, self.gazetteer, origin)

    def _revised(self, sighting_id: str, row: pd.DataFrame, changes: dict, origin: str):
        """The checked, hashed new revision of the stored sighting ``row`` with ``changes``."""
        if row.empty:
            raise KeyError(f"no sighting {sighting_id!r} in {self.path}")
        current = text_form(row, SIGHTING_COLUMNS)
        for key, value in changes.items():
            current.loc[0, key] = "" if value is None else str(value)
        canon, problems = prepare_sightings(
            current, origin, self.gazetteer, self.sources(), activities=self.settings.activities
        )
        problems = _no_sites_hint(problems, self.gazetteer)
        if problems:
            raise ValidationError(problems)
        canon, _ = T.with_hashes(canon, origin)
        return canon

    def import_claims(self, table, *, sources=None, origin=None) -> ImportReport:
        """Import numeric claims (path or DataFrame of ``CLAIM_COLUMNS``), like sightings."""
        canon, new_sources, origin = self._checked_claims(table, sources, origin)
        report = ImportReport(origin)
        with self._transaction() as con:
            report.sources_added = T.insert_sources(self.dialect, con, new_sources, origin)
            T.write_claims(self.dialect, con, canon, origin, report)
        return report

    def import_seed(self) -> tuple[ImportReport, ImportReport]:
        """Import the case's seed sightings and claims (its ``sightings.csv`` and ``claims.csv``;
        a table the case lacks, or a store opened with no case, imports nothing)."""
        reports = []
        for name, method in zip(SEED_TABLES, (self.import_sightings, self.import_claims),
                                strict=True):  # fmt: skip
            path, origin = self.settings.seed.get(name), self.settings.origin(name)
            reports.append(ImportReport(origin) if path is None else method(path, origin=origin))
        return reports[0], reports[1]


def _no_sites_hint(problems: list[Problem], gazetteer: Gazetteer) -> list[Problem]:
    """``problems``, those of site ids saying why none is known when the store has no sites."""
    if len(gazetteer):
        return problems
    hint = "; this store was opened with no case, so it knows no sites (open it with case=...)"
    return [replace(p, message=p.message.removesuffix("; closest: ") + hint)
            if p.field == "site_id" else p for p in problems]  # fmt: skip


def _check_fields(fields: dict) -> None:
    unknown = sorted(set(fields) - set(SIGHTING_COLUMNS))
    if unknown:
        raise ValueError(f"unknown sighting fields {unknown}; fields are {SIGHTING_COLUMNS}")


def _read(table, origin: str | None, points: bool = False) -> tuple[pd.DataFrame, str]:
    if isinstance(table, pd.DataFrame):
        return table, origin or "<table>"
    path = Path(table)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    return read_table(path, points=points), origin or str(path)
