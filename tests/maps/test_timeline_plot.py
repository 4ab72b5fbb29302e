import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from corridor.evidence.sightings import SIGHTING_COLUMNS, load_sources, prepare, to_geodataframe  # noqa: E402
from corridor.maps.timeline_plot import plot_timeline, plot_year_over_year  # noqa: E402
from corridor.places.gazetteer import Gazetteer  # noqa: E402

BASE = {"time_precision": "day", "activity": "arrived", "source_id": "report_002",
        "confidence": "probable"}  # fmt: skip
ROWS = [
    {**BASE, "observed_start": "2024-01-01", "observed_end": "2024-12-31", "time_precision": "year",
     "site_id": "dunai", "asset_class": "landing ship", "originator_id": "cnn"},
    {**BASE, "observed_start": "2025-05-18", "observed_end": "2025-05-18", "site_id": "dunai",
     "asset_class": "landing ship", "asset_count": "1", "originator_id": "open_source_centre"},
    {**BASE, "observed_start": "2025-05-01", "observed_end": "2025-06-30", "time_precision": "month",
     "site_id": "sunan", "activity": "present", "confidence": "possible"},
]  # fmt: skip


def sightings():
    df = pd.DataFrame([{c: r.get(c, "") for c in SIGHTING_COLUMNS} for r in ROWS])
    gaz, sources = Gazetteer.default(), load_sources()
    canon, problems = prepare(df, "rows", gaz, sources)
    assert problems == []
    return to_geodataframe(canon, gaz, sources)


def test_plots_draw_one_bar_per_interval():
    ax = plot_timeline(sightings())
    assert len(ax.patches) == 3
    fig = plot_year_over_year(sightings(), ["dunai", "sunan"], [2024, 2025])
    dunai, sunan = fig.axes
    assert [(p.get_x(), p.get_width()) for p in dunai.patches] == [(0, 366), (137, 1)]
    assert [(p.get_x(), p.get_width()) for p in sunan.patches] == [(120, 61)]
