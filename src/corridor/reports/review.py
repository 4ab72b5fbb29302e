"""Review files: candidates out to CSV or JSON, the accepted ones into the store.

A review file has one row per candidate (:data:`corridor.reports.extract.REVIEW_COLUMNS`). The analyst
marks ``accept`` with ``yes`` (or ``y``, ``true``, ``1``, ``x``) and may correct any field first;
blank or ``no`` leaves a row out. :func:`accept_review` checks the whole file, then imports the
accepted sightings and claims through the store's normal imports, registering the report as a
source (kind ``report``) in the same transaction. Provenance: each sighting's ``source_detail``
and each claim's ``notes`` hold the character span of the sentence it came from. The store
recognises rows it already holds, so accepting the same file twice adds nothing.

Place rows (kind ``place``) list every place mention with its span and what the geocoder made of
it, so a reviewer sees the places that no candidate used and can correct one (and the sentence's
candidates) by hand; accepting a place row imports nothing by itself. In a CSV review file every
text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` ...) is quoted
with :func:`corridor.escape.csv_frame` and read back exactly with
:func:`corridor.escape.uncsv_frame`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from corridor.escape import csv_frame, uncsv_frame
from corridor.evidence.claims import CLAIM_COLUMNS
from corridor.evidence.claims import prepare as prepare_claims
from corridor.evidence.sightings import SIGHTING_COLUMNS, SOURCE_COLUMNS
from corridor.evidence.sightings import prepare as prepare_sightings
from corridor.reports.candidates import (
    CANDIDATE_KINDS,
    REPORT_SOURCE_COLUMNS,
    REVIEW_COLUMNS,
)
from corridor.reports.extract import Extraction
from corridor.validation import Problem, ValidationError

YES = ("yes", "y", "true", "1", "x", "accept", "accepted")
NO = ("", "no", "n", "false", "0", "reject", "rejected")
FORMATS = (".csv", ".json")


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"{path}: a review file ends in one of {FORMATS}, got {suffix or 'none'!r}"
        )
    return suffix


def write_review(extraction: Extraction | pd.DataFrame, path: str | Path) -> Path:
    """Write the candidates to ``path`` (``.csv`` or ``.json``, a list of row objects)."""
    path = Path(path)
    fmt = _format(path)
    table = extraction.candidates if isinstance(extraction, Extraction) else extraction
    table = table.reindex(columns=REVIEW_COLUMNS).fillna("").astype(str)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == ".csv":  # report text lands in spreadsheets: no cell may start a formula
        text = csv_frame(table).to_csv(index=False, lineterminator="\n")
    else:
        records = table.to_dict(orient="records")
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # nothing half-written
    return path


def read_review(path: str | Path) -> pd.DataFrame:
    """Read a review file back as strings; raises ``ValidationError`` for missing columns."""
    path = Path(path)
    fmt = _format(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such review file")
    if fmt == ".csv":
        df = uncsv_frame(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8"))
    else:
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON ({exc})") from None
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ValueError(f"{path}: a JSON review file is a list of row objects")
        df = pd.DataFrame(records, dtype=str).fillna("")
    missing = [c for c in REVIEW_COLUMNS if c not in df.columns]
    if missing:
        raise ValidationError(
            [
                Problem(
                    str(path),
                    None,
                    c,
                    "missing column; a review file has the columns "
                    "written by 'corridor report extract'",
                )
                for c in missing
            ]  # fmt: skip
        )
    return df[REVIEW_COLUMNS].astype(str)


def accepted(df: pd.DataFrame, file: str) -> pd.DataFrame:
    """The accepted rows of a review table; every bad ``accept`` or ``kind`` is reported at once."""
    problems = []
    for i, row in df.reset_index(drop=True).iterrows():
        value = row["accept"].strip().lower()
        if value not in YES + NO:
            problems.append(
                Problem(
                    file, i + 1, "accept", f"{row['accept']!r}: write yes or no (or leave blank)"
                )
            )
        if value in YES and row["kind"] not in CANDIDATE_KINDS:
            problems.append(
                Problem(file, i + 1, "kind", f"{row['kind']!r} is not one of {CANDIDATE_KINDS}")
            )
    if problems:
        raise ValidationError(problems)
    return df[df["accept"].str.strip().str.lower().isin(YES)]


def _sources(rows: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame({"source_id": rows["source_id"]})
    for c in REPORT_SOURCE_COLUMNS:
        table[c.removeprefix("source_")] = rows[c]
    return table[SOURCE_COLUMNS].drop_duplicates().reset_index(drop=True)


def _in_file(problems: list[Problem], file_rows: list[int]) -> list[Problem]:
    """Renumber problems of a sub-table to the rows of the review file."""
    return [
        Problem(p.file, file_rows[p.row - 1] if p.row else p.row, p.field, p.message)
        for p in problems
    ]


@dataclass
class AcceptReport:
    """What accepting a review file did: the store's reports for sightings and claims."""

    accepted: int
    sightings: object | None
    claims: object | None

    def __str__(self) -> str:
        parts = [f"{self.accepted} accepted candidate(s)"]
        parts += [f"sightings: {self.sightings}"] if self.sightings is not None else []
        parts += [f"claims: {self.claims}"] if self.claims is not None else []
        return "\n".join(parts)


def accept_review(path: str | Path, store, origin: str | None = None) -> AcceptReport:
    """Import the accepted rows of a review file into ``store`` (an open store, see
    :func:`corridor.store.open_store`).

    Both tables are checked against the store before either is written, so a file with a bad
    row imports nothing. ``origin`` names the import in the store's records (default: the path).
    """
    path = Path(path)
    rows = accepted(read_review(path).reset_index(drop=True), str(path))
    is_sighting, is_claim = rows["kind"] == "sighting", rows["kind"] == "claim"
    sightings = rows[is_sighting][SIGHTING_COLUMNS].reset_index(drop=True)
    claims = rows[is_claim][CLAIM_COLUMNS].reset_index(drop=True)
    file_rows = {"s": list(rows.index[is_sighting] + 1), "c": list(rows.index[is_claim] + 1)}
    sources = _sources(rows)
    known = store.sources()
    new = sources[~sources["source_id"].isin(known.index)].set_index("source_id", drop=False)
    all_sources = pd.concat([known, new]) if len(new) else known
    problems = []
    if len(sightings):
        found = prepare_sightings(sightings, str(path), store.gazetteer, all_sources)[1]
        problems += _in_file(found, file_rows["s"])
    if len(claims):
        problems += _in_file(prepare_claims(claims, str(path), all_sources)[1], file_rows["c"])
    if problems:
        raise ValidationError(problems)
    origin = origin or str(path)
    report = AcceptReport(len(rows), None, None)
    if len(sightings):
        report.sightings = store.import_sightings(sightings, sources=sources, origin=origin)
    if len(claims):
        report.claims = store.import_claims(claims, sources=sources, origin=origin)
    return report
