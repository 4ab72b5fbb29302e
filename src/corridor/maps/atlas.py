"""The atlas: every map of the project written as HTML pages with an index.

Each page is a :class:`Page` in :data:`PAGES`: a slug (the file name), a title, a one-line
description and a function that builds the folium map from the packaged data. Pages are written
self-contained by default (every script and stylesheet embedded from installed packages, see
:mod:`corridor.maps.offline`), so they open with no network; the same data gives byte-identical files.
Each file is written atomically (a temporary file renamed over it once complete), so an
interrupted build leaves whole pages only.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import folium

from corridor._files import write_text

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


def _sites_and_sightings() -> folium.Map:
    from corridor.evidence.sightings import load_sightings
    from corridor.maps.layers import sites_and_sightings_map
    from corridor.places.gazetteer import Gazetteer

    return sites_and_sightings_map(Gazetteer.default().sites, load_sightings())


def _sites_and_sightings_expect() -> dict:
    from corridor.evidence.sightings import load_sightings
    from corridor.places.gazetteer import Gazetteer

    sightings = load_sightings()
    drawn = sightings.geometry.notna() & ~sightings.geometry.is_empty
    return {
        "markers": len(Gazetteer.default().sites),
        "circle_markers": int(drawn.sum()),
        "lines": 0,
        "layer_controls": 1,
        "scales": 1,
    }


def _routes() -> folium.Map:
    from corridor.maps.animation import corridor_routes_map

    return corridor_routes_map()


def _transfer_2024() -> folium.Map:
    from corridor.maps.animation import transfer_2024_map

    return transfer_2024_map()


PAGES: list[Page] = [
    Page(
        "sites_and_sightings",
        "Sites and sightings",
        "Gazetteer sites of the corridor by kind, and the seed sightings by confidence.",
        _sites_and_sightings,
        _sites_and_sightings_expect,
    ),
    Page(
        "routes",
        "Sea, air and rail routes",
        "Sea legs from North Korean ports to Dunai and Vladivostok, Il-76 legs with refuelling "
        "stops, and the rail route from Rajin to Kursk.",
        _routes,
    ),
    Page(
        "transfer_2024",
        "Autumn 2024 transfer (animated scenario)",
        "A modelled landing-ship shuttle, Il-76 flights and troop trains timed by their speeds, "
        "with the sightings on their dates; press Play.",
        _transfer_2024,
    ),
]


def _folder(out_dir) -> Path:
    """``out_dir``, created if needed; one-line ``ValueError`` where a file is in the way."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"{out_dir} is a file; the atlas needs a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ValueError(f"{out_dir}: a part of its path is a file, not a folder") from None
    return out_dir


def write_index(out_dir: Path, pages: list[Page]) -> Path:
    """Write ``index.html`` linking every page with its description."""
    items = "\n".join(
        f'<li><a href="{html.escape(p.slug)}.html">{html.escape(p.title)}</a>'
        f"<br><small>{html.escape(p.description)}</small></li>"
        for p in pages
    )
    index = out_dir / "index.html"
    write_text(
        index,
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>corridor atlas</title>\n'
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto}"
        "li{margin-bottom:.8em}</style></head>\n"
        "<body><h1>corridor atlas</h1>\n"
        "<p>Maps of the corridor. Every page works offline: its scripts, styles and basemap are "
        "inside the file.</p>\n"
        f"<ul>\n{items}\n</ul>\n</body></html>\n",
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
    from corridor.maps.layers import add_tiles, reset_ids

    if mode not in MODES:
        raise ValueError(f"mode {mode!r} is not one of {MODES}")
    if mode == "assets" and assets_dir is None:
        raise ValueError("the 'assets' mode needs an assets_dir")
    reset_ids()
    m = page.build()
    if tiles:
        add_tiles(m, tiles)
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
) -> list[Path]:
    """Build every page into ``out_dir`` and write the index; return the written paths.

    See :func:`render_page` for ``mode``, ``assets_dir`` and ``tiles``.
    """
    out_dir = _folder(out_dir)
    pages = PAGES if pages is None else pages
    if mode == "assets" and assets_dir is None:
        assets_dir = out_dir / "assets"
    written = []
    for page in pages:
        path = out_dir / f"{page.slug}.html"
        text = render_page(page, mode, out_dir, assets_dir, tiles)
        write_text(path, text)
        written.append(path)
    written.append(write_index(out_dir, pages))
    return written
