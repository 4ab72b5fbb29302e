"""What a case plans to draw: named routes (``routes.csv``) and timed scenarios (``scenarios/*.toml``).

``routes.csv`` has one row per leg; the rows of a route, in file order, make one itinerary::

    route,from,to,mode,asset,notes
    Northern sea route,Port A,Port B,sea,landing_ship,
    Air bridge,Airfield A,Airfield C,air,transport_aircraft,refuels on the way when out of range

A scenario is a TOML file of timed movements, labelled as a scenario (not observed tracks)::

    title = "Autumn shuttle (modelled)"
    description = "Why these dates and repeats."
    start = 2024-10-01T00:00:00Z

    [[movements]]
    label = "Landing ship"
    stops = ["Port A", "Port B"]      # names or ids, resolved like every other name
    modes = ["sea"]                   # optional: the asset's mode for every leg
    asset = "landing_ship"
    pattern = "shuttle"               # loaded out, empty back; "repeat": one-way, again and again
    trips = 6
    load_h = 12
    unload_h = 12

    [[movements]]
    label = "Flight {n}"              # {n}: the repeat's number
    stops = ["Airfield A", "Airfield C"]
    asset = "transport_aircraft"
    pattern = "repeat"
    repeats = 6
    interval_h = 24
    dwell_h = 2                       # between the legs of one movement
    offset_h = 48                     # starts this long after the scenario's start

Every figure that is not a sourced asset speed is the analyst's parameter, stated in the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor.transport.routes import MODES, itinerary
from corridor.transport.schedule import combine, shuttle, timed_legs
from corridor.validation import Problem, ValidationError

#: Columns of ``routes.csv``, in order.
ROUTE_COLUMNS = ["route", "from", "to", "mode", "asset", "notes"]
#: Movement patterns of a scenario.
PATTERNS = ("once", "repeat", "shuttle")
_MOVEMENT_KEYS = {
    "label", "stops", "modes", "asset", "pattern", "trips", "repeats", "interval_h", "dwell_h",
    "offset_h", "load_h", "unload_h", "speed_kmh",
}  # fmt: skip


def load_routes(path: str | Path) -> pd.DataFrame:
    """Read and check ``routes.csv``: every problem at once (file, row, field)."""
    path = Path(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    file = str(path)
    missing = [c for c in ROUTE_COLUMNS if c not in df.columns and c not in ("asset", "notes")]
    if missing:
        raise ValidationError(
            [Problem(file, None, c, f"missing column; expected {ROUTE_COLUMNS}") for c in missing]
        )
    extra = [c for c in df.columns if c not in ROUTE_COLUMNS]
    problems = [Problem(file, None, c, f"unknown column; expected {ROUTE_COLUMNS}") for c in extra]
    for c in ("asset", "notes"):
        if c not in df.columns:
            df[c] = ""
    for i, row in df.iterrows():
        for name in ("route", "from", "to", "mode"):
            if not row[name].strip():
                problems.append(Problem(file, i + 1, name, "empty; every leg needs it"))
        if row["mode"].strip() and row["mode"].strip() not in MODES:
            problems.append(Problem(file, i + 1, "mode", f"{row['mode']!r} is not one of {MODES}"))
    if problems:
        raise ValidationError(problems)
    return df[ROUTE_COLUMNS].apply(lambda s: s.str.strip())


def build_routes(
    routes: pd.DataFrame, case=None, *, geocoder=None, assets: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """The legs of every route of a ``routes.csv`` table, with a ``route`` column, in file order.

    Names resolve and assets are looked up in ``case``, or through ``geocoder`` and ``assets``
    (see :func:`corridor.transport.routes.itinerary`).
    """
    parts = []
    for name in dict.fromkeys(routes["route"]):
        rows = routes[routes["route"] == name]
        for _, row in rows.iterrows():
            legs = itinerary(
                [row["from"], row["to"]], modes=[row["mode"]], asset=[row["asset"] or None],
                case=case, geocoder=geocoder, assets=assets,
            )  # fmt: skip
            legs.insert(0, "route", name)
            parts.append(legs)
    legs = pd.concat(parts, ignore_index=True)
    legs["leg"] = range(len(legs))
    return gpd.GeoDataFrame(legs, geometry="geometry", crs="EPSG:4326")


@dataclass(frozen=True)
class Movement:
    """One timed movement of a scenario (see the module docstring)."""

    label: str
    stops: tuple[str, ...]
    modes: tuple[str, ...] | None = None
    asset: str | None = None
    pattern: str = "once"
    trips: int = 1
    repeats: int = 1
    interval_h: float = 24.0
    dwell_h: float = 0.0
    offset_h: float = 0.0
    load_h: float = 0.0
    unload_h: float = 0.0
    speed_kmh: float | None = None


@dataclass(frozen=True)
class Scenario:
    """A named set of timed movements from ``start``."""

    name: str
    title: str
    description: str
    start: pd.Timestamp
    movements: tuple[Movement, ...] = field(default_factory=tuple)

    def movements_table(
        self, case=None, *, geocoder=None, assets: pd.DataFrame | None = None
    ) -> gpd.GeoDataFrame:
        """The timed legs of every movement (see :mod:`corridor.transport.schedule`); names
        resolve and assets are looked up in ``case``, or through ``geocoder`` and ``assets``."""
        parts = []
        for m in self.movements:
            legs = itinerary(list(m.stops), modes=list(m.modes) if m.modes else None,
                             asset=m.asset, case=case, geocoder=geocoder, assets=assets)  # fmt: skip
            start = self.start + pd.Timedelta(hours=m.offset_h)
            if m.pattern == "shuttle":
                parts.append(shuttle(legs, start, m.trips, m.label, m.load_h, m.unload_h, m.speed_kmh))
                continue
            for i in range(m.repeats if m.pattern == "repeat" else 1):
                label = m.label.replace("{n}", str(i + 1))
                depart = start + pd.Timedelta(hours=i * m.interval_h)
                parts.append(timed_legs(legs, depart, label, m.speed_kmh, dwell_h=m.dwell_h))
        return combine(*parts)


def _timestamp(value, file: str, key: str) -> pd.Timestamp:
    if isinstance(value, datetime | date | str):
        try:
            ts = pd.Timestamp(value)
        except ValueError:
            ts = None
        if ts is not None and not pd.isna(ts):
            return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    raise ValidationError([Problem(file, None, key, f"{value!r} is not a date or date-time")])


def load_scenario(path: str | Path) -> Scenario:
    """Read and check one scenario file; every problem at once (file, movement, key)."""
    path = Path(path)
    file = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError([Problem(file, None, None, f"not valid TOML ({exc})")]) from None
    problems = []
    for key in ("title", "start"):
        if key not in raw:
            problems.append(Problem(file, None, key, "missing; every scenario needs it"))
    unknown = set(raw) - {"title", "description", "start", "movements"}
    problems += [Problem(file, None, k, "unknown key") for k in sorted(unknown)]
    movements = []
    for n, item in enumerate(raw.get("movements", []), start=1):
        where = f"movements #{n}"
        bad = sorted(set(item) - _MOVEMENT_KEYS)
        problems += [Problem(file, n, k, f"unknown key of {where}") for k in bad]
        stops = item.get("stops")
        if not isinstance(stops, list) or len(stops) < 2 or not all(isinstance(s, str) for s in stops):
            problems.append(Problem(file, n, "stops", "needs a list of at least two names"))
            continue
        modes = item.get("modes")
        if modes is not None and (len(modes) != len(stops) - 1 or set(modes) - set(MODES)):
            problems.append(
                Problem(file, n, "modes", f"needs one of {MODES} per leg ({len(stops) - 1})")
            )
            continue
        pattern = item.get("pattern", "once")
        if pattern not in PATTERNS:
            problems.append(Problem(file, n, "pattern", f"{pattern!r} is not one of {PATTERNS}"))
            continue
        numbers = {}
        for key in ("trips", "repeats", "interval_h", "dwell_h", "offset_h", "load_h", "unload_h",
                    "speed_kmh"):  # fmt: skip
            value = item.get(key)
            if value is None:
                continue
            if not isinstance(value, int | float) or value < 0 or (
                key in ("trips", "repeats") and (not isinstance(value, int) or value < 1)
            ):
                problems.append(Problem(file, n, key, f"{value!r} is not a valid number"))
            else:
                numbers[key] = value
        movements.append(
            Movement(
                label=str(item.get("label") or f"Movement {n}"), stops=tuple(stops),
                modes=tuple(modes) if modes else None, asset=item.get("asset"), pattern=pattern,
                **numbers,
            )  # fmt: skip
        )
    if not movements and not problems:
        problems.append(Problem(file, None, "movements", "a scenario needs at least one movement"))
    if problems:
        raise ValidationError(problems)
    return Scenario(
        name=path.stem, title=str(raw["title"]), description=str(raw.get("description", "")),
        start=_timestamp(raw["start"], file, "start"), movements=tuple(movements),
    )  # fmt: skip
