import pandas as pd
import pytest

from corridor.case import open_case
from corridor.evidence.sightings import load_sources, validate
from corridor.places.gazetteer import Gazetteer
from corridor.store.geopackage import open_store
from corridor.testing.tracks import Stay, voyage
from corridor.tracks.io import read_tracks
from corridor.tracks.port_calls import (
    PORT_CALL_COLUMNS,
    PortCallParams,
    import_port_calls,
    port_calls,
    to_sightings,
    track_source,
)
from corridor.tracks.stops import StopParams, detect_stops

STOP = StopParams.of(500, "1h", "6h")


@pytest.fixture(scope="module")
def track_file(tmp_path_factory):
    stays = [Stay("rajin", 5.0), Stay("dunai", 8.0), Stay("rajin", 4.0)]
    pings, truth = voyage("ship-a", stays, "2025-05-10 06:00", interval_s=120, gaps=1, seed=3)
    path = tmp_path_factory.mktemp("tracks") / "ship_a.parquet"
    pings.to_parquet(path)
    return path, truth


@pytest.fixture(scope="module")
def calls(track_file):
    path, _ = track_file
    pings = read_tracks(path).pings
    stops = detect_stops(pings, STOP.max_diameter_m, STOP.min_duration, max_gap=STOP.max_gap)
    return port_calls(stops)


def test_port_calls_at_the_planned_ports(calls, track_file):
    _, truth = track_file
    assert list(calls.columns) == PORT_CALL_COLUMNS + ["geometry"]
    assert list(calls["site_id"]) == ["rajin", "dunai", "rajin"]
    for call, stay in zip(calls.itertuples(), truth.itertuples(), strict=True):
        assert abs(call.arrival - stay.arrival) <= pd.Timedelta("5min")
        assert abs(call.departure - stay.departure) <= pd.Timedelta("5min")
        assert call.distance_m < 100 and call.median_speed_kn < 0.2


def test_thresholds_filter_calls(calls, track_file):
    path, _ = track_file
    stops = detect_stops(read_tracks(path).pings, 500, "1h")
    assert list(
        port_calls(stops, params=PortCallParams(min_duration=pd.Timedelta("4.5h")))["site_id"]
    ) == ["rajin", "dunai"]
    assert port_calls(stops.assign(median_speed_kn=0.3)).empty  # drifting, not stopped
    assert len(port_calls(stops.assign(median_speed_kn=float("nan")))) == 3  # no speeds: no test
    assert port_calls(stops, params=PortCallParams(kinds=("airfield",))).empty
    far = stops.copy()
    far["geometry"] = far.translate(xoff=0.2)  # about 16 km east
    assert port_calls(far).empty


def test_sightings_validate_and_import_once(calls, track_file, tmp_path):
    path, _ = track_file
    source = track_source(path, organisation="corridor test suite (synthetic track)")
    assert source["source_id"].iloc[0] == "track_ship_a_parquet"
    vessels = pd.DataFrame(
        {"track_id": ["ship-a"], "name": ["Synthetic ship A"], "asset_class": ["landing ship"]}
    )
    table = to_sightings(
        calls,
        source,
        stop_params=STOP,
        track_file=path,
        vessels=vessels,
        activities=("arrived", "present", "departed"),
    )
    assert len(table) == 9
    sources = pd.concat([load_sources(), source.set_index("source_id", drop=False)])
    assert validate(table, "port calls", Gazetteer.default(), sources) == []
    first = table.iloc[1]
    assert (first.activity, first.site_id, first.asset_name, first.asset_class) == (
        "present",
        "rajin",
        "Synthetic ship A",
        "landing ship",
    )
    assert (first.observed_start, first.observed_end) == (
        table.iloc[0].observed_start,
        table.iloc[2].observed_end,
    )
    assert "ship_a.parquet" in first.source_detail
    assert "max_diameter_m=500; min_duration=1h; max_gap=6h" in first.source_detail
    assert (
        "max_distance_m=3000 (+ site location_precision_m); max_speed_kn=0.2; min_duration=3h"
        in first.source_detail
    )

    store = open_store(tmp_path / "store.gpkg", case=open_case("dprk-russia"))
    report = import_port_calls(store, table, source, origin=str(path.name))
    assert (report.added, report.unchanged, report.sources_added) == (
        9,
        0,
        ["track_ship_a_parquet"],
    )
    again = import_port_calls(store, table, source, origin=str(path.name))
    assert (again.added, again.unchanged) == (0, 9)
    stored = store.sightings(source="track_ship_a_parquet")
    assert sorted(stored["site_id"]) == ["dunai"] * 3 + ["rajin"] * 6
    assert store.sources().loc["track_ship_a_parquet", "kind"] == "track"


def test_bad_activity_is_refused(calls, track_file):
    path, _ = track_file
    source = track_source(path, organisation="test")
    with pytest.raises(ValueError, match="not supported"):
        to_sightings(calls, source, stop_params=STOP, track_file=path, activities=("loading",))


def test_airfield_visit_of_an_aircraft_track():
    import geopandas as gpd
    import numpy as np

    sunan = Gazetteer.default().sites.set_index("site_id").loc["sunan"]
    minutes = np.arange(0, 300, 5)  # parked 5 h, then gone
    lon = np.where(
        minutes < 240, sunan["lon"] + 0.002, sunan["lon"] + np.maximum(minutes - 240, 0) * 0.1
    )
    pings = gpd.GeoDataFrame(
        {
            "track_id": "il76-test",
            "time": pd.Timestamp("2025-06-01") + pd.to_timedelta(minutes, unit="min"),
            "speed_kn": np.where(minutes < 240, 0.0, 250.0),
        },
        geometry=gpd.points_from_xy(lon, np.full(len(minutes), sunan["lat"])),
        crs="EPSG:4326",
    )
    stops = detect_stops(pings, 300, "1h")
    visits = port_calls(stops, params=PortCallParams(kinds=("airfield",)))
    assert list(visits["site_id"]) == ["sunan"]
    assert visits["duration_h"].iloc[0] == 4.0  # the 240th minute is still on the apron
    assert 150 < visits["distance_m"].iloc[0] < 200  # 0.002 degrees of longitude at 39.2 N
    assert port_calls(stops).empty  # not a port
