"""Landings, take-offs and airfield visits in flight tracks.

A ping is *on the ground* (thresholds in :class:`FlightParams`):

- when the track says so: the ``on_ground`` flag of OpenSky state vectors or ADS-B Exchange
  traces ("ground" altitude) wins whenever it is given;
- else, with an altitude, when it is at most ``ground_agl_ft`` (default 100 ft) above the elevation
  of the nearest airfield within ``reach_m`` (elevation from ``airportsdata`` by ICAO code, 0 when
  unknown) and the speed, when given, at most ``max_ground_speed_kn`` (default 160 kn, above any
  runway roll);
- else, with a speed only, when it is at most ``taxi_speed_kn`` (default 50 kn).

A *landing* is the first ground ping after an airborne one, a *take-off* the first airborne ping
after a ground one; a silence of at least ``min_silence`` right after a ground ping is spent on
the ground (the visit departs at the take-off ping). A silence of at least ``min_silence`` (default 5 min) and at most
``max_silence`` (default 24 h) between two airborne pings that are both at most ``low_agl_ft``
(default 3000 ft) above, and within ``reach_m`` (default 10 km) of, the same airfield counts as a
landing at the last ping before it and a take-off at the first one after (``inferred``): the
receiver lost the aircraft low over the airfield and found it there again.

A ground stretch at a gazetteer airfield (``kinds``, median position within ``max_distance_m``,
default 5000 m, plus the site's ``location_precision_m``) is a *visit*, from landing to the next
take-off, when it lasts at least ``min_ground`` (default 3 min); a shorter one with both a landing
and a take-off is a *touch-and-go* and not a visit. A track that starts (or ends) on the ground
gives a visit whose arrival (departure) is its first (last) ping, flagged ``landed=False``
(``took_off=False``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import airportsdata
import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

from corridor.places.gazetteer import Gazetteer
from corridor.tracks.table import ALTITUDE, CRS, ON_GROUND, SPEED, TIME, TRACK_ID

#: Columns of the events table besides ``geometry``.
EVENT_COLUMNS = [TRACK_ID, "event", "time", "site_id", "distance_m", "touch_and_go", "inferred"]
#: Columns of the visits table besides ``geometry`` (those of a port call, plus three flags).
VISIT_COLUMNS = [
    TRACK_ID, "site_id", "site_name", "site_kind", "arrival", "departure", "duration_h",
    "distance_m", "median_speed_kn", "n_pings", "max_gap_h", "stop_id", "landed", "took_off",
    "inferred",
]  # fmt: skip
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class FlightParams:
    """Thresholds for ground pings, landings inferred from silences, and visits."""

    ground_agl_ft: float = 100.0
    max_ground_speed_kn: float = 160.0
    taxi_speed_kn: float = 50.0
    low_agl_ft: float = 3000.0
    reach_m: float = 10000.0
    min_silence: pd.Timedelta = pd.Timedelta(minutes=5)
    max_silence: pd.Timedelta = pd.Timedelta(hours=24)
    max_distance_m: float = 5000.0
    min_ground: pd.Timedelta = pd.Timedelta(minutes=3)
    kinds: tuple[str, ...] = ("airfield",)

    def describe(self) -> str:
        minutes = lambda td: f"{td / pd.Timedelta(minutes=1):g}min"  # noqa: E731
        return (
            f"ground_agl_ft={self.ground_agl_ft:g}; max_ground_speed_kn={self.max_ground_speed_kn:g}; "
            f"taxi_speed_kn={self.taxi_speed_kn:g}; low_agl_ft={self.low_agl_ft:g}; "
            f"reach_m={self.reach_m:g}; silence={minutes(self.min_silence)}..{minutes(self.max_silence)}; "
            f"max_distance_m={self.max_distance_m:g} (+ site location_precision_m); "
            f"min_ground={minutes(self.min_ground)}; kinds={','.join(self.kinds)}"
        )


@functools.lru_cache(maxsize=4)
def _icao_elevations() -> dict[str, float]:
    return {k: float(v.get("elevation") or 0.0) for k, v in airportsdata.load("ICAO").items()}


def _airfields(gazetteer: Gazetteer, kinds) -> pd.DataFrame:
    sites = gazetteer.sites[gazetteer.sites["kind"].isin(kinds)].reset_index(drop=True)
    elev = _icao_elevations()
    icao = sites["icao"] if "icao" in sites else pd.Series("", index=sites.index)
    return sites.assign(elevation_ft=[elev.get(str(c), 0.0) for c in icao.fillna("")])


def _nearest(lon, lat, sites: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest site (-1 when none) and its distance in metres, per point."""
    if len(sites) == 0 or len(lon) == 0:
        return np.full(len(lon), -1), np.full(len(lon), np.inf)
    shape = (len(lon), len(sites))
    _, _, dist = _GEOD.inv(np.broadcast_to(np.asarray(lon)[:, None], shape),
                           np.broadcast_to(np.asarray(lat)[:, None], shape),
                           np.broadcast_to(sites["lon"].to_numpy(float), shape),
                           np.broadcast_to(sites["lat"].to_numpy(float), shape))  # fmt: skip
    dist = np.asarray(dist).reshape(shape)
    best = dist.argmin(axis=1)
    return best, dist[np.arange(len(lon)), best]


def ground_state(pings: gpd.GeoDataFrame, gazetteer: Gazetteer | None = None,
                 params: FlightParams | None = None) -> pd.DataFrame:  # fmt: skip
    """Per ping: ``on_ground`` (decided as documented), ``agl_ft``, nearest ``site`` index, ``site_m``."""
    params = params or FlightParams()
    sites = _airfields(gazetteer or Gazetteer.default(), params.kinds)
    near, dist = _nearest(pings.geometry.x.to_numpy(), pings.geometry.y.to_numpy(), sites)
    close = dist <= params.reach_m
    elev = np.where(close, sites["elevation_ft"].to_numpy(float)[np.clip(near, 0, None)]
                    if len(sites) else 0.0, 0.0)  # fmt: skip
    alt = pings[ALTITUDE].to_numpy(float)
    speed = pings[SPEED].to_numpy(float)
    agl = alt - elev
    by_alt = (agl <= params.ground_agl_ft) & ~(speed > params.max_ground_speed_kn)
    by_speed = speed <= params.taxi_speed_kn
    guess = np.where(np.isfinite(alt), by_alt, np.where(np.isfinite(speed), by_speed, np.nan))
    flag = pings[ON_GROUND].astype("boolean").to_numpy(dtype=float, na_value=np.nan)
    state = np.where(np.isnan(flag), guess, flag)
    return pd.DataFrame({"on_ground": state, "agl_ft": agl, "site": np.where(close, near, -1),
                         "site_m": dist})  # fmt: skip


def airfield_events(
    pings: gpd.GeoDataFrame, *, gazetteer: Gazetteer | None = None, params: FlightParams | None = None
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Landings and take-offs, and the visits they bound, in flight tracks.

    Parameters
    ----------
    pings : GeoDataFrame
        Pings of :func:`corridor.tracks.read_tracks` (EPSG:4326, with ``altitude_ft`` and
        ``on_ground`` where known), any number of tracks.
    gazetteer : Gazetteer, optional
        Airfields to match; :meth:`Gazetteer.default` if omitted.
    params : FlightParams, optional
        Thresholds; the documented defaults if omitted.

    Returns
    -------
    events : GeoDataFrame
        :data:`EVENT_COLUMNS`, one row per landing or take-off, sorted by track and time.
    visits : GeoDataFrame
        :data:`VISIT_COLUMNS`, geometry the median ground position, sorted by track and arrival.
    """
    params = params or FlightParams()
    gazetteer = gazetteer or Gazetteer.default()
    if pings.crs is None or not pings.crs.equals(CRS):
        raise ValueError(f"pings must be in {CRS} (lon/lat); got {pings.crs}")
    pings = pings.sort_values([TRACK_ID, TIME], kind="stable", ignore_index=True)
    sites = _airfields(gazetteer, params.kinds)
    state = ground_state(pings, gazetteer, params)
    events, stretches = [], []
    for _, idx in pings.groupby(TRACK_ID, sort=True).indices.items():
        _track(pings.iloc[idx], state.iloc[idx], params, events, stretches)
    ev = pd.DataFrame(events, columns=[TRACK_ID, "event", "time", "lon", "lat", "touch_and_go",
                                       "inferred"])  # fmt: skip
    visits = _visits(pings, stretches, sites, params)
    near, dist = _nearest(ev["lon"].to_numpy(float), ev["lat"].to_numpy(float), sites)
    ok = dist <= params.reach_m
    ev["site_id"] = np.where(ok, sites["site_id"].to_numpy()[np.clip(near, 0, None)]
                             if len(sites) else "", "")  # fmt: skip
    ev["distance_m"] = np.where(ok, np.round(dist), np.nan)
    geometry = gpd.points_from_xy(ev.pop("lon"), ev.pop("lat"), crs=CRS)
    ev = gpd.GeoDataFrame(ev[EVENT_COLUMNS], geometry=geometry, crs=CRS)
    return ev.sort_values([TRACK_ID, "time"], kind="stable", ignore_index=True), visits


def _track(p: pd.DataFrame, s: pd.DataFrame, params: FlightParams, events: list, stretches: list):
    """Ground stretches of one track (first, last position, inferred) and their events."""
    ground = pd.Series(s["on_ground"].to_numpy()).ffill().bfill().to_numpy()
    times = p[TIME].to_numpy()
    n = len(p)
    # inferred landings: a silence between two low airborne pings near the same airfield
    gap = np.diff(times) if n > 1 else np.array([], dtype="timedelta64[ns]")
    low = (s["agl_ft"].to_numpy() <= params.low_agl_ft) & (s["site"].to_numpy() >= 0)
    silent = ((gap >= params.min_silence.to_timedelta64()) & (gap <= params.max_silence.to_timedelta64())
              & (ground[:-1] == 0) & (ground[1:] == 0) & low[:-1] & low[1:]
              & (s["site"].to_numpy()[:-1] == s["site"].to_numpy()[1:]))  # fmt: skip
    runs = []  # (first index, last index, inferred)
    i = 0
    while i < n:
        if ground[i] == 1:
            j = i
            while j + 1 < n and ground[j + 1] == 1:
                j += 1
            runs.append((i, j, False))
            i = j + 1
        else:
            i += 1
    runs += [(k, k + 1, True) for k in np.flatnonzero(silent)]
    for a, b, inferred in sorted(runs):
        landed, took_off = (a > 0 or inferred), (b < n - 1 or inferred)
        end = b + 1 if (not inferred and b < n - 1 and gap[b] >= params.min_silence.to_timedelta64()) else b
        short = times[end] - times[a] < params.min_ground.to_timedelta64()
        tng = bool(landed and took_off and short)
        lon, lat = p.geometry.x.to_numpy(), p.geometry.y.to_numpy()
        track = p[TRACK_ID].iat[0]
        if landed:
            events.append((track, "landing", times[a], lon[a], lat[a], tng, inferred))
        if took_off:
            k = b if inferred else b + 1
            events.append((track, "takeoff", times[k], lon[k], lat[k], tng, inferred))
        if not tng and (landed or took_off):
            stretches.append((p.index[a], p.index[b], p.index[end], landed, took_off, inferred))


def _visits(pings, stretches, sites, params) -> gpd.GeoDataFrame:
    rows, points = [], []
    for a, b, end, landed, took_off, inferred in stretches:
        part = pings.iloc[a : b + 1] if not inferred else pings.iloc[[a, b]]
        last = pings[TIME].iat[end]
        lon, lat = float(part.geometry.x.median()), float(part.geometry.y.median())
        t = part[TIME]
        gaps = t.diff().dt.total_seconds().max() if len(t) > 1 else 0.0
        speed = np.nan if inferred else float(part[SPEED].median())
        rows.append({TRACK_ID: part[TRACK_ID].iat[0], "arrival": t.iat[0], "departure": last,
                     "duration_h": (last - t.iat[0]).total_seconds() / 3600.0,
                     "median_speed_kn": speed, "n_pings": len(part),
                     "max_gap_h": (gaps or 0.0) / 3600.0,
                     "stop_id": f"{part[TRACK_ID].iat[0]}:{t.iat[0]:%Y%m%dT%H%M%S}",
                     "landed": landed, "took_off": took_off, "inferred": inferred})  # fmt: skip
        points.append((lon, lat))
    df = pd.DataFrame(rows, columns=[c for c in VISIT_COLUMNS if c not in
                                     ("site_id", "site_name", "site_kind", "distance_m")])  # fmt: skip
    lon = np.array([q[0] for q in points], dtype=float)
    lat = np.array([q[1] for q in points], dtype=float)
    near, dist = _nearest(lon, lat, sites)
    reach = params.max_distance_m + (sites["location_precision_m"].to_numpy(float)[np.clip(near, 0, None)]
                                     if len(sites) else 0.0)  # fmt: skip
    hit = dist <= reach
    site = sites.iloc[near[hit]].reset_index(drop=True) if len(sites) else sites
    df = df[hit].reset_index(drop=True)
    df["site_id"], df["site_name"] = site["site_id"].to_numpy(), site["name"].to_numpy()
    df["site_kind"], df["distance_m"] = site["kind"].to_numpy(), np.round(dist[hit])
    geometry = gpd.points_from_xy(lon[hit], lat[hit], crs=CRS)
    out = gpd.GeoDataFrame(df[VISIT_COLUMNS], geometry=geometry, crs=CRS)
    return out.sort_values([TRACK_ID, "arrival"], kind="stable", ignore_index=True)
