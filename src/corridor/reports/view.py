"""Showing an extraction: the text with what was found highlighted, and candidates as geodata.

:func:`highlight_html` returns escaped HTML of the report's text in which every place, date,
figure, asset, activity, claimant and distance statement is marked, with what it resolved to in
the mark's ``title``. :func:`candidate_sightings` turns the candidate sightings into a sightings
GeoDataFrame (EPSG:4326) that :func:`corridor.maps.layers.add_sightings` draws.

Examples
--------
>>> from datetime import date
>>> from corridor.reports.extract import extract
>>> from corridor.testing.places import black_sea_case
>>> case = black_sea_case()
>>> x = extract("A ship at Varna on May 3.", publisher="P", published=date(2023, 7, 2), case=case)
>>> print(highlight_html(x, legend=False))  # doctest: +NORMALIZE_WHITESPACE
<div class="corridor-report" style="white-space: pre-wrap; line-height: 1.6">A ship at <mark
class="place" style="background: #c6dbef" title="place: varna (name)">Varna</mark> on <mark
class="date" style="background: #c7e9c0" title="date: 2023-05-03..2023-05-03 (day)">May 3</mark>.</div>
"""

from __future__ import annotations

import html

import geopandas as gpd
import pandas as pd

from corridor.evidence.sightings import load_sources, to_geodataframe
from corridor.places.gazetteer import Gazetteer
from corridor.reports.claimants import ClaimantFinder
from corridor.reports.document import Document
from corridor.reports.extract import Extraction

#: Colour of each kind of mark, in the order overlapping marks are preferred.
MARK_COLORS = {
    "distance": "#fcbba1",
    "place": "#c6dbef",
    "date": "#c7e9c0",
    "number": "#fdd0a2",
    "asset": "#dadaeb",
    "claimant": "#e0e0e0",
    "activity": "#fff2ae",
}


def _marks(x: Extraction) -> list[tuple[int, int, str, str]]:
    marks = []
    for c in x.distance_checks:
        marks.append((c.start, c.end, "distance", f"distance statement: {c.verdict}"))
    for p in x.places:
        what = f"{p.site_id or p.source} ({p.matched_by})" if p.resolved else p.status
        if p.status == "ambiguous":
            what += ": " + ", ".join(p.candidates)
        marks.append((p.start, p.end, "place", f"place: {what}"))
    for d in x.dates:
        marks.append((d.start, d.end, "date", f"date: {d.first}..{d.last} ({d.precision})"))
    for n in x.numbers:
        low, high = ("?" if v is None else f"{v:,.0f}" for v in (n.low, n.high))
        figure = "no figure" if n.vague else f"{low}..{high}"
        marks.append((n.start, n.end, "number", f"figure: {figure} {n.unit} ({n.qualifier})"))
    for h in x.assets:
        marks.append((h.start, h.end, "asset", f"asset: {h.value}"))
    for h in _claimants(x):
        marks.append((h.start, h.end, "claimant", f"claimant: {h.value}"))
    for h in x.activities:
        marks.append((h.start, h.end, "activity", f"activity: {h.value}"))
    order = list(MARK_COLORS)
    marks.sort(key=lambda m: (order.index(m[2]), m[0]))
    chosen: list[tuple[int, int, str, str]] = []
    for m in marks:
        if not any(m[0] < c[1] and c[0] < m[1] for c in chosen):
            chosen.append(m)
    return sorted(chosen)


def _claimants(x: Extraction) -> list:
    """The claimants the extraction found (found again only for an extraction made by hand)."""
    doc = x.document if x.document is not None else Document(x.text)
    if "claimants" not in doc.annotations:
        doc.annotate("claimants", ClaimantFinder(doc).hits)
    return doc.annotations["claimants"]


def highlight_html(x: Extraction, legend: bool = True) -> str:
    """The report's text as escaped HTML with every finding marked (see module docstring)."""
    text, out, pos = x.text, [], 0
    for start, end, kind, title in _marks(x):
        out.append(html.escape(text[pos:start]))
        out.append(
            f'<mark class="{kind}" style="background: {MARK_COLORS[kind]}" '
            f'title="{html.escape(title)}">{html.escape(text[start:end])}</mark>'
        )
        pos = end
    out.append(html.escape(text[pos:]))
    body = (
        '<div class="corridor-report" style="white-space: pre-wrap; line-height: 1.6">'
        + "".join(out)
        + "</div>"
    )
    if not legend:
        return body
    keys = " ".join(
        f'<mark style="background: {color}">{kind}</mark>' for kind, color in MARK_COLORS.items()
    )
    return f"<p>{keys}</p>{body}"


def candidate_sightings(
    x: Extraction, gazetteer: Gazetteer | None = None, *, sources: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """The candidate sightings as a sightings GeoDataFrame (EPSG:4326) with their score.

    ``gazetteer`` places the sites (:meth:`Gazetteer.default` when not given); the report is
    added to ``sources`` (:func:`corridor.evidence.sightings.load_sources` when not given) so the
    rows carry its publisher and date.
    """
    rows = x.sightings.reset_index(drop=True)
    report = pd.DataFrame([x.source]).set_index("source_id", drop=False)
    sources = load_sources() if sources is None else sources
    sources = pd.concat([sources[~sources.index.isin(report.index)], report])
    gdf = to_geodataframe(rows, gazetteer or Gazetteer.default(), sources)
    gdf.insert(1, "candidate_id", rows["candidate_id"].to_numpy())
    gdf.insert(2, "score", pd.to_numeric(rows["score"]).to_numpy())
    return gdf
