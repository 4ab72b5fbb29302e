"""Timed movements: legs plus speeds and departure times give a time at every vertex.

A *movement* is one asset travelling one leg: a LineString (EPSG:4326) with ``depart`` and
``arrive`` (UTC timestamps) and ``times_ms``, the time (milliseconds since the Unix epoch) at which
the asset passes each vertex, proportional to the geodesic distance covered at constant speed.
:func:`timed_legs` runs an itinerary once; :func:`shuttle` runs a round trip again and again (a
landing ship going back for the next load). :func:`sighting_events` turns sightings into timed
points. :mod:`corridor.maps.animation` plays both on a map; it computes nothing itself.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import LineString
>>> legs = gpd.GeoDataFrame({"mode": ["sea"], "origin": ["a"], "destination": ["b"],
...     "length_km": [20.0], "duration_h": [2.0]},
...     geometry=[LineString([(0, 0), (0.1, 0), (0.2, 0)])], crs="EPSG:4326")
>>> moves = timed_legs(legs, "2023-03-01T00:00Z", label="ship")
>>> str(moves.loc[0, "arrive"])
'2023-03-01 02:00:00+00:00'
>>> [t - moves.loc[0, "times_ms"][0] for t in moves.loc[0, "times_ms"]]
[0, 3600000, 7200000]
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
from shapely.geometry import LineString

CRS = "EPSG:4326"
#: Columns of a movements table, in order.
MOVEMENT_COLUMNS = [
    "movement", "label", "mode", "origin", "destination", "trip", "loaded", "depart", "arrive",
    "times_ms", "geometry",
]  # fmt: skip
#: Columns of an events table, in order.
EVENT_COLUMNS = ["event", "label", "start", "end", "geometry"]

_GEOD = pyproj.Geod(ellps="WGS84")
_MS_PER_H = 3_600_000


def _utc(when) -> pd.Timestamp:
    ts = pd.Timestamp(when)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def _ms(ts: pd.Timestamp) -> int:
    return int(ts.value // 1_000_000)


def _vertex_times(line: LineString, start_ms: int, duration_h: float) -> list[int]:
    """Times at each vertex, spread along the line in proportion to geodesic distance."""
    x, y = np.asarray(line.coords).T[:2]
    step = np.asarray(_GEOD.inv(x[:-1], y[:-1], x[1:], y[1:])[2], dtype=float)
    cum = np.concatenate([[0.0], np.cumsum(step)])
    share = cum / cum[-1] if cum[-1] > 0 else np.linspace(0, 1, len(cum))
    return [int(round(start_ms + s * duration_h * _MS_PER_H)) for s in share]


def _durations(legs: gpd.GeoDataFrame, speed_kmh: float | None) -> list[float]:
    out = []
    for leg in legs.itertuples():
        d = getattr(leg, "duration_h", float("nan"))
        if pd.isna(d):
            if not speed_kmh:
                raise ValueError(
                    f"leg {leg.Index} ({leg.origin} -> {leg.destination}, {leg.mode}) has no "
                    "duration_h; give speed_kmh"
                )
            d = leg.length_km / speed_kmh
        out.append(float(d))
    return out


def _frame(rows: list[dict]) -> gpd.GeoDataFrame:
    for i, row in enumerate(rows):
        row["movement"] = i
    df = pd.DataFrame(rows, columns=MOVEMENT_COLUMNS)
    return gpd.GeoDataFrame(df, geometry="geometry", crs=CRS)


def timed_legs(
    legs: gpd.GeoDataFrame,
    depart,
    label: str,
    speed_kmh: float | None = None,
    dwell_h: float = 0.0,
    trip: int = 0,
    loaded: bool = True,
) -> gpd.GeoDataFrame:
    """One movement per leg, run back to back from ``depart`` with ``dwell_h`` between legs.

    A leg's duration is its ``duration_h``, or ``length_km / speed_kmh`` when that is empty.
    """
    t = _utc(depart)
    rows = []
    for leg, hours in zip(legs.itertuples(), _durations(legs, speed_kmh), strict=True):
        arrive = (t + pd.Timedelta(hours=hours)).round("s")
        rows.append(
            {
                "label": label,
                "mode": leg.mode,
                "origin": leg.origin,
                "destination": leg.destination,
                "trip": trip,
                "loaded": loaded,
                "depart": t,
                "arrive": arrive,
                "times_ms": _vertex_times(leg.geometry, _ms(t), hours),
                "geometry": leg.geometry,
            }
        )
        t = arrive + pd.Timedelta(hours=dwell_h)
    return _frame(rows)


def reverse_legs(legs: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The same legs travelled backwards (last leg first, each line reversed)."""
    back = legs.iloc[::-1].copy()
    back[["origin", "destination"]] = back[["destination", "origin"]].to_numpy()
    back["geometry"] = back.geometry.reverse()
    return gpd.GeoDataFrame(back.reset_index(drop=True), geometry="geometry", crs=legs.crs)


def shuttle(
    legs: gpd.GeoDataFrame,
    depart,
    trips: int,
    label: str,
    load_h: float,
    unload_h: float,
    speed_kmh: float | None = None,
) -> gpd.GeoDataFrame:
    """Repeated round trips: load, go out loaded, unload, come back empty, and again.

    The first departure (loaded) is ``depart + load_h``; the asset is back and loading again
    right after each return.
    """
    if trips < 1:
        raise ValueError(f"trips must be at least 1, got {trips}")
    back = reverse_legs(legs)
    t = _utc(depart)
    parts = []
    for trip in range(trips):
        out = timed_legs(legs, t + pd.Timedelta(hours=load_h), label, speed_kmh, trip=trip)
        ret_start = out["arrive"].iloc[-1] + pd.Timedelta(hours=unload_h)
        ret = timed_legs(back, ret_start, label, speed_kmh, trip=trip, loaded=False)
        parts += [out, ret]
        t = ret["arrive"].iloc[-1]
    return _frame(pd.concat(parts, ignore_index=True).to_dict("records"))


def combine(*movements: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Several movement tables as one, sorted by departure then label, renumbered."""
    df = pd.concat(movements, ignore_index=True)
    df = df.sort_values(["depart", "label", "movement"], kind="stable")
    return _frame(df.to_dict("records"))


def sighting_events(sightings: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Sightings as timed points: shown from ``observed_start``; ``end`` is ``observed_end``."""
    label = (
        sightings["site_name"].astype(str)
        + ": "
        + sightings["activity"].astype(str)
        + " ("
        + sightings["asset_class"].fillna("").astype(str)
        + ")"
    ).str.replace(" ()", "", regex=False)
    df = pd.DataFrame(
        {
            "event": range(len(sightings)),
            "label": label.to_numpy(),
            "start": [_utc(t) for t in sightings["observed_start"]],
            "end": [_utc(t) for t in sightings["observed_end"]],
        }
    )
    return gpd.GeoDataFrame(df, geometry=sightings.geometry.to_numpy(), crs=CRS)[EVENT_COLUMNS]
