"""The claims page: for each subject, every claimant's range side by side as an inline SVG chart.

Nothing is averaged or reconciled: each claim is one range on its subject's chart, labelled by its
claimant, and listed below the chart with the figure as stated, its date, the note that says where
in the source it comes from, and the source (outlet, title, date, link). The chart is SVG written
into the page (no script), one ``<g class="corridor-claim">`` per claim with a figure.
"""

from __future__ import annotations

import pandas as pd

from corridor.evidence.claims import figure_text
from corridor.maps.html import bars_preview, document, esc, source_html, table_html

#: Chart geometry (px): total width, width of the claimant labels, height of a row.
WIDTH, LABEL_W, ROW_H = 760, 330, 24
#: Fill of a range by how it was stated: a closed range, or open on one side.
FILLS = {"closed": "#1f3b73", "open": "#8fa8d6"}


def _n(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.6g}"


def _shape(low: float, high: float, qualifier: str, x, top: float) -> tuple[str, str]:
    """SVG of one range and what it shows; ``x`` maps a value to px."""
    y = top + ROW_H / 2
    if pd.isna(low) or qualifier in ("up_to", "nearly"):  # open below: from the axis to high
        x0, x1, fill = x(0.0), x(high), FILLS["open"]
    elif pd.isna(high) or qualifier == "at_least":  # open above: from low to the chart's end
        x0, x1, fill = x(low), WIDTH - 10, FILLS["open"]
    else:
        x0, x1, fill = x(low), x(high), FILLS["closed"]
    if x1 - x0 < 1:  # a single figure
        return f'<circle class="corridor-claim-range" cx="{x0:.1f}" cy="{y:.1f}" r="5" fill="{fill}"/>', "point"  # fmt: skip
    return (
        f'<rect class="corridor-claim-range" x="{x0:.1f}" y="{top + 6:.1f}" width="{x1 - x0:.1f}" '
        f'height="{ROW_H - 12}" fill="{fill}"/>'
    ), "range"


def claims_chart(group: pd.DataFrame, unit: str) -> str:
    """SVG chart of one subject's claims (rows of :func:`claim_rows`), all in ``unit``."""
    figures = group[["low", "high"]].to_numpy(dtype=float)
    top = float(pd.Series(figures.ravel()).max()) if pd.notna(figures).any() else 1.0
    top = top * 1.1 if top > 0 else 1.0

    def x(v: float) -> float:
        return LABEL_W + (WIDTH - 10 - LABEL_W) * float(v) / top

    rows, y = [], 4
    for r in group.itertuples():
        name = str(r.claimant)
        name = name if len(name) <= 40 else name[:39] + "…"
        label = f"{name} ({r.as_of:%Y-%m-%d})"
        parts = [f'<text x="{LABEL_W - 6}" y="{y + ROW_H / 2 + 4:.1f}" text-anchor="end">{esc(label)}</text>']  # fmt: skip
        if pd.notna(r.low) or pd.notna(r.high):
            shape, _ = _shape(r.low, r.high, r.qualifier, x, y)
            parts.append(shape)
            parts.append(f"<title>{esc(r.claimant)}: {esc(r.figure)} {esc(unit)}</title>")
        rows.append(f'<g class="corridor-claim" data-claim="{esc(r.claim_id)}">{"".join(parts)}</g>')
        y += ROW_H
    height = y + 22
    ticks = "".join(
        f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="2" y2="{y}" stroke="#ddd"/>'
        f'<text x="{x(t):.1f}" y="{y + 14}" text-anchor="middle" fill="#555">{_n(t)}</text>'
        for t in [top / 1.1 * f for f in (0, 0.25, 0.5, 0.75, 1.0)]
    )
    return (
        f'<svg class="corridor-claims-chart" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" font-size="12" font-family="system-ui,sans-serif">'
        f"{ticks}{''.join(rows)}</svg>"
    )


def claim_rows(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Claims sorted by subject, unit, date and claimant, with the figure as stated and the
    source's outlet, title, date and URL (``sources`` indexed by ``source_id``)."""
    c = claims.sort_values(["subject", "unit", "as_of", "claimant_id", "claim_id"], kind="stable")
    c = c.reset_index(drop=True)
    src = c["source_id"]
    return c.assign(
        figure=[figure_text(r) for _, r in c.iterrows()],
        claimant=c["claimant"].fillna(c["claimant_id"]),
        outlet=src.map(sources["organisation"]),
        title=src.map(sources["publication"]),
        published=src.map(sources["published"]),
        url=src.map(sources["url"]),
    )


def claims_page(claims: pd.DataFrame, sources: pd.DataFrame, title: str = "Claims") -> str:
    """HTML page of every claim, by subject: a chart of the ranges and the list of their sources.

    Parameters
    ----------
    claims : DataFrame
        Typed claims (:func:`corridor.evidence.claims.load_claims` or a store's ``claims()``).
    sources : DataFrame
        Sources indexed by ``source_id`` (``organisation``, ``publication``, ``published``, ``url``).
    """
    rows = claim_rows(claims, sources)
    sections = []
    for (subject, unit), group in rows.groupby(["subject", "unit"], sort=True):
        listing = table_html(
            ["Claimant", "Figure", "As of", "Where it comes from", "Source"],
            [[esc(r.claimant), f"{esc(r.figure)} {esc(unit)}", f"{r.as_of:%Y-%m-%d}", esc(r.notes),
              source_html(r.outlet, r.title, r.published, r.url)] for r in group.itertuples()],
        )  # fmt: skip
        sections.append(
            f'<section id="{esc(subject)}"><h2>{esc(str(subject).replace("_", " "))} <span class="sub">({esc(unit)})</span></h2>\n'
            f"{claims_chart(group, unit)}\n{listing}</section>"
        )
    subtitle = (
        f"{len(rows)} claims about {rows['subject'].nunique()} subjects by "
        f"{rows['claimant'].nunique()} claimants, side by side and never averaged. Dark bars: "
        "ranges as stated; light bars: figures open on one side (up to, at least)."
    )
    return document(title, "\n".join(sections), subtitle)


def claims_preview(claims: pd.DataFrame) -> str:
    """Index thumbnail: the number of claims per subject."""
    return bars_preview(claims.groupby("subject").size().sort_index().tolist())
