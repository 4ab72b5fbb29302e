"""Russian and Korean dates: "12 мая 2025 года", "в мае", "2025년 5월 18일", "5월".

Only the written forms whose reading is unambiguous: a day with its month (and year if written),
a month after "в" (Russian prepositional case) or with "월" (Korean), a year with "году"/"년". A
date without a year takes the latest one before publication, like the English dates of
:mod:`corridor.reports.dates`.

Examples
--------
>>> from datetime import date
>>> [(d.text, str(d.first), d.precision) for d in find_ru_ko_dates(
...     "Паром прибыл 12 мая. 2025년 3월 9일에 출항했다.", date(2025, 7, 2))]
[('12 мая', '2025-05-12', 'day'), ('2025년 3월 9일', '2025-03-09', 'day')]
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from corridor.reports.date_mention import DateMention
from corridor.reports.document import Document

_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
)  # fmt: skip
_PREPOSITIONAL = (
    "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре",
    "октябре", "ноябре", "декабре",
)  # fmt: skip
_Y = r"(?:19|20)\d\d"
_PATTERNS = [
    ("ru_day", re.compile(rf"(?<!\d)(\d{{1,2}}) ({'|'.join(_GENITIVE)})(?: ({_Y})(?: г(?:ода|\.)?)?)?(?!\w)")),
    ("ru_month", re.compile(rf"(?<!\w)в ({'|'.join(_PREPOSITIONAL)})(?: ({_Y}) года)?(?!\w)")),
    ("ru_year", re.compile(rf"(?<!\w)в ({_Y}) году(?!\w)")),
    ("ko_day", re.compile(rf"(?:({_Y})년 )?(\d{{1,2}})월 (\d{{1,2}})일")),
    ("ko_month", re.compile(rf"(?:({_Y})년 )?(\d{{1,2}})월(?! ?\d)")),
    ("ko_year", re.compile(rf"({_Y})년(?! ?\d{{1,2}}월)")),
]  # fmt: skip


def _year(month: int, day: int, published: date) -> int:
    later = (month, day) > (published.month, published.day)
    return published.year - (1 if later else 0)


def _interval(kind: str, g: tuple, published: date):
    if kind == "ru_day":
        day, month = int(g[0]), _GENITIVE.index(g[1]) + 1
        year = int(g[2]) if g[2] else _year(month, day, published)
        d = date(year, month, day)
        return d, d, "day"
    if kind == "ru_month":
        month = _PREPOSITIONAL.index(g[0]) + 1
        year = int(g[1]) if g[1] else _year(month, 1, published)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    if kind in ("ru_year", "ko_year"):
        year = int(g[0])
        return date(year, 1, 1), date(year, 12, 31), "year"
    if kind == "ko_day":
        month, day = int(g[1]), int(g[2])
        year = int(g[0]) if g[0] else _year(month, day, published)
        d = date(year, month, day)
        return d, d, "day"
    month = int(g[1])
    year = int(g[0]) if g[0] else _year(month, 1, published)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"


def find_ru_ko_dates(text: str | Document, published: date) -> list[DateMention]:
    """Russian and Korean dates of ``text`` (a str or a
    :class:`~corridor.reports.document.Document`) as
    :class:`~corridor.reports.date_mention.DateMention`."""
    doc = Document.of(text)
    text, folded = doc.text, doc.folded
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in _PATTERNS:
        source = folded if kind.startswith("ru") else text
        for m in pattern.finditer(source):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            try:
                first, last, precision = _interval(kind, m.groups(), published)
            except ValueError:  # "31 февраля", "13월"
                continue
            taken.append(m.span())
            found.append(
                DateMention(m.start(), m.end(), text[m.start() : m.end()], first, last, precision,
                            precision, future=first > published,
                            reason="Russian date" if kind.startswith("ru") else "Korean date")
            )  # fmt: skip
    return sorted(found, key=lambda d: d.start)
