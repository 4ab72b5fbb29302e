import pandas as pd
import pytest

from corridor.tracks import TrackSet, join_tracks, read_track_files, read_tracks
from corridor.tracks.table import ASSET_COLUMNS, PING_COLUMNS

T = pd.Timestamp("2025-03-01")


def _minutes(*m) -> list[pd.Timestamp]:
    return [T + pd.Timedelta(minutes=k) for k in m]


@pytest.fixture
def files(tmp_path):
    """Two exports: ``t1`` runs from the first into the second (one ping in both), ``t2`` only in
    the first."""
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(
        "track_id,time,lon,lat\n"
        "t1,2025-03-01T00:00:00,10.0,50.0\n"
        "t1,2025-03-01T00:01:00,10.1,50.0\n"
        "t2,2025-03-01T00:00:00,20.0,40.0\n"
        "t1,2025-03-01T00:02:00,10.2,50.0\n"
    )
    b.write_text(
        "track_id,time,lon,lat\n"
        "t1,2025-03-01T00:03:00,10.3,50.0\n"
        "t1,2025-03-01T00:02:00,10.2,50.0\n"
    )
    return a, b


def test_a_track_over_two_files_joins_up_and_a_ping_in_both_is_kept_once(files):
    joined = read_track_files(files)
    assert isinstance(joined, TrackSet) and joined.duplicates == 1
    assert [path for path, _ in joined.files] == list(files)
    pings = joined.pings
    assert list(pings.columns) == [*PING_COLUMNS, "geometry"] and pings.crs == "EPSG:4326"
    assert pings["track_id"].tolist() == ["t1"] * 4 + ["t2"]
    assert pings["time"].tolist() == _minutes(0, 1, 2, 3, 0)
    assert pings.geometry.x.tolist() == [10.0, 10.1, 10.2, 10.3, 20.0]
    assert list(joined.assets.columns) == ASSET_COLUMNS


def test_one_file_is_its_own_set(files):
    data = read_tracks(files[0])
    joined = join_tracks([(files[0], data)])
    assert joined.pings is data.pings and joined.assets is data.assets and joined.duplicates == 0
    calls = pd.DataFrame({"track_id": ["t9"], "arrival": _minutes(99), "departure": _minutes(99)})
    assert [(path, len(mine)) for path, mine in joined.by_file(calls)] == [(files[0], 1)]


def test_each_call_goes_to_the_first_file_holding_its_arrival_of_its_track(files):
    joined = read_track_files(files)
    calls = pd.DataFrame({
        "track_id": ["t1", "t1", "t1", "t2", "t1"],
        "arrival": _minutes(1, 3, 2, 3, 9),
        "departure": _minutes(2, 4, 3, 4, 10),
    })  # fmt: skip
    got = {str(path.name): mine.index.tolist() for path, mine in joined.by_file(calls)}
    # 2 is in both files (the first has it); 3 (t2 at 00:03) and 4 (00:09) in neither
    assert got == {"a.csv": [0, 2], "b.csv": [1]}


def test_a_visit_whose_landing_was_not_seen_goes_with_its_take_off(files):
    joined = read_track_files(files)
    visits = pd.DataFrame({
        "track_id": ["t1", "t1"], "arrival": _minutes(0, 1), "departure": _minutes(3, 2),
        "landed": [False, True],
    })  # fmt: skip
    got = {str(path.name): mine.index.tolist() for path, mine in joined.by_file(visits)}
    assert got == {"a.csv": [1], "b.csv": [0]}


def test_assets_of_a_track_come_from_the_last_file_naming_it(tmp_path):
    from corridor.testing.flights import Ground, flight_track
    from corridor.testing.track_files import write_track_file

    pings, _ = flight_track("a1b2c3", [Ground("sunan", 10), Ground("knevichi", 10)],
                            "2025-06-10 03:00", interval_s=60)  # fmt: skip
    half = len(pings) // 2
    paths = [
        write_track_file(pings.iloc[:half], tmp_path / "one.csv", "opensky",
                         pd.DataFrame({"track_id": ["a1b2c3"], "callsign": ["OLD1"]})),
        write_track_file(pings.iloc[half:], tmp_path / "two.csv", "opensky",
                         pd.DataFrame({"track_id": ["a1b2c3"], "callsign": ["NEW2"]})),
    ]  # fmt: skip
    joined = read_track_files(paths)
    assert joined.assets["callsign"].tolist() == ["NEW2"] and len(joined.pings) == len(pings)


def test_nothing_to_join_is_refused():
    with pytest.raises(ValueError, match="no track files to join"):
        join_tracks([])


def test_the_old_name_of_the_assets_table_warns_and_names_the_new_one(files):
    data = read_tracks(files[0])
    with pytest.warns(DeprecationWarning, match=r"TrackData\.vessels is deprecated; use TrackData\.assets"):
        assert data.vessels is data.assets
