import pandas as pd
import pytest

from corridor.evidence.sightings import SIGHTING_COLUMNS, load_sources, prepare, to_geodataframe
from corridor.evidence.timeline import site_timeline, year_over_year
from corridor.places.gazetteer import Gazetteer

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


def test_site_timeline_orders_by_site_and_time_keeping_precision():
    t = site_timeline(sightings())
    assert t[["site_id", "when", "asset", "source"]].values.tolist() == [
        ["dunai", "2024 (year)", "landing ship", "CNN"],
        ["dunai", "2025-05-18 (day)", "1 landing ship", "Open Source Centre (UK)"],
        ["sunan", "May 2025 – Jun 2025 (month)", "", "CNN (retold)"],
    ]


def test_year_over_year_puts_the_years_side_by_side():
    t = year_over_year(sightings(), ["dunai", "sunan"], [2024, 2025])
    assert t.to_dict("records") == [
        {"site_id": "dunai", "site_name": Gazetteer.default()["dunai"]["name"], 2024: "2024 (year): arrived landing ship "
         "(probable, CNN)", 2025: "2025-05-18 (day): arrived 1 landing ship (probable, Open "
         "Source Centre (UK))"},
        {"site_id": "sunan", "site_name": Gazetteer.default()["sunan"]["name"], 2024: "",
         2025: "May 2025 – Jun 2025 (month): present (possible, CNN (retold))"},
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["plot_timeline", "plot_year_over_year", "CONFIDENCE_ALPHA"])
def test_the_plots_moved_beside_the_maps_and_their_old_names_warn(name):
    import corridor.evidence.timeline as old
    import corridor.maps.timeline_plot as new

    with pytest.warns(DeprecationWarning, match=rf"evidence\.timeline\.{name} is deprecated; use corridor\.maps\.timeline_plot\.{name}"):
        assert getattr(old, name) is getattr(new, name)
