"""Map of 100,000 sightings: corridor's page against folium's FastMarkerCluster.

corridor's way: one canvas GeoJSON layer (clustered), popups built on click, the page written
self-contained (Leaflet, MarkerCluster, the runtime and the Natural Earth basemap inside the file).
Anchor: what a competent folium user does for many points, ``folium.plugins.FastMarkerCluster``
(the points as one JavaScript array, markers made in the browser), with a callback that binds each
point's label as its popup; its page is inlined the same way (``corridor.maps.offline.inline``)
so both open offline. Same synthetic sightings, one run. Prints build time (map building,
rendering, embedding assets), page size, and the time from navigation until every sighting is in
the clusters in headless Chromium, offline. The anchor's console errors offline are Leaflet's
default marker images, which its page links by path.

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
import pandas as pd
from folium.plugins import FastMarkerCluster

from corridor.evidence.sightings import format_when, load_sightings
from corridor.maps.layers import add_sightings, new_map
from corridor.maps.offline import inline

N = 100_000
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


_CALLBACK = """function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]));
    marker.bindPopup(row[2]);
    return marker;
}"""


def folium_page(sightings: gpd.GeoDataFrame) -> str:
    m = folium.Map(location=[45, 95], zoom_start=3)
    when = [format_when(a, b, p) for a, b, p in zip(sightings["observed_start"], sightings["observed_end"], sightings["time_precision"], strict=True)]  # fmt: skip
    label = (sightings["site_name"].astype(str) + ": " + sightings["activity"].astype(str) + " " + pd.Series(when, index=sightings.index)).map(html.escape)  # fmt: skip
    data = [[y, x, t] for y, x, t in zip(sightings.geometry.y.round(5), sightings.geometry.x.round(5), label, strict=True)]  # fmt: skip
    FastMarkerCluster(data, callback=_CALLBACK).add_to(m)
    m.fit_bounds([[sightings.geometry.y.min(), sightings.geometry.x.min()],
                  [sightings.geometry.y.max(), sightings.geometry.x.max()]])  # fmt: skip
    return inline(m.get_root().render())


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


def browser_load(page: str) -> tuple[float, int, int, int] | None:
    """Seconds from navigation until all sightings are clustered in headless Chromium (offline),
    the clustered count, clusters drawn and console errors; ``None`` without Chromium."""
    from corridor.maps.browser import Chromium, find_chromium

    if find_chromium() is None:
        return None
    with tempfile.TemporaryDirectory() as tmp, Chromium() as browser:
        path = Path(tmp) / "page.html"
        path.write_text(page, encoding="utf-8")
        report = browser.check(path, wait_ms=0, script=_ALL_CLUSTERED % N)
    c = report.counts
    return report.value / 1000, c["clustered"], c["clusters"], len(report.errors)


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
    ours_s, theirs_s = statistics.median(ours_t), statistics.median(theirs_t)
    print(f"map of {N:,} synthetic sightings, {RUNS} builds each (first / median); both pages self-contained")  # fmt: skip
    print(f"  corridor (one canvas GeoJSON layer, clustered, popups on click): "
          f"{ours_t[0]:.2f} / {ours_s:.2f} s, {ours_mb:.2f} MB")  # fmt: skip
    print(f"  folium FastMarkerCluster (anchor, popup text per point):     "
          f"{theirs_t[0]:.2f} / {theirs_s:.2f} s, {theirs_mb:.2f} MB")  # fmt: skip
    print(f"  ratio anchor / corridor: build {theirs_s / ours_s:.2f}x, size {theirs_mb / ours_mb:.2f}x")
    ours_b, theirs_b = browser_load(ours), browser_load(theirs)
    if ours_b is None:
        print("  browser: Chromium not installed")
    else:
        for name, b in (("corridor", ours_b), ("FastMarkerCluster", theirs_b)):
            print(f"  browser, {name}: {b[0]:.2f} s from navigation until all {b[1]:,} sightings are "
                  f"clustered ({b[2]} clusters drawn), offline; console errors: {b[3]}")  # fmt: skip
        print(f"  ratio anchor / corridor: clustering in the browser {theirs_b[0] / ours_b[0]:.2f}x")
    print(f"  targets for corridor: build < 2 s -> {ours_s:.2f} s; page < 10 MB -> {ours_mb:.2f} MB; "
          f"clustered in Chromium < 3 s -> {'n/a' if ours_b is None else f'{ours_b[0]:.2f} s'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
