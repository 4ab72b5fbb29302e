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


def figures(text):
    return [(n.low, n.high, n.qualifier, n.unit) for n in find_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # each figure of a coordinated pair or list keeps its own unit
        ("The blast left 9 killed and 31 injured.",
         [(9, 9, "exact", "killed"), (31, 31, "exact", "wounded")]),
        ("There were 52 casualties, including 8 deaths.",
         [(52, 52, "exact", "people"), (8, 8, "exact", "killed")]),
        ("Crews counted 40 ore cars, 12 tank cars and 3 locomotives.",
         [(40, 40, "exact", "railcars"), (12, 12, "exact", "railcars"),
          (3, 3, "exact", "locomotives")]),
        # figures in words, qualifiers kept
        ("Officials counted more than one thousand containers.",
         [(1000, None, "at_least", "containers")]),
        ("Nearly forty drones and about sixty missiles were launched.",
         [(None, 40, "nearly", "drones"), (60, 60, "about", "missiles")]),
        # units beyond troops
        ("The depot held 12,000 shells.", [(12000, 12000, "exact", "shells")]),
        ("Up to 14 flights a week used the strip.", [(None, 14, "up_to", "flights")]),
        ("Four ships and two cranes were seen.",
         [(4, 4, "exact", "ships"), (2, 2, "exact", "cranes")]),
        # lengths joined by a hyphen; a restatement in brackets is the same figure
        ("A 90-meter-long freighter docked.", [(90, 90, "exact", "m")]),
        ("A barge about 60 metres (197 feet) long waited.", [(60, 60, "about", "m")]),
        # a calibre is no quantity
        ("It holds 20,000 rounds of 155 mm shells.", [(20000, 20000, "exact", "shells")]),
        # the unit written before the figure
        ("Its crew of more than 30 stayed aboard.", [(30, None, "at_least", "crew")]),
        # "one of" is no figure
        ("One of their drones hit the pier.", []),
    ],
)  # fmt: skip
def test_pairs_words_and_units(text, expected):
    assert figures(text) == [
        (None if lo is None else float(lo), None if hi is None else float(hi), q, u)
        for lo, hi, q, u in expected
    ]


def test_vague_quantities_stay_vague():
    (n,) = find_numbers("Dozens of trucks waited.")
    assert (n.vague, n.low, n.high, n.unit) == (True, None, None, "vehicles")


def test_of_whom_killed_keeps_the_unit_of_the_group():
    found = figures("Of 2,000 soldiers sent, 300 were killed.")
    assert found == [(2000.0, 2000.0, "exact", "troops"), (300.0, 300.0, "exact", "troops")]


def test_the_unit_of_a_figure_points_at_where_it_is_written():
    text = "A crew of at least 30 sailed; 40 more troops, a 90-meter barge and 12% of the rest."
    found = find_numbers(text)
    written = [(n.unit, text[n.unit_start : n.unit_start + len(n.unit_text)]) for n in found]
    assert written == [("crew", "crew"), ("troops", "troops"), ("m", "meter"), ("percent", "%")]
    (n,) = find_numbers("Half, 50 per cent, went.")
    assert (n.unit, n.unit_text, n.unit_start) == ("percent", "percent", None)
