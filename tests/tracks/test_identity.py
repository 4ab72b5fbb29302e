import pandas as pd
import pytest

from corridor.evidence.sightings import SIGHTING_COLUMNS, SOURCE_COLUMNS
from corridor.testing.flights import Ground, flight_track
from corridor.testing.track_files import write_track_file
from corridor.tracks.identity import asset_names, assets, normalise, read_identifiers
from corridor.validation import ValidationError


def test_identifiers_are_normalised_per_scheme():
    assert normalise("imo", "IMO 9123456") == "9123456"
    assert normalise("imo", "0") == "" and normalise("imo", "Unknown") == ""
    assert normalise("mmsi", " 273000001 ") == "273000001" and normalise("mmsi", "2730") == ""
    assert normalise("icao24", "~A1B2C3") == "a1b2c3" and normalise("icao24", "xyz") == ""
    assert normalise("registration", " xx 78830") == "XX78830"
    assert normalise("registration", "XX-78830") == "XX78830"
    assert normalise("name", "Северный-1") == "СЕВЕРНЫЙ1"


def test_asset_names_prefer_the_identifiers_table_then_the_tracks_own_name():
    tracks = pd.DataFrame(
        [
            {"track_id": "273000001", "asset_class": "vessel", "name": "NORTHERN SAMPLE",
             "mmsi": "273000001", "imo": "9123456"},
            {"track_id": "273000002", "asset_class": "vessel", "name": None, "mmsi": "273000002"},
            {"track_id": "a1b2c3", "asset_class": "aircraft", "icao24": "a1b2c3",
             "registration": "XX-JXA", "name": None},
        ]
    )  # fmt: skip
    ids = pd.DataFrame(
        [["Northern Sample (cargo)", "imo", "IMO9123456", "registry extract"]],
        columns=["asset_name", "scheme", "identifier", "source"],
    )
    named = asset_names(tracks, ids)
    assert named.values.tolist() == [
        ["273000001", "Northern Sample (cargo)", "vessel", "mmsi:273000001|imo:9123456"],
        ["273000002", "273000002", "vessel", "mmsi:273000002"],
        ["a1b2c3", "XX-JXA", "aircraft", "icao24:a1b2c3|registration:xxjxa"],
    ]


def test_bad_identifier_rows_are_reported_with_row_and_field(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text(
        "asset_name,scheme,identifier,source\nX,icao24,zz,reg\nY,tail,1,reg\nZ,mmsi,273000001,\n"
    )
    with pytest.raises(ValidationError) as err:
        read_identifiers(path)
    assert [(p.row, p.field) for p in err.value.problems] == [
        (1, "identifier"), (2, "scheme"), (3, "source"),
    ]  # fmt: skip


def _report_sighting(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    row = dict.fromkeys(SIGHTING_COLUMNS, "")
    row |= {"observed_start": "2025-06-10", "observed_end": "2025-06-10", "time_precision": "day",
            "site_id": "sunan", "asset_class": "Il-76", "asset_name": name, "asset_count": "1",
            "activity": "present", "source_id": "report_test", "confidence": "possible"}  # fmt: skip
    source = pd.DataFrame(
        [["report_test", "report", "Test newsroom", "A report naming the airframe", "2025-06-11",
          "", ""]], columns=SOURCE_COLUMNS,
    )  # fmt: skip
    return pd.DataFrame([row]), source


@pytest.mark.parametrize("layout", ["opensky", "adsbx"])
def test_one_airframe_in_a_track_and_a_report_is_one_asset_in_the_store(tmp_path, capsys, layout):
    from corridor.cli import main
    from corridor.store.geopackage import open_store

    pings, _ = flight_track(
        "a1b2c3", [Ground("sunan", 30), Ground("knevichi", 30)], "2025-06-10 03:00", interval_s=60
    )
    aircraft = pd.DataFrame([{"track_id": "a1b2c3", "registration": "XX-00001"}])
    track = write_track_file(pings, tmp_path / f"track.{layout}", layout, aircraft)
    ids = tmp_path / "ids.csv"
    ids.write_text("asset_name,scheme,identifier,source\nXX-00001,icao24,A1B2C3,registry extract\n")
    store_path = tmp_path / "store.gpkg"
    argv = ["tracks", "detect", str(track), "--import-to-store", "--store", str(store_path),
            "--no-progress"]  # fmt: skip
    if layout == "opensky":  # state vectors carry no registration: the identifiers table names it
        argv += ["--identifiers", str(ids)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "1 landings, 1 take-offs (0 touch-and-go, 0 inferred from silences)" in out
    assert "2 airfield visits" in out
    store = open_store(store_path)
    report, source = _report_sighting("xx 00001")
    store.import_sightings(report, sources=source, origin="report")
    table = assets(store.sightings())
    assert len(table) == 1
    one = table.iloc[0]
    assert one["asset_name"] == "XX-00001" and one["n_sightings"] == 5  # 4 from the track, 1 report
    own = "|registration:XX00001" if layout == "adsbx" else ""  # the trace names its registration
    assert one["identifiers"] == "icao24:a1b2c3" + own
    assert one["sources"] == f"report_test|track_track_{layout}"


def test_without_an_identifier_link_the_assets_stay_apart(tmp_path, capsys):
    from corridor.cli import main
    from corridor.store.geopackage import open_store

    pings, _ = flight_track(
        "a1b2c3", [Ground("sunan", 30), Ground("knevichi", 30)], "2025-06-10 03:00", interval_s=60
    )
    track = write_track_file(pings, tmp_path / "states.csv", "opensky")
    store_path = tmp_path / "store.gpkg"
    argv = ["tracks", "detect", str(track), "--import-to-store", "--store", str(store_path),
            "--no-progress"]  # fmt: skip
    assert main(argv) == 0
    store = open_store(store_path)
    report, source = _report_sighting("XX-00001")
    store.import_sightings(report, sources=source, origin="report")
    assert sorted(assets(store.sightings())["asset_name"]) == ["XX-00001", "a1b2c3"]
