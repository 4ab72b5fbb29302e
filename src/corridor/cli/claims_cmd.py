"""``corridor claims list|import``: numeric claims with their claimants, side by side."""

from __future__ import annotations

import sys

from corridor.cli.sightings_cmd import add_store_option, open_for
from corridor.escape import csv_frame
from corridor.evidence.claims import figure_text

#: Columns of ``corridor claims list`` as a table.
LIST_COLUMNS = ["claim_id", "subject", "figure", "unit", "as_of", "claimant", "source_id"]


def register(sub) -> None:
    p = sub.add_parser("claims", help="list and import numeric claims")
    cmds = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    ls = cmds.add_parser("list", help="list claims, competing figures side by side")
    ls.add_argument("--subject", action="append", help="claim subject (repeatable)")
    ls.add_argument("--claimant", action="append", help="claimant source id (repeatable)")
    ls.add_argument("--source", action="append", help="source id (repeatable)")
    ls.add_argument("--format", choices=["table", "csv", "json"], default="table")
    add_store_option(ls)
    ls.set_defaults(func=run_list)
    imp = cmds.add_parser("import", help="import claims from CSV, GeoJSON or GeoPackage")
    imp.add_argument("file")
    add_store_option(imp, write=True)
    imp.set_defaults(func=run_import)


def run_list(args) -> int:
    claims = open_for(args).claims(
        subject=args.subject, claimant=args.claimant, source=args.source
    )
    claims = claims.sort_values(["subject", "as_of", "claimant_id", "claim_id"], kind="stable")
    table = claims.assign(
        figure=[figure_text(r) for _, r in claims.iterrows()],
        as_of=claims["as_of"].dt.strftime("%Y-%m-%d"),
    )
    if args.format == "json":
        print(table.to_json(orient="records", force_ascii=False, indent=2))
    elif args.format == "csv":
        csv_frame(table).to_csv(sys.stdout, index=False)
    elif table.empty:
        print("no claims match")
    else:
        print(table[LIST_COLUMNS].to_string(index=False))
    return 0


def run_import(args) -> int:
    print(open_for(args, write=True).import_claims(args.file))
    return 0
