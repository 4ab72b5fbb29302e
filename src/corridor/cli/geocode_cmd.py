"""``corridor geocode NAME...``: resolve place names to sites, offline.

Names come from the arguments, or one a line from a file (``--input FILE``) or standard input
(``-``). Output is a tab-separated table (default), CSV or JSON with one row per name; the exit
status is 1 when a name is ambiguous or not found, and each such name's reason goes to stderr.
"""

from __future__ import annotations

import csv
import json
import sys

#: Output fields, in order.
FIELDS = [
    "query", "site_id", "name", "lat", "lon", "kind", "matched_by", "status", "score", "source",
    "location_precision_m",
]  # fmt: skip


def register(sub) -> None:
    p = sub.add_parser(
        "geocode",
        help="resolve place names to sites",
        description="Resolve place names (any script, codes, near spellings) to sites, offline.",
    )
    p.add_argument(
        "names", nargs="*", metavar="NAME", help="place names as written; '-' reads stdin"
    )
    p.add_argument("--input", metavar="FILE", help="read names from FILE, one a line ('-': stdin)")
    p.add_argument("--country", help="ISO code or English name of the country, e.g. RU")
    p.add_argument("--near", help="a site name or id, or 'LAT,LON', the place should be near")
    p.add_argument("--radius-km", type=float, help="radius of --near (default 100 km)")
    p.add_argument("--kind", help="site kind, e.g. port, airfield, base, city")
    p.add_argument("--format", choices=("tsv", "csv", "json"), default="tsv", help="output format")
    p.add_argument("--json", action="store_true", help="same as --format json")
    p.set_defaults(func=run)


def _names(args) -> list[str]:
    names = [n for n in args.names if n != "-"]
    if "-" in args.names or args.input == "-":
        names.extend(line.rstrip("\r\n") for line in sys.stdin if line.strip())
    elif args.input:
        try:
            with open(args.input, encoding="utf-8") as stream:
                names.extend(line.rstrip("\r\n") for line in stream if line.strip())
        except UnicodeDecodeError as exc:
            raise ValueError(f"{args.input}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None

    if not names:
        raise ValueError("no names given: pass NAME arguments, --input FILE, or '-' for stdin")
    return names


def _near(text: str | None):
    if text is None:
        return None
    parts = text.split(",")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            pass
    return text


def run(args) -> int:
    names = _names(args)
    results = args.case_obj.geocoder.resolve_many(
        names, country=args.country, near=_near(args.near), kind=args.kind,
        radius_km=args.radius_km,
    )  # fmt: skip
    rows = [{f: getattr(r, f) for f in FIELDS} for r in results]
    fmt = "json" if args.json else args.format
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        for r in rows:
            print("\t".join("" if r[f] is None else str(r[f]) for f in FIELDS))
    failed = [r.message for r in results if not r.resolved]
    for message in dict.fromkeys(failed):
        print(f"corridor geocode: {message}", file=sys.stderr)
    return 1 if len(failed) else 0
