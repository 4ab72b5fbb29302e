"""``corridor sightings import|add|list|history|export``: the sightings store from the shell.

The store is ``--store PATH``, else ``$CORRIDOR_STORE``, else
``~/.local/share/corridor/corridor.gpkg`` (see :func:`corridor.store.geopackage.default_path`).
``import`` and ``add`` create it when absent and wait up to ``--wait`` seconds for another
process's import; ``list``, ``history`` and ``export`` never create a store (a mistyped path says
"no store at PATH") and never wait for a writer.
"""

from __future__ import annotations

import json
import sys

import pandas as pd

from corridor._files import check_target
from corridor.escape import csv_frame
from corridor.evidence.exports import export_table
from corridor.evidence.sightings import SIGHTING_COLUMNS, format_when
from corridor.evidence.timeline import asset_label
from corridor.reading import read_table

#: Columns of ``corridor sightings list`` as a table.
LIST_COLUMNS = ["sighting_id", "revision", "when", "site_id", "activity", "asset", "confidence",
                "source_id", "originator_id"]  # fmt: skip


def add_store_option(p, write: bool = False) -> None:
    """``--store PATH``; for commands that write, also ``--wait SECONDS``."""
    p.add_argument(
        "--store", metavar="PATH|URL",
        help="GeoPackage of the store, or postgresql:// URL of a shared one (default: "
        "$CORRIDOR_STORE, else the case's store)" + ("; created if absent" if write else
                                                     "; must exist"),
    )  # fmt: skip
    if write:
        p.add_argument(
            "--wait", type=float, metavar="SECONDS",
            help="how long to wait for another process's import to finish before giving up "
            "(default: $CORRIDOR_STORE_WAIT, else 60)",
        )  # fmt: skip


def open_for(args, write: bool = False):
    """The store of ``--store``: created for a command that writes, else it must exist."""
    from corridor.store.geopackage import open_store

    return open_store(
        args.store, case=getattr(args, "case_obj", None), create=write,
        wait_s=getattr(args, "wait", None),
    )  # fmt: skip


def add_filters(p) -> None:
    p.add_argument("--start", help="window start (YYYY-MM-DD)")
    p.add_argument("--end", help="window end (YYYY-MM-DD), inclusive")
    p.add_argument("--within", action="store_true",
                   help="only sightings lying wholly inside the window (default: overlapping)")  # fmt: skip
    for name, what in (("site", "site id"), ("asset", "text in asset class or name"),
                       ("activity", "activity"), ("source", "source, originator or imagery id"),
                       ("confidence", "confidence"), ("tag", "tag")):  # fmt: skip
        p.add_argument(
            f"--{name}", action="append", metavar=name.upper(), help=f"{what} (repeatable)"
        )
    p.add_argument("--bbox", nargs=4, type=float, metavar=("W", "S", "E", "N"),
                   help="bounding box in degrees: min lon, min lat, max lon, max lat")  # fmt: skip


def register(sub) -> None:
    p = sub.add_parser("sightings", help="import, add, list, export sightings and their history")
    cmds = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    imp = cmds.add_parser("import", help="import sightings from CSV, GeoJSON or GeoPackage")
    imp.add_argument("file", nargs="?", help="file to import")
    imp.add_argument("--sources", metavar="CSV", help="new sources (columns of sources.csv)")
    imp.add_argument("--seed", action="store_true",
                     help="import the packaged seed sightings and claims")  # fmt: skip
    add_store_option(imp, write=True)
    imp.set_defaults(func=run_import)

    add = cmds.add_parser("add", help="add one sighting given field by field")
    for column in SIGHTING_COLUMNS:
        add.add_argument(f"--{column.replace('_', '-')}", dest=column, metavar="VALUE")
    add_store_option(add, write=True)
    add.set_defaults(func=run_add)

    ls = cmds.add_parser("list", help="list sightings matching filters")
    add_filters(ls)
    ls.add_argument("--format", choices=["table", "csv", "json"], default="table")
    add_store_option(ls)
    ls.set_defaults(func=run_list)

    hist = cmds.add_parser("history", help="every revision of one sighting")
    hist.add_argument("sighting_id", metavar="ID")
    hist.add_argument("--format", choices=["table", "json"], default="table")
    add_store_option(hist)
    hist.set_defaults(func=run_history)

    exp = cmds.add_parser("export", help="write sightings to GeoJSON, KML, GeoParquet, CSV, GPKG")
    exp.add_argument(
        "--format", dest="fmt", choices=["geojson", "kml", "geoparquet", "csv", "gpkg"]
    )
    exp.add_argument("--out", required=True, metavar="PATH", help="file to write")
    add_filters(exp)
    add_store_option(exp)
    exp.set_defaults(func=run_export)


def _filters(args) -> dict:
    keys = ("start", "end", "site", "asset", "activity", "source", "confidence", "tag", "bbox")
    found = {k: getattr(args, k) for k in keys if getattr(args, k) is not None}
    return found | ({"within": True} if args.within else {})


def run_import(args) -> int:
    if not args.file and not args.seed:
        raise ValueError("give a FILE to import, or --seed")
    store = open_for(args, write=True)
    if args.seed:
        for report in store.import_seed():
            print(report)
    if args.file:
        sources = None
        if args.sources:
            sources = read_table(args.sources)
        print(store.import_sightings(args.file, sources=sources))
    return 0


def run_add(args) -> int:
    fields = {c: getattr(args, c) for c in SIGHTING_COLUMNS if getattr(args, c) is not None}
    report = open_for(args, write=True).add_sighting(**fields)
    print(report)
    for sid in report.added_ids + report.revised_ids + report.unchanged_ids:
        print(sid)
    return 0


def run_list(args) -> int:
    gdf = open_for(args).sightings(**_filters(args))
    if args.format in ("json", "csv"):
        table = export_table(gdf)
        table = table.assign(lon=table.geometry.x, lat=table.geometry.y).drop(columns="geometry")
        if args.format == "csv":
            csv_frame(table).to_csv(sys.stdout, index=False)
        else:
            print(table.to_json(orient="records", force_ascii=False, indent=2))
        return 0

    rows = [
        {"when": format_when(s["observed_start"], s["observed_end"], s["time_precision"]),
         "asset": asset_label(s), **{c: s[c] for c in LIST_COLUMNS if c in s}}
        for _, s in gdf.iterrows()
    ]  # fmt: skip
    if not rows:
        print("no sightings match")
        return 0
    print(pd.DataFrame(rows)[LIST_COLUMNS].to_string(index=False))
    return 0


def run_history(args) -> int:
    history = open_for(args).history(args.sighting_id)
    if args.format == "json":
        print(json.dumps(history.to_dict("records"), ensure_ascii=False, indent=2, default=str))
    else:
        shown = ["revision", "recorded_at", "origin", "change", "content_id", "confidence", "notes"]
        print(history[shown].to_string(index=False))
    return 0


def run_export(args) -> int:
    check_target(args.out)  # before the store is opened: a bad --out says so first
    path = open_for(args).export(args.out, args.fmt, **_filters(args))
    print(path)
    return 0
