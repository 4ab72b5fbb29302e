"""Edges of searoute's network that clip land, mended over a fine water grid.

searoute draws some edges straight across a cape, an islet or the bend of a narrow strait (the
Bosphorus and the Dardanelles among them). Such an edge stays in the routing graph marked as
clipping land; the first time a leg's shortest path uses it, :func:`water_path` looks for a water
path between its two nodes by A* over a grid of cells clear of the land layer, in a box around the
edge, with cells of each size of :data:`CELL_DEGS` in turn (the finest are narrower than a 700 m
strait). The edge then takes that path and its length, or leaves the graph when there is none.
Nothing here is precomputed: an edge is mended once per process, when a leg first needs it.
"""

from __future__ import annotations

import functools
import math

import networkx as nx
import numpy as np
import shapely

from corridor.transport import land as _land

#: Cell sizes in degrees tried in turn (about 5.5 km, 1.4 km and 350 m of latitude).
CELL_DEGS = (1 / 20, 1 / 80, 1 / 320)
#: Most cells one grid may have; a cell size that would need more is skipped.
MAX_CELLS = 250_000
#: Least margin in degrees around the edge's box; a quarter of the edge's span when larger.
MARGIN_DEG = 0.1


def _km(a, b) -> float:
    lat = math.radians((a[1] + b[1]) / 2)
    return 111.195 * math.hypot((a[0] - b[0]) * math.cos(lat), a[1] - b[1])


def _cells(box, deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Which cells of ``deg`` over ``box`` are clear of land (a [row, col] mask), and their
    centres ([row, col, lon/lat])."""
    x0, y0, x1, y1 = box
    nx_, ny_ = math.ceil((x1 - x0) / deg), math.ceil((y1 - y0) / deg)
    xs, ys = np.meshgrid(x0 + np.arange(nx_) * deg, y0 + np.arange(ny_) * deg)
    water = ~_land.hits(shapely.box(xs, ys, xs + deg, ys + deg).ravel()).reshape(xs.shape)
    return water, np.stack([xs + deg / 2, ys + deg / 2], axis=-1)


def _grid(box, deg: float) -> tuple[nx.Graph, np.ndarray]:
    """Water cells of ``deg`` over ``box`` joined to their 8 water neighbours; and the centres."""
    water, centres = _cells(box, deg)
    ny_, nx_ = water.shape
    graph = nx.Graph()
    jj, ii = np.nonzero(water)
    for dj, di in ((0, 1), (1, -1), (1, 0), (1, 1)):
        jn, in_ = jj + dj, ii + di
        ok = (jn < ny_) & (in_ >= 0) & (in_ < nx_)
        ok[ok] = water[jn[ok], in_[ok]]
        a, b = centres[jj[ok], ii[ok]], centres[jn[ok], in_[ok]]
        for u, v in zip(map(tuple, a.tolist()), map(tuple, b.tolist()), strict=True):
            graph.add_edge(u, v, weight=_km(u, v))
    return graph, centres[water]


def _link(graph: nx.Graph, node: tuple[float, float], centres: np.ndarray, deg: float) -> None:
    """Join a network node to the water cells within two cells of it that it sees over water."""
    near = centres[np.max(np.abs(centres - node), axis=1) <= 2 * deg]
    if not len(near):
        return
    segments = shapely.linestrings(np.stack([np.broadcast_to(node, near.shape), near], axis=1))
    for c in near[~_land.hits(segments)].tolist():
        graph.add_edge(node, tuple(c), weight=_km(node, c))


def _pull(coords: list) -> list:
    """Drop vertices while the straight cut between the kept ones stays off land."""
    out, i, n = [coords[0]], 0, len(coords)
    while i < n - 1:
        ahead = np.array(coords[i + 1 :])
        lines = shapely.linestrings(
            np.stack([np.broadcast_to(np.array(coords[i]), ahead.shape), ahead], axis=1)
        )
        bad = np.flatnonzero(_land.hits(lines))
        i += 1 + max(int(bad[0] - 1 if bad.size else len(ahead) - 1), 0)
        out.append(coords[i])
    return out


@functools.lru_cache(maxsize=4096)
def water_path(u: tuple[float, float], v: tuple[float, float]) -> tuple | None:
    """Vertices of a water path from ``u`` to ``v`` (two points at sea) clear of the land layer,
    or None when no grid of :data:`CELL_DEGS` within :data:`MAX_CELLS` holds one."""
    span = max(abs(u[0] - v[0]), abs(u[1] - v[1]))
    margin = max(MARGIN_DEG, span / 4)
    box = (
        max(min(u[0], v[0]) - margin, -180.0),
        max(min(u[1], v[1]) - margin, -85.0),
        min(max(u[0], v[0]) + margin, 180.0),
        min(max(u[1], v[1]) + margin, 85.0),
    )
    for deg in CELL_DEGS:
        if (box[2] - box[0]) * (box[3] - box[1]) / deg**2 > MAX_CELLS:
            continue
        graph, centres = _grid(box, deg)
        for end in (u, v):
            _link(graph, end, centres, deg)
        if u in graph and v in graph:
            try:
                path = nx.astar_path(graph, u, v, heuristic=_km, weight="weight")
            except nx.NetworkXNoPath:
                continue
            return tuple(_pull(path))
    return None


#: Farthest, in degrees of latitude and longitude, a network node on land may be moved to water.
NODE_REACH_DEG = 0.05


@functools.lru_cache(maxsize=4096)
def nearest_water(
    point: tuple[float, float], reach_deg: float = NODE_REACH_DEG
) -> tuple[float, float] | None:
    """The centre of the water cell of the finest size nearest to ``point`` within ``reach_deg``
    (of latitude and longitude), or None: where a network node that the land layer puts ashore
    (at the mouth of a strait or a river) is moved before its edges are mended, and where a port
    on a river or a narrow estuary takes to the water."""
    deg = CELL_DEGS[-1]
    box = (point[0] - reach_deg, point[1] - reach_deg,
           point[0] + reach_deg, point[1] + reach_deg)  # fmt: skip
    water, centres = _cells(box, deg)
    centres = centres[water]
    if not len(centres):
        return None
    lat = math.cos(math.radians(point[1]))
    k = int(np.argmin(np.hypot((centres[:, 0] - point[0]) * lat, centres[:, 1] - point[1])))
    return tuple(centres[k].tolist())


__all__ = ["CELL_DEGS", "MAX_CELLS", "nearest_water", "water_path"]
