"""Folium maps of sites and sightings. Takes GeoDataFrames, computes nothing.

Rendering is deterministic: importing this module replaces branca's random element ids with a
counter that :func:`new_map` restarts, so the same data gives byte-identical HTML (and notebooks
storing map output can be compared by ``pytest --nbval``).
"""

from __future__ import annotations

import html
import itertools

import branca.element
import folium
import geopandas as gpd
import pandas as pd

from corridor._data import geodata_path
from corridor.sightings import format_when

_ids = itertools.count(1)


def _generate_id(cls) -> str:
    return f"{next(_ids):032x}"


branca.element.Element._generate_id = classmethod(_generate_id)

#: Marker colour of each confidence level.
CONFIDENCE_COLORS = {"confirmed": "#b2182b", "probable": "#ef8a62", "possible": "#999999"}
#: Font Awesome icon and colour of each site kind.
KIND_ICONS = {
    "port": ("anchor", "darkblue"),
    "airfield": ("plane", "cadetblue"),
    "base": ("flag", "darkred"),
    "city": ("building", "gray"),
    "region": ("map", "lightgray"),
    "border_crossing": ("road", "orange"),
    "rail_station": ("train", "green"),
    "area": ("circle", "purple"),
}


def reset_ids() -> None:
    """Restart element ids, so the next map renders the same way every time."""
    global _ids
    _ids = itertools.count(1)


def _esc(value) -> str:
    return (
        ""
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else html.escape(str(value))
    )


def new_map(location=(45.0, 95.0), zoom_start: int = 3, tiles: str | None = None) -> folium.Map:
    """An empty map with the offline Natural Earth basemap; ``tiles`` adds a web tile layer."""
    reset_ids()
    m = folium.Map(location=list(location), zoom_start=zoom_start, tiles=None, control_scale=True)
    countries = gpd.read_file(geodata_path("ne_50m_countries.geojson"))
    folium.GeoJson(
        countries,
        name="Countries (Natural Earth)",
        style_function=lambda _: {
            "color": "#888",
            "weight": 0.6,
            "fillColor": "#f2efe9",
            "fillOpacity": 1,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        control=False,
    ).add_to(m)
    if tiles:
        folium.TileLayer(tiles, name=tiles).add_to(m)
    return m


def site_popup(site: pd.Series) -> str:
    """Popup HTML of a site: name, kind, codes, coordinates, precision and source."""
    codes = " / ".join(c for c in (site.get("icao", ""), site.get("iata", "")) if c)
    return (
        f"<b>{_esc(site['name'])}</b> ({_esc(site['kind'])}, {_esc(site['country'])})"
        + (f"<br>{_esc(codes)}" if codes else "")
        + f"<br>{site['lat']:.4f}, {site['lon']:.4f} ± {_esc(site['location_precision_m'])} m"
        + f"<br>Source: {_esc(site['source'])} {_esc(site['source_ref'])}"
    )


def sighting_popup(s: pd.Series) -> str:
    """Popup HTML of a sighting: date with precision, asset, activity, source and confidence."""
    asset = " ".join(
        _esc(v)
        for v in (s["asset_count"], s["asset_class"], s["asset_name"])
        if not pd.isna(v) and v != ""
    )
    people = ""
    if not pd.isna(s["personnel_low"]) or not pd.isna(s["personnel_high"]):
        lo, hi = s["personnel_low"], s["personnel_high"]
        people = f"<br>Personnel: {_esc(lo if not pd.isna(lo) else '?')}–{_esc(hi if not pd.isna(hi) else '?')}"
    return (
        f"<b>{_esc(s['site_name'])}</b>: {_esc(s['activity'])}"
        f"<br>When: {_esc(format_when(s['observed_start'], s['observed_end'], s['time_precision']))}"
        + (f"<br>Asset: {asset}" if asset else "")
        + people
        + f"<br>Confidence: {_esc(s['confidence'])}"
        + f"<br>Source: {_esc(s['source_publication'])} ({_esc(s['source_published'])})"
        + (f"<br>Seen/said by: {_esc(s['originator'])}" if s["originator"] else "")
        + (f"<br><i>{_esc(s['notes'])}</i>" if s["notes"] else "")
    )


def add_sites(m: folium.Map, sites: gpd.GeoDataFrame, name: str = "Sites") -> folium.FeatureGroup:
    """Add one marker per site, with an icon by kind."""
    group = folium.FeatureGroup(name=name)
    for _, site in sites.iterrows():
        icon, color = KIND_ICONS.get(site["kind"], ("info-sign", "blue"))
        folium.Marker(
            [site["lat"], site["lon"]],
            popup=folium.Popup(site_popup(site), max_width=320),
            tooltip=_esc(site["name"]),
            icon=folium.Icon(icon=icon, prefix="fa", color=color),
        ).add_to(group)
    return group.add_to(m)


def add_sightings(
    m: folium.Map, sightings: gpd.GeoDataFrame, name: str = "Sightings"
) -> folium.FeatureGroup:
    """Add one circle per sighting, coloured by confidence; radius grows with the time span."""
    group = folium.FeatureGroup(name=name)
    for _, s in sightings.iterrows():
        color = CONFIDENCE_COLORS.get(s["confidence"], "#3388ff")
        folium.CircleMarker(
            [s.geometry.y, s.geometry.x],
            radius={"datetime": 6, "day": 6, "month": 9, "year": 12}[s["time_precision"]],
            color=color,
            fill=True,
            fill_opacity=0.6,
            popup=folium.Popup(sighting_popup(s), max_width=360),
            tooltip=f"{_esc(s['site_name'])}: {_esc(s['activity'])} "
            f"{_esc(format_when(s['observed_start'], s['observed_end'], s['time_precision']))}",
        ).add_to(group)
    return group.add_to(m)


def sites_and_sightings_map(
    sites: gpd.GeoDataFrame, sightings: gpd.GeoDataFrame, tiles: str | None = None
) -> folium.Map:
    """Map of the gazetteer's sites and the sightings, with a layer control."""
    m = new_map(tiles=tiles)
    add_sites(m, sites)
    add_sightings(m, sightings)
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds(
        [[sites["lat"].min(), sites["lon"].min()], [sites["lat"].max(), sites["lon"].max()]]
    )
    return m


#: Line colour and dash pattern of each route mode.
MODE_STYLES = {
    "sea": {"color": "#1f78b4", "dashArray": None},
    "air": {"color": "#6a3d9a", "dashArray": "6 6"},
    "rail": {"color": "#33a02c", "dashArray": "2 6"},
    "road": {"color": "#b15928", "dashArray": None},
}


def add_routes(m: folium.Map, legs: gpd.GeoDataFrame, name: str = "Routes") -> folium.FeatureGroup:
    """Add route legs (LineStrings with ``mode``, ``origin``, ``destination``, ``length_km``)."""
    group = folium.FeatureGroup(name=name)
    for _, leg in legs.iterrows():
        style = MODE_STYLES.get(leg["mode"], {"color": "#333333", "dashArray": None})
        label = f"{_esc(leg['origin'])} → {_esc(leg['destination'])}: {_esc(leg['mode'])}, {leg['length_km']:,.0f} km"
        folium.PolyLine(
            [(y, x) for x, y in leg.geometry.coords],
            color=style["color"],
            dash_array=style["dashArray"],
            weight=3,
            tooltip=label,
            popup=folium.Popup(label, max_width=320),
        ).add_to(group)
    return group.add_to(m)
