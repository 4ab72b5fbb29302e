import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from corridor.testing.flights import Ground, TouchAndGo, flight_track
from corridor.testing.track_files import write_track_file
from corridor.tracks import read_tracks
from corridor.tracks.formats import sniff
from corridor.tracks.io import PING_COLUMNS


def _vessel_pings():
    return gpd.GeoDataFrame(
        {
            "track_id": ["273000001"] * 3 + ["538000002"] * 2,
            "time": pd.to_datetime(
                ["2025-05-01 08:00:00", "2025-05-01 08:01:10", "2025-05-01 08:02:00",
                 "2024-12-31 23:59:59", "2025-01-01 00:05:00"]  # fmt: skip
            ),
            "speed_kn": [0.1, 10.5, 12.0, 3.0, np.nan],
            "course_deg": [90.0, 91.5, np.nan, 180.0, 359.9],
            "altitude_ft": np.nan,
            "on_ground": pd.array([pd.NA] * 5, dtype="boolean"),
        },
        geometry=gpd.points_from_xy(
            [12.5681, 12.6, -70.25, 131.0, 131.1], [55.6761, 55.7, 41.5, -33.9, -34.0]
        ),
        crs="EPSG:4326",
    )


VESSELS = pd.DataFrame(
    {"track_id": ["273000001"], "name": ["NORTHERN SAMPLE"], "imo": ["9123456"],
     "callsign": ["UBCD7"], "ship_type": ["70"]}  # fmt: skip
)


def _same_pings(got, want, *, atol=1e-9):
    assert list(got.columns) == PING_COLUMNS + ["geometry"]
    assert got["track_id"].tolist() == want["track_id"].tolist()
    assert got["time"].tolist() == want["time"].tolist()
    for col in ("speed_kn", "course_deg", "altitude_ft"):
        np.testing.assert_allclose(got[col].to_numpy(float), want[col].to_numpy(float), atol=atol)
    assert got.geometry.x.tolist() == pytest.approx(want.geometry.x.tolist(), abs=1e-9)
    assert got.geometry.y.tolist() == pytest.approx(want.geometry.y.tolist(), abs=1e-9)


@pytest.mark.parametrize(
    ("layout", "options"),
    [("marinecadastre", {}), ("dma", {}), ("dma", {"decimal_comma": True})],
)
def test_ais_layouts_round_trip_and_keep_vessel_details(tmp_path, layout, options):
    pings = _vessel_pings()
    path = write_track_file(pings, tmp_path / "export.csv", layout, VESSELS, **options)
    assert sniff(path) == (layout, ";" if options else ",")
    data = read_tracks(path)
    want = pings.sort_values(["track_id", "time"], ignore_index=True)
    _same_pings(data.pings, want)
    assert data.report.layout == layout and dict(data.report.counts) == {}
    one = data.assets.set_index("track_id").loc["273000001"]
    assert (one["name"], one["imo"], one["callsign"], one["ship_type"], one["mmsi"]) == (
        "NORTHERN SAMPLE", "9123456", "UBCD7", 70, "273000001",
    )  # fmt: skip
    assert data.assets["asset_class"].tolist() == ["vessel", "vessel"]


def _flight():
    pings, truth = flight_track(
        "4b1a2c", [Ground("sunan", 20), TouchAndGo("knevichi"), Ground("khabarovsk_airport", 30)],
        "2025-03-02 22:00", interval_s=60,
    )  # fmt: skip
    return pings.round({"speed_kn": 0, "course_deg": 0, "altitude_ft": 0}), truth


AIRCRAFT = pd.DataFrame(
    {"track_id": ["4b1a2c"], "registration": ["XX-JXA"], "aircraft_type": ["A20N"],
     "callsign": ["SMP401"]}  # fmt: skip
)


def test_opensky_state_vectors_convert_metres_per_second_and_metres(tmp_path):
    pings, _ = _flight()
    path = write_track_file(pings, tmp_path / "states.csv", "opensky", AIRCRAFT)
    text = path.read_text().splitlines()
    first = dict(zip(text[0].split(","), text[1].split(","), strict=True))
    assert float(first["velocity"]) == pytest.approx(8 * 1852 / 3600)  # 8 kn taxi, in m/s
    assert float(first["baroaltitude"]) == pytest.approx(pings["altitude_ft"].iloc[0] * 0.3048)
    data = read_tracks(path)
    assert data.report.layout == "opensky"
    _same_pings(data.pings, pings, atol=1e-6)
    assert data.pings["on_ground"].tolist() == pings["on_ground"].tolist()
    assert data.assets[["icao24", "callsign", "asset_class"]].values.tolist() == [
        ["4b1a2c", "SMP401", "aircraft"]
    ]


def test_flight_tracker_export_reads_quoted_positions_in_feet_and_knots(tmp_path):
    pings, _ = _flight()
    path = write_track_file(pings, tmp_path / "SMP401_flight.csv", "flighttracker", AIRCRAFT)
    assert '"39.2241,125.67"' in path.read_text().splitlines()[1]
    data = read_tracks(path)
    assert data.report.layout == "flighttracker"
    _same_pings(data.pings, pings.assign(track_id="SMP401", on_ground=pd.NA))
    assert data.pings["on_ground"].isna().all()  # the export has no on-ground flag


def test_adsbx_trace_round_trips_with_registration_and_ground_flag(tmp_path):
    pings, _ = _flight()
    path = write_track_file(pings, tmp_path / "trace_full_4b1a2c.json", "adsbx", AIRCRAFT)
    doc = json.loads(path.read_text())
    assert doc["icao"] == "4b1a2c" and doc["r"] == "XX-JXA" and doc["trace"][0][3] == "ground"
    data = read_tracks(path)
    assert data.report.layout == "adsbx"
    airborne = pings["altitude_ft"].where(~pings["on_ground"].astype(bool))  # "ground" has no altitude
    _same_pings(data.pings, pings.assign(altitude_ft=airborne))
    assert data.pings["on_ground"].tolist() == pings["on_ground"].tolist()
    assert data.assets[["registration", "aircraft_type", "callsign"]].values.tolist() == [
        ["XX-JXA", "A20N", "SMP401"]
    ]


def test_impossible_dates_drop_only_their_rows(tmp_path):
    path = tmp_path / "ais.csv"
    write_track_file(_vessel_pings(), path, "marinecadastre", VESSELS)
    lines = path.read_text().splitlines()
    bad = {2: "0000-01-01T00:00:00", 3: "1600-05-01T08:01:10", 5: "9999-12-31T23:59:59"}
    for row, stamp in bad.items():
        cells = lines[row].split(",")
        cells[1] = stamp
        lines[row] = ",".join(cells)
    lines.append(lines[1].replace("2025-05-01T08:00:00", "2025-02-30T08:00:00"))
    path.write_text("\n".join(lines) + "\n")
    data = read_tracks(path)
    assert data.report.pings == 2 and data.report.lines_read == 6
    assert data.pings["time"].astype(str).tolist() == ["2025-05-01 08:00:00", "2024-12-31 23:59:59"]
    assert sorted(data.report.lines("out_of_range")) == [2, 3, 5]  # data rows (header not counted)
    assert data.report.lines("unreadable") == [6]
    messages = [str(p) for p in data.report.problems]
    assert any("row 3, field 'time'" in m and "1600-05-01" in m for m in messages)
    assert any("row 6, field 'BaseDateTime'" in m and "2025-02-30" in m for m in messages)


def test_wrong_columns_name_the_file_and_the_columns(tmp_path, capsys):
    from corridor.cli import main

    path = tmp_path / "states.csv"
    path.write_text("time,icao24,latitude,longitude\n1700000000,4b1a2c,47.0,8.0\n")
    assert main(["tracks", "detect", str(path), "--format", "opensky", "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert str(path) in err[0] and "'lat' (for lat)" in err[0] and "'lon' (for lon)" in err[0]
    assert "columns are ['time', 'icao24', 'latitude', 'longitude']" in err[0]
    assert main(["tracks", "detect", str(path), "--column", "latitude", "--no-progress"]) == 1
    assert "NAME=SOURCE" in capsys.readouterr().err


def test_column_overrides_read_any_csv(tmp_path, capsys):
    from corridor.cli import main

    path = tmp_path / "own.csv"
    path.write_text(
        "ship,when,x,y,knots\n"
        "A,2025-05-01T10:00:00+02:00,132.0,42.0,0.1\n"
        "A,2025-05-01T07:30:00Z,132.0,42.0,0.1\n"
    )
    cols = ["--column", "track_id=ship", "--column", "time=when", "--column", "lon=x",
            "--column", "lat=y", "--column", "speed=knots"]  # fmt: skip
    assert main(["tracks", "detect", str(path), *cols, "--no-progress"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{path} [csv]: 2 lines read, 2 pings kept (out_of_order: 1)"
    )
    data = read_tracks(path, track_id="ship", time="when", lon="x", lat="y", speed="knots")
    assert data.pings["time"].astype(str).tolist() == ["2025-05-01 07:30:00", "2025-05-01 08:00:00"]


def test_other_time_spellings_and_offsets_in_a_fixed_layout(tmp_path):
    path = tmp_path / "ais.csv"
    path.write_text(
        "MMSI,BaseDateTime,LAT,LON,SOG,COG\n"
        "273000001,2023-01-01 00:00:00,42,131,1,2\n"  # a space for the T
        "273000001,2023-01-01T00:01:00+01:00,42,131,1,2\n"  # an offset: 23:01 UTC the day before
        "273000001,2023-02-30 00:00:00,42,131,1,2\n"  # no such day
    )
    data = read_tracks(path)
    assert data.pings["time"].astype(str).tolist() == ["2022-12-31 23:01:00", "2023-01-01 00:00:00"]
    assert data.report.lines("unreadable") == [3] and data.report.lines("out_of_order") == [2]
    path.write_text(
        "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,SOG\n"
        "01/05/2025 00:00,Class A,273000001,\"55,5\",12,1\n"  # no seconds; day first
        "31/04/2025 00:00:00,Class A,273000001,55,12,1\n"  # 31 April
    )
    data = read_tracks(path)
    assert data.report.layout == "dma"
    assert data.pings["time"].tolist() == [pd.Timestamp("2025-05-01 00:00:00")]
    assert data.pings.geometry.y.tolist() == [55.5]  # a quoted decimal comma in a comma file


def test_rows_with_the_wrong_number_of_cells_drop_alone_and_keep_row_numbers(tmp_path):
    path = tmp_path / "ais.csv"
    path.write_text(
        "MMSI,BaseDateTime,LAT,LON\n"
        "273000001,2025-01-01T00:00:00,1,2\n"
        "273000001,2025-01-01T00:01:00,1\n"
        "273000001,2025-01-01T00:02:00,x,2\n"
        '"unterminated,1\n'
    )
    data = read_tracks(path)
    assert data.report.pings == 1 and data.report.lines_read == 4
    assert data.report.lines("bad_line") == [2, 4] and data.report.lines("unreadable") == [3]
    assert "3 cells, the header has 4" in str(data.report.problems[0])


def test_the_cli_offers_every_layout(capsys):
    from corridor.cli import build_parser
    from corridor.tracks.formats import LAYOUTS

    (detect,) = [a for a in build_parser()._actions if a.dest == "command"]
    tracks = detect.choices["tracks"]._actions[-1].choices["detect"]
    (fmt,) = [a for a in tracks._actions if a.dest == "format"]
    assert list(fmt.choices) == ["auto", *LAYOUTS]
    with pytest.raises(SystemExit):
        tracks.parse_args(["x.csv", "--format", "gpx"])
    assert "invalid choice: 'gpx' (choose from 'auto', 'csv'," in capsys.readouterr().err


def test_typed_columns_report_empty_cells_and_placeholder_years(tmp_path):
    path = tmp_path / "ais.csv"
    path.write_text(
        "MMSI,BaseDateTime,LAT,LON,SOG,COG\n"
        "273000001,2025-05-01T08:00:00,42,131,1,2\n"
        "273000001,,42,131,1,2\n"  # no time
        "273000001,2025-05-01T08:02:00,,131,1,2\n"  # no latitude
        "273000001,9999-12-31T23:59:59,42,131,1,2\n"
        "273000001,0000-01-01T00:00:00,42,131,1,2\n"
        "273000001,2025-05-01T08:01:00,42,131,102.3,360\n"
    )
    data = read_tracks(path)
    assert data.report.lines_read == 6 and data.report.pings == 2
    assert data.table["time"].astype(str).tolist() == ["2025-05-01 08:00:00", "2025-05-01 08:01:00"]
    assert data.table["speed_kn"].isna().tolist() == [False, True]
    assert data.table["course_deg"].isna().tolist() == [False, True]
    assert data.report.lines("unreadable") == [2, 3] and data.report.lines("out_of_range") == [4, 5]
    messages = [p.message for p in data.report.problems]
    assert "unreadable: '' is not a valid time" in messages[0]
    assert "unreadable: '' is not a valid lat" in messages[1]
    assert "9999-12-31 23:59:59 is not a plausible time" in messages[2]


def test_headers_match_whatever_their_case_or_separators_and_the_newer_marinecadastre_names(tmp_path):
    pings = _vessel_pings()
    path = write_track_file(pings, tmp_path / "export.csv", "marinecadastre", VESSELS)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # files from 2024 on: snake_case names, longitude/latitude spelled out (and put first)
    renamed = {"MMSI": "mmsi", "BaseDateTime": "base_date_time", "LAT": "latitude",
               "LON": "longitude", "VesselName": "vessel_name", "CallSign": "call_sign",
               "VesselType": "vessel_type", "IMO": "imo", "SOG": "sog", "COG": "cog"}  # fmt: skip
    header = [renamed.get(c, c.lower()) for c in lines[0].rstrip("\n").split(",")]
    newer = tmp_path / "newer.csv"
    newer.write_text(",".join(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
    assert sniff(newer) == ("marinecadastre", ",")
    data = read_tracks(newer)
    _same_pings(data.pings, pings.sort_values(["track_id", "time"], ignore_index=True))
    assert data.assets.set_index("track_id").loc["273000001", "name"] == "NORTHERN SAMPLE"
    # a missing column is still named as the layout names it
    broken = tmp_path / "broken.csv"
    broken.write_text(",".join(h for h in header if h != "latitude") + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.csv: missing column\(s\) 'LAT'"):
        read_tracks(broken, layout="marinecadastre")
