"""Stop detection on position tracks, vectorized with numpy.

A *stop* is where a track stays within ``max_diameter_m`` for at least ``min_duration``: the
definition of MovingPandas' ``TrajectoryStopDetector.get_stop_points``, reproduced step by step:

- while moving, the window is the run of pings of the last ``min_duration`` (at least two pings);
  when that window fits within the diameter the track is stopped, and the stop starts at the
  window's first ping;
- while stopped, the window grows ping by ping; the first ping that no longer fits ends it, and the
  stop is kept (from the window's first ping to the ping before) if it lasted ``min_duration``;
  the window then restarts at the ping that broke it; a short pause is dropped without a restart;
- a track that is stopped at its last ping ends with a stop if it lasted ``min_duration``.

The *extent* test is MovingPandas' own: a window fits when the diagonal of its bounding box is
under 1.5 diameters and the diagonal of its minimum rotated rectangle under one (geodesic metres
between the rectangle's corners in lon/lat, CRS units otherwise). It is computed only where the
box leaves the answer open; the box bounds decide every other window (``corridor.tracks._extent``).

One thing is added, *gaps*: with ``max_gap``, a track is cut where two pings are further apart in
time, and no stop spans the cut (MovingPandas has no such option; ``max_gap=None`` behaves like
it). Every stop reports its longest silence as ``max_gap_s``, so a stop that hides a dark period
shows it.

The loop that remains in Python runs once per candidate stop, not once per ping: the windows of
the moving state are evaluated for all pings at once with a sparse table of running minima and
maxima (``O(n log w)`` for windows of ``w`` pings), a stop's growth with cumulative extremes, and
the rotated rectangle of the pings' convex hull only where the box is not conclusive.

Examples
--------
>>> import geopandas as gpd, pandas as pd
>>> times = pd.date_range("2025-05-01", periods=6, freq="30min")
>>> pings = gpd.GeoDataFrame(
...     {"track_id": "a", "time": times},
...     geometry=gpd.points_from_xy([0, 0, 10, 10, 10, 500], [0, 0, 0, 0, 5, 0]),
...     crs="EPSG:3857",
... )
>>> stops = detect_stops(pings, max_diameter_m=50, min_duration="1h")
>>> row = stops.iloc[0]
>>> str(row.start_time), str(row.end_time), float(row.duration_s), int(row.n_pings)
('2025-05-01 00:00:00', '2025-05-01 02:00:00', 7200.0, 5)
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from corridor.tracks._extent import (
    Extent,
    box_diagonal,
    convex_hull_ccw,
    hull_candidates,
    scales,
    strictly_inside,
)
from corridor.tracks.io import SPEED, TIME, TRACK_ID

#: Columns of the stops table, in order (plus ``geometry``, the median position of the stop).
STOP_COLUMNS = [
    TRACK_ID, "stop_id", "start_time", "end_time", "duration_s", "n_pings", "max_gap_s",
    "diameter_m", "median_speed_kn",
]  # fmt: skip

_MAX_SPAN_NS = 2**61  # total time spanned by one batch of tracks, in ns (int64 headroom)


@dataclass(frozen=True)
class StopParams:
    """Thresholds of a stop: ``max_diameter_m``, ``min_duration`` and the optional ``max_gap``."""

    max_diameter_m: float
    min_duration: pd.Timedelta
    max_gap: pd.Timedelta | None = None

    @classmethod
    def of(cls, max_diameter_m, min_duration, max_gap=None) -> StopParams:
        if not float(max_diameter_m) > 0:
            raise ValueError(f"max_diameter_m must be > 0 (metres), got {max_diameter_m!r}")
        min_duration = pd.Timedelta(min_duration)
        if min_duration <= pd.Timedelta(0):
            raise ValueError(f"min_duration must be positive, got {min_duration}")
        max_gap = None if max_gap is None else pd.Timedelta(max_gap)
        if max_gap is not None and max_gap <= pd.Timedelta(0):
            raise ValueError(f"max_gap must be positive or None, got {max_gap}")
        return cls(float(max_diameter_m), min_duration, max_gap)

    def describe(self) -> str:
        """The thresholds as one line of text, e.g. for a sighting's ``source_detail``."""
        gap = "none" if self.max_gap is None else _hours(self.max_gap)
        return (
            f"max_diameter_m={self.max_diameter_m:g}; min_duration={_hours(self.min_duration)}; "
            f"max_gap={gap}"
        )


def _hours(td: pd.Timedelta) -> str:
    return f"{td / pd.Timedelta(hours=1):g}h"


def detect_stops(
    pings: gpd.GeoDataFrame,
    max_diameter_m: float,
    min_duration,
    *,
    max_gap=None,
) -> gpd.GeoDataFrame:
    """Stops of every track in ``pings``.

    Parameters
    ----------
    pings : GeoDataFrame
        Point geometry with columns ``track_id`` and ``time`` (naive UTC datetimes), as returned by
        :mod:`corridor.tracks.io`. Need not be sorted. Lon/lat CRS: distances in metres; projected
        CRS: CRS units.
    max_diameter_m : float
        Largest extent of a stop.
    min_duration : str or Timedelta
        Shortest stop, e.g. ``"3h"``.
    max_gap : str or Timedelta, optional
        Cut tracks where pings are further apart than this; ``None`` (default) never cuts.

    Returns
    -------
    GeoDataFrame
        One row per stop, columns :data:`STOP_COLUMNS` and the median position as geometry
        (``median_speed_kn`` from the pings' ``speed_kn`` where present, else NaN),
        sorted by track and start time, in the CRS of ``pings``.
    """
    params = StopParams.of(max_diameter_m, min_duration, max_gap)
    missing = [c for c in (TRACK_ID, TIME) if c not in pings.columns]
    if missing:
        raise ValueError(f"pings lack column(s) {missing}; expected {TRACK_ID!r} and {TIME!r}")
    if pings.crs is None:
        raise ValueError("pings have no CRS; set EPSG:4326 for lon/lat")
    if len(pings) and not (shapely.get_type_id(pings.geometry.values) == 0).all():
        raise ValueError("pings must be Point geometries")
    codes, labels = pd.factorize(pings[TRACK_ID], sort=False)
    times = pings[TIME].to_numpy(dtype="datetime64[ns]")
    if np.isnat(times).any():
        rows = np.flatnonzero(np.isnat(times))[:5].tolist()
        raise ValueError(f"pings have no time at positions {rows}...; drop or fix them first")
    t = times.view("int64")
    xy = shapely.get_coordinates(pings.geometry.values)
    speed = pings[SPEED].to_numpy(float) if SPEED in pings.columns else np.full(len(t), np.nan)
    dc = np.diff(codes)
    if not ((dc > 0) | ((dc == 0) & (np.diff(t) >= 0))).all():  # tracks not contiguous/in order
        order = np.lexsort((t, codes))
        codes, t, xy, speed = codes[order], t[order], xy[order], speed[order]
    start, end = stop_ranges(codes, t, xy[:, 0], xy[:, 1], params, pings.crs.is_geographic)
    return _stops_frame(start, end, codes, labels, t, xy, speed, params, pings.crs)


def stop_ranges(codes, t, x, y, params: StopParams, latlon: bool) -> tuple[np.ndarray, np.ndarray]:
    """First and last ping index of every stop, on arrays sorted by track code and time."""
    n = len(t)
    if n == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    new_seg = np.empty(n, bool)
    new_seg[0] = True
    new_seg[1:] = codes[1:] != codes[:-1]
    if params.max_gap is not None:
        new_seg[1:] |= np.diff(t) > params.max_gap.value
    if latlon:
        x = _unwrap_lon(x, new_seg)
    seg_first = np.flatnonzero(new_seg)
    starts, ends = [], []
    for lo, hi in _batches(seg_first, t, n, params.min_duration.value):
        s, e = _detect_batch(t[lo:hi], x[lo:hi], y[lo:hi], new_seg[lo:hi], params, latlon)
        starts.append(s + lo)
        ends.append(e + lo)
    return np.concatenate(starts), np.concatenate(ends)


def _unwrap_lon(lon: np.ndarray, new_seg: np.ndarray) -> np.ndarray:
    """Longitudes made continuous within each segment, so a track crossing 180° stays whole."""
    step = np.diff(lon)
    if not (np.abs(step) > 180).any():
        return lon
    step = (step + 180.0) % 360.0 - 180.0
    step[new_seg[1:]] = 0.0
    walked = np.concatenate([[0.0], np.cumsum(step)])
    first = np.maximum.accumulate(np.where(new_seg, np.arange(len(lon)), 0))
    return lon[first] + walked - walked[first]


def _batches(seg_first, t, n, min_dur_ns, max_points=2_000_000):
    """Runs of whole segments whose chained time axis fits in int64 and memory."""
    seg_end = np.append(seg_first[1:], n)
    span = t[seg_end - 1] - t[seg_first] + min_dur_ns + 1
    lo_seg = 0
    total = 0
    for i in range(len(seg_first)):
        size = seg_end[i] - seg_first[lo_seg]
        if i > lo_seg and (total + span[i] > _MAX_SPAN_NS or size > max_points):
            yield seg_first[lo_seg], seg_first[i]
            lo_seg, total = i, 0
        total += int(span[i])
    yield seg_first[lo_seg], n


def _window_extents(x, y, left, scale):
    """Extent of the window ``left[k]..k`` for every ``k`` (sparse table, level by level)."""
    n = len(x)
    length = np.arange(n) - left + 1
    level = np.floor(np.log2(length)).astype(np.int64)
    out = np.empty(n)
    tables = [x.copy(), x.copy(), y.copy(), y.copy()]  # min x, max x, min y, max y of 2**j pings
    j = 0
    while True:
        sel = np.flatnonzero(level == j)
        if len(sel):
            a = left[sel]
            b = sel - (1 << j) + 1
            mnx = np.minimum(tables[0][a], tables[0][b])
            mxx = np.maximum(tables[1][a], tables[1][b])
            mny = np.minimum(tables[2][a], tables[2][b])
            mxy = np.maximum(tables[3][a], tables[3][b])
            k = (None, None) if scale is None else (scale[0][sel], scale[1][sel])
            out[sel] = box_diagonal(mnx, mxx, mny, mxy, *k)
        if not (level > j).any():
            return out
        h = 1 << j
        for i, fn in enumerate((np.minimum, np.maximum, np.minimum, np.maximum)):
            tab = tables[i]
            tab[: n - h] = fn(tab[: n - h], tab[h:])
        j += 1


def _first_break(ext: Extent, f, k0, stop):
    """First index ``k > k0`` (below ``stop``) where pings ``f..k`` do not fit, or None.

    The box diagonal grows with ``k``: it brackets the break between the first ``k`` past
    ``low`` and the first past ``high``; the exact test runs ping by ping inside.
    """
    x, y = ext.x, ext.y
    mnx = mxx = mny = mxy = None
    pos, block = f, 256
    maybe = sure = None
    low = ext.low_at(f)
    while pos < stop and sure is None:
        hi = min(stop, pos + block)
        bx, by = x[pos:hi], y[pos:hi]
        cmnx, cmxx = np.minimum.accumulate(bx), np.maximum.accumulate(bx)
        cmny, cmxy = np.minimum.accumulate(by), np.maximum.accumulate(by)
        if mnx is not None:
            cmnx, cmxx = np.minimum(cmnx, mnx), np.maximum(cmxx, mxx)
            cmny, cmxy = np.minimum(cmny, mny), np.maximum(cmxy, mxy)
        box = ext.box(cmnx, cmxx, cmny, cmxy, f)
        box[: max(0, k0 + 1 - pos)] = 0.0
        if maybe is None:
            hit = np.flatnonzero(box >= low)
            maybe = pos + int(hit[0]) if len(hit) else None
        hit = np.flatnonzero(box >= ext.high)
        sure = pos + int(hit[0]) if len(hit) else None
        mnx, mxx, mny, mxy = cmnx[-1], cmxx[-1], cmny[-1], cmxy[-1]
        pos = hi
        block *= 4
    if maybe is None:
        return None
    # inside the bracket, ping by ping as MovingPandas does, on the hull points only; a ping
    # strictly inside the hull so far changes neither the rectangle nor the box: skip it
    end = stop if sure is None else sure
    pts = hull_candidates(x[f:maybe], y[f:maybe])
    box = [x[f:maybe].min(), x[f:maybe].max(), y[f:maybe].min(), y[f:maybe].max()]
    k = maybe
    while k < end:
        hull = convex_hull_ccw(pts)
        if hull is not None:
            pts = hull
            blk = min(end, k + 1024)
            outside = np.flatnonzero(~strictly_inside(hull, x[k:blk], y[k:blk]))
            if not len(outside):
                k = blk
                continue
            k += int(outside[0])
        px, py = x[k], y[k]
        box = [min(box[0], px), max(box[1], px), min(box[2], py), max(box[3], py)]
        pts = np.vstack([pts, [[px, py]]])
        if not ext.fits_points(pts, box, k - f + 1):
            return k
        k += 1
    return None if sure is None else sure


def _first_fit_from(ext: Extent, a: int, start: int, stop: int):
    """First ``k`` in ``start..stop-1`` where pings ``a..k`` fit, or None (the window only
    grows, so once its box passes ``high`` nothing later fits)."""
    x, y = ext.x, ext.y
    for k in range(start, stop):
        xs, ys = x[a : k + 1], y[a : k + 1]
        box = ext.box(xs.min(), xs.max(), ys.min(), ys.max(), a)
        if box >= ext.high:
            return None
        if box < ext.low_at(a) or ext.fits(a, k):
            return k
    return None


def _detect_batch(t, x, y, new_seg, params: StopParams, latlon: bool):
    n = len(t)
    min_dur = params.min_duration.value
    seg_id = np.cumsum(new_seg) - 1
    seg_first = np.flatnonzero(new_seg)
    seg_last = np.append(seg_first[1:], n) - 1
    first = seg_first[seg_id]
    # one increasing time axis across segments, so one searchsorted serves them all
    span = t[seg_last] - t[seg_first] + min_dur + 1
    offset = np.concatenate([[0], np.cumsum(span[:-1])])
    chained = t - t[seg_first][seg_id] + offset[seg_id]
    # moving state: window = pings of the last min_duration, at least two, within the segment
    recent = np.searchsorted(chained, chained - min_dur, side="right")
    left = np.maximum(first, np.minimum(recent, np.arange(n) - 1))
    left = np.maximum(left, 0)
    ext = Extent(x, y, params.max_diameter_m, latlon)
    box = _window_extents(x, y, left, ext.scale)
    two = np.arange(n) > first  # a window needs two pings
    sure = two & (box < ext.low)
    candidates = np.flatnonzero(two & (box < ext.high))

    starts, ends = [], []
    cur, floor_ = 0, -1  # next ping to examine; ping where the window restarted after a stop
    while cur < n:
        if floor_ >= 0 and left[cur] < floor_:
            # just after a stop the window starts at the restart ping until min_duration has passed
            region_end = int(np.searchsorted(left, floor_, side="left"))
            f = floor_
            k0 = _first_fit_from(ext, f, max(cur, f + 1), region_end)
            if k0 is None:
                cur, floor_ = max(region_end, cur), -1
                continue
        else:
            i = int(np.searchsorted(candidates, cur))
            if i == len(candidates):
                break
            k0 = int(candidates[i])
            f = int(left[k0])
            if not sure[k0] and not ext.fits(f, k0):
                cur = k0 + 1
                continue
        last = int(seg_last[seg_id[k0]])
        k1 = _first_break(ext, f, k0, last + 1)
        if k1 is None:
            if t[last] - t[f] >= min_dur:
                starts.append(f)
                ends.append(last)
            cur, floor_ = last + 1, -1
        elif t[k1 - 1] - t[f] >= min_dur:
            starts.append(f)
            ends.append(k1 - 1)
            cur, floor_ = k1 + 1, k1
        else:
            cur = k1 + 1
    return np.asarray(starts, np.int64), np.asarray(ends, np.int64)


def _stops_frame(start, end, codes, labels, t, xy, speed, params, crs) -> gpd.GeoDataFrame:
    n_stops = len(start)
    med = np.empty((n_stops, 2))
    med_speed = np.full(n_stops, np.nan)
    gap = np.zeros(n_stops)
    box = np.zeros((n_stops, 4))
    latlon = crs.is_geographic
    for i, (a, b) in enumerate(zip(start, end, strict=True)):
        block = xy[a : b + 1]
        if latlon:  # longitudes relative to the stop's first ping, so 180° does not split it
            block = block.copy()
            block[:, 0] = (block[:, 0] - block[0, 0] + 180.0) % 360.0 - 180.0 + block[0, 0]
        med[i] = np.median(block, axis=0)
        sog = speed[a : b + 1]
        if not np.isnan(sog).all():
            med_speed[i] = np.nanmedian(sog)
        if latlon:
            med[i, 0] = (med[i, 0] + 180.0) % 360.0 - 180.0
        gap[i] = np.diff(t[a : b + 1]).max() / 1e9 if b > a else 0.0
        box[i, :2], box[i, 2:] = block.min(axis=0), block.max(axis=0)
    k = scales((box[:, 1] + box[:, 3]) / 2) if latlon else (None, None)
    ext = box_diagonal(box[:, 0], box[:, 2], box[:, 1], box[:, 3], *k)
    track = pd.Index(labels).take(codes[start]) if n_stops else pd.Index([], dtype=object)
    t0 = pd.to_datetime(t[start]).as_unit("ns") if n_stops else pd.DatetimeIndex([], dtype="M8[ns]")
    t1 = pd.to_datetime(t[end]).as_unit("ns") if n_stops else pd.DatetimeIndex([], dtype="M8[ns]")
    frame = pd.DataFrame(
        {
            TRACK_ID: np.asarray(track),
            "stop_id": [f"{a}_{b:%Y-%m-%dT%H:%M:%S}" for a, b in zip(track, t0, strict=True)],
            "start_time": t0,
            "end_time": t1,
            "duration_s": (t[end] - t[start]) / 1e9,
            "n_pings": (end - start + 1).astype(np.int64),
            "max_gap_s": gap,
            "diameter_m": np.round(ext, 1),
            "median_speed_kn": med_speed,
        }
    )
    geometry = gpd.points_from_xy(med[:, 0], med[:, 1], crs=crs)
    out = gpd.GeoDataFrame(frame, geometry=geometry, crs=crs)
    out = out.sort_values([TRACK_ID, "start_time"], kind="stable", ignore_index=True)
    out.attrs["stop_params"] = params.describe()
    return out
