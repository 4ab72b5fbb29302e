"""Activity over time: per-site timelines and year-over-year comparisons of sightings.

Sightings keep their time precision: a month-level sighting is listed (and, by
:mod:`corridor.maps.timeline_plot`, drawn) as the whole month, never as a guessed day. The
year-over-year view puts the same calendar window of two years side by side, so that a pattern
such as "the landing ship came back to the port in May, as it did last year" can be checked
against the data rather than asserted. This module computes the frames; the plots of them are
in :mod:`corridor.maps.timeline_plot`.

Examples
--------
>>> from corridor.case import open_case
>>> sightings = open_case("red-sea-sealift").sightings()
>>> table = year_over_year(sightings, sorted(set(sightings["site_id"]) - {""})[:2], [2024, 2025])
>>> list(table.columns)
['site_id', 'site_name', 2024, 2025]
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from corridor._deprecation import moved
from corridor.evidence.sightings import format_when

#: Columns of :func:`site_timeline`.
TIMELINE_COLUMNS = ["site_id", "site_name", "when", "activity", "asset", "confidence",
                    "source", "observed_start", "observed_end", "time_precision"]  # fmt: skip
#: Former homes of the timeline plots, now beside the maps (:mod:`corridor.maps.timeline_plot`).
__getattr__ = moved(__name__, {
    "plot_timeline": "corridor.maps.timeline_plot:plot_timeline",
    "plot_year_over_year": "corridor.maps.timeline_plot:plot_year_over_year",
    "CONFIDENCE_ALPHA": "corridor.maps.timeline_plot:CONFIDENCE_ALPHA",
})  # fmt: skip


def asset_label(s: pd.Series) -> str:
    parts = [s["asset_count"], s["asset_class"], s["asset_name"]]
    return " ".join(str(v) for v in parts if not pd.isna(v) and v != "")


def _source(s: pd.Series) -> str:
    return s["originator"] or s["source_org"] or s["source_id"]


def site_timeline(sightings: gpd.GeoDataFrame, sites: list[str] | None = None) -> pd.DataFrame:
    """One row per sighting, by site then time: when (with its precision), what and who said so."""
    sel = sightings if sites is None else sightings[sightings["site_id"].isin(sites)]
    sel = sel.sort_values(["site_id", "observed_start", "observed_end", "sighting_id"])
    rows = [
        {
            "site_id": s["site_id"],
            "site_name": s["site_name"],
            "when": format_when(s["observed_start"], s["observed_end"], s["time_precision"]),
            "activity": s["activity"],
            "asset": asset_label(s),
            "confidence": s["confidence"],
            "source": _source(s),
            "observed_start": s["observed_start"],
            "observed_end": s["observed_end"],
            "time_precision": s["time_precision"],
        }
        for _, s in sel.iterrows()
    ]
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)


def year_over_year(sightings: gpd.GeoDataFrame, sites: list[str], years: list[int]) -> pd.DataFrame:
    """What was seen at each site in each year, side by side: one row per site, one column per
    year, each cell listing the sightings overlapping that year (when, activity, asset, confidence,
    source)."""
    timeline = site_timeline(sightings, sites)
    names = dict(zip(timeline["site_id"], timeline["site_name"], strict=True))
    rows = []
    for site in sites:
        row = {"site_id": site, "site_name": names.get(site, "")}
        for year in years:
            start, end = pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year}-12-31 23:59:59")
            on = timeline[
                (timeline["site_id"] == site)
                & (timeline["observed_start"] <= end)
                & (timeline["observed_end"] >= start)
            ]
            row[year] = "; ".join(
                f"{r.when}: {r.activity}" + (f" {r.asset}" if r.asset else "")
                + f" ({r.confidence}, {r.source})"
                for r in on.itertuples()
            )  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows, columns=["site_id", "site_name", *years])
