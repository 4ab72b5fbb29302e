"""``corridor route FROM TO --mode sea|air|rail|road [--asset ID]``: legs with length and duration.

Prints one line per leg (air routes beyond the asset's range get one line per hop, with the
refuelling stop named) and a total; ``--geojson FILE`` also writes the legs as GeoJSON.
"""

from __future__ import annotations

import math

from corridor.transport.routes import MODES, itinerary, summary


def register(sub) -> None:
    p = sub.add_parser(
        "route",
        help="sea, air, rail or road legs between two sites",
        description="Route between two sites (names or ids): length and, with an asset, duration.",
    )
    p.add_argument("origin", metavar="FROM", help="site name or id")
    p.add_argument("destination", metavar="TO", help="site name or id")
    p.add_argument("--via", nargs="+", default=[], metavar="SITE", help="intermediate stops")
    p.add_argument("--mode", choices=MODES, help="mode of every leg (default: chosen by site kind)")
    p.add_argument("--asset", help="asset id of the case's catalogue (corridor assets list)")
    p.add_argument("--geojson", metavar="FILE", help="also write the legs to FILE as GeoJSON")
    p.set_defaults(func=run)


def _hours(h: float) -> str:
    return "-" if math.isnan(h) else f"{h:,.1f} h"


def run(args) -> int:
    stops = [args.origin, *args.via, args.destination]
    modes = None if args.mode is None else [args.mode] * (len(stops) - 1)
    legs = itinerary(stops, modes=modes, asset=args.asset, case=args.case_obj)
    for leg in legs.itertuples():
        line = (
            f"{leg.leg}\t{leg.mode}\t{leg.origin} -> {leg.destination}\t"
            f"{leg.length_km:,.0f} km\t{_hours(leg.duration_h)}"
        )
        print(line + (f"\t{leg.note}" if leg.note else ""))
    total = summary(legs)
    print(f"total\t{len(legs)} legs\t{total['length_km']:,.0f} km\t{_hours(total['duration_h'])}")
    if args.geojson:
        legs.to_file(args.geojson, driver="GeoJSON")
    return 0
