"""Checks on geodata/ne_10m_railroads_main.geojson.gz and the steps of the script deriving it."""

from __future__ import annotations

import gzip
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
LAYER = GEODATA / "ne_10m_railroads_main.geojson.gz"


def _script():
    spec = importlib.util.spec_from_file_location(
        "derive_rail_world", GEODATA / "derive_rail_world.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def chains() -> list[list[tuple[float, float]]]:
    with gzip.open(LAYER, "rt", encoding="utf-8") as f:
        layer = json.load(f)
    return [[tuple(c) for c in ft["geometry"]["coordinates"]] for ft in layer["features"]]


def test_the_layer_stays_small_and_rounded(chains):
    assert LAYER.stat().st_size < 1_000_000
    assert 10_000 < len(chains) < 20_000
    assert chains == sorted(chains)
    for chain in chains:
        assert len(chain) >= 2
        assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in chain)
        assert all(round(v, 4) == v for c in chain for v in c)


def test_chains_meet_only_at_their_ends(chains):
    """Simplification kept every junction: a vertex inside a chain is in no other chain."""
    ends = Counter(c for chain in chains for c in (chain[0], chain[-1]))
    inner = Counter(c for chain in chains for c in chain[1:-1])
    assert not set(inner) & set(ends)
    assert max(inner.values()) == 1


def test_the_layer_covers_europe_and_the_middle_east(chains):
    def near(lon, lat):
        return any(abs(x - lon) < 0.2 and abs(y - lat) < 0.2 for chain in chains for x, y in chain)

    # Warsaw, Berlin, Baghdad, Tehran: each has a railway vertex within about 20 km
    assert all(near(*p) for p in [(21.01, 52.23), (13.41, 52.52), (44.40, 33.34), (51.42, 35.69)])


def test_seams_join_line_ends_closer_than_the_tolerance():
    script = _script()
    lines = [[(0.0, 0.0), (1.0, 0.0)], [(1.001, 0.0005), (2.0, 0.0)], [(5.0, 5.0), (6.0, 5.0)]]
    joined = script.join_seams(lines)
    assert joined[0] == [(0.0, 0.0), (1.0, 0.0)]
    assert joined[1] == [(1.0, 0.0), (2.0, 0.0)]
    assert joined[2] == lines[2]


def test_lines_are_cut_into_chains_at_junctions_and_ends():
    script = _script()
    # a T: a line from (0,0) to (2,0) through (1,0), and a branch from (1,0) to (1,1)
    lines = [[(0.0, 0.0), (1.0, 0.0), (2.0, 0.0)], [(1.0, 0.0), (1.0, 0.5), (1.0, 1.0)]]
    got = sorted(tuple(c) for c in script.chains(lines))
    assert got == [
        ((0.0, 0.0), (1.0, 0.0)),
        ((1.0, 0.0), (1.0, 0.5), (1.0, 1.0)),
        ((1.0, 0.0), (2.0, 0.0)),
    ]
    # a ring with no junction is one closed chain
    ring = [[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]]
    assert [len(c) for c in script.chains(ring)] == [4]


def test_simplify_keeps_the_ends_and_drops_points_within_the_tolerance():
    script = _script()
    chain = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (3.0, 1.0)]
    assert script.simplify(chain) == [(0.0, 0.0), (2.0, 0.0), (3.0, 1.0)]
