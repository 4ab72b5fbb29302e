"""Dates in user tables: ISO 8601 shapes, the calendar, and the range the tables can hold.

Tables hold dates as pandas nanosecond timestamps, so a date must lie within
:data:`FIRST_DATE`..:data:`LAST_DATE` (1677-09-22..2262-04-11); years 0, 1600 or 9999 and
impossible days such as 2025-02-30 are field problems, each with its own message.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

_DATE = r"\d{4}-\d{2}-\d{2}"
_DATETIME = _DATE + r"(T\d{2}:\d{2}(:\d{2})?)?"
#: The dates a table may hold (those of pandas' nanosecond timestamps).
FIRST_DATE, LAST_DATE = pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D")


def _dates(values: pd.Series) -> pd.Series:
    """ISO 8601 dates and datetimes parsed once per distinct value; NaT where invalid."""
    uniq = pd.unique(values)
    first, last = FIRST_DATE.strftime("%Y-%m-%d"), LAST_DATE.strftime("%Y-%m-%d")
    inside = [v if first <= v[:10] <= last else "" for v in uniq]  # years 0, 1600, 9999: NaT
    parsed = pd.to_datetime(pd.Series(inside, dtype=object), format="ISO8601", errors="coerce")
    return values.map(dict(zip(uniq, parsed, strict=True))).astype("datetime64[ns]")


def date_problem(text: str, shape: str = "YYYY-MM-DD") -> str:
    """Why ``text`` is not a usable date: its shape, the calendar, or the supported range.

    >>> date_problem("2025-02-30")
    "'2025-02-30' is not a calendar date"
    >>> date_problem("9999-01-01")
    "'9999-01-01' is outside the supported dates 1677-09-22..2262-04-11"
    """
    if not re.fullmatch(_DATETIME, text):
        return f"{text!r} is not a date ({shape})"
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return f"{text!r} is not a calendar date"
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not a valid time of day ({shape})"
    first, last = FIRST_DATE.strftime("%Y-%m-%d"), LAST_DATE.strftime("%Y-%m-%d")
    if first <= text[:10] <= last:
        return f"{text!r} is not a date ({shape})"
    return f"{text!r} is outside the supported dates {first}..{last}"


def usable_date(text: str) -> bool:
    """Whether ``text`` is a ``YYYY-MM-DD`` calendar date within the supported dates."""
    if not re.fullmatch(_DATE, text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return FIRST_DATE.strftime("%Y-%m-%d") <= text <= LAST_DATE.strftime("%Y-%m-%d")


