"""The atlas: the maps of a case written as HTML pages with an index.

Each page is a :class:`Page` (:func:`case_pages`): a slug (the file name), a title, a one-line
description and a function that builds the folium map from the case's data. Pages are written
self-contained by default (every script and stylesheet embedded from installed packages, see
:mod:`corridor.maps.offline`), so they open with no network; the same data gives byte-identical files.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd

#: How pages get their JavaScript and CSS: embedded, copied beside them, or linked from CDNs.
MODES = ("offline", "assets", "cdn")


@dataclass(frozen=True)
class Page:
    """One map of the atlas.

    ``expect``, if given, returns the numbers of things the page must draw (keys of
    :attr:`corridor.testing.browser.PageReport.counts`, e.g. ``markers``, ``circle_markers``, ``lines``),
    computed from the data; the browser tests check them exactly.
    """

    slug: str
    title: str
    description: str
    build: Callable[[], folium.Map]
    expect: Callable[[], dict] | None = None


def evidence(case, store=None) -> gpd.GeoDataFrame:
    """The sightings a case's pages draw: those of ``store`` (or of the case's store when it
    exists) as they are now, else the case's seed sightings."""
    if store is None:
        from corridor.store import default_path

        path = default_path(case)
        if path.is_file():
            from corridor.store import open_store

            store = open_store(path, case=case)
    return store.sightings() if store is not None else case.sightings()


def case_pages(case=None, store=None) -> list[Page]:
    """The pages of a case: its sites and sightings, its routes (``routes.csv``) and one page per
    scenario (``scenarios/*.toml``). Titles and descriptions come from the case."""
    from corridor.case import current_case
    from corridor.maps.animation import case_routes_map, scenario_map
    from corridor.maps.layers import sites_and_sightings_map

    case = case or current_case()
    sightings = functools.cache(lambda: evidence(case, store))

    def sites_and_sightings() -> folium.Map:
        return sites_and_sightings_map(case.gazetteer.sites, sightings())

    def sites_and_sightings_expect() -> dict:
        drawn = sightings().geometry.notna() & ~sightings().geometry.is_empty
        return {
            "markers": len(case.gazetteer.sites),
            "circle_markers": int(drawn.sum()),
            "lines": 0,
            "layer_controls": 1,
            "scales": 1,
        }

    pages = [
        Page(
            "sites_and_sightings",
            "Sites and sightings",
            f"{case.title}: the case's sites by kind, and its sightings by confidence.",
            sites_and_sightings,
            sites_and_sightings_expect,
        )
    ]
    if case.table("routes.csv") is not None:
        from corridor.transport.plans import load_routes

        routes = functools.cache(case.routes)
        names = dict.fromkeys(load_routes(case.table("routes.csv"))["route"])
        pages.append(
            Page(
                "routes",
                "Routes",
                "The case's routes by mode: " + "; ".join(names) + ".",
                lambda: case_routes_map(case),
                lambda: {"lines": len(routes()), "layer_controls": 1},
            )
        )
    for name, scenario in case.scenarios().items():
        pages.append(
            Page(
                name,
                scenario.title,
                scenario.description,
                lambda scenario=scenario: scenario_map(scenario, sightings(), case),
            )
        )
    return pages


def write_index(out_dir: Path, pages: list[Page], title: str | None = None) -> Path:
    """Write ``index.html`` linking every page with its description, under the case's title."""
    items = "\n".join(
        f'<li><a href="{html.escape(p.slug)}.html">{html.escape(p.title)}</a>'
        f"<br><small>{html.escape(p.description)}</small></li>"
        for p in pages
    )
    index = out_dir / "index.html"
    heading = html.escape(title or "corridor atlas")
    index.write_text(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{heading}</title>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em}"
        "li{margin-bottom:.8em}</style></head>\n"
        f"<body><main><h1>{heading}</h1>\n"
        "<p>Maps of the corridor. Every page works offline: its scripts, styles and basemap are "
        "inside the file.</p>\n"
        f"<ul>\n{items}\n</ul>\n</main></body></html>\n",
        encoding="utf-8",
    )
    return index


def render_page(
    page: Page,
    mode: str = "offline",
    out_dir: str | Path = ".",
    assets_dir: str | Path | None = None,
    tiles: str | None = None,
) -> str:
    """HTML of one page.

    Parameters
    ----------
    page : Page
        The page to build.
    mode : {"offline", "assets", "cdn"}
        ``offline`` embeds every script and stylesheet; ``assets`` copies them into
        ``assets_dir`` and links them; ``cdn`` links folium's CDN copies.
    out_dir : path
        Folder the page is written to (links to ``assets_dir`` are relative to it).
    assets_dir : path, optional
        Folder for the ``assets`` mode.
    tiles : str, optional
        A web tile layer (folium name such as ``OpenStreetMap``, or a URL template) added to the
        map; it needs the network when the page is opened.
    """
    from corridor.maps import offline
    from corridor.maps.layers import reset_ids

    if mode not in MODES:
        raise ValueError(f"mode {mode!r} is not one of {MODES}")
    if mode == "assets" and assets_dir is None:
        raise ValueError("the 'assets' mode needs an assets_dir")
    reset_ids()
    m = page.build()
    if tiles:
        attr = (
            None
            if "{" not in tiles
            else f"Tiles: {tiles.split('/')[2] if '//' in tiles else tiles}"
        )
        folium.TileLayer(tiles, name="Web tiles", attr=attr, overlay=False).add_to(m)
    text = m.get_root().render()
    if mode == "offline":
        return offline.inline(text)
    if mode == "assets":
        return offline.link_assets(text, out_dir, assets_dir)
    return text


def build_atlas(
    out_dir: str | Path,
    pages: list[Page] | None = None,
    mode: str = "offline",
    assets_dir: str | Path | None = None,
    tiles: str | None = None,
    case=None,
) -> list[Path]:
    """Build every page into ``out_dir`` and write the index; return the written paths.

    ``pages`` default to the pages of ``case`` (default: the current case), see :func:`case_pages`.

    See :func:`render_page` for ``mode``, ``assets_dir`` and ``tiles``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = case_pages(case) if pages is None else pages
    if mode == "assets" and assets_dir is None:
        assets_dir = out_dir / "assets"
    written = []
    for page in pages:
        path = out_dir / f"{page.slug}.html"
        text = render_page(page, mode, out_dir, assets_dir, tiles)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    if case is None:
        from corridor.case import current_case

        case = current_case()
    written.append(write_index(out_dir, pages, title=case.title))
    return written
