"""Sea paths that stay off land: searoute's maritime network joined to the ports over water.

searoute's network covers the world's seas but is coarse near the coast: its nearest node may lie
far from a port, and a few of its edges cut across islands. A leg is made of

- the origin's *connector* (:func:`connector`): a water path from the port to each of its
  :data:`JOIN_CANDIDATES` nearest network nodes, found over a local water grid (fine cells of
  ``FINE_DEG`` around the port, coarse cells of ``COARSE_DEG`` out to the nodes) and shortened
  by line of sight; built on demand, once per port,
- the shortest path over searoute's network between the join points, chosen together with them
  (:func:`marnet`: its edges clear of land; an edge that clips land, across a cape or the bend of
  a narrow strait, is mended over a fine water grid the first time a leg needs it:
  :mod:`corridor.transport.sea_repair`), and
- the destination's connector reversed,

shortened where straight cuts between its vertices stay off land. Each port also has connectors
to the points of a shared lattice near it (:func:`_meeting_points`), so that two ports in one
bay can meet there instead of at a network node far offshore; the shorter way wins. A grid cell
is water when its whole square is clear of the global land layer (:mod:`corridor.transport.land`:
GSHHG full-resolution shorelines). The only segments allowed to touch land are those within
:data:`HARBOUR_KM` of an end port: a port's point (often its town's point) may sit on land. When
the network offers no clean path, the leg is routed by A* over a water grid of the box around its
two ports instead (:mod:`corridor.transport.sea_grid`); when that finds none either, the error
names the gap (a lake or inland sea the network does not reach, a port up a river). A port whose
water is narrower than the fine grid (a river mouth, a narrow estuary) is joined from the nearest
water cell of the finest size, within its harbour zone.

No finished leg is memoized: each leg is routed; the land layer, the network copy, each port's
connectors and the land check of each straight cut or network path are made once per process.
"""

from __future__ import annotations

import functools
import math

import networkx as nx
import numpy as np
import shapely
from shapely.geometry import LineString, Point

from corridor.transport import land as _land
from corridor.transport._water import (
    _GEOD,
    CLEARANCE_DEG,
    COARSE_DEG,
    COARSE_STEP,
    FINE_DEG,
    HARBOUR_KM,
    _add_grid,
    _cell,
    _km,
    _pull,
    _water_cells,
    harbour_links,
    harbour_zone,
)
from corridor.transport.sea_grid import grid_path
from corridor.transport.sea_repair import nearest_water, water_path


def sea_path(
    origin: tuple[float, float], destination: tuple[float, float]
) -> tuple[tuple[float, float], ...]:
    """Lon/lat vertices of a water path between two ports (see :func:`sea_route`)."""
    return sea_route(origin, destination)[0]


def sea_route(
    origin: tuple[float, float], destination: tuple[float, float]
) -> tuple[tuple[tuple[float, float], ...], str]:
    """Vertices of a water path between two ports and how it was found.

    The path is the origin's :func:`connector`, searoute's network path between the two join
    points (:func:`marnet`), and the destination's connector reversed (method ``"network"``), or,
    when shorter, the two ports' connectors to a meeting point they share (``"meeting"``: nearby
    ports in one bay); then shortened where straight cuts stay off land. When neither exists or
    the network path crosses land, the leg is routed over the water grid instead (``"grid"``).
    Nothing is memoized per pair; the connectors are built once per port. The path of ``(b, a)``
    is the path of ``(a, b)`` reversed. Raises ``ValueError`` when a port has no water cell
    within :data:`HARBOUR_KM` or no water path joins the two ports (the message names the gap).
    """
    origin, destination = tuple(map(float, origin)), tuple(map(float, destination))
    for name, (lon, lat) in (("origin", origin), ("destination", destination)):
        if not (-180 <= lon <= 180 and -85 <= lat <= 85):
            raise ValueError(
                f"sea leg {name} ({lon}, {lat}) is not a lon/lat point: "
                "lon must lie in -180..180 and lat in -85..85"
            )
    if destination < origin:
        coords, method = sea_route(destination, origin)
        return coords[::-1], method
    found = _network_path(origin, destination)
    if found is not None:
        return found
    return grid_path(origin, destination), "grid"


def path_length_km(coords) -> float:
    """Geodesic length (WGS84) of a lon/lat polyline, in km."""
    return _GEOD.geometry_length(LineString(coords)) / 1000


# --- searoute's network joined to the ports by per-port connectors ---------------------------

#: Marnet nodes of searoute's network tried as join points of each port (nearest first).
JOIN_CANDIDATES = 6
#: Lattices of meeting points shared by nearby ports, as (spacing in coarse cells, distance in
#: degrees of lon and lat from the port): dense close to the port, sparse farther out.
MEET_LATTICES = ((2, 0.6), (4, 2.0))
#: Half-width, in coarse cells, of the fine grid built around a port for its connectors.
CONNECTOR_SPAN = 3
#: Cell sizes, in fine cells, of the grid over a port's box, tried in turn until the port's
#: connectors reach a join point (0.1 degree, then 0.025 degree for narrow gulfs and sounds).
CONNECTOR_STEPS = (COARSE_STEP, 2)
#: Margin in degrees of the coarse grid box built around a port and its join candidates.
BOX_MARGIN_DEG = 0.3


@functools.cache
def _network() -> tuple[nx.Graph, tuple]:
    """searoute's network split into a copy of its edges clear of land and those that clip it."""
    from searoute.searoute import setup_M

    full = setup_M()
    edges = [(u, v, float(d["weight"])) for u, v, d in full.edges(data=True)]
    segments = shapely.linestrings(np.array([[u, v] for u, v, _ in edges]))
    crossing = _land.hits(segments)
    graph = nx.Graph()
    graph.add_weighted_edges_from(e for e, bad in zip(edges, crossing, strict=True) if not bad)
    return graph, tuple(e for e, bad in zip(edges, crossing, strict=True) if bad)


def marnet() -> nx.Graph:
    """searoute's maritime network without the edges that cross land.

    A copy (searoute's own graph is left untouched) minus the edges whose straight segment meets
    the global land layer (some cut across islands, capes and the bends of narrow straits; canals
    count as land). Legs may still pass where those edges ran: :func:`_joined` keeps them to be
    mended over water when a leg first needs one (:mod:`corridor.transport.sea_repair`).
    """
    return _network()[0]


def land_crossing_edges() -> int:
    """How many edges of searoute's network cross land (left out of :func:`marnet`)."""
    return len(_network()[1])


@functools.cache
def connector(port: tuple[float, float]) -> dict[tuple[float, float], tuple]:
    """Water paths from a port to its join points on :func:`marnet`, built once per port.

    Returns ``{join_node: vertices}``, each path starting at the port and ending at the node,
    shortened by line of sight. The paths run over a local water grid: fine cells around the
    port, coarse cells over the box holding the port and its :data:`JOIN_CANDIDATES` nearest
    network nodes. Raises ``ValueError`` when the port has no water within :data:`HARBOUR_KM`.
    """
    lon, lat = port
    net = marnet()
    nodes = np.array(list(net.nodes))
    near = np.argsort(
        np.hypot((nodes[:, 0] - lon) * math.cos(math.radians(lat)), nodes[:, 1] - lat)
    )
    candidates = [tuple(map(float, nodes[k])) for k in near[:JOIN_CANDIDATES]]
    xs = [lon, *(c[0] for c in candidates)]
    ys = [lat, *(c[1] for c in candidates)]
    box = (
        max(min(xs) - BOX_MARGIN_DEG, -180.0),
        max(min(ys) - BOX_MARGIN_DEG, -85.0),
        min(max(xs) + BOX_MARGIN_DEG, 180.0),
        min(max(ys) + BOX_MARGIN_DEG, 85.0),
    )
    # a narrow gulf or a strait among islands may hold no whole coarse cell: the box is then
    # searched again with cells of the next finer size, until a join point is reached
    try:
        for step in CONNECTOR_STEPS:
            graph = _local_grid(port, box, step)
            _link_port(graph, port)
            _link_candidates(graph, candidates)
            dist, paths = nx.single_source_dijkstra(graph, port, weight="weight")
            if any(c in dist for c in candidates):
                break
        else:
            return _channel_connector(port, candidates)
    except ValueError:  # no whole fine cell of water near: a river port or a narrow estuary
        found = _channel_connector(port, candidates)
        if not found:
            raise
        return found
    zone = harbour_zone(*port)
    return {
        c: tuple((float(x), float(y)) for x, y in _pull(paths[c], zone))
        for c in candidates + _meeting_points(port)
        if c in dist
    }


def _channel_connector(port, candidates) -> dict[tuple[float, float], tuple]:
    """Connectors of a port whose water (a river, a narrow estuary) or way out (a channel) is
    narrower than the grids of :data:`CONNECTOR_STEPS`: from the water nearest the port, within
    its harbour zone, to the nearest join point a water path of the finest cells reaches."""
    start = nearest_water(port, HARBOUR_KM / 111.0)
    if start is None or _GEOD.inv(*port, *start)[2] > HARBOUR_KM * 1000:
        return {}
    for c in candidates:
        via = water_path(start, c)
        if via is not None:
            return {c: (port, *via)}
    return {}


def _meeting_points(port: tuple[float, float]) -> list[tuple[float, float]]:
    """Centres of the coarse cells on the lattices of :data:`MEET_LATTICES` near the port: the
    same points for every port, so two nearby ports may meet there rather than at a network
    node far offshore."""
    ci, cj = _cell(*port)
    cells = set()
    for step, radius in MEET_LATTICES:
        reach = round(radius / COARSE_DEG)
        lo_i, lo_j = -(-(ci - reach) // step) * step, -(-(cj - reach) // step) * step
        cells.update(
            (gi, gj)
            for gi in range(lo_i, ci + reach + 1, step)
            for gj in range(lo_j, cj + reach + 1, step)
        )
    half = COARSE_STEP / 2
    return [
        ((gi * COARSE_STEP + half) * FINE_DEG, (gj * COARSE_STEP + half) * FINE_DEG)
        for gi, gj in sorted(cells)
    ]


def _local_grid(
    port: tuple[float, float], box: tuple[float, float, float, float], step: int = COARSE_STEP
) -> nx.Graph:
    """Water cells of ``step`` fine cells over ``box`` and fine cells around ``port``, joined."""
    deg = FINE_DEG * step
    i0 = math.floor(box[0] / COARSE_DEG) * COARSE_STEP
    j0 = math.floor(box[1] / COARSE_DEG) * COARSE_STEP
    i1 = math.ceil(box[2] / COARSE_DEG) * COARSE_STEP
    j1 = math.ceil(box[3] / COARSE_DEG) * COARSE_STEP
    coarse_water = _water_cells(i0, j0, i1, j1, step)
    graph = nx.Graph()
    _add_grid(graph, i0, j0, coarse_water, step)
    ci, cj = _cell(*port)
    span = CONNECTOR_SPAN
    f0, g0 = (ci - span) * COARSE_STEP, (cj - span) * COARSE_STEP
    f1, g1 = (ci + span + 1) * COARSE_STEP, (cj + span + 1) * COARSE_STEP
    water = _water_cells(f0, g0, f1, g1, 1)
    _add_grid(graph, f0, g0, water, 1)
    # each fine cell inside a water coarse cell is joined to that coarse cell's centre
    jj, ii = np.nonzero(water)
    gi, gj = (f0 + ii) // step, (g0 + jj) // step
    ri, rj = gi - i0 // step, gj - j0 // step
    ok = (rj >= 0) & (rj < coarse_water.shape[0]) & (ri >= 0) & (ri < coarse_water.shape[1])
    ok[ok] = coarse_water[rj[ok], ri[ok]]
    a = np.column_stack([f0 + ii[ok] + 0.5, g0 + jj[ok] + 0.5]) * FINE_DEG
    c = np.column_stack([gi[ok] + 0.5, gj[ok] + 0.5]) * deg
    for u, v in zip(map(tuple, a.tolist()), map(tuple, c.tolist()), strict=True):
        graph.add_edge(u, v, weight=_km(u, v))
    return graph


def _link_port(graph: nx.Graph, port: tuple[float, float]) -> None:
    """Join the port to the grid nodes of its harbour zone."""
    for n in harbour_links(graph, port):
        graph.add_edge(port, n, weight=_km(port, n))


def _link_candidates(graph: nx.Graph, candidates: list[tuple[float, float]]) -> None:
    """Join each network node to the grid nodes within 0.25 degree it sees over water."""
    grid = np.array(list(graph.nodes))
    for c in candidates:
        close = grid[(np.abs(grid[:, 0] - c[0]) < 0.25) & (np.abs(grid[:, 1] - c[1]) < 0.25)]
        if not len(close):
            continue
        segments = shapely.linestrings(np.stack([np.broadcast_to(c, close.shape), close], axis=1))
        for n in close[~_land.hits(segments)]:
            n = (float(n[0]), float(n[1]))
            graph.add_edge(c, n, weight=_km(c, n))


@functools.cache
def _joined() -> nx.Graph:
    """:func:`marnet`, the network's edges that clip land (marked ``clips``, mended or dropped
    when a leg first needs them: :func:`_mend`) and, for each port routed so far, an edge to each
    of its join points."""
    graph = nx.Graph(marnet())
    graph.add_edges_from((u, v, {"weight": w, "clips": True}) for u, v, w in _network()[1])
    return graph


def _mend(path: list) -> bool:
    """Mend the edges of ``path`` that clip land: each takes a water path around the land
    (kept as its ``via`` vertices, its weight their length) or leaves the graph; an end of such an
    edge that lies on land is first moved to the nearest water, or leaves the graph with its
    edges when there is none near. Whether the path was clean already."""
    graph, clean = _joined(), True
    for u, v in zip(path[:-1], path[1:], strict=True):
        data = graph.edges[u, v]
        if not data.get("clips"):
            continue
        clean = False
        ashore = [p for p in (u, v) if _land.touches(Point(p))]
        if ashore:  # a node the land layer puts ashore moves to the water nearest to it
            for p in ashore:
                to = nearest_water(p)
                if to is None:
                    graph.remove_node(p)
                else:
                    nx.relabel_nodes(graph, {p: to}, copy=False)
            return False
        via = water_path(*sorted((u, v)))  # one way round whichever way the path runs
        if via is None:
            graph.remove_edge(u, v)
        else:
            data.update(clips=False, via=via, weight=path_length_km(via))
    return clean


def _expand(middle: list) -> list:
    """The network path's vertices with each mended edge's water path in place of its segment."""
    graph, out = _joined(), [middle[0]]
    for u, v in zip(middle[:-1], middle[1:], strict=True):
        via = graph.edges[u, v].get("via")
        if via is None:
            out.append(v)
        else:
            out.extend((via if via[0] == u else via[::-1])[1:])
    return out


@functools.cache
def _join(port: tuple[float, float]) -> tuple[dict, dict[tuple[float, float], float], float]:
    """The port's connectors, their lengths in km and the shortest one to the network; joins the
    port to :func:`_joined` once."""
    paths = connector(port)
    km = {node: path_length_km(coords) for node, coords in paths.items()}
    graph, net = _joined(), marnet()
    for node in paths:
        if node in net:
            graph.add_edge(port, node, weight=km[node], port=port)
    return paths, km, min((km[n] for n in paths if n in net), default=math.inf)


def _network_path(origin, destination) -> tuple[tuple[tuple[float, float], ...], str] | None:
    """The shorter of (a) connector, searoute's network path between the join points, connector
    back (``"network"``) and (b) the two connectors to a shared meeting point (``"meeting"``);
    None when neither exists or the network path between the join points crosses land."""
    (out, out_km, out_min), (back, back_km, back_min) = _join(origin), _join(destination)
    ends = {origin, destination}

    def weight(u, v, data):
        port = data.get("port")
        return data["weight"] if port is None or port in ends else None

    shared = min(((out_km[n] + back_km[n], n) for n in out.keys() & back.keys()), default=None)
    best, path = math.inf, None
    # no network path is shorter than the two shortest connectors to the network
    if shared is None or shared[0] >= out_min + back_min:
        if origin in _joined() and destination in _joined():
            while True:
                try:
                    best, path = nx.bidirectional_dijkstra(
                        _joined(), origin, destination, weight=weight
                    )
                except nx.NetworkXNoPath:
                    best, path = math.inf, None
                    break
                if _mend(path[1:-1]):
                    break
    if shared is not None and shared[0] < best:
        meet = shared[1]
        coords = list(out[meet]) + list(back[meet])[-2::-1]
        return tuple(_straighten(coords)), "meeting"
    if path is None:
        return None
    middle = _expand(path[1:-1])
    if len(middle) > 1 and _crosses_land(tuple(middle)):
        return None
    head, tail = list(out[middle[0]]), list(back[middle[-1]])[::-1]
    coords = head + middle[1:-1] + tail if len(middle) > 1 else head + tail[1:]
    return tuple(_straighten(coords)), "network"


#: Land checks of straight cuts already made, by their two ends: whether the cut is clear. The
#: vertices of legs are connector and network vertices, so the same cuts come back leg after leg.
_CUTS: dict[tuple, bool] = {}


@functools.lru_cache(maxsize=100_000)
def _crosses_land(path: tuple) -> bool:
    """Whether a network path (between two join points) touches land, checked once per path."""
    return _land.touches(LineString(path))


#: Part of a cut from or to a port exempt from the land check: a little inside the harbour zone,
#: so that the equirectangular distance used to trim the cut stays within the geodesic zone.
_TRIM_KM = HARBOUR_KM - 0.1


#: Most vertices a straight cut may skip, plus one.
CUT_SPAN = 6


def _straighten(coords: list) -> list:
    """Shortest chain of the polyline's vertices whose straight cuts stay off land.

    Every cut between two vertices is checked against the land layer in one vectorized call;
    a cut from the first or to the last vertex (a port) is checked from :data:`_TRIM_KM` away
    from that port, i.e. it may touch land inside the harbour zone. The polyline's own segments
    are known to be clear.
    """
    pts = np.asarray(coords, dtype=float)
    n = len(pts)
    if n < 3:
        return coords
    a, b = np.triu_indices(n, k=2)
    near = b - a <= CUT_SPAN
    a, b = a[near], b[near]
    start, end = pts[a], pts[b]
    lat = np.radians((start[:, 1] + end[:, 1]) / 2)
    km = 111.195 * np.hypot((start[:, 0] - end[:, 0]) * np.cos(lat), start[:, 1] - end[:, 1])
    frac = np.minimum(_TRIM_KM / np.maximum(km, 1e-9), 1.0)[:, None]
    from_port, to_port = (a == 0)[:, None], (b == n - 1)[:, None]
    trimmed_start = np.where(from_port, start + (end - start) * frac, start)
    trimmed_end = np.where(to_port, end + (start - end) * frac, end)
    inside = (from_port[:, 0] | to_port[:, 0]) & (
        frac[:, 0] * (from_port[:, 0].astype(int) + to_port[:, 0].astype(int)) >= 1.0
    )
    clear = inside.copy()
    keys = [
        (tuple(u), tuple(v))
        for u, v in zip(trimmed_start.tolist(), trimmed_end.tolist(), strict=True)
    ]
    todo = [k for k, done in enumerate(inside.tolist()) if not done and keys[k] not in _CUTS]
    if todo:
        cuts = shapely.linestrings(np.stack([trimmed_start[todo], trimmed_end[todo]], axis=1))
        ok = ~_land.hits(shapely.buffer(cuts, CLEARANCE_DEG, quad_segs=2))
        _CUTS.update(zip((keys[k] for k in todo), ok.tolist(), strict=True))
    for k in np.flatnonzero(~inside).tolist():
        clear[k] = _CUTS[keys[k]]
    by_end: dict[int, list[tuple[int, float]]] = {}
    for i, j, ok, d in zip(a.tolist(), b.tolist(), clear.tolist(), km.tolist(), strict=True):
        if ok:
            by_end.setdefault(j, []).append((i, d))
    best, prev = [0.0] * n, [-1] * n
    for j in range(1, n):
        best[j], prev[j] = best[j - 1] + _km(coords[j - 1], coords[j]), j - 1
        for i, d in by_end.get(j, ()):
            if best[i] + d < best[j]:
                best[j], prev[j] = best[i] + d, i
    chain, k = [], n - 1
    while k >= 0:
        chain.append(coords[k])
        k = prev[k]
    return chain[::-1]


__all__ = ["HARBOUR_KM", "harbour_zone", "sea_path", "sea_route", "path_length_km"]
