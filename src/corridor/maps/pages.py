"""The atlas's pages: each a builder over the atlas data (sites, sightings, claims, sources).

A :class:`Page` is what :mod:`corridor.maps.atlas` writes; :class:`AtlasData` is what the pages
show. Builders take the data when the page is built, so the same page list serves a case's seed
tables or a store; :func:`pages` only names and describes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from corridor.maps.animation import case_routes_map, scenario_map
from corridor.maps.changes import changes_page, changes_preview
from corridor.maps.claims import claims_page, claims_preview
from corridor.maps.dossiers import dossiers_page
from corridor.maps.html import points_preview
from corridor.maps.layers import CLUSTER_ABOVE, sites_and_sightings_map
from corridor.maps.timeline import timeline_page
from corridor.transport.plans import load_routes


@dataclass(frozen=True)
class Page:
    """One page of the atlas: a map (``build`` returns a folium map) or an HTML page (a string).

    ``expect``, if given, returns the numbers of things the page must draw (keys of
    :attr:`corridor.testing.browser.PageReport.counts`, e.g. ``markers``, ``circle_markers``, ``lines``),
    computed from the data; the browser tests check them exactly. ``preview`` returns the SVG
    thumbnail of the index.
    """

    slug: str
    title: str
    description: str
    build: Callable[[], folium.Map | str]
    expect: Callable[[], dict] | None = None
    preview: Callable[[], str] | None = None


@dataclass(frozen=True)
class AtlasData:
    """What the atlas shows: sites, sightings, claims and their sources, and the case's title."""

    sites: gpd.GeoDataFrame
    sightings: gpd.GeoDataFrame
    claims: pd.DataFrame
    sources: pd.DataFrame
    title: str = "corridor atlas"

    @property
    def as_of(self) -> str:
        """Latest publication date of the sources the sightings and claims cite."""
        cited = set(self.sightings["source_id"]) | set(self.claims["source_id"])
        dates = self.sources.loc[self.sources.index.isin(cited), "published"].dropna().astype(str)
        return max(dates) if len(dates) else "no data"

    def facts(self) -> list[str]:
        """Lines for the index: the as-of date and the counts."""
        return [
            f"Data as of {self.as_of}: {len(self.sightings)} sightings at "
            f"{self.sightings['site_id'].replace('', None).nunique()} sites, {len(self.claims)} claims "
            f"by {self.claims['claimant_id'].nunique()} claimants, {len(self.sources)} sources; "
            f"{len(self.sites)} sites in the gazetteer."
        ]


def _drawn(sightings) -> int:
    return int((sightings.geometry.notna() & ~sightings.geometry.is_empty).sum())


def _seen_sites(d: AtlasData):
    return d.sites[d.sites["site_id"].isin(set(d.sightings["site_id"]))]


def _points_preview(*frames) -> str:
    xs = [f.geometry.x.to_numpy() for f in frames if len(f)]
    ys = [f.geometry.y.to_numpy() for f in frames if len(f)]
    return points_preview(np.concatenate(xs) if xs else [], np.concatenate(ys) if ys else [])


def _sites_and_sightings(d: AtlasData):
    return sites_and_sightings_map(d.sites, d.sightings)


def _sites_and_sightings_expect(d: AtlasData) -> dict:
    return {"markers": len(d.sites), "circle_markers": _drawn(d.sightings), "lines": 0,
            "layer_controls": 1, "scales": 1}  # fmt: skip


def _timeline(d: AtlasData):
    return timeline_page(d.sightings, _seen_sites(d))


def _timeline_expect(d: AtlasData) -> dict:
    n = _drawn(d.sightings)
    key = "clustered" if n > CLUSTER_ABOVE else "circle_markers"
    return {"markers": len(_seen_sites(d)), key: n, "lines": 0}


def _claims(d: AtlasData) -> str:
    return claims_page(d.claims, d.sources)


def _claims_preview(d: AtlasData) -> str:
    return claims_preview(d.claims)


def _dossiers(d: AtlasData) -> str:
    return dossiers_page(d.sites, d.sightings, d.claims)


def _routes(case):
    return case_routes_map(case)


def _points_of_lines(legs) -> str:
    points = legs.geometry.extract_unique_points().explode(index_parts=False)
    return _points_preview(gpd.GeoDataFrame(geometry=points.reset_index(drop=True)))


def _scenario(case, scenario, data: Callable[[], AtlasData]):
    return scenario_map(scenario, data().sightings, case)


def _changes(table: pd.DataFrame, since: str) -> str:
    return changes_page(table, since)


def _changes_preview(table: pd.DataFrame) -> str:
    return changes_preview(table)


def pages(
    data: Callable[[], AtlasData], changes: Callable[[], tuple[pd.DataFrame, str]], case
) -> list[Page]:
    """Every page of the atlas over ``data``, with the routes (``routes.csv``) and scenarios
    (``scenarios/*.toml``) of ``case``; ``changes`` gives the changes table and its baseline."""
    found = [
        Page("sites_and_sightings", "Sites and sightings",
             "Every site of the case, named, and the sightings by confidence and time precision.",
             lambda: _sites_and_sightings(data()), lambda: _sites_and_sightings_expect(data()),
             lambda: _points_preview(data().sites, data().sightings)),
        Page("timeline", "Sightings over time",
             "The sightings on a weekly histogram with a time slider and filters by site, asset and "
             "confidence.",
             lambda: _timeline(data()), lambda: _timeline_expect(data()),
             lambda: _points_preview(data().sightings)),
        Page("claims", "Claims side by side",
             "For each subject, the figures of every claimant as ranges, with where each comes from.",
             lambda: _claims(data()), None, lambda: _claims_preview(data())),
        Page("dossiers", "Site dossiers",
             "Per site: its sightings over time and their sources, the claims naming it, nearby sites.",
             lambda: _dossiers(data()), None, lambda: _points_preview(_seen_sites(data()))),
    ]  # fmt: skip
    if case.table("routes.csv") is not None:
        legs = cache(case.routes)
        names = dict.fromkeys(load_routes(case.table("routes.csv"))["route"])
        found.append(
            Page("routes", "Routes", "The case's routes by mode: " + "; ".join(names) + ".",
                 lambda: _routes(case), lambda: {"lines": len(legs()), "layer_controls": 1},
                 lambda: _points_of_lines(legs()))  # fmt: skip
        )
    for name, scenario in case.scenarios().items():
        found.append(
            Page(name, scenario.title, scenario.description,
                 lambda scenario=scenario: _scenario(case, scenario, data))  # fmt: skip
        )
    found.append(
        Page("changes", "What changed",
             "Sightings and claims added, revised (field by field) and withdrawn since the previous "
             "build.",
             lambda: _changes(*changes()), None, lambda: _changes_preview(changes()[0]))  # fmt: skip
    )
    return found
