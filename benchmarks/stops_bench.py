"""Stop detection over several kinds of track: time, ratio to one numpy pass, MovingPandas, Dask.

Pings come from :func:`corridor.testing.tracks.synthetic_tracks` (seeded, lon/lat, EPSG:4326):
ships (a ping a minute, stays of hours to days), aircraft (a ping every 5 s, ground stops of
20 min to 3 h), irregular clocks (20 s to 7 min between pings, stays of 30 min to 4 days, silent
phases) and random walks, from 1 to 100,000 tracks. Each kind has its own thresholds
(``TRACK_FAMILIES[kind].max_diameter_m``, ``.min_duration``).

1. First-call cost: a small call in a fresh process with an empty numba cache (compiling) and
   with the cache this checkout already holds (loading).
2. Anchor: MovingPandas' ``TrajectoryStopDetector.get_stop_points`` on 100,000 pings of each
   kind; whether the stops are the same (track, start and end, exactly), and the ratio of times.
3. 1,000,000 and 10,000,000 pings of each case: ``detect_stops`` warm (best and median of 5 at
   1M, of 2 at 10M), the ratio of the best to *one numpy pass* over the same arrays (``np.diff``
   of x, y and time, ``np.hypot``, ``np.cumsum``: the floor a vectorised detector would pay),
   the median time of each stage (reading track ids, reading coordinates, the checking pass,
   the detecting pass with any windows decided by shapely, the stops table) and the load
   average of the machine at that moment.
4. Dask: 100,000,000 pings written as GeoParquet files of whole tracks by the workers of a
   ``LocalCluster`` (2 processes), then detected by a fresh cluster of 2 workers with a memory
   limit each; prints every worker's peak resident memory against its limit.

Run: ``.venv/bin/python benchmarks/stops_bench.py`` (the full run: tens of minutes on a loaded
machine); ``--quick`` for a smoke run at small sizes; ``--skip-dask``, ``--only-dask``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from corridor.testing.tracks import TRACK_FAMILIES, synthetic_tracks
from corridor.tracks.stops import StopParams, _detect, _ranges, detect_stops
from corridor.tracks.stops_dask import (
    dask_client,
    detect_stops_dask,
    peak_rss_mib,
    worker_peak_rss_mib,
    write_partition,
)

#: (kind, number of tracks) measured at every size.
CASES = [
    ("ships", 1),
    ("ships", 1_000),
    ("aircraft", 100),
    ("irregular", 1),
    ("irregular", 100_000),
    ("walks", 1_000),
    ("walks", 100_000),
]


def first_call_costs() -> None:
    print("\n== first call: numba compiling (empty cache) and loading the cached kernel")
    code = (
        "import time; t = time.perf_counter()\n"
        "from corridor.testing.tracks import synthetic_tracks\n"
        "from corridor.tracks.stops import detect_stops\n"
        "p = synthetic_tracks('walks', 2000, 2, seed=1); t0 = time.perf_counter()\n"
        "detect_stops(p, 100, '15min'); t1 = time.perf_counter()\n"
        "detect_stops(p, 100, '15min'); t2 = time.perf_counter()\n"
        "print(f'{t1 - t0:.2f} {t2 - t1:.4f}')"
    )
    with tempfile.TemporaryDirectory() as empty:
        for label, env in (
            ("empty cache (compiles)", {"NUMBA_CACHE_DIR": empty}),
            ("cache on disk (loads) ", {}),
        ):
            done = subprocess.run(
                [sys.executable, "-c", code],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                check=True,
            )
            first, second = (float(v) for v in done.stdout.split())
            print(f"  {label}: first call {first:6.2f} s, second call {second * 1e3:6.1f} ms")


def movingpandas_stops(pings, kind):
    k = TRACK_FAMILIES[kind]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import movingpandas as mpd

        collection = mpd.TrajectoryCollection(pings, "track_id", t="time")
        t = time.perf_counter()
        found = mpd.TrajectoryStopDetector(collection).get_stop_points(
            max_diameter=k.max_diameter_m, min_duration=pd.Timedelta(k.min_duration)
        )
        return found, time.perf_counter() - t


def anchor(n: int) -> None:
    print(f"\n== {n:,} pings: MovingPandas TrajectoryStopDetector vs corridor (EPSG:4326)")
    detect_stops(synthetic_tracks("walks", 1000, 2), 100, "15min")  # load the compiled kernel
    for kind in TRACK_FAMILIES:
        tracks = 2 if kind in ("ships", "aircraft") else 10
        pings = synthetic_tracks(kind, n, tracks, seed=7)
        k = TRACK_FAMILIES[kind]
        t = time.perf_counter()
        ours = detect_stops(pings, k.max_diameter_m, k.min_duration)
        t_ours = time.perf_counter() - t
        theirs, t_mpd = movingpandas_stops(pings, kind)
        a = sorted(zip(ours["track_id"], ours["start_time"], ours["end_time"], strict=True))
        b = sorted(
            zip(
                theirs["traj_id"].astype(str) if len(theirs) else [],
                theirs.get("start_time", []),
                theirs.get("end_time", []),
                strict=True,
            )
        )
        same = "same stops" if a == b else f"DIFFERENT ({len(a)} against {len(b)})"
        print(
            f"  {kind:9s} {tracks:>3} tracks: MovingPandas {t_mpd:7.2f} s, corridor "
            f"{t_ours:6.3f} s, {t_mpd / t_ours:6,.0f}x; {len(a)} stops, {same}"
        )


def numpy_pass(x, y, t) -> float:
    """One vectorised pass over the arrays: step lengths, time steps, cumulative distance."""
    start = time.perf_counter()
    step = np.hypot(np.diff(x), np.diff(y))
    np.cumsum(step / np.maximum(np.diff(t), 1))
    return time.perf_counter() - start


def timed(pings, params, repeat: int):
    """``detect_stops`` ``repeat`` times: the stops, the best and median wall times, and the
    median seconds of each stage (track ids, coordinates, prepare, detect, stops table)."""
    found, walls, stages = None, [], []
    for _ in range(repeat):
        stage: dict = {}
        t = time.perf_counter()
        found = _detect(pings, params, stage)
        walls.append(time.perf_counter() - t)
        stages.append(stage)
    per_stage = {name: float(np.median([s[name] for s in stages])) for name in stages[0]}
    return found, min(walls), float(np.median(walls)), per_stage


def sizes(ns: list[int]) -> None:
    for n in ns:
        print(
            f"\n== {n:,} pings: detect_stops warm (best and median of the runs), numpy passes "
            "(best time / one numpy pass over the same arrays, best of 5), the stages' median "
            "times, the compiled pass alone"
        )
        for kind, tracks in CASES:
            t = time.perf_counter()
            pings = synthetic_tracks(kind, n, min(tracks, n), seed=1)
            made = time.perf_counter() - t
            k = TRACK_FAMILIES[kind]
            params = StopParams.of(k.max_diameter_m, k.min_duration)
            repeat = 5 if n <= 2_000_000 else 2
            _detect(pings, params)  # warm: the first call after generating pays page faults
            found, best, median, stages = timed(pings, params, repeat)
            x, y = shapely.get_x(pings.geometry.values), shapely.get_y(pings.geometry.values)
            times = pings["time"].to_numpy().view("int64")
            codes = pd.factorize(pings["track_id"])[0]
            t = time.perf_counter()
            *_, unsure = _ranges(codes, times, x, y, params, True)
            kernel = time.perf_counter() - t
            floor = min(numpy_pass(x, y, times) for _ in range(5))
            # the same pings as a track file's table (lon/lat columns, no geometry built)
            table = pd.DataFrame(pings.drop(columns="geometry")).assign(lon=x, lat=y)
            _, table_best, _, _ = timed(table, params, repeat)
            del table
            load = os.getloadavg()[0]
            print(
                f"  {kind:9s} {tracks:>7,} tracks ({len(pings):,} pings, made in {made:4.1f} s, "
                f"load {load:.1f}): {best:6.3f} s best of {repeat} (median {median:6.3f}), "
                f"{best / floor:4.1f} numpy passes ({floor * 1e3:5.1f} ms); "
                f"{len(found):,} stops, {unsure} windows decided by shapely; from a lon/lat "
                f"table {table_best:6.3f} s ({table_best / floor:4.1f} passes)"
            )
            print(
                "      stages (ms): "
                + ", ".join(f"{name} {sec * 1e3:.1f}" for name, sec in stages.items())
                + f"; compiled pass alone {kernel * 1e3:.1f}"
            )
            del pings, x, y, times, codes, found


def write_part(i: int, out: str, per_file: int) -> int:
    """Write partition ``i`` (one kind, whole tracks) and return its number of pings."""
    kind, tracks = CASES[i % len(CASES)]
    tracks = max(1, min(tracks, per_file // 10))
    pings = synthetic_tracks(kind, per_file, tracks, seed=1, first=i * 100_000)
    write_partition(pings, out, i)
    return len(pings)


def dask_run(n: int, per_file: int, memory_limit: str, out: Path) -> None:
    n_files = max(1, n // per_file)
    print(
        f"\n== Dask: {n_files * per_file:,} pings in {n_files} GeoParquet files, "
        f"LocalCluster 2 workers x {memory_limit}"
    )
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.parquet"):
        old.unlink()
    t = time.perf_counter()
    with dask_client(n_workers=2, threads_per_worker=1, memory_limit=memory_limit) as client:
        futures = client.map(write_part, range(n_files), out=str(out), per_file=per_file)
        total = sum(client.gather(futures))
    size = sum(p.stat().st_size for p in out.glob("part-*.parquet"))
    print(
        f"  workers wrote {total:,} pings ({size / 2**30:.2f} GiB) in "
        f"{time.perf_counter() - t:.0f} s"
    )
    with dask_client(n_workers=2, threads_per_worker=1, memory_limit=memory_limit) as client:
        base = worker_peak_rss_mib(client)
        limits = {w: info["memory_limit"] for w, info in client.scheduler_info()["workers"].items()}
        t = time.perf_counter()
        stops = detect_stops_dask(out, 300.0, "30min", client=client)
        wall = time.perf_counter() - t
        peaks = worker_peak_rss_mib(client)
    print(
        f"  detect_stops_dask (300 m, 30 min): {wall:.1f} s, {len(stops):,} stops, "
        f"{total / wall / 1e6:.2f} M pings/s"
    )
    for addr in sorted(peaks):
        limit = limits[addr] / 2**20
        verdict = "under" if peaks[addr] < limit else "OVER"
        print(
            f"  worker {addr}: peak RSS {peaks[addr]:,.0f} MiB, {verdict} its limit of "
            f"{limit:,.0f} MiB (after start-up {base[addr]:,.0f} MiB)"
        )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    p.add_argument("--anchor-pings", type=int, default=100_000)
    p.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 10_000_000])
    p.add_argument("--dask-pings", type=int, default=100_000_000)
    p.add_argument("--pings-per-file", type=int, default=1_000_000)
    p.add_argument("--memory-limit", default="2GiB", help="per Dask worker")
    p.add_argument("--out", default="build/bench/stops_pings")
    p.add_argument("--skip-dask", action="store_true")
    p.add_argument("--only-dask", action="store_true")
    args = p.parse_args()
    if args.quick:
        args.anchor_pings, args.sizes = 5_000, [100_000]
        args.dask_pings, args.pings_per_file = 400_000, 100_000
    load = os.getloadavg()[0]
    print(f"corridor stops benchmark: {os.cpu_count()} CPUs, load average {load:.1f} at start")
    if not args.only_dask:
        first_call_costs()
        anchor(args.anchor_pings)
        sizes(args.sizes)
        print(f"\n  this process: peak RSS {peak_rss_mib():,.0f} MiB")
    if not args.skip_dask:
        dask_run(args.dask_pings, args.pings_per_file, args.memory_limit, Path(args.out))
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
