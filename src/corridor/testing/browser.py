"""The headless-Chromium driver for tests: :mod:`corridor.maps.browser`, under its test name."""

from corridor.maps.browser import BrowserError, Chromium, PageReport, find_chromium

__all__ = ["BrowserError", "Chromium", "PageReport", "find_chromium"]
