"""The CRS where frames enter a map: lon/lat (EPSG:4326) whatever the frame came in.

Every function of :mod:`corridor.maps` that draws a GeoDataFrame passes it through
:func:`to_lonlat` first, so a frame in any CRS lands where it belongs (reprojected to EPSG:4326),
a frame without a CRS is refused (its x/y could be anything), and something that is not a
GeoDataFrame is refused as such.
"""

from __future__ import annotations

import geopandas as gpd

__all__ = ["LONLAT", "to_lonlat"]

#: The CRS of everything drawn on a map.
LONLAT = "EPSG:4326"


def to_lonlat(frame: gpd.GeoDataFrame, what: str = "frame") -> gpd.GeoDataFrame:
    """``frame`` in EPSG:4326: as it is when it already is, else reprojected.

    Parameters
    ----------
    frame : GeoDataFrame
        Features in any CRS. An empty frame needs no CRS.
    what : str
        What the frame is (``"sites"``, ``"route legs"``...), for the error messages.

    Raises
    ------
    TypeError
        If ``frame`` is not a GeoDataFrame.
    ValueError
        If it has no geometry column, or features but no CRS.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> web = gpd.GeoDataFrame(geometry=[Point(111319.49, 0.0)], crs="EPSG:3857")
    >>> to_lonlat(web, "sites").geometry.x.round(6).tolist()
    [1.0]
    >>> to_lonlat(web.set_crs(None, allow_override=True), "sites")
    Traceback (most recent call last):
    ...
    ValueError: sites have no CRS, so their x/y cannot be placed on a map; set it first (frame.set_crs("EPSG:4326") for lon/lat degrees)
    """
    if not isinstance(frame, gpd.GeoDataFrame):
        raise TypeError(f"{what}: expected a GeoDataFrame, got {type(frame).__name__}")
    if frame._geometry_column_name not in frame.columns:
        raise ValueError(f"{what} have no geometry column; expected a GeoDataFrame with point or line geometry")
    if frame.crs is None:
        if not len(frame):
            return frame
        raise ValueError(
            f"{what} have no CRS, so their x/y cannot be placed on a map; set it first "
            f'(frame.set_crs("{LONLAT}") for lon/lat degrees)'
        )
    if frame.crs.equals(LONLAT, ignore_axis_order=True):
        return frame
    return frame.to_crs(LONLAT)
