"""The global land layer of the sea router: GSHHG shorelines at full resolution.

The polygons come from the PyPI package ``roaring-landmask`` (which ships the GSHHG full-resolution
shorelines, level 1: land against ocean; lakes and the Caspian count as land), read once per
process and indexed in a ``shapely.STRtree`` of its 180,000 polygons (about 4 s and 500 MB on
first use; each large polygon is prepared the first time a query reaches it).

Natural Earth 10m land was measured against it (``benchmarks/routes_bench.py``, East Asia, same
point and segment queries): Natural Earth answers 4 to 7 times faster, being coarser, but its
global 10m land is on no PyPI package of its own (only inside a 98 MB wheel of an unrelated
weather model), so the router uses GSHHG and keeps each land check of a straight cut it has made
(:mod:`corridor.transport.sea`), which brings warm legs to about searoute's own cost.
"""

from __future__ import annotations

import functools

import numpy as np
import shapely

#: Name of the layer, as error messages and pages cite it.
LAYER = "GSHHG full-resolution shorelines (roaring-landmask)"


@functools.cache
def _tree() -> shapely.STRtree:
    """An STRtree over every GSHHG land polygon (built once per process)."""
    import roaring_landmask

    wkb = roaring_landmask.Shapes.wkb(roaring_landmask.LandmaskProvider.Gshhg)
    parts = shapely.get_parts(shapely.from_wkb(wkb))
    del wkb
    return shapely.STRtree(parts)


def hits(geoms) -> np.ndarray:
    """Which of ``geoms`` (a geometry or an array of them) touch land; a bool array."""
    arr = np.atleast_1d(np.asarray(geoms, dtype=object))
    out = np.zeros(len(arr), dtype=bool)
    if len(arr):
        tree = _tree()
        ii, jj = tree.query(arr)  # bounding boxes only
        parts = tree.geometries.take(jj)
        # each land polygon is prepared once (the large ones take a second) and stays prepared
        shapely.prepare(parts)
        ok = shapely.intersects(parts, arr[ii])
        out[ii[ok]] = True
    return out


def touches(geom: shapely.Geometry) -> bool:
    """Whether one geometry touches land."""
    return bool(hits(geom)[0])


def clip(bounds: tuple[float, float, float, float]) -> shapely.Geometry:
    """The land inside ``bounds`` (lon_min, lat_min, lon_max, lat_max), as one geometry."""
    tree = _tree()
    box = shapely.box(*bounds)
    near = tree.geometries.take(tree.query(box, predicate="intersects"))
    return shapely.clip_by_rect(shapely.union_all(near), *bounds)


__all__ = ["LAYER", "hits", "touches", "clip"]
