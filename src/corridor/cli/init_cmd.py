"""``corridor init DIR [--title TEXT]``: write a new case folder's skeleton."""

from __future__ import annotations

from corridor.escape import terminal


def register(sub) -> None:
    p = sub.add_parser(
        "init",
        help="write a new case folder: corridor.toml, empty tables, a README of the columns",
        description="Write a case skeleton into DIR; refuses a folder that already holds a case.",
    )
    p.add_argument("folder", metavar="DIR", help="folder of the new case (created if needed)")
    p.add_argument("--title", help="title of the case (default: from the folder's name)")
    p.set_defaults(func=run, needs_case=False)


def run(args) -> int:
    from corridor.case import init_case

    case = init_case(args.folder, args.title)
    print(terminal(f"new case {case.title!r} in {case.root}"))
    for path in sorted(case.root.rglob("*")):
        print(terminal(f"  {path.relative_to(case.root)}{'/' if path.is_dir() else ''}"))
    return 0
