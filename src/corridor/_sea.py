"""Sea paths that stay off land: searoute's maritime network joined to the ports over water.

searoute's network is coarse around the Korean peninsula and Peter the Great Gulf: its path
between two corridor ports may start 140 km from the port or cut across a headland. This module
routes each leg over a graph made of

- a *coarse* water grid (cells of ``COARSE_DEG``) over :data:`REGION`,
- a *fine* water grid (cells of ``FINE_DEG``) in a window around every port, and
- the searoute path between the two ports, minus any of its segments that cross land,

then shortens the resulting polyline by line of sight. A grid cell is water when its whole
square is clear of the Natural Earth 10m land layer (``geodata/ne_10m_land_east_asia.geojson``),
so every edge between neighbouring water cells (and between a coarse cell's centre and the fine
cells inside it) lies over water. The only segments allowed to touch land are those within
:data:`HARBOUR_KM` of an end port: a port's point (often its town's point) may sit on the land
polygon at 10m resolution.

Everything static (land layer, grid graph) is built once per process and each port pair's path is
memoized, so repeated legs cost a dictionary look-up.
"""

from __future__ import annotations

import functools
import math

import networkx as nx
import numpy as np
import pyproj
import searoute
import shapely
from shapely.geometry import LineString, Point

from corridor._data import geodata_path

#: Bounding box (lon_min, lat_min, lon_max, lat_max) of the water grid: the seas around Korea and
#: Primorye, wide enough for searoute's path around the peninsula.
REGION = (122.0, 32.0, 136.0, 44.6)
#: Fine grid step in degrees (1/80 degree, about 1.0 x 1.4 km at 43 N).
FINE_DEG = 1 / 80
#: Coarse grid step in fine cells (8 fine cells = 0.1 degree).
COARSE_STEP = 8
COARSE_DEG = FINE_DEG * COARSE_STEP
#: Half-width in degrees of the fine window built around each port.
WINDOW_DEG = 0.45
#: Radius of the harbour zone around an end port inside which a leg may touch the land layer.
#: Every corridor port's point (its town's point) lies on the 10m land polygon, and the nearest
#: fine water cell is 2.3 to 4.6 km away (Chongjin the farthest), so the zone is 6 km.
HARBOUR_KM = 6.0

_GEOD = pyproj.Geod(ellps="WGS84")
_WGS84 = pyproj.CRS.from_epsg(4326)


@functools.cache
def land() -> shapely.Geometry:
    """The Natural Earth 10m land polygons of the shipped layer, as one prepared geometry."""
    import geopandas as gpd

    layer = gpd.read_file(geodata_path("ne_10m_land_east_asia.geojson"))
    geom = shapely.make_valid(shapely.union_all(layer.geometry.values))
    shapely.prepare(geom)
    return geom


@functools.cache
def _region_land() -> shapely.Geometry:
    geom = shapely.clip_by_rect(land(), *REGION)
    shapely.prepare(geom)
    return geom


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
    return ~shapely.intersects(_region_land(), boxes)


def _add_grid(graph: nx.Graph, i0: int, j0: int, water: np.ndarray, step: int) -> None:
    """Add water cells as nodes (their centres) with edges to their 8 water neighbours."""
    half = step / 2

    def centre(j: int, i: int) -> tuple[float, float]:
        return ((i0 + i * step + half) * FINE_DEG, (j0 + j * step + half) * FINE_DEG)

    rows, cols = water.shape
    for j, i in zip(*np.nonzero(water), strict=True):
        a = centre(j, i)
        for dj, di in ((0, 1), (1, -1), (1, 0), (1, 1)):
            jn, in_ = j + dj, i + di
            if 0 <= jn < rows and 0 <= in_ < cols and water[jn, in_]:
                b = centre(jn, in_)
                graph.add_edge(a, b, weight=_km(a, b))


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


def _in_region(lon: float, lat: float) -> bool:
    return REGION[0] <= lon <= REGION[2] and REGION[1] <= lat <= REGION[3]


def _clear(segments: np.ndarray, zones: shapely.Geometry) -> np.ndarray:
    """Which segments stay off land outside the harbour ``zones``."""
    outside = shapely.difference(segments, zones)
    return ~shapely.intersects(land(), outside)


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


def _cell(lon: float, lat: float) -> tuple[int, int]:
    return math.floor(lon / COARSE_DEG), math.floor(lat / COARSE_DEG)


@functools.cache
def _base_windows() -> frozenset[tuple[int, int]]:
    from corridor.gazetteer import Gazetteer

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


def sea_path(
    origin: tuple[float, float], destination: tuple[float, float]
) -> tuple[tuple[float, float], ...]:
    """Lon/lat vertices of a water path between two ports (memoized per pair).

    The path of ``(b, a)`` is the path of ``(a, b)`` reversed. Raises ``ValueError`` when a port
    lies outside :data:`REGION` or has no water cell within :data:`HARBOUR_KM`.
    """
    origin, destination = tuple(map(float, origin)), tuple(map(float, destination))
    if destination < origin:
        return _sea_path(destination, origin)[::-1]
    return _sea_path(origin, destination)


@functools.cache
def _sea_path(origin, destination) -> tuple[tuple[float, float], ...]:
    for name, (lon, lat) in (("origin", origin), ("destination", destination)):
        if not _in_region(lon, lat):
            raise ValueError(
                f"sea leg {name} ({lon:.4f}, {lat:.4f}) is outside the sea-routing region "
                f"lon {REGION[0]}..{REGION[2]}, lat {REGION[1]}..{REGION[3]}"
            )
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
            near = [n for n in graph if abs(n[0] - port[0]) < 0.1 and abs(n[1] - port[1]) < 0.1]
            links = [n for n in near if _GEOD.inv(*port, *n)[2] <= HARBOUR_KM * 1000]
            if not links:
                raise ValueError(
                    f"no open water within {HARBOUR_KM} km of the port at ({port[0]:.4f}, "
                    f"{port[1]:.4f}) in the Natural Earth 10m land layer"
                )
            for n in links:
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


def path_length_km(coords) -> float:
    """Geodesic length (WGS84) of a lon/lat polyline, in km."""
    return _GEOD.geometry_length(LineString(coords)) / 1000


__all__ = ["REGION", "HARBOUR_KM", "land", "harbour_zone", "sea_path", "path_length_km"]
