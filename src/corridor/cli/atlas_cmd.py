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
    from dataclasses import replace

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


def _tile_prefix(tiles: str) -> str:
    """The part of a tile URL before its first placeholder (``{z}``...)."""
    import folium

    return folium.TileLayer(tiles, attr="-").tiles.split("{")[0]


def check(out: Path, pages, tiles: str | None = None) -> int:
    """Open each atlas page offline in Chromium; print its counts; 1 if any page fails.

    A map page fails on a console error, on drawing nothing, or on other numbers than it
    expects; an HTML page (claims, dossiers, changes) on a console error. With ``tiles``, the web
    tiles cannot load offline: failures to fetch them are not errors.
    """
    import sys

    from corridor.testing import accessibility
    from corridor.testing.browser import Chromium

    try:
        accessibility.axe_source()
        axe = accessibility.axe_probe
    except ImportError as exc:
        print(f"accessibility not checked: {exc}", file=sys.stderr)
        axe = None
    failed = 0
    with Chromium(offline=True) as browser:
        if axe is not None and (out / "index.html").is_file():
            index = browser.check(out / "index.html", wait_ms=0, probe=axe)
            for problem in map(str, accessibility.blocking(index.value)):
                print(f"{out / 'index.html'}: {problem}", file=sys.stderr)
            failed += bool(accessibility.blocking(index.value))
        for page in pages:
            path = out / f"{page.slug}.html"
            shots = out / "screenshots"
            report = browser.check(
                path, wait_ms=1000, screenshot=shots / f"{page.slug}.png", probe=axe
            )
            phone = accessibility.phone_layout(browser, path, shots / f"{page.slug}-phone.png")
            drawn = {k: v for k, v in report.counts.items() if v}
            expected = page.expect() if page.expect else {}
            wrong = {
                k: (report.counts.get(k), v)
                for k, v in expected.items()
                if report.counts.get(k) != v
            }
            skip = _tile_prefix(tiles) if tiles else None
            errors = [e for e in report.errors if not (skip and skip in e)]
            problems = errors + [
                f"{k}: drew {got}, expected {want}" for k, (got, want) in wrong.items()
            ]
            problems += [str(v) for v in accessibility.blocking(report.value or [])]
            is_map = "L.map(" in path.read_text(encoding="utf-8")
            if is_map:
                problems += phone.problems
            elif phone.page_width > phone.width:
                problems += phone.problems[:1]
            if is_map and not (drawn.get("markers") or drawn.get("circle_markers")
                               or drawn.get("lines") or drawn.get("clustered")):  # fmt: skip
                problems.append("no markers, circles or lines drawn")
            print(f"{path}: {', '.join(f'{k} {v}' for k, v in drawn.items())}; "
                  f"phone: map on {phone.map_share:.0%} of the screen")  # fmt: skip
            for problem in problems:
                print(f"{path}: {problem}", file=sys.stderr)
            failed += bool(problems)
    return 1 if failed else 0
