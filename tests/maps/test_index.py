import re

import nbformat

from corridor.maps.atlas import Page
from corridor.maps.index import export_notebooks, index_html


def notebook(path, title, output):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\nText."),
                nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
                    "execute_result", data={"text/plain": output}, execution_count=1)])]  # fmt: skip
    nbformat.write(nb, path)
    return path


def test_executed_notebooks_are_exported_to_html_with_their_outputs(tmp_path):
    paths = [notebook(tmp_path / "02_b.ipynb", "Second <one>", "4242"),
             notebook(tmp_path / "01_a.ipynb", "First", "1717")]  # fmt: skip
    links = export_notebooks(paths, tmp_path / "atlas")
    assert links == [("First", "notebooks/01_a.html"), ("Second <one>", "notebooks/02_b.html")]
    assert "1717" in (tmp_path / "atlas/notebooks/01_a.html").read_text()
    assert "4242" in (tmp_path / "atlas/notebooks/02_b.html").read_text()


def test_index_has_a_card_with_a_thumbnail_per_page_and_links_the_notebooks(tmp_path):
    pages = [Page("one", "One", "first <page>", str, preview=lambda: '<svg id="p1"></svg>'),
             Page("two", "Two", "second", str)]  # fmt: skip
    html = index_html(pages, "Case <x>", ["Data as of 2020-01-02: 3 sightings"],
                      [("Second <one>", "notebooks/02_b.html")])  # fmt: skip
    assert html.count('<div class="card">') == 2
    assert '<a href="one.html" aria-label="One (preview)"><svg id="p1"></svg></a>' in html
    assert '<a href="two.html" aria-label="Two (preview)"><svg xmlns="http://www.w3.org/2000/svg"' in html  # blank
    assert "<title>Case &lt;x&gt;</title>" in html and "first &lt;page&gt;" in html
    assert "Data as of 2020-01-02: 3 sightings" in html
    assert '<li><a href="notebooks/02_b.html">Second &lt;one&gt;</a></li>' in html


def test_screenshots_replace_previews_when_given(tmp_path):
    (tmp_path / "one.png").write_bytes(b"\x89PNG fake")
    pages = [Page("one", "One", "d", str, preview=lambda: "<svg></svg>")]
    html = index_html(pages, screenshots=tmp_path)
    assert '<img alt="" src="data:image/png;base64,iVBORyBmYWtl">' in html and "<svg></svg>" not in html


def test_exported_notebooks_need_no_network(tmp_path):
    import html

    page = '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script><p>map</p>'
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("m", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": f'<iframe srcdoc="{html.escape(page)}"></iframe>'})])]  # fmt: skip
    nbformat.write(nb, tmp_path / "map.ipynb")
    export_notebooks([tmp_path / "map.ipynb"], tmp_path)
    out = (tmp_path / "notebooks" / "map.html").read_text()
    assert "cdn.jsdelivr.net" not in out and not re.search(r"<script src=\"https?:", out)
    assert "srcdoc=" in out and 'version=&quot;1.9.3&quot;' in out  # Leaflet embedded in the frame
