"""Dates found one by one, joined into periods and told apart from report dates.

Used by :func:`corridor.reports.dates.find_dates` after each date is resolved:

- "June 11 and 12" is one two-day period; "May 4 and 19" two dates of the same month;
- "from early March to mid-May 2025", "between June 3 and June 9" are one period, with the
  coarser precision of their ends and a year written after the second end applying to both;
- a date after a verb of saying ("said on Tuesday", "reported Monday") or in a dateline or
  publication stamp ("OSLO, June 30 (Agency) --", "June 30, 2025 | By ...") is marked as a
  report date: the date of a statement, not of the events it reports.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from corridor.reports.date_mention import DateMention
from corridor.reports.document import Document

_Y = r"(?:19|20)\d\d"

_AND_DAY = re.compile(
    r" (?:and|&) (\d{1,2})(?!\d|[,.]\d| ?%)(?:st|nd|rd|th)?\b(?! \w*(?:percent|per))"
)
_RANGE_LEAD = re.compile(r"\b(?:from|between)(?: the)? $")
_RANGE_JOIN = re.compile(r"^(?: ?- ?| to | and | until | till | through | through to )$")
_TRAILING_YEAR = re.compile(rf",? (?P<y>{_Y})\b")
_PRECISIONS = ("day", "month", "year")
#: Words before a date that make it the date of a statement rather than of an event.
_REPORT_BEFORE = re.compile(
    r"\b(?:said|says|say|told|stated|reported|announced|claimed|noted|added|confirmed|wrote|"
    r"statement|briefing|press conference|interview)(?: in a statement| on| late| early)? $"
)
#: A dateline ("OSLO, June 30 (Agency) --") or a publication stamp ("June 30, 2025 | By ...",
#: "09:15 AM, June 30, 2025") on a line of its own or at the start of a paragraph.
_DATELINE_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?:[A-Z][A-Z .'-]+, |\d\d?:\d\d(?: ?[AP]M| [A-Z]{2,4})?, )?$"
)
_DATELINE_AFTER = re.compile(r"(?: \([^)]{1,40}\) ?(?:-|--|\u2014|\u2013)| ?\||[ \t]*(?:\n|$))")


def periods(found: list[DateMention], doc: Document) -> list[DateMention]:
    """Join and mark the resolved date mentions ``found`` of a document (see module)."""
    text, folded = doc.text, doc.folded
    found = _second_days(found, text, folded)
    found = _ranges(found, text, folded)
    return [_as_report(d, text, folded) for d in found]


def _second_days(found: list, text: str, folded: str) -> list:
    """'June 11 and 12': two days in a row are one period; 'May 4 and 19' two dates."""
    out: list = []
    for d in found:
        m = _AND_DAY.match(folded, d.end)
        if d.label != "day" or m is None or any(o.start == m.start(1) for o in found):
            out.append(d)
            continue
        try:
            second = d.first.replace(day=int(m.group(1)))
        except ValueError:
            out.append(d)
            continue
        if second == d.first + timedelta(days=1):
            out.append(
                replace(d, end=m.end(), text=text[d.start : m.end()], last=second, label="days")
            )
        elif second > d.first:
            out += [d, replace(d, start=m.start(1), end=m.end(), text=text[m.start(1) : m.end()],
                               first=second, last=second, reason=f"month of '{d.text}'")]  # fmt: skip
        else:
            out.append(d)
    return out


def _ranges(found: list, text: str, folded: str) -> list:
    """'from early March to mid-May 2025', 'between May 3 and May 9': one period."""
    out: list = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        lead = _RANGE_LEAD.search(folded[max(0, a.start - 12) : a.start])
        if b is None or lead is None or not _RANGE_JOIN.match(folded[a.end : b.start]):
            out.append(a)
            i += 1
            continue
        end, first, last = b.end, a.first, b.last
        year = _TRAILING_YEAR.match(folded, b.end)
        if year and not re.search(r"\d{4}", b.text):
            y = int(year.group("y"))
            first, last, end = first.replace(year=y), last.replace(year=y), year.end()
        if last < first:
            first = first.replace(year=first.year - 1)
        precision = max(a.precision, b.precision, key=_PRECISIONS.index)
        start = a.start - len(lead.group())
        out.append(
            replace(a, start=start, end=end, text=text[start:end], first=first, last=last,
                    precision=precision, label=f"{a.label}_range" if precision == "day" else
                    "months" if precision == "month" else "years",
                    reason=f"from '{a.text}' to '{b.text}'", future=a.future and b.future)
        )  # fmt: skip
        i += 2
    return out


def _as_report(d, text: str, folded: str):
    if _REPORT_BEFORE.search(folded[max(0, d.start - 40) : d.start]):
        return replace(d, report=True, reason=d.reason + "; date of the statement")
    line_start = text.rfind("\n", 0, d.start) + 1
    if not any(c.isdigit() for c in d.text):
        return d  # a stamp is an absolute date
    if d.start - line_start <= 40 and _DATELINE_BEFORE.search(text[max(0, d.start - 40) : d.start]):
        if _DATELINE_AFTER.match(text, d.end):
            return replace(d, report=True, reason=d.reason + "; dateline or publication stamp")
    return d
