"""``corridor store copy SRC DST``: move a store between a GeoPackage and PostgreSQL + PostGIS.

SRC and DST are GeoPackage paths or ``postgresql://`` URLs. Every sighting, claim, revision and
source is copied as it is (identities, revision numbers, recording times, origins), in one
transaction, into a DST that holds no evidence yet; copying back gives an identical store.
"""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("store", help="copy a store between GeoPackage and PostgreSQL/PostGIS")
    cmds = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    cp = cmds.add_parser(
        "copy", help="copy every sighting, claim, revision and source of SRC into an empty DST"
    )
    cp.add_argument("src", metavar="SRC", help="GeoPackage path or postgresql:// URL to read")
    cp.add_argument(
        "dst", metavar="DST", help="GeoPackage path or postgresql:// URL (created if needed)"
    )
    cp.set_defaults(func=run_copy)


def run_copy(args) -> int:
    from corridor.escape import terminal
    from corridor.store.geopackage import open_store
    from corridor.store.postgis import is_url
    from corridor.store.transfer import copy_store

    if not is_url(args.src) and not Path(args.src).is_file():
        raise FileNotFoundError(
            f"{args.src}: no such store (a GeoPackage file or postgresql:// URL)"
        )
    src = open_store(args.src)
    dst = open_store(args.dst)
    counts = copy_store(src, dst)
    copied = ", ".join(f"{n} {name}" for name, n in counts.items())
    print(terminal(f"{src.path} -> {dst.path}: {copied}"))
    return 0
