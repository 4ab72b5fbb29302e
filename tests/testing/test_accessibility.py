"""Atlas pages checked in headless Chromium: axe-core, the phone layout, keyboard order, data tables."""

import pytest

from corridor.case import open_case
from corridor.maps.atlas import build_atlas, case_pages
from corridor.testing import accessibility as a11y
from corridor.testing.browser import Chromium

pytestmark = pytest.mark.browser
# Every page of the example case and of another case on another sea.
CASES = {"dprk-russia": None, "red-sea-sealift": None}
#: Pages that are documents rather than maps.
DOCUMENTS = ("claims", "dossiers", "changes")


@pytest.fixture(scope="module")
def browser(chromium):
    with Chromium(chromium) as b:
        yield b


def built(name, tmp_path_factory):
    case = open_case(name)
    out = tmp_path_factory.mktemp(name)
    pages = [p for p in case_pages(case) if CASES[name] is None or p.slug in CASES[name]]
    build_atlas(out, pages, case=case)
    return out, pages


@pytest.fixture(scope="module", params=list(CASES))
def atlas(request, tmp_path_factory):
    return built(request.param, tmp_path_factory)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return built("dprk-russia", tmp_path_factory)


def test_axe_finds_no_serious_or_critical_violation_on_any_page(browser, atlas):
    out, pages = atlas
    for path in [out / "index.html", *(out / f"{p.slug}.html" for p in pages)]:
        report = browser.check(path, wait_ms=800, probe=a11y.axe_probe)
        assert report.errors == []
        assert a11y.blocking(report.value) == [], path.name


def test_axe_does_report_a_page_that_breaks_its_rules(browser, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><title>t</title></head><body><main><input type="text">'
        '<p style="color:#bbb;background:#fff">faint</p></main></body></html>',
        encoding="utf-8",
    )
    found = browser.check(bad, wait_ms=0, probe=a11y.axe_probe).value
    rules = {v.rule: v.impact for v in a11y.blocking(found)}
    assert rules == {"html-has-lang": "serious", "label": "critical", "color-contrast": "serious"}


def test_at_phone_size_no_page_is_wider_than_the_screen_and_the_map_fills_it(browser, atlas, tmp_path):
    out, pages = atlas
    for page in pages:
        shot = tmp_path / f"{page.slug}-phone.png"
        layout = a11y.phone_layout(browser, out / f"{page.slug}.html", screenshot=shot)
        assert (layout.width, layout.height) == a11y.PHONE
        assert layout.page_width <= 390, page.slug
        if page.slug in DOCUMENTS:
            continue
        assert layout.map_share >= 0.6, (page.slug, layout.map_share)
        assert layout.problems == []
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_phone_layout_reports_a_page_wider_than_the_screen(browser, tmp_path):
    wide = tmp_path / "wide.html"
    wide.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width">'
        '</head><body><div style="width:800px;height:20px"></div></body></html>',
        encoding="utf-8",
    )
    layout = a11y.phone_layout(browser, wide)
    assert layout.page_width >= 808 and layout.map_share == 0  # 800 px and the body margin
    assert len(layout.problems) == 2


def test_tab_reaches_skip_link_controls_and_tables_in_reading_order(browser, atlas):
    out, pages = atlas
    order = a11y.tab_order(browser, out / "sites_and_sightings.html")
    assert order[0] == "skip link"
    wanted = ["toggle Title", "toggle Layers", "layer control", "toggle Sources", "toggle Legend",
              "table Sites table", "table Sightings table"]  # fmt: skip
    assert [name for name in order if name in wanted] == wanted


def test_tab_reaches_the_time_slider_of_a_scenario(browser, example):
    out, pages = example
    scenario = next(p for p in pages if p.slug in open_case("dprk-russia").scenarios())
    order = a11y.tab_order(browser, out / f"{scenario.slug}.html")
    assert order.index("toggle Time") < order.index("time button") < order.index("time slider")


def test_tables_list_the_rows_the_map_draws_and_follow_the_layer_control(browser, atlas):
    out, pages = atlas
    page = out / "sites_and_sightings.html"
    shown = a11y.table_rows(browser, page)
    assert shown["tables"] == {
        "Sites table": shown["counts"]["markers"],
        "Sightings table": shown["counts"]["circle_markers"],
    }
    assert shown["counts"]["markers"] > 0 and shown["counts"]["circle_markers"] > 0
    off = """
    (function () {
      var box = Array.from(document.querySelectorAll(".leaflet-control-layers label"))
        .find(function (l) { return l.textContent.trim() === "Sightings"; }).querySelector("input");
      box.click();
      return new Promise(function (done) { setTimeout(function () {
        done(+document.querySelector("#corridor-table-1").getAttribute("data-rows")); }, 50); });
    })()
    """
    report = browser.check(page, wait_ms=500, script=off)
    assert report.value == 0 and report.counts["circle_markers"] == 0

def test_the_route_table_lists_every_leg_drawn(browser, example):
    out, pages = example
    routes = a11y.table_rows(browser, out / "routes.html")
    assert routes["tables"]["Route legs table"] == routes["counts"]["lines"] > 0


def test_a_scenario_table_follows_the_time_slider(browser, example):
    out, pages = example
    scenario = next(p for p in pages if p.slug in open_case("dprk-russia").scenarios())
    move = """
    (function (share) {
      var slider = document.querySelector(".corridor-anim input[type=range]");
      slider.value = +slider.min + share * (slider.max - slider.min);
      slider.dispatchEvent(new Event("input"));
      return new Promise(function (done) { setTimeout(function () {
        var rows = 0;
        document.querySelectorAll(".corridor-table-block").forEach(function (b) { rows += +b.getAttribute("data-rows"); });
        done(rows); }, 50); });
    })(%s)
    """
    seen = set()
    for share in (0, 0.5, 1):
        report = browser.check(out / f"{scenario.slug}.html", wait_ms=300, script=move % share)
        assert report.value == report.counts["circle_markers"], share
        seen.add(report.value)
    assert len(seen) > 1  # the rows do change with the time


def test_print_puts_the_map_at_page_width_with_legend_and_sources_beneath(browser, atlas):
    out, pages = atlas
    for page in (p for p in pages if p.slug not in DOCUMENTS):
        layout = a11y.print_layout(browser, out / f"{page.slug}.html")
        assert layout["map_width"] == layout["page_width"], page.slug
        assert layout["beneath"] and layout["legend"] and layout["sources"], (page.slug, layout)
        assert not layout["controls_on_map"]
