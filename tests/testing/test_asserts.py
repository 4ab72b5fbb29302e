import pytest

from corridor.maps.browser import PageReport
from corridor.testing import assert_page_drew

DREW = {"maps": 1, "controls": 4, "markers": 0, "circle_markers": 12, "lines": 0, "polygons": 170}


def test_a_page_that_drew_its_data_passes_and_its_counts_are_checked():
    report = PageReport("file:///p.html", "P", DREW)
    assert_page_drew(report)
    assert_page_drew(report, {"circle_markers": 12})
    with pytest.raises(AssertionError, match=r"drew \{'circle_markers': 12\}, expected \{'circle_markers': 3\}"):
        assert_page_drew(report, {"circle_markers": 3})


@pytest.mark.parametrize(
    ("counts", "errors", "message"),
    [
        (DREW, ["Uncaught ReferenceError: L is not defined"], "logged errors"),
        ({**DREW, "maps": 0}, [], "has no Leaflet map"),
        ({**DREW, "controls": 0}, [], "has no map control"),
        ({**DREW, "circle_markers": 0}, [], "drew nothing"),  # the basemap's polygons are not data
    ],
)
def test_a_page_with_errors_no_map_or_nothing_drawn_fails(counts, errors, message):
    with pytest.raises(AssertionError, match=message):
        assert_page_drew(PageReport("file:///p.html", "P", counts, errors))
