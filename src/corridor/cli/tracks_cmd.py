"""``corridor tracks detect INPUT``: port calls or airfield visits in a track file, optionally into the store.

INPUT is a track file in any layout of :mod:`corridor.tracks.formats` (recognised from its header
or named with ``--format``; ``--column NAME=SOURCE`` maps any other CSV), or (``--engine dask``) a
folder of GeoParquet partitions written by :func:`corridor.tracks.stops_dask.write_partitions`.
Vessel tracks give stops and port calls; aircraft tracks (altitudes or on-ground flags, or an
aircraft layout) give landings, take-offs and airfield visits
(:mod:`corridor.tracks.flights`). ``--identifiers FILE`` names assets by MMSI/IMO/ICAO24/
registration (:mod:`corridor.tracks.identity`). A progress bar (stderr) follows the pings (local
engine) or the partitions (Dask engine).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from corridor.escape import terminal

CHUNK_PINGS = 250_000
#: Names ``--column`` accepts, and the reader keyword each sets.
COLUMN_NAMES = ("track_id", "time", "lon", "lat", "speed", "course", "altitude", "on_ground")


class _Layouts(Sequence):
    """``--format`` values: ``auto`` and :data:`corridor.tracks.formats.LAYOUTS`, looked up only
    when argparse needs them (to check a given ``--format`` or to print this command's help), so
    that every other command starts without importing the tracks family (numba)."""

    def _names(self) -> tuple[str, ...]:
        from corridor.tracks.formats import LAYOUTS  # deferred: heavy family, CLI start-up

        return ("auto", *LAYOUTS)

    def __getitem__(self, index):
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())


def register(sub) -> None:
    p = sub.add_parser("tracks", help="stops and port calls in position tracks")
    tsub = p.add_subparsers(dest="tracks_command", required=True, metavar="ACTION")
    d = tsub.add_parser("detect", help="detect stops and port calls in a track file")
    d.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="track files (one per flight is fine: read and reported one by one, detected as one "
        "set), or one partition folder with --engine dask",
    )  # fmt: skip
    d.add_argument(
        "--format", choices=_Layouts(), default="auto", metavar="LAYOUT",
        help="file layout, one of %(choices)s (default: auto, from its header)",
    )  # fmt: skip
    d.add_argument(
        "--column", action="append", default=[], metavar="NAME=SOURCE",
        help=f"a csv column for NAME ({', '.join(COLUMN_NAMES)}); repeat as needed",
    )  # fmt: skip
    d.add_argument(
        "--mode", choices=("auto", "vessel", "aircraft"), default="auto",
        help="port calls (vessel) or airfield visits (aircraft); auto: aircraft when the track "
        "has altitudes or on-ground flags",
    )  # fmt: skip
    d.add_argument("--identifiers", metavar="CSV", help="asset_name,scheme,identifier,source table")
    d.add_argument(
        "--min-ground", default="3min", help="shortest airfield visit; shorter is touch-and-go (3min)"
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
        "--asset-class", help="asset class of the sightings (default: vessel or aircraft, from the track)"
    )
    d.add_argument("--no-progress", action="store_true", help="no progress bar")
    d.set_defaults(func=run)


def _local(pings, params, progress: bool):
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
    from corridor.tracks.io import read_tracks
    from corridor.tracks.stops_dask import dask_client, detect_stops_dask, write_partitions

    source = Path(args.input)
    with tempfile.TemporaryDirectory() as tmp:
        assets = None
        if not source.is_dir() and source.suffix.lower() not in (".parquet", ".geoparquet"):
            data = read_tracks(source)
            _print_report(data.report)
            assets = data.assets
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
    return stops, assets


def _print_report(report, listed: int = 10) -> None:
    """The ingest summary on stdout, the first problems (line numbers and reasons) on stderr."""
    print(terminal(str(report)))
    for problem in report.problems[:listed]:
        print(f"  {terminal(str(problem))}", file=sys.stderr)
    more = sum(report.counts.values()) - min(listed, len(report.problems))
    if more > 0:
        print(f"  ... and {more} more", file=sys.stderr)


def _columns(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, source = item.partition("=")
        if not sep or name not in COLUMN_NAMES or not source:
            raise ValueError(
                f"--column {item!r}: expected NAME=SOURCE with NAME one of {', '.join(COLUMN_NAMES)}"
            )
        out[name] = source
    return out


def _is_aircraft(mode: str, pings, assets) -> bool:
    if mode != "auto":
        return mode == "aircraft"
    if len(assets) and (assets["asset_class"] == "aircraft").any():
        return True
    return bool(pings["altitude_ft"].notna().any() or pings["on_ground"].notna().any())


def _flights(pings, args):
    from corridor.tracks.flights import FlightParams, airfield_events

    params = FlightParams(
        min_ground=pd.Timedelta(args.min_ground),
        kinds=tuple(k.strip() for k in args.kinds.split(",") if k.strip()),
    )
    events, visits = airfield_events(pings, gazetteer=args.case_obj.gazetteer, params=params)
    landings = events[events["event"] == "landing"]
    print(
        f"{len(landings)} landings, {len(events) - len(landings)} take-offs "
        f"({int(landings['touch_and_go'].sum())} touch-and-go, "
        f"{int(landings['inferred'].sum())} inferred from silences)"
    )
    print(f"{len(visits)} airfield visits ({params.describe()})")
    if len(visits):
        table = visits[["track_id", "site_id", "arrival", "departure", "duration_h", "distance_m"]]
        print(terminal(table.round({"duration_h": 1}).to_string(index=False)))
    return visits, params


def run(args) -> int:
    from corridor.tracks.io import read_tracks
    from corridor.tracks.join import join_tracks
    from corridor.tracks.port_calls import PortCallParams, port_calls, to_sightings, track_source
    from corridor.tracks.stops import StopParams

    max_gap = None if str(args.max_gap).lower() == "none" else args.max_gap
    params = StopParams.of(args.max_diameter_m, args.min_stop, max_gap)
    kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
    call_params = PortCallParams(
        max_distance_m=args.port_distance_m,
        max_speed_kn=args.port_speed_kn,
        min_duration=pd.Timedelta(args.port_min_duration),
        kinds=kinds,
    )
    columns = _columns(args.column)
    identifiers = None
    if args.identifiers:
        from corridor.tracks.identity import read_identifiers

        identifiers = read_identifiers(args.identifiers)
    progress = not args.no_progress
    for name in args.inputs:
        if not Path(name).exists():
            raise FileNotFoundError(f"{name}: no such file or folder")
    stop_params, activities = params, ("present",)
    if args.engine == "dask":
        if len(args.inputs) > 1:
            raise ValueError("--engine dask reads one input (a file or a partition folder)")
        args.input = args.inputs[0]
        stops, assets = _dask(args, params, progress)
        calls = port_calls(stops, gazetteer=args.case_obj.gazetteer, params=call_params)
        tracks = None
    else:
        folders = [name for name in args.inputs if Path(name).is_dir()]
        if folders:
            raise ValueError(f"{folders[0]} is a folder; use --engine dask for partitioned datasets")
        reads = []
        for name in args.inputs:
            data = read_tracks(name, layout=args.format, **columns)
            _print_report(data.report)
            reads.append((name, data))
        tracks = join_tracks(reads)
        if tracks.duplicates:
            print(f"{tracks.duplicates} pings found in more than one file: kept once")
        pings, assets = tracks.pings, tracks.assets
        if _is_aircraft(args.mode, pings, assets):
            if args.kinds == "port":
                args.kinds = "airfield"
            calls, call_params = _flights(pings, args)
            stop_params, activities = None, ("arrived", "present", "departed")
        else:
            stops = _local(pings, params, progress)
            calls = port_calls(stops, gazetteer=args.case_obj.gazetteer, params=call_params)
    if stop_params is not None:
        print(f"{len(stops)} stops ({params.describe()})")
        print(f"{len(calls)} port calls ({call_params.describe()})")
        if len(calls):
            table = calls[["track_id", "site_id", "arrival", "departure", "duration_h", "distance_m"]]
            print(terminal(table.round({"duration_h": 1}).to_string(index=False)))
    if args.import_to_store:
        from corridor.store.geopackage import open_store
        from corridor.tracks.identity import asset_names

        named = asset_names(assets if assets is not None else pd.DataFrame(columns=["track_id"]),
                            identifiers)  # fmt: skip
        if args.asset_class:
            named["asset_class"] = args.asset_class
        sources, tables = [], []
        by_file = [(args.input, calls)] if tracks is None else tracks.by_file(calls)
        for name, mine in by_file:
            source = track_source(name, organisation=args.organisation)
            sources.append(source)
            tables.append(to_sightings(
                mine, source, stop_params=stop_params, params=call_params, track_file=name,
                vessels=named, asset_class=args.asset_class or "vessel", activities=activities,
            ))  # fmt: skip
        store = open_store(args.store, case=args.case_obj)
        origin = " ".join(str(name) for name in args.inputs)
        print(store.import_sightings(pd.concat(tables, ignore_index=True),
                                     sources=pd.concat(sources, ignore_index=True), origin=origin))  # fmt: skip
    return 0
