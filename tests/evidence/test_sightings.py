import pandas as pd
import pytest

from corridor.case import open_case
from corridor.evidence.sightings import (
    SIGHTING_COLUMNS,
    format_when,
    load_sightings,
    sighting_id,
)
from corridor.places.geocode import NotFoundError, resolve
from corridor.validation import ValidationError

#: The shipped example case the rows below are written for.
CASE = open_case("dprk-russia")

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
    gdf = load_sightings(write(tmp_path, [ROW]), CASE.gazetteer, CASE.sources)
    s = gdf.iloc[0]
    dunai = CASE.gazetteer["dunai"]
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
        {**ROW, "site_id": "Xyzzyville"},
        {**ROW, "site_id": "", "lat": "123", "lon": "130", "location_precision_m": "100"},
        {**ROW, "asset_count": "-2", "source_id": ""},
    ]
    path = write(tmp_path, bad)
    with pytest.raises(NotFoundError) as missing:
        resolve("Xyzzyville", gazetteer=CASE.geocoder)
    closest = ", ".join(c.site_id for c in missing.value.candidates)
    with pytest.raises(ValidationError) as err:
        load_sightings(path, CASE.gazetteer, CASE.sources)
    lines = [str(p) for p in err.value.problems]
    assert lines == [
        f"{path}, row 1, field 'observed_start': '2025-13-01' is not a calendar date",
        f"{path}, row 2, field 'time_precision': a month-level interval runs from the first to "
        "the last day of its month(s), got 2025-05-18..2025-05-18",
        f"{path}, row 3, field 'site_id': unknown site 'Xyzzyville' (neither a site id nor a name "
        f"the geocoder knows); closest: {closest}",
        f"{path}, row 4, field 'lat': '123' is not a number in [-90, 90]",
        f"{path}, row 5, field 'source_id': empty; every sighting needs it",
        f"{path}, row 5, field 'asset_count': '-2' is not a whole number >= 0",
    ]


def test_format_when_keeps_precision():
    ts = pd.Timestamp
    assert format_when(ts("2024-01-01"), ts("2024-12-31"), "year") == "2024 (year)"
    assert format_when(ts("2024-10-01"), ts("2024-10-31"), "month") == "Oct 2024 (month)"


def test_seed_sightings_are_valid_and_sourced():
    seeds = CASE.sightings()
    sources = CASE.sources
    assert len(seeds) >= 10
    assert seeds["sighting_id"].is_unique
    assert (seeds["source_id"] != "").all()
    assert seeds["source_id"].isin(sources.index).all()
    dunai = seeds[(seeds["site_id"] == "dunai") & (seeds["observed_start"] == "2025-05-18")]
    assert dunai["time_precision"].tolist() == ["day"]
    sunan = seeds[(seeds["site_id"] == "sunan") & (seeds["time_precision"] == "month")]
    assert not sunan.empty


def test_site_names_resolve_through_the_geocoder(tmp_path):
    rows = [ROW, {**ROW, "site_id": "Dunay"}, {**ROW, "site_id": "Irkutsk", "activity": "present"}]
    gdf = load_sightings(write(tmp_path, rows), CASE.gazetteer, CASE.sources)
    assert gdf["site_id"].tolist() == ["dunai", "dunai", ""]
    assert gdf["sighting_id"].iloc[0] == gdf["sighting_id"].iloc[1]  # same observation, one id
    irkutsk = resolve("Irkutsk", gazetteer=CASE.geocoder)
    assert (gdf.geometry.iloc[2].x, gdf.geometry.iloc[2].y) == (irkutsk.lon, irkutsk.lat)
    assert gdf["location_precision_m"].iloc[2] == irkutsk.location_precision_m
    assert gdf["notes"].iloc[2] == f"[place 'Irkutsk': {irkutsk.source}]"


def test_bad_tags_and_datetime_precision(tmp_path):
    rows = [
        {**ROW, "tags": "Imagery|ok"},
        {**ROW, "time_precision": "datetime", "observed_start": "2025-05-18T06:30",
         "observed_end": "2025-05-18T07:00"},
        {**ROW, "observed_end": "2025-05-18T07:00"},
    ]  # fmt: skip
    path = write(tmp_path, rows)
    with pytest.raises(ValidationError) as err:
        load_sightings(path, CASE.gazetteer, CASE.sources)
    assert [(p.row, p.field) for p in err.value.problems] == [(1, "tags"), (3, "observed_end")]
    assert "YYYY-MM-DD" in err.value.problems[1].message


def test_ambiguous_site_name_is_reported_with_its_candidates(tmp_path):
    path = write(tmp_path, [{**ROW, "site_id": "Sergeevka"}])
    with pytest.raises(ValidationError) as err:
        load_sightings(path, CASE.gazetteer, CASE.sources)
    (problem,) = err.value.problems
    assert (problem.row, problem.field) == (1, "site_id")
    assert problem.message.startswith("site name 'Sergeevka' is ambiguous:")
    assert "sergeevka_base" in problem.message and "sergeevka_partizansky" in problem.message
