"""``corridor changes [--since BUILD_OR_STORE]``: sightings and claims added, revised, withdrawn.

Compares the evidence now (the store given with ``--store``, else the packaged data) with an
earlier state: an atlas build (its folder or ``manifest.json``; default ``build/atlas``) or a
store snapshot (a ``.gpkg`` file). Revised items are listed field by field, before and after.
"""

from __future__ import annotations

import sys

from corridor.escape import csv_frame, terminal


def register(sub) -> None:
    p = sub.add_parser("changes", help="sightings and claims added, revised and withdrawn since a build")
    p.add_argument(
        "--since", metavar="BUILD_OR_STORE", default="build/atlas",
        help="an atlas folder or its manifest.json, or a store (.gpkg) (default: build/atlas)",
    )  # fmt: skip
    p.add_argument(
        "--store", metavar="PATH",
        help="the evidence now: this store (default: the packaged sightings and claims)",
    )  # fmt: skip
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=run)


def run(args) -> int:
    from corridor.evidence.changes import compare, load_snapshot, snapshot, summary
    from corridor.maps.atlas import case_data, store_data

    case = args.case_obj
    data = store_data(args.store, case=case) if args.store else case_data(case)
    changes = compare(load_snapshot(args.since, case=case), snapshot(data.sightings, data.claims))
    if args.format == "csv":
        csv_frame(changes).to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    if args.format == "json":
        print(changes.to_json(orient="records", force_ascii=False))
        return 0
    counts = summary(changes)
    line = "; ".join(f"{kind}s: " + ", ".join(f"{n} {c}" for c, n in sorted(v.items()))
                     for kind, v in sorted(counts.items()))  # fmt: skip
    print(terminal(f"since {args.since}: {line or 'no changes'}"))
    for r in changes.itertuples():
        what = f"{r.field}: {r.before!r} -> {r.after!r}" if r.change == "revised" else r.label
        print(terminal(f"{r.change:<9} {r.kind:<8} {r.id}  {what}").replace("\n", " "))
    return 0
