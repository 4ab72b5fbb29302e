"""``corridor sites list|add|import|export``: the case's sites (its ``sites.csv``).

Sites are validated like every input (every problem at once, with file, row and field) before the
case's table is rewritten (atomically). A site whose id is already in the case is updated; one
whose id is in the packaged base overrides it, with a warning.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor.cli._output import print_table, write_table
from corridor.places.gazetteer import SITE_COLUMNS, load_sites
from corridor.reading import read_table


def register(sub) -> None:
    p = sub.add_parser("sites", help="list, add, import and export the case's sites")
    cmds = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    ls = cmds.add_parser("list", help="the case's sites (base and case)")
    ls.add_argument("--kind", action="append", help="only sites of this kind (repeatable)")
    ls.add_argument("--format", choices=["table", "csv", "json"], default="table")
    ls.set_defaults(func=run_list)

    add = cmds.add_parser("add", help="add or update one site, field by field")
    for column in SITE_COLUMNS:
        add.add_argument(f"--{column.replace('_', '-')}", dest=column, metavar="VALUE", default="")
    add.set_defaults(func=run_add)

    imp = cmds.add_parser("import", help="add or update the sites of a CSV (columns of sites.csv)")
    imp.add_argument("file", metavar="FILE")
    imp.set_defaults(func=run_import)

    exp = cmds.add_parser("export", help="write the case's sites to CSV, GeoJSON or GeoPackage")
    exp.add_argument("--out", required=True, metavar="PATH")
    exp.add_argument("--format", dest="fmt", choices=["csv", "geojson", "gpkg"])
    exp.set_defaults(func=run_export)


def _table(frame):
    out = frame.reindex(columns=SITE_COLUMNS).copy()
    out["aliases"] = [("|".join(a) if isinstance(a, list) else a) for a in out["aliases"]]
    return out


def run_list(args) -> int:
    sites = args.case_obj.gazetteer.sites
    if args.kind:
        sites = sites[sites["kind"].isin(args.kind)]
    print_table(_table(sites), args.format)
    return 0


def _merge(case, frame, origin: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        check = Path(tmp) / Path(origin).name
        frame.to_csv(check, index=False)
        try:
            load_sites(check, kinds=case.site_kinds)
        except ValueError as exc:
            raise ValueError(str(exc).replace(str(check), origin)) from None
    added, updated, unchanged = case.merge_table("sites.csv", frame, "site_id", SITE_COLUMNS)
    print(f"{origin}: {len(added)} added, {len(updated)} updated, {len(unchanged)} unchanged "
          f"in {case.root / 'sites.csv'}")  # fmt: skip
    return 0


def run_add(args) -> int:
    row = {c: getattr(args, c) for c in SITE_COLUMNS}
    return _merge(args.case_obj, pd.DataFrame([row], dtype=str), "corridor sites add")


def run_import(args) -> int:
    frame = read_table(Path(args.file))
    extra = [c for c in frame.columns if c not in SITE_COLUMNS]
    if extra:
        raise ValueError(f"{args.file}: unknown column(s) {extra}; expected {SITE_COLUMNS}")
    return _merge(args.case_obj, frame.fillna("").astype(str), args.file)


def run_export(args) -> int:
    sites = args.case_obj.gazetteer.sites
    table = gpd.GeoDataFrame(_table(sites), geometry=sites.geometry.values, crs=sites.crs)
    path = write_table(table, args.out, args.fmt, layer="sites")
    print(f"{len(sites)} sites -> {path}")
    return 0
