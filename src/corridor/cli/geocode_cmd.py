"""``corridor geocode NAME...``: resolve place names to gazetteer sites."""

from __future__ import annotations

import json
import sys

FIELDS = ["query", "site_id", "name", "lat", "lon", "kind", "matched_by"]


def register(sub) -> None:
    p = sub.add_parser("geocode", help="resolve place names to sites")
    p.add_argument("names", nargs="+", metavar="NAME", help="place names as written")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    p.set_defaults(func=run)


def run(args) -> int:
    from corridor.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    results, failed = [], []
    for name in args.names:
        try:
            match = gaz.lookup(name)
        except LookupError as exc:
            failed.append(str(exc))
            continue
        site = match.site
        results.append(
            {
                "query": name,
                "site_id": site["site_id"],
                "name": site["name"],
                "lat": site["lat"],
                "lon": site["lon"],
                "kind": site["kind"],
                "matched_by": match.matched_by,
            }  # fmt: skip
        )
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for r in results:
            print("\t".join(str(r[f]) for f in FIELDS))
    for message in failed:
        print(f"corridor geocode: {message}", file=sys.stderr)
    return 1 if failed else 0
