"""Synthetic vessel tracks with known port stays, for tests, benchmarks and demonstrations.

A vessel follows an itinerary of gazetteer ports: it stays at each for a given time (pinging at the
site's point plus position noise), then sails the sea leg to the next at a set speed. Sea legs come
from :func:`corridor.transport.routes.sea_leg`. Pings are sampled every
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

import airportsdata
import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

from corridor._deprecation import moved
from corridor.places.gazetteer import Gazetteer
from corridor.tracks.table import COURSE, CRS, SPEED, TIME, TRACK_ID
from corridor.transport.routes import sea_leg

TRUTH_COLUMNS = [TRACK_ID, "site_id", "arrival", "departure"]
_GEOD = Geod(ellps="WGS84")
_KN = 1852.0 / 3600.0  # m/s per knot


@dataclass(frozen=True)
class Stay:
    """A planned stay at a gazetteer site, in hours."""

    site_id: str
    hours: float


@functools.lru_cache(maxsize=256)
def sea_path(origin: str, destination: str, gazetteer: Gazetteer | None = None) -> np.ndarray:
    """Vertices (lon, lat) of the sea leg between two sites of ``gazetteer``, from end to end."""
    line = sea_leg(origin, destination, geocoder=gazetteer or Gazetteer.default()).geometry.iloc[0]
    return np.asarray(line.coords)[:, :2]


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
    gazetteer: Gazetteer | None = None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Pings and true stays of one vessel following ``stays`` (sites of ``gazetteer``) from
    ``start`` (naive UTC).

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
    gazetteer = gazetteer or Gazetteer.default()
    sites = gazetteer.sites.set_index("site_id")
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
            path = sea_path(stay.site_id, stays[i + 1].site_id, gazetteer)
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
    start: str = "2023-05-01",
    ports: tuple[str, ...] | None = None,
    first: int = 0,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """``n_tracks`` vessels of ``pings_per_track`` pings each, sailing between ``ports`` (site ids;
    default: every port of the current case's gazetteer, in its order).

    Track ids are ``v000000``, ``v000001``, ... starting at ``first`` (so batches can be generated
    apart and joined). Each track's itinerary, stays and speed derive from ``seed`` and its number.
    """
    if ports is None:
        sites = Gazetteer.default().sites
        ports = tuple(sites.loc[sites["kind"] == "port", "site_id"])
    if len(ports) < 2:
        raise ValueError(f"a fleet sails between at least two ports, got {list(ports)}")
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


# --- many tracks at once, vectorised: distributions of the stop-detection benchmark -------------


@dataclass(frozen=True)
class TrackFamily:
    """A family of synthetic tracks and the stop thresholds that suit it.

    Durations are in seconds, distances in metres; ranges are drawn log-uniformly.
    """

    name: str
    interval_s: tuple[float, float]  # time between pings
    stay_s: tuple[float, float]  # a stop
    move_s: tuple[float, float]  # a leg between stops
    speed_ms: tuple[float, float]  # speed on a leg
    swing_m: tuple[float, float]  # radius of the circle swung during a stay (anchor, taxiing)
    noise_m: float  # position noise (standard deviation)
    turn_rad: float  # heading change per ping on a leg (standard deviation): 0 = straight legs
    dark: float  # share of phases that are silent (no pings)
    max_diameter_m: float
    min_duration: str


#: The families of tracks :func:`synthetic_tracks` draws, by name (its ``kind`` argument).
TRACK_FAMILIES = {
    k.name: k
    for k in (
        # ships: a ping a minute, anchorage and port stays of hours to days, straight sea legs
        TrackFamily("ships", (45, 75), (4 * 3600, 3 * 86400), (2 * 3600, 2 * 86400), (4, 8), (1, 120),
             10.0, 0.0, 0.0, 500.0, "2h"),
        # aircraft: a ping every 5 s, ground stops of 20 min to 3 h, flights of 1 to 8 h
        TrackFamily("aircraft", (4, 6), (1200, 3 * 3600), (3600, 8 * 3600), (180, 250), (1, 40),
             5.0, 0.0, 0.0, 300.0, "10min"),
        # irregular clocks of 20 s to 7 min, stays of 30 min to 4 days, silences of whole phases
        TrackFamily("irregular", (20, 420), (1800, 4 * 86400), (1800, 86400), (2, 10), (1, 200),
             15.0, 0.05, 0.15, 400.0, "30min"),
        # random walks: slow wandering with pauses, steps comparable to the diameter
        TrackFamily("walks", (20, 120), (600, 6 * 3600), (600, 4 * 3600), (0.3, 2), (1, 30),
             5.0, 0.6, 0.05, 100.0, "15min"),
    )
}  # fmt: skip
#: Former names of :data:`TRACK_FAMILIES` and :class:`TrackFamily` (``KINDS`` names site kinds
#: elsewhere).
__getattr__ = moved(__name__, {
    "KINDS": "corridor.testing.tracks:TRACK_FAMILIES",
    "Kind": "corridor.testing.tracks:TrackFamily",
})  # fmt: skip


def _log_uniform(rng, bounds, size):
    lo, hi = np.log(bounds[0]), np.log(bounds[1])
    return np.exp(rng.uniform(lo, hi, size))


def synthetic_tracks(
    kind: str, n_pings: int, n_tracks: int = 1, *, seed: int = 0, first: int = 0
) -> gpd.GeoDataFrame:
    """``n_pings`` pings over ``n_tracks`` tracks of one of :data:`TRACK_FAMILIES`, in EPSG:4326.

    Each track starts at an airport of ``airportsdata`` (drawn with the seed) and alternates
    stays and moves; a stay swings on a circle plus noise, a move goes at a set speed on a
    heading that turns by ``turn_rad`` a ping. Silent phases lose their pings. Track ids are
    ``<kind>000000``, ... from ``first``; every track gets ``n_pings // n_tracks`` pings (the
    first ones get one more when it does not divide). Vectorised: a few seconds for 10,000,000
    pings. These are *synthetic* tracks for tests and benchmarks, not observations.

    Examples
    --------
    >>> pings = synthetic_tracks("walks", 1000, 10, seed=1)
    >>> len(pings), pings["track_id"].nunique(), str(pings.crs)
    (1000, 10, 'EPSG:4326')
    """
    if kind not in TRACK_FAMILIES:
        raise ValueError(f"kind must be one of {sorted(TRACK_FAMILIES)}, got {kind!r}")
    if not 1 <= n_tracks <= max(1, n_pings):
        raise ValueError(f"n_tracks must be between 1 and n_pings, got {n_tracks}")
    k = TRACK_FAMILIES[kind]
    rng = np.random.default_rng([seed, first, n_pings, n_tracks])
    per = np.full(n_tracks, n_pings // n_tracks)
    per[: n_pings % n_tracks] += 1
    want = np.ceil(per / (1.0 - k.dark) * 1.3).astype(np.int64) + 8  # before silences drop pings
    track = np.repeat(np.arange(n_tracks), want)
    track_first = np.concatenate([[0], np.cumsum(want)[:-1]])
    m = len(track)
    dt = _log_uniform(rng, k.interval_s, m)
    dt[track_first] = rng.uniform(0, 86400 * 30, n_tracks)  # tracks start within a month
    t = _cumsum_by(dt, track_first, want)
    # phases: stay, move, stay, ... with enough of them to cover each track's span
    rel = t - np.repeat(t[track_first], want)  # seconds since the track's first ping
    span = rel[track_first + want - 1]
    mean_phase = 0.5 * (np.mean(k.stay_s) + np.mean(k.move_s))
    n_phase = int(np.ceil(span.max() / min(k.stay_s[0], k.move_s[0]))) + 2
    n_phase = min(n_phase, int(np.ceil(span.max() / mean_phase)) * 4 + 8)
    is_stay = np.arange(n_phase) % 2 == rng.integers(0, 2, (n_tracks, 1))
    dur = np.where(
        is_stay,
        _log_uniform(rng, k.stay_s, (n_tracks, n_phase)),
        _log_uniform(rng, k.move_s, (n_tracks, n_phase)),
    )
    ends = np.cumsum(dur, axis=1)
    ends[:, -1] = 2.0**39  # the last phase lasts to the end of the track
    offset = np.arange(n_tracks) * 2.0**40
    phase = np.searchsorted((ends + offset[:, None]).ravel(), rel + offset[track], side="right")
    phase = np.minimum(phase - np.arange(n_tracks)[track] * n_phase, n_phase - 1)
    flat = track * n_phase + phase
    stay = is_stay.ravel()[flat]
    dark = (rng.random((n_tracks, n_phase)) < k.dark) & (np.arange(n_phase) > 0)
    dark = dark.ravel()
    # moves: speed per phase, heading turning per ping
    speed = _log_uniform(rng, k.speed_ms, n_tracks * n_phase)[flat]
    heading = rng.uniform(0, 2 * np.pi, n_tracks * n_phase)[flat]
    heading += _cumsum_by(rng.normal(0, k.turn_rad, m), track_first, want)
    step = np.where(stay, 0.0, speed * np.diff(t, prepend=0.0))
    step[track_first] = 0.0
    east = _cumsum_by(step * np.sin(heading), track_first, want)
    north = _cumsum_by(step * np.cos(heading), track_first, want)
    # stays: a circle swung slowly, plus noise everywhere
    radius = _log_uniform(rng, k.swing_m, n_tracks * n_phase)[flat]
    angle = t / rng.uniform(600, 7200, n_tracks * n_phase)[flat]
    east += np.where(stay, radius * np.cos(angle), 0.0) + rng.normal(0, k.noise_m, m)
    north += np.where(stay, radius * np.sin(angle), 0.0) + rng.normal(0, k.noise_m, m)
    lon, lat = _to_lonlat(east, north, track, track_first, want, _origins(rng, n_tracks))
    keep = ~dark[flat]
    keep &= _rank_by(keep, track_first, want) < per[track]
    t0 = np.datetime64("2025-01-01T00:00:00", "s")
    times = t0 + np.round(t[keep]).astype("timedelta64[s]")
    ids = np.char.add(kind, np.char.zfill(np.arange(first, first + n_tracks).astype(str), 6))
    return gpd.GeoDataFrame(
        {TRACK_ID: ids[track[keep]].astype(object), TIME: times.astype("datetime64[ns]")},
        geometry=gpd.points_from_xy(lon[keep], lat[keep]),
        crs=CRS,
    )


def _cumsum_by(values, track_first, counts):
    """Cumulative sums that restart at each track's first value."""
    total = np.cumsum(values)
    base = np.repeat(total[track_first] - values[track_first], counts)
    return total - base


def _rank_by(keep, track_first, counts):
    """Rank of each kept value within its track (0 for the first kept one)."""
    return _cumsum_by(keep.astype(np.int64), track_first, counts) - 1


def _origins(rng, n):
    """Start points: airports of ``airportsdata`` (public data), drawn with ``rng``."""
    table = airportsdata.load("ICAO")
    codes = sorted(c for c, a in table.items() if abs(a["lat"]) < 70)
    pick = [table[codes[i]] for i in rng.integers(0, len(codes), n)]
    return np.array([[a["lon"], a["lat"]] for a in pick], dtype=float)


def _to_lonlat(east, north, track, track_first, counts, origin):
    """Metres east and north of each track's origin to lon/lat (latitudes folded below 80°)."""
    lat = origin[track, 1] + north / 110_574.0
    lat = 80.0 - np.abs((lat + 80.0) % 320.0 - 160.0)  # bounce between -80° and 80°
    step_e = np.diff(east, prepend=0.0)
    step_e[track_first] = east[track_first]
    lon = origin[track, 0] + _cumsum_by(step_e / (111_320.0 * np.cos(np.radians(lat))),
                                        track_first, counts)  # fmt: skip
    return (lon + 180.0) % 360.0 - 180.0, lat
