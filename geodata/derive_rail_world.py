"""Derive ``ne_10m_railroads_main.geojson.gz``: the world's main railways as a small line layer.

Source: Natural Earth 1:10m railroads (public domain), main lines only (``scalerank`` 7 or less).
Two inputs give the same layer:

- ``--tiles DIR``: a folder of zoom-7 Mapbox vector tiles (``DIR/{x}/{y}.pbf``, xyz scheme) whose
  ``railroad`` layer holds the Natural Earth railroads of ``scalerank <= 7`` (the layer of the
  ``natural_earth.vector.mbtiles`` v1.0 tile set of the naturalearthtiles project, unpacked to
  ``tiles/7`` by ``mb-util``); decoded with PyPI ``mapbox-vector-tile``. Lines cut at tile edges
  are joined again by snapping their ends (within :data:`SEAM_DEG`).
- ``--source FILE``: Natural Earth's own ``ne_10m_railroads`` shapefile or GeoJSON (read with
  geopandas; rows of ``scalerank <= 7`` kept).

Then every coordinate is rounded to :data:`DECIMALS` decimals, the lines are cut at their
junctions (vertices shared by more than two segments) and ends into chains, each chain is
simplified (Douglas-Peucker, :data:`SIMPLIFY_DEG`, ends kept, so chains still meet exactly at the
junctions) and written as one LineString feature; features are sorted and the file is gzipped
without a timestamp, so the output is byte-for-byte reproducible.

It needs scipy, and PyPI ``mapbox-vector-tile`` (2.2.0 was used) for ``--tiles``: tools of this
script only, not dependencies of corridor. Run from the repository root::

    python geodata/derive_rail_world.py --tiles PATH/TO/tiles/7 geodata/ne_10m_railroads_main.geojson.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from shapely.geometry import LineString

#: Zoom level of the vector tiles read.
ZOOM = 7
#: Largest ``scalerank`` kept (Natural Earth ranks its main lines 3 to 7, minor lines 8 to 10).
MAX_SCALERANK = 7
#: Line ends closer than this (degrees) are the same point: lines cut at tile edges meet again.
SEAM_DEG = 0.0025
#: Decimals kept of every coordinate (1e-4 deg is about 11 m).
DECIMALS = 4
#: Douglas-Peucker tolerance in degrees (about 500 m; a zoom-7 tile pixel is about 0.0007 deg).
SIMPLIFY_DEG = 0.005

Coord = tuple[float, float]


def tile_lines(folder: Path) -> list[list[Coord]]:
    """The railroad lines of every tile in ``folder`` (``{x}/{y}.pbf``), in lon/lat."""
    import mapbox_vector_tile

    n = 2**ZOOM
    lines = []
    for path in sorted(folder.glob("*/*.pbf")):
        x, y = int(path.parent.name), int(path.name.split(".")[0])
        layer = mapbox_vector_tile.decode(path.read_bytes(), default_options={"y_coord_down": True})
        layer = layer.get("railroad")
        if not layer:
            continue
        extent = layer["extent"]
        for feature in layer["features"]:
            geom = feature["geometry"]
            parts = [geom["coordinates"]] if geom["type"] == "LineString" else geom["coordinates"]
            for part in parts:
                coords = []
                for px, py in part:
                    lon = (x + px / extent) / n * 360.0 - 180.0
                    lat = math.degrees(
                        math.atan(math.sinh(math.pi * (1 - 2 * (y + py / extent) / n)))
                    )
                    coords.append((lon, lat))
                if len(coords) >= 2:
                    lines.append(coords)
    return lines


def source_lines(path: Path) -> list[list[Coord]]:
    """The main lines (``scalerank <= 7``) of Natural Earth's own railroads file."""
    import geopandas as gpd

    frame = gpd.read_file(path)
    rank = frame["scalerank"] if "scalerank" in frame else frame["ScaleRank"]
    lines = []
    for geom in frame.loc[rank <= MAX_SCALERANK].geometry:
        if geom is None or geom.is_empty:
            continue
        for part in getattr(geom, "geoms", [geom]):
            coords = [(float(x), float(y)) for x, y, *_ in part.coords]
            if len(coords) >= 2:
                lines.append(coords)
    return lines


def join_seams(lines: list[list[Coord]]) -> list[list[Coord]]:
    """Move line ends lying within :data:`SEAM_DEG` of each other onto one point (the smallest
    of them), so that lines cut at tile edges join again."""
    from scipy.spatial import cKDTree

    ends = np.array([c for line in lines for c in (line[0], line[-1])])
    parent = list(range(len(ends)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(cKDTree(ends).query_pairs(SEAM_DEG)):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups = defaultdict(list)
    for i in range(len(ends)):
        groups[find(i)].append(i)
    target = {}
    for members in groups.values():
        point = min(tuple(ends[i]) for i in members)
        for i in members:
            target[i] = point
    out = []
    for k, line in enumerate(lines):
        out.append([target[2 * k], *line[1:-1], target[2 * k + 1]])
    return out


def chains(lines: list[list[Coord]]) -> list[list[Coord]]:
    """Cut the rounded lines into chains running between junctions or ends."""
    adjacency: dict[Coord, set[Coord]] = defaultdict(set)
    for line in lines:
        pts = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in line]
        for a, b in zip(pts[:-1], pts[1:], strict=True):
            if a != b:
                adjacency[a].add(b)
                adjacency[b].add(a)
    stops = {p for p, nbrs in adjacency.items() if len(nbrs) != 2}
    seen: set[frozenset] = set()
    result = []

    def walk(start: Coord, nxt: Coord) -> list[Coord]:
        path = [start, nxt]
        seen.add(frozenset((start, nxt)))
        prev, cur = start, nxt
        while cur not in stops and cur != start:
            (step,) = adjacency[cur] - {prev}
            seen.add(frozenset((cur, step)))
            path.append(step)
            prev, cur = cur, step
        return path

    for p in sorted(stops):
        for q in sorted(adjacency[p]):
            if frozenset((p, q)) not in seen:
                result.append(walk(p, q))
    for p in sorted(adjacency):  # rings with no junction
        for q in sorted(adjacency[p]):
            if frozenset((p, q)) not in seen:
                stops.add(p)
                result.append(walk(p, q))
    return result


def simplify(chain: list[Coord]) -> list[Coord]:
    line = LineString(chain).simplify(SIMPLIFY_DEG, preserve_topology=False)
    coords = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in line.coords]
    coords[0], coords[-1] = chain[0], chain[-1]
    return coords if len(coords) >= 2 else [chain[0], chain[-1]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("--tiles", type=Path, help="folder of zoom-7 vector tiles ({x}/{y}.pbf)")
    given.add_argument("--source", type=Path, help="Natural Earth ne_10m_railroads .shp/.geojson")
    parser.add_argument("output", type=Path, help="the .geojson.gz to write")
    args = parser.parse_args(argv)
    lines = join_seams(tile_lines(args.tiles)) if args.tiles else source_lines(args.source)
    parts = sorted(simplify(c) for c in chains(lines))
    features = [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": c}}
        for c in parts
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    with (
        open(args.output, "wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz,
    ):
        gz.write(text.encode())
    points = sum(len(c) for c in parts)
    print(
        f"{len(lines)} lines in, {len(parts)} chains and {points} points out; "
        f"{args.output.stat().st_size:,} bytes gzipped ({len(text):,} unpacked)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
