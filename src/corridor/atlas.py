"""The atlas: every map of the project written as HTML pages with an index.

Each page is a :class:`Page` in :data:`PAGES`: a slug (the file name), a title, a one-line
description and a function that builds the folium map from the packaged data.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import folium


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    description: str
    build: Callable[[], folium.Map]


def _sites_and_sightings() -> folium.Map:
    from corridor.gazetteer import Gazetteer
    from corridor.maps import sites_and_sightings_map
    from corridor.sightings import load_sightings

    return sites_and_sightings_map(Gazetteer.default().sites, load_sightings())


PAGES: list[Page] = [
    Page(
        "sites_and_sightings",
        "Sites and sightings",
        "Gazetteer sites of the corridor by kind, and the seed sightings by confidence.",
        _sites_and_sightings,
    ),
]


def write_index(out_dir: Path, pages: list[Page]) -> Path:
    """Write ``index.html`` linking every page with its description."""
    items = "\n".join(
        f'<li><a href="{html.escape(p.slug)}.html">{html.escape(p.title)}</a>'
        f"<br><small>{html.escape(p.description)}</small></li>"
        for p in pages
    )
    index = out_dir / "index.html"
    index.write_text(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>corridor atlas</title></head>\n'
        f"<body><h1>corridor atlas</h1>\n<ul>\n{items}\n</ul>\n</body></html>\n",
        encoding="utf-8",
    )
    return index


def build_atlas(out_dir: str | Path, pages: list[Page] | None = None) -> list[Path]:
    """Build every page into ``out_dir`` and write the index; return the written paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = PAGES if pages is None else pages
    written = []
    for page in pages:
        path = out_dir / f"{page.slug}.html"
        page.build().save(str(path))
        written.append(path)
    written.append(write_index(out_dir, pages))
    return written
