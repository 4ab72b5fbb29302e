from datetime import date

import pytest

from corridor.reports.dates import find_dates

PUBLISHED = date(2025, 7, 2)  # a Wednesday


def one(text, published=PUBLISHED):
    found = find_dates(text, published)
    assert len(found) == 1, found
    d = found[0]
    return d.text, d.first.isoformat(), d.last.isoformat(), d.precision, d.label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ship docked on May 18.", ("May 18", "2025-05-18", "2025-05-18", "day", "day")),
        ("Flights were seen in May and June.",
         ("May and June", "2025-05-01", "2025-06-30", "month", "months")),
        ("It happened last year.", ("last year", "2024-01-01", "2024-12-31", "year", "year")),
        ("Trains ran in October and November.",
         ("October and November", "2024-10-01", "2024-11-30", "month", "months")),
        ("The move could begin as early as July or August.",
         ("July or August", "2025-07-01", "2025-08-31", "month", "months")),
        ("On Friday, the chief spoke.", ("Friday", "2025-06-27", "2025-06-27", "day", "day")),
        ("More were sent earlier this year.",
         ("earlier this year", "2025-01-01", "2025-07-31", "month", "part_of_year")),
        ("The first deployment in late 2024 was secret.",
         ("late 2024", "2024-09-01", "2024-12-31", "month", "part_of_year")),
        ("Drills in summer 2025.", ("summer 2025", "2025-06-01", "2025-08-31", "month", "season")),
        ("Ice in winter 2024.", ("winter 2024", "2024-12-01", "2025-02-28", "month", "season")),
        ("Shipments during 2024.", ("2024", "2024-01-01", "2024-12-31", "year", "year")),
        ("As early as January 4, 2024, it began.",
         ("January 4, 2024", "2024-01-04", "2024-01-04", "day", "day")),
        ("Seen on 3 March 2023.", ("3 March 2023", "2023-03-03", "2023-03-03", "day", "day")),
        ("Reported in December.", ("December", "2024-12-01", "2024-12-31", "month", "month")),
        ("It docked on May 18-20.", ("May 18-20", "2025-05-18", "2025-05-20", "day", "days")),
        ("Dated 2025-06-30.", ("2025-06-30", "2025-06-30", "2025-06-30", "day", "day")),
    ],
)  # fmt: skip
def test_dates_resolve_against_publication_and_keep_precision(text, expected):
    assert one(text) == expected


def test_a_month_never_gets_a_day():
    d = find_dates("The ship was back at the port in May.", PUBLISHED)[0]
    assert (d.first, d.last, d.precision) == (date(2025, 5, 1), date(2025, 5, 31), "month")


def test_future_words_pick_the_next_occurrence():
    past, future = find_dates("Sent in March. Troops will leave in March.", PUBLISHED)
    assert (past.first, past.future) == (date(2025, 3, 1), False)
    assert (future.first, future.future) == (date(2026, 3, 1), True)
    d = find_dates("They will meet on Friday.", PUBLISHED)[0]
    assert d.first == date(2025, 7, 4)


def test_relative_chains_and_references():
    found = find_dates(
        "Russia admitted it on April 26 of this year. Two days later Pyongyang agreed. "
        "On the same day Seoul spoke.",
        PUBLISHED,
    )
    assert [(d.first.isoformat(), d.precision) for d in found] == [
        ("2025-04-26", "day"), ("2025-04-28", "day"), ("2025-04-28", "day"),
    ]  # fmt: skip


def test_possessive_is_attributive():
    d = find_dates("A ship used in last year's deliveries is back.", PUBLISHED)[0]
    assert d.attributive and d.text == "last year"


@pytest.mark.parametrize(
    "text",
    [
        "The move may backfire.",  # the verb
        "A long march north.",  # the noun, lower case
        "They sent 2024 soldiers.",  # a count, not a year
        "The KN-23 missile.",
        "It happened on a day.",
    ],
)
def test_words_that_are_not_dates(text):
    assert find_dates(text, PUBLISHED) == []


def test_publication_must_be_a_date():
    with pytest.raises(TypeError, match="datetime.date"):
        find_dates("in May", "2025-07-02")


def test_offsets_count_from_the_last_day_and_weeks_stay_approximate():
    found = find_dates(
        "It docked on May 18, like the ship seen there last year. Two days later it left. "
        "Seen in March 2024; two months later it was back. It was there three weeks ago.",
        PUBLISHED,
    )
    assert [(d.text, d.first.isoformat(), d.last.isoformat(), d.precision) for d in found] == [
        ("May 18", "2025-05-18", "2025-05-18", "day"),
        ("last year", "2024-01-01", "2024-12-31", "year"),
        ("Two days later", "2025-05-20", "2025-05-20", "day"),
        ("March 2024", "2024-03-01", "2024-03-31", "month"),
        ("two months later", "2024-05-01", "2024-05-31", "month"),
        ("three weeks ago", "2025-06-08", "2025-06-14", "day"),
    ]


# Patterns met in reports the extractor was not written against; sentences written here.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a weekday without "on" after a verb, and the publication's own weekday
        ("The envoy said Monday that talks had ended.",
         ("Monday", "2025-06-30", "2025-06-30", "day", "day")),
        ("A tanker was boarded Wednesday near the strait.",
         ("Wednesday", "2025-07-02", "2025-07-02", "day", "day")),
        ("The spokesman spoke to reporters today.",
         ("today", "2025-07-02", "2025-07-02", "day", "day")),
        # weeks and weekends, Monday-Sunday
        ("The barges moved last week.",
         ("last week", "2025-06-23", "2025-06-29", "day", "week")),
        ("Cranes were idle early last week.",
         ("early last week", "2025-06-23", "2025-06-25", "day", "week")),
        ("The convoy formed last weekend.",
         ("last weekend", "2025-06-28", "2025-06-29", "day", "weekend")),
        # ranges
        ("Imagery from early March to mid-May 2025 shows the yard.",
         ("from early March to mid-May 2025", "2025-03-01", "2025-05-31", "month", "months")),
        ("Trains ran between June 3 and June 9.",
         ("between June 3 and June 9", "2025-06-03", "2025-06-09", "day", "day_range")),
        ("Photos taken on June 11 and 12 show two barges.",
         ("June 11 and 12", "2025-06-11", "2025-06-12", "day", "days")),
        ("The ferry sailed June 3-5.", ("June 3-5", "2025-06-03", "2025-06-05", "day", "days")),
        # parts of months and years
        ("Work resumed in mid-August.",
         ("mid-August", "2024-08-01", "2024-08-31", "month", "part_of_month")),
        ("Deliveries began in late 2024.",
         ("late 2024", "2024-09-01", "2024-12-31", "month", "part_of_year")),
        ("Three ferries called this past month.",
         ("this past month", "2025-07-01", "2025-07-31", "month", "month")),
    ],
)  # fmt: skip
def test_unseen_patterns(text, expected):
    assert one(text) == expected


def test_two_days_not_in_a_row_are_two_dates():
    found = find_dates("Barges were counted on May 4 and 19.", PUBLISHED)
    assert [(d.text, d.first.isoformat()) for d in found] == [
        ("May 4", "2025-05-04"),
        ("19", "2025-05-19"),
    ]


def test_the_same_month_takes_the_month_before():
    found = find_dates("It loaded in March. It sailed in the same month.", PUBLISHED)
    assert [(d.first.isoformat(), d.last.isoformat(), d.precision) for d in found] == [
        ("2025-03-01", "2025-03-31", "month"),
        ("2025-03-01", "2025-03-31", "month"),
    ]


@pytest.mark.parametrize(
    ("text", "report"),
    [
        ("OSLO, June 30 (Nordic Wire) -- Two ships left.", True),
        ("OSLO (Nordic Wire) -\nJune 30, 2025 | By A. Writer\n\nTwo ships left.", True),
        ("The ministry said on Monday that two ships left.", True),
        ("The agency reported Monday that two ships left.", True),
        ("Two ships left on Monday.", False),
        ("Two ships left the port, June 30, after dark.", False),
    ],
)
def test_datelines_and_statement_dates_are_report_dates(text, report):
    d = find_dates(text, PUBLISHED)[0]
    assert d.report is report


def test_a_possessive_weekday_is_no_date():
    assert find_dates("Tuesday's strike hit the depot.", PUBLISHED) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Паром прибыл 3 мая.", [("3 мая", "2025-05-03", "2025-05-03", "day")]),
        ("Суда ушли 12 октября 2024 г.", [("12 октября 2024 г.", "2024-10-12", "2024-10-12", "day")]),
        ("Поезда шли в мае 2025 года.", [("в мае 2025 года", "2025-05-01", "2025-05-31", "month")]),
        ("Склад построили в 2023 году.", [("в 2023 году", "2023-01-01", "2023-12-31", "year")]),
        ("여객선이 2025년 3월 9일 출항했다.", [("2025년 3월 9일", "2025-03-09", "2025-03-09", "day")]),
        ("화물선이 11월에 도착했다.", [("11월", "2024-11-01", "2024-11-30", "month")]),
        ("Не дата: 31 февраля.", []),
    ],
)  # fmt: skip
def test_russian_and_korean_dates(text, expected):
    found = find_dates(text, PUBLISHED)
    assert [
        (d.text, d.first.isoformat(), d.last.isoformat(), d.precision) for d in found
    ] == expected
