"""Synthetic flight tracks with known landings and take-offs, for tests and demonstrations.

An aircraft follows a list of :class:`Ground` stops (on the ground at a gazetteer airfield for a
given time) and :class:`TouchAndGo` passes (wheels down for ``ground_s`` seconds at runway speed,
then away). Between them it flies the great circle: climbing at ``climb_fpm`` to ``cruise_ft``,
descending at the same rate (from 300 ft above the runway at the first and last airborne pings), at ``approach_kn`` near the ground and ``cruise_kn`` at altitude.
Pings come every ``interval_s`` seconds with ``altitude_ft`` above sea level (the airfield's
elevation from ``airportsdata`` when its ICAO code is known, else 0) and the ``on_ground`` flag.
A ground stop with ``silent=True`` has no pings (receiver out of range on the ground).

``truth`` holds the exact events (``track_id``, ``event`` ``landing``/``takeoff``, ``time``,
``site_id``, ``touch_and_go``). Synthetic data: it tests the method, it is not an observation.
"""

from __future__ import annotations

from dataclasses import dataclass

import airportsdata
import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

from corridor.places.gazetteer import Gazetteer
from corridor.tracks.table import ALTITUDE, COURSE, CRS, ON_GROUND, SPEED, TIME, TRACK_ID

TRUTH_COLUMNS = [TRACK_ID, "event", "time", "site_id", "touch_and_go"]
_GEOD = Geod(ellps="WGS84")
_KN = 1852.0 / 3600.0


@dataclass(frozen=True)
class Ground:
    """On the ground at a gazetteer airfield for ``minutes``; ``silent``: no pings meanwhile."""

    site_id: str
    minutes: float
    silent: bool = False


@dataclass(frozen=True)
class TouchAndGo:
    """Wheels down at a gazetteer airfield for ``ground_s`` seconds at runway speed."""

    site_id: str
    ground_s: float = 40.0


def elevation_ft(site: pd.Series) -> float:
    """The airfield's elevation in feet from ``airportsdata`` (0 when its ICAO code is unknown)."""
    code = str(site.get("icao") or "")
    return float(airportsdata.load("ICAO").get(code, {}).get("elevation", 0.0) or 0.0)


def flight_track(
    track_id: str,
    stops: list[Ground | TouchAndGo],
    start: str | pd.Timestamp,
    *,
    interval_s: float = 30.0,
    cruise_ft: float = 30000.0,
    cruise_kn: float = 430.0,
    approach_kn: float = 140.0,
    climb_fpm: float = 2000.0,
    gazetteer: Gazetteer | None = None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Pings (:data:`corridor.tracks.io.PING_COLUMNS`) and true events of one aircraft."""
    sites = (gazetteer or Gazetteer.default()).sites.set_index("site_id")
    unknown = [s.site_id for s in stops if s.site_id not in sites.index]
    if unknown or not stops:
        raise ValueError(f"a flight needs known airfield site_ids; unknown: {unknown}")
    t0 = pd.Timestamp(start)
    t, parts, truth = 0.0, [], []
    for i, stop in enumerate(stops):
        site = sites.loc[stop.site_id]
        elev = elevation_ft(site)
        first, last = i == 0, i == len(stops) - 1
        ground_s = stop.minutes * 60.0 if isinstance(stop, Ground) else stop.ground_s
        tng = isinstance(stop, TouchAndGo)
        if not first:
            truth.append((track_id, "landing", t, stop.site_id, tng))
        times = np.arange(t, t + ground_s + 1e-9, interval_s)
        if not (isinstance(stop, Ground) and stop.silent):
            speed = np.full(len(times), 120.0 if tng else 8.0)
            parts.append(_ping_block(times, site["lon"], site["lat"], elev, speed, 90.0, True))
        t += ground_s
        if not last:
            truth.append((track_id, "takeoff", t, stop.site_id, tng))
            nxt = sites.loc[stops[i + 1].site_id]
            t = _fly(parts, t + interval_s, site, nxt, elev, elevation_ft(nxt), interval_s,
                     cruise_ft, cruise_kn, approach_kn, climb_fpm)  # fmt: skip
    pings = pd.concat(parts, ignore_index=True)
    pings.insert(0, TRACK_ID, track_id)
    pings[TIME] = t0 + pd.to_timedelta(pings.pop("t"), unit="s")
    pings[ON_GROUND] = pings[ON_GROUND].astype("boolean")
    geometry = gpd.points_from_xy(pings.pop("lon"), pings.pop("lat"), crs=CRS)
    pings = gpd.GeoDataFrame(
        pings[[TRACK_ID, TIME, SPEED, COURSE, ALTITUDE, ON_GROUND]], geometry=geometry, crs=CRS
    )
    truth = pd.DataFrame(truth, columns=TRUTH_COLUMNS)
    truth["time"] = t0 + pd.to_timedelta(truth["time"], unit="s")
    return pings, truth


def _ping_block(times, lon, lat, alt, speed, course, ground) -> pd.DataFrame:
    n = len(times)
    return pd.DataFrame(
        {"t": times, "lon": np.broadcast_to(lon, n), "lat": np.broadcast_to(lat, n),
         SPEED: np.broadcast_to(speed, n), COURSE: np.broadcast_to(course, n),
         ALTITUDE: np.broadcast_to(alt, n), ON_GROUND: np.broadcast_to(ground, n)}
    )  # fmt: skip


def _fly(parts, t, a, b, elev_a, elev_b, interval_s, cruise_ft, cruise_kn, approach_kn, fpm):
    """Airborne pings from a to b starting at ``t`` (s); returns the touchdown time."""
    az, _, dist = _GEOD.inv(a["lon"], a["lat"], b["lon"], b["lat"])
    mean_kn = (cruise_kn + approach_kn) / 2.0
    duration = max(np.ceil(dist / (mean_kn * _KN) / interval_s), 4) * interval_s
    times = np.arange(t, t + duration, interval_s)
    frac = (times - t) / duration
    lon, lat, _ = _GEOD.fwd(np.full(len(times), a["lon"]), np.full(len(times), a["lat"]),
                            np.full(len(times), az), frac * dist)  # fmt: skip
    up = elev_a + 300.0 + (times - t) / 60.0 * fpm
    down = elev_b + 300.0 + (t + duration - times) / 60.0 * fpm
    alt = np.minimum(np.minimum(up, down), cruise_ft)
    level = np.clip((alt - min(elev_a, elev_b)) / cruise_ft, 0.0, 1.0)
    speed = approach_kn + level * (cruise_kn - approach_kn)
    parts.append(_ping_block(times, lon, lat, alt, speed, np.mod(az, 360.0), False))
    return float(times[-1]) + interval_s
