"""Map of 10,000 sightings: corridor's page against plain folium Markers with popups.

corridor's way: one canvas GeoJSON layer (clustered), popups built on click, the page written
self-contained (Leaflet, MarkerCluster, the runtime and the Natural Earth basemap inside the file).
Anchors, each linking its scripts from CDNs (so without a basemap, and needing the network):
plain folium, one ``folium.Marker`` with a ``folium.Popup`` per sighting (the naive way); and
folium's own scalable ways, one ``folium.GeoJson`` layer with a ``folium.GeoJsonPopup``, and
``folium.plugins.FastMarkerCluster`` (markers made in the browser from a data array, popup text
escaped in Python). Same synthetic sightings, one run.
Prints build time (map building, rendering and, for corridor, embedding assets) and HTML size.

Synthetic sightings: the seed sightings resampled with a fixed seed and their points jittered by
about 50 km; they are test input, not data.
"""

from __future__ import annotations

import html
import statistics
import sys
import tempfile
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np

from corridor.evidence.sightings import format_when, load_sightings
from corridor.maps.layers import add_sightings, new_map, reset_ids
from corridor.maps.offline import inline

N = 10_000
RUNS = 3


def synthetic_sightings(n: int, seed: int = 6) -> gpd.GeoDataFrame:
    base = load_sightings()
    rng = np.random.default_rng(seed)
    s = base.sample(n, replace=True, random_state=seed).reset_index(drop=True)
    dx, dy = rng.normal(0, 0.5, (2, n))
    return s.set_geometry(gpd.points_from_xy(s.geometry.x + dx, s.geometry.y + dy), crs=4326)


def corridor_page(sightings: gpd.GeoDataFrame) -> str:
    m = new_map()
    add_sightings(m, sightings)
    folium.LayerControl().add_to(m)
    return inline(m.get_root().render())


def folium_page(sightings: gpd.GeoDataFrame) -> str:
    reset_ids()
    m = folium.Map(location=[45, 95], zoom_start=3)
    for s in sightings.itertuples():
        when = format_when(s.observed_start, s.observed_end, s.time_precision)
        text = (
            f"<b>{html.escape(str(s.site_name))}</b><br>When: {html.escape(when)}"
            f"<br>Asset: {html.escape(str(s.asset_class))}<br>Activity: {html.escape(s.activity)}"
            f"<br>Confidence: {s.confidence}<br>Source: {html.escape(s.source_publication)}"
        )
        folium.Marker([s.geometry.y, s.geometry.x], popup=folium.Popup(text)).add_to(m)
    return m.get_root().render()


def _popup_table(sightings: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The popup fields as text, the way a folium user would prepare them."""
    when = [format_when(a, b, p) for a, b, p in zip(sightings["observed_start"],
            sightings["observed_end"], sightings["time_precision"], strict=True)]  # fmt: skip
    return gpd.GeoDataFrame(
        {
            "place": sightings["site_name"].astype(str), "when": when,
            "asset": sightings["asset_class"].astype(str), "activity": sightings["activity"],
            "confidence": sightings["confidence"],
            "source": sightings["source_publication"].astype(str),
        },
        geometry=sightings.geometry.values, crs=4326,
    )  # fmt: skip


def folium_geojson_page(sightings: gpd.GeoDataFrame) -> str:
    reset_ids()
    m = folium.Map(location=[45, 95], zoom_start=3)
    table = _popup_table(sightings)
    fields = [c for c in table.columns if c != "geometry"]
    folium.GeoJson(table, popup=folium.GeoJsonPopup(fields=fields)).add_to(m)
    return m.get_root().render()


_FAST_CALLBACK = """function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]));
    marker.bindPopup(row[2]);
    return marker;
}"""


def folium_fast_cluster_page(sightings: gpd.GeoDataFrame) -> str:
    from folium.plugins import FastMarkerCluster

    reset_ids()
    m = folium.Map(location=[45, 95], zoom_start=3)
    table = _popup_table(sightings)
    text = [
        "<br>".join(html.escape(f"{k}: {v}") for k, v in zip(
            ("Place", "When", "Asset", "Activity", "Confidence", "Source"), row, strict=True))
        for row in table.drop(columns="geometry").itertuples(index=False)
    ]  # fmt: skip
    data = [[y, x, t] for x, y, t in zip(table.geometry.x, table.geometry.y, text, strict=True)]
    FastMarkerCluster(data, callback=_FAST_CALLBACK).add_to(m)
    return m.get_root().render()


def timed(build, sightings) -> tuple[list[float], str]:
    times, page = [], ""
    for _ in range(RUNS):
        start = time.perf_counter()
        page = build(sightings)
        times.append(time.perf_counter() - start)
    return times, page


def browser_load(page: str) -> str:
    """Load-and-draw time of the corridor page in headless Chromium (offline), if installed."""
    from corridor.testing.browser import Chromium, find_chromium

    if find_chromium() is None:
        return "Chromium not installed"
    with tempfile.TemporaryDirectory() as tmp, Chromium() as browser:
        path = Path(tmp) / "page.html"
        path.write_text(page, encoding="utf-8")
        report = browser.check(path, wait_ms=0, script=_ALL_CLUSTERED % N)
    return (
        f"{report.value / 1000:.2f} s from navigation until all {report.counts['clustered']:,} "
        f"sightings are clustered ({report.counts['clusters']} clusters drawn), offline; "
        f"console errors: {len(report.errors)}"
    )


# Resolves with the page's clock (ms since navigation) once the clusters hold all sightings.
_ALL_CLUSTERED = """new Promise(function (done) {
  (function poll() {
    var n = 0;
    window.__corridorMaps[0].eachLayer(function (l) {
      if (l instanceof L.MarkerClusterGroup) n = l.getLayers().length;
    });
    if (n >= %d) done(performance.now()); else setTimeout(poll, 10);
  })();
})"""


def main() -> int:
    sightings = synthetic_sightings(N)
    ours_t, ours = timed(corridor_page, sightings)
    theirs_t, theirs = timed(folium_page, sightings)
    ours_mb, theirs_mb = len(ours.encode()) / 1e6, len(theirs.encode()) / 1e6
    print(f"map of {N:,} synthetic sightings, {RUNS} builds each (first / median)")
    print(
        f"  corridor (one canvas GeoJSON layer, clustered, self-contained): "
        f"{ours_t[0]:.2f} / {statistics.median(ours_t):.2f} s, {ours_mb:.2f} MB"
    )
    print(
        f"  plain folium (Marker + Popup each, CDN-linked, no basemap):   "
        f"{theirs_t[0]:.2f} / {statistics.median(theirs_t):.2f} s, {theirs_mb:.2f} MB"
    )
    print(
        f"  ratio folium / corridor: build {statistics.median(theirs_t) / statistics.median(ours_t):.1f}x, "
        f"size {theirs_mb / ours_mb:.1f}x"
    )
    for label, build in (
        ("folium GeoJson + GeoJsonPopup (one layer, CDN-linked):       ", folium_geojson_page),
        ("folium plugins.FastMarkerCluster (CDN-linked):                ", folium_fast_cluster_page),
    ):  # fmt: skip
        t, page = timed(build, sightings)
        mb = len(page.encode()) / 1e6
        print(f"  {label}{t[0]:.2f} / {statistics.median(t):.2f} s, {mb:.2f} MB;"
              f" ratio to corridor: build {statistics.median(t) / statistics.median(ours_t):.2f}x,"
              f" size {mb / ours_mb:.2f}x")  # fmt: skip
    print(f"  targets for corridor: <= 1.5 MB -> {ours_mb:.2f} MB; < 1 s -> {statistics.median(ours_t):.2f} s")  # fmt: skip
    print(f"  browser: {browser_load(ours)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
