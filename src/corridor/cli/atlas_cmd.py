"""``corridor atlas [--case DIR] --out DIR``: write the maps of a case as HTML, with an index.

The pages come from the case: its sites and the sightings of its store (or its seed sightings when
it has no store yet), its routes and one animated page per scenario.

Pages are self-contained by default: their scripts, stylesheets and basemap are inside each file,
taken from installed packages, so they open with no network. ``--assets-dir`` copies the scripts
and stylesheets into a folder beside the pages instead; ``--cdn`` links them from CDNs (smaller
pages that need the network). ``--tiles`` adds a web tile layer over the offline basemap.
``--check`` then opens every page in headless Chromium with the network blocked (web tiles that
cannot load are not counted as errors), prints what each drew, saves a screenshot beside the pages
(``screenshots/``) and fails on any page that logs an error, draws nothing, or draws other numbers
than its page expects. It also runs axe-core on every page (the index too) and fails on a violation
of impact serious or critical, and opens each map at phone size (390 x 844 px, second screenshot
``<page>-phone.png``), failing when the page is wider than the screen or the map shows on less than
60% of it with the panels closed.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path


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
    p.add_argument(
        "--store", metavar="PATH|URL",
        help="take sightings, claims and sources from this store (default: the case's store when "
        "it exists, else the case's seed tables)",
    )  # fmt: skip
    p.add_argument(
        "--notebooks", metavar="DIR",
        help="export the executed notebooks (*.ipynb) in DIR to HTML and link them from the index",
    )  # fmt: skip
    p.add_argument("--title", help="title of the atlas (default: the case's title)")
    p.add_argument(
        "--check",
        action="store_true",
        help="open every page in headless Chromium, offline, and fail on errors or empty maps",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from corridor.maps.atlas import atlas_pages, build_atlas, case_data

    case = args.case_obj
    mode = "cdn" if args.cdn else "assets" if args.assets_dir else "offline"
    assets = None if args.assets_dir is None else Path(args.out) / args.assets_dir
    store = None
    if args.store:
        from corridor.store import open_store

        store = open_store(args.store, case=case, create=False)
    data = case_data(case, store)
    if args.title:
        data = replace(data, title=args.title)
    notebooks = None
    if args.notebooks:
        notebooks = sorted(Path(args.notebooks).glob("*.ipynb"))
        if not notebooks:
            raise FileNotFoundError(f"--notebooks {args.notebooks}: no .ipynb files there")
    written = build_atlas(
        args.out, mode=mode, assets_dir=assets, tiles=args.tiles, data=data, notebooks=notebooks,
        case=case,
    )  # fmt: skip
    for path in written:
        print(path)
    if not args.check:
        return 0
    pages = atlas_pages(lambda: data, case=case)
    failed = check(Path(args.out), pages, tiles=args.tiles)
    if not failed:  # the screenshots become the index's thumbnails
        from corridor.maps.atlas import write_index
        from corridor.maps.index import notebook_links

        out = Path(args.out)
        links = notebook_links(notebooks) if notebooks else None
        write_index(out, pages, data, links, out / "screenshots")
    return failed


def check(out: Path, pages, tiles: str | None = None) -> int:
    """Open each atlas page offline in Chromium (:func:`corridor.maps.check.check_atlas`); print
    what each drew (stdout) and its problems (stderr); 1 if any page fails."""
    from corridor.maps.check import axe_missing, check_atlas

    missing = axe_missing()
    if missing:
        print(f"accessibility not checked: {missing}", file=sys.stderr)
    failed = 0
    for page in check_atlas(out, pages, tiles=tiles):
        if page.map_share is not None:
            print(f"{page.path}: {', '.join(f'{k} {v}' for k, v in page.drawn.items())}; "
                  f"phone: map on {page.map_share:.0%} of the screen")  # fmt: skip
        for problem in page.problems:
            print(f"{page.path}: {problem}", file=sys.stderr)
        failed += bool(page.problems)
    return 1 if failed else 0
