import pandas as pd
import pytest

from corridor.testing.flights import Ground, TouchAndGo, flight_track
from corridor.tracks.flights import FlightParams, airfield_events

INTERVAL = pd.Timedelta(seconds=30)


def _matched(events, truth):
    """Each true event paired with the detected one of the same kind and site, in order."""
    assert len(events) == len(truth)
    got = events[["event", "site_id", "touch_and_go"]].values.tolist()
    assert got == truth[["event", "site_id", "touch_and_go"]].values.tolist()
    return (events["time"] - truth["time"]).abs()


@pytest.fixture(scope="module")
def flight():
    return flight_track(
        "a1b2c3",
        [Ground("sunan", 50), TouchAndGo("knevichi"), Ground("khabarovsk_airport", 95),
         Ground("kursk_vostochny", 40)],
        "2025-06-10 03:00", interval_s=30,
    )  # fmt: skip


@pytest.mark.parametrize("flagged", [True, False], ids=["on-ground flag", "altitude only"])
def test_landings_and_takeoffs_within_one_ping_touch_and_go_is_not_a_visit(flight, flagged):
    pings, truth = flight
    if not flagged:
        pings = pings.assign(on_ground=pd.array([pd.NA] * len(pings), dtype="boolean"))
    events, visits = airfield_events(pings)
    assert (_matched(events, truth) <= INTERVAL).all()
    assert events["inferred"].sum() == 0
    assert visits["site_id"].tolist() == ["sunan", "khabarovsk_airport", "kursk_vostochny"]
    assert visits["landed"].tolist() == [False, True, True]
    assert visits["took_off"].tolist() == [True, True, False]
    khv = visits.iloc[1]
    assert abs(khv["duration_h"] - 95 / 60) <= 2 * INTERVAL / pd.Timedelta(hours=1)


def test_a_silence_low_over_an_airfield_is_a_landing_when_both_ends_say_so(flight):
    pings, truth = flight_track(
        "a1b2c3",
        [Ground("sunan", 20), Ground("knevichi", 120, silent=True), Ground("khabarovsk_airport", 20)],
        "2025-06-10 03:00", interval_s=30,
    )  # fmt: skip
    events, visits = airfield_events(pings)
    assert (_matched(events, truth) <= INTERVAL).all()
    assert events["inferred"].tolist() == [False, True, True, False]
    knevichi = visits[visits["site_id"] == "knevichi"].iloc[0]
    assert knevichi["inferred"] and knevichi["n_pings"] == 2
    # the same silence ending far from where it began (lost at altitude) is not a landing
    strict = FlightParams(low_agl_ft=50)
    events, visits = airfield_events(pings, params=strict)
    assert "knevichi" not in set(visits["site_id"])


def test_short_ground_contact_with_a_longer_min_ground_and_wrong_crs(flight):
    pings, _ = flight
    _, visits = airfield_events(pings, params=FlightParams(min_ground=pd.Timedelta(hours=2)))
    assert visits["site_id"].tolist() == ["sunan", "kursk_vostochny"]  # open-ended stays count
    with pytest.raises(ValueError, match="EPSG:4326"):
        airfield_events(pings.to_crs("EPSG:3857"))


def test_visits_become_sightings_with_the_aircraft_named(flight, tmp_path):
    from corridor.tracks.identity import asset_names
    from corridor.tracks.port_calls import to_sightings, track_source

    pings, _ = flight
    _, visits = airfield_events(pings)
    path = tmp_path / "trace.json"
    path.write_text("{}")
    source = track_source(path, organisation="test")
    assets = pd.DataFrame(
        [{"track_id": "a1b2c3", "asset_class": "aircraft", "icao24": "a1b2c3",
          "registration": "XX-00001"}]  # fmt: skip
    )
    rows = to_sightings(
        visits, source, params=FlightParams(), track_file=path,
        vessels=asset_names(assets), activities=("arrived", "present", "departed"),
    )  # fmt: skip
    assert rows[["site_id", "activity"]].values.tolist() == [
        ["sunan", "present"], ["sunan", "departed"],
        ["khabarovsk_airport", "arrived"], ["khabarovsk_airport", "present"],
        ["khabarovsk_airport", "departed"],
        ["kursk_vostochny", "arrived"], ["kursk_vostochny", "present"],
    ]  # fmt: skip
    assert set(rows["asset_name"]) == {"XX-00001"} and set(rows["asset_class"]) == {"aircraft"}
    assert set(rows["tags"]) == {"track-derived|icao24:a1b2c3|registration:xx00001"}
    assert rows["notes"].iloc[0].startswith("Airfield visit detected in track a1b2c3")
    assert "airfield visits: ground_agl_ft=100" in rows["source_detail"].iloc[0]


def test_cli_reads_one_export_per_flight_and_sources_each_visit_to_its_file(tmp_path, capsys):
    from corridor.cli import main
    from corridor.store.geopackage import open_store
    from corridor.testing.track_files import write_track_file

    pings, truth = flight_track(
        "a1b2c3", [Ground("sunan", 30), Ground("knevichi", 120), Ground("sunan", 30)],
        "2025-06-10 03:00", interval_s=60,
    )  # fmt: skip
    crew = pd.DataFrame([{"track_id": "a1b2c3", "callsign": "SYN101"}])
    ups = truth.loc[truth["event"] == "takeoff", "time"].tolist()
    downs = truth.loc[truth["event"] == "landing", "time"].tolist()
    files = []
    for n, (up, down) in enumerate(zip(ups, downs, strict=True), start=1):
        part = pings[pings["time"].between(up - pd.Timedelta("20min"), down + pd.Timedelta("20min"))]
        files.append(write_track_file(part, tmp_path / f"flight{n}.csv", "flighttracker", crew))
    ids = tmp_path / "ids.csv"
    ids.write_text("asset_name,scheme,identifier,source\nXX-10101,callsign,SYN101,test registry\n")
    store = tmp_path / "store.gpkg"
    argv = ["tracks", "detect", *map(str, files), "--identifiers", str(ids), "--import-to-store",
            "--store", str(store), "--no-progress"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{files[0]} [flighttracker]: ") and out[1].startswith(f"{files[1]} [")
    assert "3 airfield visits" in out[3]
    stored = open_store(store).sightings()
    by_source = stored.groupby("source_id")["site_id"].agg(lambda s: sorted(set(s))).to_dict()
    assert by_source == {"track_flight1_csv": ["knevichi", "sunan"], "track_flight2_csv": ["sunan"]}
    assert set(stored["asset_name"]) == {"XX-10101"}
