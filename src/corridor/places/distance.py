"""Distances between sites: geodesics on the WGS84 ellipsoid (pyproj ``Geod``).

Sites are rows with ``lon``/``lat`` columns in degrees (EPSG:4326), as the gazetteer's
``sites`` table has them; distances are in kilometres, in columns named ``distance_km``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pyproj import Geod

__all__ = ["NEARBY_KM", "NEARBY_MAX", "geodesic_km", "nearby_sites"]

#: Sites within this distance (km) of a site are its nearby sites.
NEARBY_KM = 250.0
#: At most this many nearby sites of a site, the nearest.
NEARBY_MAX = 8
_GEOD = Geod(ellps="WGS84")


def geodesic_km(lon0, lat0, lon1, lat1) -> np.ndarray:
    """Geodesic distance (WGS84) in km from each ``(lon0, lat0)`` to each ``(lon1, lat1)``.

    Scalars and arrays broadcast against each other (one point against many).

    Examples
    --------
    >>> geodesic_km(0.0, 0.0, [0.0, 0.0], [0.5, 1.0]).round(2).tolist()
    [55.29, 110.57]
    """
    lon0, lat0, lon1, lat1 = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (lon0, lat0, lon1, lat1))
    )
    _, _, metres = _GEOD.inv(lon0, lat0, lon1, lat1)
    return np.asarray(metres, dtype=float) / 1000.0


def nearby_sites(
    site: pd.Series, sites: pd.DataFrame, within_km: float = NEARBY_KM, most: int = NEARBY_MAX
) -> pd.DataFrame:
    """The other sites within ``within_km`` of ``site``, nearest first, with ``distance_km``.

    Parameters
    ----------
    site : Series
        A site with ``site_id``, ``lon`` and ``lat``.
    sites : DataFrame
        Sites with ``site_id``, ``lon`` and ``lat`` (degrees); ``site`` itself is left out.
    within_km : float
        Largest distance.
    most : int
        At most this many sites; ties in distance go by ``site_id``.

    Returns
    -------
    DataFrame
        The rows of ``sites`` that are near, with ``distance_km`` added.
    """
    others = sites[sites["site_id"] != site["site_id"]]
    distance = geodesic_km(site["lon"], site["lat"], others["lon"].to_numpy(float),
                           others["lat"].to_numpy(float))  # fmt: skip
    out = others.assign(distance_km=distance)
    out = out[out["distance_km"] <= within_km]
    return out.sort_values(["distance_km", "site_id"], kind="stable").head(most)
