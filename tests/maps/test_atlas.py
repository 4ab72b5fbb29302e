import html
import re

import pytest

from corridor.case import open_case
from corridor.cli import main
from corridor.maps.atlas import Page, build_atlas, case_pages, render_page
from corridor.maps.layers import add_title, new_map

EXAMPLE = open_case("dprk-russia")
PAGES = case_pages(EXAMPLE)
EXTERNAL = re.compile(r'<script src="(https?:)?//|<link rel="stylesheet" href="(https?:)?//')


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def test_two_builds_are_byte_identical(tmp_path):
    build_atlas(tmp_path / "a", case=EXAMPLE)
    build_atlas(tmp_path / "b", case=EXAMPLE)
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert sorted(a) == sorted(["index.html", "manifest.json", *(f"{p.slug}.html" for p in PAGES)])
    assert a == b


def test_rebuilding_the_same_data_in_place_changes_no_byte(tmp_path):
    build_atlas(tmp_path, case=EXAMPLE)
    first = files(tmp_path)
    build_atlas(tmp_path, case=EXAMPLE)
    assert files(tmp_path) == first


def test_index_shows_case_title_as_of_counts_and_a_thumbnail_per_page(tmp_path):
    from dataclasses import replace

    from corridor.maps.atlas import case_data

    data = replace(case_data(EXAMPLE), title="Case <Alpha>")
    build_atlas(tmp_path, data=data, case=EXAMPLE)
    index = (tmp_path / "index.html").read_text()
    assert "<title>Case &lt;Alpha&gt;</title>" in index
    assert f"Data as of {data.as_of}: {len(data.sightings)} sightings" in index
    assert f"{len(data.claims)} claims" in index
    assert index.count('<div class="card">') == len(PAGES)
    assert index.count("<svg") == len(PAGES)


def test_index_lists_every_page_with_its_description_escaped(tmp_path):
    odd = Page("odd", "A <b> title", "Says <script>alert(1)</script>", lambda: new_map())
    build_atlas(tmp_path, pages=[*PAGES, odd], case=EXAMPLE)
    index = (tmp_path / "index.html").read_text()
    for page in PAGES:
        assert f'<a href="{page.slug}.html">' in index and html.escape(page.description) in index
    assert "A &lt;b&gt; title" in index and "&lt;script&gt;alert(1)" in index
    assert "<script>alert" not in index


MAPS = [p for p in PAGES if p.slug not in ("claims", "dossiers", "changes")]


@pytest.mark.parametrize("page", PAGES, ids=[p.slug for p in PAGES])
def test_every_page_is_self_contained_by_default(page):
    html = render_page(page)
    assert not EXTERNAL.search(html)
    assert ("L.map(" in html) == (page in MAPS)
    assert "<script src=" not in html and '<link rel="stylesheet" href=' not in html


def test_cdn_and_assets_modes_link_instead_of_embedding(tmp_path):
    page = PAGES[0]
    assert EXTERNAL.search(render_page(page, "cdn"))
    html = render_page(page, "assets", tmp_path, tmp_path / "assets")
    assert '<script src="assets/leaflet/leaflet.js"></script>' in html
    assert (tmp_path / "assets/leaflet/leaflet.js").exists()
    with pytest.raises(ValueError, match="not one of"):
        render_page(page, "inline")


def test_web_tiles_only_with_the_option():
    page = Page("t", "T", "d", lambda: add_title(new_map(), "T")._parent)
    assert "L.tileLayer(" not in render_page(page)
    assert "tile.openstreetmap.org" in render_page(page, tiles="OpenStreetMap")


def test_cli_flags(tmp_path, capsys):
    assert main(["atlas", "--out", str(tmp_path / "o")]) == 0
    assert main(["atlas", "--out", str(tmp_path / "c"), "--cdn"]) == 0
    assert main(["atlas", "--out", str(tmp_path / "a"), "--assets-dir", "lib"]) == 0
    slug = PAGES[0].slug
    assert not EXTERNAL.search((tmp_path / "o" / f"{slug}.html").read_text())
    assert EXTERNAL.search((tmp_path / "c" / f"{slug}.html").read_text())
    assert (tmp_path / "a/lib/leaflet/leaflet.css").exists()
    assert str(tmp_path / "o" / "index.html") in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["atlas", "--cdn", "--assets-dir", "lib"])


@pytest.mark.browser
def test_atlas_check_passes_offline_pages_and_fails_cdn_ones(chromium, tmp_path, capsys):
    from corridor.cli import main

    assert main(["atlas", "--out", str(tmp_path / "offline"), "--check"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert f"sites_and_sightings.html: maps 1, markers {len(EXAMPLE.gazetteer)}," in out
    assert (tmp_path / "offline" / "screenshots" / "routes.png").stat().st_size > 10_000
    index = (tmp_path / "offline" / "index.html").read_text()
    assert index.count('<img alt="" src="data:image/png;base64,iVBORw0KGgo') == len(PAGES)
    assert (tmp_path / "offline" / "screenshots" / "routes-phone.png").stat().st_size > 10_000
    assert re.search(r"routes\.html: .*; phone: map on \d+% of the screen", out)
    assert main(["atlas", "--out", str(tmp_path / "cdn"), "--cdn", "--check"]) == 1
    assert "sites_and_sightings.html:" in capsys.readouterr().err


def test_out_that_is_a_file_is_one_line(tmp_path, capsys):
    blocker = tmp_path / "atlas.html"
    blocker.write_text("kept")
    assert main(["atlas", "--out", str(blocker)]) == 1
    assert capsys.readouterr().err == f"corridor atlas: error: {blocker} is a file; the atlas needs a folder\n"
    assert main(["atlas", "--out", str(blocker / "sub")]) == 1
    assert "a part of its path is a file, not a folder" in capsys.readouterr().err
    assert blocker.read_text() == "kept"


def test_pages_are_written_whole_with_no_temporary_files_left(tmp_path):
    written = build_atlas(tmp_path, pages=PAGES[:1], case=EXAMPLE)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)


def test_tiles_are_a_base_layer_listed_by_the_layer_control():
    page = PAGES[0]
    html = render_page(page, tiles="https://tiles.example.org/{z}/{x}/{y}.png")
    tile = html.index("L.tileLayer(")
    control = html.index("L.control.layers(")
    assert tile < control  # the control is built after the layer it lists
    assert '"Web tiles" : tile_layer_' in html
    assert '"attribution": "Tiles: tiles.example.org"' in html


@pytest.mark.browser
def test_tiles_page_draws_tiles_and_its_layer_control_in_the_browser(chromium, tmp_path):
    import matplotlib.image
    import numpy as np

    from corridor.testing.browser import Chromium

    matplotlib.image.imsave(tmp_path / "tile.png", np.full((256, 256, 3), 0.8))
    tiles = (tmp_path / "tile.png").as_uri() + "?{z}/{x}/{y}"  # a local tile server: one file
    page = tmp_path / "page.html"
    page.write_text(render_page(PAGES[0], tiles=tiles), encoding="utf-8")
    script = (
        "[document.querySelectorAll('.leaflet-tile-loaded').length,"
        " Array.from(document.querySelectorAll('.leaflet-control-layers label'))"
        ".map(function (l) { return l.textContent.trim(); })]"
    )
    with Chromium(offline=True) as browser:
        report = browser.check(page, wait_ms=1000, script=script)
    assert report.errors == []
    loaded, names = report.value
    assert loaded > 0
    assert names == ["Web tiles", "Sites", "Sightings"]
    assert report.counts["layer_controls"] == 1


def test_check_ignores_only_the_web_tiles_it_cannot_fetch_offline():
    from corridor.maps.check import tile_prefix

    assert tile_prefix("OpenStreetMap") == "https://tile.openstreetmap.org/"
    assert tile_prefix("https://tiles.example.org/{z}/{x}/{y}.png") == "https://tiles.example.org/"
@pytest.mark.browser
def test_atlas_check_fails_a_page_with_serious_accessibility_problems(chromium, tmp_path, capsys):
    from corridor.cli.atlas_cmd import check
    from corridor.maps.elements import RawHTML

    def unlabelled():
        m = PAGES[0].build()
        m.get_root().html.add_child(RawHTML('<input type="text" id="search">'))
        return m

    pages = [Page("unlabelled", "Unlabelled", "A text box with no label", unlabelled)]
    build_atlas(tmp_path, pages, case=EXAMPLE)
    assert check(tmp_path, pages) == 1
    assert "unlabelled.html: axe critical: label" in capsys.readouterr().err
