"""A case: the folder an analyst owns for one corridor.

A case folder holds ``corridor.toml`` and optional tables that extend the packaged base (the
reference gazetteer with its offline fallbacks, the asset catalogue, the vocabulary of reports):

========================  =====================================================================
``corridor.toml``         title, description, time window, store path, map extent, extra site
                          kinds and activities, the claims capacity is compared with
``sites.csv``             the case's sites (a row whose ``site_id`` is in the base overrides it)
``sources.csv``           publications and originators its sightings and claims cite
``sightings.csv``         seed sightings (``corridor sightings import --seed``)
``claims.csv``            seed numeric claims
``assets.csv``            transport types beyond the base catalogue
``vocabulary.csv``        report terms (claimants, local asset names) beyond the base vocabulary
``routes.csv``            named routes to draw: one row per leg, rows of a route in order
``rail_stations.csv``     the case's rail network, stations and the links between them (in
``rail_links.csv``        place of the packaged one; elsewhere rail legs follow the world's
                          main railways)
``scenarios/*.toml``      timed movements (asset, legs, start, repeats) animated on the atlas
``reports/``              report texts
========================  =====================================================================

Which case a command works on: ``--case DIR``, else ``$CORRIDOR_CASE``, else the nearest
``corridor.toml`` upwards from the working directory, else the shipped example case. In Python,
:func:`open_case` returns a :class:`Case` that composes the families: its ``gazetteer`` and
``geocoder`` (places), ``sources``, ``sightings()`` and ``claims()`` (evidence), ``assets`` and
``routes()`` (transport), ``vocabulary`` (reports) and ``store()``. Library functions take the case
(``case=``) or these parts as arguments; none looks a case up.

Examples
--------
>>> import tempfile
>>> case = init_case(Path(tempfile.mkdtemp()) / "black-sea", title="Black Sea grain")
>>> case.title, len(case.sites), len(case.sightings())
('Black Sea grain', 0, 0)
>>> default_example() in example_names()
True
"""

from __future__ import annotations

import functools
import os
import tempfile
import tomllib
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor._case_readme import readme
from corridor._data import geodata_dir
from corridor.evidence.claims import CLAIM_COLUMNS, load_claims
from corridor.evidence.sightings import (
    ACTIVITIES,
    SIGHTING_COLUMNS,
    SOURCE_COLUMNS,
    load_sources,
    prepare,
    to_geodataframe,
)
from corridor.places.gazetteer import (
    CRS,
    SITE_COLUMNS,
    SITE_KINDS,
    Gazetteer,
    empty_sites,
    load_sites,
)
from corridor.places.geocoder import Geocoder
from corridor.reading import read_table
from corridor.reports.vocab import VOCABULARY_COLUMNS, Vocabulary, load_vocabulary
from corridor.store import open_store
from corridor.transport.assets import ASSET_COLUMNS, load_assets
from corridor.transport.plans import (
    ROUTE_COLUMNS,
    Scenario,
    build_routes,
    load_routes,
    load_scenario,
)
from corridor.transport.routes import LEG_COLUMNS
from corridor.validation import ValidationError

#: File that marks a case folder.
CONFIG = "corridor.toml"
#: Environment variable naming the case folder.
ENV_VAR = "CORRIDOR_CASE"
#: Keys ``corridor.toml`` may hold.
CONFIG_KEYS = (
    "title", "description", "start", "end", "store", "extent", "site_kinds", "activities",
    "capacity",
)  # fmt: skip


class CaseError(ValueError):
    """A case folder or its ``corridor.toml`` is missing or invalid (the message says where)."""


class CaseOverrideWarning(UserWarning):
    """A case table row replaces a row of the packaged base with the same id."""


@dataclass(frozen=True)
class CapacityTarget:
    """A claimed transfer that capacity is compared with: every claim of ``subject``, to be done
    in ``window_days`` (the case says why in ``note``)."""

    subject: str
    window_days: float
    note: str = ""


@dataclass(frozen=True)
class CaseConfig:
    """What ``corridor.toml`` says (see the module docstring)."""

    title: str
    description: str = ""
    start: date | None = None
    end: date | None = None
    store: str = "corridor.gpkg"
    extent: tuple[float, float, float, float] | None = None
    site_kinds: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    capacity: tuple[CapacityTarget, ...] = field(default_factory=tuple)


def examples_dir() -> Path:
    """The folder of the shipped example cases."""
    return geodata_dir() / "cases"


def default_example() -> str:
    """The shipped example case commands use when nothing names a case (``examples.toml``)."""
    path = examples_dir() / "examples.toml"
    try:
        return str(tomllib.loads(path.read_text(encoding="utf-8"))["default"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        names = example_names()
        if not names:
            raise CaseError(f"{examples_dir()}: no example case is shipped") from None
        return names[0]


def example_names() -> list[str]:
    """Names of the shipped example cases."""
    root = examples_dir()
    return sorted(p.name for p in root.iterdir() if (p / CONFIG).is_file()) if root.is_dir() else []


def _date(value, file: Path, key: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CaseError(f"{file}: {key} = {value!r} is not a date (YYYY-MM-DD)") from None


def read_config(path: str | Path) -> CaseConfig:
    """Read and check a ``corridor.toml``; :class:`CaseError` names the file and the key."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise CaseError(f"{path}: not valid TOML ({exc})") from None
    unknown = sorted(set(raw) - set(CONFIG_KEYS))
    if unknown:
        raise CaseError(f"{path}: unknown key(s) {unknown}; valid keys: {', '.join(CONFIG_KEYS)}")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise CaseError(f"{path}: title is missing or empty; every case needs a title")
    start, end = _date(raw.get("start"), path, "start"), _date(raw.get("end"), path, "end")
    if start and end and end < start:
        raise CaseError(f"{path}: end {end} is before start {start}")
    store = raw.get("store", "corridor.gpkg")
    if not isinstance(store, str) or not store.strip():
        raise CaseError(f"{path}: store must be a file path relative to the case folder")
    extent = raw.get("extent")
    if extent is not None:
        ok = (
            isinstance(extent, list) and len(extent) == 4
            and all(isinstance(v, int | float) for v in extent)
            and -180 <= extent[0] < extent[2] <= 180 and -90 <= extent[1] < extent[3] <= 90
        )  # fmt: skip
        if not ok:
            raise CaseError(
                f"{path}: extent = {extent!r} is not [lon_min, lat_min, lon_max, lat_max] in degrees"
            )
        extent = tuple(float(v) for v in extent)
    lists = {}
    for key in ("site_kinds", "activities"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise CaseError(f"{path}: {key} must be a list of words, got {value!r}")
        lists[key] = tuple(value)
    targets = []
    capacity = raw.get("capacity", {})
    if not isinstance(capacity, dict) or set(capacity) - {"compare"}:
        raise CaseError(f"{path}: [capacity] holds only 'compare' tables")
    for i, item in enumerate(capacity.get("compare", []), start=1):
        subject, days = item.get("subject"), item.get("window_days")
        if not isinstance(subject, str) or not isinstance(days, int | float) or days <= 0:
            raise CaseError(
                f"{path}: capacity.compare #{i} needs subject (a claim subject) and window_days "
                f"(a positive number), got {item!r}"
            )
        targets.append(CapacityTarget(subject, float(days), str(item.get("note", ""))))
    return CaseConfig(
        title=title.strip(), description=str(raw.get("description", "")).strip(), start=start,
        end=end, store=store, extent=extent, site_kinds=lists["site_kinds"],
        activities=lists["activities"], capacity=tuple(targets),
    )  # fmt: skip


def _extend(base: pd.DataFrame, case: pd.DataFrame, key: str, what: str, file: Path):
    """``base`` rows followed by ``case`` rows; a case row with a base id replaces that row."""
    overridden = sorted(set(base[key]) & set(case[key]))
    for value in overridden:
        warnings.warn(
            f"{file}: {what} {value!r} overrides the packaged one", CaseOverrideWarning, stacklevel=3
        )
    kept = base[~base[key].isin(overridden)]
    return pd.concat([kept, case], ignore_index=True)


class Case:
    """One case folder, its configuration and its tables on top of the packaged base.

    Every part is read on first use and kept: ``gazetteer``, ``geocoder``, ``assets``,
    ``vocabulary``, ``sources``; :meth:`sightings` and :meth:`claims` read the seed tables,
    :meth:`routes` and :meth:`scenarios` build what the case draws, :meth:`store` opens its store.
    """

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()
        config = self.root / CONFIG
        if not config.is_file():
            raise CaseError(
                f"{self.root}: no {CONFIG} here; a case folder needs one "
                f"(create it with: corridor init {self.root})"
            )
        self.config = read_config(config)

    def __repr__(self) -> str:
        return f"Case({self.config.title!r}, {str(self.root)!r})"

    @property
    def title(self) -> str:
        return self.config.title

    @property
    def name(self) -> str:
        """The folder's name, used as the case's short name."""
        return self.root.name

    def table(self, name: str) -> Path | None:
        """Path of one of the case's tables, or None when the case has none."""
        path = self.root / name
        return path if path.is_file() else None

    # -- places ------------------------------------------------------------------------------

    @property
    def site_kinds(self) -> tuple[str, ...]:
        """The packaged kinds of site and those the case adds (``site_kinds`` of its toml)."""
        return SITE_KINDS + tuple(k for k in self.config.site_kinds if k not in SITE_KINDS)

    @functools.cached_property
    def sites(self) -> gpd.GeoDataFrame:
        """Sites of the packaged base and of the case (GeoDataFrame, EPSG:4326)."""
        parts = []
        base = geodata_dir() / "sites.csv"
        if base.is_file():
            parts.append((load_sites(base, kinds=self.site_kinds), base))
        own = self.table("sites.csv")
        if own is not None:
            parts.append((load_sites(own, kinds=self.site_kinds), own))
        if not parts:
            return empty_sites()
        sites = parts[0][0]
        for frame, path in parts[1:]:
            sites = _extend(sites, frame, "site_id", "site", path)
        return gpd.GeoDataFrame(sites, geometry="geometry", crs=CRS)

    @functools.cached_property
    def gazetteer(self) -> Gazetteer:
        """The case's sites with their names, aliases and codes."""
        return Gazetteer(self.sites, kinds=self.site_kinds)

    @functools.cached_property
    def geocoder(self) -> Geocoder:
        """The one resolver of names for this case: its gazetteer, then the offline fallbacks."""
        return Geocoder(self.gazetteer)

    # -- evidence ----------------------------------------------------------------------------

    @property
    def activities(self) -> tuple[str, ...]:
        """The packaged sighting activities and those the case adds (``activities``)."""
        return ACTIVITIES + tuple(a for a in self.config.activities if a not in ACTIVITIES)

    @functools.cached_property
    def sources(self) -> pd.DataFrame:
        """Sources of the case (indexed by ``source_id``); empty with the right columns if none."""
        path = self.table("sources.csv")
        if path is None:
            return pd.DataFrame(columns=SOURCE_COLUMNS, dtype=str).set_index("source_id", drop=False)
        return load_sources(path)

    def sightings(self) -> gpd.GeoDataFrame:
        """The case's seed sightings (GeoDataFrame), empty when it has no ``sightings.csv``."""
        path = self.table("sightings.csv")
        if path is None:
            empty = pd.DataFrame(columns=SIGHTING_COLUMNS)
            return to_geodataframe(empty, self.gazetteer, self.sources)
        df, problems = prepare(read_table(path), str(path), self.gazetteer, self.sources,
                               self.activities)  # fmt: skip
        if problems:
            raise ValidationError(problems)
        return to_geodataframe(df, self.gazetteer, self.sources)

    def claims(self) -> pd.DataFrame:
        """The case's seed claims, empty when it has no ``claims.csv``."""
        path = self.table("claims.csv")
        if path is None:
            return pd.DataFrame(columns=CLAIM_COLUMNS)
        return load_claims(path, self.sources)

    # -- transport ---------------------------------------------------------------------------

    @functools.cached_property
    def assets(self) -> pd.DataFrame:
        """The packaged asset catalogue extended by the case's ``assets.csv``."""
        base = load_assets()
        path = self.table("assets.csv")
        if path is None:
            return base
        return _extend(base, load_assets(path), "asset_id", "asset", path)

    def routes(self) -> gpd.GeoDataFrame:
        """The legs of the case's ``routes.csv`` (see :func:`corridor.transport.plans.load_routes`)."""
        path = self.table("routes.csv")
        if path is None:
            return gpd.GeoDataFrame(columns=[*LEG_COLUMNS, "route"], geometry="geometry", crs="EPSG:4326")
        return build_routes(load_routes(path), self)

    def scenarios(self) -> dict[str, Scenario]:
        """The case's scenarios by name (file stem of ``scenarios/*.toml``), in name order."""
        folder = self.root / "scenarios"
        if not folder.is_dir():
            return {}
        return {p.stem: load_scenario(p) for p in sorted(folder.glob("*.toml"))}

    # -- reports and vocabulary --------------------------------------------------------------

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        """The packaged vocabulary extended by the case's ``vocabulary.csv``."""
        base = load_vocabulary(assets=self.assets, activities=self.activities)
        path = self.table("vocabulary.csv")
        if path is None:
            return Vocabulary(base, assets=self.assets)
        own = load_vocabulary(path, assets=self.assets, activities=self.activities)
        base_keys = set(zip(base["term"], base["category"], strict=True))
        overridden = [
            (t, c) for t, c in zip(own["term"], own["category"], strict=True) if (t, c) in base_keys
        ]
        for term, category in overridden:
            warnings.warn(
                f"{path}: {category} term {term!r} overrides the packaged one",
                CaseOverrideWarning,
                stacklevel=2,
            )
        keys = set(overridden)
        kept = base[[(t, c) not in keys for t, c in zip(base["term"], base["category"], strict=True)]]
        return Vocabulary(pd.concat([kept, own], ignore_index=True), assets=self.assets)

    def merge_table(self, name: str, rows: pd.DataFrame, key: str, columns: list[str]):
        """Add ``rows`` to the case's table ``name`` (created with ``columns`` if missing): rows
        with a new ``key`` are appended, rows with a known key replace that row. Writes a
        temporary file and renames it, so the table is never half-written. Returns
        ``(added, updated, unchanged)`` keys."""
        path = self.root / name
        if path.exists():
            old = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        else:
            old = pd.DataFrame(columns=columns, dtype=str)
        for column in columns:
            if column not in old.columns:
                old[column] = ""
        new = rows.reindex(columns=columns).astype(object)
        new = new.where(new.notna(), "").astype(str)
        known = dict(zip(old[key], old.index, strict=True))
        added, updated, unchanged = [], [], []
        for _, row in new.iterrows():
            k = row[key]
            if k in known:
                i = known[k]
                if list(old.loc[i, columns]) == list(row[columns]):
                    unchanged.append(k)
                else:
                    old.loc[i, columns] = row[columns].values
                    updated.append(k)
            else:
                known[k] = len(old)
                old.loc[len(old)] = row[columns]
                added.append(k)
        if added or updated:
            write_csv_atomic(old[columns], path)
        self.__dict__.pop("sites", None)
        for cached in ("gazetteer", "geocoder", "sources", "assets", "vocabulary"):
            self.__dict__.pop(cached, None)
        return added, updated, unchanged

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    # -- store -------------------------------------------------------------------------------

    @property
    def store_path(self) -> Path:
        """Where the case's store lives: ``store`` of ``corridor.toml``, relative to the folder."""
        path = Path(self.config.store).expanduser()
        return path if path.is_absolute() else self.root / path

    def store(self, path: str | Path | None = None, *, create: bool = False):
        """Open the case's store (or the one at ``path``) with the case's gazetteer and sources.

        ``create=False`` (what reading commands use) refuses a store that does not exist.
        """
        return open_store(path or self.store_path, case=self, create=create)


def write_csv_atomic(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as UTF-8 CSV to a temporary file beside ``path``, then rename it over."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            frame.to_csv(f, index=False, lineterminator="\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


#: Cases read so far, by folder, with the signature of their files (read again when it changes).
_cases: dict[Path, tuple[tuple, Case]] = {}


def _signature(root: Path) -> tuple:
    """What changes when a file of the case folder (or of its scenarios) changes."""
    entries = []
    for folder in (root, root / "scenarios"):
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.is_file():
                        st = entry.stat()
                        entries.append((entry.path, st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            pass
    return tuple(sorted(entries))


def _open(root: Path) -> Case:
    """The case at ``root``, read again only when one of its files changed."""
    signature = _signature(root)
    hit = _cases.get(root)
    if hit is not None and hit[0] == signature:
        return hit[1]
    case = Case(root)
    _cases[root] = (signature, case)
    return case


def open_case(path: str | Path | None = None) -> Case:
    """Open a case: a folder holding ``corridor.toml``, or the name of a shipped example case.

    ``None`` finds the case as commands do (see :func:`find_case`). Cases are read once per folder.
    """
    if path is None:
        return find_case()
    candidate = Path(path).expanduser()
    if candidate.is_dir() or candidate.name == CONFIG:
        root = candidate.parent if candidate.name == CONFIG else candidate
        return _open(root.resolve())
    example = examples_dir() / str(path)
    if (example / CONFIG).is_file():
        return _open(example.resolve())
    raise CaseError(
        f"{path}: not a case folder (no such directory) nor a shipped example case; "
        f"examples: {', '.join(example_names()) or 'none'}"
    )


def find_case(explicit: str | Path | None = None, cwd: str | Path | None = None) -> Case:
    """The case a command works on: ``explicit`` (``--case``), else ``$CORRIDOR_CASE``, else the
    nearest ``corridor.toml`` upwards from ``cwd``, else the shipped example case."""
    if explicit:
        return open_case(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return open_case(env)
    here = Path(cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return _open(folder)
    return open_case(default_example())


def current_case() -> Case:
    """The case found from the environment right now (:func:`find_case` with no argument): what
    the command line and the top-level API use when no case is named. Library functions are
    given a case or its parts instead."""
    return find_case()


#: Header of each table ``corridor init`` writes, and what its columns mean.
def _skeleton_tables() -> dict[str, list[str]]:
    return {
        "sites.csv": SITE_COLUMNS,
        "sources.csv": SOURCE_COLUMNS,
        "sightings.csv": [c for c in SIGHTING_COLUMNS if c != "sighting_id"],
        "claims.csv": CLAIM_COLUMNS,
        "assets.csv": ASSET_COLUMNS,
        "vocabulary.csv": VOCABULARY_COLUMNS,
        "routes.csv": ROUTE_COLUMNS,
    }


def init_case(folder: str | Path, title: str | None = None) -> Case:
    """Write a case skeleton into ``folder``: ``corridor.toml``, empty tables with their headers,
    ``scenarios/`` and ``reports/``, and a README of the columns. Refuses a folder that already
    holds a case; never overwrites a file."""
    folder = Path(folder)
    if (folder / CONFIG).exists():
        raise CaseError(f"{folder}: already holds a case ({CONFIG}); nothing written")
    if folder.exists() and not folder.is_dir():
        raise CaseError(f"{folder}: is a file, not a folder")
    tables = _skeleton_tables()
    existing = [name for name in [*tables, "README.md"] if (folder / name).exists()]
    if existing:
        raise CaseError(f"{folder}: already has {', '.join(existing)}; nothing written")
    title = (title or folder.name.replace("-", " ").replace("_", " ").strip() or "New case")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenarios").mkdir(exist_ok=True)
    (folder / "reports").mkdir(exist_ok=True)
    for name, columns in tables.items():
        (folder / name).write_text(",".join(columns) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(readme(title, tables), encoding="utf-8")
    toml_title = title.replace("\\", "\\\\").replace('"', '\\"')
    (folder / CONFIG).write_text(
        f'title = "{toml_title}"\n'
        'description = ""\n'
        '# start = "2025-01-01"        # time window of the case (YYYY-MM-DD)\n'
        '# end = "2025-12-31"\n'
        'store = "corridor.gpkg"       # relative to this folder\n'
        "# extent = [lon_min, lat_min, lon_max, lat_max]\n"
        "# site_kinds = []             # kinds of site beyond the packaged ones\n"
        "# activities = []             # sighting activities beyond the packaged ones\n"
        "# [[capacity.compare]]        # claims that capacity is compared with\n"
        '# subject = "troops_moved"\n'
        "# window_days = 90\n",
        encoding="utf-8",
    )
    return open_case(folder)
