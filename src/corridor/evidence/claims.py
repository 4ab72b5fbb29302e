"""Numeric claims: who says how many of what, as of when, in which publication.

A claim (``geodata/claims.csv``) is a statement such as "up to 30,000 more troops (Ukrainian
intelligence, as cited by report 000)". ``low``/``high`` bound the figure, ``qualifier`` says how
it was phrased (``exact``, ``about``, ``up_to``, ``at_least``, ``nearly``, ``range``,
``multiplier``), ``claimant_id`` who made it and ``source_id`` where it was read; both are ids of
the sources table. Competing claims about the same ``subject`` are kept side by side: nothing here
averages or reconciles them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd

from corridor._default_case import deprecated_default
from corridor._deprecation import moved
from corridor.evidence.sightings import _Problems, _strings, date_problem, read_table, usable_date
from corridor.validation import Problem, ValidationError

#: Columns of a claims CSV, in order.
CLAIM_COLUMNS = [
    "claim_id", "subject", "low", "high", "unit", "as_of", "as_of_precision", "claimant_id",
    "source_id", "qualifier", "notes",
]  # fmt: skip
REQUIRED = (
    "claim_id", "subject", "unit", "as_of", "as_of_precision", "claimant_id", "source_id",
    "qualifier",
)  # fmt: skip
QUALIFIERS = ("exact", "about", "up_to", "at_least", "nearly", "range", "multiplier")
AS_OF_PRECISIONS = ("day", "month", "year")
#: Columns ``corridor claims list --format csv`` adds, accepted and ignored on import.
EXPORT_EXTRAS = ("revision", "claimant", "source_publication", "figure")
_ID = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")


def claim_hash(row: pd.Series | dict) -> str:
    """Hash of every field of a claim: equal hashes mean an identical statement."""
    canon = "\x1f".join(f"{c}={str(row.get(c, '')).strip()}" for c in CLAIM_COLUMNS)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]


def prepare(
    df: pd.DataFrame, file: str, sources: pd.DataFrame
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check a claims table and return ``(canonical table, problems)``, every problem at once."""
    missing = [c for c in CLAIM_COLUMNS if c not in df.columns]
    unknown = [c for c in df.columns if c not in CLAIM_COLUMNS and c not in EXPORT_EXTRAS]
    if missing or unknown:
        expected = ", ".join(CLAIM_COLUMNS)
        return df, [
            *(Problem(file, None, c, f"missing column; expected {expected}") for c in missing),
            *(Problem(file, None, str(c), f"unknown column; the columns are {expected}")
              for c in unknown),
        ]  # fmt: skip
    d = _strings(df[CLAIM_COLUMNS].reset_index(drop=True))
    p = _Problems(file)
    for field in REQUIRED:
        p.add(d[field] == "", field, "empty; every claim needs it")
    for field in ("claim_id", "subject"):
        bad = (d[field] != "") & ~d[field].map(lambda v: bool(_ID.fullmatch(v)))
        p.add(bad, field, lambda i, f=field: f"{d[f][i]!r} is not lowercase words joined by '_'")
    p.add(
        d["claim_id"].duplicated() & (d["claim_id"] != ""), "claim_id", "duplicated in this table"
    )
    for field, allowed in (("qualifier", QUALIFIERS), ("as_of_precision", AS_OF_PRECISIONS)):
        bad = (d[field] != "") & ~d[field].isin(allowed)
        p.add(bad, field, lambda i, f=field, a=allowed: f"{d[f][i]!r} is not one of {a}")
    num = {}
    for field in ("low", "high"):
        num[field] = pd.to_numeric(d[field], errors="coerce")
        bad = (d[field] != "") & ~np.isfinite(num[field])
        p.add(bad, field, lambda i, f=field: f"{d[f][i]!r} is not a number")
    low, high, q = num["low"], num["high"], d["qualifier"]
    p.add(low > high, "high", "is below low")
    p.add(q.isin(["up_to", "nearly"]) & high.isna() & (d["high"] == ""), "high",
          "an 'up_to' or 'nearly' claim needs its high figure")  # fmt: skip
    p.add((q == "at_least") & (d["low"] == ""), "low", "an 'at_least' claim needs its low figure")
    numbers = ~(((d["low"] != "") & low.isna()) | ((d["high"] != "") & high.isna()))
    p.add((q == "range") & numbers & ~(low < high), "high", "a 'range' claim needs low < high")
    shaped = d["as_of"].map(usable_date).astype(bool)  # calendar dates in the supported range
    when = pd.to_datetime(d["as_of"].where(shaped), format="%Y-%m-%d", errors="coerce")
    p.add((d["as_of"] != "") & when.isna(), "as_of",
          lambda i: date_problem(d["as_of"][i]))  # fmt: skip
    p.add((d["as_of_precision"] == "month") & (when.dt.day != 1), "as_of",
          "a month-level date is the first of its month")  # fmt: skip
    p.add((d["as_of_precision"] == "year") & ((when.dt.day != 1) | (when.dt.month != 1)),
          "as_of", "a year-level date is the first of January")  # fmt: skip
    for field in ("claimant_id", "source_id"):
        bad = (d[field] != "") & ~d[field].isin(sources.index)
        p.add(bad, field, lambda i, f=field: f"{d[f][i]!r} is not a source_id of the sources")
    for field in ("low", "high"):
        d[field] = [_number(v) for v in d[field]]
    return d, p.sorted()


def _number(text: str) -> str:
    try:
        x = float(text)
    except ValueError:
        return text
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def load_claims(
    path: str | Path | None = None, sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Load and validate a claims table against ``sources`` (a case's ``sources``), typed.

    A case's seed claims are ``case.claims()``. Leaving ``path`` or ``sources`` out is deprecated
    (it takes the default case's).
    Raises :class:`~corridor.validation.ValidationError` listing every problem found.
    """
    if path is None or sources is None:
        missing = " and ".join(n for n, v in (("path", path), ("sources", sources)) if v is None)
        case = deprecated_default("load_claims()", missing)
        if path is None:
            path = case.table("claims.csv")
            if path is None or sources is None:
                return case.claims()
        sources = case.sources if sources is None else sources
    path = Path(path)
    df, problems = prepare(read_table(path), str(path), sources)
    if problems:
        raise ValidationError(problems)
    return typed(df, sources)


def typed(df: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Claims with numbers as floats, ``as_of`` as a timestamp and names of claimant and source."""
    out = df.copy()
    for field in ("low", "high"):
        out[field] = pd.to_numeric(out[field].replace("", np.nan)).astype(float)
    out["as_of"] = pd.to_datetime(out["as_of"], format="%Y-%m-%d")
    out["claimant"] = out["claimant_id"].map(sources["organisation"])
    out["source_publication"] = out["source_id"].map(sources["publication"])
    return out


def claim_ranges(claims: pd.DataFrame, subjects: list[str] | None = None) -> pd.DataFrame:
    """One row per claim, grouped by subject: claimant, figure as stated, low and high.

    ``figure`` renders the qualifier (``up to 30,000``, ``10,000–20,000``); rows keep their
    claimant so competing figures stay side by side.
    """
    sel = claims if subjects is None else claims[claims["subject"].isin(subjects)]
    sel = sel.sort_values(["subject", "as_of", "claimant_id", "claim_id"], kind="stable")
    return pd.DataFrame(
        {
            "subject": sel["subject"],
            "claimant": sel["claimant"],
            "figure": [figure_text(r) for _, r in sel.iterrows()],
            "unit": sel["unit"],
            "low": sel["low"],
            "high": sel["high"],
            "as_of": sel["as_of"].dt.strftime("%Y-%m-%d"),
            "source_id": sel["source_id"],
        }
    ).reset_index(drop=True)


def figure_text(r: pd.Series) -> str:
    def n(x: float) -> str:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"

    lo, hi, q = r["low"], r["high"], r["qualifier"]
    if pd.isna(lo) and pd.isna(hi):
        return "(no figure)"
    if q == "up_to":
        return f"up to {n(hi)}"
    if q == "nearly":
        return f"nearly {n(hi)}"
    if q == "at_least":
        return f"at least {n(lo)}"
    if q == "multiplier":
        return f"x{n(lo)}"
    text = n(lo) if lo == hi or pd.isna(hi) else f"{n(lo)}–{n(hi)}"
    return f"about {text}" if q == "about" else text


#: Former home of the claims plot, now beside the maps (:mod:`corridor.maps.claims_plot`).
__getattr__ = moved(__name__, {"plot_claim_ranges": "corridor.maps.claims_plot:plot_claim_ranges"})
