"""Transport capacity: round trips, troops or tonnes per day and month, trips and calendar time.

A :class:`Lift` is a number of assets of one type shuttling a cargo (``troops`` or ``tonnes``) along
a one-way itinerary
(legs from :mod:`corridor.transport.routes`), with loading, unloading and stop (refuelling) times given as
``(low, high)`` hours by the analyst. Every result is a range:

- the **low** end is the pessimistic case: least cargo per trip (``troops_low`` of the
  catalogue, or ``payload_t``) and the slowest turnaround (high loading, unloading and stop times);
- the **high** end is the optimistic case: most cargo per trip and the fastest turnaround.

Output columns carry the cargo's unit: ``troops_per_day_low`` for troops, ``tonnes_per_day_low``
for tonnes. The asset is an id of the catalogue given as ``assets`` (a case's ``assets``) or given
inline as ``spec`` (``cruise_speed_kmh``, ``troops_low``/``troops_high``, ``payload_t``).

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
>>> from corridor.transport.assets import load_assets
>>> lift = Lift("alligator", legs, count=1, load_h=(12, 12), unload_h=(12, 12), troops=(400, 400),
...             assets=load_assets())
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
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from corridor._default_case import deprecated_default
from corridor.transport.assets import get_asset

#: Days in a month for per-month figures.
MONTH_DAYS = 30
#: What a lift carries, and the claim units that count it.
CARGO_UNITS = {"troops": ("troops", "personnel", "soldiers"), "tonnes": ("tonnes", "t", "tons")}


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
        Troops per trip; defaults to the asset's ``troops_low``/``troops_high``.
    duty_h : (low, high) hours
        Hours a day the assets work.
    cargo : {"troops", "tonnes"}
        What the lift carries.
    payload_t : (low, high), optional
        Tonnes per trip when ``cargo="tonnes"``; defaults to the asset's ``payload_t``.
    spec : mapping, optional
        The asset given inline (``cruise_speed_kmh`` and the figures of its cargo) instead of
        looked up in the catalogue by ``asset_id``.
    assets : DataFrame, optional
        The catalogue ``asset_id`` is looked up in: a case's ``assets``. Needed unless ``spec``
        is given; leaving both out is deprecated (it takes the default case's catalogue).
    """

    asset_id: str
    legs: gpd.GeoDataFrame
    count: int
    load_h: tuple[float, float]
    unload_h: tuple[float, float]
    stop_h: tuple[float, float] = (0.0, 0.0)
    troops: tuple[float, float] | None = None
    duty_h: tuple[float, float] = (24.0, 24.0)
    cargo: str = "troops"
    payload_t: tuple[float, float] | None = None
    spec: object = None
    assets: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self.count < 1:
            raise ValueError(f"count must be at least 1, got {self.count}")
        if self.cargo not in CARGO_UNITS:
            raise ValueError(f"cargo must be one of {tuple(CARGO_UNITS)}, got {self.cargo!r}")
        for name in ("load_h", "unload_h", "stop_h", "duty_h"):
            object.__setattr__(self, name, _pair(getattr(self, name), name))
        if self.spec is None and self.assets is None:
            assets = deprecated_default("Lift()", "assets= or spec=", stacklevel=3).assets
            object.__setattr__(self, "assets", assets)
        spec = dict(self.spec) if self.spec is not None else dict(get_asset(self.asset_id, self.assets))
        object.__setattr__(self, "spec", spec)
        given = self.troops if self.cargo == "troops" else self.payload_t
        if given is None:
            keys = ("troops_low", "troops_high") if self.cargo == "troops" else ("payload_t",) * 2
            values = [pd.to_numeric(spec.get(k), errors="coerce") for k in keys]
            if any(pd.isna(v) for v in values):
                option = "troops=(low, high)" if self.cargo == "troops" else "payload_t=(low, high)"
                raise ValueError(
                    f"asset {self.asset_id!r} has no sourced {self.cargo} per trip; give {option}"
                )
            given = tuple(float(v) for v in values)
        per_trip = _pair(given, f"{self.cargo} per trip")
        object.__setattr__(self, "troops" if self.cargo == "troops" else "payload_t", per_trip)
        if per_trip[0] <= 0:
            raise ValueError(f"{self.cargo} per trip must be positive, got {per_trip}")
        speed = pd.to_numeric(spec.get("cruise_speed_kmh"), errors="coerce")
        if pd.isna(speed) or speed <= 0:
            raise ValueError(f"asset {self.asset_id!r} needs a positive cruise_speed_kmh")
        if not 0 < self.duty_h[0] <= self.duty_h[1] <= 24:
            raise ValueError(f"duty_h must be hours in (0, 24], got {self.duty_h}")

    @property
    def per_trip(self) -> tuple[float, float]:
        """Cargo per trip, low/high, in the cargo's unit."""
        return self.troops if self.cargo == "troops" else self.payload_t

    @property
    def one_way_h(self) -> float:
        """Moving time of the one-way itinerary: ``duration_h``, or length over cruise speed."""
        speed = float(self.spec["cruise_speed_kmh"])
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
    """Round trip, cargo per trip, per day and per month of one lift, as low/high (columns named
    by the cargo: ``troops_per_day_low`` or ``tonnes_per_day_low``)."""
    rt_lo, rt_hi = _round_trip(lift)
    t_lo, t_hi = lift.per_trip
    c = lift.cargo
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
            f"{c}_per_trip_low": t_lo,
            f"{c}_per_trip_high": t_hi,
            f"{c}_per_day_low": day_lo,
            f"{c}_per_day_high": day_hi,
            f"{c}_per_month_low": day_lo * MONTH_DAYS,
            f"{c}_per_month_high": day_hi * MONTH_DAYS,
        }
    )


def capacity_table(lifts: Sequence[Lift]) -> pd.DataFrame:
    """One row per lift (see :func:`lift_capacity`)."""
    return pd.DataFrame([lift_capacity(lift) for lift in lifts]).reset_index(drop=True)


def time_to_move(lift: Lift, amount: float) -> pd.Series:
    """Trips and calendar days for one lift to move ``amount`` of its cargo, low/high.

    ``trips_low``/``days_low`` are the optimistic (fewest, soonest) ends.
    """
    if amount <= 0:
        raise ValueError(f"{lift.cargo} to move must be positive, got {amount}")
    rt_lo, rt_hi = _round_trip(lift)
    t_lo, t_hi = lift.per_trip
    out = {"asset": lift.asset_id, "count": lift.count, lift.cargo: amount}
    ends = (("low", t_hi, rt_lo, 0, lift.duty_h[1]), ("high", t_lo, rt_hi, 1, lift.duty_h[0]))
    for end, per_trip, rt, i, duty in ends:
        trips = math.ceil(amount / per_trip)
        rounds = math.ceil(trips / lift.count)
        last = lift.load_h[i] + lift.one_way_h + lift.stops * lift.stop_h[i] + lift.unload_h[i]
        out[f"trips_{end}"] = trips
        out[f"days_{end}"] = ((rounds - 1) * rt + last) / duty
    return pd.Series(out)


def _cargo(lifts: Sequence[Lift]) -> str:
    cargos = {lift.cargo for lift in lifts}
    if len(cargos) != 1:
        raise ValueError(f"lifts carry different cargos {sorted(cargos)}; compare one at a time")
    return cargos.pop()


def fleet_days(lifts: Sequence[Lift], amount: float) -> tuple[float, float]:
    """Days for several lifts in parallel to move ``amount`` of their cargo at their combined
    daily rate (steady state, first-wave transit ignored), as ``(low, high)``."""
    c = _cargo(lifts)
    table = capacity_table(lifts)
    return (
        amount / table[f"{c}_per_day_high"].sum(),
        amount / table[f"{c}_per_day_low"].sum(),
    )


#: Columns of :func:`claim_targets`.
TARGET_COLUMNS = [
    "claim_id", "subject", "unit", "claimant_id", "source_id", "as_of", "low", "high",
    "window_days",
]  # fmt: skip


def claim_targets(
    subjects: dict[str, float] | None = None, claims: pd.DataFrame | None = None, case=None
) -> pd.DataFrame:
    """The claimed transfers to compare capacities with, one row per claim.

    ``subjects`` maps claim subjects to the days the transfer took or is said to take; by default
    the ``[[capacity.compare]]`` tables of ``case``'s ``corridor.toml``. ``claims`` defaults to the
    case's claims. ``low``/``high``: a one-sided claim repeats its figure. Leaving out both
    ``case`` and one of the others is deprecated (it takes the default case).
    """
    if case is None and (subjects is None or claims is None):
        case = deprecated_default("claim_targets()", "case=")
    if subjects is None:
        subjects = {t.subject: t.window_days for t in case.config.capacity}
    claims = case.claims() if claims is None else claims
    unknown = sorted(set(subjects) - set(claims["subject"]))
    if unknown:
        known = ", ".join(sorted(set(claims["subject"]))) or "none"
        raise ValueError(f"no claims of subject(s) {unknown}; subjects of the claims: {known}")
    out = claims[claims["subject"].isin(subjects)].copy()
    low = pd.to_numeric(out["low"], errors="coerce")
    high = pd.to_numeric(out["high"], errors="coerce")
    out["low"], out["high"] = low.fillna(high), high.fillna(low)
    out["window_days"] = out["subject"].map(subjects).astype(float)
    return out[TARGET_COLUMNS].reset_index(drop=True)


def compare_with_claims(lifts: Sequence[Lift], targets: pd.DataFrame) -> pd.DataFrame:
    """For each claimed transfer: how much the lifts can move in its window (low/high), the days
    they need for its low and high figures, and whether it fits: ``yes`` (even the pessimistic
    capacity suffices), ``no`` (even the optimistic one falls short), ``maybe``, or ``unit`` when
    the claim counts something other than the lifts' cargo."""
    c = _cargo(lifts)
    table = capacity_table(lifts)
    day_lo, day_hi = table[f"{c}_per_day_low"].sum(), table[f"{c}_per_day_high"].sum()
    out = targets.copy()
    same = out["unit"].str.lower().isin(CARGO_UNITS[c])
    out["can_move_low"] = (day_lo * out["window_days"]).where(same)
    out["can_move_high"] = (day_hi * out["window_days"]).where(same)
    out["days_needed_low"] = (out["low"] / day_hi).where(same)
    out["days_needed_high"] = (out["high"] / day_lo).where(same)
    out["fits"] = [
        "unit" if not ok else "yes" if hi_need <= lo_can else "no" if lo_need > hi_can else "maybe"
        for ok, lo_need, hi_need, lo_can, hi_can in zip(
            same, out["low"], out["high"], out["can_move_low"], out["can_move_high"], strict=True
        )
    ]
    return out


def moved_by_day(lifts: Sequence[Lift], days: int) -> pd.DataFrame:
    """Cargo the lifts together can have moved after each day (0..``days``), low and high, at
    their steady daily rates (the first wave's transit is ignored)."""
    c = _cargo(lifts)
    table = capacity_table(lifts)
    day = pd.RangeIndex(days + 1, name="day")
    return pd.DataFrame(
        {
            f"{c}_low": day * table[f"{c}_per_day_low"].sum(),
            f"{c}_high": day * table[f"{c}_per_day_high"].sum(),
        },
        index=day,
    )
