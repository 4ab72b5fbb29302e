"""``corridor tracks detect INPUT``: stops and port calls in a track file, optionally into the store.

INPUT is a CSV, GeoParquet or AIS NMEA file, or (``--engine dask``) a folder of GeoParquet
partitions written by :func:`corridor.tracks.stops_dask.write_partitions`. A progress bar (stderr) follows
the pings (local engine) or the partitions (Dask engine).
"""

from __future__ import annotations

import sys
from pathlib import Path

CHUNK_PINGS = 250_000


def register(sub) -> None:
    p = sub.add_parser("tracks", help="stops and port calls in position tracks")
    tsub = p.add_subparsers(dest="tracks_command", required=True, metavar="ACTION")
    d = tsub.add_parser("detect", help="detect stops and port calls in a track file")
    d.add_argument(
        "input", metavar="INPUT", help="CSV, GeoParquet or NMEA file, or partition folder"
    )
    d.add_argument("--engine", choices=("local", "dask"), default="local")
    d.add_argument(
        "--scheduler", metavar="ADDR", help="Dask scheduler address (default: a LocalCluster)"
    )
    d.add_argument(
        "--workers", type=int, default=2, help="LocalCluster worker processes (default 2)"
    )
    d.add_argument(
        "--memory-limit", default="4GiB", help="LocalCluster memory per worker (default 4GiB)"
    )
    d.add_argument(
        "--max-diameter-m", type=float, default=500.0, help="stop extent (default 500 m)"
    )
    d.add_argument("--min-stop", default="1h", help="shortest stop (default 1h)")
    d.add_argument(
        "--max-gap", default="6h", help="cut tracks at silences longer than this; 'none' never"
    )
    d.add_argument(
        "--port-distance-m",
        type=float,
        default=3000.0,
        help="port call reach beyond the site's precision (default 3000)",
    )
    d.add_argument(
        "--port-speed-kn",
        type=float,
        default=0.2,
        help="largest median speed of a port call (default 0.2)",
    )
    d.add_argument("--port-min-duration", default="3h", help="shortest port call (default 3h)")
    d.add_argument(
        "--kinds",
        default="port",
        help="site kinds to match, comma-separated (default port; airfield for aircraft)",
    )
    d.add_argument(
        "--import-to-store", action="store_true", help="import the port calls as sightings"
    )
    d.add_argument(
        "--store", metavar="PATH", help="store file (default: see corridor.store.geopackage)"
    )
    d.add_argument(
        "--organisation",
        default="analyst-supplied track file",
        help="who produced the track data (for the source)",
    )
    d.add_argument(
        "--asset-class", default="vessel", help="asset class of the sightings (default vessel)"
    )
    d.add_argument("--no-progress", action="store_true", help="no progress bar")
    d.set_defaults(func=run)


def _local(pings, params, progress: bool):
    import pandas as pd
    from tqdm import tqdm

    from corridor.tracks.stops import detect_stops

    pings = pings.sort_values(["track_id", "time"], kind="stable", ignore_index=True)
    new_track = pings["track_id"].ne(pings["track_id"].shift()).to_numpy().nonzero()[0]
    parts, start = [], 0
    with tqdm(total=len(pings), unit="ping", disable=not progress, file=sys.stderr) as bar:
        while start < len(pings):
            later = new_track[new_track >= start + CHUNK_PINGS]
            end = int(later[0]) if len(later) else len(pings)
            parts.append(
                detect_stops(
                    pings.iloc[start:end],
                    params.max_diameter_m,
                    params.min_duration,
                    max_gap=params.max_gap,
                )
            )
            bar.update(end - start)
            start = end
    if not parts:
        return detect_stops(
            pings, params.max_diameter_m, params.min_duration, max_gap=params.max_gap
        )
    import geopandas as gpd

    out = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=pings.crs)
    return out


def _dask(args, params, progress: bool):
    import tempfile

    from tqdm import tqdm

    from corridor.tracks.io import read_tracks
    from corridor.tracks.stops_dask import dask_client, detect_stops_dask, write_partitions

    source = Path(args.input)
    with tempfile.TemporaryDirectory() as tmp:
        vessels = None
        if not source.is_dir() and source.suffix.lower() not in (".parquet", ".geoparquet"):
            data = read_tracks(source)
            _print_report(data.report)
            vessels = data.vessels
            source = Path(tmp)
            write_partitions(data.pings, source, n_partitions=max(1, args.workers * 2))
        with dask_client(
            args.scheduler, n_workers=args.workers, memory_limit=args.memory_limit
        ) as client:
            with tqdm(unit="partition", disable=not progress, file=sys.stderr) as bar:

                def tick(done, total):
                    bar.total = total
                    bar.update(1)

                stops = detect_stops_dask(
                    source,
                    params.max_diameter_m,
                    params.min_duration,
                    max_gap=params.max_gap,
                    client=client,
                    on_partition=tick,
                )
    return stops, vessels


def _print_report(report, listed: int = 10) -> None:
    """The ingest summary on stdout, the first problems (line numbers and reasons) on stderr."""
    print(report)
    for problem in report.problems[:listed]:
        print(f"  {problem}", file=sys.stderr)
    more = sum(report.counts.values()) - min(listed, len(report.problems))
    if more > 0:
        print(f"  ... and {more} more", file=sys.stderr)


def run(args) -> int:
    import pandas as pd

    from corridor.tracks.io import read_tracks
    from corridor.tracks.port_calls import PortCallParams, port_calls, to_sightings, track_source
    from corridor.tracks.stops import StopParams

    max_gap = None if str(args.max_gap).lower() == "none" else args.max_gap
    params = StopParams.of(args.max_diameter_m, args.min_stop, max_gap)
    call_params = PortCallParams(
        max_distance_m=args.port_distance_m,
        max_speed_kn=args.port_speed_kn,
        min_duration=pd.Timedelta(args.port_min_duration),
        kinds=tuple(k.strip() for k in args.kinds.split(",") if k.strip()),
    )
    progress = not args.no_progress
    if not Path(args.input).exists():
        raise FileNotFoundError(f"{args.input}: no such file or folder")
    if args.engine == "dask":
        stops, vessels = _dask(args, params, progress)
    else:
        if Path(args.input).is_dir():
            raise ValueError(
                f"{args.input} is a folder; use --engine dask for partitioned datasets"
            )
        data = read_tracks(args.input)
        _print_report(data.report)
        stops, vessels = _local(data.pings, params, progress), data.vessels
    calls = port_calls(stops, params=call_params)
    print(f"{len(stops)} stops ({params.describe()})")
    print(f"{len(calls)} port calls ({call_params.describe()})")
    if len(calls):
        table = calls[["track_id", "site_id", "arrival", "departure", "duration_h", "distance_m"]]
        print(table.round({"duration_h": 1}).to_string(index=False))
    if args.import_to_store:
        from corridor.store.geopackage import open_store

        source = track_source(args.input, organisation=args.organisation)
        sightings = to_sightings(
            calls,
            source,
            stop_params=params,
            params=call_params,
            track_file=args.input,
            vessels=vessels,
            asset_class=args.asset_class,
        )
        store = open_store(args.store)
        print(store.import_sightings(sightings, sources=source, origin=str(args.input)))
    return 0
