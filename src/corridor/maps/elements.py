"""Folium elements behind :mod:`corridor.maps.layers`: data tables, the browser runtime, basemap, controls.

Data reaches the page only as JSON inside ``<script>`` (with ``<``, ``>`` and ``&`` written as
``\\u003c``, ``\\u003e`` and ``\\u0026``, so no text can close the script), and the page's runtime
(``runtime.js``) puts it on screen with ``textContent``: nothing from data is parsed as HTML.
"""

from __future__ import annotations

import base64
import gzip
import html
import importlib
import json
import os
from functools import cache
from importlib.resources import files
from pathlib import Path

import branca.element
import folium
import numpy as np
import pandas as pd
import shapely
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from corridor._data import geodata_path
from corridor.maps.offline import inline

#: Pinned CDN copies of the MarkerCluster plugin (the same version the offline page embeds).
MARKERCLUSTER_JS = [
    ("markercluster", "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/leaflet.markercluster.js")
]  # fmt: skip
MARKERCLUSTER_CSS = [
    ("markercluster_css", "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.css"),
    ("markercluster_default_css", "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.Default.css"),
]  # fmt: skip
#: Name of the Leaflet pane of the basemap, below the tile pane so web tiles cover it.
BASEMAP_PANE = "corridor-basemap"
#: Margin a page's basemap keeps around the page's extent, as a share of the extent's size
#: (at least :data:`BASEMAP_MIN_MARGIN_DEG`), so that panning a little still shows land.
BASEMAP_MARGIN = 0.5
BASEMAP_MIN_MARGIN_DEG = 3.0
#: Simplification tolerance of a page's basemap, as a share of its width in degrees: about one
#: screen pixel when the whole extent fills a 1,500-pixel-wide window.
BASEMAP_DETAIL = 1 / 1500


def script_json(value, *, sort_keys: bool = False, ensure_ascii: bool = False) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: the one way data enters a page.

    ``<``, ``>`` and ``&`` are written ``\\u003c``, ``\\u003e`` and ``\\u0026`` (no text can
    close the script or open a comment), U+2028 and U+2029 as ``\\u2028`` and ``\\u2029`` (line
    breaks to older JavaScript), and NaN is refused. ``sort_keys`` and ``ensure_ascii`` are
    :func:`json.dumps`'s: a page may keep the key order and character escapes it always had.

    Examples
    --------
    >>> script_json({"note": "</script><b>&"})
    '{"note":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> script_json({"b": "\\u2028é", "a": 1}, sort_keys=True, ensure_ascii=True)
    '{"a":1,"b":"\\\\u2028\\\\u00e9"}'
    """
    text = json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys,
                      separators=(",", ":"), allow_nan=False)  # fmt: skip
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def table(geometry_type: str, coordinates: list, columns: pd.DataFrame) -> dict:
    """Encode features as a compact columnar table: each field's distinct values once, then
    per field the index of each row's value (``-1``: missing).

    Parameters
    ----------
    geometry_type : str
        GeoJSON geometry type shared by every row (``Point``, ``MultiLineString``).
    coordinates : list
        GeoJSON coordinates of each row; for ``Point``, may be given flat
        (``[lon0, lat0, lon1, lat1, ...]``, as :func:`point_coordinates` returns).
    columns : pandas.DataFrame
        Display values of each row (written as strings; missing values stay missing), one
        column per property.

    Examples
    --------
    >>> table("Point", [1.0, 2.0, 3.0, 4.0], pd.DataFrame({"kind": ["port", None]}))
    {'geometry': 'Point', 'count': 2, 'coordinates': [1.0, 2.0, 3.0, 4.0], 'fields': ['kind'], 'values': [['port']], 'codes': [[0, -1]]}
    """
    fields, values, codes = [], [], []
    for name in columns.columns:
        code, uniques = pd.factorize(columns[name], use_na_sentinel=True)
        fields.append(str(name))
        values.append([str(u) for u in uniques])
        codes.append(code.tolist())
    count = len(columns) if len(columns.columns) else len(coordinates) // (2 if geometry_type == "Point" else 1)  # fmt: skip
    return {"geometry": geometry_type, "count": count, "coordinates": coordinates,
            "fields": fields, "values": values, "codes": codes}  # fmt: skip


def point_coordinates(geoseries) -> list:
    """``[lon0, lat0, lon1, lat1, ...]``: the points, flat, to 5 decimals (about 1 m)."""
    lon = np.round(geoseries.x.to_numpy(), 5)
    lat = np.round(geoseries.y.to_numpy(), 5)
    return np.column_stack([lon, lat]).ravel().tolist()


def line_coordinates(geoseries) -> list:
    """MultiLineString coordinates of each (multi)line, to 5 decimals."""
    out = []
    for geom in geoseries:
        parts = geom.geoms if geom.geom_type == "MultiLineString" else [geom]
        out.append([np.round(np.asarray(p.coords)[:, :2], 5).tolist() for p in parts])
    return out


# --- the page runtime -------------------------------------------------------------------------

#: Font Awesome Free icon (``svgs/solid/<name>.svg`` of xstatic-font-awesome) and colour per kind.
KIND_ICONS = {
    "port": ("anchor", "#1f3b73"),
    "airfield": ("plane", "#2a7f9e"),
    "base": ("flag", "#8b1a1a"),
    "city": ("building", "#5f5f5f"),
    "region": ("map", "#8c8c8c"),
    "border_crossing": ("road", "#d2691e"),
    "rail_station": ("train", "#2e7d32"),
    "area": ("crosshairs", "#6a3d9a"),
    "other": ("circle", "#444444"),
}

_CSS = """
.corridor-site{border-radius:50%;border:2px solid #fff;box-shadow:0 0 3px rgba(0,0,0,.6);
background-repeat:no-repeat;background-position:center;background-size:62% 62%;box-sizing:border-box}
.corridor-box{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:4px;
box-shadow:0 1px 4px rgba(0,0,0,.35);font:12px/1.4 system-ui,sans-serif;max-width:340px}
.corridor-title-main{font-size:16px;font-weight:600}
.corridor-sub{color:#555}
.corridor-legend-title{font-weight:600;margin-top:4px}
.corridor-legend-row{display:flex;align-items:center;gap:6px;min-height:18px}
.corridor-swatch{display:inline-block;flex:none;width:16px;height:16px}
.corridor-swatch-circle{border-radius:50%;border:1px solid}
.corridor-swatch-line{height:0;border-top-width:3px;margin:0 0}
.corridor-sources ol{margin:2px 0;padding:0 0 0 20px;max-height:140px;overflow:auto}
.corridor-outlet{font-weight:600}
.corridor-timeline input[type=range]{width:320px;display:block;margin:0}
.corridor-timeline select{margin:3px 4px 0 0;max-width:150px}
.corridor-count{font-weight:600;margin-top:3px}
.leaflet-tooltip.corridor-label{background:rgba(255,255,255,.8);border:0;box-shadow:none;padding:0 3px;
font:600 11px/1.3 system-ui,sans-serif;color:#222}
.leaflet-tooltip.corridor-label:before{display:none}
.corridor-popup table{border-collapse:collapse;margin-top:3px}
.corridor-popup th{text-align:left;padding-right:8px;vertical-align:top;color:#555;font-weight:normal}
"""


@cache
def _kind_css() -> str:
    base = Path(importlib.import_module("xstatic.pkg.font_awesome").BASE_DIR) / "svgs" / "solid"
    rules = []
    for kind, (icon, color) in KIND_ICONS.items():
        svg = (
            (base / f"{icon}.svg").read_text(encoding="utf-8").replace("<svg ", '<svg fill="#fff" ')
        )
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        rules.append(
            f'.corridor-kind-{kind}{{background-color:{color};background-image:url("{uri}")}}'
        )
    return "\n".join(rules)


class RawHTML(branca.element.Element):
    """Fixed HTML, written as given (the caller escapes it)."""

    def __init__(self, html: str):
        super().__init__()
        self.html = html

    def render(self, **kwargs) -> str:
        return self.html


class _Runtime(branca.element.Element):
    """The page's CSS and ``runtime.js``, once per page, in the head after Leaflet."""

    def render(self, **kwargs) -> str:
        js = files("corridor.maps").joinpath("runtime.js").read_text(encoding="utf-8")
        return f"<style>{_CSS}{_kind_css()}\n</style>\n<script>\n{js}</script>"


def _add_runtime(element: branca.element.Element) -> None:
    element.get_root().header.add_child(_Runtime(), name="corridor_runtime")


class DataLayer(JSCSSMixin, Layer):
    """A whole GeoDataFrame as one Leaflet GeoJSON layer, drawn by the page runtime.

    ``spec`` holds ``kind`` (``sites``, ``sightings`` or ``routes``), the ``table``, the ``popup``
    fields, the ``tooltip`` field, the ``style`` and ``cluster``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}{% endmacro %}
        """
    )

    def __init__(self, spec: dict, name: str, show: bool = True):
        # the layer control shows names as HTML: a caller's name is text, so it is escaped
        super().__init__(name=html.escape(name), overlay=True, control=True, show=show)
        self._name = "DataLayer"
        self.spec_json = script_json(spec)
        self.default_js = MARKERCLUSTER_JS if spec.get("cluster") else []
        self.default_css = MARKERCLUSTER_CSS if spec.get("cluster") else []

    def render(self, **kwargs):
        super().render(**kwargs)
        # The data goes in as it is: branca would compile a rendered script as a template again,
        # which for a table of 100,000 rows costs more than building it.
        script = RawHTML(f"\nvar {self.get_name()} = corridor.layer({self.spec_json});\n")
        self.get_root().script.add_child(script, name=self.get_name())
        _add_runtime(self)


class Control(branca.element.MacroElement):
    """A box drawn by the runtime: ``title``, ``legend`` or ``sources``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        corridor.{{ this.kind }}({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, kind: str, spec):
        if kind not in ("title", "legend", "sources"):
            raise ValueError(f"control kind {kind!r} is not one of title, legend, sources")
        super().__init__()
        self._name = "Control"
        self.kind = kind
        self.spec_json = script_json(spec)

    def render(self, **kwargs):
        super().render(**kwargs)
        _add_runtime(self)


@cache
def _basemap_json() -> str:
    data = json.loads(geodata_path("ne_50m_countries.geojson").read_text(encoding="utf-8"))
    return script_json(data)


def basemap_box(bounds) -> tuple[float, float, float, float]:
    """The box (lon_min, lat_min, lon_max, lat_max) a page's basemap covers: the page's
    ``bounds`` widened by :data:`BASEMAP_MARGIN`, within the world."""
    w, s, e, n = (float(b) for b in bounds)
    if not (w <= e and s <= n):
        raise ValueError(f"basemap bounds {bounds!r} are not (lon_min, lat_min, lon_max, lat_max)")
    dx = max((e - w) * BASEMAP_MARGIN, BASEMAP_MIN_MARGIN_DEG)
    dy = max((n - s) * BASEMAP_MARGIN, BASEMAP_MIN_MARGIN_DEG)
    box = (max(w - dx, -180.0), max(s - dy, -90.0), min(e + dx, 180.0), min(n + dy, 90.0))
    return tuple(round(v, 3) for v in box)


@cache
def _world() -> tuple[list[str], np.ndarray]:
    """Names and outlines of the world's countries (Natural Earth 50m, the packaged layer)."""
    path = geodata_path("ne_50m_countries_world.geojson.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        features = json.load(f)["features"]
    names = [ft["properties"]["name"] for ft in features]
    geoms = shapely.from_geojson([json.dumps(ft["geometry"]) for ft in features])
    return names, geoms


@cache
def _basemap_clip_json(box: tuple[float, float, float, float]) -> str:
    """The world basemap clipped to ``box`` and simplified for its size, as script-safe JSON."""
    names, geoms = _world()
    tolerance = (box[2] - box[0]) * BASEMAP_DETAIL
    clipped = shapely.clip_by_rect(geoms, *box)
    simple = shapely.set_precision(shapely.simplify(clipped, tolerance), 0.001)
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": json.loads(shapely.to_geojson(g)),
        }
        for name, g in zip(names, simple, strict=True)
        if not shapely.is_empty(g)
    ]
    return script_json({"type": "FeatureCollection", "features": features})


class Basemap(branca.element.MacroElement):
    """Natural Earth 50m countries in a pane below the tile pane: the map needs no tile server.

    Without ``bounds`` the page carries the packaged East Asia and Eurasia layer
    (``ne_50m_countries.geojson``); with ``bounds`` (lon_min, lat_min, lon_max, lat_max) it
    carries only the part of the world layer that the extent needs (:func:`basemap_box`),
    simplified for that extent, so pages anywhere stay small.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.createPane({{ this.pane|tojson }}).style.zIndex = 150;
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
            pane: {{ this.pane|tojson }}, interactive: false,
            style: {color: "#8a8a8a", weight: 0.6, fillColor: "#f2efe9", fillOpacity: 1}
        }).addTo({{ this._parent.get_name() }});
        {{ this._parent.get_name() }}.attributionControl.addAttribution("Basemap: Natural Earth");
        {% endmacro %}
        """
    )

    def __init__(self, bounds=None):
        super().__init__()
        self._name = "Basemap"
        self.pane = BASEMAP_PANE
        self.box = None if bounds is None else basemap_box(bounds)
        self.data = _basemap_json() if self.box is None else _basemap_clip_json(self.box)


class OfflineMap(folium.Map):
    """A folium map whose notebook display links or embeds its JS and CSS.

    By default a notebook shows the map with its scripts linked from their CDNs, as folium does,
    so stored notebook outputs hold only the project's own page. On a machine with no network, set
    ``OfflineMap.notebook_assets = "inline"`` (or the environment variable
    ``CORRIDOR_NOTEBOOK_ASSETS=inline`` before importing) to embed them from the installed packages;
    exported pages (``corridor atlas``) always embed them.
    """

    notebook_assets: str = os.environ.get("CORRIDOR_NOTEBOOK_ASSETS", "cdn")
    #: The build numbering this map's element ids (a :class:`corridor.maps.ids.Build`, set by
    #: :func:`corridor.maps.layers.new_map`): closed when the map is first rendered.
    build = None

    def render(self, **kwargs):
        try:
            return super().render(**kwargs)
        finally:
            if self.build is not None:
                self.build.close()

    def __repr__(self) -> str:  # no memory address, so stored notebook outputs stay identical
        return f"<{type(self).__module__}.{type(self).__name__}>"

    def _repr_html_(self, **kwargs) -> str:
        if self.notebook_assets not in ("cdn", "inline"):
            raise ValueError(
                f"notebook_assets is {self.notebook_assets!r}; expected 'cdn' or 'inline'"
            )
        if self.notebook_assets == "cdn":
            return super()._repr_html_(**kwargs)
        page = inline(self.get_root().render())
        return (
            '<div style="width:100%;"><div style="position:relative;width:100%;height:0;'
            f'padding-bottom:60%;"><iframe srcdoc="{branca.element.escape(page)}" style="position:absolute;width:100%;'
            'height:100%;left:0;top:0;border:none !important;" allowfullscreen></iframe>'
            "</div></div>"
        )
