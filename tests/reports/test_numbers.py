from datetime import date

import pytest

from corridor.reports.dates import find_dates
from corridor.reports.numbers import find_numbers


def numbers(text):
    masked = [(d.start, d.end) for d in find_dates(text, date(2025, 7, 2))]
    return [(n.text, n.low, n.high, n.qualifier, n.unit) for n in find_numbers(text, masked)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("up to 30,000 troops, according to Ukraine's assessment",
         ("up to 30,000", None, 30000, "up_to", "troops")),
        ("an estimate of 10,000 to 20,000 soldiers",
         ("10,000 to 20,000", 10000, 20000, "range", "troops")),
        ("a further 25 000 to 30 000 soldiers", ("25 000 to 30 000", 25000, 30000, "range", "troops")),
        ("between 10 and 20 thousand fighters",
         ("between 10 and 20 thousand", 10000, 20000, "range", "troops")),
        ("containers holding nearly 5 million shells",
         ("nearly 5 million", None, 5_000_000, "nearly", "shells")),
        ("about 12 thousand people", ("about 12 thousand", 12000, 12000, "about", "people")),
        ("at least 100 ballistic missiles", ("at least 100", 100, None, "at_least", "missiles")),
        ("some 1.5 million artillery shells", ("some 1.5 million", 1_500_000, 1_500_000, "about", "shells")),
        ("a port 95 kilometers away", ("95", 95, 95, "exact", "km")),
        ("in some units it was 100%", ("100%", 100, 100, "exact", "percent")),
        ("a dozen Il-76 flights", ("a dozen", 12, 12, "exact", "flights")),
        ("three trains left", ("three", 3, 3, "exact", "trains")),
    ],
)  # fmt: skip
def test_figures_with_units_and_qualifiers(text, expected):
    assert numbers(text) == [expected]


def test_vague_quantities_keep_no_figure():
    assert numbers("moving tens of thousands of troops") == [
        ("tens of thousands", None, None, "about", "troops")
    ]


def test_a_figure_without_unit_takes_the_unit_written_before_and_says_so():
    text = "Kyiv says 30,000 soldiers. Others think 10,000 to 20,000 is more realistic."
    masked = []
    found = find_numbers(text, masked)
    assert [(n.low, n.high, n.unit) for n in found] == [
        (30000, 30000, "troops"),
        (10000, 20000, "troops"),
    ]
    assert found[1].unit_reason == "unit of the figure just before ('30,000')"


@pytest.mark.parametrize(
    "text",
    [
        "KN-23 and KN-24 missiles",  # model numbers
        "Il-76s on the runway",
        "It arrived on June 4.",  # a date, masked
        "one of them said",  # a word number with no unit
        "in 2024 alone",
    ],
)
def test_not_figures(text):
    assert numbers(text) == []
