"""Stop detection over a partitioned GeoParquet dataset with Dask.

The dataset is a folder of GeoParquet files, each holding *whole tracks* (:func:`write_partitions`
assigns every track to one file by a stable hash of its id), so no stop is ever split and each
file is detected on its own with :func:`corridor.tracks.stops.detect_stops` (the same compiled
kernel; each worker loads numba's on-disk cache on its first file): the result is identical to
the single-machine run on the same pings. Only the stops (a few rows per track) travel back, so
memory is bounded by what one file needs per worker thread, not by the size of the dataset.

Dask runs on a ``LocalCluster`` by default (``n_workers`` processes with ``memory_limit`` each) or
on any running scheduler given by address (``scheduler="tcp://host:8786"``); the workers need
corridor installed and the dataset at the same path.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq

from corridor.tracks.stops import STOP_COLUMNS, StopParams, detect_stops
from corridor.tracks.table import CRS, SPEED, TIME, TRACK_ID

PART_PATTERN = "part-{:05d}.parquet"


def partition_of(track_ids: pd.Series, n_partitions: int) -> pd.Series:
    """Partition number of each track id (stable across processes and runs)."""
    hashed = pd.util.hash_pandas_object(track_ids.astype(str), index=False)
    return (hashed % n_partitions).astype("int64")


def write_partitions(pings: gpd.GeoDataFrame, out_dir: str | Path, n_partitions: int) -> list[Path]:
    """Write ``pings`` as ``n_partitions`` GeoParquet files of whole tracks, sorted by track and time.

    Existing ``part-*.parquet`` files in ``out_dir`` are replaced.
    """
    if n_partitions < 1:
        raise ValueError(f"n_partitions must be >= 1, got {n_partitions}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.parquet"):
        old.unlink()
    part = partition_of(pings[TRACK_ID], n_partitions).to_numpy()
    paths = []
    for i in range(n_partitions):
        chunk = pings[part == i].sort_values([TRACK_ID, TIME], kind="stable")
        paths.append(write_partition(chunk, out, i))
    return paths


def write_partition(pings: gpd.GeoDataFrame, out_dir: str | Path, index: int) -> Path:
    """Write one partition file (its pings must hold whole tracks) and return its path."""
    path = Path(out_dir) / PART_PATTERN.format(index)
    encoding = "geoarrow" if len(pings) else "WKB"  # geoarrow cannot encode an empty table
    pings.reset_index(drop=True).to_parquet(path, geometry_encoding=encoding, index=False)
    return path


def partition_files(path: str | Path) -> list[Path]:
    """The GeoParquet files of a dataset folder (or the file itself), in name order."""
    path = Path(path)
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    if not files or not all(f.exists() for f in files):
        raise FileNotFoundError(f"{path}: no GeoParquet files (expected a folder of *.parquet)")
    return files


def _detect_file(path: Path, params: StopParams) -> gpd.GeoDataFrame:
    names = pq.read_schema(path).names
    columns = [c for c in (TRACK_ID, TIME, SPEED, "geometry") if c in names]
    pings = gpd.read_parquet(path, columns=columns)
    stops = detect_stops(pings, params.max_diameter_m, params.min_duration, max_gap=params.max_gap)
    return stops


@contextlib.contextmanager
def dask_client(
    scheduler: str | None = None,
    *,
    n_workers: int = 2,
    threads_per_worker: int = 1,
    memory_limit: str = "4GiB",
    processes: bool = True,
):
    """A Dask client: on the scheduler at ``scheduler``, else on a new ``LocalCluster``."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=threads_per_worker,
            memory_limit=memory_limit,
            processes=processes,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def detect_stops_dask(
    path: str | Path,
    max_diameter_m: float,
    min_duration,
    *,
    max_gap=None,
    client=None,
    on_partition: Callable[[int, int], None] | None = None,
) -> gpd.GeoDataFrame:
    """Stops of every track of a partitioned GeoParquet dataset, one Dask task per file.

    Parameters
    ----------
    path : str or Path
        Folder of ``*.parquet`` files written by :func:`write_partitions` (or one file).
    max_diameter_m, min_duration, max_gap
        As for :func:`corridor.tracks.stops.detect_stops`.
    client : dask.distributed.Client, optional
        Where to run; a default :func:`dask_client` (``LocalCluster``) if omitted.
    on_partition : callable, optional
        Called as ``on_partition(done, total)`` after each file, e.g. to drive a progress bar.

    Returns
    -------
    GeoDataFrame
        The same table as :func:`corridor.tracks.stops.detect_stops` on all the pings.
    """
    params = StopParams.of(max_diameter_m, min_duration, max_gap)
    files = partition_files(path)
    if client is None:
        with dask_client() as own:
            return _run(own, files, params, on_partition)
    return _run(client, files, params, on_partition)


def _run(client, files: list[Path], params: StopParams, on_partition) -> gpd.GeoDataFrame:
    from dask.distributed import as_completed

    futures = client.map(_detect_file, files, params=params, pure=False)
    order = {f.key: i for i, f in enumerate(futures)}
    results: list = [None] * len(files)
    for done, future in enumerate(as_completed(futures), start=1):
        results[order[future.key]] = future.result()
        future.release()
        if on_partition is not None:
            on_partition(done, len(files))
    return _combine(results, params)


def _combine(parts: Iterable[gpd.GeoDataFrame], params: StopParams) -> gpd.GeoDataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        empty = gpd.GeoDataFrame(columns=STOP_COLUMNS, geometry=[], crs=CRS)
        empty.attrs["stop_params"] = params.describe()
        return empty
    out = pd.concat(parts, ignore_index=True)
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=parts[0].crs)
    out = out.sort_values([TRACK_ID, "start_time"], kind="stable", ignore_index=True)
    out.attrs["stop_params"] = params.describe()
    return out


def worker_peak_rss_mib(client) -> dict[str, float]:
    """Peak resident memory of each worker process so far, in MiB.

    Read from ``VmHWM`` in ``/proc/self/status`` (Linux), which starts afresh in each worker
    process; ``ru_maxrss`` would carry over the peak of the process that launched it.
    """
    return client.run(peak_rss_mib)


def peak_rss_mib() -> float:
    """Peak resident memory of this process, in MiB (``VmHWM``; ``ru_maxrss`` elsewhere)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource  # Unix only: imported where the platform has no /proc

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
