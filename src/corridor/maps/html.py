"""Plain HTML pages of the atlas (claims, dossiers, changes, index): escaping, layout, SVG previews.

Every text from data goes through :func:`esc` (HTML-escaped, quotes included) and every link
through :func:`link` (``http``/``https`` only), so data can neither add markup nor a script. Pages
carry no script of their own and are written the same way for the same data.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from corridor.maps.layers import web_link

#: Stylesheet shared by the atlas's HTML pages.
CSS = """
body{font:14px/1.45 system-ui,sans-serif;max-width:64em;margin:1.5em auto;padding:0 1em;color:#222}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin:1.6em 0 .3em;border-bottom:1px solid #ddd}
h3{font-size:1.05em;margin:1em 0 .2em}
.sub{color:#555}.small{font-size:12px}
table{border-collapse:collapse;margin:.4em 0;display:block;max-width:100%;overflow-x:auto}
svg,img{max-width:100%;height:auto}body{overflow-wrap:anywhere}th,td{text-align:left;padding:2px 8px 2px 0;vertical-align:top}
th{color:#555;font-weight:600;border-bottom:1px solid #ccc}
td.num{text-align:right;font-variant-numeric:tabular-nums}
nav a{margin-right:.8em}
.cards{display:flex;flex-wrap:wrap;gap:14px}
.card{border:1px solid #ddd;border-radius:6px;padding:8px;width:260px}
.card svg,.card img{display:block;width:260px;height:160px;background:#f2efe9}
.added{color:#1a7f37}.withdrawn{color:#b2182b}.revised{color:#9a6700}
del{color:#b2182b}ins{color:#1a7f37;text-decoration:none}
"""


def esc(value) -> str:
    """Text from data, HTML-escaped (``None`` and NaN become empty).

    Examples
    --------
    >>> esc('<b title="x">') , esc(None), esc(float("nan"))
    ('&lt;b title=&quot;x&quot;&gt;', '', '')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    return html.escape(str(value), quote=True)


def link(text, url) -> str:
    """``text`` as a link to ``url`` if that is an ``http``/``https`` URL, else as plain text.

    Examples
    --------
    >>> link("<a>", "https://e.org/?a=1&b=2"), link("t", "javascript:alert(1)")
    ('<a href="https://e.org/?a=1&amp;b=2" rel="noopener noreferrer">&lt;a&gt;</a>', 't')
    """
    url = web_link(url)
    if url is None:
        return esc(text)
    return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(text)}</a>'


def source_html(outlet, title, date, url) -> str:
    """One source as "outlet: title (date)", the title linked to ``url`` when it is a web link."""
    parts = [f"<b>{esc(outlet)}</b>: " if esc(outlet) else "", link(title or "source", url)]
    if esc(date):
        parts.append(f' <span class="sub">({esc(date)})</span>')
    return "".join(parts)


def document(title: str, body: str, subtitle: str | None = None) -> str:
    """A whole page: ``title`` (escaped) as its title and heading, ``body`` as given (markup)."""
    sub = f'<p class="sub">{esc(subtitle)}</p>\n' if subtitle else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style></head>\n"
        f'<body>\n<nav class="small"><a href="index.html">Atlas index</a></nav>\n'
        f"<main><h1>{esc(title)}</h1>\n{sub}{body}\n</main></body></html>\n"
    )


def table_html(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    """A table; ``headers`` are escaped, cells are markup (escape them with :func:`esc`)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def points_preview(lon, lat, width: int = 260, height: int = 160, color: str = "#b2182b") -> str:
    """An SVG thumbnail of points (lon/lat degrees) fitted to the box, for the atlas index."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[ok], lat[ok]
    dots = ""
    if len(lon):
        x0, x1, y0, y1 = lon.min(), lon.max(), lat.min(), lat.max()
        span = max(x1 - x0, y1 - y0, 1e-6)
        scale = min((width - 20) / span, (height - 20) / span)
        xs = 10 + (lon - x0) * scale + (width - 20 - (x1 - x0) * scale) / 2
        ys = height - 10 - (lat - y0) * scale - (height - 20 - (y1 - y0) * scale) / 2
        pts = sorted(set(zip(np.round(xs, 1).tolist(), np.round(ys, 1).tolist(), strict=True)))
        dots = "".join(f'<circle cx="{x}" cy="{y}" r="3"/>' for x, y in pts[:2000])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img">'
        f'<rect width="{width}" height="{height}" fill="#f2efe9"/>'
        f'<g fill="{color}" fill-opacity="0.7">{dots}</g></svg>'
    )


def bars_preview(values, width: int = 260, height: int = 160, color: str = "#1f3b73") -> str:
    """An SVG thumbnail of bars (one per value, scaled to the largest), for the atlas index."""
    values = [float(v) for v in values if v == v] or [0.0]
    top = max(max(values), 1e-9)
    w = (width - 20) / len(values)
    bars = "".join(
        f'<rect x="{10 + i * w:.1f}" y="{height - 10 - (height - 20) * v / top:.1f}" '
        f'width="{max(w - 2, 1):.1f}" height="{(height - 20) * v / top:.1f}"/>'
        for i, v in enumerate(values)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img">'
        f'<rect width="{width}" height="{height}" fill="#f2efe9"/><g fill="{color}">{bars}</g></svg>'
    )
