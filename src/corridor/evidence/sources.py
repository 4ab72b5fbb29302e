"""Sources: the publications and originators that sightings and claims cite.

A source row: ``source_id`` (short stable id), ``kind`` (one of :data:`SOURCE_KINDS`),
``organisation`` (outlet, agency or person), ``publication`` (title), ``published`` (YYYY-MM-DD),
``url`` (http or https only) and ``notes``.

>>> import pandas as pd
>>> bad = pd.DataFrame([{"source_id": "a", "kind": "blog", "organisation": "", "publication": "",
...                      "published": "2025-02-30", "url": "javascript:alert(1)", "notes": ""}])
>>> for p in validate_sources(bad, "sources.csv"):
...     print(p)
sources.csv, row 1, field 'kind': 'blog' is not one of report, imagery_provider, intelligence_service, official, news_agency, think_tank, international_org, media, track, dataset
sources.csv, row 1, field 'published': '2025-02-30' is not a date (YYYY-MM-DD)
sources.csv, row 1, field 'url': 'javascript:alert(1)' is not an http(s) link
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from corridor.evidence.sightings import SOURCE_COLUMNS, SOURCE_KINDS
from corridor.validation import Problem

__all__ = ["SOURCE_COLUMNS", "SOURCE_KINDS", "safe_url", "validate_sources"]


def safe_url(url: str) -> bool:
    """Whether ``url`` is empty or an http(s) link (the only links pages and exports show)."""
    text = str(url).strip()
    return not text or (text.lower().startswith(("http://", "https://")) and " " not in text)


def validate_sources(df: pd.DataFrame, file: str) -> list[Problem]:
    """Every problem of a sources table (columns, ids, kinds, dates, links), with row and field."""
    missing = [c for c in SOURCE_COLUMNS if c not in df.columns]
    if missing:
        return [Problem(file, None, c, f"missing column; expected {SOURCE_COLUMNS}") for c in missing]
    problems = [
        Problem(file, None, c, f"unknown column; expected {SOURCE_COLUMNS}")
        for c in df.columns
        if c not in SOURCE_COLUMNS
    ]
    d = df[SOURCE_COLUMNS].fillna("").astype(str).reset_index(drop=True)
    for i, row in d.iterrows():
        n = i + 1
        if not row["source_id"].strip():
            problems.append(Problem(file, n, "source_id", "empty; every source needs an id"))
        if row["kind"] not in SOURCE_KINDS:
            problems.append(
                Problem(file, n, "kind", f"{row['kind']!r} is not one of {', '.join(SOURCE_KINDS)}")
            )
        if row["published"]:
            try:
                date.fromisoformat(row["published"])
                ok = len(row["published"]) == 10
            except ValueError:
                ok = False
            if not ok:
                problems.append(
                    Problem(file, n, "published", f"{row['published']!r} is not a date (YYYY-MM-DD)")
                )
        if not safe_url(row["url"]):
            problems.append(Problem(file, n, "url", f"{row['url']!r} is not an http(s) link"))
    for i in d.index[d["source_id"].duplicated() & (d["source_id"] != "")]:
        problems.append(Problem(file, i + 1, "source_id", f"{d.at[i, 'source_id']!r} is listed twice"))
    return problems
