"""Window extents for stop detection: MovingPandas' test, bounded by bounding boxes.

Private helpers of :mod:`corridor.tracks.stops`: metres per degree on the WGS84 ellipsoid, bounding-box
diagonals, and the minimum-rotated-rectangle test of MovingPandas' ``TrajectoryStopDetector``
computed on convex-hull points only.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from pyproj import Geod

_A = 6378137.0  # WGS84 semi-major axis, m
_E2 = 6.69437999014e-3  # WGS84 first eccentricity squared
_DEG = math.pi / 180.0
_GEOD = Geod(ellps="WGS84")


def scales(lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Metres per degree of longitude and of latitude at ``lat`` (WGS84 radii of curvature)."""
    cos = np.cos(np.asarray(lat) * _DEG)
    w = 1.0 - _E2 * (1.0 - cos * cos)  # 1 - e2 sin^2
    root = np.sqrt(w)
    return (_DEG * _A) * cos / root, (_DEG * _A * (1.0 - _E2)) / (w * root)


def box_diagonal(mnx, mxx, mny, mxy, kx=None, ky=None):
    """Diagonal of bounding boxes: CRS units, or metres given metres per degree ``kx``, ``ky``."""
    if kx is None:
        return np.hypot(mxx - mnx, mxy - mny)
    return np.hypot((mxx - mnx) * kx, (mxy - mny) * ky)


def at(scale, i):
    return (None, None) if scale is None else (scale[0][i], scale[1][i])


class Extent:
    """Whether pings ``a..b`` fit in the diameter, as MovingPandas decides it.

    MovingPandas: the bounding box's diagonal (geodesic in lon/lat) must be under 1.5 diameters,
    then the diagonal of the minimum rotated rectangle (from its corner 0 to corner 2, geodesic
    in lon/lat) under one diameter. The box diagonal bounds that answer from both sides: under
    ``low`` (``D cos(lat) / sqrt 2``, as the rectangle's diagonal is at most sqrt 2 times the
    points' spread and a degree of longitude is the shortest) the window surely fits, from
    ``1.5 D`` on it surely does not; only windows in between get the rectangle computed.
    """

    def __init__(self, x, y, diameter, latlon):
        self.x, self.y, self.d, self.latlon = x, y, diameter, latlon
        self.scale = scales(y) if latlon else None
        # a degree of longitude is kx / ky of a degree of latitude; (1 - e2) makes it a bit safer
        cos = self.scale[0] / self.scale[1] * (1.0 - _E2) if latlon else 1.0
        self.low = 0.98 * diameter * cos / math.sqrt(2.0)  # per ping (its latitude) or scalar
        self.high = 1.5 * diameter * 1.005

    def low_at(self, i):
        return self.low[i] if self.latlon else self.low

    def _dist(self, x0, y0, x1, y1) -> float:
        if self.latlon:
            return float(_GEOD.inv(x0, y0, x1, y1)[2])
        return math.hypot(x1 - x0, y1 - y0)

    def fits(self, a: int, b: int) -> bool:
        """MovingPandas' test on pings ``a..b`` (two or more)."""
        xs, ys = self.x[a : b + 1], self.y[a : b + 1]
        box = (xs.min(), xs.max(), ys.min(), ys.max())
        return self.fits_points(hull_candidates(xs, ys), box, b - a + 1)

    def fits_points(self, pts: np.ndarray, box, n: int) -> bool:
        """The test on a window of ``n`` pings given its hull points and box (min/max x, y)."""
        mnx, mxx, mny, mxy = box
        if self._dist(mnx, mny, mxx, mxy) >= 1.5 * self.d:
            return False
        if n == 2:
            return self._dist(pts[0, 0], pts[0, 1], pts[-1, 0], pts[-1, 1]) < self.d
        rect = shapely.minimum_rotated_rectangle(shapely.multipoints(pts))
        c = shapely.get_coordinates(rect)
        kind = shapely.get_type_id(rect)
        if kind == 3:  # polygon: corner 0 to corner 2
            return self._dist(c[0, 0], c[0, 1], c[2, 0], c[2, 1]) < self.d
        if kind == 1:  # collinear points: end to end
            return self._dist(c[0, 0], c[0, 1], c[-1, 0], c[-1, 1]) < self.d
        return True  # all pings at one point

    def box(self, mnx, mxx, mny, mxy, i):
        return box_diagonal(mnx, mxx, mny, mxy, *at(self.scale, i))


def hull_candidates(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Points that may lie on the convex hull (Akl-Toussaint: drop those strictly inside the
    octagon of the extreme points), so the rectangle is computed from a few points."""
    pts = np.column_stack([xs, ys])
    if len(pts) < 16:
        return pts
    s, d = xs + ys, xs - ys
    order = [
        xs.argmin(),
        d.argmin(),
        ys.argmax(),
        s.argmax(),
        xs.argmax(),
        d.argmax(),
        ys.argmin(),
        s.argmin(),
    ]  # fmt: skip  (counter-clockwise around the octagon)
    oct_ = pts[order][::-1]  # clockwise -> counter-clockwise
    e0, e1 = oct_, np.concatenate([oct_[1:], oct_[:1]])
    ex, ey = e1[:, 0] - e0[:, 0], e1[:, 1] - e0[:, 1]
    cross = ex[:, None] * (ys[None, :] - e0[:, 1, None]) - ey[:, None] * (
        xs[None, :] - e0[:, 0, None]
    )
    inside = ((cross > 0) | ((ex == 0) & (ey == 0))[:, None]).all(axis=0)  # skip repeated corners
    return pts[~inside]


def convex_hull_ccw(pts: np.ndarray) -> np.ndarray | None:
    """Vertices of the convex hull, counter-clockwise, or None when it is not a polygon."""
    if len(pts) < 3:
        return None
    hull = shapely.convex_hull(shapely.multipoints(pts))
    if shapely.get_type_id(hull) != 3:
        return None
    ring = shapely.get_coordinates(shapely.get_exterior_ring(hull))[:-1]
    x, y = ring[:, 0], ring[:, 1]
    if np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]) + x[-1] * y[0] - x[0] * y[-1] < 0:  # clockwise
        ring = ring[::-1]
    return ring


def strictly_inside(hull: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Which points lie strictly inside a convex polygon given counter-clockwise."""
    e0, e1 = hull, np.concatenate([hull[1:], hull[:1]])
    ex, ey = e1[:, 0] - e0[:, 0], e1[:, 1] - e0[:, 1]
    cross = ex[:, None] * (ys[None, :] - e0[:, 1, None]) - ey[:, None] * (
        xs[None, :] - e0[:, 0, None]
    )
    return (cross > 0).all(axis=0)
