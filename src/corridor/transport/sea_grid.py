"""Fallback sea router: A* over a water grid of the box around a leg's two ports.

Used by :func:`corridor.transport.sea.sea_route` when searoute's network offers no path clear of land
between a leg's join points. The graph is

- a *coarse* water grid (cells of ``COARSE_DEG``) over the box around the two ports, widened by
  :data:`MARGIN_DEG` (built once per box, at most :data:`MAX_CELLS` cells),
- a *fine* water grid (cells of ``FINE_DEG``) in a window around each port, and
- the searoute path between the two ports, minus any of its segments that cross land;

each leg is then an A* search and a line-of-sight pull. When no water path joins the two ports
inside the box, a ``ValueError`` names the gap.
"""

from __future__ import annotations

import functools
import math

import networkx as nx
import numpy as np
import searoute
import shapely

from corridor.transport import land as _land
from corridor.transport._water import (
    COARSE_DEG,
    COARSE_STEP,
    FINE_DEG,
    WINDOW_DEG,
    _add_grid,
    _cell,
    _clear,
    _km,
    _pull,
    _water_cells,
    harbour_links,
    harbour_zone,
)

#: Margin in degrees around the two ports of the box searched by the grid router.
MARGIN_DEG = 3.0
#: Most coarse cells the grid router builds for one box (about 45 by 45 degrees).
MAX_CELLS = 200_000


@functools.cache
def _coarse(box: tuple[int, int, int, int]) -> tuple[nx.Graph, np.ndarray, int, int]:
    """Coarse water grid over ``box`` (corners in coarse cells)."""
    ci0, cj0, ci1, cj1 = box
    i0, j0, i1, j1 = ci0 * COARSE_STEP, cj0 * COARSE_STEP, ci1 * COARSE_STEP, cj1 * COARSE_STEP
    water = _water_cells(i0, j0, i1, j1, COARSE_STEP)
    graph = nx.Graph()
    _add_grid(graph, i0, j0, water, COARSE_STEP)
    return graph, water, i0, j0


def _box(origin, destination) -> tuple[int, int, int, int]:
    lons, lats = (origin[0], destination[0]), (origin[1], destination[1])
    lo = _cell(max(min(lons) - MARGIN_DEG, -180), max(min(lats) - MARGIN_DEG, -85))
    hi = _cell(min(max(lons) + MARGIN_DEG, 180), min(max(lats) + MARGIN_DEG, 85))
    box = (lo[0], lo[1], hi[0] + 1, hi[1] + 1)
    cells = (box[2] - box[0]) * (box[3] - box[1])
    if cells > MAX_CELLS:
        raise ValueError(
            f"no sea path between ({origin[0]:.4f}, {origin[1]:.4f}) and "
            f"({destination[0]:.4f}, {destination[1]:.4f}) over searoute's network, and the two "
            f"ports are too far apart for the water-grid router ({cells} cells, at most {MAX_CELLS})"
        )
    return box


def _window(coarse, ci: int, cj: int) -> nx.Graph:
    """Fine water graph of the window centred on coarse cell (ci, cj), joined to coarse centres."""
    _, coarse_water, ci0, cj0 = coarse
    span = math.ceil(WINDOW_DEG / COARSE_DEG)
    i0, j0 = (ci - span) * COARSE_STEP, (cj - span) * COARSE_STEP
    i1, j1 = (ci + span + 1) * COARSE_STEP, (cj + span + 1) * COARSE_STEP
    water = _water_cells(i0, j0, i1, j1, 1)
    fine = nx.Graph()
    _add_grid(fine, i0, j0, water, 1)
    # each fine cell inside a water coarse cell is joined to that coarse cell's centre
    for j, i in zip(*np.nonzero(water), strict=True):
        gi, gj = (i0 + i) // COARSE_STEP, (j0 + j) // COARSE_STEP
        ri, rj = (gi * COARSE_STEP - ci0) // COARSE_STEP, (gj * COARSE_STEP - cj0) // COARSE_STEP
        if 0 <= rj < coarse_water.shape[0] and 0 <= ri < coarse_water.shape[1]:
            if coarse_water[rj, ri]:
                a = ((i0 + i + 0.5) * FINE_DEG, (j0 + j + 0.5) * FINE_DEG)
                c = ((gi + 0.5) * COARSE_DEG, (gj + 0.5) * COARSE_DEG)
                fine.add_edge(a, c, weight=_km(a, c))
    return fine


def grid_path(origin, destination) -> tuple[tuple[float, float], ...]:
    """A* over the water grid of the ports' box joined to searoute's path, shortened by line of
    sight. The fallback of :func:`corridor.transport.sea.sea_route`.

    Raises ``ValueError`` naming the gap when no water path joins the ports inside the box.
    """
    coarse = _coarse(_box(origin, destination))
    graph = nx.Graph(coarse[0])
    for port in (origin, destination):
        graph.update(_window(coarse, *_cell(*port)))
    zones = shapely.union(harbour_zone(*origin), harbour_zone(*destination))
    for port in (origin, destination):
        for n in harbour_links(graph, port):
            graph.add_edge(port, n, weight=_km(port, n))
    _add_trunk(graph, coarse[0], origin, destination, zones)
    try:
        path = nx.astar_path(graph, origin, destination, heuristic=_km, weight="weight")
    except nx.NetworkXNoPath:
        raise ValueError(
            f"no sea path between ({origin[0]:.4f}, {origin[1]:.4f}) and "
            f"({destination[0]:.4f}, {destination[1]:.4f}): searoute's network does not reach "
            f"the water body of one of them (a lake, an inland sea, a river or canal counts as "
            f"land in {_land.LAYER}), and no water path joins them within {MARGIN_DEG} degrees"
        ) from None
    return tuple(_pull(path, zones))


def _add_trunk(graph: nx.Graph, coarse: nx.Graph, origin, destination, zones) -> None:
    """searoute's path, minus segments crossing land, joined to the coarse cells it crosses."""
    trunk = [tuple(c) for c in searoute.searoute(origin, destination)["geometry"]["coordinates"]]
    if len(trunk) < 2:
        return
    segments = shapely.linestrings(np.stack([trunk[:-1], trunk[1:]], axis=1))
    for a, b, ok in zip(trunk[:-1], trunk[1:], _clear(segments, zones), strict=True):
        if ok:
            graph.add_edge(a, b, weight=_km(a, b))
    for v in trunk:
        ci, cj = _cell(*v)
        c = ((ci + 0.5) * COARSE_DEG, (cj + 0.5) * COARSE_DEG)
        if c in coarse:
            graph.add_edge(v, c, weight=_km(v, c))


__all__ = ["grid_path", "MARGIN_DEG", "MAX_CELLS"]
