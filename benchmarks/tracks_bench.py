"""Reading AIS CSV exports: corridor's MarineCadastre reader against ``pandas.read_csv``.

Anchor: ``pandas.read_csv`` of the same file with default options, the way a user would load a
MarineCadastre export before doing anything with it (no time parsing, no checks, no geometry).
corridor's reader does more: it parses and range-checks times, converts and checks positions,
drops duplicates, sorts by track and time, builds point geometry and the vessels table.

A second anchor does what a competent user would write to get the same GeoDataFrame with pandas
and geopandas: ``read_csv``, ``to_datetime`` of the times, ``points_from_xy``, sort by vessel and
time. The time of ``shapely.points`` alone on the same coordinates shows the floor that building
one point geometry per ping sets.

Prints the file size, the best of ``REPEATS`` runs for each, and the ratios (target: at most 2x
``pandas.read_csv``). Figures depend on the machine's load: state it with the figures.
Run: ``python benchmarks/tracks_bench.py [N_ROWS]`` (default 1,000,000).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from corridor.testing.track_files import MARINECADASTRE_HEADER, sample_vessels
from corridor.tracks import read_tracks

REPEATS = 3


def write_marinecadastre(n_rows: int, path: Path) -> None:
    """A synthetic file in the MarineCadastre layout (17 columns), written with pandas."""
    pings, assets = sample_vessels(n_rows, n_tracks=500, seed=1)
    static = assets.set_index("track_id").reindex(pings["track_id"]).reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "MMSI": pings["track_id"], "BaseDateTime": pings["time"].dt.strftime("%Y-%m-%dT%H:%M:%S"),
            "LAT": pings["lat"].round(5), "LON": pings["lon"].round(5), "SOG": pings["speed_kn"],
            "COG": pings["course_deg"], "Heading": 511, "VesselName": static["name"].fillna(""),
            "IMO": "IMO" + static["imo"].fillna("0000000"), "CallSign": static["callsign"].fillna(""),
            "VesselType": 70, "Status": 0, "Length": 120.0, "Width": 20.0, "Draft": 7.5,
            "Cargo": 70, "TransceiverClass": "A",
        }
    )  # fmt: skip
    assert list(frame.columns) == MARINECADASTRE_HEADER
    frame.to_csv(path, index=False)


def best_of(fn) -> float:
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def pandas_geopandas(path: Path) -> gpd.GeoDataFrame:
    """The second anchor: the same pings with pandas and geopandas, no checks."""
    df = pd.read_csv(path, dtype={"MMSI": str})
    df["BaseDateTime"] = pd.to_datetime(df["BaseDateTime"], format="%Y-%m-%dT%H:%M:%S")
    df = df.sort_values(["MMSI", "BaseDateTime"], kind="stable", ignore_index=True)
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["LON"], df["LAT"]), crs="EPSG:4326")


def main(n_rows: int = 1_000_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ais_marinecadastre.csv"
        write_marinecadastre(n_rows, path)
        size_mb = path.stat().st_size / 1e6
        anchor = best_of(lambda: pd.read_csv(path))
        full = best_of(lambda: pandas_geopandas(path))
        data = read_tracks(path)
        ours = best_of(lambda: read_tracks(path))
        x, y = data.pings.geometry.x.to_numpy(), data.pings.geometry.y.to_numpy()
        points = best_of(lambda: shapely.points(x, y))
    assert data.report.layout == "marinecadastre" and data.report.pings == n_rows, data.report
    print(f"MarineCadastre layout: {n_rows:,} rows, {size_mb:.0f} MB, {len(data.assets)} vessels")
    print(f"pandas.read_csv (anchor):      {anchor:6.2f} s")
    print(f"corridor read_tracks:          {ours:6.2f} s  (pings GeoDataFrame, vessels, report)")
    print(f"pandas + geopandas GeoDataFrame: {full:4.2f} s  (read_csv, to_datetime, sort, points_from_xy)")
    print(f"shapely.points alone:          {points:6.2f} s  (the geometry floor, {points / anchor:.2f}x read_csv)")
    print(f"ratio corridor / pandas:       {ours / anchor:6.2f}x  (target <= 2x; best of {REPEATS})")
    print(f"ratio corridor / pandas+geopandas: {ours / full:4.2f}x")
    print(f"pings per second (corridor):   {n_rows / ours:,.0f}")



if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
