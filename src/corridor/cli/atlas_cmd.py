"""``corridor atlas --out DIR``: write every map of the atlas as HTML, with an index.

Pages are self-contained by default: their scripts, stylesheets and basemap are inside each file,
taken from installed packages, so they open with no network. ``--assets-dir`` copies the scripts
and stylesheets into a folder beside the pages instead; ``--cdn`` links them from CDNs (smaller
pages that need the network). ``--tiles`` adds a web tile layer over the offline basemap.
"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("atlas", help="write the HTML maps and their index")
    p.add_argument("--out", default="build/atlas", help="output folder (default: build/atlas)")
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--cdn", action="store_true", help="link scripts and styles from CDNs (needs the network)"
    )
    how.add_argument(
        "--assets-dir",
        metavar="DIR",
        help="copy scripts and styles into DIR (relative to --out unless absolute) and link them",
    )
    p.add_argument(
        "--tiles",
        metavar="NAME_OR_URL",
        help="add a web tile layer (e.g. OpenStreetMap, or a URL template); needs the network",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from corridor.atlas import build_atlas

    mode = "cdn" if args.cdn else "assets" if args.assets_dir else "offline"
    assets = None if args.assets_dir is None else Path(args.out) / args.assets_dir
    for path in build_atlas(args.out, mode=mode, assets_dir=assets, tiles=args.tiles):
        print(path)
    return 0
