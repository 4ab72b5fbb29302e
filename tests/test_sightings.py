import pandas as pd
import pytest

from corridor.gazetteer import Gazetteer
from corridor.sightings import (
    SIGHTING_COLUMNS,
    format_when,
    load_sightings,
    load_sources,
    sighting_id,
)
from corridor.validation import ValidationError

ROW = {
    "observed_start": "2025-05-18", "observed_end": "2025-05-18", "time_precision": "day",
    "site_id": "dunai", "asset_class": "Ropucha-class landing ship", "activity": "arrived",
    "source_id": "report_002", "originator_id": "", "confidence": "probable",
}  # fmt: skip


def write(tmp_path, rows):
    df = pd.DataFrame([{c: r.get(c, "") for c in SIGHTING_COLUMNS} for r in rows])
    path = tmp_path / "sightings.csv"
    df.to_csv(path, index=False)
    return path


def test_one_valid_row_joins_site_and_source(tmp_path):
    gdf = load_sightings(write(tmp_path, [ROW]))
    s = gdf.iloc[0]
    dunai = Gazetteer.default()["dunai"]
    assert (s.geometry.x, s.geometry.y) == (dunai["lon"], dunai["lat"])
    assert s["location_precision_m"] == dunai["location_precision_m"]
    assert s["site_name"] == dunai["name"]
    assert s["source_published"] == "2025-07-02"
    assert s["sighting_id"] == sighting_id(ROW)


def test_id_is_stable_and_content_derived():
    assert sighting_id(ROW) == sighting_id(dict(ROW))
    assert sighting_id(ROW) == sighting_id({**ROW, "notes": "reworded note"})
    assert sighting_id(ROW) != sighting_id({**ROW, "observed_start": "2025-05-17"})


def test_all_problems_are_reported_at_once(tmp_path):
    bad = [
        {**ROW, "observed_start": "2025-13-01"},
        {**ROW, "time_precision": "month"},  # a day is not a month-level interval
        {**ROW, "site_id": "dunia"},
        {**ROW, "site_id": "", "lat": "123", "lon": "130", "location_precision_m": "100"},
        {**ROW, "asset_count": "-2", "source_id": ""},
    ]
    path = write(tmp_path, bad)
    with pytest.raises(ValidationError) as err:
        load_sightings(path)
    lines = [str(p) for p in err.value.problems]
    assert lines == [
        f"{path}, row 1, field 'observed_start': '2025-13-01' is not a date (YYYY-MM-DD)",
        f"{path}, row 2, field 'time_precision': a month-level interval runs from the first to "
        "the last day of its month(s), got 2025-05-18..2025-05-18",
        f"{path}, row 3, field 'site_id': unknown site 'dunia'; closest: dunai, "
        + ", ".join(c[0] for c in Gazetteer.default().candidates("dunia")[1:]),
        f"{path}, row 4, field 'lat': '123' is not a number in [-90, 90]",
        f"{path}, row 5, field 'source_id': empty; every sighting needs it",
        f"{path}, row 5, field 'asset_count': '-2' is not a whole number >= 0",
    ]


def test_format_when_keeps_precision():
    ts = pd.Timestamp
    assert format_when(ts("2024-01-01"), ts("2024-12-31"), "year") == "2024 (year)"
    assert format_when(ts("2024-10-01"), ts("2024-10-31"), "month") == "Oct 2024 (month)"


def test_seed_sightings_are_valid_and_sourced():
    seeds = load_sightings()
    sources = load_sources()
    assert len(seeds) >= 10
    assert seeds["sighting_id"].is_unique
    assert (seeds["source_id"] != "").all()
    assert seeds["source_id"].isin(sources.index).all()
    dunai = seeds[(seeds["site_id"] == "dunai") & (seeds["observed_start"] == "2025-05-18")]
    assert dunai["time_precision"].tolist() == ["day"]
    sunan = seeds[(seeds["site_id"] == "sunan") & (seeds["time_precision"] == "month")]
    assert not sunan.empty
