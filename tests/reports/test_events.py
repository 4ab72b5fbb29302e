"""Candidate sightings from sentences the extractor was not written against (texts written here)."""

from datetime import date

import pytest

from corridor.reports.extract import extract

PUBLISHED = date(2025, 7, 2)  # a Wednesday


def sightings(text):
    x = extract(text, publisher="Example Post", published=PUBLISHED, name="t")
    return [
        (r.place_text, r.observed_start, r.observed_end, r.activity)
        for r in x.sightings.itertuples()
    ]


def test_an_activity_with_cargo_not_in_the_catalogue():
    assert sightings("Forty containers were unloaded at Nampo on June 3.") == [
        ("Nampo", "2025-06-03", "2025-06-03", "unloading")
    ]


def test_a_movement_gives_a_departure_and_an_arrival_with_their_own_dates():
    text = "The freighter left Nampo on June 3 and arrived at Vladivostok on June 7."
    assert sorted(sightings(text)) == [
        ("Nampo", "2025-06-03", "2025-06-03", "departed"),
        ("Vladivostok", "2025-06-07", "2025-06-07", "arrived"),
    ]


def test_one_place_two_dated_events():
    text = (
        "A ferry was photographed at Rajin on Monday, after another ferry was seen there on Friday."
    )
    assert sightings(text) == [
        ("Rajin", "2025-06-30", "2025-06-30", "present"),
        ("Rajin", "2025-06-27", "2025-06-27", "present"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "NAKHODKA, June 30 (Harbour Wire) -- A freighter was seen at Nampo, officials said.",
        "The agency reported on Monday that a freighter had docked at Nampo.",
        "Two ferries are scheduled to arrive at Rajin on July 5.",
        "Ferries have docked at Rajin since Sunday.",
    ],
)
def test_report_dates_forecasts_and_since_make_no_sighting(text):
    assert sightings(text) == []


def test_a_state_is_dated_by_the_statement():
    x = extract(
        "Two battalions are now stationed in Ussuriysk, the ministry said.",
        publisher="Example Post", published=PUBLISHED, name="t",
    )  # fmt: skip
    (row,) = x.sightings.itertuples()
    assert (row.place_text, row.observed_start, row.activity) == (
        "Ussuriysk", "2025-07-02", "deployed",
    )  # fmt: skip
    assert "dated by publication" in row.reasons


def test_a_description_of_the_place_does_not_date_the_event():
    text = "On June 18 the tanker docked at Nakhodka, a port rebuilt in 1990."
    assert sightings(text) == [("Nakhodka", "2025-06-18", "2025-06-18", "arrived")]


def test_a_sea_the_gazetteer_lacks_with_the_date_of_the_sentence_before():
    text = "The navy seized a dhow on June 11. Sailors seized it in the waters of the Vesna Sea."
    x = extract(text, publisher="Example Post", published=PUBLISHED, name="t")
    (row,) = x.sightings.itertuples()
    assert (row.place_text, row.observed_start, row.site_id, row.lat) == (
        "Vesna Sea", "2025-06-11", "", "",
    )  # fmt: skip
    assert "not resolved" in row.reasons and "sentence before" in row.reasons


def test_every_place_mention_has_a_review_row():
    text = "Tankers waited in the Vesna Sea. A ferry docked at Rajin on May 3."
    x = extract(text, publisher="Example Post", published=PUBLISHED, name="t")
    places = x.place_rows
    assert places["place_text"].tolist() == ["Vesna Sea", "Rajin"]
    assert places["site_id"].tolist() == ["", "rajin"]
    assert places["source_detail"].tolist() == ["chars 22-31", "chars 51-56"]
    assert places["reasons"].str.startswith(("not_found", "resolved")).all()


def test_a_text_not_in_english_is_reported():
    x = extract(
        "Паром прибыл в порт Раджин 3 мая с контейнерами.",
        publisher="Example Post", published=PUBLISHED, name="t",
    )  # fmt: skip
    assert x.language.code == "ru"
    assert "Russian" in x.language.message
