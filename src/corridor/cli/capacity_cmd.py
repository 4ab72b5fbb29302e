"""``corridor capacity FROM TO --asset ID --count N --load-h LO HI --unload-h LO HI``.

Prints the throughput of the lift as low/high ranges (round trip, troops per trip, day and month),
with ``--move N`` the trips and days to move N troops, and the claimed transfers of
``claims.csv`` against it. Loading, unloading and stop times are the analyst's assumptions.
"""

from __future__ import annotations

from corridor.transport.routes import MODES


def register(sub) -> None:
    p = sub.add_parser(
        "capacity",
        help="troop throughput of assets shuttling between two sites",
        description="Throughput of COUNT assets shuttling FROM -> TO, as low/high ranges.",
    )
    p.add_argument("origin", metavar="FROM", help="site name or id")
    p.add_argument("destination", metavar="TO", help="site name or id")
    p.add_argument("--asset", required=True, help="asset id, e.g. ropucha, il76, troop_train")
    p.add_argument("--count", type=int, default=1, help="assets working in parallel")
    p.add_argument("--mode", choices=MODES, help="mode of the route (default: the asset's)")
    two = {"nargs": 2, "type": float, "metavar": ("LOW", "HIGH")}
    p.add_argument("--load-h", required=True, help="hours to embark", **two)
    p.add_argument("--unload-h", required=True, help="hours to disembark", **two)
    p.add_argument("--stop-h", default=(0.0, 0.0), help="hours at each refuelling stop", **two)
    p.add_argument("--duty-h", default=(24.0, 24.0), help="hours a day the assets work", **two)
    p.add_argument("--troops", help="troops per trip instead of the catalogue's", **two)
    p.add_argument("--move", type=int, metavar="N", help="troops to move: trips and days")
    p.set_defaults(func=run)


def _fmt(value) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


def run(args) -> int:
    from corridor.transport.assets import get_asset
    from corridor.transport.capacity import (
        Lift,
        claim_targets,
        compare_with_claims,
        lift_capacity,
        time_to_move,
    )
    from corridor.transport.routes import itinerary

    mode = args.mode or get_asset(args.asset)["mode"]
    legs = itinerary([args.origin, args.destination], modes=[mode], asset=args.asset)
    lift = Lift(
        args.asset, legs, count=args.count, load_h=tuple(args.load_h),
        unload_h=tuple(args.unload_h), stop_h=tuple(args.stop_h), duty_h=tuple(args.duty_h),
        troops=tuple(args.troops) if args.troops else None,
    )  # fmt: skip
    for key, value in lift_capacity(lift).items():
        print(f"{key}\t{_fmt(value)}")
    if args.move:
        for key, value in time_to_move(lift, args.move).items():
            if key.startswith(("trips", "days")):
                print(f"{key}\t{_fmt(value)}")
    print()
    print("claim\tclaimant\ttroops\twindow_days\tcan_move\tfits")
    for row in compare_with_claims([lift], claim_targets()).itertuples():
        print(
            f"{row.claim_id}\t{row.claimant_id}\t{row.troops_low:,.0f}-{row.troops_high:,.0f}\t"
            f"{row.window_days:,.0f}\t{row.can_move_low:,.0f}-{row.can_move_high:,.0f}\t{row.fits}"
        )
    return 0
