import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from corridor.evidence.sightings import load_sightings
from corridor.maps.animation import RouteAnimation, animation_map, routes_map
from corridor.maps.crs import to_lonlat
from corridor.maps.layers import (
    add_routes,
    add_sightings,
    add_sites,
    fit_to_data,
    new_map,
    sites_and_sightings_map,
)
from corridor.maps.timeline import timeline_page
from corridor.places.gazetteer import Gazetteer

SITES = Gazetteer.default().sites
SIGHTINGS = load_sightings()
LEGS = gpd.GeoDataFrame(
    {"mode": ["sea", "air"], "origin": ["a", "b"], "destination": ["b", "c"], "length_km": [80.0, 900.0]},
    geometry=[LineString([(131.62, 42.85), (132.0, 42.7), (132.91831, 42.8436)]),
              LineString([(132.91831, 42.8436), (125.669998, 39.224098)])],
    crs="EPSG:4326",
)  # fmt: skip
MOVES = gpd.GeoDataFrame(
    {"label": ["ship"], "mode": ["sea"], "times_ms": [[0, 3_600_000, 7_200_000]]},
    geometry=[LineString([(131.62, 42.85), (132.0, 42.7), (132.91831, 42.8436)])], crs="EPSG:4326",
)  # fmt: skip
EVENTS = gpd.GeoDataFrame(
    {"label": ["seen"], "start": [pd.Timestamp("1970-01-01T01:00Z")], "end": [pd.Timestamp("1970-01-01T01:00Z")]},
    geometry=[Point(132.0, 42.7)], crs="EPSG:4326",
)  # fmt: skip
WEB = "EPSG:3857"


def page(m) -> str:
    return m.get_root().render()


def layer_page(add, frame) -> str:
    m = new_map()
    add(m, frame)
    return page(m)


@pytest.mark.parametrize(
    ("add", "frame"),
    [(add_sites, SITES), (add_sightings, SIGHTINGS), (add_routes, LEGS),
     (lambda m, f: RouteAnimation(f, EVENTS).add_to(m), MOVES),
     (lambda m, f: RouteAnimation(MOVES, f).add_to(m), EVENTS)],
    ids=["sites", "sightings", "routes", "movements", "events"],
)  # fmt: skip
def test_a_layer_draws_the_same_page_from_a_frame_in_web_mercator(add, frame):
    assert frame.crs == "EPSG:4326"
    assert layer_page(add, frame.to_crs(WEB)) == layer_page(add, frame)


def _bounds(html: str) -> list[float]:
    (text,) = re.findall(r"\.fitBounds\(\s*(\[\[.*?\]\])", html)
    return [float(v) for v in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", text)]


@pytest.mark.parametrize(
    "build",
    [lambda web: sites_and_sightings_map(web(SITES), web(SIGHTINGS)),
     lambda web: timeline_page(web(SIGHTINGS), web(SITES)),
     lambda web: routes_map(web(LEGS), web(SITES.head(3))),
     lambda web: animation_map(web(MOVES), web(EVENTS)),
     lambda web: fit_to_data(new_map(), web(LEGS), None, web(SITES.iloc[:0]))],
    ids=["sites_and_sightings", "timeline", "routes", "animation", "fit_to_data"],
)  # fmt: skip
def test_a_map_from_frames_in_web_mercator_is_the_same_page_fitted_to_the_same_place(build):
    lonlat = page(build(lambda f: f))
    web = page(build(lambda f: f.to_crs(WEB)))
    assert _bounds(web) == pytest.approx(_bounds(lonlat), abs=1e-9)
    # the data and everything else are the same bytes; only the view's last digits may differ
    assert re.sub(r"\.fitBounds\(\s*\[\[.*?\]\]", "", web) == re.sub(r"\.fitBounds\(\s*\[\[.*?\]\]", "", lonlat)


def test_frames_without_a_crs_or_that_are_no_frames_are_refused_in_one_line():
    bare = SITES.set_crs(None, allow_override=True)
    with pytest.raises(ValueError, match=r"^sites have no CRS, so their x/y cannot be placed on a map; set it first"):
        add_sites(new_map(), bare)
    with pytest.raises(ValueError, match="^route legs have no CRS"):
        routes_map(LEGS.set_crs(None, allow_override=True))
    with pytest.raises(TypeError, match="^sightings: expected a GeoDataFrame, got DataFrame$"):
        add_sightings(new_map(), pd.DataFrame(SIGHTINGS.drop(columns="geometry")))
    with pytest.raises(TypeError, match="^movements: expected a GeoDataFrame, got list$"):
        RouteAnimation([])
    with pytest.raises(ValueError, match="^frames to fit the map to have no geometry column"):
        fit_to_data(new_map(), gpd.GeoDataFrame({"a": [1]}))


def test_lon_lat_frames_pass_as_they_are_and_empty_ones_need_no_crs():
    assert to_lonlat(SITES) is SITES
    crs84 = SITES.set_crs("OGC:CRS84", allow_override=True)
    assert to_lonlat(crs84) is crs84  # lon/lat degrees too, whatever the axis order says
    empty = gpd.GeoDataFrame(geometry=[])
    assert to_lonlat(empty) is empty
    assert to_lonlat(SITES.to_crs(WEB)).crs == "EPSG:4326"
