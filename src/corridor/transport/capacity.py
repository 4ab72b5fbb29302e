"""Transport capacity: round trips, troops per day and month, trips and calendar time, low/high.

A :class:`Lift` is a number of assets of one type shuttling troops along a one-way itinerary
(legs from :mod:`corridor.transport.routes`), with loading, unloading and stop (refuelling) times given as
``(low, high)`` hours by the analyst. Every result is a range:

- the **low** end is the pessimistic case: fewest troops per trip (``troops_low`` of the
  catalogue) and the slowest turnaround (high loading, unloading and stop times);
- the **high** end is the optimistic case: most troops per trip and the fastest turnaround.

Definitions (``n_stops`` is the number of intermediate stops of the one-way route)::

    round_trip_h = 2 * one_way_h + load_h + unload_h + 2 * n_stops * stop_h
    troops_per_day = count * troops_per_trip * duty_h / round_trip_h
    troops_per_month = troops_per_day * MONTH_DAYS
    trips = ceil(N / troops_per_trip); rounds = ceil(trips / count)
    days = ((rounds - 1) * round_trip_h + load_h + one_way_h + n_stops * stop_h + unload_h) / duty_h

``duty_h`` is how many hours a day the assets work (24 by default: round the clock; aircraft
crews and maintenance may allow fewer).

(the last wave does not come back). Several lifts working in parallel add their troops per day.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import LineString
>>> legs = gpd.GeoDataFrame({"mode": ["sea"], "length_km": [330.0], "duration_h": [10.0]},
...     geometry=[LineString([(0, 0), (3, 0)])], crs="EPSG:4326")
>>> lift = Lift("ropucha", legs, count=1, load_h=(12, 12), unload_h=(12, 12), troops=(400, 400))
>>> row = lift_capacity(lift)
>>> float(row["round_trip_h_low"]), round(float(row["troops_per_day_high"]), 2)
(44.0, 218.18)
>>> move = time_to_move(lift, 11_000)
>>> int(move["trips_low"]), round(float(move["days_low"]), 4)
(28, 50.9167)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from corridor._data import geodata_path
from corridor.transport.assets import get_asset

#: Days in a month for per-month figures.
MONTH_DAYS = 30


def _pair(value, name: str) -> tuple[float, float]:
    lo, hi = (value, value) if isinstance(value, (int, float)) else tuple(value)
    if lo < 0 or hi < lo:
        raise ValueError(f"{name} must be (low, high) with 0 <= low <= high, got {value!r}")
    return float(lo), float(hi)


@dataclass(frozen=True)
class Lift:
    """Assets of one type shuttling along one itinerary.

    Parameters
    ----------
    asset_id : str
        Catalogue id (``corridor.transport.assets``).
    legs : GeoDataFrame
        The loaded, one-way itinerary (``length_km``, optionally ``duration_h``).
    count : int
        Number of assets working in parallel.
    load_h, unload_h : (low, high) hours
        Time to embark at the origin and disembark at the destination.
    stop_h : (low, high) hours
        Ground time at each intermediate stop (refuelling), each way.
    troops : (low, high), optional
        Troops per trip; defaults to the catalogue's ``troops_low``/``troops_high``.
    duty_h : (low, high) hours
        Hours a day the assets work.
    """

    asset_id: str
    legs: gpd.GeoDataFrame
    count: int
    load_h: tuple[float, float]
    unload_h: tuple[float, float]
    stop_h: tuple[float, float] = (0.0, 0.0)
    troops: tuple[float, float] | None = None
    duty_h: tuple[float, float] = (24.0, 24.0)

    def __post_init__(self):
        if self.count < 1:
            raise ValueError(f"count must be at least 1, got {self.count}")
        for name in ("load_h", "unload_h", "stop_h", "duty_h"):
            object.__setattr__(self, name, _pair(getattr(self, name), name))
        if self.troops is None:
            spec = get_asset(self.asset_id)
            object.__setattr__(
                self, "troops", (float(spec["troops_low"]), float(spec["troops_high"]))
            )
        else:
            object.__setattr__(self, "troops", _pair(self.troops, "troops"))
        if self.troops[0] <= 0:
            raise ValueError(f"troops per trip must be positive, got {self.troops}")
        if not 0 < self.duty_h[0] <= self.duty_h[1] <= 24:
            raise ValueError(f"duty_h must be hours in (0, 24], got {self.duty_h}")

    @property
    def one_way_h(self) -> float:
        """Moving time of the one-way itinerary: ``duration_h``, or length over cruise speed."""
        speed = float(get_asset(self.asset_id)["cruise_speed_kmh"])
        hours = self.legs["duration_h"] if "duration_h" in self.legs else pd.Series(dtype=float)
        hours = hours.reindex(self.legs.index)
        return float(hours.fillna(self.legs["length_km"] / speed).sum())

    @property
    def stops(self) -> int:
        """Intermediate stops of the one-way itinerary (legs minus one)."""
        return max(len(self.legs) - 1, 0)


def _round_trip(lift: Lift) -> tuple[float, float]:
    base = 2 * lift.one_way_h
    lo = base + lift.load_h[0] + lift.unload_h[0] + 2 * lift.stops * lift.stop_h[0]
    hi = base + lift.load_h[1] + lift.unload_h[1] + 2 * lift.stops * lift.stop_h[1]
    return lo, hi


def lift_capacity(lift: Lift) -> pd.Series:
    """Round trip, troops per trip, per day and per month of one lift, as low/high."""
    rt_lo, rt_hi = _round_trip(lift)
    t_lo, t_hi = lift.troops
    day_lo = lift.count * t_lo * lift.duty_h[0] / rt_hi
    day_hi = lift.count * t_hi * lift.duty_h[1] / rt_lo
    return pd.Series(
        {
            "asset": lift.asset_id,
            "count": lift.count,
            "route": " → ".join([*lift.legs["origin"], lift.legs["destination"].iloc[-1]])
            if "origin" in lift.legs
            else "",
            "one_way_km": float(lift.legs["length_km"].sum()),
            "one_way_h": lift.one_way_h,
            "stops": lift.stops,
            "round_trip_h_low": rt_lo,
            "round_trip_h_high": rt_hi,
            "troops_per_trip_low": t_lo,
            "troops_per_trip_high": t_hi,
            "troops_per_day_low": day_lo,
            "troops_per_day_high": day_hi,
            "troops_per_month_low": day_lo * MONTH_DAYS,
            "troops_per_month_high": day_hi * MONTH_DAYS,
        }
    )


def capacity_table(lifts: Sequence[Lift]) -> pd.DataFrame:
    """One row per lift (see :func:`lift_capacity`)."""
    return pd.DataFrame([lift_capacity(lift) for lift in lifts]).reset_index(drop=True)


def time_to_move(lift: Lift, troops: int) -> pd.Series:
    """Trips and calendar days for one lift to move ``troops``, low/high.

    ``trips_low``/``days_low`` are the optimistic (fewest, soonest) ends.
    """
    if troops <= 0:
        raise ValueError(f"troops to move must be positive, got {troops}")
    rt_lo, rt_hi = _round_trip(lift)
    t_lo, t_hi = lift.troops
    out = {"asset": lift.asset_id, "count": lift.count, "troops": troops}
    ends = (("low", t_hi, rt_lo, 0, lift.duty_h[1]), ("high", t_lo, rt_hi, 1, lift.duty_h[0]))
    for end, per_trip, rt, i, duty in ends:
        trips = math.ceil(troops / per_trip)
        rounds = math.ceil(trips / lift.count)
        last = lift.load_h[i] + lift.one_way_h + lift.stops * lift.stop_h[i] + lift.unload_h[i]
        out[f"trips_{end}"] = trips
        out[f"days_{end}"] = ((rounds - 1) * rt + last) / duty
    return pd.Series(out)


def fleet_days(lifts: Sequence[Lift], troops: int) -> tuple[float, float]:
    """Days for several lifts in parallel to move ``troops`` at their combined daily rate
    (steady state, first-wave transit ignored), as ``(low, high)``."""
    table = capacity_table(lifts)
    return (
        troops / table["troops_per_day_high"].sum(),
        troops / table["troops_per_day_low"].sum(),
    )


def claim_targets(window_days: dict[str, float] | None = None) -> pd.DataFrame:
    """The troop-transfer figures of ``claims.csv`` to compare capacities with.

    One row per claim of the 2024 deployment and the 2025 additional troops: ``claim_id``,
    ``claimant_id``, ``troops_low``/``troops_high`` (a one-sided claim repeats its figure) and
    ``window_days``: the time the transfer took or is said to take. Defaults: 61 days for 2024
    (October-November 2024, as the claims date it) and 90 days for 2025 ("in the coming months"
    read as three months; an assumption, pass ``window_days`` to change it).
    """
    windows = {"dprk_troops_deployed_2024": 61.0, "dprk_troops_additional_2025": 90.0}
    windows.update(window_days or {})
    claims = pd.read_csv(geodata_path("claims.csv"), dtype={"low": float, "high": float})
    claims = claims[claims["subject"].isin(windows)].copy()
    claims["troops_low"] = claims["low"].fillna(claims["high"])
    claims["troops_high"] = claims["high"].fillna(claims["low"])
    claims["window_days"] = claims["subject"].map(windows)
    cols = ["claim_id", "subject", "claimant_id", "source_id", "as_of", "troops_low",
            "troops_high", "window_days"]  # fmt: skip
    return claims[cols].reset_index(drop=True)


def compare_with_claims(lifts: Sequence[Lift], targets: pd.DataFrame) -> pd.DataFrame:
    """For each claimed transfer: troops the lifts can move in its window (low/high), the days
    they need for its low and high figures, and whether it fits: ``yes`` (even the pessimistic
    capacity suffices), ``no`` (even the optimistic one falls short) or ``maybe``."""
    table = capacity_table(lifts)
    day_lo, day_hi = table["troops_per_day_low"].sum(), table["troops_per_day_high"].sum()
    out = targets.copy()
    out["can_move_low"] = day_lo * out["window_days"]
    out["can_move_high"] = day_hi * out["window_days"]
    out["days_needed_low"] = out["troops_low"] / day_hi
    out["days_needed_high"] = out["troops_high"] / day_lo
    out["fits"] = [
        "yes" if hi_need <= lo_can else "no" if lo_need > hi_can else "maybe"
        for lo_need, hi_need, lo_can, hi_can in zip(
            out["troops_low"],
            out["troops_high"],
            out["can_move_low"],
            out["can_move_high"],
            strict=True,
        )
    ]
    return out


def moved_by_day(lifts: Sequence[Lift], days: int) -> pd.DataFrame:
    """Troops the lifts together can have moved after each day (0..``days``), low and high, at
    their steady daily rates (the first wave's transit is ignored)."""
    table = capacity_table(lifts)
    day = pd.RangeIndex(days + 1, name="day")
    return pd.DataFrame(
        {
            "troops_low": day * table["troops_per_day_low"].sum(),
            "troops_high": day * table["troops_per_day_high"].sum(),
        },
        index=day,
    )
