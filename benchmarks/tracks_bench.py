"""Reading AIS CSV exports: corridor's MarineCadastre reader against ``pandas.read_csv``.

Anchor: ``pandas.read_csv(path)`` with no options (pandas' default C engine, dtypes inferred), the
way a user loads a MarineCadastre export before doing anything with it: a DataFrame of the 17
columns as written, with no time parsing, no checks and no geometry. The file is synthetic,
written by the project in the MarineCadastre layout (no third-party data).

``read_tracks`` does more: it parses and range-checks times, converts and checks positions, drops
duplicates, sorts by track and time, reports every dropped row, and builds the pings table
(``lon``/``lat`` columns) and the vessels table. Point geometry (``TrackData.pings``) is built
when it is first asked for; its cost is printed on its own line, with the time of
``shapely.points`` alone on the same coordinates (one geometry object per ping: the floor of any
GeoDataFrame) and a second anchor, what a competent user would write to get the same
GeoDataFrame with pandas and geopandas (``read_csv``, ``to_datetime``, sort, ``points_from_xy``).

Each measurement is repeated ``REPEATS`` times, the candidates taking turns so that a change in
the machine's load hits them alike; the figures are medians, and the ratio (target: at most 2x
``pandas.read_csv``) is taken between medians of the same run. The load average is printed before
and after: figures from a loaded machine are slower, ratios less so.
Run: ``python benchmarks/tracks_bench.py [N_ROWS]`` (default 1,000,000).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import shapely

from corridor.testing.track_files import MARINECADASTRE_HEADER, sample_vessels
from corridor.tracks import read_tracks

REPEATS = 7


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


def timed(candidates: dict, repeats: int = REPEATS) -> dict[str, list[float]]:
    """Wall times of each candidate; one run of each in turn, ``repeats`` rounds."""
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(repeats):
        for name, fn in candidates.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return times


def pandas_geopandas(path: Path) -> gpd.GeoDataFrame:
    """The second anchor: the same pings with pandas and geopandas, no checks."""
    df = pd.read_csv(path, dtype={"MMSI": str})
    df["BaseDateTime"] = pd.to_datetime(df["BaseDateTime"], format="%Y-%m-%dT%H:%M:%S")
    df = df.sort_values(["MMSI", "BaseDateTime"], kind="stable", ignore_index=True)
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["LON"], df["LAT"]), crs="EPSG:4326")


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(n_rows: int = 1_000_000) -> None:
    print(f"machine: {os.cpu_count()} CPUs; pandas {pd.__version__}, pyarrow {pa.__version__}, "
          f"shapely {shapely.__version__}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ais_marinecadastre.csv"
        write_marinecadastre(n_rows, path)
        size_mb = path.stat().st_size / 1e6
        data = read_tracks(path)  # warm-up, and the figures below are checked on it
        assert data.report.layout == "marinecadastre" and data.report.pings == n_rows, data.report
        x, y = data.table["lon"].to_numpy(), data.table["lat"].to_numpy()
        print(f"MarineCadastre layout: {n_rows:,} rows, {size_mb:.0f} MB, {len(data.assets)} vessels "
              f"(synthetic file written by the project)")  # fmt: skip
        print(f"load average before: {load()}")
        read = timed({"anchor": lambda: pd.read_csv(path), "ours": lambda: read_tracks(path)})
        geo = timed(
            {
                "anchor": lambda: pd.read_csv(path),
                "with_pings": lambda: read_tracks(path).pings,
                "pandas_geopandas": lambda: pandas_geopandas(path),
                "points": lambda: shapely.points(x, y),
            },
            repeats=3,
        )
        print(f"load average after:  {load()}")
    rounds = sorted(b / a for a, b in zip(read["anchor"], read["ours"], strict=True))
    read, geo = (
        {name: statistics.median(ts) for name, ts in runs.items()} for runs in (read, geo)
    )
    anchor, ours = read["anchor"], read["ours"]
    print(f"medians of {REPEATS} runs taken in turn:")
    print(f"  pandas.read_csv(path) (anchor: no options, C engine):  {anchor:6.2f} s")
    print(f"  corridor read_tracks(path):                            {ours:6.2f} s"
          f"  (checked pings table with lon/lat, vessels, report)")  # fmt: skip
    print(f"  ratio read_tracks / pandas.read_csv:                   {ours / anchor:6.2f}x"
          f"  (target <= 2x; {rounds[0]:.2f}x to {rounds[-1]:.2f}x round by round)")  # fmt: skip
    print(f"  rows per second: read_tracks {n_rows / ours:,.0f}, pandas.read_csv {n_rows / anchor:,.0f}")
    g_anchor = geo["anchor"]
    print("with point geometry (medians of 3 runs taken in turn):")
    print(f"  pandas.read_csv(path) (anchor, again):                 {g_anchor:6.2f} s")
    print(f"  read_tracks(path).pings (GeoDataFrame):                {geo['with_pings']:6.2f} s"
          f"  ({geo['with_pings'] / g_anchor:.2f}x read_csv)")  # fmt: skip
    print(f"  pandas + geopandas GeoDataFrame:                       {geo['pandas_geopandas']:6.2f} s"
          f"  ({geo['pandas_geopandas'] / g_anchor:.2f}x read_csv; read_csv, to_datetime, sort, "
          f"points_from_xy)")  # fmt: skip
    print(f"  shapely.points alone on the same coordinates:          {geo['points']:6.2f} s"
          f"  ({geo['points'] / g_anchor:.2f}x read_csv: the floor of one geometry per ping)")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
