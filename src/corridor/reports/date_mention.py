"""A date or period found in a report: the record that the English and the Russian and Korean
date finders (:mod:`corridor.reports.dates`, :mod:`corridor.reports.dates_ru_ko`) both return
and :mod:`corridor.reports.periods` joins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DateMention:
    """A date or period found in a text.

    ``first``..``last`` is the interval it designates (whole days); ``precision`` is ``day``,
    ``month`` or ``year`` (the sightings' vocabulary); ``label`` says what was written (``day``,
    ``days``, ``week``, ``month``, ``months``, ``part_of_month``, ``part_of_year``, ``season``,
    ``year``); ``attributive`` marks a possessive such as "last year's" that qualifies a noun
    rather than dating an event; ``report`` marks the date of a statement, a dateline or a
    publication stamp ("said on Tuesday", "OSLO, June 30 (Agency)"), not of the events it reports.
    """

    start: int
    end: int
    text: str
    first: date
    last: date
    precision: str
    label: str
    future: bool = False
    attributive: bool = False
    reason: str = ""
    report: bool = False
