"""The atlas index: case title, as-of date, counts, a card per page with a thumbnail, and notebooks.

Thumbnails are the pages' SVG previews (drawn from the same data as the page, so the index is the
same for the same data), or, when given, screenshots from the browser check embedded as PNG. The
executed notebooks are exported to HTML with nbconvert (no network needed) beside the pages and
linked from the index.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from corridor.maps.html import document, esc
from corridor.maps.offline import OfflineAssetError, inline

#: Folder (inside the atlas folder) of the notebooks exported as HTML.
NOTEBOOK_DIR = "notebooks"


def _thumbnail(page, screenshots: Path | None) -> str:
    shot = screenshots / f"{page.slug}.png" if screenshots else None
    if shot is not None and shot.is_file():
        data = base64.b64encode(shot.read_bytes()).decode("ascii")
        return f'<img alt="" src="data:image/png;base64,{data}">'
    if page.preview is not None:  # decorative: the link around it carries the page's name
        return page.preview().replace(' role="img"', ' aria-hidden="true" focusable="false"', 1)
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 260 160" aria-hidden="true"><rect width="260" height="160" fill="#f2efe9"/></svg>'  # fmt: skip


def index_html(pages: list, title: str = "corridor atlas", facts: list[str] | None = None,
               notebooks: list[tuple[str, str]] | None = None,
               screenshots: Path | None = None) -> str:  # fmt: skip
    """HTML of the index.

    Parameters
    ----------
    pages : list of Page
        Pages to list, with their title, description and preview.
    title : str
        The case's title.
    facts : list of str, optional
        Lines under the title (as-of date, counts).
    notebooks : list of (title, href), optional
        Executed notebooks exported as HTML.
    screenshots : path, optional
        Folder of ``<slug>.png`` screenshots to use as thumbnails instead of the previews.
    """
    cards = "\n".join(
        f'<div class="card"><a href="{esc(p.slug)}.html" aria-label="{esc(p.title)} (preview)">'
        f"{_thumbnail(p, screenshots)}</a>"
        f'<h3><a href="{esc(p.slug)}.html">{esc(p.title)}</a></h3>'
        f'<div class="small">{esc(p.description)}</div></div>'
        for p in pages
    )
    body = [f'<p class="sub">{esc(line)}</p>' for line in facts or []]
    body.append("<p>Every page works offline: its scripts, styles and basemap are inside the file.</p>")  # fmt: skip
    body.append(f'<h2>Pages</h2>\n<div class="cards">\n{cards}\n</div>')
    if notebooks:
        items = "\n".join(f'<li><a href="{esc(href)}">{esc(name)}</a></li>' for name, href in notebooks)
        body.append(f"<h2>Notebooks (executed)</h2>\n<ul>\n{items}\n</ul>")
    return document(title, "\n".join(body)).replace(
        '<nav class="small"><a href="index.html">Atlas index</a></nav>\n', ""
    )


def export_notebooks(notebooks: list[Path], out_dir: Path) -> list[tuple[str, str]]:
    """Export executed notebooks to HTML under ``out_dir/notebooks``; return (title, href) pairs.

    The title is the notebook's first Markdown heading, else its file name. Uses nbconvert's
    HTML exporter with images embedded; it needs no network.
    """
    try:
        import nbformat
        from nbconvert import HTMLExporter
    except ImportError as exc:  # pragma: no cover - nbconvert comes with the notebooks extra
        raise ImportError("exporting notebooks needs nbconvert: pip install 'corridor[notebooks]'") from exc  # fmt: skip
    target = Path(out_dir) / NOTEBOOK_DIR
    target.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    for path in sorted(Path(p) for p in notebooks):
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        (target / f"{path.stem}.html").write_text(offline_notebook(body), encoding="utf-8", newline="\n")
    return notebook_links(notebooks)


_CDN_SCRIPT = re.compile(r'<script src="https://cdnjs\.cloudflare\.com/ajax/libs/(require\.js|mathjax)/[^"]*"[^>]*>\s*</script>\s*')  # fmt: skip
_SRCDOC = re.compile(r"""srcdoc=(?:"([^"]*)"|'([^']*)')""")


def offline_notebook(page: str) -> str:
    """An exported notebook that opens with no network: nbconvert's links to require.js and
    MathJax dropped (the notebooks use neither), and the scripts of each map output (an iframe's
    ``srcdoc``) embedded from installed packages by :func:`corridor.maps.offline.inline`."""
    def embed(match: re.Match) -> str:
        try:
            doc = html.unescape(match.group(1) if match.group(1) is not None else match.group(2))
            return f'srcdoc="{html.escape(inline(doc), quote=True)}"'
        except OfflineAssetError:  # left linked: it needs the network to show
            return match.group(0)

    return _SRCDOC.sub(embed, _CDN_SCRIPT.sub("", page))


def notebook_links(notebooks: list[Path]) -> list[tuple[str, str]]:
    """(title, href) of each notebook as :func:`export_notebooks` writes it, in file-name order."""
    import nbformat

    return [(_notebook_title(nbformat.read(p, as_version=4), p), f"{NOTEBOOK_DIR}/{p.stem}.html")
            for p in sorted(Path(p) for p in notebooks)]  # fmt: skip


def _notebook_title(nb, path: Path) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem
