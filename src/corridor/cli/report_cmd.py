"""``corridor report extract|accept``: candidates from a report's text, then into the store.

``corridor report extract FILE --publisher NAME --published YYYY-MM-DD [--url URL]
[--out review.csv|review.json]`` writes one row per candidate sighting or claim with an empty
``accept`` column (to standard output as CSV when ``--out`` is not given).
``corridor report accept REVIEWFILE [--store PATH]`` imports the rows marked ``yes``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from corridor.escape import csv_frame


def register(sub) -> None:
    p = sub.add_parser("report", help="extract candidates from a report; import accepted ones")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    ex = actions.add_parser("extract", help="write a review file of candidates from a text file")
    ex.add_argument("file", metavar="FILE", help="the report as a UTF-8 text file")
    ex.add_argument("--publisher", required=True, help="who published the report")
    ex.add_argument("--published", required=True, metavar="YYYY-MM-DD", help="publication date")
    ex.add_argument("--url", default="", help="where it was published")
    ex.add_argument(
        "--source-id", help="id of the report among the sources (default: report_<file stem>)"
    )
    ex.add_argument("--out", metavar="REVIEW", help="review file to write (.csv or .json)")
    ex.set_defaults(func=run_extract)
    ac = actions.add_parser("accept", help="import the accepted rows of a review file")
    ac.add_argument("review", metavar="REVIEWFILE", help="a review file (.csv or .json)")
    ac.add_argument(
        "--store", metavar="PATH", help="store file (default: see corridor.store.geopackage)"
    )
    ac.set_defaults(func=run_accept)


def _date(text: str):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--published {text!r} is not a date; write YYYY-MM-DD") from None


def run_extract(args) -> int:
    from corridor.reports.extract import REVIEW_COLUMNS, extract
    from corridor.reports.review import write_review

    path = Path(args.file)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such report file")
    x = extract(
        path.read_text(encoding="utf-8"),
        publisher=args.publisher,
        published=_date(args.published),
        url=args.url,
        name=path.stem,
        source_id=args.source_id,
        case=args.case_obj,
    )
    counts = x.candidates["kind"].value_counts()
    summary = (
        f"{path}: {counts.get('sighting', 0)} candidate sighting(s), "
        f"{counts.get('claim', 0)} candidate claim(s), {counts.get('place', 0)} place mention(s)"
    )
    if x.language.code != "en":
        summary += f"; {x.language.message}"
    if args.out:
        print(f"{summary} -> {write_review(x, args.out)}")
    else:
        csv_frame(x.candidates[REVIEW_COLUMNS]).to_csv(sys.stdout, index=False, lineterminator="\n")
        print(summary, file=sys.stderr)
    return 0


def run_accept(args) -> int:
    from corridor.reports.review import accept_review
    from corridor.store.geopackage import open_store

    print(accept_review(args.review, open_store(args.store, case=args.case_obj)))
    return 0
