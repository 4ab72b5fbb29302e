"""Atlas pages opened in a real headless Chromium with the network taken away."""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest

from corridor.case import open_case
from corridor.evidence.sightings import load_sightings
from corridor.maps.atlas import Page, build_atlas, case_pages
from corridor.maps.browser import Chromium
from corridor.maps.layers import add_sightings, new_map, sites_and_sightings_map
from corridor.places.gazetteer import Gazetteer
from corridor.testing import assert_page_drew

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


MAP_PAGES = [p for p in PAGES if p.slug not in ("claims", "dossiers", "changes")]


@pytest.mark.parametrize("page", MAP_PAGES, ids=[p.slug for p in MAP_PAGES])
def test_every_atlas_map_draws_offline_without_errors(browser, atlas, page):
    report = browser.check(atlas / f"{page.slug}.html", screenshot=SCREENSHOTS / f"{page.slug}.png")
    assert_page_drew(report, page.expect() if page.expect is not None else None)
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
    assert_page_drew(browser.check(tmp_path / f"{PAGES[0].slug}.html"))


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
          tooltip: document.querySelector(".leaflet-tooltip:not(.corridor-label)").textContent,
          labels: [].map.call(document.querySelectorAll(".corridor-label"), function (e) { return e.textContent; }),
          sources: document.querySelector(".corridor-sources").textContent};
})()
"""


def test_text_from_data_shows_as_text_and_runs_nothing(browser, tmp_path):
    sightings = load_sightings().head(3).copy()
    sightings["notes"] = NOTE
    sightings["asset_name"] = ASSET
    sightings["site_name"] = ASSET
    sightings["source_publication"] = NOTE
    sites = Gazetteer.default().sites.copy()
    sites.loc[sites.index[0], "name"] = ASSET
    m = sites_and_sightings_map(sites, sightings)
    build_atlas(tmp_path, pages=[Page("payload", "payload", "payload", lambda: m)])
    report = browser.check(tmp_path / "payload.html", script=_OPEN_PAYLOAD)
    assert report.errors == []
    assert report.title == "Sites and sightings"
    shown = report.value
    assert NOTE in shown["popup"] and ASSET in shown["popup"]
    assert shown["tooltip"].startswith(ASSET + ": ")
    assert ASSET in shown["labels"]
    assert NOTE in shown["sources"]
    assert shown["images"] == 0
    assert report.counts["circle_markers"] == 3


def test_thousands_of_sightings_cluster_on_a_canvas(browser, tmp_path):
    seed = load_sightings()
    rng = np.random.default_rng(6)
    many = seed.sample(2500, replace=True, random_state=6).reset_index(drop=True)
    jitter = rng.normal(0, 0.5, (2, 2500))
    many = many.set_geometry(gpd.points_from_xy(many.geometry.x + jitter[0], many.geometry.y + jitter[1]), crs=4326)  # fmt: skip
    m = new_map()
    add_sightings(m, many)
    build_atlas(tmp_path, pages=[Page("many", "many", "many", lambda: m)])
    table = (
        "(function () { var b = document.querySelector('.corridor-table-block');"
        " return [b.querySelectorAll('tbody tr').length, b.querySelector('caption').textContent]; })()"
    )
    report = browser.check(tmp_path / "many.html", screenshot=SCREENSHOTS / "clustered.png",
                           script=table)  # fmt: skip
    assert report.errors == []
    assert report.counts["clustered"] == 2500
    assert 0 < report.counts["clusters"] < 2500
    assert report.dom.count("<canvas") >= 1
    # the data table of a layer this large lists its first 2,000 rows and says so
    rows, caption = report.value
    assert rows == 2000 and "2500 rows" in caption and "first 2000 listed" in caption


# --- the atlas as a reader opens it ------------------------------------------------------------

# Every feature drawn (not the basemap) inside the map's initial bounds? How many labels show?
_FITTED = """
(function () {
  var map = window.__corridorMaps[0], bounds = map.getBounds(), n = 0, outside = [];
  map.eachLayer(function (l) {
    if (l.options && l.options.pane === "corridor-basemap") return;
    var where = l.getLatLng ? l.getLatLng() : (l instanceof L.Path && l.getBounds) ? l.getBounds() : null;
    if (!where) return;
    n += 1;
    if (!bounds.contains(where)) outside.push(JSON.stringify(where));
  });
  var labels = [].filter.call(document.querySelectorAll(".corridor-label"),
                              function (e) { return e.style.visibility !== "hidden"; });
  function overlaps(elements) {
    var boxes = elements.map(function (e) { return e.getBoundingClientRect(); }), k = 0;
    for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
      var a = boxes[i], b = boxes[j];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) k += 1;
    }
    return k;
  }
  var all = [].slice.call(document.querySelectorAll(".corridor-label"));
  return {features: n, outside: outside, labels: labels.length, overlaps: overlaps(labels),
          overlaps_if_all_shown: overlaps(all),
          total_labels: document.querySelectorAll(".corridor-label").length};
})()
"""


@pytest.mark.parametrize("page", MAP_PAGES, ids=[p.slug for p in MAP_PAGES])
def test_every_map_opens_fitted_to_its_data_with_site_labels(browser, atlas, page):
    report = browser.check(atlas / f"{page.slug}.html", script=_FITTED)
    assert report.errors == []
    seen = report.value
    assert seen["features"] > 0 and seen["outside"] == []
    if seen["total_labels"]:
        assert seen["labels"] >= 3
        assert seen["overlaps"] == 0  # the labels shown never cover each other
    if page.slug == "sites_and_sightings":  # ... where, all shown, some would
        assert seen["overlaps_if_all_shown"] > 0
    if page.slug in ("sites_and_sightings", "routes", "timeline"):
        assert seen["total_labels"] > 0


@pytest.mark.parametrize("slug", ["claims", "dossiers", "changes", "index"])
def test_every_html_page_opens_offline_without_errors(browser, atlas, slug):
    report = browser.check(atlas / f"{slug}.html", screenshot=SCREENSHOTS / f"{slug}.png")
    assert report.errors == [] and report.title


# No two visible labels overlap, and none lies under a control box.
_LABELS_APART = """
(function () {
  var boxes = [].filter.call(document.querySelectorAll(".corridor-label"),
      function (e) { return e.style.visibility !== "hidden"; }).map(function (e) { return e.getBoundingClientRect(); });
  var hit = 0;
  for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
    var a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) hit += 1;
  }
  return {visible: boxes.length, overlaps: hit};
})()
"""


def test_site_labels_never_overlap(browser, atlas):
    report = browser.check(atlas / "sites_and_sightings.html", script=_LABELS_APART)
    assert report.value["visible"] >= 3 and report.value["overlaps"] == 0


# Move the timeline's sliders to weeks a..b and pick a confidence; report the count shown.
_SLIDE = """
(function (a, b, confidence) {
  var box = document.querySelector(".corridor-timeline");
  box.querySelector(".corridor-from").value = String(a);
  box.querySelector(".corridor-to").value = String(b);
  box.querySelector(".corridor-to").dispatchEvent(new Event("input"));
  var select = box.querySelector('select[data-filter="confidence"]');
  select.value = confidence;
  select.dispatchEvent(new Event("change"));
  return {count: +box.getAttribute("data-count"), total: +box.getAttribute("data-total"),
          text: box.querySelector(".corridor-count").textContent};
})(%d, %d, %s)
"""


@pytest.mark.parametrize(("first", "last", "confidence"), [(0, 10_000, ""), (60, 75, ""), (60, 75, "probable"), (3, 2, "")])  # fmt: skip
def test_timeline_slider_filters_the_counts_exactly(browser, atlas, first, last, confidence):
    import json

    from corridor.maps.atlas import packaged_data
    from corridor.maps.timeline import weeks_of

    sightings = packaged_data().sightings
    week, weeks = weeks_of(sightings)
    lo, hi = sorted((first, min(last, len(weeks) - 1)))
    keep = (week >= lo) & (week <= hi)
    if confidence:
        keep &= sightings["confidence"] == confidence
    report = browser.check(atlas / "timeline.html", script=_SLIDE % (first, last, json.dumps(confidence)))
    assert report.errors == []
    assert report.value["count"] == report.counts["circle_markers"] == int(keep.sum())
    assert report.value["text"] == f"{int(keep.sum())} of {len(sightings)} sightings"


def test_claims_page_draws_one_range_per_claim(browser, atlas):
    from corridor.maps.atlas import packaged_data

    claims = packaged_data().claims
    with_figure = int((claims["low"].notna() | claims["high"].notna()).sum())
    script = """({groups: document.querySelectorAll("svg .corridor-claim").length,
                  ranges: document.querySelectorAll("svg .corridor-claim-range").length})"""
    report = browser.check(atlas / "claims.html", script=script)
    assert report.errors == []
    assert report.value == {"groups": len(claims), "ranges": with_figure}


def test_changes_page_shows_exactly_the_rows_of_a_revised_import(browser, tmp_path):
    import pandas as pd

    from corridor.maps.atlas import store_data
    from corridor.store.geopackage import open_store

    store = open_store(tmp_path / "s.gpkg", case=EXAMPLE)
    store.import_seed()
    build_atlas(tmp_path / "atlas", data=store_data(store.path))
    seed = pd.read_csv("geodata/cases/dprk-russia/sightings.csv", dtype=str, keep_default_na=False)
    seed.loc[3, "notes"] = "Re-read: two ships, not one"
    seed.loc[4, "source_detail"] = "p. 3"
    added = seed.iloc[[5]].assign(observed_start="2025-06-21", observed_end="2025-06-21", time_precision="day")  # fmt: skip
    pd.concat([seed, added]).to_csv(tmp_path / "rev.csv", index=False)
    report = store.import_sightings(tmp_path / "rev.csv")
    build_atlas(tmp_path / "atlas", data=store_data(store.path))
    script = """[].map.call(document.querySelectorAll("tr.corridor-change"),
                 function (r) { return [r.dataset.change, r.dataset.id]; })"""
    page = browser.check(tmp_path / "atlas" / "changes.html", script=script)
    assert page.errors == []
    shown = sorted(map(tuple, page.value))
    assert shown == sorted([("added", i) for i in report.added_ids] + [("revised", i) for i in report.revised_ids])  # fmt: skip
    assert (report.added, report.revised) == (1, 2)
