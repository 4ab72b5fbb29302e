"""``corridor sources list|add|import|export``: the case's sources (its ``sources.csv``).

Sources are the publications and originators sightings and claims cite. They are validated
(every problem at once, with file, row and field) before the case's table is rewritten
(atomically); a source whose id is already in the case is updated.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from corridor.cli._output import print_table, write_table
from corridor.evidence.sightings import SOURCE_COLUMNS
from corridor.evidence.sources import validate_sources
from corridor.reading import read_table
from corridor.validation import ValidationError


def register(sub) -> None:
    p = sub.add_parser("sources", help="list, add, import and export the case's sources")
    cmds = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    ls = cmds.add_parser("list", help="the case's sources")
    ls.add_argument("--format", choices=["table", "csv", "json"], default="table")
    ls.set_defaults(func=run_list)

    add = cmds.add_parser("add", help="add or update one source, field by field")
    for column in SOURCE_COLUMNS:
        add.add_argument(f"--{column.replace('_', '-')}", dest=column, metavar="VALUE", default="")
    add.set_defaults(func=run_add)

    imp = cmds.add_parser("import", help="add or update the sources of a CSV")
    imp.add_argument("file", metavar="FILE")
    imp.set_defaults(func=run_import)

    exp = cmds.add_parser("export", help="write the case's sources to CSV")
    exp.add_argument("--out", required=True, metavar="PATH")
    exp.set_defaults(func=run_export)


def run_list(args) -> int:
    print_table(args.case_obj.sources.reset_index(drop=True)[SOURCE_COLUMNS], args.format)
    return 0


def _merge(case, frame, origin: str) -> int:
    problems = validate_sources(frame, origin)
    if problems:
        raise ValidationError(problems)
    added, updated, unchanged = case.merge_table("sources.csv", frame, "source_id", SOURCE_COLUMNS)
    print(f"{origin}: {len(added)} added, {len(updated)} updated, {len(unchanged)} unchanged "
          f"in {case.root / 'sources.csv'}")  # fmt: skip
    return 0


def run_add(args) -> int:
    row = {c: getattr(args, c) for c in SOURCE_COLUMNS}
    return _merge(args.case_obj, pd.DataFrame([row], dtype=str), "corridor sources add")


def run_import(args) -> int:
    frame = read_table(Path(args.file)).fillna("").astype(str)
    return _merge(args.case_obj, frame, args.file)


def run_export(args) -> int:
    sources = args.case_obj.sources.reset_index(drop=True)[SOURCE_COLUMNS]
    path = write_table(sources, args.out, "csv", layer="sources")
    print(f"{len(sources)} sources -> {path}")
    return 0
