"""Edges of searoute's network that clip land, mended over a fine water grid."""

import pytest
from shapely.geometry import LineString, Point

from corridor.transport import land, sea_repair

# Two nodes of searoute's network in the Bosphorus whose straight edge cuts a bend's shore.
BOSPHORUS = ((29.050519, 41.15205), (29.070542, 41.117776))


@pytest.mark.slow
def test_an_edge_across_a_bend_of_a_strait_is_mended_over_water():
    u, v = BOSPHORUS
    assert land.touches(LineString([u, v]))
    via = sea_repair.water_path(u, v)
    assert via[0] == u and via[-1] == v and len(via) > 2
    assert not land.touches(LineString(via))


@pytest.mark.slow
def test_no_water_path_across_a_peninsula_wider_than_the_box():
    # Karkinit Bay to the sea south of Crimea: the way round lies outside the edge's box
    assert sea_repair.water_path((33.0, 45.9), (34.5, 44.4)) is None


@pytest.mark.slow
def test_a_node_ashore_moves_to_the_nearest_water():
    node = (26.2, 40.1)  # a network node at the mouth of the Dardanelles that GSHHG puts ashore
    assert land.touches(Point(node))
    water = sea_repair.nearest_water(node)
    assert not land.touches(Point(water))
    assert max(abs(water[0] - node[0]), abs(water[1] - node[1])) <= sea_repair.NODE_REACH_DEG
    assert sea_repair.nearest_water((35.0, 48.0)) is None  # inland Ukraine: no water near
