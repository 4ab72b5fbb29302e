"""Dates and periods in a report, resolved against its publication date, keeping their precision.

A day stays a day, a month a month, a year a year; nothing is given a day it did not have. Parts
of a year ("late 2024", "summer 2025", "earlier this year") become month intervals labelled
``part_of_year`` or ``season``. A month or weekday without a year is taken as the latest one
before the publication date, unless the words before it look ahead ("as early as", "could",
"will", "next"), then as the first one after.

Examples
--------
>>> from datetime import date
>>> [(d.first, d.last, d.precision) for d in find_dates("It docked on May 18.", date(2025, 7, 2))]
[(datetime.date(2025, 5, 18), datetime.date(2025, 5, 18), 'day')]
>>> [(d.text, str(d.first), str(d.last), d.precision) for d in find_dates(
...     "Seen in May and June; again last year.", date(2025, 7, 2))]
[('May and June', '2025-05-01', '2025-06-30', 'month'), ('last year', '2024-01-01', '2024-12-31', 'year')]
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from corridor.reports.date_mention import DateMention
from corridor.reports.dates_ru_ko import find_ru_ko_dates
from corridor.reports.document import Document
from corridor.reports.periods import periods

__all__ = ["MONTHS", "NUMBER_WORDS", "PARTS", "WEEKDAYS", "DateMention", "find_dates"]

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_FULL_NAMES = {m.lower() for m in calendar.month_name[1:]}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
#: Parts of a year and seasons, as (first month, last month, label). Winter runs Dec-Feb.
PARTS = {
    "early": (1, 4, "part_of_year"), "mid": (5, 8, "part_of_year"),
    "late": (9, 12, "part_of_year"), "the beginning of": (1, 3, "part_of_year"),
    "the start of": (1, 3, "part_of_year"), "the end of": (10, 12, "part_of_year"),
    "the first half of": (1, 6, "part_of_year"), "the second half of": (7, 12, "part_of_year"),
    "spring": (3, 5, "season"), "summer": (6, 8, "season"), "autumn": (9, 11, "season"),
    "fall": (9, 11, "season"), "winter": (12, 14, "season"),
}  # fmt: skip

_M = (
    r"(?:"
    + "|".join(n if n in _FULL_NAMES else n + r"\.?" for n in sorted(MONTHS, key=len, reverse=True))
    + ")"
)
_Y = r"(?:19|20)\d\d"
_REL = r"(?:this|last|next|the previous|the following|this past|the past)"
_PART = "|".join(re.escape(p) for p in sorted(PARTS, key=len, reverse=True))
_NUM = r"(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"

_PATTERNS = [
    ("iso", rf"(?P<y>{_Y})-(?P<mo>\d\d)-(?P<d>\d\d)"),
    (
        "month_day",
        rf"(?P<m>{_M}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?: ?- ?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?"
        rf"(?:,? (?P<y>{_Y})| of (?P<rel>{_REL}) year)?(?![\d,]*\d)",
    ),
    (
        "day_month",
        rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m>{_M})(?:,? (?P<y>{_Y})| of (?P<rel>{_REL}) year)?",
    ),
    ("part", rf"(?P<part>{_PART})[- ](?:of )?(?:(?P<y>{_Y})|(?P<rel>{_REL}) year|(?P<m>{_M}))"),
    ("partrel", rf"(?P<part>{_PART}) (?P<rel>{_REL}) year"),
    ("this_year_part", r"(?P<side>earlier|later) this year"),
    (
        "months",
        rf"(?P<m>{_M})(?P<more>(?:(?:,| and| or| to| through| until| -|-) ?{_M})*)"
        rf"(?:,? (?P<y>{_Y})| of (?P<rel>{_REL}) year)?",
    ),
    ("rel_year", rf"(?P<rel>{_REL}) year"),
    ("rel_month", rf"(?P<rel>{_REL}) month"),
    ("week", r"(?:(?P<part>early|late|mid)[- ])?(?P<rel>last|this|next) (?P<w>weekend|week)"),
    ("weekday", rf"(?:(?P<rel>last|next|this) )?(?P<wd>{'|'.join(WEEKDAYS)})(?!'s)"),
    ("today", r"(?P<w>today|yesterday|tonight|this morning|this afternoon|this evening)"),
    ("same_month", r"(?:in )?the same month"),
    ("offset", rf"(?P<n>{_NUM}) (?P<unit>day|week|month|year)s? (?P<dir>later|earlier|ago|before)"),
    ("same_day", r"(?:on )?the same day"),
    ("year", rf"(?P<y>{_Y})(?![\d,.]\d|-\d)"),
]
_REGEX = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?P<{name}>{pat.replace('(?P<', f'(?P<{name}__')})" for name, pat in _PATTERNS)
    + r")(?!\w)"
)
#: A month or year standing alone must follow one of these words, so "may" the verb, "march" the
#: noun or a count like "2025 soldiers" are not dates.
_LEAD = re.compile(
    r"(?:\b(?:in|on|by|since|until|till|from|of|during|through|throughout|before|after|early|late|"
    r"mid|between|as of|end of|start of|beginning of|and|or|to|last|this|next|that|same|an|a|"
    r"every|each|until|around|about|over|in early|in late|as early as|as late as)\s+|mid-|\()$"
)
#: How far back (in characters) "two days later" looks for the date it counts from.
_ANCHOR_CHARS = 400
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")
_FUTURE = re.compile(
    r"\b(?:as early as|as soon as|could|would|will|shall|might|expected|expects|plans?|"
    r"planned|planning|next|upcoming|coming|intends?|scheduled|due)\b"
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    """Interval of months ``first``..``last`` of ``year``; ``last`` > 12 runs into the next year."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return date(year, first, 1), _month_end(end_year, end_month)


def _rel_year(rel: str, published: date) -> int:
    shifts = {"this": 0, "this past": 0, "the past": 0, "last": -1, "the previous": -1}
    return published.year + shifts.get(rel, 1)


def _year_for_month(month: int, published: date, future: bool) -> int:
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _year_for_day(month: int, day: int, published: date, future: bool) -> int:
    later = (month, day) > (published.month, published.day)
    if future:
        return published.year + (0 if (month, day) >= (published.month, published.day) else 1)
    return published.year - (1 if later else 0)


class _Resolver:
    def __init__(self, doc: Document, published: date):
        self.text = doc.text
        self.folded = doc.folded
        self.published = published
        self.found: list[DateMention] = []

    def _context(self, start: int) -> str:
        line_start = max(self.folded.rfind(". ", 0, start), self.folded.rfind("\n", 0, start))
        return self.folded[max(line_start + 1, start - 60) : start]

    def _future(self, start: int) -> bool:
        return bool(_FUTURE.search(self._context(start)))

    def _led(self, start: int) -> bool:
        return bool(_LEAD.search(self.folded[max(0, start - 20) : start]))

    def resolve(self, kind: str, g: dict, start: int, end: int) -> DateMention | None:
        if not self._months_capitalized(start, end):
            return None
        handler = getattr(self, f"_{kind}")
        found = handler(g, start)
        if found is None:
            return None
        first, last, precision, label, reason = found
        tail = self.folded[end : end + 2]
        return DateMention(
            start, end, self.text[start:end], first, last, precision, label,
            future=first > self.published or (last >= self.published and self._future(start)),
            attributive=tail == "'s",
            reason=reason,
        )  # fmt: skip

    def _months_capitalized(self, start: int, end: int) -> bool:
        """Month names count only when capitalized as written ("May", not the verb "may")."""
        for m in _MONTH_WORD.finditer(self.folded, start, end):
            if not self.text[m.start()].isupper():
                return False
        return True

    def _year_of(self, g: dict, month: int, start: int, day: int | None = None) -> tuple[int, str]:
        if g.get("y"):
            return int(g["y"]), "year written"
        if g.get("rel"):
            return _rel_year(g["rel"], self.published), f"'{g['rel']} year' from publication"
        future = self._future(start)
        if day is None:
            year = _year_for_month(month, self.published, future)
        else:
            year = _year_for_day(month, day, self.published, future)
        side = "first after" if future else "latest before"
        return year, f"no year: the {side} publication ({self.published})"

    def _iso(self, g, start):
        d = date(int(g["y"]), int(g["mo"]), int(g["d"]))
        return d, d, "day", "day", "ISO date"

    def _month_day(self, g, start):
        month, day = MONTHS[g["m"].rstrip(".")], int(g["d"])
        year, reason = self._year_of(g, month, start, day)
        first = date(year, month, day)
        last = date(year, month, int(g["d2"])) if g.get("d2") else first
        return first, last, "day", "days" if last != first else "day", reason

    _day_month = _month_day

    def _months(self, g, start):
        names = re.findall(_M, g["m"] + (g.get("more") or ""))
        if not g.get("more") and not g.get("y") and not g.get("rel") and not self._led(start):
            return None
        months = [MONTHS[n.rstrip(".")] for n in names]
        first_m, last_m = months[0], months[-1]
        if last_m < first_m:
            last_m += 12
        year, reason = self._year_of(g, first_m, start)
        first, last = _months(year, first_m, last_m)
        return first, last, "month", "months" if len(names) > 1 else "month", reason

    def _part(self, g, start):
        first_m, last_m, label = PARTS[g["part"]]
        if g.get("m"):
            month = MONTHS[g["m"].rstrip(".")]
            year, reason = self._year_of({}, month, start)
            first, last = _months(year, month, month)
            why = f"'{g['part']}' kept as the whole month; {reason}"
            return first, last, "month", "part_of_month", why
        year = int(g["y"]) if g.get("y") else _rel_year(g["rel"], self.published)
        first, last = _months(year, first_m, last_m)
        span = f"{calendar.month_abbr[first.month]}-{calendar.month_abbr[last.month]}"
        return first, last, "month", label, f"'{g['part']}' read as {span}"

    _partrel = _part

    def _this_year_part(self, g, start):
        p = self.published
        if g["side"] == "earlier":
            first, last = _months(p.year, 1, p.month)
        else:
            first, last = _months(p.year, p.month, 12)
        return first, last, "month", "part_of_year", f"'{g['side']} this year' from publication"

    def _rel_year(self, g, start):
        year = _rel_year(g["rel"], self.published)
        return date(year, 1, 1), date(year, 12, 31), "year", "year", "relative to publication"

    def _rel_month(self, g, start):
        p = self.published
        shift = {"this": 0, "this past": 0, "the past": 0, "last": -1, "the previous": -1}.get(
            g["rel"], 1
        )
        y, m = divmod(p.year * 12 + p.month - 1 + shift, 12)
        first, last = _months(y, m + 1, m + 1)
        return first, last, "month", "month", "relative to publication"

    def _weekday(self, g, start):
        on = re.search(r"\bon $", self.folded[max(0, start - 3) : start])
        if not g.get("rel") and not on and not self.text[start].isupper():
            return None
        target = WEEKDAYS.index(g["wd"])
        p = self.published
        if not g.get("rel") and target == p.weekday():
            return p, p, "day", "day", f"{g['wd'].capitalize()}: the publication day ({p})"
        if g.get("rel") == "next" or (g.get("rel") != "last" and self._future(start)):
            d = p + timedelta(days=(target - p.weekday() - 1) % 7 + 1)
            reason = f"the first {g['wd'].capitalize()} after publication ({p})"
        else:
            d = p - timedelta(days=(p.weekday() - target - 1) % 7 + 1)
            reason = f"the {g['wd'].capitalize()} before publication ({p})"
        return d, d, "day", "day", reason

    def _week(self, g, start):
        p = self.published
        shift = {"last": -7, "this": 0, "next": 7}[g["rel"]]
        monday = p - timedelta(days=p.weekday()) + timedelta(days=shift)
        if g["w"] == "weekend":
            first, last = monday + timedelta(days=5), monday + timedelta(days=6)
        else:
            a, b = {None: (0, 6), "early": (0, 2), "mid": (2, 4), "late": (3, 6)}[g.get("part")]
            first, last = monday + timedelta(days=a), monday + timedelta(days=b)
        reason = f"'{g['rel']} {g['w']}' from publication ({p}), Monday-Sunday weeks"
        return first, last, "day", g["w"], reason

    def _today(self, g, start):
        p = self.published - timedelta(days=1 if g["w"] == "yesterday" else 0)
        return p, p, "day", "day", f"'{g['w']}' from publication ({self.published})"

    def _same_month(self, g, start):
        prev = self._anchor(start, day=False)
        if prev is None:
            return None
        first, last = _months(prev.first.year, prev.first.month, prev.first.month)
        return first, last, "month", "month", f"same month as '{prev.text}'"

    def _anchor(self, start: int, day: bool) -> DateMention | None:
        """The latest date before ``start`` (within a few sentences) to count from."""
        for prev in reversed(self.found):
            if start - prev.end > _ANCHOR_CHARS:
                return None
            if not prev.attributive and (prev.precision == "day" or not day):
                return prev
        return None

    def _offset(self, g, start):
        n = int(g["n"]) if g["n"].isdigit() else NUMBER_WORDS[g["n"]]
        unit, sign = g["unit"], -1 if g["dir"] in ("ago", "before", "earlier") else 1
        if g["dir"] == "ago":
            anchor, what = self.published, "publication"
        else:
            prev = self._anchor(start, day=unit in ("day", "week"))
            if prev is None:
                return None
            anchor, what = prev.first, f"'{prev.text}'"
        reason = f"{n} {unit}(s) {'after' if sign > 0 else 'before'} {what}"
        if unit == "day":
            d = anchor + timedelta(days=sign * n)
            return d, d, "day", "day", reason
        if unit == "week":  # a week count is no exact day: keep the days around it
            d, half = anchor + timedelta(days=sign * n * 7), timedelta(days=3)
            return d - half, d + half, "day", "days", reason + " (±3 days)"
        if unit == "month":
            y, m = divmod(anchor.year * 12 + anchor.month - 1 + sign * n, 12)
            first, last = _months(y, m + 1, m + 1)
            return first, last, "month", "month", reason
        year = anchor.year + sign * n
        return date(year, 1, 1), date(year, 12, 31), "year", "year", reason

    def _same_day(self, g, start):
        prev = self._anchor(start, day=True)
        if prev is None:
            return None
        return prev.first, prev.last, "day", "day", f"same day as '{prev.text}'"

    def _year(self, g, start):
        if not self._led(start):
            return None
        year = int(g["y"])
        return date(year, 1, 1), date(year, 12, 31), "year", "year", "year written"


_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\uac00-\ud7af]")


def find_dates(text: str | Document, published: date) -> list[DateMention]:
    """Every date or period in ``text``, in order, resolved against ``published``.

    Parameters
    ----------
    text : str or Document
        The report's text, or its :class:`~corridor.reports.document.Document`.
    published : datetime.date
        Its publication date: the anchor of "last year", "on Friday" or a month without a year.
    """
    if not isinstance(published, date):
        raise TypeError(f"published must be a datetime.date, got {published!r}")
    doc = Document.of(text)
    resolver = _Resolver(doc, published)
    found: list[DateMention] = []
    for m in _REGEX.finditer(resolver.folded):
        kind = m.lastgroup
        prefix = f"{kind}__"
        groups = {k[len(prefix) :]: v for k, v in m.groupdict().items() if k.startswith(prefix)}
        try:
            mention = resolver.resolve(kind, groups, m.start(), m.end())
        except ValueError:  # e.g. "February 30"
            mention = None
        if mention is not None:
            found.append(mention)
            resolver.found.append(mention)
    if _OTHER_SCRIPT.search(doc.text):
        found = sorted(found + find_ru_ko_dates(doc, published), key=lambda d: d.start)
    return periods(found, doc)
