"""The atlas: the maps and pages of a case written as HTML, with an index and a manifest.

Each page is a :class:`Page`: a slug (the file name), a title, a one-line description and a
function that builds it (a folium map, or an HTML string for the claims, dossiers and changes
pages) from an :class:`AtlasData` (sites, sightings, claims, sources of a case: its store as it is
now, else its seed tables), plus the case's routes and one page per scenario. The page list and
these two types live in :mod:`corridor.maps.pages`; :func:`case_pages` gives the list for a case.
Every function takes the case (``case=``).
Pages are written self-contained by default (every script and stylesheet embedded from installed
packages, see :mod:`corridor.maps.offline`), so they open with no network; the same data gives
byte-identical files. Each build writes ``manifest.json`` (see :mod:`corridor.evidence.changes`)
for the next build's changes page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache, partial
from pathlib import Path

import pandas as pd

from corridor._default_case import deprecated_default
from corridor._files import write_text
from corridor.evidence import changes as C
from corridor.maps import offline
from corridor.maps.index import export_notebooks, index_html
from corridor.maps.layers import add_tiles, reset_ids
from corridor.maps.pages import AtlasData, Page, pages
from corridor.store import default_path, open_store

__all__ = [
    "MODES", "AtlasData", "Page", "atlas_pages", "build_atlas", "case_data", "case_pages",
    "packaged_data", "render_page", "store_data", "write_index",
]  # fmt: skip

#: How pages get their JavaScript and CSS: embedded, copied beside them, or linked from CDNs.
MODES = ("offline", "assets", "cdn")


def case_data(case=None, store=None) -> AtlasData:
    """What a case's pages show: its sites, and the sightings, claims and sources of ``store``
    (default: the case's store when it exists) as they are now, else its seed tables. Leaving
    ``case`` out is deprecated (it takes the default case)."""
    if case is None:
        case = deprecated_default("case_data()", "case=")
    if store is None:
        path = default_path(case)
        if isinstance(path, Path) and path.is_file():
            store = open_store(path, case=case, create=False)
    if store is not None:
        return AtlasData(store.gazetteer.sites, store.sightings(), store.claims(),
                         store.sources(), case.title)  # fmt: skip
    return AtlasData(case.gazetteer.sites, case.sightings(), case.claims(), case.sources, case.title)


def packaged_data() -> AtlasData:
    """Deprecated: the default case's data. Use ``case_data(case)``."""
    return case_data(deprecated_default("packaged_data()", "", use="case_data(case)"))


def store_data(path: str | Path, title: str | None = None, case=None) -> AtlasData:
    """Sites of ``case`` and the sightings, claims and sources of the store at ``path``. Leaving
    ``case`` out is deprecated (it takes the default case)."""
    if case is None:
        case = deprecated_default("store_data()", "case=")
    data = case_data(case, open_store(path, case=case, create=False))
    return replace(data, title=title) if title else data


def atlas_pages(data: Callable[[], AtlasData] | None = None,
                changes: Callable[[], tuple[pd.DataFrame, str]] | None = None,
                case=None) -> list[Page]:  # fmt: skip
    """The atlas's pages over ``data`` (called when a page is built; default: the case's data,
    :func:`case_data`), with the routes and scenarios of ``case``.

    ``changes`` returns the table of :func:`corridor.evidence.changes.compare` and what it compares
    with; without it the changes page compares with no earlier build (everything is added).
    Leaving ``case`` out is deprecated (it takes the default case).
    """
    if case is None:
        case = deprecated_default("atlas_pages()", "case=")
    if data is None:
        data = cache(partial(case_data, case))
    if changes is None:
        changes = partial(_changes_since_nothing, data)
    return pages(data, changes, case)


def case_pages(case=None, store=None) -> list[Page]:
    """The pages of a case over its data (:func:`case_data`), read once when first built.
    Leaving ``case`` out is deprecated (it takes the default case)."""
    if case is None:
        case = deprecated_default("case_pages()", "case=")
    return atlas_pages(cache(lambda: case_data(case, store)), case=case)


def _changes_since_nothing(data: Callable[[], AtlasData]) -> tuple[pd.DataFrame, str]:
    d = data()
    return C.compare({}, C.snapshot(d.sightings, d.claims)), "no earlier build"


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


def write_index(out_dir: Path, pages: list[Page], data: AtlasData | None = None,
                notebooks: list[tuple[str, str]] | None = None,
                screenshots: Path | None = None) -> Path:  # fmt: skip
    """Write ``index.html``: the case title, as-of date and counts, a card per page (thumbnails:
    ``screenshots/<slug>.png`` if given, else the pages' SVG previews), the notebooks."""
    title = data.title if data is not None else "corridor atlas"
    index = Path(out_dir) / "index.html"
    text = index_html(pages, title, data.facts() if data is not None else None, notebooks, screenshots)
    write_text(index, text)
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
    if mode not in MODES:
        raise ValueError(f"mode {mode!r} is not one of {MODES}")
    if mode == "assets" and assets_dir is None:
        raise ValueError("the 'assets' mode needs an assets_dir")
    reset_ids()
    m = page.build()
    if isinstance(m, str):
        return m
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
    data: AtlasData | None = None,
    notebooks: list[Path] | None = None,
    case=None,
) -> list[Path]:
    """Build every page into ``out_dir``, write the index and the manifest; return the paths.

    See :func:`render_page` for ``mode``, ``assets_dir`` and ``tiles``. ``data`` is what the
    pages show (default: the case's, :func:`case_data`); with the default pages, the changes page
    compares it with the manifest of the previous build in ``out_dir`` (see
    :mod:`corridor.evidence.changes`), and a new ``manifest.json`` is written for the next build.
    ``notebooks`` are executed notebooks to export as HTML and link from the index. ``case``
    gives the data and the routes and scenarios pages; leaving it out is deprecated (it takes the
    default case).
    """
    out_dir = _folder(out_dir)
    if case is None:
        case = deprecated_default("build_atlas()", "case=")
    data = data if data is not None else case_data(case)
    current = C.snapshot(data.sightings, data.claims)
    previous = C.read_manifest(out_dir) if (out_dir / C.MANIFEST).is_file() else None
    man = C.manifest(current, previous)
    since = "the previous atlas build" if man["baseline"] is not None else "no earlier build"
    table = C.compare(man["baseline"] or {}, current)
    if pages is None:
        pages = atlas_pages(lambda: data, lambda: (table, since), case)
    if mode == "assets" and assets_dir is None:
        assets_dir = out_dir / "assets"
    written = []
    for page in pages:
        path = out_dir / f"{page.slug}.html"
        text = render_page(page, mode, out_dir, assets_dir, tiles)
        write_text(path, text)
        written.append(path)
    exported = export_notebooks(notebooks, out_dir) if notebooks else None
    written.append(write_index(out_dir, pages, data, exported))
    written.append(C.write_manifest(out_dir / C.MANIFEST, man))
    return written
