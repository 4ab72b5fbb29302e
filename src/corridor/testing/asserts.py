"""Assertions for tests, in the manner of ``geopandas.testing``: one call, one clear message."""

from __future__ import annotations

__all__ = ["assert_page_drew"]

#: The counts of a :class:`corridor.maps.browser.PageReport` that are the data drawn on a map
#: (polygons are left out: the basemap's countries are polygons).
DRAWN = ("markers", "circle_markers", "lines", "clustered")


def assert_page_drew(report, expected: dict | None = None) -> None:
    """Assert that a page opened in Chromium drew a map with controls and features, and no errors.

    Parameters
    ----------
    report : corridor.maps.browser.PageReport
        What :meth:`corridor.maps.browser.Chromium.check` saw.
    expected : dict, optional
        Counts the page must have drawn exactly (``{"circle_markers": 12}``), as a page's
        :attr:`corridor.maps.atlas.Page.expect` gives them.

    Examples
    --------
    >>> from corridor.maps.browser import PageReport
    >>> page = PageReport("p.html", "P", {"maps": 1, "controls": 3, "lines": 2})
    >>> assert_page_drew(page, {"lines": 2})
    >>> assert_page_drew(page, {"lines": 3})
    Traceback (most recent call last):
    ...
    AssertionError: p.html drew {'lines': 2}, expected {'lines': 3}
    """
    counts, url = report.counts, report.url
    if report.errors:
        raise AssertionError(f"{url} logged errors: {report.errors}")
    if counts.get("maps", 0) < 1:
        raise AssertionError(f"{url} has no Leaflet map")
    if counts.get("controls", 0) < 1:
        raise AssertionError(f"{url} has no map control")
    if not any(counts.get(k) for k in DRAWN):
        raise AssertionError(f"{url} drew nothing ({counts})")
    got = {k: counts.get(k) for k in expected or {}}
    if got != (expected or {}):
        raise AssertionError(f"{url} drew {got}, expected {expected}")
