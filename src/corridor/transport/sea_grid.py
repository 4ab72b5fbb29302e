"""Fallback sea router: A* over a water grid of the whole sea-routing region.

Used by :func:`corridor.transport.sea.sea_route` when searoute's network offers no path clear of land
between a leg's join points. The graph is

- a *coarse* water grid (cells of ``COARSE_DEG``) over :data:`corridor.transport.sea.REGION`,
- a *fine* water grid (cells of ``FINE_DEG``) in a window around every gazetteer port, and
- the searoute path between the two ports, minus any of its segments that cross land,

built once per process (a few seconds); each leg is then an A* search and a line-of-sight pull.
"""

from __future__ import annotations

import functools
import math

import networkx as nx
import numpy as np
import searoute
import shapely

from corridor.transport.sea import (
    COARSE_DEG,
    COARSE_STEP,
    FINE_DEG,
    REGION,
    WINDOW_DEG,
    _add_grid,
    _cell,
    _clear,
    _in_region,
    _km,
    _pull,
    _water_cells,
    harbour_links,
    harbour_zone,
)


@functools.cache
def _coarse() -> tuple[nx.Graph, np.ndarray, int, int]:
    i0 = math.floor(REGION[0] / COARSE_DEG) * COARSE_STEP
    j0 = math.floor(REGION[1] / COARSE_DEG) * COARSE_STEP
    i1 = math.ceil(REGION[2] / COARSE_DEG) * COARSE_STEP
    j1 = math.ceil(REGION[3] / COARSE_DEG) * COARSE_STEP
    water = _water_cells(i0, j0, i1, j1, COARSE_STEP)
    graph = nx.Graph()
    _add_grid(graph, i0, j0, water, COARSE_STEP)
    return graph, water, i0, j0


@functools.cache
def _window(ci: int, cj: int) -> nx.Graph:
    """Fine water graph of the window centred on coarse cell (ci, cj), joined to coarse centres."""
    graph, coarse_water, ci0, cj0 = _coarse()
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


class _Scratch:
    """Temporary nodes and edges added to the shared graph for one query, then removed."""

    def __init__(self, graph: nx.Graph):
        self.graph, self.nodes, self.edges = graph, [], []

    def add_edge(self, a, b) -> None:
        for n in (a, b):
            if n not in self.graph:
                self.graph.add_node(n)
                self.nodes.append(n)
        if not self.graph.has_edge(a, b):
            self.graph.add_edge(a, b, weight=_km(a, b))
            self.edges.append((a, b))

    def undo(self) -> None:
        self.graph.remove_edges_from(self.edges)
        self.graph.remove_nodes_from(self.nodes)


@functools.cache
def _base_windows() -> frozenset[tuple[int, int]]:
    from corridor.places.gazetteer import Gazetteer

    sites = Gazetteer.default().sites
    ports = sites[sites["kind"] == "port"]
    return frozenset(
        _cell(lon, lat)
        for lon, lat in zip(ports["lon"], ports["lat"], strict=True)
        if _in_region(lon, lat)
    )


@functools.cache
def _network() -> nx.Graph:
    """Coarse grid plus the fine windows of every gazetteer port, built once."""
    graph = nx.Graph(_coarse()[0])
    for cell in sorted(_base_windows()):
        graph.update(_window(*cell))
    return graph


def grid_path(origin, destination) -> tuple[tuple[float, float], ...]:
    """A* over the region's water grid joined to searoute's path, shortened by line of sight.

    The fallback of :func:`corridor.transport.sea.sea_route`; the grid is built on first use.
    """
    graph = _network()
    coarse = _coarse()[0]
    scratch = _Scratch(graph)
    try:
        for port in (origin, destination):
            cell = _cell(*port)
            if cell not in _base_windows():
                for a, b in _window(*cell).edges:
                    scratch.add_edge(a, b)
        zones = shapely.union(harbour_zone(*origin), harbour_zone(*destination))
        for port in (origin, destination):
            for n in harbour_links(graph, port):
                scratch.add_edge(port, n)
        _add_trunk(scratch, coarse, origin, destination, zones)
        path = nx.astar_path(graph, origin, destination, heuristic=_km, weight="weight")
    finally:
        scratch.undo()
    return tuple(_pull(path, zones))


def _add_trunk(scratch: _Scratch, coarse: nx.Graph, origin, destination, zones) -> None:
    """searoute's path, minus segments crossing land, joined to the coarse cells it crosses."""
    trunk = [tuple(c) for c in searoute.searoute(origin, destination)["geometry"]["coordinates"]]
    if len(trunk) < 2:
        return
    segments = shapely.linestrings(np.stack([trunk[:-1], trunk[1:]], axis=1))
    for a, b, ok in zip(trunk[:-1], trunk[1:], _clear(segments, zones), strict=True):
        if ok:
            scratch.add_edge(a, b)
    for v in trunk:
        if _in_region(*v):
            ci, cj = _cell(*v)
            c = ((ci + 0.5) * COARSE_DEG, (cj + 0.5) * COARSE_DEG)
            if c in coarse:
                scratch.add_edge(v, c)


__all__ = ["grid_path"]
