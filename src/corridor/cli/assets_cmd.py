"""``corridor assets list|add``: the asset catalogue of the case (packaged base + its ``assets.csv``).

An added asset is checked like the catalogue (every figure a positive number, the mode known, a
source for the figures) and written to the case's ``assets.csv`` (atomically); an id of the base
catalogue overrides it, with a warning.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from corridor.cli._output import print_table
from corridor.transport.assets import ASSET_COLUMNS, load_assets


def register(sub) -> None:
    p = sub.add_parser("assets", help="list the asset catalogue, add a case asset")
    cmds = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    ls = cmds.add_parser("list", help="the case's asset catalogue")
    ls.add_argument("--mode", action="append", help="only assets of this mode (repeatable)")
    ls.add_argument("--format", choices=["table", "csv", "json"], default="table")
    ls.set_defaults(func=run_list)

    add = cmds.add_parser("add", help="add or update one asset type of the case")
    for column in ASSET_COLUMNS:
        add.add_argument(f"--{column.replace('_', '-')}", dest=column, metavar="VALUE", default="")
    add.set_defaults(func=run_add)


def run_list(args) -> int:
    assets = args.case_obj.assets
    if args.mode:
        assets = assets[assets["mode"].isin(args.mode)]
    print_table(assets[ASSET_COLUMNS], args.format)
    return 0


def run_add(args) -> int:
    case = args.case_obj
    row = pd.DataFrame([{c: getattr(args, c) for c in ASSET_COLUMNS}], dtype=str)
    with tempfile.TemporaryDirectory() as tmp:
        check = Path(tmp) / "corridor assets add"
        row.to_csv(check, index=False)
        try:
            load_assets(check)
        except ValueError as exc:
            raise ValueError(str(exc).replace(str(check), "corridor assets add")) from None
    added, updated, _ = case.merge_table("assets.csv", row, "asset_id", ASSET_COLUMNS)
    what = "added" if added else "updated" if updated else "unchanged"
    print(f"asset {row.at[0, 'asset_id']!r} {what} in {case.root / 'assets.csv'}")
    return 0
