"""Timelines drawn with matplotlib: the frames of :mod:`corridor.evidence.timeline` as bars.

:func:`plot_timeline` draws one bar per sighting over its observed interval, grouped by site;
:func:`plot_year_over_year` puts the same calendar months of several years side by side. Bars span
the whole interval a sighting's precision allows (a month-level sighting covers its month);
opacity follows confidence, colour the activity. Computes nothing: the rows come from
:func:`corridor.evidence.timeline.site_timeline`.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from corridor.evidence.timeline import site_timeline

#: Bar opacity of each confidence level.
CONFIDENCE_ALPHA = {"confirmed": 1.0, "probable": 0.7, "possible": 0.4}


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
