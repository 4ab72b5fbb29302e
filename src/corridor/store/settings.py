"""What a store takes from its case: sites, sources, activities, seed tables and where it lives.

A store never looks its case up. It is given a :class:`StoreSettings`, or a case (any object with
the attributes :meth:`StoreSettings.from_case` reads, such as :class:`corridor.case.Case`), and
:meth:`corridor.case.Case.store` composes one. A store opened with neither knows no sites (site
names go through the geocoder's offline fallbacks alone), starts with no sources and has no seed.

Examples
--------
>>> settings = StoreSettings()
>>> (len(settings.gazetteer), settings.origin("sources.csv"), settings.seed)
(0, 'sources.csv', {})
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from corridor._data import geodata_dir
from corridor.evidence.sightings import ACTIVITIES
from corridor.places.gazetteer import Gazetteer, empty_sites

#: The case tables :meth:`corridor.store.geopackage.Store.import_seed` imports, in order.
SEED_TABLES = ("sightings.csv", "claims.csv")
#: What :meth:`StoreSettings.from_case` reads of a case.
_CASE_ATTRIBUTES = ("gazetteer", "sources", "activities", "name", "table", "root", "store_path")


def data_home() -> Path:
    """``$XDG_DATA_HOME/corridor`` (``~/.local/share/corridor``)."""
    home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(home) / "corridor"


@dataclass(frozen=True, eq=False)
class StoreSettings:
    """What a store needs from its case, given explicitly.

    Parameters
    ----------
    gazetteer : Gazetteer
        Resolves and checks the site ids and names of imported rows; places the sightings that
        name a site. Default: no sites.
    sources : DataFrame, optional
        The sources (``SOURCE_COLUMNS``) a new store starts with.
    activities : tuple of str
        The valid activities of a sighting (the packaged ``ACTIVITIES`` plus the case's own).
    name : str
        The case's short name, in the origin of what :meth:`Store.import_seed` imports
        (``<name>/sightings.csv``).
    seed : mapping of str to Path
        The case's seed tables by name (``sightings.csv``, ``claims.csv``); a missing one
        imports nothing.
    path : Path, optional
        Where the case keeps its store, when no path is given (:func:`default_path`).
    """

    gazetteer: Gazetteer = field(default_factory=lambda: Gazetteer(empty_sites()))
    sources: pd.DataFrame | None = None
    activities: tuple[str, ...] = ACTIVITIES
    name: str = ""
    seed: Mapping[str, Path] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def from_case(cls, case) -> StoreSettings:
        """The settings of a case: its ``gazetteer``, ``sources``, ``activities``, ``name``, the
        seed tables ``case.table(name)`` finds, and its store's place, ``case.store_path``, or
        for a shipped example case (package data is not written to) ``data_home()/<name>.gpkg``.
        """
        seed = {n: case.table(n) for n in SEED_TABLES}
        if Path(case.root).parent == (geodata_dir() / "cases").resolve():
            path = data_home() / f"{case.name}.gpkg"
        else:
            path = Path(case.store_path)
        return cls(
            gazetteer=case.gazetteer, sources=case.sources, activities=tuple(case.activities),
            name=case.name, seed={n: p for n, p in seed.items() if p is not None}, path=path,
        )  # fmt: skip

    @classmethod
    def of(cls, case=None) -> StoreSettings:
        """``case`` as settings: settings as they are, a case through :meth:`from_case`, and
        ``None`` as the settings of no case."""
        if case is None:
            return cls()
        if isinstance(case, StoreSettings):
            return case
        missing = [a for a in _CASE_ATTRIBUTES if not hasattr(case, a)]
        if missing:
            raise TypeError(
                f"case must be a corridor case (corridor.open_case) or StoreSettings, not"
                f" {type(case).__name__} {case!r:.60}: it has no {', '.join(missing)}"
            )
        return cls.from_case(case)

    def origin(self, table: str) -> str:
        """How the store records where a case table came from: ``<case name>/<table>``."""
        return f"{self.name}/{table}" if self.name else table


__all__ = ["SEED_TABLES", "StoreSettings", "data_home"]
