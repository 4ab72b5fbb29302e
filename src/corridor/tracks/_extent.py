"""Window extents for stop detection: MovingPandas' test, compiled with numba.

Private helpers of :mod:`corridor.tracks.stops`. MovingPandas' ``TrajectoryStopDetector`` says a
window of pings fits in a diameter ``D`` when the diagonal of its bounding box (geodesic in
lon/lat, between the box's lower-left and upper-right corners) is under ``1.5 D`` and the
diagonal of its minimum rotated rectangle (corner 0 to corner 2; end to end for collinear
pings; the distance itself for two pings) is under ``D``.

:func:`window_fits` answers that question in compiled code and says when it cannot be sure:

- distances in lon/lat use a local ellipsoidal approximation (radii of curvature at the mean
  latitude) whose error is far below the margin allowed around each threshold;
- the rectangle is the minimum-area rectangle of the convex hull by rotating calipers, and its
  diagonal the one GEOS measures (from the far end of the base edge, the rectangle being built
  on a hull edge); when rectangles of the same area (up to rounding) give diagonals on either
  side of ``D``, or any distance falls within the margin of its threshold, the answer is
  *unsure* (``-1``): GEOS's choice among them depends on its rounding.

Unsure windows are rare (a measure-zero set in exact arithmetic, a few per million pings in
practice) and :meth:`Extent.fits` decides them exactly as MovingPandas does, with shapely's
rectangle and pyproj's geodesic.
"""

from __future__ import annotations

import math

import numba
import numpy as np
import shapely
from pyproj import Geod

_A = 6378137.0  # WGS84 semi-major axis, m
_E2 = 6.69437999014e-3  # WGS84 first eccentricity squared
_DEG = math.pi / 180.0
_GEOD = Geod(ellps="WGS84")
_REL = 1e-7  # relative margin around a threshold in lon/lat (the approximation is ~1e-9 at 10 km)
_REL_XY = 1e-9  # relative margin in projected coordinates (rounding only)
_AREA_TIE = 1e-9  # rectangles whose areas differ by less than this (relative) are tied

_KY_MIN = _DEG * _A * (1.0 - _E2)  # shortest degree of latitude (at the equator), m
_K_MAX = _DEG * _A / math.sqrt(1.0 - _E2) * 1.0001  # longer than any degree of either kind, m
_KY_MAX = _DEG * _A / math.sqrt(1.0 - _E2)  # longest degree of latitude (at the poles), m

FITS, NO_FIT, UNSURE = 1, 0, -1


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


@numba.njit(cache=True, nogil=True, inline="always")
def _norm(a, b):
    """Length of the vector ``a, b`` (a square root: libm's hypot is several times slower, and
    its last-bit accuracy is far inside the margins)."""
    return math.sqrt(a * a + b * b)


@numba.njit(cache=True, nogil=True, inline="always")
def _rectangle_above(dx, dy):
    """An upper bound of the diagonal of the minimum-area rectangle of points whose box is
    ``dx`` by ``dy``: its sides are at most the box's diagonal ``L`` and its area at most the
    box's ``A``, so its diagonal is at most ``sqrt(L**2 + (A / L)**2)`` (under sqrt 2 L), with
    a relative allowance for rounding."""
    square = dx * dx + dy * dy
    if square == 0.0:
        return 0.0
    area = dx * dy
    return math.sqrt(square + area * area / square) * (1.0 + 1e-12)


@numba.njit(cache=True, nogil=True)
def _dist(x0, y0, x1, y1, latlon):
    """Distance between two points: planar, or metres on WGS84 (local approximation)."""
    if not latlon:
        return _norm(x1 - x0, y1 - y0)
    lat = 0.5 * (y0 + y1) * _DEG
    s = math.sin(lat)
    w = 1.0 - _E2 * s * s
    root = math.sqrt(w)
    kx = _DEG * _A * math.cos(lat) / root  # metres per degree of longitude (prime vertical)
    ky = _DEG * _A * (1.0 - _E2) / (w * root)  # metres per degree of latitude (meridian)
    return _norm((x1 - x0) * kx, (y1 - y0) * ky)


@numba.njit(cache=True, nogil=True)
def _side(value, limit, margin):
    """1 if ``value < limit`` surely, 0 if surely not, -1 within ``margin`` of it."""
    if value < limit - margin:
        return FITS
    if value >= limit + margin:
        return NO_FIT
    return UNSURE


@numba.njit(cache=True, nogil=True)
def _hull(px, py, n, hx, hy):
    """Convex hull (Andrew's monotone chain) of ``n`` points, counter-clockwise, into ``hx, hy``.

    Returns the number of vertices (1 or 2 when the points are coincident or collinear).
    """
    small = n <= 48
    if small:  # small windows: insertion sort of the points themselves, by x then y
        for i in range(1, n):
            x, y = px[i], py[i]
            j = i - 1
            while j >= 0 and (px[j] > x or (px[j] == x and py[j] > y)):
                px[j + 1], py[j + 1] = px[j], py[j]
                j -= 1
            px[j + 1], py[j + 1] = x, y
        order = np.empty(0, np.int64)
    else:  # by x then y: a stable sort by y first, then by x
        oy = np.argsort(py[:n], kind="mergesort")
        order = oy[np.argsort(px[:n][oy], kind="mergesort")]
    m = 0
    for pass_ in range(2):
        lower = m
        for j in range(n):
            i = j if pass_ == 0 else n - 1 - j
            if not small:
                i = order[i]
            x, y = px[i], py[i]
            while m >= lower + 2:
                cross = (hx[m - 1] - hx[m - 2]) * (y - hy[m - 2]) - (hy[m - 1] - hy[m - 2]) * (
                    x - hx[m - 2]
                )
                if cross > 0.0:
                    break
                m -= 1
            hx[m], hy[m] = x, y
            m += 1
        m -= 1  # the last point of each chain starts the other
    if m == 2 and hx[0] == hx[1] and hy[0] == hy[1]:
        return 1
    return max(m, 1)


@numba.njit(cache=True, nogil=True)
def _cos_below(lat):
    """A lower bound of the cosine of ``lat`` (degrees), without trigonometry (Taylor to the
    sixth power, whose remainder is positive up to 90 degrees)."""
    a = min(abs(lat), 90.0) * _DEG
    a2 = a * a
    return max(1.0 - a2 * (0.5 - a2 * (1.0 / 24.0 - a2 / 720.0)), 0.0)


@numba.njit(cache=True, nogil=True)
def _cos_above(lat):
    """An upper bound of the cosine of ``lat`` (degrees): Taylor to the fourth power."""
    a = min(abs(lat), 90.0) * _DEG
    a2 = a * a
    return min(1.0 - a2 * (0.5 - a2 / 24.0), 1.0)


@numba.njit(cache=True, nogil=True)
def pair_too_far(x0, y0, x1, y1, far, latlon):
    """Whether two pings are surely further apart than the box diagonal ``far`` allows, so that
    no window holding both fits (the box's diagonal is at least their separation along each
    axis). In lon/lat: the meridian arc between their latitudes, or at most one degree of their
    longitude difference at the shortest degree of longitude the box could reach, less 1%."""
    dx, dy = abs(x1 - x0), abs(y1 - y0)
    if not latlon:
        return dx * dx + dy * dy >= far * far
    if dy * _KY_MIN >= far:
        return True
    reach = max(abs(y0), abs(y1)) + far / _KY_MIN + 0.01  # latitudes the box could reach
    return min(dx, 1.0) * (0.99 * _DEG * _A) * _cos_below(reach) >= far


@numba.njit(cache=True, nogil=True)
def _margin(diameter, latlon, mnx, mxx, mny, mxy):
    if latlon:
        return diameter * _REL
    return diameter * _REL_XY + 4e-16 * max(abs(mnx), abs(mxx), abs(mny), abs(mxy))


@numba.njit(cache=True, nogil=True)
def _box_verdict(xa, ya, xb, yb, two, mnx, mxx, mny, mxy, diameter, latlon):
    """The verdict when the box decides it, else 2 (the rectangle is needed), for a window
    from ping ``xa, ya`` to ping ``xb, yb``; ``two`` when these are its only pings."""
    dx, dy = mxx - mnx, mxy - mny
    if latlon:  # bounds without trigonometry decide most windows of a track
        if dy * _KY_MIN >= 1.5 * diameter * (1.0 + 1e-3):
            return NO_FIT  # the meridian arc alone is too long
        # degrees of longitude at the latitudes the rectangle's corners can reach
        pad = 1.5 * (dx + dy)
        hi_lat = max(abs(mny), abs(mxy)) + pad
        lo_lat = 0.0 if mny <= 0.0 <= mxy else max(min(abs(mny), abs(mxy)) - pad, 0.0)
        kx_lo = 0.99 * _DEG * _A * _cos_below(hi_lat)
        kx_hi = _K_MAX * _cos_above(lo_lat)
        # the rectangle's diagonal (two pings: their distance) spans at least the larger extent
        # in degrees at the shortest degree of either kind, and at most the bound of
        # _rectangle_above at the longest
        if max(dx, dy) * min(kx_lo, _KY_MIN) >= diameter * (1.0 + 1e-3):
            return NO_FIT
        longest = max(kx_hi, _KY_MAX)
        upper = (_norm(dx, dy) if two else _rectangle_above(dx, dy)) * longest
        if upper < diameter * (1.0 - 1e-3):
            return FITS
        # the box's diagonal (two pings: their distance) between the shortest and the longest
        # degrees of each kind in the box
        box_lo = _norm(dx * kx_lo, dy * _KY_MIN)
        box_hi = _norm(dx * kx_hi, dy * _KY_MAX)
        if two:
            if box_hi < diameter * (1.0 - 1e-3):
                return FITS
            if box_lo >= diameter * (1.0 + 1e-3):
                return NO_FIT
        else:
            if box_lo >= 1.5 * diameter * (1.0 + 1e-3):
                return NO_FIT
            if box_hi < 1.5 * diameter * (1.0 - 1e-3):
                return 2  # the box fits and the rectangle is needed (its bounds are open)
    margin = _margin(diameter, latlon, mnx, mxx, mny, mxy)
    box = _dist(mnx, mny, mxx, mxy, latlon)
    verdict = _side(box, 1.5 * diameter, 1.5 * margin)
    if verdict != FITS:
        return verdict
    if two:
        return _side(_dist(xa, ya, xb, yb, latlon), diameter, margin)
    if latlon:
        return 2  # the rectangle's bounds above left it open
    # the rectangle's diagonal lies between the points' spread and _rectangle_above
    if _rectangle_above(dx, dy) < diameter * (1.0 - 1e-3):
        return FITS
    if max(dx, dy) > diameter * (1.0 + 1e-3):
        return NO_FIT
    return 2


@numba.njit(cache=True, nogil=True)
def window_fits(x, y, a, b, mnx, mxx, mny, mxy, diameter, latlon, px, py, hx, hy):
    """MovingPandas' extent test on pings ``a..b`` (two or more) with box ``mnx..mxy``.

    ``px, py, hx, hy`` are scratch buffers of at least ``b - a + 2`` values. Returns
    (``FITS``, ``NO_FIT`` or ``UNSURE``, number of hull vertices left in ``hx, hy`` relative to
    ping ``a``, or -1 when the box decided without the hull).
    """
    verdict = _box_verdict(x[a], y[a], x[b], y[b], b - a == 1, mnx, mxx, mny, mxy, diameter, latlon)
    if verdict != 2:
        return verdict, -1
    n = b - a + 1
    ox, oy = x[a], y[a]
    for i in range(n):
        px[i] = x[a + i] - ox
        py[i] = y[a + i] - oy
    m = _hull(px, py, n, hx, hy)
    margin = _margin(diameter, latlon, mnx, mxx, mny, mxy)
    return rectangle_fits(hx, hy, m, ox, oy, diameter, latlon, margin, px), m


@numba.njit(cache=True, nogil=True)
def grow_hull(hx, hy, m, qx, qy, px, py):
    """Hull (``m`` vertices in ``hx, hy``) grown by point ``qx, qy``; returns its vertex count,
    or 0 when the point lies strictly inside (the hull is unchanged)."""
    if m >= 3:
        inside = True
        for i in range(m):
            j = i + 1 if i + 1 < m else 0
            cross = (hx[j] - hx[i]) * (qy - hy[i]) - (hy[j] - hy[i]) * (qx - hx[i])
            if cross <= 0.0:
                inside = False
                break
        if inside:
            return 0
    for i in range(m):
        px[i], py[i] = hx[i], hy[i]
    px[m], py[m] = qx, qy
    return _hull(px, py, m + 1, hx, hy)


@numba.njit(cache=True, nogil=True, inline="always")
def _extents(hx, hy, m, i):
    """Unit vector of hull edge ``i`` and the hull's extents along and across it."""
    j = i + 1 if i + 1 < m else 0
    ux, uy = hx[j] - hx[i], hy[j] - hy[i]
    norm = _norm(ux, uy)
    if norm == 0.0:
        return 0.0, 0.0, np.inf, -np.inf, np.inf, -np.inf
    ux, uy = ux / norm, uy / norm
    amin, amax, bmin, bmax = np.inf, -np.inf, np.inf, -np.inf
    for v in range(m):
        along = (hx[v] - hx[i]) * ux + (hy[v] - hy[i]) * uy
        across = -(hx[v] - hx[i]) * uy + (hy[v] - hy[i]) * ux
        amin, amax = min(amin, along), max(amax, along)
        bmin, bmax = min(bmin, across), max(bmax, across)
    return ux, uy, amin, amax, bmin, bmax


@numba.njit(cache=True, nogil=True)
def rectangle_fits(hx, hy, m, ox, oy, diameter, latlon, margin, areas):
    """MovingPandas' rectangle test on a hull of ``m`` vertices (relative to ``ox, oy``);
    ``areas`` is a scratch buffer of at least ``m`` values."""
    if m <= 2:  # coincident or collinear pings: end to end
        if m == 1:
            return FITS
        return _side(
            _dist(hx[0] + ox, hy[0] + oy, hx[1] + ox, hy[1] + oy, latlon), diameter, margin
        )
    best = np.inf
    for i in range(m):  # the rectangle on each edge: first the smallest area
        ux, uy, amin, amax, bmin, bmax = _extents(hx, hy, m, i)
        areas[i] = (amax - amin) * (bmax - bmin) if amax >= amin else np.inf
        best = min(best, areas[i])
    lo, hi = np.inf, -np.inf
    for i in range(m):  # then every rectangle tied with it
        if areas[i] > best * (1.0 + _AREA_TIE) + 1e-300:
            continue
        ux, uy, amin, amax, bmin, bmax = _extents(hx, hy, m, i)
        # GEOS's corner 0 lies on the base edge at its far end, corner 2 across from it
        cx1 = hx[i] + amax * ux - bmin * uy + ox
        cy1 = hy[i] + amax * uy + bmin * ux + oy
        cx3 = hx[i] + amin * ux - bmax * uy + ox
        cy3 = hy[i] + amin * uy + bmax * ux + oy
        diag = _dist(cx1, cy1, cx3, cy3, latlon)
        lo, hi = min(lo, diag), max(hi, diag)
    first = _side(lo, diameter, margin)
    return first if first == _side(hi, diameter, margin) else UNSURE


class Extent:
    """MovingPandas' extent test in Python, for the windows :func:`window_fits` is unsure of.

    Builds the rectangle with shapely and measures with pyproj's geodesic, as
    ``movingpandas.TrajectoryStopDetector`` does (with geopy's, the same algorithm).
    """

    def __init__(self, x, y, diameter, latlon):
        self.x, self.y, self.d, self.latlon = x, y, diameter, latlon

    def _dist(self, x0, y0, x1, y1) -> float:
        if self.latlon:
            return float(_GEOD.inv(x0, y0, x1, y1)[2])
        return math.hypot(x1 - x0, y1 - y0)

    def fits(self, a: int, b: int) -> bool:
        """MovingPandas' test on pings ``a..b`` (two or more)."""
        xs, ys = self.x[a : b + 1], self.y[a : b + 1]
        if self._dist(xs.min(), ys.min(), xs.max(), ys.max()) >= 1.5 * self.d:
            return False
        if len(xs) == 2:
            return self._dist(xs[0], ys[0], xs[1], ys[1]) < self.d
        rect = shapely.minimum_rotated_rectangle(shapely.multipoints(np.column_stack([xs, ys])))
        c = shapely.get_coordinates(rect)
        kind = shapely.get_type_id(rect)
        if kind == 3:  # polygon: corner 0 to corner 2
            return self._dist(c[0, 0], c[0, 1], c[2, 0], c[2, 1]) < self.d
        if kind == 1:  # collinear points: end to end
            return self._dist(c[0, 0], c[0, 1], c[-1, 0], c[-1, 1]) < self.d
        return True  # all pings at one point
