import pytest

from corridor.reports.claimants import ClaimantFinder, find_claimant


def claimant(text, figure):
    c = find_claimant(text, text.index(figure))
    return None if c is None else (c.source_id, c.text)


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        ("Up to 30,000 troops may go, according to Ukraine's assessment.", "30,000",
         ("ua_gur", "Ukraine's assessment")),
        ("The NIS has not confirmed Ukraine's estimate of 30,000.", "30,000",
         ("ua_gur", "Ukraine's estimate")),
        ("TASS reported that 1,000 sappers would go.", "1,000", ("tass", "TASS")),
        ("1,000 sappers will go, said Jenny Town.", "1,000", ("stimson_center", "Jenny Town")),
        ("South Korean lawmakers, citing intelligence, stated that 600 were killed.", "600",
         ("kr_lawmakers", "South Korean lawmakers")),
        ("Jenny Town spoke at length. In her opinion 10,000 is realistic.", "10,000",
         ("stimson_center", "Jenny Town")),
        ("North Korea may send 25,000 soldiers. The ship is ready. Reuters wrote this, citing the "
         "Stimson Center.", "25,000", ("stimson_center", "Stimson Center")),
    ],
)  # fmt: skip
def test_claimant_patterns(text, figure, expected):
    assert claimant(text, figure) == expected


def test_nobody_named():
    assert claimant("Roughly 4,000 of them were wounded.", "4,000") is None


def test_a_pronoun_without_saying_is_nobody():
    text = "Syrskyi said the front held. Shoigu made his second visit with 3 aides."
    assert claimant(text, "3 aides") is None


def test_finder_indexes_once():
    text = "TASS said 5 ships left. Reuters said 7 ships arrived."
    finder = ClaimantFinder(text)
    assert [finder.claimant_at(text.index(f)).source_id for f in ("5", "7")] == ["tass", "reuters"]
