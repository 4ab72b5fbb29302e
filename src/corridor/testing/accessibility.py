"""Accessibility checks of map pages in headless Chromium: axe-core, phone layout, keyboard order.

axe-core is not part of this project: :func:`axe_source` reads ``axe.min.js`` from the installed
PyPI package ``axe-playwright-python`` (in the ``test`` extra), which ships it; nothing from
Playwright itself is used. The checks run through :class:`corridor.testing.browser.Chromium`, so
the network stays blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

__all__ = [
    "PHONE",
    "AxeViolation",
    "PhoneLayout",
    "axe_source",
    "axe_violations",
    "blocking",
    "phone_layout",
    "tab_order",
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


# What has the keyboard focus, as a short name.
_FOCUS = """
(function () {
  var a = document.activeElement;
  if (!a || a === document.body) return "body";
  if (a.classList.contains("corridor-skip")) return "skip link";
  if (a.classList.contains("corridor-toggle")) return "toggle " + a.closest("[data-panel]").getAttribute("data-panel");
  if (a.closest(".corridor-table-wrap")) return "table " + a.closest(".corridor-table-wrap").getAttribute("aria-label");
  if (a.closest(".leaflet-control-layers")) return "layer control";
  if (a.closest(".leaflet-control-zoom")) return "zoom";
  if (a.matches("input[type=range]")) return "time slider";
  if (a.closest(".corridor-anim")) return "time " + a.tagName.toLowerCase();
  if (a.closest(".leaflet-control-attribution")) return "attribution link";
  if (a.classList.contains("leaflet-container")) return "map";
  if (a.closest(".corridor-box")) return (a.closest("[data-panel]") || a).getAttribute("data-panel") + " " + a.tagName.toLowerCase();
  return a.tagName.toLowerCase() + (a.className ? "." + String(a.className).split(" ")[0] : "");
})()
"""


def _press_tab(browser, session: str) -> None:
    key = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9, "nativeVirtualKeyCode": 9}
    browser.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **key}, session)
    browser.send("Input.dispatchKeyEvent", {"type": "keyUp", **key}, session)


def tab_order(browser, page: str | Path, presses: int = 40) -> list[str]:
    """What the Tab key reaches on ``page``, in order (repeats folded, stopping when it cycles)."""

    def probe(browser, session):
        seen: list[str] = []
        for _ in range(presses):
            _press_tab(browser, session)
            name = browser.evaluate(session, _FOCUS)
            if seen and name == seen[0] and len(seen) > 1:
                break
            if not seen or seen[-1] != name:
                seen.append(name)
        return seen

    return browser.check(page, wait_ms=500, probe=probe).value


def table_rows(browser, page: str | Path) -> dict:
    """Rows each data table lists (by its label) and the features the map draws."""
    script = """
    (function () {
      var out = {};
      document.querySelectorAll(".corridor-table-block").forEach(function (b) {
        out[b.querySelector(".corridor-table-wrap").getAttribute("aria-label")] = +b.getAttribute("data-rows");
      });
      return out;
    })()
    """
    report = browser.check(page, wait_ms=500, script=script)
    return {"tables": report.value, "counts": report.counts}


_PRINT = """
(function () {
  function shown(sel) {
    var n = document.querySelector(sel);
    return !!n && getComputedStyle(n).display !== "none" && n.getBoundingClientRect().height > 0;
  }
  var map = document.querySelector(".folium-map").getBoundingClientRect();
  var boxes = document.querySelector(".corridor-print");
  return {map_width: map.width, page_width: document.documentElement.clientWidth,
          beneath: !!boxes && boxes.getBoundingClientRect().top >= map.bottom - 1,
          legend: shown(".corridor-print .corridor-legend-row"), sources: shown(".corridor-print ol, .corridor-print li"),
          controls_on_map: shown(".leaflet-control-container .corridor-legend") || shown(".leaflet-control-layers")};
})()
"""


def print_layout(browser, page: str | Path) -> dict:
    """How ``page`` lays out for print: the map's and the page's width, whether the legend and
    sources print beneath the map, and whether controls are still drawn over it."""

    def probe(browser, session):
        browser.send("Emulation.setEmulatedMedia", {"media": "print"}, session)
        return browser.evaluate(session, _PRINT)

    return browser.check(page, wait_ms=500, probe=probe).value
