"""Queries of the GeoPackage store: SQL filters of sightings and the GeoDataFrame they return."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from corridor.evidence.sightings import SIGHTING_COLUMNS, add_source_columns
from corridor.places.gazetteer import CRS, Gazetteer
from corridor.store import _gpkg
from corridor.store._tables import text_form


def sighting_filters(start=None, end=None, *, within=False, site=None, asset=None, activity=None,
                     source=None, confidence=None, tag=None, bbox=None) -> tuple[str, list]:  # fmt: skip
    """SQL ``WHERE`` clause and parameters of :meth:`Store.sightings` filters."""
    clauses, params = ["1"], []
    if start is not None:
        s = pd.Timestamp(start).strftime("%Y-%m-%d")
        clauses.append("observed_start >= ?" if within else "observed_end >= ?")
        params.append(s)
    if end is not None:
        e = (pd.Timestamp(end).normalize() + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
        clauses.append("observed_end < ?" if within else "observed_start < ?")
        params.append(e)

    def any_of(columns, value, like=False):
        values = [value] if isinstance(value, str) else list(value)
        ors = []
        for c in columns:
            for v in values:
                ors.append(f"lower({c}) LIKE ?" if like else f"{c} = ?")
                params.append(f"%{v.lower()}%" if like else v)
        clauses.append("(" + " OR ".join(ors) + ")")

    if site is not None:
        any_of(["site_id"], site)
    if asset is not None:
        any_of(["asset_class", "asset_name"], asset, like=True)
    if activity is not None:
        any_of(["activity"], activity)
    if source is not None:
        any_of(["source_id", "originator_id", "imagery_provider"], source)
    if confidence is not None:
        any_of(["confidence"], confidence)
    if tag is not None:
        any_of(
            ["'|' || tags || '|'"],
            [f"|{t}|" for t in ([tag] if isinstance(tag, str) else tag)],
            like=True,
        )
    if bbox is not None:
        minx, miny, maxx, maxy = (float(v) for v in bbox)
        clauses.append(
            "fid IN (SELECT id FROM rtree_sightings_geom WHERE minx <= ? AND maxx >= ?"
            " AND miny <= ? AND maxy >= ?)"
        )
        params += [maxx, minx, maxy, miny]
    return " AND ".join(clauses), params


def sightings_frame(
    df: pd.DataFrame, gazetteer: Gazetteer, sources: pd.DataFrame
) -> gpd.GeoDataFrame:
    """Stored rows as the GeoDataFrame of :func:`corridor.evidence.sightings.to_geodataframe`, plus
    ``revision``, ``content_id``, ``recorded_at`` and ``located_by`` (``site`` or ``point``)."""
    x, y = _gpkg.blob_xy(df["geom"].tolist()) if len(df) else (np.array([]), np.array([]))
    out = text_form(df, SIGHTING_COLUMNS)
    out.insert(0, "sighting_id", df["sighting_id"].to_numpy())
    sites = gazetteer.sites.set_index("site_id")
    out["located_by"] = np.where(out["lat"] != "", "point", "site")
    out["lat"], out["lon"] = y.astype(float), x.astype(float)
    precision = pd.to_numeric(out["location_precision_m"].replace("", None)).astype("Int64")
    out["location_precision_given_m"] = precision
    out["location_precision_m"] = precision.fillna(
        out["site_id"].map(sites["location_precision_m"]).astype("Int64")
    )
    out["site_name"] = df["site_name"].fillna("").to_numpy()
    for f in ("asset_count", "personnel_low", "personnel_high"):
        out[f] = pd.to_numeric(out[f].replace("", None)).astype("Int64")
    for f in ("observed_start", "observed_end"):
        out[f] = pd.to_datetime(out[f], format="ISO8601")
    add_source_columns(out, sources)
    out["revision"] = df["revision"].astype(int).to_numpy()
    out["content_id"] = df["content_id"].to_numpy()
    out["recorded_at"] = df["recorded_at"].to_numpy()
    return gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(x, y), crs=CRS)
