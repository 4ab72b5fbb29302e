"""The corridor's routes and transfer scenarios, built from routes, assets and schedules.

:func:`corridor_routes` gives the sea, air and rail legs the project draws for the
North Korea - Russia corridor. :func:`transfer_2024` and :func:`scenario_2025` turn them into timed
movements for :mod:`corridor.maps.animation`. They are **scenarios**, not observed tracks: the dates
are anchored on the claims and sightings (first troops at the front in October 2024; the Ropucha
back at Dunai on 2025-05-18; Il-76s at Sunan on 2025-06-04), and everything else (how many
trips, loading times, which airfield) is a parameter with a stated default.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from corridor.transport.routes import air_leg, rail_leg, sea_leg
from corridor.transport.schedule import combine, shuttle, timed_legs

#: North Korean ports with sea legs to Dunai.
DEPARTURE_PORTS = ("rajin", "chongjin", "hungnam")


def corridor_routes() -> gpd.GeoDataFrame:
    """Sea legs from the North Korean east-coast ports to Dunai, Il-76 legs from Sunan to
    Knevichi and (with refuelling stops) to Kursk Vostochny, and the rail route from Rajin to
    Kursk over the Tumangang-Khasan crossing, one row per leg."""
    parts = [sea_leg(port, "dunai", asset="ropucha") for port in DEPARTURE_PORTS]
    parts.append(sea_leg("wonsan", "vladivostok_port", asset="ropucha"))
    parts.append(air_leg("sunan", "knevichi", asset="il76"))
    parts.append(air_leg("sunan", "kursk_vostochny", asset="il76"))
    parts.append(rail_leg("rajin", "kursk", asset="troop_train"))
    legs = pd.concat(parts, ignore_index=True)
    legs["leg"] = range(len(legs))
    return gpd.GeoDataFrame(legs, geometry="geometry", crs="EPSG:4326")


def transfer_2024(
    start="2024-10-01",
    ship_trips: int = 6,
    flights: int = 6,
    flight_interval_h: float = 24.0,
    trains: int = 4,
    train_interval_h: float = 48.0,
    load_h: float = 12.0,
    unload_h: float = 12.0,
) -> gpd.GeoDataFrame:
    """Scenario of the autumn 2024 transfer: a Ropucha shuttling Rajin-Dunai, Il-76 flights
    Sunan-Knevichi, and troop trains Ussuriysk-Kursk leaving every ``train_interval_h``."""
    start = pd.Timestamp(start, tz="UTC")
    ship = shuttle(
        sea_leg("rajin", "dunai", asset="ropucha"), start, ship_trips, "Ropucha-class landing ship",
        load_h, unload_h,
    )  # fmt: skip
    air = repeated_flights(air_leg("sunan", "knevichi", asset="il76"), start, flights,
                           flight_interval_h, "Il-76")  # fmt: skip
    rail = rail_leg("ussuriysk", "kursk", asset="troop_train")
    first_train = start + pd.Timedelta(days=2)
    trains_ = [
        timed_legs(
            rail, first_train + pd.Timedelta(hours=i * train_interval_h), f"Troop train {i + 1}"
        )
        for i in range(trains)
    ]
    return combine(ship, air, *trains_)


def repeated_flights(legs, start, flights: int, interval_h: float, label: str) -> gpd.GeoDataFrame:
    """``flights`` one-way flights of the same legs, one every ``interval_h`` from ``start``."""
    return combine(
        *(
            timed_legs(
                legs,
                pd.Timestamp(start) + pd.Timedelta(hours=i * interval_h),
                f"{label} flight {i + 1}",
                dwell_h=2.0,
            )  # fmt: skip
            for i in range(flights)
        )
    )


def scenario_2025(
    ship_start="2025-05-18",
    air_start="2025-06-04",
    ship_trips: int = 4,
    aircraft: int = 4,
    load_h: float = 12.0,
    unload_h: float = 12.0,
) -> gpd.GeoDataFrame:
    """Scenario of a 2025 transfer: the Ropucha shuttling Rajin-Dunai from its 18 May call, and
    ``aircraft`` Il-76s leaving Sunan for Kursk Vostochny six hours apart from 4 June, with
    refuelling stops chosen by range."""
    ship = shuttle(sea_leg("rajin", "dunai", asset="ropucha"), ship_start, ship_trips,
                   "Ropucha-class landing ship", load_h, unload_h)  # fmt: skip
    air = repeated_flights(air_leg("sunan", "kursk_vostochny", asset="il76"),
                           pd.Timestamp(air_start, tz="UTC"), aircraft, 6.0, "Il-76")  # fmt: skip
    return combine(ship, air)
