"""The checks of ``corridor atlas --check``: each page opened offline in headless Chromium.

:func:`check_atlas` opens every page of a built atlas with the network blocked
(:class:`corridor.maps.browser.Chromium`) and says, page by page, what it drew and what is wrong:
a console error, a map that draws nothing or other numbers than its page expects, an
accessibility violation of impact serious or critical (axe-core), or a map that does not fit a
phone's screen (:func:`phone_layout`).

axe-core is not part of this project: :func:`axe_source` reads ``axe.min.js`` from the installed
PyPI package ``axe-playwright-python`` (in the ``test`` extra), which ships it; nothing from
Playwright itself is used. Without it the pages are checked without axe.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

import folium

from corridor.maps.browser import Chromium

__all__ = [
    "PHONE",
    "AxeViolation",
    "PageCheck",
    "PhoneLayout",
    "axe_probe",
    "axe_source",
    "axe_violations",
    "blocking",
    "check_atlas",
    "phone_layout",
]

#: A common phone screen, in CSS px.
PHONE = (390, 844)
#: axe-core impacts that fail a page.
BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class AxeViolation:
    """One axe-core rule a page breaks: its id, impact, help text and the first offending nodes."""

    rule: str
    impact: str
    help: str
    nodes: tuple[str, ...]

    def __str__(self) -> str:
        return f"axe {self.impact}: {self.rule} ({self.help}) at {', '.join(self.nodes[:3])}"


@dataclass(frozen=True)
class PhoneLayout:
    """What a page looks like on a phone, measured in the browser (CSS px)."""

    width: int
    height: int
    page_width: int
    map_share: float

    @property
    def problems(self) -> list[str]:
        out = []
        if self.page_width > self.width:
            out.append(f"at {self.width} x {self.height} px the page is {self.page_width} px wide")
        if self.map_share < 0.6:
            out.append(
                f"at {self.width} x {self.height} px the map shows on {self.map_share:.0%} of the "
                "screen with the panels closed (at least 60% expected)"
            )
        return out


@cache
def axe_source() -> str:
    """The text of ``axe.min.js`` from the installed ``axe-playwright-python`` wheel.

    Raises
    ------
    ImportError
        If the package is not installed, saying which extra provides it.
    """
    try:
        return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise ImportError(
            "axe-core comes from the PyPI package axe-playwright-python: "
            "pip install 'corridor[test]'"
        ) from None


def _axe_script() -> str:
    return (
        axe_source()
        + "\n;axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
        + " return r.violations.map(function (v) { return {rule: v.id, impact: v.impact,"
        + " help: v.help, nodes: v.nodes.slice(0, 5).map(function (n) {"
        + " return n.target.join(' '); })}; }); })"
    )


def axe_violations(value: list[dict]) -> list[AxeViolation]:
    """The violations of an axe run (the value of :func:`axe_probe`), in axe's order."""
    return [
        AxeViolation(v["rule"], v.get("impact") or "minor", v["help"], tuple(v["nodes"]))
        for v in value
    ]


def blocking(violations: list[AxeViolation]) -> list[AxeViolation]:
    """The violations of impact serious or critical."""
    return [v for v in violations if v.impact in BLOCKING]


def axe_probe(browser, session: str) -> list[AxeViolation]:
    """Run axe-core in an open page (a ``probe`` for :meth:`Chromium.check`)."""
    return axe_violations(browser.evaluate(session, _axe_script()))


# Closes every panel, then measures the page's width and the share of the screen the map shows
# (the map's visible area less the controls over it).
_PHONE = """
(function () {
  document.querySelectorAll(".corridor-toggle[aria-expanded=true]").forEach(function (b) { b.click(); });
  var W = %(width)d, H = %(height)d;  // the screen, not the viewport a page too wide zooms out to
  function clip(r) {
    var w = Math.max(0, Math.min(r.right, W) - Math.max(r.left, 0));
    var h = Math.max(0, Math.min(r.bottom, H) - Math.max(r.top, 0));
    return w * h;
  }
  var map = document.querySelector(".folium-map"), covered = 0;
  document.querySelectorAll(".leaflet-control").forEach(function (c) { covered += clip(c.getBoundingClientRect()); });
  return {width: W, height: H, page_width: Math.max(document.documentElement.scrollWidth, window.innerWidth),
          map_area: map ? clip(map.getBoundingClientRect()) : 0, covered: covered};
})()
"""


def _phone_probe(size):
    def probe(browser, session: str) -> PhoneLayout:
        v = browser.evaluate(session, _PHONE % {"width": size[0], "height": size[1]})
        share = max(0.0, v["map_area"] - v["covered"]) / (v["width"] * v["height"])
        return PhoneLayout(v["width"], v["height"], v["page_width"], round(share, 3))

    return probe


def phone_layout(browser, page: str | Path, screenshot: str | Path | None = None,
                 size=PHONE) -> PhoneLayout:  # fmt: skip
    """Open ``page`` at phone ``size``, close its panels, measure it and save a screenshot."""
    return browser.check(page, wait_ms=500, screenshot=screenshot, viewport=size, probe=_phone_probe(size)).value  # fmt: skip


@dataclass
class PageCheck:
    """What one page of an atlas drew in the browser and what is wrong with it."""

    path: Path
    #: What the page drew (:attr:`corridor.maps.browser.PageReport.counts`), the counts above 0.
    drawn: dict = field(default_factory=dict)
    #: The share of a phone's screen the map shows (None for the index, which is not measured).
    map_share: float | None = None
    problems: list[str] = field(default_factory=list)


def tile_prefix(tiles: str) -> str:
    """The part of a tile URL before its first placeholder (``{z}``...).

    Examples
    --------
    >>> tile_prefix("https://tiles.example.org/{z}/{x}/{y}.png")
    'https://tiles.example.org/'
    """
    return folium.TileLayer(tiles, attr="-").tiles.split("{")[0]


def axe_missing() -> str | None:
    """Why axe-core cannot run here (one line), or ``None`` when it can."""
    try:
        axe_source()
    except ImportError as exc:
        return str(exc)
    return None


def check_atlas(out: str | Path, pages, tiles: str | None = None) -> Iterator[PageCheck]:
    """Open each page of the atlas in ``out`` offline in Chromium; yield what each drew and its
    problems, the index first (axe only), then ``pages`` in order.

    A map page fails on a console error, on drawing nothing, on other numbers than it expects
    (:attr:`corridor.maps.atlas.Page.expect`), on a serious or critical axe violation, or on its
    phone layout; an HTML page (claims, dossiers, changes) on a console error, an axe violation
    or a page wider than a phone. With ``tiles``, the web tiles cannot load offline: failures to
    fetch them are not errors. Screenshots go to ``out/screenshots/<page>.png`` and
    ``<page>-phone.png``.
    """
    out = Path(out)
    axe = axe_probe if axe_missing() is None else None
    skip = tile_prefix(tiles) if tiles else None
    with Chromium(offline=True) as browser:
        if axe is not None and (out / "index.html").is_file():
            index = browser.check(out / "index.html", wait_ms=0, probe=axe)
            yield PageCheck(out / "index.html", problems=[str(v) for v in blocking(index.value)])
        for page in pages:
            yield _check_page(browser, out, page, axe, skip)


def _check_page(browser, out: Path, page, axe, skip: str | None) -> PageCheck:
    path = out / f"{page.slug}.html"
    shots = out / "screenshots"
    report = browser.check(path, wait_ms=1000, screenshot=shots / f"{page.slug}.png", probe=axe)
    phone = phone_layout(browser, path, shots / f"{page.slug}-phone.png")
    drawn = {k: v for k, v in report.counts.items() if v}
    expected = page.expect() if page.expect else {}
    wrong = {k: (report.counts.get(k), v) for k, v in expected.items() if report.counts.get(k) != v}
    problems = [e for e in report.errors if not (skip and skip in e)]
    problems += [f"{k}: drew {got}, expected {want}" for k, (got, want) in wrong.items()]
    problems += [str(v) for v in blocking(report.value or [])]
    is_map = "L.map(" in path.read_text(encoding="utf-8")
    if is_map:
        problems += phone.problems
    elif phone.page_width > phone.width:
        problems += phone.problems[:1]
    if is_map and not (drawn.get("markers") or drawn.get("circle_markers")
                       or drawn.get("lines") or drawn.get("clustered")):  # fmt: skip
        problems.append("no markers, circles or lines drawn")
    return PageCheck(path, drawn, phone.map_share, problems)
