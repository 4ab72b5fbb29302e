"""Text from data made safe where it lands: spreadsheets and terminals.

Every text that comes from a user's file or a report is data. Written to a CSV that a spreadsheet
opens, a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
formula (OWASP's CSV-injection rule); printed to a terminal, control characters could move the
cursor or rewrite the screen. HTML escaping is the page runtime's job (``textContent``).

>>> csv_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> csv_value(csv_cell("-5 km"))
'-5 km'
>>> csv_cell("Odesa")
'Odesa'
>>> all(csv_value(csv_cell(t)) == t for t in ["'=x", "'", "''", "=", "a'b", "+7"])
True
>>> terminal("ok\\x1b[2Jgone")
'ok[2Jgone'
"""

from __future__ import annotations

import re

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def csv_cell(value):
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote.

    A text that already starts with a quote gets one more, so that :func:`csv_value` can undo
    exactly what was added.
    """
    if isinstance(value, str) and value.startswith((*FORMULA_START, "'")):
        return "'" + value
    return value


def csv_value(value):
    """Undo :func:`csv_cell` exactly: drop the quote it added, and only that one."""
    if (
        isinstance(value, str)
        and value[:1] == "'"
        and value[1:2]
        and value[1] in (*FORMULA_START, "'")
    ):
        return value[1:]
    return value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) passed through :func:`csv_cell`."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_cell)
    out.columns = [csv_cell(str(c)) for c in out.columns]
    return out


def uncsv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`csv_frame` on a frame read back from CSV."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_value)
    out.columns = [csv_value(str(c)) for c in out.columns]
    return out


def terminal(text) -> str:
    """``text`` with control characters (ESC, bidi overrides, ...) removed; newlines and tabs kept."""
    return _CONTROL.sub("", str(text))
