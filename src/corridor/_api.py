"""The everyday functions of the top-level API, on a case: the one place a default case is found.

``corridor.resolve(name)``, ``corridor.sea_leg(a, b)`` and the others below take ``case=``: a
:class:`~corridor.case.Case`, a case folder or the name of a shipped example case, or ``None`` for
the case commands use (:func:`corridor.case.find_case`: ``$CORRIDOR_CASE``, else the nearest
``corridor.toml``, else the shipped example). Each hands the case's parts (its geocoder, sources,
assets) to the function of its family, which takes them as arguments and finds no case itself.

Examples
--------
>>> import corridor
>>> from corridor.testing.places import black_sea_case
>>> case = black_sea_case()
>>> corridor.resolve("Одеса", case=case).site_id
'odesa'
>>> round(corridor.great_circle_km("Odesa", "Varna", case=case))
426
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor import evidence, places, transport
from corridor.case import Case, open_case
from corridor.places import ClaimCheck, GeocodeResult

__all__ = [
    "air_leg", "check_claim", "geocode", "great_circle_km", "itinerary", "load_claims",
    "load_sightings", "rail_leg", "resolve", "sea_leg",
]  # fmt: skip


def _case(case: Case | str | Path | None) -> Case:
    """``case`` opened: a Case as it is, a folder or example name opened, None found."""
    return case if isinstance(case, Case) else open_case(case)


def resolve(name, *, case=None, gazetteer=None, **hints) -> GeocodeResult:
    """:func:`corridor.places.resolve` through ``case``'s geocoder (unless ``gazetteer`` is given)."""
    if gazetteer is None:
        gazetteer = _case(case).geocoder
    return places.resolve(name, gazetteer=gazetteer, **hints)


def geocode(names, *, case=None, gazetteer=None, **hints) -> gpd.GeoDataFrame:
    """:func:`corridor.places.geocode` through ``case``'s geocoder (unless ``gazetteer`` is given)."""
    if gazetteer is None:
        gazetteer = _case(case).geocoder
    return places.geocode(names, gazetteer=gazetteer, **hints)


def check_claim(text_or_parts, *, case=None, gazetteer=None, **options) -> ClaimCheck:
    """:func:`corridor.places.check_claim` with the places resolved through ``case``'s geocoder."""
    if gazetteer is None:
        gazetteer = _case(case).geocoder
    return places.check_claim(text_or_parts, gazetteer=gazetteer, **options)


def load_sightings(path: str | Path | None = None, *, case=None) -> gpd.GeoDataFrame:
    """The sightings table at ``path`` checked against ``case``'s sites and sources
    (:func:`corridor.evidence.load_sightings`); with no path, the case's seed sightings."""
    c = _case(case)
    if path is None:
        return c.sightings()
    return evidence.load_sightings(path, c.gazetteer, c.sources)


def load_claims(path: str | Path | None = None, *, case=None) -> pd.DataFrame:
    """The claims table at ``path`` checked against ``case``'s sources
    (:func:`corridor.evidence.load_claims`); with no path, the case's seed claims."""
    c = _case(case)
    if path is None:
        return c.claims()
    return evidence.load_claims(path, c.sources)


def great_circle_km(origin: str, destination: str, *, case=None) -> float:
    """:func:`corridor.transport.great_circle_km` between two places of ``case``."""
    return transport.great_circle_km(origin, destination, case=_case(case))


def sea_leg(origin: str, destination: str, asset: str | None = None, *, case=None):
    """:func:`corridor.transport.sea_leg` in ``case`` (its geocoder and asset catalogue)."""
    return transport.sea_leg(origin, destination, asset, case=_case(case))


def air_leg(origin: str, destination: str, asset: str | None = None,
            range_km: float | None = None, *, case=None):  # fmt: skip
    """:func:`corridor.transport.air_leg` in ``case`` (its geocoder, airfields and catalogue)."""
    return transport.air_leg(origin, destination, asset, range_km, case=_case(case))


def rail_leg(origin: str, destination: str, asset: str | None = None, *, case=None):
    """:func:`corridor.transport.rail_leg` in ``case`` (its geocoder, rail network, catalogue)."""
    return transport.rail_leg(origin, destination, asset, case=_case(case))


def itinerary(stops, modes=None, asset=None, case=None) -> gpd.GeoDataFrame:
    """:func:`corridor.transport.itinerary` in ``case``."""
    return transport.itinerary(stops, modes, asset, case=_case(case))
