"""What makes a map page usable on a phone, by keyboard, by screen reader and on paper.

:func:`make_accessible` is called on every map :func:`corridor.maps.layers.new_map` creates. It gives
the page a language and a viewport that lets readers zoom, and adds ``a11y.js`` with its CSS:

- below :data:`NARROW_PX` wide, the title, layer control, legend, sources and time control fold
  into toggle buttons (closed when the page opens), so the map takes the screen; buttons and
  controls are sized for touch;
- every control is a labelled group reachable by keyboard, with a visible focus ring; a skip link
  leads to the map's data;
- the data of each layer (sites, sightings with place, date, asset, confidence and source, route
  legs) is also a table below the map, linked from the title box, listing the rows the layer
  draws and emptied while the layer is turned off in the layer control; an animated page lists
  its movements and sightings, showing the rows drawn at the time slider's time;
- on a narrow screen the map fits its data with little padding;
- a print stylesheet prints the map at page width with its legend and sources beneath.

The page stays deterministic: nothing here depends on the time or on random numbers.
"""

from __future__ import annotations

import re
from importlib.resources import files

import branca.element
import folium

__all__ = ["BASEMAP_COLORS", "LANG", "NARROW_PX", "contrast_ratio", "make_accessible", "page_css"]

#: Language of the pages' own text (labels, captions); data text keeps its own language.
LANG = "en"
#: Width (CSS px) below which the panels fold into toggles.
NARROW_PX = 600
#: A viewport that follows the device width and lets the reader zoom (WCAG 1.4.4).
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')

_CSS = """
.corridor-skip{position:absolute;left:8px;top:-60px;z-index:2000;background:#fff;color:#0b3d91;
padding:8px 12px;border:2px solid #0b3d91;border-radius:4px;font:14px system-ui,sans-serif}
.corridor-skip:focus{top:8px}
.leaflet-container a.corridor-data-link,.corridor-data-link{display:block;margin-top:4px;color:#0b3d91}
:focus-visible,.leaflet-container :focus-visible{outline:3px solid #0b3d91;outline-offset:2px}
.leaflet-container:focus-visible{outline-offset:-3px}
.corridor-toggle{display:block;width:100%;text-align:left;font:600 12px/1.3 system-ui,sans-serif;
color:#222;background:#f4f4f4;border:1px solid #8a8a8a;border-radius:3px;padding:3px 6px;
cursor:pointer;margin:0 0 3px}
.corridor-toggle::after{content:" \\25B4";float:right}
[aria-expanded=false].corridor-toggle::after{content:" \\25BE"}
.corridor-closed .corridor-toggle{margin:0}
.corridor-title .corridor-toggle{font-size:15px;background:transparent;border-color:transparent;padding:2px 0}
.corridor-title .corridor-panel-body .corridor-title-main,
.corridor-sources .corridor-panel-body>.corridor-legend-title:first-child{display:none}
.leaflet-control-layers[data-panel]{padding:6px 9px}
.leaflet-container .leaflet-control-attribution a{color:#0b3d91}
.leaflet-container .leaflet-control-attribution{color:#222;background:rgba(255,255,255,.9)}
.leaflet-control-scale-line{color:#222}
.corridor-sub{color:#4a4a4a}
.corridor-data{font:14px/1.45 system-ui,sans-serif;padding:12px 16px;max-width:100%;box-sizing:border-box}
.corridor-data h2{font-size:18px;margin:4px 0 8px}
.corridor-table-wrap{overflow-x:auto;max-width:100%;margin-bottom:16px}
.corridor-table{border-collapse:collapse;font-size:13px}
.corridor-table caption{text-align:left;font-weight:600;padding:4px 0}
.corridor-table th,.corridor-table td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}
.corridor-table thead th{background:#eee}
.corridor-table tbody th{font-weight:normal}
.corridor-print{display:none}
@media (max-width: NARROWpx){
.corridor-box,.corridor-anim,.leaflet-control-layers[data-panel]{max-width:calc(100vw - 24px);
box-sizing:border-box}
.corridor-anim{min-width:0}
.corridor-toggle{min-height:44px;min-width:44px;font-size:15px;padding:8px 12px}
.corridor-closed.corridor-box,.corridor-closed.corridor-anim,.corridor-closed.leaflet-control-layers{
padding:0;background:transparent;box-shadow:none;min-width:0}
.corridor-closed .corridor-toggle,.corridor-title .corridor-toggle{width:auto;background:#f4f4f4;
border-color:#8a8a8a;padding:8px 12px;max-width:calc(100vw - 80px);overflow:hidden;
text-overflow:ellipsis;white-space:nowrap;box-shadow:0 1px 4px rgba(0,0,0,.35)}
.corridor-toggle::after{float:none}
.leaflet-touch .leaflet-bar a{width:44px;height:44px;line-height:44px}
.leaflet-control-layers label{min-height:44px;display:flex;align-items:center}
.corridor-anim button{min-height:44px;min-width:44px}
.corridor-anim input[type=range]{height:44px}
.corridor-sources ol{max-height:40vh}
.leaflet-control-attribution{font-size:10px}
.leaflet-left .leaflet-control-scale{margin-bottom:34px}
}
@media print{
html,body{height:auto!important;overflow:visible!important}
.folium-map{position:relative!important;width:100%!important;height:140mm!important}
.leaflet-control-container .corridor-legend,.leaflet-control-container .corridor-sources,
.leaflet-control-zoom,.leaflet-control-layers,.corridor-skip,.corridor-toggle,.corridor-anim button{display:none!important}
.corridor-print{display:flex;gap:12px;font:11px/1.35 system-ui,sans-serif;page-break-inside:avoid;margin-top:6px}
.corridor-print>div{flex:1}
.corridor-print [hidden]{display:block!important}
}
"""


#: Colours the map's symbols are drawn over: Natural Earth land and Leaflet's sea background.
BASEMAP_COLORS = {"land": "#f2efe9", "sea": "#dddddd"}


def _luminance(color: str) -> float:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        raise ValueError(f"colour {color!r} is not written #rrggbb")
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21).

    AA asks 4.5 for text and 3 for graphics such as map symbols and legend swatches.

    Examples
    --------
    >>> contrast_ratio("#000000", "#ffffff")
    21.0
    >>> round(contrast_ratio("#767676", "#ffffff"), 2)
    4.54
    """
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def page_css() -> str:
    """The page's responsive, focus, table and print styles."""
    return _CSS.replace("NARROW", str(NARROW_PX))


def _script() -> str:
    js = files("corridor.maps").joinpath("a11y.js").read_text(encoding="utf-8")
    return f"<style>{page_css()}</style>\n<script>\n{js}</script>"


def _accessible_render(figure: branca.element.Figure, lang: str):
    render = type(figure).render

    def accessible_render(**kwargs) -> str:
        page = render(figure, **kwargs)
        page = page.replace("<html>", f'<html lang="{lang}">', 1)
        return _FOLIUM_VIEWPORT.sub(VIEWPORT, page, count=1)

    return accessible_render


def make_accessible(m: folium.Map, lang: str = LANG) -> folium.Map:
    """Give the page of ``m`` a language, a zoomable viewport and the accessibility runtime.

    Parameters
    ----------
    m : folium.Map
        A map whose root is its page (a :class:`branca.element.Figure`).
    lang : str
        BCP 47 language of the page's own text.

    Examples
    --------
    >>> import folium
    >>> page = make_accessible(folium.Map(tiles=None)).get_root().render()
    >>> page.count('<html lang="en">'), "user-scalable=no" in page, "corridor.a11y" in page
    (1, False, True)
    """
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", lang):
        raise ValueError(f"lang {lang!r} is not a BCP 47 language tag such as 'en' or 'fr-CA'")
    root = m.get_root()
    if not isinstance(root, branca.element.Figure):
        raise TypeError("make_accessible needs a map inside a page (a branca Figure)")
    root.render = _accessible_render(root, lang)
    root.header.add_child(_A11yScript(), name="corridor_a11y")
    return m


class _A11yScript(branca.element.Element):
    def render(self, **kwargs) -> str:
        return _script()
