"""Test helpers: synthetic ship and aircraft tracks, track files, a tiny gazetteer, and assertions.

The headless-Chromium driver the tests use is :mod:`corridor.maps.browser` (also importable as
``corridor.testing.browser``); nothing in the library imports this package.
"""

from corridor.testing.asserts import assert_page_drew

__all__ = ["assert_page_drew"]
