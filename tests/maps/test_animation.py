import re
import subprocess
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from corridor.maps import layers as maps
from corridor.maps.animation import RouteAnimation, script_json
from corridor.maps.offline import inline
from corridor.testing.browser import Chromium
from corridor.transport.schedule import timed_legs

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--proxy-server=http://127.0.0.1:9",  # any request to the network fails
]  # fmt: skip


def two_movements():
    """Two ships: A (Oct 1, 00:00-10:00) and B (Oct 1, 12:00 - Oct 2, 00:00)."""
    legs = gpd.GeoDataFrame(
        {"mode": ["sea"], "origin": ["a"], "destination": ["b"], "length_km": [100.0],
         "duration_h": [10.0]},
        geometry=[LineString([(130.0, 42.0), (130.5, 42.2), (131.0, 42.5)])],
        crs="EPSG:4326",
    )  # fmt: skip
    a = timed_legs(legs, "2024-10-01T00:00Z", label="Ship A")
    legs["duration_h"] = 12.0
    b = timed_legs(legs, "2024-10-01T12:00Z", label="Ship <b>B</b></script>")
    return pd.concat([a, b], ignore_index=True)


def events():
    return gpd.GeoDataFrame(
        {"label": ["seen at a", "seen at b"],
         "start": pd.to_datetime(["2024-10-01T06:00Z", "2024-10-03T00:00Z"]),
         "end": pd.to_datetime(["2024-10-01T06:00Z", "2024-10-03T00:00Z"])},
        geometry=[Point(130.0, 42.0), Point(131.0, 42.5)], crs="EPSG:4326",
    )  # fmt: skip


def page(**kwargs) -> str:
    m = maps.new_map(location=(42.3, 130.5), zoom_start=8)
    RouteAnimation(two_movements(), events(), **kwargs).add_to(m)
    return m.get_root().render()


def offline_page(html: str) -> str:
    """The page with its scripts embedded from the installed packages, as the atlas writes it."""
    return inline(html)


def control_state(chromium: str, html: str, tmp_path: Path, budget_ms: int) -> dict:
    path = tmp_path / "animation.html"
    path.write_text(offline_page(html), encoding="utf-8")
    out = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         f"--virtual-time-budget={budget_ms}", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    tag = re.search(r'<div class="corridor-anim[^"]*"[^>]*>', out.stdout)
    assert tag, "the animation control is not in the DOM"
    return dict(re.findall(r'data-([a-z]+)="([^"]*)"', tag.group(0)))


def test_render_is_deterministic_and_uses_no_plugin():
    html = page()
    assert html == page()
    assert "TimestampedGeoJson" not in html and "timedimension" not in html.lower()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert not [s for s in scripts if "leaflet" in s.lower() and not s.endswith("/leaflet.js")]


def test_data_text_cannot_close_the_script():
    html = page()
    assert "Ship <b>B</b></script>" not in html
    assert "Ship \\u003cb\\u003eB\\u003c/b\\u003e\\u003c/script\\u003e" in html
    assert script_json({"a": "</script><!--&"}) == '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026"}'


def test_times_must_match_vertices():
    moves = two_movements()
    moves.at[0, "times_ms"] = moves.at[0, "times_ms"][:2]
    with pytest.raises(ValueError, match="movement 0: 2 times for 3 vertices"):
        RouteAnimation(moves)


@pytest.mark.browser
def test_page_shows_the_start_state_offline(chromium, tmp_path):
    state = control_state(chromium, page(), tmp_path, budget_ms=2000)
    # at the start (Oct 1 00:00) ship A is leaving and no sighting is due yet
    assert state["time"] == "2024-10-01 00:00 UTC"
    assert (state["movers"], state["events"]) == ("1", "0")
    assert "ticks" not in state


@pytest.mark.browser
def test_page_plays_to_the_end_offline(chromium, tmp_path):
    # 2 ticks of 1 h per 100 ms: Oct 1 00:00 -> Oct 3 00:00 takes 48 ticks, 2.4 s
    html = page(step_h=1, tick_ms=50, autoplay=True)
    state = control_state(chromium, html, tmp_path, budget_ms=10000)
    assert state["time"] == "2024-10-03 00:00 UTC"
    assert int(state["ticks"]) >= 48
    # at the end both ships have arrived and both sightings are shown
    assert (state["movers"], state["events"]) == ("0", "2")


@pytest.mark.browser
def test_page_stopped_mid_way_shows_the_ship_under_way(chromium, tmp_path):
    html = page(step_h=1, tick_ms=50, autoplay=True, end="2024-10-01T14:00Z")
    state = control_state(chromium, html, tmp_path, budget_ms=10000)
    # at 14:00 ship A has arrived (10:00), ship B is under way; one sighting (06:00) shown
    assert state["time"] == "2024-10-01 14:00 UTC"
    assert (state["movers"], state["events"]) == ("1", "1")


@pytest.mark.browser
def test_exported_atlas_animation_plays_offline(chromium, tmp_path):
    """The atlas page as exported (scripts embedded by corridor.maps.offline) plays with '#play'."""
    from corridor.case import open_case
    from corridor.evidence.sightings import load_sightings
    from corridor.maps.atlas import case_pages, render_page
    from corridor.transport.schedule import sighting_events

    case = open_case("dprk-russia")
    page = next(p for p in case_pages(case) if p.slug == "transfer_2024")
    path = tmp_path / "transfer_2024.html"
    path.write_text(render_page(page), encoding="utf-8")
    out = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=20000", "--dump-dom", path.as_uri() + "#play"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    tag = re.search(r'<div class="corridor-anim[^"]*"[^>]*>', out.stdout)
    state = dict(re.findall(r'data-([a-z]+)="([^"]*)"', tag.group(0)))
    moves = case.scenarios()["transfer_2024"].movements_table(case)
    start, end = moves["depart"].min().floor("D"), moves["arrive"].max().ceil("D")
    events = sighting_events(load_sightings())
    shown = ((events["start"] <= end) & (events["end"] >= start)).sum()
    assert state["time"] == end.strftime("%Y-%m-%d %H:%M UTC")
    assert (state["movers"], state["events"]) == ("0", str(shown))
    assert int(state["ticks"]) > 0


@pytest.mark.browser
def test_labels_from_data_show_as_text_in_tooltips(chromium, tmp_path):
    """Ship B's label carries markup; opening every tooltip shows it as text and runs nothing."""
    html = page(step_h=1, tick_ms=50, autoplay=True, end="2024-10-01T14:00Z")
    path = tmp_path / "animation.html"
    path.write_text(offline_page(html), encoding="utf-8")
    script = """(function () {
      window.__corridorMaps.forEach(function (map) {
        map.eachLayer(function (layer) { if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); } });
      });
      return Array.from(document.querySelectorAll(".leaflet-tooltip")).map(function (e) {
        return [e.textContent, e.querySelectorAll("b, script").length];
      });
    })()"""
    with Chromium(chromium) as browser:
        report = browser.check(path, wait_ms=10000, script=script)
    assert report.errors == []
    assert ["Ship <b>B</b></script>", 0] in report.value
