import re
import textwrap
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from corridor.tracks.formats.nmea import read_nmea
from corridor.tracks.io import PING_COLUMNS, read_csv, read_geoparquet, read_tracks

DATA = Path(__file__).resolve().parents[1] / "data"


def test_nmea_keeps_good_sentences_and_reports_bad_lines():
    data = read_nmea(DATA / "ais_corrupt.nmea")
    report = data.report
    assert report.lines_read == 14
    assert list(data.pings.columns) == PING_COLUMNS + ["geometry"]
    assert list(data.pings["track_id"]) == ["273999001"] * 4 + ["273999002"]
    assert [str(t) for t in data.pings["time"]] == [
        "2025-05-01 08:00:00",
        "2025-05-01 08:01:00",
        "2025-05-01 08:02:30",  # line 10 arrived late; sorted into place
        "2025-05-01 08:04:00",  # line 6: time from a leading ISO field
        "2025-05-01 08:06:40",
    ]
    assert data.pings.geometry.iloc[0].coords[0] == pytest.approx((132.3375, 42.8803))
    assert data.pings["speed_kn"].tolist() == [0.1, 0.1, 0.1, 0.1, 11.5]
    assert dict(report.counts) == {
        "bad_line": 5,
        "out_of_range": 1,
        "duplicate": 1,
        "out_of_order": 1,
    }
    assert report.lines("bad_line") == [3, 4, 5, 13, 14]
    assert report.lines("out_of_range") == [7]
    assert report.lines("duplicate") == [11]
    assert report.lines("out_of_order") == [10]
    messages = {p.row: p.message for p in report.problems}
    assert "checksum" in messages[3] and "reception time" in messages[5]
    assert "fragments missing" in messages[14]
    assert str(report).startswith(f"{DATA / 'ais_corrupt.nmea'} [nmea]: 14 lines read, 5 pings kept")


def test_nmea_static_reports_name_the_vessel():
    assets = read_nmea(DATA / "ais_corrupt.nmea").assets
    assert assets.to_dict("records") == [
        {
            "track_id": "273999001",
            "asset_class": "vessel",
            "name": "TEST VESSEL",
            "mmsi": "273999001",
            "imo": None,
            "callsign": "TEST1",
            "ship_type": 35,
            "icao24": None,
            "registration": None,
            "aircraft_type": None,
        }
    ]


def test_csv_with_named_columns_and_bad_rows(tmp_path):
    path = tmp_path / "pings.csv"
    path.write_text(
        textwrap.dedent(
            """\
            mmsi,ts,x,y,sog
            1,2025-05-01T08:00:00Z,132.0,42.0,0.1
            1,2025-05-01T07:00:00,132.0,42.0,0.2
            1,yesterday,132.0,42.0,0.1
            2,2025-05-01T08:00:00,200.0,42.0,0.1
            2,2025-05-01T09:00:00,131.0,43.0,102.3
            """
        ),
        encoding="utf-8",
    )
    data = read_csv(path, track_id="mmsi", time="ts", lon="x", lat="y", speed="sog")
    assert data.pings[["track_id", "time"]].astype(str).values.tolist() == [
        ["1", "2025-05-01 07:00:00"],
        ["1", "2025-05-01 08:00:00"],
        ["2", "2025-05-01 09:00:00"],
    ]
    assert data.pings["speed_kn"].isna().tolist() == [False, False, True]  # 102.3 = not available
    assert [(p.row, p.field) for p in data.report.problems] == [(3, "ts"), (4, "lon"), (2, "time")]
    assert "'yesterday' is not a valid time" in data.report.problems[0].message
    with pytest.raises(ValueError, match=r"missing column\(s\) 'lon' \(for lon\)"):
        read_csv(path, track_id="mmsi", time="ts")


def test_geoparquet_round_trip_reprojects_to_lon_lat(tmp_path):
    pings = gpd.GeoDataFrame(
        {"vessel": ["a", "a"], "when": pd.to_datetime(["2025-05-01 08:00", "2025-05-01 08:01"])},
        geometry=gpd.points_from_xy([132.0, 132.001], [42.0, 42.0]),
        crs="EPSG:4326",
    ).to_crs("EPSG:32652")
    path = tmp_path / "pings.parquet"
    pings.to_parquet(path)
    data = read_tracks(path, track_id="vessel", time="when")
    assert data.pings.crs == "EPSG:4326"
    assert data.pings.geometry.x.tolist() == pytest.approx([132.0, 132.001])
    assert data.report.pings == 2 and not data.report.problems
    with pytest.raises(ValueError, match="missing column"):
        read_geoparquet(path)


def test_cli_detects_port_calls_and_imports_them_once(tmp_path, capsys):
    from corridor.cli import main
    from corridor.testing.tracks import Stay, voyage

    pings, _ = voyage(
        "ship-a", [Stay("rajin", 5), Stay("dunai", 8)], "2025-05-10 06:00", interval_s=300, seed=3
    )
    path = tmp_path / "ship_a.csv"
    table = pd.DataFrame(
        {
            "track_id": pings["track_id"],
            "time": pings["time"].dt.strftime("%Y-%m-%dT%H:%M:%S"),
            "lon": pings.geometry.x,
            "lat": pings.geometry.y,
            "speed_kn": pings["speed_kn"],
        }
    )
    table.to_csv(path, index=False)
    store = tmp_path / "store.gpkg"
    argv = [
        "tracks",
        "detect",
        str(path),
        "--import-to-store",
        "--store",
        str(store),
        "--no-progress",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path} [csv]: {len(table)} lines read, {len(table)} pings kept (no problems)"
    assert out[1].startswith("2 stops (max_diameter_m=500; min_duration=1h; max_gap=6h)")
    assert out[2].startswith("2 port calls (max_distance_m=3000")
    assert [line.split()[:2] for line in out[4:6]] == [["ship-a", "rajin"], ["ship-a", "dunai"]]
    assert out[6] == f"{path}: 2 added, 0 revised, 0 unchanged, 1 new source(s)"
    assert main(argv) == 0
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .startswith(f"{path}: 0 added, 0 revised, 2 unchanged")
    )


def test_cli_refuses_a_folder_with_the_local_engine(tmp_path, capsys):
    from corridor.cli import main

    assert main(["tracks", "detect", str(tmp_path), "--no-progress"]) == 1
    assert "use --engine dask" in capsys.readouterr().err


def test_cli_lists_the_bad_lines_of_an_nmea_file(capsys):
    from corridor.cli import main

    assert main(["tracks", "detect", str(DATA / "ais_corrupt.nmea"), "--no-progress"]) == 0
    captured = capsys.readouterr()
    assert "14 lines read, 5 pings kept" in captured.out
    listed = [int(n) for n in re.findall(r", row (\d+)", captured.err)]
    assert listed == [3, 4, 5, 13, 14, 7, 11, 10]


def _shuffled_pings_csv(path, n=300, seed=4):
    """Pings of three tracks in random order, with duplicate times, late rows and bad positions."""
    rng = np.random.default_rng(seed)
    t = pd.Timestamp("2025-05-01") + pd.to_timedelta(rng.integers(0, 120, n) * 60, unit="s")
    table = pd.DataFrame(
        {
            "track_id": rng.choice(["b", "a", "c"], n),
            "time": t.strftime("%Y-%m-%dT%H:%M:%S"),
            "lon": np.where(rng.random(n) < 0.05, 181.0, 132 + rng.random(n).round(4)),
            "lat": 42 + rng.random(n).round(4),
            "speed_kn": rng.choice([1.0, 102.3], n),
        }
    )
    table.to_csv(path, index=False)
    return table


def test_pings_come_as_a_table_and_as_a_geodataframe_built_once(tmp_path):
    path = tmp_path / "pings.csv"
    _shuffled_pings_csv(path)
    data = read_csv(path)
    table = data.table
    assert list(table.columns) == PING_COLUMNS + ["lon", "lat"]
    assert isinstance(table, pd.DataFrame) and not isinstance(table, gpd.GeoDataFrame)
    assert table["on_ground"].dtype == "boolean" and table["time"].dtype == "datetime64[ns]"
    pings = data.pings
    assert pings is data.pings  # built once
    assert list(pings.columns) == PING_COLUMNS + ["geometry"] and pings.crs == "EPSG:4326"
    assert pings.geometry.x.tolist() == table["lon"].tolist()
    assert pings.geometry.y.tolist() == table["lat"].tolist()
    same = pd.DataFrame(pings[PING_COLUMNS]).astype({"on_ground": "boolean"})
    pd.testing.assert_frame_equal(same, table[PING_COLUMNS])
    assert pings["on_ground"].dtype == object  # unknown flags: pd.NA, as pings always had


def test_sorting_and_reports_are_the_same_with_one_key_or_two(tmp_path, monkeypatch):
    from corridor.tracks import table as track_table

    path = tmp_path / "pings.csv"
    table = _shuffled_pings_csv(path)
    one = read_csv(path)
    monkeypatch.setattr(track_table, "KEY_LIMIT", 1)  # track and time too wide for one int64 key
    two = read_csv(path)
    pd.testing.assert_frame_equal(one.table, two.table)
    assert [str(p) for p in one.report.problems] == [str(p) for p in two.report.problems]
    table = table.assign(time=pd.to_datetime(table["time"]), row=table.index + 1)
    kept = table[table["lon"] <= 180]
    want = kept.drop_duplicates(["track_id", "time"])
    want = want.sort_values(["track_id", "time"], kind="stable")
    assert one.table["track_id"].tolist() == want["track_id"].tolist()
    assert one.table["time"].tolist() == want["time"].tolist()
    assert one.table["lon"].tolist() == want["lon"].tolist()
    assert one.report.lines("duplicate") == sorted(set(kept["row"]) - set(want["row"]))
    running = kept.drop_duplicates(["track_id", "time"]).groupby("track_id")["time"].cummax()
    late = kept.drop_duplicates(["track_id", "time"])[lambda d: d["time"] < running]
    assert one.report.lines("out_of_order") == late["row"].tolist()
    assert one.report.lines("out_of_range") == table.loc[table["lon"] > 180, "row"].tolist()
    assert one.table["speed_kn"].isna().tolist() == (want["speed_kn"] > 102).tolist()


def test_many_bad_rows_are_all_counted_and_the_first_thousand_listed(tmp_path):
    path = tmp_path / "pings.csv"
    n = 1005
    pd.DataFrame(
        {"track_id": "a", "time": pd.date_range("2025-05-01", periods=n, freq="min"),
         "lon": [181.0] * n, "lat": 42.0}  # fmt: skip
    ).to_csv(path, index=False)
    report = read_csv(path).report
    assert report.counts["out_of_range"] == n and report.pings == 0
    assert report.lines("out_of_range") == list(range(1, 1001))


def test_cli_joins_files_and_keeps_pings_found_twice_once(tmp_path, capsys):
    from corridor.cli import main

    text = "track_id,time,lon,lat\na,2025-05-01T08:00:00,132.0,42.0\na,2025-05-01T08:10:00,132.0,42.0\n"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(text)
    second.write_text(text + "a,2025-05-01T09:30:00,132.0,42.0\n")
    assert main(["tracks", "detect", str(first), str(second), "--no-progress"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2] == "2 pings found in more than one file: kept once"
    assert out[3].startswith("1 stops")  # 08:00 to 09:30 at one place: the files joined up
