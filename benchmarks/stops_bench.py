"""Stop detection: corridor's vectorized detector against MovingPandas, then scaled out with Dask.

Same synthetic pings for every engine: vessels of :func:`corridor.testing.tracks.fleet` sailing sea
legs between corridor ports with stays of 4-24 h, one ping a minute (jittered), 5,000 pings a
track, seeded. Thresholds: stops of 500 m and at least 2 h, in EPSG:4326 (geodesic metres).

1. 100,000 pings: MovingPandas' ``TrajectoryStopDetector.get_stop_points`` (the anchor) and
   ``corridor.tracks.stops.detect_stops``; ratio of times; the stops compared (same tracks, start and end
   within one ping).
2. 1,000,000 and 10,000,000 pings: corridor alone (first call, and best of three at 1M).
3. Dask: 24,000,000+ pings written as GeoParquet partitions of whole tracks under
   ``build/bench/stops_pings`` (one file per 1,000,000 pings, generated batch by batch so this
   process never holds them all), detected on a ``LocalCluster`` of 2 worker processes with a
   memory limit each; prints the wall time, every worker's peak RSS, and the in-memory size the
   whole dataset would take as a GeoDataFrame, to compare with the memory allowed.

Run: ``.venv/bin/python benchmarks/stops_bench.py`` (the full run, several minutes);
``--quick`` for a smoke run at small sizes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from corridor.testing.tracks import fleet
from corridor.tracks.stops import detect_stops
from corridor.tracks.stops_dask import (
    dask_client,
    detect_stops_dask,
    peak_rss_mib,
    worker_peak_rss_mib,
    write_partition,
)

DIAMETER_M = 500
MIN_DURATION = "2h"
PER_TRACK = 5000


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def read_cost_mib(path: Path) -> float:
    """Memory that reading one partition as a GeoDataFrame takes, measured in a fresh process."""
    code = (
        "import os, geopandas as gpd\n"
        "def rss():\n"
        "    return int(open('/proc/self/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE')\n"
        f"before = rss(); pings = gpd.read_parquet({str(path)!r}); print((rss() - before) / 2**20)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def pings_of(n: int, seed: int = 42):
    t = time.perf_counter()
    pings, _ = fleet(max(1, n // PER_TRACK), PER_TRACK, seed=seed)
    print(f"  generated {len(pings):,} pings in {time.perf_counter() - t:.1f} s")
    return pings


def movingpandas_stops(pings):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import movingpandas as mpd

        collection = mpd.TrajectoryCollection(pings, "track_id", t="time")
        t = time.perf_counter()
        found = mpd.TrajectoryStopDetector(collection).get_stop_points(
            max_diameter=DIAMETER_M, min_duration=pd.Timedelta(MIN_DURATION)
        )
        return found, time.perf_counter() - t


def compare(pings, ours, theirs) -> str:
    """Whether the two stop tables agree: same tracks and count, start and end within one ping."""
    if len(ours) != len(theirs):
        return f"NO: {len(ours)} stops against {len(theirs)}"
    theirs = theirs.assign(traj_id=theirs["traj_id"].astype(str)).sort_values(
        ["traj_id", "start_time"]
    )
    worst = 0
    times = {k: g["time"].to_numpy() for k, g in pings.groupby("track_id")}
    for a, b in zip(ours.itertuples(), theirs.itertuples(), strict=True):
        if a.track_id != b.traj_id:
            return f"NO: track {a.track_id} against {b.traj_id}"
        tt = times[a.track_id]
        for x, y in ((a.start_time, b.start_time), (a.end_time, b.end_time)):
            i, j = np.searchsorted(tt, [np.datetime64(x), np.datetime64(y)])
            worst = max(worst, abs(int(i) - int(j)))
    verdict = "yes" if worst <= 1 else "NO"
    return f"{verdict}: {len(ours)} stops each, start/end differ by at most {worst} ping(s)"


def timed(pings):
    t = time.perf_counter()
    stops = detect_stops(pings, DIAMETER_M, MIN_DURATION)
    return stops, time.perf_counter() - t


def part_one(n: int) -> None:
    print(
        f"\n== {n:,} pings: MovingPandas TrajectoryStopDetector vs corridor.tracks.stops (EPSG:4326)"
    )
    pings = pings_of(n)
    ours, t_ours = timed(pings)
    theirs, t_mpd = movingpandas_stops(pings)
    print(f"  MovingPandas get_stop_points: {t_mpd:8.3f} s  ({len(theirs)} stops)")
    print(f"  corridor detect_stops:        {t_ours:8.3f} s  ({len(ours)} stops)")
    print(f"  speed-up: {t_mpd / t_ours:,.0f}x")
    print(f"  same stops: {compare(pings, ours, theirs)}")


def part_two(sizes: list[int]) -> None:
    for n in sizes:
        print(f"\n== {n:,} pings: corridor.tracks.stops alone")
        pings = pings_of(n)
        stops, first = timed(pings)
        line = f"  detect_stops: {first:.3f} s first call"
        if n <= 2_000_000:
            best = min(timed(pings)[1] for _ in range(3))
            line += f", {best:.3f} s best of 3"
        print(f"{line}  ({len(stops):,} stops, {n / first / 1e6:.1f} M pings/s)")
        del pings, stops


def part_three(n: int, per_file: int, memory_limit: str, out: Path, reuse: bool) -> None:
    print(
        f"\n== Dask: {n:,} pings in GeoParquet partitions, LocalCluster 2 workers x {memory_limit}"
    )
    tracks_per_file = per_file // PER_TRACK
    n_files = max(1, n // per_file)
    existing = sorted(out.glob("part-*.parquet")) if out.exists() else []
    if reuse and len(existing) == n_files:
        print(f"  reusing the {n_files} files already in {out} (same generator and seed)")
    else:
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        t = time.perf_counter()
        for i in range(n_files):
            pings, _ = fleet(tracks_per_file, PER_TRACK, seed=42, first=i * tracks_per_file)
            write_partition(pings, out, i)
            del pings
        print(f"  wrote {n_files} files in {time.perf_counter() - t:.0f} s")
    files = sorted(out.glob("part-*.parquet"))
    size_disk = sum(p.stat().st_size for p in files)
    per_file_mib = read_cost_mib(files[0])
    total = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    in_memory = per_file_mib * len(files) / 1024
    print(f"  {total:,} pings, {size_disk / 2**30:.2f} GiB on disk in {out}")
    print(
        f"  one file read as a GeoDataFrame takes {per_file_mib:,.0f} MiB: the whole dataset "
        f"would take about {in_memory:.1f} GiB"
    )
    with dask_client(n_workers=2, threads_per_worker=1, memory_limit=memory_limit) as client:
        base = worker_peak_rss_mib(client)
        t = time.perf_counter()
        stops = detect_stops_dask(out, DIAMETER_M, MIN_DURATION, client=client)
        wall = time.perf_counter() - t
        peaks = worker_peak_rss_mib(client)
    print(
        f"  detect_stops_dask: {wall:.1f} s ({len(stops):,} stops, {total / wall / 1e6:.2f} M pings/s)"
    )
    for addr in sorted(peaks):
        print(
            f"  worker {addr}: peak RSS {peaks[addr]:,.0f} MiB (after start-up {base[addr]:,.0f} MiB)"
        )
    allowed = 2 * _gib(memory_limit)
    print(
        f"  memory allowed to the workers: {allowed:.1f} GiB; their peaks together: "
        f"{sum(peaks.values()) / 1024:.2f} GiB; the dataset in memory: about {in_memory:.1f} GiB"
    )


def _gib(text: str) -> float:
    return float(text.lower().removesuffix("gib"))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    p.add_argument("--anchor-pings", type=int, default=100_000)
    p.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 10_000_000])
    p.add_argument("--dask-pings", type=int, default=24_000_000)
    p.add_argument("--pings-per-file", type=int, default=1_000_000)
    p.add_argument("--memory-limit", default="1.5GiB", help="per Dask worker, in GiB")
    p.add_argument("--out", default="build/bench/stops_pings")
    p.add_argument("--reuse", action="store_true", help="reuse the partitions of an earlier run")
    args = p.parse_args()
    if args.quick:
        args.anchor_pings, args.sizes, args.dask_pings, args.pings_per_file = (
            20_000,
            [100_000],
            400_000,
            100_000,
        )
    print(
        f"corridor stops benchmark: {os.cpu_count()} CPUs, thresholds {DIAMETER_M} m / {MIN_DURATION}"
    )
    part_one(args.anchor_pings)
    part_two(args.sizes)
    print(f"\n  this process so far: peak RSS {peak_rss_mib():,.0f} MiB")
    part_three(args.dask_pings, args.pings_per_file, args.memory_limit, Path(args.out), args.reuse)


if __name__ == "__main__":
    main()
