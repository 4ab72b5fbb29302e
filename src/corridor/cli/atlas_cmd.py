"""``corridor atlas --out DIR``: write every map of the atlas as HTML."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("atlas", help="write the HTML maps and their index")
    p.add_argument("--out", default="build/atlas", help="output folder (default: build/atlas)")
    p.set_defaults(func=run)


def run(args) -> int:
    from corridor.atlas import build_atlas

    for path in build_atlas(args.out):
        print(path)
    return 0
