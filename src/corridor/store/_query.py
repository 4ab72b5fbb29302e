"""Queries of the store, on either backend: SQL filters of sightings and the GeoDataFrame they return."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from corridor.evidence.sightings import SIGHTING_COLUMNS, add_source_columns
from corridor.places.gazetteer import CRS, Gazetteer
from corridor.store._dialect import Dialect
from corridor.store._schema import text_form


def sighting_filters(d: Dialect, start=None, end=None, *, within=False, site=None, asset=None,
                     activity=None, source=None, confidence=None, tag=None,
                     bbox=None) -> tuple[str, list]:  # fmt: skip
    """SQL ``WHERE`` clause (sightings as ``s``) and parameters of :meth:`Store.sightings` filters,
    in the dialect ``d``."""
    m = d.mark
    clauses, params = ["TRUE"], []
    if start is not None:
        s = pd.Timestamp(start).strftime("%Y-%m-%d")
        clauses.append(f"observed_start >= {m}" if within else f"observed_end >= {m}")
        params.append(s)
    if end is not None:
        e = (pd.Timestamp(end).normalize() + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
        clauses.append(f"observed_end < {m}" if within else f"observed_start < {m}")
        params.append(e)

    def any_of(columns, value, like=False):
        values = [value] if isinstance(value, str) else list(value)
        ors = []
        for c in columns:
            for v in values:
                ors.append(f"lower({c}) LIKE {m}" if like else f"{c} = {m}")
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
        clause, values = d.bbox(*(float(v) for v in bbox))
        clauses.append(clause)
        params += values
    return " AND ".join(clauses), params


def sightings_frame(
    df: pd.DataFrame, x: np.ndarray, y: np.ndarray, gazetteer: Gazetteer, sources: pd.DataFrame
) -> gpd.GeoDataFrame:
    """Stored rows and the coordinates of their points as the GeoDataFrame of
    :func:`corridor.evidence.sightings.to_geodataframe`, plus ``revision``, ``content_id``,
    ``recorded_at`` and ``located_by`` (``site`` or ``point``)."""
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
