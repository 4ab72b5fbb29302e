"""The water grid both sea routers build on: cell sizes, harbour zones, water cells, line of sight.

A grid cell is water when its whole square is clear of the global land layer
(:mod:`corridor.transport.land`); :mod:`corridor.transport.sea` joins ports to searoute's network over
such cells and :mod:`corridor.transport.sea_grid` routes over them when the network has no clean path.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pyproj
import shapely
from shapely.geometry import Point

from corridor.transport import land as _land

#: Fine grid step in degrees (1/80 degree, about 1.0 x 1.4 km at 43 N).
FINE_DEG = 1 / 80
#: Coarse grid step in fine cells (8 fine cells = 0.1 degree).
COARSE_STEP = 8
COARSE_DEG = FINE_DEG * COARSE_STEP
#: Half-width in degrees of the fine window built around each port by the grid fallback.
WINDOW_DEG = 0.45
#: Radius of the harbour zone around an end port inside which a leg may touch the land layer:
#: a port located by its town's point may lie a few km inland of the GSHHG shoreline.
HARBOUR_KM = 10.0
#: Clearance in degrees (about 400 m) kept between land and the straight cuts that shorten a leg:
#: other land layers (Natural Earth 10m, 1 km grids) draw the coast up to a few hundred metres off.
CLEARANCE_DEG = 0.004

_GEOD = pyproj.Geod(ellps="WGS84")
_WGS84 = pyproj.CRS.from_epsg(4326)


def harbour_zone(lon: float, lat: float, radius_km: float = HARBOUR_KM) -> shapely.Geometry:
    """Geodesic disc of ``radius_km`` around a port, in lon/lat (azimuthal equidistant buffer)."""
    aeqd = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    to_ll = pyproj.Transformer.from_crs(aeqd, _WGS84, always_xy=True)
    disc = Point(0, 0).buffer(radius_km * 1000, 64)
    return shapely.transform(disc, lambda xy: np.column_stack(to_ll.transform(xy[:, 0], xy[:, 1])))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance in km; used only as graph weight and A* heuristic."""
    lat = math.radians((a[1] + b[1]) / 2)
    dx = (a[0] - b[0]) * math.cos(lat)
    dy = a[1] - b[1]
    return 111.195 * math.hypot(dx, dy)


def _water_cells(i0: int, j0: int, i1: int, j1: int, step: int) -> np.ndarray:
    """Boolean grid [j, i] of cells (``step`` fine cells wide) clear of land."""
    ii = np.arange(i0, i1, step)
    jj = np.arange(j0, j1, step)
    xs, ys = np.meshgrid(ii * FINE_DEG, jj * FINE_DEG)
    boxes = shapely.box(xs, ys, xs + step * FINE_DEG, ys + step * FINE_DEG)
    return ~_land.hits(boxes.ravel()).reshape(boxes.shape)


def _add_grid(graph: nx.Graph, i0: int, j0: int, water: np.ndarray, step: int) -> None:
    """Add water cells as nodes (their centres) with edges to their 8 water neighbours."""
    half = step / 2
    rows, cols = water.shape
    jj, ii = np.nonzero(water)
    for dj, di in ((0, 1), (1, -1), (1, 0), (1, 1)):
        jn, in_ = jj + dj, ii + di
        ok = (jn < rows) & (in_ >= 0) & (in_ < cols)
        ok[ok] = water[jn[ok], in_[ok]]
        a = np.column_stack([(i0 + ii[ok] * step + half), (j0 + jj[ok] * step + half)]) * FINE_DEG
        b = np.column_stack([(i0 + in_[ok] * step + half), (j0 + jn[ok] * step + half)]) * FINE_DEG
        lat = np.radians((a[:, 1] + b[:, 1]) / 2)
        km = 111.195 * np.hypot((a[:, 0] - b[:, 0]) * np.cos(lat), a[:, 1] - b[:, 1])
        graph.add_weighted_edges_from(
            zip(map(tuple, a.tolist()), map(tuple, b.tolist()), km.tolist(), strict=True)
        )


def _clear(segments: np.ndarray, zones: shapely.Geometry) -> np.ndarray:
    """Which segments stay off land outside the harbour ``zones``."""
    outside = shapely.difference(segments, zones)
    return ~_land.hits(shapely.buffer(outside, CLEARANCE_DEG, quad_segs=2))


def _pull(coords: list[tuple[float, float]], zones: shapely.Geometry) -> list[tuple[float, float]]:
    """Drop vertices while the straight cut stays off land (greedy line of sight)."""
    out = [coords[0]]
    i, n = 0, len(coords)
    while i < n - 1:
        ahead = np.array(coords[i + 1 :])
        starts = np.broadcast_to(np.array(coords[i]), ahead.shape)
        lines = shapely.linestrings(np.stack([starts, ahead], axis=1))
        ok = _clear(lines, zones)
        bad = np.flatnonzero(~ok)
        reach = (bad[0] - 1) if bad.size else len(ahead) - 1
        i = i + 1 + max(int(reach), 0)
        out.append(coords[i])
    return out


def _cell(lon: float, lat: float) -> tuple[int, int]:
    return math.floor(lon / COARSE_DEG), math.floor(lat / COARSE_DEG)


def harbour_links(graph: nx.Graph, port: tuple[float, float]) -> list[tuple[float, float]]:
    """The grid nodes within :data:`HARBOUR_KM` of the port (the segments stay in its zone)."""
    near = [n for n in graph if abs(n[0] - port[0]) < 0.3 and abs(n[1] - port[1]) < 0.1]
    links = [n for n in near if _GEOD.inv(*port, *n)[2] <= HARBOUR_KM * 1000]
    if not links:
        raise ValueError(
            f"no open water within {HARBOUR_KM} km of the port at ({port[0]:.4f}, "
            f"{port[1]:.4f}) in the land layer ({_land.LAYER}): the port may lie up a river, "
            "on a lake or inland; give the point of its quays (\"port of NAME\" takes the harbour's "
            "point from Natural Earth's world ports where it lists one)"
        )
    return links
