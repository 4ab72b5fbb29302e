"""Synthetic vessel tracks with known port stays, for tests, benchmarks and demonstrations.

A vessel follows an itinerary of gazetteer ports: it stays at each for a given time (pinging at the
site's point plus position noise), then sails the sea leg to the next at a set speed. Sea legs come
from :func:`corridor.transport.routes.sea_leg` when that module is installed, otherwise straight from
``searoute`` between the two sites' points (``append_orig_dest=True``). Pings are sampled every
``interval_s`` seconds with jitter; optional silent periods (AIS switched off) are cut out of the
sea legs. Every random draw comes from ``numpy.random.default_rng(seed)``, so the same arguments give
the same pings.

The returned ``truth`` table holds the exact stays (``track_id``, ``site_id``, ``arrival``,
``departure``): the stops a detector should find. These tracks are *synthetic*: they illustrate and
test the method, they are not observations.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

from corridor.places.gazetteer import Gazetteer
from corridor.tracks.io import COURSE, CRS, SPEED, TIME, TRACK_ID

#: Ports of the corridor used by :func:`fleet`.
CORRIDOR_PORTS = (
    "rajin", "chongjin", "hungnam", "wonsan", "nampo", "dunai", "vladivostok_port",
    "vostochny_port",
)  # fmt: skip
TRUTH_COLUMNS = [TRACK_ID, "site_id", "arrival", "departure"]
_GEOD = Geod(ellps="WGS84")
_KN = 1852.0 / 3600.0  # m/s per knot


@dataclass(frozen=True)
class Stay:
    """A planned stay at a gazetteer site, in hours."""

    site_id: str
    hours: float


@functools.lru_cache(maxsize=256)
def sea_path(origin: str, destination: str) -> np.ndarray:
    """Vertices (lon, lat) of the sea leg between two gazetteer sites, from end to end."""
    try:
        from corridor.transport.routes import sea_leg
    except ImportError:
        sea_leg = None
    if sea_leg is not None:
        line = sea_leg(origin, destination).geometry.iloc[0]
        return np.asarray(line.coords)[:, :2]
    import searoute

    sites = Gazetteer.default().sites.set_index("site_id")
    a, b = sites.loc[origin], sites.loc[destination]
    route = searoute.searoute([a["lon"], a["lat"]], [b["lon"], b["lat"]], append_orig_dest=True)
    return np.asarray(route["geometry"]["coordinates"], dtype=float)


def _along(path: np.ndarray, dist_m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions and headings at distances along a polyline (linear within each segment)."""
    az, _, seg = _GEOD.inv(path[:-1, 0], path[:-1, 1], path[1:, 0], path[1:, 1])
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    dist_m = np.clip(dist_m, 0.0, cum[-1])
    lon = np.interp(dist_m, cum, path[:, 0])
    lat = np.interp(dist_m, cum, path[:, 1])
    i = np.clip(np.searchsorted(cum, dist_m, side="right") - 1, 0, len(seg) - 1)
    return lon, lat, np.mod(np.asarray(az)[i], 360.0)


def _path_length_m(path: np.ndarray) -> float:
    _, _, seg = _GEOD.inv(path[:-1, 0], path[:-1, 1], path[1:, 0], path[1:, 1])
    return float(np.sum(seg))


def voyage(
    track_id: str,
    stays: list[Stay],
    start: str | pd.Timestamp,
    *,
    speed_kn: float = 12.0,
    interval_s: float = 60.0,
    noise_m: float = 10.0,
    gaps: int = 0,
    gap_hours: tuple[float, float] = (1.0, 3.0),
    seed: int = 0,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Pings and true stays of one vessel following ``stays`` from ``start`` (naive UTC).

    Returns
    -------
    pings : GeoDataFrame
        ``track_id``, ``time``, ``speed_kn``, ``course_deg`` and point geometry (EPSG:4326).
    truth : DataFrame
        One row per stay: ``track_id``, ``site_id``, ``arrival``, ``departure``.
    """
    if not stays:
        raise ValueError("a voyage needs at least one stay")
    rng = np.random.default_rng(seed)
    sites = Gazetteer.default().sites.set_index("site_id")
    unknown = [s.site_id for s in stays if s.site_id not in sites.index]
    if unknown:
        raise ValueError(f"unknown site_id(s) {unknown}; see geodata/sites.csv")
    # phases: (t0, t1, kind, payload) in seconds from start
    t, phases, truth = 0.0, [], []
    t_start = pd.Timestamp(start)
    for i, stay in enumerate(stays):
        phases.append((t, t + stay.hours * 3600.0, "stay", stay.site_id))
        truth.append((track_id, stay.site_id, t, t + stay.hours * 3600.0))
        t += stay.hours * 3600.0
        if i + 1 < len(stays):
            path = sea_path(stay.site_id, stays[i + 1].site_id)
            duration = float(round(_path_length_m(path) / (speed_kn * _KN)))
            phases.append((t, t + duration, "sail", path))
            t += duration
    n = int(t // interval_s) + 1
    times = np.arange(n) * float(interval_s)
    times[1:-1] += rng.uniform(-0.25, 0.25, n - 2) * interval_s
    lon, lat = np.empty(n), np.empty(n)
    speed, course = np.empty(n), np.full(n, np.nan)
    keep = np.ones(n, bool)
    for t0, t1, kind, payload in phases:
        sel = (times >= t0) & (times <= t1)
        if kind == "stay":
            site = sites.loc[payload]
            lon[sel], lat[sel] = site["lon"], site["lat"]
            speed[sel] = np.abs(rng.normal(0.0, 0.05, sel.sum()))
        else:
            dist = (times[sel] - t0) * speed_kn * _KN
            lon[sel], lat[sel], course[sel] = _along(payload, dist)
            speed[sel] = speed_kn + rng.normal(0.0, 0.3, sel.sum())
            for _ in range(gaps):
                span = rng.uniform(*gap_hours) * 3600.0
                if t1 - t0 > span + 2 * 3600.0:
                    g0 = rng.uniform(t0 + 3600.0, t1 - 3600.0 - span)
                    keep &= ~((times > g0) & (times < g0 + span))
    lon, lat = _jitter(lon, lat, noise_m, rng)
    when = t_start + pd.to_timedelta(np.round(times), unit="s")
    pings = gpd.GeoDataFrame(
        {
            TRACK_ID: track_id,
            TIME: when.astype("datetime64[ns]"),
            SPEED: np.round(speed, 1),
            COURSE: np.round(course, 1),
        },
        geometry=gpd.points_from_xy(lon, lat),
        crs=CRS,
    )[keep].reset_index(drop=True)
    truth_df = pd.DataFrame(truth, columns=TRUTH_COLUMNS)
    for col in ("arrival", "departure"):
        truth_df[col] = t_start + pd.to_timedelta(truth_df[col], unit="s")
    return pings, truth_df


def _jitter(lon, lat, noise_m, rng):
    north = rng.normal(0.0, noise_m, len(lon))
    east = rng.normal(0.0, noise_m, len(lon))
    dlat = north / 111_320.0
    dlon = east / (111_320.0 * np.cos(np.radians(lat)))
    return lon + dlon, lat + dlat


def fleet(
    n_tracks: int,
    pings_per_track: int,
    *,
    seed: int = 0,
    interval_s: float = 60.0,
    stay_hours: tuple[float, float] = (4.0, 24.0),
    speed_kn: tuple[float, float] = (10.0, 16.0),
    start: str = "2025-05-01",
    ports: tuple[str, ...] = CORRIDOR_PORTS,
    first: int = 0,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """``n_tracks`` vessels of ``pings_per_track`` pings each, sailing between corridor ports.

    Track ids are ``v000000``, ``v000001``, ... starting at ``first`` (so batches can be generated
    apart and joined). Each track's itinerary, stays and speed derive from ``seed`` and its number.
    """
    all_pings, all_truth = [], []
    needed = pings_per_track * interval_s / 3600.0
    for k in range(first, first + n_tracks):
        rng = np.random.default_rng([seed, k])
        stays, hours, here = [], 0.0, str(rng.choice(ports))
        kn = float(rng.uniform(*speed_kn))
        while hours < needed:
            stay = float(np.round(rng.uniform(*stay_hours), 2))
            stays.append(Stay(here, stay))
            nxt = str(rng.choice([p for p in ports if p != here]))
            hours += stay + _path_length_m(sea_path(here, nxt)) / (kn * _KN) / 3600.0
            here = nxt
        stays.append(Stay(here, float(np.round(rng.uniform(*stay_hours), 2))))
        pings, truth = voyage(
            f"v{k:06d}",
            stays,
            start,
            speed_kn=kn,
            interval_s=interval_s,
            seed=int(rng.integers(2**31)),
        )
        all_pings.append(pings.iloc[:pings_per_track])
        end = pings[TIME].iloc[min(pings_per_track, len(pings)) - 1]
        all_truth.append(truth[truth["arrival"] <= end])
    pings = pd.concat(all_pings, ignore_index=True)
    return gpd.GeoDataFrame(pings, geometry="geometry", crs=CRS), pd.concat(
        all_truth, ignore_index=True
    )
