"""The world's main railways as a graph, for rail legs off the packaged station network.

``geodata/ne_10m_railroads_main.geojson.gz`` holds the main lines (``scalerank`` 7 or less) of
Natural Earth's 1:10m railroads as chains between junctions, simplified to about 500 m
(``geodata/derive_rail_world.py`` says how it was derived). The network is coarse: branch and
minor lines are missing, some countries' networks are not joined to their neighbours', and a
drawn line can cut corners by a few hundred metres. Rail legs over it say so in their note
(:data:`NOTE`).

Every vertex is a node of an undirected networkx graph whose edges weigh their geodesic length
in km (WGS84); the graph and the nodes' unit vectors (the nodes nearest a place are those of
largest dot product with it: great-circle nearness) are built once per process. A place joins
the network at its nearest node within :data:`SNAP_KM` (geodesic distance); when the two ends'
nearest nodes lie on parts of the network that are not joined, the nodes of a part reaching both
ends with the least distance to them are taken.
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
#: Candidate nodes looked at around each end when the nearest ones are on unjoined parts.
_CANDIDATES = 256
_GEOD = pyproj.Geod(ellps="WGS84")


@dataclass(frozen=True)
class WorldRail:
    """The network: node coordinates (lon, lat), graph over node indices, the connected part of
    each node and each node's unit vector."""

    lonlat: np.ndarray
    graph: nx.Graph
    part: np.ndarray
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
    part = np.empty(len(lonlat), dtype=int)
    for k, nodes in enumerate(nx.connected_components(graph)):
        part[list(nodes)] = k
    return WorldRail(lonlat, graph, part, _unit(lonlat[:, 0], lonlat[:, 1]))


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
    (ia, ka), (ib, kb) = near
    best: dict[int, tuple[int, float]] = {}
    for i, k in zip(ib.tolist(), kb.tolist(), strict=True):
        best.setdefault(int(net.part[i]), (i, k))
    choice = None
    for i, k in zip(ia.tolist(), ka.tolist(), strict=True):
        p = int(net.part[i])
        if p in best and (choice is None or k + best[p][1] < choice[2]):
            choice = (i, best[p][0], k + best[p][1], k, best[p][1])
    if choice is None:
        raise ValueError(
            f"no railway of the world network joins {names[0]} to {names[1]}: the railways within "
            f"{SNAP_KM:.0f} km of each are not connected in this coarse network"
        )
    u, v, _, ka0, kb0 = choice
    nodes = nx.dijkstra_path(net.graph, u, v, weight="weight")
    coords = [a, *(tuple(map(float, net.lonlat[n])) for n in nodes), b]
    coords = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
    if len(coords) == 1:
        coords = coords * 2
    return coords, (ka0, kb0)
