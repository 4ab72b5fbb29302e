"""Transport: sea, air and rail legs, itineraries, the asset catalogue, capacity and schedules."""

from corridor.transport.assets import catalogue, get_asset, load_assets
from corridor.transport.capacity import Lift, capacity_table, lift_capacity, time_to_move
from corridor.transport.routes import (
    MODES,
    air_leg,
    great_circle_km,
    itinerary,
    rail_leg,
    sea_leg,
    sea_legs,
    summary,
)
from corridor.transport.schedule import combine, shuttle, timed_legs

__all__ = [
    "Lift",
    "MODES",
    "air_leg",
    "capacity_table",
    "catalogue",
    "combine",
    "get_asset",
    "great_circle_km",
    "itinerary",
    "lift_capacity",
    "load_assets",
    "rail_leg",
    "sea_leg",
    "sea_legs",
    "shuttle",
    "summary",
    "time_to_move",
    "timed_legs",
]
