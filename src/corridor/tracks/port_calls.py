"""Port calls and airfield visits: stops at gazetteer sites, and the sightings they become.

A stop (:func:`corridor.tracks.stops.detect_stops`) is a *port call* at a site when, in the manner of
Global Fishing Watch's port visits (a vessel within 3 km of an anchorage and stopped at under
0.2 kn; visits shorter than 3 hours dropped; see the GFW FAQ "How are port visits in the carrier
vessel portal defined?", https://globalfishingwatch.org/faqs/how-are-port-visits-in-the-carrier-vessel-portal-defined/):

- its median position lies within ``max_distance_m`` (default 3000 m) of the site's point plus the
  site's own ``location_precision_m`` (our sites are town or airport points, not anchorages);
- its median speed over ground is at most ``max_speed_kn`` (default 0.2 kn), when the track
  carries speeds (tracks without speeds skip this test, and the sighting says so);
- it lasts at least ``min_duration`` (default 3 h);
- the site's ``kind`` is one of ``kinds`` (default ``("port",)``; ``("airfield",)`` for aircraft).

The nearest qualifying site wins. Each port call becomes one sighting per requested activity
(default ``present`` over arrival..departure, at ``datetime`` precision), whose ``source_id`` is
the track file registered as a source of kind ``track`` and whose ``source_detail`` names the
file, the track, the stop and every threshold, so the import is reproducible and auditable.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

from corridor.evidence.sightings import SIGHTING_COLUMNS, SOURCE_COLUMNS
from corridor.places.gazetteer import Gazetteer
from corridor.tracks.stops import StopParams
from corridor.tracks.table import CRS, TRACK_ID

#: Columns of the port-calls table besides ``geometry`` (the stop's median position).
PORT_CALL_COLUMNS = [
    TRACK_ID, "site_id", "site_name", "site_kind", "arrival", "departure", "duration_h",
    "distance_m", "median_speed_kn", "n_pings", "max_gap_h", "stop_id",
]  # fmt: skip
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class PortCallParams:
    """Thresholds that make a stop a port call (defaults after GFW's port visits)."""

    max_distance_m: float = 3000.0
    max_speed_kn: float = 0.2
    min_duration: pd.Timedelta = pd.Timedelta(hours=3)
    kinds: tuple[str, ...] = ("port",)

    def describe(self) -> str:
        hours = self.min_duration / pd.Timedelta(hours=1)
        return (
            f"max_distance_m={self.max_distance_m:g} (+ site location_precision_m); "
            f"max_speed_kn={self.max_speed_kn:g}; min_duration={hours:g}h; "
            f"kinds={','.join(self.kinds)}"
        )


def port_calls(
    stops: gpd.GeoDataFrame,
    *,
    gazetteer: Gazetteer | None = None,
    params: PortCallParams | None = None,
) -> gpd.GeoDataFrame:
    """Stops that are port calls (or airfield visits) at gazetteer sites.

    Parameters
    ----------
    stops : GeoDataFrame
        Output of :func:`corridor.tracks.stops.detect_stops` in EPSG:4326.
    gazetteer : Gazetteer, optional
        Sites to match; :meth:`Gazetteer.default` if omitted.
    params : PortCallParams, optional
        Thresholds; the documented defaults if omitted.

    Returns
    -------
    GeoDataFrame
        Columns :data:`PORT_CALL_COLUMNS`, geometry the stop's median position, sorted by track
        and arrival.
    """
    params = params or PortCallParams()
    gazetteer = gazetteer or Gazetteer.default()
    if stops.crs is None or not stops.crs.equals(CRS):
        raise ValueError(f"stops must be in {CRS} (lon/lat); got {stops.crs}")
    sites = gazetteer.sites[gazetteer.sites["kind"].isin(params.kinds)].reset_index(drop=True)
    long_enough = (stops["end_time"] - stops["start_time"]) >= params.min_duration
    slow = stops["median_speed_kn"].isna() | (stops["median_speed_kn"] <= params.max_speed_kn)
    cand = stops[long_enough & slow].reset_index(drop=True)
    if cand.empty or sites.empty:
        return _frame(cand.iloc[:0], sites.iloc[:0], np.empty(0), np.empty(0, int))
    lon = np.repeat(cand.geometry.x.to_numpy()[:, None], len(sites), axis=1)
    lat = np.repeat(cand.geometry.y.to_numpy()[:, None], len(sites), axis=1)
    slon = np.broadcast_to(sites["lon"].to_numpy(float), lon.shape)
    slat = np.broadcast_to(sites["lat"].to_numpy(float), lat.shape)
    _, _, dist = _GEOD.inv(lon, lat, slon, slat)
    reach = params.max_distance_m + sites["location_precision_m"].to_numpy(float)
    dist = np.where(dist <= reach, dist, np.inf)
    nearest = dist.argmin(axis=1)
    best = dist[np.arange(len(cand)), nearest]
    hit = np.isfinite(best)
    return _frame(cand[hit], sites, best[hit], nearest[hit])


def _frame(cand, sites, dist, nearest) -> gpd.GeoDataFrame:
    site = sites.iloc[nearest].reset_index(drop=True)
    cand = cand.reset_index(drop=True)
    out = pd.DataFrame(
        {
            TRACK_ID: cand[TRACK_ID],
            "site_id": site["site_id"],
            "site_name": site["name"],
            "site_kind": site["kind"],
            "arrival": cand["start_time"],
            "departure": cand["end_time"],
            "duration_h": cand["duration_s"] / 3600.0,
            "distance_m": np.round(dist, 0),
            "median_speed_kn": cand["median_speed_kn"],
            "n_pings": cand["n_pings"],
            "max_gap_h": cand["max_gap_s"] / 3600.0,
            "stop_id": cand["stop_id"],
        }
    )
    calls = gpd.GeoDataFrame(out, geometry=cand.geometry.values, crs=CRS)
    return calls.sort_values([TRACK_ID, "arrival"], kind="stable", ignore_index=True)


def track_source(
    path: str | Path,
    *,
    organisation: str,
    publication: str | None = None,
    published: str = "",
    url: str = "",
    notes: str = "",
) -> pd.DataFrame:
    """The track file as a one-row sources table (kind ``track``), for the store's import.

    The id is ``track_`` plus the file's name; ``notes`` gain the file's SHA-256 (for a folder of
    GeoParquet partitions, of its ``*.parquet`` files in name order) so the exact data behind every
    sighting can be checked later.
    """
    path = Path(path)
    sha = hashlib.sha256()
    for part in sorted(path.glob("*.parquet")) if path.is_dir() else [path]:
        sha.update(part.read_bytes())
    digest = sha.hexdigest()[:16]
    sid = "track_" + re.sub(r"[^a-z0-9]+", "_", path.name.lower()).strip("_")
    note = f"sha256 {digest}" + (f"; {notes}" if notes else "")
    row = {
        "source_id": sid,
        "kind": "track",
        "organisation": organisation,
        "publication": publication or f"Track file {path.name}",
        "published": published,
        "url": url,
        "notes": note,
    }
    return pd.DataFrame([row], columns=SOURCE_COLUMNS)


def to_sightings(
    calls: gpd.GeoDataFrame,
    source: pd.DataFrame,
    *,
    stop_params: StopParams | None = None,
    params=None,
    track_file: str | Path,
    vessels: pd.DataFrame | None = None,
    asset_class: str = "vessel",
    activities: tuple[str, ...] = ("present",),
    confidence: str = "probable",
    tags: str = "track-derived",
) -> pd.DataFrame:
    """Port calls as a sightings table in CSV form (:data:`corridor.evidence.sightings.SIGHTING_COLUMNS`).

    ``vessels`` (``track_id``, ``name``, optionally ``asset_class`` and identifier ``tags``, as
    :func:`corridor.tracks.identity.asset_names` gives) names the assets; otherwise the asset name
    is the track id. ``activities`` may hold ``present`` (arrival..departure), ``arrived`` (at
    arrival) and ``departed`` (at departure). ``calls`` may also be airfield visits
    (:func:`corridor.tracks.flights.airfield_events`, with ``params`` a ``FlightParams``): then
    ``arrived`` is written only for a visit that began with a landing and ``departed`` only for
    one that ended with a take-off.
    """
    params = params or PortCallParams()
    what = "Port call" if isinstance(params, PortCallParams) else "Airfield visit"
    method = (f"stops: {stop_params.describe()}; port calls: {params.describe()}"
              if stop_params is not None else f"{what.lower()}s: {params.describe()}")  # fmt: skip
    unknown = [a for a in activities if a not in ("present", "arrived", "departed")]
    if unknown:
        raise ValueError(f"activities {unknown} not supported; use present, arrived, departed")
    names, classes, id_tags = {}, {}, {}
    if vessels is not None and len(vessels):
        v = vessels.set_index(TRACK_ID)
        names = v["name"].dropna().to_dict() if "name" in v else {}
        classes = v["asset_class"].replace("", None).dropna().to_dict() if "asset_class" in v else {}
        id_tags = v["tags"].replace("", None).dropna().to_dict() if "tags" in v else {}
    source_id = source["source_id"].iloc[0]
    file_name = Path(track_file).name
    rows = []
    for call in calls.itertuples(index=False):
        track = getattr(call, TRACK_ID)
        t0 = call.arrival.strftime("%Y-%m-%dT%H:%M:%S")
        t1 = call.departure.strftime("%Y-%m-%dT%H:%M:%S")
        speed = (
            "no speeds in track (speed test skipped)"
            if pd.isna(call.median_speed_kn)
            else f"median speed {call.median_speed_kn:.2f} kn"
        )
        detail = (
            f"{file_name}; track {track}; stop {t0}..{t1}, {call.n_pings} pings; {method}"
        )
        notes = (
            f"{what} detected in track {track}: {call.duration_h:.1f} h, stop centre "
            f"{call.distance_m:.0f} m from the site point, {speed}, longest silence "
            f"{call.max_gap_h:.1f} h"
        )
        if getattr(call, "inferred", False):
            notes += "; landing and take-off inferred from a silence low over the airfield"
        observed = [a for a in activities if not (
            (a == "arrived" and getattr(call, "landed", True) is False)
            or (a == "departed" and getattr(call, "took_off", True) is False))]  # fmt: skip
        for activity in observed:
            start, end = {"present": (t0, t1), "arrived": (t0, t0), "departed": (t1, t1)}[activity]
            rows.append(
                {
                    "observed_start": start,
                    "observed_end": end,
                    "time_precision": "datetime",
                    "site_id": call.site_id,
                    "asset_class": classes.get(track, asset_class),
                    "asset_name": names.get(track, str(track)),
                    "asset_count": "1",
                    "activity": activity,
                    "source_id": source_id,
                    "source_detail": detail,
                    "confidence": confidence,
                    "notes": notes,
                    "tags": "|".join(t for t in (tags, id_tags.get(track, "")) if t),
                }
            )
    table = pd.DataFrame(rows, columns=SIGHTING_COLUMNS)
    return table.astype(object).where(table.notna(), "").astype(str)


def import_port_calls(store, sightings: pd.DataFrame, source: pd.DataFrame, *, origin: str):
    """Import port-call sightings and their track source into ``store`` in one transaction."""
    return store.import_sightings(sightings, sources=source, origin=origin)
