"""Activity over time: per-site timelines and year-over-year comparisons of sightings.

Sightings keep their time precision: a month-level sighting is drawn and listed as the whole month,
never as a guessed day. The year-over-year view puts the same calendar window of two years side by
side (on a day-of-year axis), so that a pattern such as "the landing ship came back to the port in
May, as it did last year" can be checked against the data rather than asserted.

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

from corridor.evidence.sightings import format_when

#: Columns of :func:`site_timeline`.
TIMELINE_COLUMNS = ["site_id", "site_name", "when", "activity", "asset", "confidence",
                    "source", "observed_start", "observed_end", "time_precision"]  # fmt: skip
CONFIDENCE_ALPHA = {"confirmed": 1.0, "probable": 0.7, "possible": 0.4}


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


def plot_timeline(sightings: gpd.GeoDataFrame, sites: list[str] | None = None, ax=None):
    """Horizontal bars of observed intervals, one lane per sighting grouped by site.

    Bars span the whole interval the precision allows (a month-level sighting covers its month);
    opacity follows confidence. Returns the matplotlib ``Axes``.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    timeline = site_timeline(sightings, sites)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.35 * len(timeline) + 1.2))
    labels = []
    for y, r in enumerate(timeline.itertuples()):
        start, end = r.observed_start, r.observed_end + pd.Timedelta(days=1)
        ax.barh(y, end - start, left=start, height=0.6, color=_color(r.activity),
                alpha=CONFIDENCE_ALPHA.get(r.confidence, 0.5))  # fmt: skip
        labels.append(f"{r.site_name or r.site_id} · {r.activity}")
    ax.set_yticks(range(len(timeline)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("Sightings by site (bar = observed interval at its precision)")
    return ax


def plot_year_over_year(sightings: gpd.GeoDataFrame, sites: list[str], years: list[int]):
    """One panel per site, one lane per year, intervals on a shared January-December axis.

    Returns the matplotlib ``Figure``.
    """
    import matplotlib.pyplot as plt

    timeline = site_timeline(sightings, sites)
    fig, axes = plt.subplots(len(sites), 1, figsize=(10, 1.4 * len(sites) * len(years) / 2 + 1),
                             sharex=True, squeeze=False)  # fmt: skip
    for ax, site in zip(axes[:, 0], sites, strict=True):
        for lane, year in enumerate(years):
            start_y, end_y = pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year + 1}-01-01")
            on = timeline[(timeline["site_id"] == site)
                          & (timeline["observed_start"] < end_y)
                          & (timeline["observed_end"] >= start_y)]  # fmt: skip
            for r in on.itertuples():
                first = max(r.observed_start, start_y)
                last = min(r.observed_end + pd.Timedelta(days=1), end_y)
                left = (first - start_y).days
                ax.barh(lane, (last - first).days, left=left, height=0.5,
                        color=_color(r.activity), alpha=CONFIDENCE_ALPHA.get(r.confidence, 0.5),
                        edgecolor="black", linewidth=0.5)  # fmt: skip
        name = timeline.loc[timeline["site_id"] == site, "site_name"]
        ax.set_title(name.iloc[0] if len(name) else site, fontsize=10, loc="left")
        ax.set_yticks(range(len(years)), [str(y) for y in years])
        ax.set_ylim(len(years) - 0.5, -0.5)
        ax.grid(axis="x", alpha=0.3)
    months = pd.date_range("2001-01-01", periods=12, freq="MS")
    axes[-1, 0].set_xticks([(m - months[0]).days for m in months], months.strftime("%b"))
    axes[-1, 0].set_xlim(0, 365)
    fig.suptitle("Same months, different years (opacity = confidence, colour = activity)")
    fig.tight_layout()
    return fig


def _color(activity: str) -> str:
    palette = {"arrived": "C0", "present": "C1", "moving": "C2", "departed": "C3",
               "loading": "C4", "unloading": "C5", "deployed": "C6", "equipping": "C7",
               "training": "C8", "visit": "C9", "massing": "C3", "strike": "C3"}  # fmt: skip
    return palette.get(activity, "C7")
