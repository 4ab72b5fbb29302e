"""``corridor capacity FROM TO --asset ID --count N --load-h LO HI --unload-h LO HI``.

Prints the throughput of the lift as low/high ranges (round trip, cargo per trip, day and month)
for troops or, with ``--cargo tonnes``, tonnes; with ``--move N`` the trips and days to move N.
The asset is an id of the case's catalogue, or given inline with ``--speed-kmh`` and ``--troops``
or ``--payload-t``. Claimed transfers are compared only when asked: ``--compare SUBJECT[=DAYS]``
(claims of the case by subject), else the ``[[capacity.compare]]`` tables of the case's
``corridor.toml``. Loading, unloading and stop times are the analyst's assumptions.
"""

from __future__ import annotations

from corridor.escape import terminal
from corridor.transport.assets import get_asset
from corridor.transport.capacity import (
    Lift,
    claim_targets,
    compare_with_claims,
    lift_capacity,
    time_to_move,
)
from corridor.transport.routes import MODES, itinerary


def register(sub) -> None:
    p = sub.add_parser(
        "capacity",
        help="troop throughput of assets shuttling between two sites",
        description="Throughput of COUNT assets shuttling FROM -> TO, as low/high ranges.",
    )
    p.add_argument("origin", metavar="FROM", help="site name or id")
    p.add_argument("destination", metavar="TO", help="site name or id")
    p.add_argument("--asset", required=True,
                   help="asset id of the case's catalogue (corridor assets list), or a label for "
                   "an asset given inline with --speed-kmh")  # fmt: skip
    p.add_argument("--cargo", choices=["troops", "tonnes"], default="troops",
                   help="what the lift carries (default: troops)")  # fmt: skip
    p.add_argument("--speed-kmh", type=float, help="cruise speed of an inline asset")
    p.add_argument("--count", type=int, default=1, help="assets working in parallel")
    p.add_argument("--mode", choices=MODES, help="mode of the route (default: the asset's)")
    two = {"nargs": 2, "type": float, "metavar": ("LOW", "HIGH")}
    p.add_argument("--load-h", required=True, help="hours to embark", **two)
    p.add_argument("--unload-h", required=True, help="hours to disembark", **two)
    p.add_argument("--stop-h", default=(0.0, 0.0), help="hours at each refuelling stop", **two)
    p.add_argument("--duty-h", default=(24.0, 24.0), help="hours a day the assets work", **two)
    p.add_argument("--troops", help="troops per trip instead of the catalogue's", **two)
    p.add_argument("--payload-t", help="tonnes per trip instead of the catalogue's", **two)
    p.add_argument("--move", type=float, metavar="N", help="troops or tonnes to move: trips, days")
    p.add_argument("--compare", action="append", metavar="SUBJECT[=DAYS]",
                   help="compare with the case's claims of SUBJECT, done in DAYS (repeatable; "
                   "default: the claims corridor.toml names)")  # fmt: skip
    p.add_argument("--no-compare", action="store_true", help="compare with no claims")
    p.set_defaults(func=run)


def _fmt(value) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


def _claims(case):
    """The case's claims as they are now: its store's when it has one, else its claims table."""
    from corridor.store import default_path, open_store

    path = default_path(case)
    if path.is_file():
        return open_store(path, case=case, create=False).claims()
    return case.claims()


def _targets(args):
    case = args.case_obj
    if args.no_compare:
        return None
    if not args.compare:
        if not case.config.capacity:
            return None
        return claim_targets(claims=_claims(case), case=case)
    configured = {t.subject: t.window_days for t in case.config.capacity}
    subjects = {}
    for item in args.compare:
        subject, _, days = item.partition("=")
        if days:
            try:
                subjects[subject] = float(days)
            except ValueError:
                raise ValueError(f"--compare {item!r}: DAYS must be a number") from None
            if subjects[subject] <= 0:
                raise ValueError(f"--compare {item!r}: DAYS must be positive")
        elif subject in configured:
            subjects[subject] = configured[subject]
        else:
            raise ValueError(
                f"--compare {subject!r}: give the days the transfer took (SUBJECT=DAYS); "
                "corridor.toml names none for it"
            )
    return claim_targets(subjects, claims=_claims(case), case=case)


def run(args) -> int:
    case = args.case_obj
    spec = None
    if args.speed_kmh is not None:
        if args.speed_kmh <= 0:
            raise ValueError(f"--speed-kmh must be positive, got {args.speed_kmh}")
        if args.mode is None:
            raise ValueError("an inline asset (--speed-kmh) needs --mode")
        spec = {"asset_id": args.asset, "name": args.asset, "mode": args.mode,
                "cruise_speed_kmh": args.speed_kmh}  # fmt: skip
        legs = itinerary([args.origin, args.destination], modes=[args.mode], case=case)
    else:
        mode = args.mode or get_asset(args.asset, case.assets)["mode"]
        legs = itinerary([args.origin, args.destination], modes=[mode], asset=args.asset, case=case)
    lift = Lift(
        args.asset, legs, count=args.count, load_h=tuple(args.load_h),
        unload_h=tuple(args.unload_h), stop_h=tuple(args.stop_h), duty_h=tuple(args.duty_h),
        troops=tuple(args.troops) if args.troops else None, cargo=args.cargo,
        payload_t=tuple(args.payload_t) if args.payload_t else None, spec=spec,
        assets=case.assets,
    )  # fmt: skip
    for key, value in lift_capacity(lift).items():
        print(terminal(f"{key}\t{_fmt(value)}"))
    if args.move:
        for key, value in time_to_move(lift, args.move).items():
            if key.startswith(("trips", "days")):
                print(f"{key}\t{_fmt(value)}")
    targets = _targets(args)
    if targets is None or targets.empty:
        return 0
    print()
    print("claim\tclaimant\tfigure\tunit\twindow_days\tcan_move\tfits")
    for row in compare_with_claims([lift], targets).itertuples():
        can = "-" if row.fits == "unit" else f"{row.can_move_low:,.0f}-{row.can_move_high:,.0f}"
        print(terminal(
            f"{row.claim_id}\t{row.claimant_id}\t{row.low:,.0f}-{row.high:,.0f}\t{row.unit}\t"
            f"{row.window_days:,.0f}\t{can}\t{row.fits}"
        ))
    return 0
