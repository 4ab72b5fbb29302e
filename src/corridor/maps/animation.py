"""A map element that plays timed movements and events with a time slider and a play button.

:class:`RouteAnimation` is a folium ``MacroElement`` written on plain Leaflet with a small inline
script: no plugin and no file from a CDN beyond Leaflet itself, so a page inlined by
:mod:`corridor.maps.offline` plays with no network. It computes nothing: it takes

- ``movements`` (see :mod:`corridor.transport.schedule`): LineStrings with ``times_ms`` (one time per
  vertex), ``label``, ``mode`` and ``loaded``; a mover is drawn at the position interpolated
  between the vertices around the current time, and only while the movement is under way;
- ``events`` (optional): Points with ``start``/``end`` timestamps and a ``label``, shown from
  their start (sightings appearing on their dates).

The control writes the current time (``YYYY-MM-DD HH:MM UTC``), the number of visible movers and
of shown events into its own DOM (``data-time``, ``data-movers``, ``data-events`` attributes),
which is how a headless browser checks that the page plays. A ``#play`` URL fragment (or
``autoplay=True``) starts playing on load. All data goes into the script through
:func:`corridor.maps.elements.script_json`, so no data text can close the script. Rendering is
deterministic for the same inputs (element ids come from :func:`corridor.maps.layers.new_map`).
Movements and events may come in any CRS (:func:`corridor.maps.crs.to_lonlat`).
"""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from corridor.maps.crs import to_lonlat
from corridor.maps.elements import script_json
from corridor.maps.layers import (
    add_legend,
    add_routes,
    add_sites,
    add_sources,
    add_title,
    fit_to_data,
    new_map,
    route_legend,
    site_legend,
)
from corridor.transport.schedule import sighting_events

#: Marker colour of each mode.
MODE_COLORS = {"sea": "#1f78b4", "air": "#6a3d9a", "rail": "#2a7d22", "road": "#b15928"}
#: Trail dash pattern of each mode (as ``corridor.maps.layers.MODE_STYLES``): modes not by colour alone.
MODE_DASHES = {"sea": None, "air": "6 6", "rail": "2 6", "road": "12 4 2 4"}


def _ms(ts) -> int:
    ts = pd.Timestamp(ts)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return int(ts.value // 1_000_000)


def _movers(movements: gpd.GeoDataFrame) -> list[dict]:
    out = []
    for m in movements.itertuples():
        coords = [[round(y, 5), round(x, 5)] for x, y in m.geometry.coords]
        times = [int(t) for t in m.times_ms]
        if len(times) != len(coords):
            raise ValueError(f"movement {m.Index}: {len(times)} times for {len(coords)} vertices")
        out.append(
            {
                "label": str(m.label),
                "mode": str(m.mode),
                "color": MODE_COLORS.get(m.mode, "#333333"),
                "dash": MODE_DASHES.get(m.mode),
                "loaded": bool(getattr(m, "loaded", True)),
                "c": coords,
                "t": times,
            }
        )
    return out


def _events(events: gpd.GeoDataFrame | None) -> list[dict]:
    if events is None:
        return []
    return [
        {
            "label": str(e.label),
            "ll": [round(e.geometry.y, 5), round(e.geometry.x, 5)],
            "t0": _ms(e.start),
            "t1": _ms(e.end),
        }
        for e in events.itertuples()
    ]


class RouteAnimation(MacroElement):
    """Play timed movements (and events) on a Leaflet map.

    Parameters
    ----------
    movements : GeoDataFrame
        LineStrings with ``times_ms``, ``label``, ``mode`` (and optionally ``loaded``).
    events : GeoDataFrame, optional
        Points with ``start``, ``end`` and ``label``.
    start, end : timestamp-like, optional
        Time span of the slider; defaults to the span of the movements and events.
    step_h : float
        Simulated hours advanced at each tick while playing.
    tick_ms : int
        Milliseconds between ticks.
    autoplay : bool
        Start playing when the page loads.
    """

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
.corridor-anim {background: rgba(255,255,255,0.92); padding: 6px 8px; font: 12px sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); min-width: 280px;}
.corridor-anim input[type=range] {width: 100%;}
.corridor-anim button {margin-right: 6px;}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var data = {{ this.data_json }};
  var movers = data.movers, events = data.events;
  var t = data.start, timer = null;
  var ctl = L.control({position: "bottomleft"});
  var box, slider, label, count, button;
  ctl.onAdd = function () {
    box = L.DomUtil.create("div", "corridor-anim");
    box.id = "{{ this.get_name() }}";
    button = L.DomUtil.create("button", "", box);
    button.type = "button";
    button.textContent = "Play";
    label = L.DomUtil.create("span", "corridor-anim-time", box);
    slider = L.DomUtil.create("input", "", box);
    slider.type = "range";
    slider.min = data.start; slider.max = data.end; slider.step = data.step;
    count = L.DomUtil.create("div", "corridor-anim-count", box);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.on(slider, "input", function () { stop(); show(Number(slider.value)); });
    L.DomEvent.on(button, "click", function () { timer ? stop() : play(); });
    return box;
  };
  ctl.addTo(map);
  var trails = L.layerGroup().addTo(map);
  function textNode(text) {  // data text is shown as text, never parsed as HTML
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  movers.forEach(function (m) {
    L.polyline(m.c, {color: m.color, weight: 2, opacity: 0.6, dashArray: m.dash, interactive: false}).addTo(trails);
    m.marker = L.circleMarker(m.c[0], {radius: m.loaded ? 6 : 4, color: m.color,
      fillOpacity: m.loaded ? 0.9 : 0.3, weight: 2});
    m.marker.bindTooltip(textNode(m.label));
  });
  events.forEach(function (e) {
    e.marker = L.circleMarker(e.ll, {radius: 9, color: "#b2182b", fill: false, weight: 2});
    e.marker.bindTooltip(textNode(e.label));
  });
  function position(m, time) {
    if (time < m.t[0] || time > m.t[m.t.length - 1]) { return null; }
    var i = 1;
    while (i < m.t.length - 1 && m.t[i] < time) { i++; }
    var span = m.t[i] - m.t[i - 1];
    var f = span > 0 ? (time - m.t[i - 1]) / span : 1;
    var a = m.c[i - 1], b = m.c[i];
    return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])];
  }
  function show(time) {
    t = Math.max(data.start, Math.min(data.end, time));
    var visible = 0, shown = 0;
    movers.forEach(function (m) {
      var p = position(m, t);
      if (p) { m.marker.setLatLng(p); if (!map.hasLayer(m.marker)) { m.marker.addTo(map); } visible++; }
      else if (map.hasLayer(m.marker)) { map.removeLayer(m.marker); }
    });
    events.forEach(function (e) {
      if (t >= e.t0) { if (!map.hasLayer(e.marker)) { e.marker.addTo(map); } shown++; }
      else if (map.hasLayer(e.marker)) { map.removeLayer(e.marker); }
    });
    var text = new Date(t).toISOString().slice(0, 16).replace("T", " ") + " UTC";
    label.textContent = " " + text;
    slider.value = t;
    count.textContent = visible + " moving, " + shown + " sightings shown";
    box.setAttribute("data-time", text);
    box.setAttribute("data-movers", visible);
    box.setAttribute("data-events", shown);
  }
  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    button.textContent = "Play";
  }
  function play() {
    if (t >= data.end) { show(data.start); }
    button.textContent = "Pause";
    timer = setInterval(function () {
      box.setAttribute("data-ticks", Number(box.getAttribute("data-ticks") || 0) + 1);
      if (t >= data.end) { stop(); return; }
      show(t + data.step);
    }, data.tick);
  }
  show(data.start);
  (window.corridor = window.corridor || {});  // for the data tables of corridor.maps.a11y
  (corridor.animations = corridor.animations || []).push({map: map, box: box, movers: movers, events: events});
  if (data.autoplay || window.location.hash.indexOf("play") >= 0) { play(); }
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        movements: gpd.GeoDataFrame,
        events: gpd.GeoDataFrame | None = None,
        start=None,
        end=None,
        step_h: float = 6.0,
        tick_ms: int = 100,
        autoplay: bool = False,
    ):
        super().__init__()
        self._name = "RouteAnimation"
        movers = _movers(to_lonlat(movements, "movements"))
        evs = _events(None if events is None else to_lonlat(events, "events"))
        times = [t for m in movers for t in (m["t"][0], m["t"][-1])]
        times += [e["t0"] for e in evs]
        if not times and (start is None or end is None):
            raise ValueError("nothing to animate: no movements or events, and no start/end")
        t0 = _ms(start) if start is not None else min(times)
        t1 = _ms(end) if end is not None else max(times)
        if t1 <= t0:
            raise ValueError(f"the animation must end after it starts ({start} .. {end})")
        self.data_json = script_json(
            {
                "movers": movers,
                "events": evs,
                "start": t0,
                "end": t1,
                "step": int(step_h * 3_600_000),
                "tick": int(tick_ms),
                "autoplay": bool(autoplay),
            },
            sort_keys=True,  # the order pages have always had, so they stay byte-identical
            ensure_ascii=True,
        )


#: Where the routes drawn on the maps come from, for their sources box.
ROUTE_SOURCES = [
    {"label": "Sea legs: searoute's maritime network, kept off GSHHG full-resolution land (roaring-landmask)", "url": None},
    {"label": "Air legs: geodesics (pyproj) between gazetteer airfields", "url": None},
    {"label": "Rail legs: geodata/rail_stations.csv and rail_links.csv (GeoNames, Wikipedia); elsewhere the world's main railways (Natural Earth 1:10m, coarse)", "url": None},
    {"label": "Speeds and capacities: geodata/assets.csv (sources per figure)", "url": None},
]  # fmt: skip


def routes_map(
    legs: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame | None = None,
    title: str = "Routes",
    subtitle: str | None = None,
):
    """Map of route legs (coloured by mode) and optionally the sites they join, with a title,
    a legend and the sources of the routes; both frames in any CRS."""
    legs = to_lonlat(legs, "route legs")
    sites = None if sites is None else to_lonlat(sites, "sites")
    m = new_map()
    add_title(m, title, subtitle or f"{len(legs)} legs, {legs['length_km'].sum():,.0f} km in all")
    add_routes(m, legs)
    sections = [route_legend(legs)]
    if sites is not None:
        add_sites(m, sites)
        sections.append(site_legend(sites))
    add_legend(m, sections)
    add_sources(m, ROUTE_SOURCES)
    folium.LayerControl(collapsed=False).add_to(m)
    return fit_to_data(m, legs, sites)


def animation_map(
    movements: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame | None = None,
    title: str = "Movements",
    subtitle: str | None = None,
    **kwargs,
):
    """Map playing ``movements`` (and ``events``) with a title, a legend of the modes and the
    sources of the routes; ``kwargs`` go to :class:`RouteAnimation`. Both frames in any CRS."""
    movements = to_lonlat(movements, "movements")
    events = None if events is None else to_lonlat(events, "events")
    m = new_map()
    add_title(m, title, subtitle)
    RouteAnimation(movements, events, **kwargs).add_to(m)
    add_legend(m, [route_legend(movements)])
    note = "Sighting circles: the case's sightings, on their dates." if events is not None else None
    add_sources(m, ROUTE_SOURCES, note=note)
    return fit_to_data(m, movements, events)


def case_routes_map(case):
    """The routes of a case (its ``routes.csv``) with the sites they join."""
    legs = case.routes()
    sites = case.gazetteer.sites
    ends = set(legs["origin"]) | set(legs["destination"])
    return routes_map(legs, sites[sites["site_id"].isin(ends)], title=f"Routes: {case.title}")


def scenario_map(scenario, sightings: gpd.GeoDataFrame | None = None, case=None):
    """A scenario of a case (:class:`corridor.transport.plans.Scenario`) animated, with the
    sightings whose interval overlaps it."""
    movements = scenario.movements_table(case)
    start, end = movements["depart"].min().floor("D"), movements["arrive"].max().ceil("D")
    events, subtitle = None, "Timed by catalogue speeds"
    if sightings is not None and len(sightings):
        events = sighting_events(sightings)
        events = events[(events["start"] <= end) & (events["end"] >= start)]
        subtitle += f"; sightings as reported by {sightings['source_published'].max()}"
    return animation_map(
        movements, events, start=start, end=end, title=scenario.title, subtitle=subtitle
    )
