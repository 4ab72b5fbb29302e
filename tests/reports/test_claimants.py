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


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        # a claimant at the end of the sentence, by the shape of its name
        ("About 400 containers were moved, the Coastal Monitoring Service has confirmed.",
         "400", "Coastal Monitoring Service"),
        # "according to researchers at X"
        ("Some 80 railcars waited, according to researchers at the Vesna Rail Lab.",
         "80", "Vesna Rail Lab"),
        # a titled person after a verb of saying
        ("At least 12 barges left, said Deputy Harbour Master Lena Ostrova.",
         "12", "Deputy Harbour Master Lena Ostrova"),
        # an acronym before a verb of saying
        ("NAVCOM said 3 frigates escorted the convoy.", "3", "NAVCOM"),
    ],
)  # fmt: skip
def test_claimants_by_shape(text, figure, expected):
    c = find_claimant(text, text.index(figure))
    assert (c.source_id, c.text) == ("", expected)


def test_a_quote_closed_by_he_said_goes_to_the_speaker_named_before():
    text = (
        "Port Director Jan Holm spoke to reporters. "
        '"We loaded 300 containers on the first night," he said.'
    )
    c = find_claimant(text, text.index("300"))
    assert c.text == "Port Director Jan Holm"


def test_a_role_stands_for_the_claimant_named_before():
    text = (
        "Transport Minister Ana Ruiz said the line reopened. Trains ran all week. "
        "About 40 trains crossed, the minister said."
    )
    assert find_claimant(text, text.index("40")).text == "Transport Minister Ana Ruiz"


def test_the_analyst_of_the_sentences_before():
    text = (
        "A freighter docked, according to an analysis by the Vesna Maritime Institute. "
        "The freighter was about 110 meters long."
    )
    assert find_claimant(text, text.index("110")).text == "Vesna Maritime Institute"
