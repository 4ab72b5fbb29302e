import pandas as pd
import pytest

from corridor.testing.tracks import fleet
from corridor.tracks.io import read_tracks
from corridor.tracks.port_calls import port_calls
from corridor.tracks.stops import detect_stops
from corridor.tracks.stops_dask import (
    dask_client,
    detect_stops_dask,
    partition_files,
    partition_of,
    write_partitions,
)

#: Ports of the example case the synthetic fleet sails between.
PORTS = ("rajin", "chongjin", "hungnam", "wonsan", "nampo", "dunai", "vladivostok_port",
         "vostochny_port")  # fmt: skip


@pytest.fixture(scope="module")
def client():
    with dask_client(n_workers=1, threads_per_worker=2, processes=False) as c:
        yield c


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    pings, _ = fleet(6, 1500, seed=11, ports=PORTS, start="2025-05-01")
    out = tmp_path_factory.mktemp("pings")
    write_partitions(pings, out, n_partitions=3)
    return pings, out


def test_partitions_hold_whole_tracks(dataset):
    pings, out = dataset
    files = partition_files(out)
    assert [f.name for f in files] == [
        "part-00000.parquet",
        "part-00001.parquet",
        "part-00002.parquet",
    ]
    seen = {}
    for f in files:
        for track in read_tracks(f).pings["track_id"].unique():
            assert track not in seen, f"{track} is split across {seen.get(track)} and {f.name}"
            seen[track] = f.name
    assert sorted(seen) == sorted(pings["track_id"].unique())
    assert (
        partition_of(pd.Series(["v000001"]), 3).tolist()
        == partition_of(pd.Series(["v000001"]), 3).tolist()
    )


def test_dask_engine_gives_the_same_stops_and_port_calls(dataset, client):
    pings, out = dataset
    local = detect_stops(pings, 500, "2h", max_gap="6h")
    progress = []
    distributed = detect_stops_dask(
        out,
        500,
        "2h",
        max_gap="6h",
        client=client,
        on_partition=lambda d, n: progress.append((d, n)),
    )
    assert progress == [(1, 3), (2, 3), (3, 3)]
    assert len(local) > 6
    pd.testing.assert_frame_equal(
        distributed.drop(columns="geometry"), local.drop(columns="geometry"), check_dtype=False
    )
    assert distributed.geometry.equals(local.geometry)
    pd.testing.assert_frame_equal(port_calls(distributed), port_calls(local), check_dtype=False)


def test_missing_dataset_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no GeoParquet files"):
        partition_files(tmp_path)


def test_cli_dask_engine_on_a_running_scheduler(dataset, client, capsys):
    from corridor.cli import main

    _, out = dataset
    argv = [
        "tracks",
        "detect",
        str(out),
        "--engine",
        "dask",
        "--scheduler",
        client.scheduler.address,
    ]
    assert main([*argv, "--no-progress", "--min-stop", "2h"]) == 0
    lines = capsys.readouterr().out.splitlines()
    local = detect_stops(read_tracks_all(out), 500, "2h", max_gap="6h")
    assert lines[0] == f"{len(local)} stops (max_diameter_m=500; min_duration=2h; max_gap=6h)"
    assert lines[1].startswith(f"{len(port_calls(local))} port calls")


def read_tracks_all(folder):
    import geopandas as gpd

    parts = [read_tracks(f).pings for f in partition_files(folder)]
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
