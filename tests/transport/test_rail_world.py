import gzip
import json

import networkx as nx
import pyproj
import pytest
from shapely.geometry import LineString

from corridor.transport import rail_world

GEOD = pyproj.Geod(ellps="WGS84")

# Part A: a line along the equator from 10.0 E to 10.4 E with a branch north at 10.2 E.
# Part B: a short line at 0.1 N, west of A, not joined to it.
A = [[[10.0, 0.0], [10.2, 0.0], [10.4, 0.0]], [[10.2, 0.0], [10.2, 0.2]]]
B = [[[10.0, 0.1], [9.8, 0.1]]]


def install(tmp_path, monkeypatch, lines) -> None:
    """Make ``lines`` the packaged layer for one test."""
    layer = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": c},
            }
            for c in lines
        ],
    }
    path = tmp_path / rail_world.LAYER
    with gzip.open(path, "wt") as f:
        json.dump(layer, f)
    monkeypatch.setattr(rail_world, "geodata_path", lambda name: tmp_path / name)
    rail_world.network.cache_clear()


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    install(tmp_path, monkeypatch, A + B)
    yield
    rail_world.network.cache_clear()


def km(a, b) -> float:
    return GEOD.inv(*a, *b)[2] / 1000


def test_the_graph_has_one_node_per_vertex_and_geodesic_edges(tiny):
    net = rail_world.network()
    assert len(net.lonlat) == 6 and net.graph.number_of_edges() == 4
    assert nx.number_connected_components(net.graph) == 2
    i = {tuple(c): k for k, c in enumerate(net.lonlat.tolist())}
    weight = net.graph.edges[i[10.0, 0.0], i[10.2, 0.0]]["weight"]
    assert weight == pytest.approx(km((10.0, 0.0), (10.2, 0.0)), rel=1e-12)


def test_nearest_is_the_great_circle_nearest_vertex(tiny):
    node, dist = rail_world.nearest(10.21, 0.19)
    assert rail_world.network().lonlat[node].tolist() == [10.2, 0.2]
    assert dist == pytest.approx(km((10.21, 0.19), (10.2, 0.2)), rel=1e-9)


def test_path_joins_both_ends_on_the_part_reaching_them_with_the_least_snapping(tiny):
    a, b = (10.0, 0.08), (10.2, 0.25)
    # a is nearest part B (2 km) and b is within reach of B too (28 km), but A joins both with
    # 9 + 6 km of snapping against 2 + 28 km
    coords, (ka, kb) = rail_world.path(a, b)
    assert coords == [a, (10.0, 0.0), (10.2, 0.0), (10.2, 0.2), b]
    assert ka == pytest.approx(km(a, (10.0, 0.0)), rel=1e-9)
    assert kb == pytest.approx(km(b, (10.2, 0.2)), rel=1e-9)
    length = GEOD.geometry_length(LineString(coords)) / 1000
    assert length == pytest.approx(
        sum(km(p, q) for p, q in zip(coords[:-1], coords[1:], strict=True))
    )


def test_ends_on_railways_that_are_not_joined_are_refused(tiny):
    with pytest.raises(ValueError, match=r"no railway of the world network joins west to east: "):
        rail_world.path((9.5, 0.1), (10.6, 0.0), ("west", "east"))


def test_an_end_too_far_from_every_railway_is_refused_with_its_distance(tiny):
    with pytest.raises(ValueError) as err:
        rail_world.path((10.0, 0.0), (20.0, 0.0), ("here", "far away"))
    far = km((20.0, 0.0), (10.4, 0.0))
    assert str(err.value) == (
        f"no railway of the world network within 50 km of far away: the nearest is {far:,.0f} km away"
    )


def test_an_end_on_a_node_gives_a_path_without_repeated_points(tiny):
    coords, (ka, kb) = rail_world.path((10.0, 0.0), (10.4, 0.0))
    assert coords == [(10.0, 0.0), (10.2, 0.0), (10.4, 0.0)]
    assert ka == kb == 0



def test_an_end_joins_a_farther_node_that_spares_a_long_way_round(tmp_path, monkeypatch):
    # a line that runs 111 km north, 11 km east and back south: its two feet face each other
    # across a gap (a strait the coarse network does not cross)
    install(tmp_path, monkeypatch, [[[10.0, 0.0], [10.0, 1.0], [10.1, 1.0], [10.1, 0.0]]])
    try:
        a, b = (9.99, 0.0), (10.11, 0.0)
        coords, (ka, kb) = rail_world.path(a, b)
        # joining each end to its own foot (1 km each) would mean 233 km round the line: one end
        # joins the other's foot instead (12 km)
        assert coords in ([a, (10.1, 0.0), b], [a, (10.0, 0.0), b])
        assert sorted([ka, kb]) == pytest.approx(sorted([km(a, (10.0, 0.0)), km(a, (10.1, 0.0))]))
        # ends too far apart to share a foot, whose only railway is the way round, are refused
        install(tmp_path, monkeypatch, [[[10.0, 0.0], [10.0, 3.0], [10.9, 3.0], [10.9, 0.0]]])
        with pytest.raises(ValueError, match=r"only by a way round of .* railways between them are missing"):
            rail_world.path((10.0, 0.0), (10.9, 0.0))
    finally:
        rail_world.network.cache_clear()
