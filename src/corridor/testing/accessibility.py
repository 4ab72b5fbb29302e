"""Accessibility probes for tests: keyboard order, data tables and print layout in Chromium.

The checks ``corridor atlas --check`` runs (axe-core, the phone layout) live in
:mod:`corridor.maps.check` and are importable from here too; the probes below are what the tests
of the pages use besides. All run through :class:`corridor.maps.browser.Chromium`, so the network
stays blocked.
"""

from __future__ import annotations

from pathlib import Path

from corridor.maps.check import (
    BLOCKING,
    PHONE,
    AxeViolation,
    PhoneLayout,
    axe_probe,
    axe_source,
    axe_violations,
    blocking,
    phone_layout,
)

__all__ = [
    "BLOCKING",
    "PHONE",
    "AxeViolation",
    "PhoneLayout",
    "axe_probe",
    "axe_source",
    "axe_violations",
    "blocking",
    "phone_layout",
    "print_layout",
    "tab_order",
    "table_rows",
]


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
