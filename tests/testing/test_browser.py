"""Atlas pages opened in a real headless Chromium with the network taken away."""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest

from corridor.case import open_case
from corridor.evidence.sightings import load_sightings
from corridor.maps.atlas import Page, build_atlas, case_pages
from corridor.maps.layers import add_sightings, new_map, sites_and_sightings_map
from corridor.places.gazetteer import Gazetteer
from corridor.testing.browser import Chromium

EXAMPLE = open_case("dprk-russia")
PAGES = case_pages(EXAMPLE)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
NOTE = """<img src=x onerror="document.title='pwned'">"""
ASSET = "</script><script>document.title='pwned'</script>"


@pytest.fixture(scope="module")
def browser(chromium):
    with Chromium(chromium) as b:
        yield b


@pytest.fixture(scope="module")
def atlas(tmp_path_factory):
    out = tmp_path_factory.mktemp("atlas")
    build_atlas(out)
    return out


def drawn(counts: dict) -> int:
    return counts["markers"] + counts["circle_markers"] + counts["lines"] + counts["clustered"]


@pytest.mark.parametrize("page", PAGES, ids=[p.slug for p in PAGES])
def test_every_atlas_page_draws_offline_without_errors(browser, atlas, page):
    report = browser.check(atlas / f"{page.slug}.html", screenshot=SCREENSHOTS / f"{page.slug}.png")
    assert report.errors == []
    assert report.counts["maps"] >= 1 and report.counts["controls"] >= 1
    assert drawn(report.counts) > 0
    if page.expect is not None:
        expected = page.expect()
        assert {k: report.counts[k] for k in expected} == expected
    assert (SCREENSHOTS / f"{page.slug}.png").read_bytes()[:4] == b"\x89PNG"


def test_index_opens_offline_and_links_every_page(browser, atlas):
    report = browser.check(atlas / "index.html")
    assert report.errors == [] and report.title == EXAMPLE.title
    for page in PAGES:
        assert f'href="{page.slug}.html"' in report.dom


def test_a_cdn_page_fails_the_offline_check(browser, tmp_path):
    build_atlas(tmp_path, pages=PAGES[:1], mode="cdn")
    report = browser.check(tmp_path / f"{PAGES[0].slug}.html")
    assert any("ERR_" in e and "leaflet.js" in e for e in report.errors)
    assert any("L is not defined" in e or "reading" in e for e in report.errors)
    assert report.counts["maps"] == 0


def test_pages_with_assets_beside_them_open_offline(browser, tmp_path):
    build_atlas(tmp_path, pages=PAGES[:1], mode="assets")
    report = browser.check(tmp_path / f"{PAGES[0].slug}.html")
    assert report.errors == [] and drawn(report.counts) > 0


# Hover and click the sighting carrying the payload; return what its tooltip and popup show.
_OPEN_PAYLOAD = """
(function () {
  var hit = null;
  window.__corridorMaps[0].eachLayer(function (l) {
    var p = l.feature && l.feature.properties;
    if (p && p.notes && p.notes.indexOf("onerror") >= 0) hit = l;
  });
  hit.fire("mouseover", {latlng: hit.getLatLng()}, true);
  hit.fire("click", {latlng: hit.getLatLng()}, true);
  var popup = document.querySelector(".leaflet-popup-content");
  return {popup: popup.textContent, images: document.querySelectorAll("img").length,
          tooltip: document.querySelector(".leaflet-tooltip").textContent,
          sources: document.querySelector(".corridor-sources").textContent};
})()
"""


def test_text_from_data_shows_as_text_and_runs_nothing(browser, tmp_path):
    sightings = load_sightings().head(3).copy()
    sightings["notes"] = NOTE
    sightings["asset_name"] = ASSET
    sightings["site_name"] = ASSET
    sightings["source_publication"] = NOTE
    m = sites_and_sightings_map(Gazetteer.default().sites, sightings)
    build_atlas(tmp_path, pages=[Page("payload", "payload", "payload", lambda: m)])
    report = browser.check(tmp_path / "payload.html", script=_OPEN_PAYLOAD)
    assert report.errors == []
    assert report.title == "Sites and sightings"
    shown = report.value
    assert NOTE in shown["popup"] and ASSET in shown["popup"]
    assert shown["tooltip"].startswith(ASSET + ": ")
    assert NOTE in shown["sources"]
    assert shown["images"] == 0
    assert report.counts["circle_markers"] == 3


def test_thousands_of_sightings_cluster_on_a_canvas(browser, tmp_path):
    seed = load_sightings()
    rng = np.random.default_rng(6)
    many = seed.sample(2000, replace=True, random_state=6).reset_index(drop=True)
    jitter = rng.normal(0, 0.5, (2, 2000))
    many = many.set_geometry(gpd.points_from_xy(many.geometry.x + jitter[0], many.geometry.y + jitter[1]), crs=4326)  # fmt: skip
    m = new_map()
    add_sightings(m, many)
    build_atlas(tmp_path, pages=[Page("many", "many", "many", lambda: m)])
    report = browser.check(tmp_path / "many.html", screenshot=SCREENSHOTS / "clustered.png")
    assert report.errors == []
    assert report.counts["clustered"] == 2000
    assert 0 < report.counts["clusters"] < 2000
    assert report.dom.count("<canvas") >= 1
