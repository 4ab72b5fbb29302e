"""Self-contained map pages: the JS and CSS a page links from CDNs, taken from installed packages.

A folium page links about twenty files from CDNs and is blank without the network. :func:`inline`
replaces every ``<script src>`` and stylesheet ``<link>`` of a rendered page with the content of the
same library from an installed ``xstatic-*`` package (images referenced by the CSS become data
URIs), so the page opens from disk on a machine with no network. :func:`link_assets` copies the
files into a folder beside the pages instead. The files are read from the installed packages when
the page is written; none of them is part of this project.

Assets folium links by default that corridor's maps do not use (Bootstrap, Font Awesome, the
awesome-markers plugin, and jQuery when no script calls it) are dropped. A page that does use one of
them without an installed copy is refused with :class:`OfflineAssetError` rather than written
half-working.
"""

from __future__ import annotations

import base64
import importlib
import mimetypes
import os
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

__all__ = ["Asset", "OfflineAssetError", "asset_for_url", "inline", "link_assets"]


class OfflineAssetError(ValueError):
    """A page needs a file that no installed package provides."""


@dataclass(frozen=True)
class Asset:
    """One file of an installed ``xstatic`` package.

    Parameters
    ----------
    package : str
        Module under ``xstatic.pkg`` (``leaflet``, ``leaflet_markercluster``, ``jquery``).
    file : str
        Path inside the package's ``BASE_DIR``.
    """

    package: str
    file: str

    @property
    def path(self) -> Path:
        module = importlib.import_module(f"xstatic.pkg.{self.package}")
        return Path(module.BASE_DIR) / self.file

    @property
    def version(self) -> str:
        return importlib.import_module(f"xstatic.pkg.{self.package}").VERSION

    @property
    def kind(self) -> str:
        return "css" if self.file.endswith(".css") else "js"


#: File name (last part of a CDN URL) -> installed copy.
_ASSETS = {
    "leaflet.js": Asset("leaflet", "leaflet.js"),
    "leaflet.css": Asset("leaflet", "leaflet.css"),
    "leaflet.markercluster.js": Asset("leaflet_markercluster", "leaflet.markercluster.js"),
    "leaflet.markercluster-src.js": Asset("leaflet_markercluster", "leaflet.markercluster.js"),
    "MarkerCluster.css": Asset("leaflet_markercluster", "MarkerCluster.css"),
    "MarkerCluster.Default.css": Asset("leaflet_markercluster", "MarkerCluster.Default.css"),
    "jquery.min.js": Asset("jquery", "jquery.min.js"),
}
_JQUERY = re.compile(r"^jquery(-\d+(\.\d+)*)?(\.min)?\.js$")
_AWESOME = r"\bL\.AwesomeMarkers\b"
#: Files folium links by default for its awesome-markers icons -> what in a page would use them.
_DROPPABLE = {
    "bootstrap.bundle.min.js": _AWESOME + r"|\bbootstrap\.|data-bs-",
    "bootstrap.min.css": _AWESOME + r"|class=\"[^\"]*\b(btn|container|row|col-)",
    "bootstrap-glyphicons.css": _AWESOME + r"|\bglyphicon-",
    "all.min.css": _AWESOME + r"|class=\"[^\"]*\bfa-",
    "leaflet.awesome-markers.js": _AWESOME,
    "leaflet.awesome-markers.css": _AWESOME,
    "leaflet.awesome.rotate.min.css": _AWESOME,
}
_TAG = re.compile(
    r'<script src="(?P<js>[^"]+)"></script>|<link rel="stylesheet" href="(?P<css>[^"]+)"\s*/?>'
)
_CSS_URL = re.compile(r"url\((?!['\"]?(?:data:|#))['\"]?([^'\")]+)['\"]?\)")
_SOURCE_MAP = re.compile(r"\n?/[/*]# sourceMappingURL=\S+(?: \*/)?\s*$")


def asset_for_url(url: str) -> Asset | None:
    """The installed copy of the library a CDN URL points to, or ``None`` if it can be dropped.

    Raises
    ------
    OfflineAssetError
        If no installed package provides the file.

    Examples
    --------
    >>> asset_for_url("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js").package
    'leaflet'
    >>> asset_for_url("https://code.jquery.com/jquery-3.7.1.min.js").file
    'jquery.min.js'
    """
    name = PurePosixPath(url.split("?")[0]).name
    if name in _ASSETS:
        return _ASSETS[name]
    if _JQUERY.match(name):
        return _ASSETS["jquery.min.js"]
    if name in _DROPPABLE:
        return None
    raise OfflineAssetError(
        f"{url}: no installed package provides {name!r}; offline pages can use "
        f"{', '.join(sorted(_ASSETS))} (from the xstatic-* packages), or build the page with --cdn"
    )


def _needed(url: str, page: str) -> Asset | None:
    """The asset to embed for ``url`` (``None``: drop it) given the rest of the ``page``."""
    asset = asset_for_url(url)
    name = PurePosixPath(url.split("?")[0]).name
    if asset is None:
        use = re.search(_DROPPABLE[name], page)
        if use:
            raise OfflineAssetError(
                f"{url}: the page uses it ({use.group(0)!r}, e.g. folium.Icon) and no installed "
                "package provides it; draw markers with corridor.maps.layers (DivIcon or CircleMarker) "
                "or build the page with --cdn"
            )
    elif asset.package == "jquery" and not re.search(r"\$\(|\bjQuery\b", page):
        return None
    return asset


@cache
def _text(asset: Asset) -> str:
    text = _SOURCE_MAP.sub("\n", asset.path.read_text(encoding="utf-8"))
    if asset.kind == "js":
        return text.replace("</script", "<\\/script")
    return text.replace("</style", "<\\/style")


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@cache
def _inline_css(asset: Asset) -> str:
    base = asset.path.parent
    return _CSS_URL.sub(lambda m: f'url("{_data_uri(base / m.group(1))}")', _text(asset))


def _replace(page: str, embed) -> str:
    rest = _TAG.sub("", page)  # what uses the files, without the links to them

    def one(match: re.Match) -> str:
        url = match.group("js") or match.group("css")
        if not re.match(r"^(https?:)?//", url):
            return match.group(0)
        asset = _needed(url, rest)
        return "" if asset is None else embed(asset)

    return _TAG.sub(one, page)


def inline(page: str) -> str:
    """Return ``page`` with every CDN script and stylesheet embedded from installed packages.

    Parameters
    ----------
    page : str
        A rendered HTML page (``folium.Map.get_root().render()``).

    Raises
    ------
    OfflineAssetError
        If the page links a file that no installed package provides.

    Examples
    --------
    >>> page = '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
    >>> out = inline(page)
    >>> out.startswith("<script>") and 'version="1.9.3"' in out and "cdn." not in out
    True
    """

    def embed(asset: Asset) -> str:
        if asset.kind == "css":
            return f"<style>\n{_inline_css(asset)}\n</style>"
        return f"<script>\n{_text(asset)}\n</script>"

    return _replace(page, embed)


def link_assets(page: str, page_dir: str | Path, assets_dir: str | Path) -> str:
    """Return ``page`` linking local copies of its CDN files, copied into ``assets_dir``.

    Files go to ``assets_dir/<package>/``, with the images their CSS refers to; links in the page
    are relative to ``page_dir`` (the folder the page is written to).
    """
    page_dir, assets_dir = Path(page_dir), Path(assets_dir)

    def embed(asset: Asset) -> str:
        target = assets_dir / asset.package / asset.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_text(asset), encoding="utf-8")
        if asset.kind == "css":
            for ref in _CSS_URL.findall(_text(asset)):
                (target.parent / ref).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(asset.path.parent / ref, target.parent / ref)
        href = Path(_relpath(target, page_dir)).as_posix()
        if asset.kind == "css":
            return f'<link rel="stylesheet" href="{href}"/>'
        return f'<script src="{href}"></script>'

    return _replace(page, embed)


def _relpath(target: Path, start: Path) -> str:
    return os.path.relpath(target.resolve(), start.resolve())
