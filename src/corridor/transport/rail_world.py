"""The world's main railways as a graph, for rail legs off the packaged station network.

``geodata/ne_10m_railroads_main.geojson.gz`` holds the main lines (``scalerank`` 7 or less) of
Natural Earth's 1:10m railroads as chains between junctions, simplified to about 500 m
(``geodata/derive_rail_world.py`` says how it was derived). The network is coarse: branch and
minor lines are missing, some countries' networks are not joined to their neighbours', and a
drawn line can cut corners by a few hundred metres. Rail legs over it say so in their note
(:data:`NOTE`).

Every vertex is a node of an undirected networkx graph whose edges weigh their geodesic length
in km (WGS84); the graph and the nodes' unit vectors (the nodes nearest a place are those of
largest dot product with it: great-circle nearness) are built once per process. Each end may join
the network at any node within :data:`SNAP_KM` (geodesic distance); the pair of join nodes taken
is the one of least length along the railway plus :data:`JOIN_COST` times the distances joined,
found by one shortest-path search (so ends near railways that are not joined take the part that
reaches both, and a city on a strait joins on the shore that spares a way round).
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pyproj

from corridor._data import geodata_path

#: The packaged layer.
LAYER = "ne_10m_railroads_main.geojson.gz"
#: Farthest (km) a place may be from the network's nearest node to start or end a leg there.
SNAP_KM = 50.0
#: What every leg over this network says about it.
NOTE = "coarse network: Natural Earth 1:10m main railways (scalerank <= 7)"
#: Weight of a km between a place and the railway against a km along it, when choosing where
#: each end joins: a node a little farther wins when it saves a longer way round (the other shore
#: of a strait the coarse network does not cross).
JOIN_COST = 4.0
#: Longest way along the network, as a multiple of the great circle between the ends (or of
#: :data:`SNAP_KM` for near ends), before a leg is refused as a way round missing links.
MAX_DETOUR = 3.0
#: Nodes looked at around each end (nearest first, within :data:`SNAP_KM`).
_CANDIDATES = 256
_GEOD = pyproj.Geod(ellps="WGS84")


@dataclass(frozen=True)
class WorldRail:
    """The network: node coordinates (lon, lat), graph over node indices and each node's unit
    vector."""

    lonlat: np.ndarray
    graph: nx.Graph
    unit: np.ndarray


def _unit(lon, lat) -> np.ndarray:
    lon, lat = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _geodesic_km(lon: float, lat: float, idx: np.ndarray, net: WorldRail) -> np.ndarray:
    n = len(idx)
    return _GEOD.inv([lon] * n, [lat] * n, net.lonlat[idx, 0], net.lonlat[idx, 1])[2] / 1000


@functools.cache
def network() -> WorldRail:
    """Load the packaged layer and build the graph (cached)."""
    path = geodata_path(LAYER)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        layer = json.load(f)
    index: dict[tuple[float, float], int] = {}
    us, vs = [], []
    for feature in layer["features"]:
        coords = feature["geometry"]["coordinates"]
        ids = [index.setdefault((float(x), float(y)), len(index)) for x, y in coords]
        us.extend(ids[:-1])
        vs.extend(ids[1:])
    lonlat = np.array(list(index), dtype=float)
    us, vs = np.array(us), np.array(vs)
    km = _GEOD.inv(lonlat[us, 0], lonlat[us, 1], lonlat[vs, 0], lonlat[vs, 1])[2] / 1000
    graph = nx.Graph()
    graph.add_nodes_from(range(len(lonlat)))
    graph.add_weighted_edges_from(zip(us.tolist(), vs.tolist(), km.tolist(), strict=True))
    return WorldRail(lonlat, graph, _unit(lonlat[:, 0], lonlat[:, 1]))


def nearest(lon: float, lat: float) -> tuple[int, float]:
    """The network's node nearest a point (on the sphere), and its geodesic distance in km."""
    net = network()
    i = int(np.argmax(net.unit @ _unit([lon], [lat])[0]))
    return i, float(_geodesic_km(lon, lat, np.array([i]), net)[0])


def _near(net: WorldRail, lon: float, lat: float) -> tuple[np.ndarray, np.ndarray]:
    """Nodes within :data:`SNAP_KM` (geodesic) among the nearest ones, nearest first."""
    cos = net.unit @ _unit([lon], [lat])[0]
    k = min(_CANDIDATES, len(cos))
    idx = np.argpartition(-cos, k - 1)[:k]
    km = _geodesic_km(lon, lat, idx, net)
    order = np.argsort(km, kind="stable")
    idx, km = idx[order], km[order]
    keep = km <= SNAP_KM
    return idx[keep], km[keep]


def path(
    a: tuple[float, float],
    b: tuple[float, float],
    names: tuple[str, str] = ("origin", "destination"),
) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """Coordinates of the shortest path over the network from point ``a`` to point ``b``
    (lon, lat), starting and ending at the points themselves, and the distances (km) at which
    each end joined the network.

    Raises ``ValueError`` naming the end (``names``) and the distance when an end lies more than
    :data:`SNAP_KM` from the network, or when no part of the network reaches both ends.
    """
    net = network()
    near = []
    for (lon, lat), name in zip((a, b), names, strict=True):
        idx, km = _near(net, lon, lat)
        if not len(idx):
            _, far = nearest(lon, lat)
            raise ValueError(
                f"no railway of the world network within {SNAP_KM:.0f} km of {name}: the nearest "
                f"is {far:,.0f} km away"
            )
        near.append((idx, km))
    # one search from the origin to the destination, each joined to every node within reach at
    # JOIN_COST times its distance: a node a little farther that saves a long way round wins
    source, sink, graph = -1, -2, net.graph
    try:
        for end, (idx, km) in zip((source, sink), near, strict=True):
            graph.add_weighted_edges_from(
                (end, int(i), JOIN_COST * k) for i, k in zip(idx.tolist(), km.tolist(), strict=True)
            )
        try:
            nodes = nx.dijkstra_path(graph, source, sink, weight="weight")[1:-1]
        except nx.NetworkXNoPath:
            raise ValueError(
                f"no railway of the world network joins {names[0]} to {names[1]}: the railways "
                f"within {SNAP_KM:.0f} km of each are not connected in this coarse network"
            ) from None
    finally:
        graph.remove_nodes_from((source, sink))
    (ia, ka), (ib, kb) = near
    along = nx.path_weight(graph, nodes, weight="weight") if len(nodes) > 1 else 0.0
    direct = _GEOD.inv(*a, *b)[2] / 1000
    if along > MAX_DETOUR * max(direct, SNAP_KM):
        raise ValueError(
            f"the world network joins {names[0]} to {names[1]} only by a way round of "
            f"{along:,.0f} km ({along / direct:.0f} times the {direct:,.0f} km between them): the "
            "railways between them are missing from this coarse network; give the case its own "
            "rail network (rail_stations.csv, rail_links.csv)"
        )
    ka0 = float(ka[ia.tolist().index(nodes[0])])
    kb0 = float(kb[ib.tolist().index(nodes[-1])])
    coords = [a, *(tuple(map(float, net.lonlat[n])) for n in nodes), b]
    coords = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
    if len(coords) == 1:
        coords = coords * 2
    return coords, (ka0, kb0)
