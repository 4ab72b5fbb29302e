"""``corridor check-claim "Varna lies 120 km SSW of Constanța"``: check distance statements.

Every distance-and-bearing statement in the text is checked against the gazetteer; one line per
statement says what is measured, what was claimed, and the verdict (``--json`` for all fields).
"""

from __future__ import annotations

import dataclasses
import json

from corridor.places.claimcheck import REL_TOLERANCE, check_claim, find_claims


def register(sub) -> None:
    p = sub.add_parser(
        "check-claim",
        help="check 'X km <direction> of Y' statements against the gazetteer",
        description="Check distance-and-bearing statements such as '120 km south-southwest of Constanța'.",
    )
    p.add_argument("text", help="the statement, or any text holding such statements")
    p.add_argument("--subject", help="the place the statement is about, if the text omits it")
    p.add_argument(
        "--tolerance", type=float, default=None, metavar="FRACTION",
        help="relative distance tolerance before location precision (default 0.15)",
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print every field as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    tolerance = REL_TOLERANCE if args.tolerance is None else args.tolerance
    if not 0 <= tolerance < 1:
        raise ValueError(f"--tolerance must be a fraction in [0, 1), got {tolerance}")
    geocoder = args.case_obj.geocoder
    if args.subject is not None:
        checks = [check_claim(args.text, subject=args.subject, rel_tolerance=tolerance,
                              gazetteer=geocoder)]  # fmt: skip
    else:
        checks = find_claims(args.text, rel_tolerance=tolerance, gazetteer=geocoder)
    if not checks:
        raise ValueError(
            f"no distance statement found in {args.text[:80]!r}; expected e.g. "
            "'Varna lies 120 km south-southwest of Constanta'"
        )
    if args.json:
        print(json.dumps([dataclasses.asdict(c) for c in checks], ensure_ascii=False, indent=2))
    else:
        for check in checks:
            print(f"{check.verdict}: {check.summary()}")
    return 0
