"""Site dossiers: one section per site with what was seen there, by whom, and what is said of it.

Each dossier holds the site's details and source, a strip of its sightings over time (one mark per
sighting on the time axis shared by every dossier, spanning its observed interval, coloured by
confidence), the table of those sightings with their sources (outlet, title, date, link), the
nearby sites with their distance, and the claims that name the site (its id in the claim's
subject, or its name or an alias in the claim's note). Distances are computed in
:mod:`corridor.places.distance`; this module only lays them out.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd

from corridor._deprecation import moved
from corridor.evidence.claims import figure_text
from corridor.evidence.sightings import format_when
from corridor.maps.html import document, esc, source_html, table_html
from corridor.maps.layers import CONFIDENCE_COLORS
from corridor.places import distance

#: Former home of the nearby sites' computation, now :mod:`corridor.places.distance`.
__getattr__ = moved(__name__, {
    "nearby_sites": "corridor.places.distance:nearby_sites",
    "NEARBY_KM": "corridor.places.distance:NEARBY_KM",
    "NEARBY_MAX": "corridor.places.distance:NEARBY_MAX",
})  # fmt: skip


def _names(site: pd.Series) -> list[str]:
    aliases = str(site.get("aliases") or "")
    return [n for n in [str(site["name"]), *aliases.split("|")] if len(n) >= 3]


def claims_naming(site: pd.Series, claims: pd.DataFrame) -> pd.DataFrame:
    """Claims whose subject holds the site id as a word (``distance_north_pier_far_field_km``) or whose
    note names the site or one of its aliases."""
    if claims is None or not len(claims):
        return claims
    sid = re.escape(str(site["site_id"]))
    by_subject = claims["subject"].astype(str).str.contains(rf"(?:^|_){sid}(?:_|$)", regex=True)
    pattern = r"(?<!\w)(?:" + "|".join(re.escape(n) for n in _names(site)) + r")(?!\w)"
    by_note = claims["notes"].fillna("").astype(str).str.contains(pattern, case=False, regex=True)
    return claims[by_subject | by_note]


def _strip(seen: pd.DataFrame, t0: pd.Timestamp, t1: pd.Timestamp, width: int = 640) -> str:
    span = max((t1 - t0).total_seconds(), 86400.0)

    def x(t) -> float:
        return 10 + (width - 20) * (pd.Timestamp(t) - t0).total_seconds() / span

    marks = []
    for r in seen.itertuples():
        a, b = x(r.observed_start), max(x(r.observed_end), x(r.observed_start) + 3)
        color = CONFIDENCE_COLORS.get(r.confidence, "#3388ff")
        marks.append(
            f'<rect class="corridor-dossier-sighting" x="{a:.1f}" y="8" width="{b - a:.1f}" height="14" '
            f'fill="{color}" fill-opacity="0.8"><title>{esc(r.activity)} {esc(r.when)}</title></rect>'
        )
    axis = f'<text x="10" y="38">{t0:%Y-%m-%d}</text><text x="{width - 10}" y="38" text-anchor="end">{t1:%Y-%m-%d}</text>'  # fmt: skip
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="44" font-size="11" '
        f'fill="#555"><line x1="10" x2="{width - 10}" y1="15" y2="15" stroke="#ccc"/>'
        f"{''.join(marks)}{axis}</svg>"
    )


def _sighting_rows(seen: pd.DataFrame) -> list[list[str]]:
    def cell(v) -> str:
        return "" if pd.isna(v) else str(v)

    return [
        [esc(r.when), esc(r.activity),
         esc(" ".join(v for v in (cell(r.asset_count), cell(r.asset_class), cell(r.asset_name)) if v)),
         esc(r.confidence), source_html(r.source_org, r.source_publication, r.source_published, r.source_url)]
        for r in seen.itertuples()
    ]  # fmt: skip


def dossier_html(site: pd.Series, seen: pd.DataFrame, near: pd.DataFrame, named: pd.DataFrame,
                 t0: pd.Timestamp, t1: pd.Timestamp, linked: frozenset = frozenset()) -> str:  # fmt: skip
    """One site's dossier (a ``<section>`` with the site id as its anchor); nearby sites in
    ``linked`` (those with a dossier) link to theirs."""
    head = (
        f'<section class="corridor-dossier" id="{esc(site["site_id"])}"><h2>{esc(site["name"])}</h2>'
        f'<p class="sub">{esc(str(site["kind"]).replace("_", " "))}, {esc(site["country"])}; '
        f'{site["lat"]:.4f}, {site["lon"]:.4f} ± {esc(site["location_precision_m"])} m; location: '
        f'{esc(site["source"])} {esc(site.get("source_ref"))}</p>'
    )
    parts = [head, f"<h3>Sightings ({len(seen)})</h3>"]
    if len(seen):
        parts += [_strip(seen, t0, t1),
                  table_html(["When", "Activity", "Asset", "Confidence", "Source"], _sighting_rows(seen))]  # fmt: skip
    else:
        parts.append("<p>None recorded.</p>")
    parts.append(f"<h3>Claims naming it ({0 if named is None else len(named)})</h3>")
    if named is not None and len(named):
        parts.append(table_html(
            ["Subject", "Figure", "Claimant", "Where it comes from"],
            [[esc(r.subject), f"{esc(figure_text(pd.Series(r._asdict())))} {esc(r.unit)}",
              esc(r.claimant), esc(r.notes)] for r in named.itertuples()],
        ))  # fmt: skip
    parts.append(f"<h3>Nearby sites (within {distance.NEARBY_KM:,.0f} km)</h3>")
    if len(near):
        items = ", ".join(
            (f'<a href="#{esc(r.site_id)}">{esc(r.name)}</a>' if r.site_id in linked else esc(r.name))
            + f" {r.distance_km:,.0f} km" for r in near.itertuples()
        )  # fmt: skip
        parts.append(f"<p>{items}</p>")
    else:
        parts.append("<p>None.</p>")
    return "\n".join(parts) + "</section>"


def dossiers_page(
    sites: gpd.GeoDataFrame,
    sightings: gpd.GeoDataFrame,
    claims: pd.DataFrame | None = None,
    title: str = "Site dossiers",
) -> str:
    """HTML page with a dossier for every site that has sightings or is named by a claim.

    Parameters
    ----------
    sites : GeoDataFrame
        Sites (``site_id``, ``name``, ``kind``, ``country``, ``lat``, ``lon``, ``aliases``,
        ``location_precision_m``, ``source``, ``source_ref``).
    sightings : GeoDataFrame
        As from :func:`corridor.evidence.sightings.load_sightings` or a store.
    claims : DataFrame, optional
        Typed claims.
    """
    s = sightings.assign(when=[format_when(a, b, p) for a, b, p in zip(
        sightings["observed_start"], sightings["observed_end"], sightings["time_precision"], strict=True)])  # fmt: skip
    s = s.sort_values(["observed_start", "sighting_id"], kind="stable")
    t0 = s["observed_start"].min() if len(s) else pd.Timestamp("2000-01-01")
    t1 = s["observed_end"].max() if len(s) else t0
    chosen = []
    for _, site in sites.sort_values("name", kind="stable").iterrows():
        seen = s[s["site_id"] == site["site_id"]]
        named = claims_naming(site, claims) if claims is not None else None
        if len(seen) or (named is not None and len(named)):
            chosen.append((site, seen, named))
    linked = frozenset(site["site_id"] for site, _, _ in chosen)
    sections = [dossier_html(site, seen, distance.nearby_sites(site, sites), named, t0, t1, linked)
                for site, seen, named in chosen]  # fmt: skip
    nav = [f'<a href="#{esc(site["site_id"])}">{esc(site["name"])}</a>' for site, _, _ in chosen]
    body = f"<nav>{' '.join(nav)}</nav>\n" + "\n".join(sections)
    return document(title, body, f"{len(sections)} sites with sightings or claims; "
                                 f"time axis {t0:%Y-%m-%d} to {t1:%Y-%m-%d}")  # fmt: skip
