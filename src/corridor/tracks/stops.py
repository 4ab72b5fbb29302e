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

Cost is linear in pings whatever the stays, and close to the cost of reading the arrays: the
coordinates are read once (``shapely.get_x``/``get_y``, NaN for anything but a point, so no
separate type check), one compiled pass (numba, ``cache=True``) checks ids, times and positions,
finds where tracks and gaps start and makes longitudes continuous, and a second walks each track
once. That walk decides most windows from their bounding box alone: while stopped the window
only grows, so its box is a running one; while moving, a window whose first and last pings are
already too far apart needs no box, a short one is scanned, and a long one reads four monotonic
queues of running minima and maxima filled lazily. The rotated rectangle is built (from a hull
grown ping by ping while stopped) only for windows the box's bounds leave open
(:func:`corridor.tracks._extent.window_fits`). The first call in a fresh environment compiles
the kernels (several seconds, then cached on disk beside the modules).

Examples
--------
>>> import geopandas as gpd, pandas as pd
>>> times = pd.date_range("2023-05-01", periods=6, freq="30min")
>>> pings = gpd.GeoDataFrame(
...     {"track_id": "a", "time": times},
...     geometry=gpd.points_from_xy([0, 0, 10, 10, 10, 500], [0, 0, 0, 0, 5, 0]),
...     crs="EPSG:3857",
... )
>>> stops = detect_stops(pings, max_diameter_m=50, min_duration="1h")
>>> row = stops.iloc[0]
>>> str(row.start_time), str(row.end_time), float(row.duration_s), int(row.n_pings)
('2023-05-01 00:00:00', '2023-05-01 02:00:00', 7200.0, 5)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import geopandas as gpd
import numba
import numpy as np
import pandas as pd
import pyproj
import shapely

from corridor.tracks._extent import (
    FITS,
    NO_FIT,
    UNSURE,
    Extent,
    _box_verdict,
    _margin,
    box_diagonal,
    grow_hull,
    pair_too_far,
    rectangle_fits,
    scales,
    window_fits,
)
from corridor.tracks.table import SPEED, TIME, TRACK_ID

#: Columns of the stops table, in order (plus ``geometry``, the median position of the stop).
STOP_COLUMNS = [
    TRACK_ID, "stop_id", "start_time", "end_time", "duration_s", "n_pings", "max_gap_s",
    "diameter_m", "median_speed_kn",
]  # fmt: skip


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
    pings : GeoDataFrame or DataFrame
        Point geometry with columns ``track_id`` and ``time`` (naive UTC datetimes), as returned by
        :mod:`corridor.tracks.io`. Need not be sorted. Lon/lat CRS: distances in metres; projected
        CRS: CRS units. Or a plain DataFrame with ``lon``/``lat`` columns in degrees (EPSG:4326),
        such as a track file's :attr:`~corridor.tracks.io.TrackData.table`: its coordinates are
        read as they are, with no geometry built.
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
    return _detect(pings, StopParams.of(max_diameter_m, min_duration, max_gap))


def _detect(pings: gpd.GeoDataFrame, params: StopParams, stages: dict | None = None, clock=None):
    """:func:`detect_stops`; with a dict ``stages``, adds the seconds spent in each stage to it
    (by ``clock``, ``time.perf_counter`` by default)."""
    clock = _Clock(stages, clock or time.perf_counter)
    missing = [c for c in (TRACK_ID, TIME) if c not in pings.columns]
    if missing:
        raise ValueError(f"pings lack column(s) {missing}; expected {TRACK_ID!r} and {TIME!r}")
    table = not isinstance(pings, gpd.GeoDataFrame)
    if table and not {"lon", "lat"} <= set(pings.columns):
        raise ValueError("pings need point geometry (a GeoDataFrame) or lon and lat columns")
    crs = pyproj.CRS.from_epsg(4326) if table else pings.crs
    if crs is None:
        raise ValueError("pings have no CRS; set EPSG:4326 for lon/lat")
    latlon = bool(crs.is_geographic)
    codes, labels = _track_codes(pings[TRACK_ID])
    clock("track ids")
    t = pings[TIME].to_numpy(dtype="datetime64[ns]").view("int64")
    speed = pings[SPEED].to_numpy(float) if SPEED in pings.columns else None
    if table:
        x, y = pings["lon"].to_numpy(float), pings["lat"].to_numpy(float)
        geoms = None
    else:
        geoms = pings.geometry.values
        x, y = _positions(geoms)
    clock("coordinates")
    gap = -1 if params.max_gap is None else params.max_gap.value
    prep = _Prepared(codes, t, x, y, gap, latlon)
    if prep.problem:
        raise _refusal(prep.problem, codes, t, x, y, geoms)
    if not prep.ordered:  # tracks not contiguous or not in time order
        order = np.lexsort((t, codes))
        codes, t, x, y = codes[order], t[order], x[order], y[order]
        speed = None if speed is None else speed[order]
        prep = _Prepared(codes, t, x, y, gap, latlon)
    clock("prepare")
    start, end, _ = prep.ranges(t, y, params, latlon)
    clock("detect")
    out = _stops_frame(start, end, codes, labels, t, x, y, speed, params, crs)
    clock("stops table")
    return out


class _Clock:
    """Seconds since the previous call, added to ``stages[name]`` (nothing when ``stages`` is None)."""

    def __init__(self, stages: dict | None, now):
        self.stages, self.now = stages, now
        self.last = now() if stages is not None else 0.0

    def __call__(self, name: str) -> None:
        if self.stages is not None:
            now = self.now()
            self.stages[name] = self.stages.get(name, 0.0) + now - self.last
            self.last = now


def _track_codes(ids: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """An integer code per ping (-1 where the id is missing) and the id of every code."""
    if isinstance(ids.dtype, pd.CategoricalDtype):
        return ids.cat.codes.to_numpy().astype(np.int64, copy=False), ids.cat.categories
    codes, labels = pd.factorize(ids, sort=False)
    return codes.astype(np.int64, copy=False), pd.Index(labels)


def _positions(geoms) -> tuple[np.ndarray, np.ndarray]:
    """x and y of every point: NaN for anything but a point (:func:`_refusal` says which)."""
    try:
        return shapely.get_x(geoms), shapely.get_y(geoms)
    except shapely.errors.GEOSException:  # GEOS refuses the coordinates of an empty point
        x, y = np.full(len(geoms), np.nan), np.full(len(geoms), np.nan)
        some = ~shapely.is_empty(geoms)
        x[some], y[some] = shapely.get_x(geoms[some]), shapely.get_y(geoms[some])
        raise _refusal(_NO_POSITION, None, None, x, y, geoms) from None


def _refusal(problem: int, codes, t, x, y, geoms) -> ValueError:
    """The error a :class:`_Prepared` pass found, naming the first rows concerned."""
    if problem == _NO_TRACK:
        rows = np.flatnonzero(codes < 0)[:5].tolist()
        return ValueError(f"pings have no {TRACK_ID} at positions {rows}...; drop or fix them first")
    if problem == _NO_TIME:
        rows = np.flatnonzero(t == np.iinfo(np.int64).min)[:5].tolist()
        return ValueError(f"pings have no time at positions {rows}...; drop or fix them first")
    if geoms is not None and not (shapely.get_type_id(geoms) == 0).all():
        return ValueError("pings must be Point geometries")
    rows = np.flatnonzero(np.isnan(x) | np.isnan(y))[:5].tolist()
    return ValueError(f"pings have no position at positions {rows}...; drop or fix them first")


_NO_TRACK, _NO_TIME, _NO_POSITION = 1, 2, 3


@numba.njit(cache=True, nogil=True)
def _prepare(codes, t, x, y, gap, latlon, new_seg, xu):
    """One pass over the pings: segment starts into ``new_seg``, longitudes made continuous within
    each segment into ``xu`` (a whole number of turns added, so a track crossing 180° stays whole
    and any other keeps its coordinates exactly), and checks.

    Returns (problem: 0 or the first of ``_NO_TRACK``, ``_NO_TIME``, ``_NO_POSITION`` found,
    whether the pings are grouped by track in increasing code and time order, longest segment).
    """
    n = len(t)
    nat = np.iinfo(np.int64).min
    no_track, no_time, no_position = False, False, False
    ordered = True
    longest, first = 0, 0
    turns = 0.0
    for k in range(n):
        c, tk, xk = codes[k], t[k], x[k]
        no_track |= c < 0
        no_time |= tk == nat
        no_position |= np.isnan(xk) or np.isnan(y[k])
        if k == 0:
            cut = True
        else:
            dc = c - codes[k - 1]
            dt = tk - t[k - 1]
            if dc < 0 or (dc == 0 and dt < 0):
                ordered = False
            cut = dc != 0 or (gap >= 0 and dt > gap)
        new_seg[k] = cut
        if cut:
            longest = max(longest, k - first)
            first = k
            turns = 0.0
        elif latlon:
            step = xk - x[k - 1]
            if step > 180.0:
                turns -= 360.0
            elif step < -180.0:
                turns += 360.0
        xu[k] = xk + turns if turns != 0.0 else xk
    longest = max(longest, n - first)
    problem = 0
    if no_position:
        problem = _NO_POSITION
    if no_time:
        problem = _NO_TIME
    if no_track:
        problem = _NO_TRACK
    return problem, ordered, longest


class _Prepared:
    """Pings checked and cut into segments by :func:`_prepare`, ready for :func:`_scan`."""

    def __init__(self, codes, t, x, y, gap: int, latlon: bool):
        n = len(t)
        self.new_seg = np.empty(n, np.bool_)
        self.x = np.empty(n)
        if n == 0:
            self.problem, self.ordered, self.longest = 0, True, 0
            return
        x = np.ascontiguousarray(x, dtype=np.float64)
        y = np.ascontiguousarray(y, dtype=np.float64)
        codes = np.ascontiguousarray(codes, dtype=np.int64)
        t = np.ascontiguousarray(t, dtype=np.int64)
        self.problem, self.ordered, self.longest = _prepare(
            codes, t, x, y, np.int64(gap), latlon, self.new_seg, self.x
        )

    def ranges(self, t, y, params: StopParams, latlon: bool):
        """First and last ping of every stop, and the number of windows decided in Python."""
        n = len(t)
        if n == 0:
            return np.empty(0, np.int64), np.empty(0, np.int64), 0
        x, y = self.x, np.ascontiguousarray(y, dtype=np.float64)
        t = np.ascontiguousarray(t, dtype=np.int64)
        queues = np.empty((4, self.longest + 1), np.int64)
        scratch = np.empty((4, self.longest + 2))
        starts = np.empty(n // 2 + 1, np.int64)
        ends = np.empty(n // 2 + 1, np.int64)
        state = np.array([0, 0, 0, 0, -1, 0, 0, 0], np.int64)
        args = (t, x, y, self.new_seg, params.min_duration.value, params.max_diameter_m, latlon)
        exact, unsure = None, 0
        while _scan(*args, starts, ends, state, queues, scratch):
            exact = exact or Extent(x, y, params.max_diameter_m, latlon)
            state[4], state[5] = state[0], int(exact.fits(int(state[6]), int(state[7])))
            unsure += 1
        k = int(state[3])
        return starts[:k].copy(), ends[:k].copy(), unsure


def _ranges(codes, t, x, y, params: StopParams, latlon: bool):
    """First and last ping index of every stop, on arrays sorted by track code and time, and the
    number of windows decided in Python (see ``_extent``)."""
    gap = -1 if params.max_gap is None else params.max_gap.value
    return _Prepared(codes, t, x, y, gap, latlon).ranges(t, y, params, latlon)


@numba.njit(cache=True, nogil=True)
def _box(x, y, a, b):
    """Bounding box of pings ``a..b``."""
    mnx = mxx = x[a]
    mny = mxy = y[a]
    for i in range(a + 1, b + 1):
        mnx, mxx = min(mnx, x[i]), max(mxx, x[i])
        mny, mxy = min(mny, y[i]), max(mxy, y[i])
    return mnx, mxx, mny, mxy


_SHORT = 24  # windows of up to this many pings get their box by a direct scan


@numba.njit(cache=True, nogil=True)
def _scan(t, x, y, new_seg, min_dur, diameter, latlon, starts, ends, state, q, scratch):
    """MovingPandas' stop detector over all segments in one pass, from the ping in ``state``.

    ``state`` holds the ping to resume at, the window's first ping, whether the previous ping
    was stopped, the number of stops written, a decision forced for one ping (ping, verdict),
    and on return 1 the window whose extent must be decided in Python. Returns 0 when done.

    The window's bounding box: while stopped the window only grows, so a running box; while
    moving, a window whose first and last pings are already too far apart
    (:func:`corridor.tracks._extent.pair_too_far`) needs none, a short one is scanned, and a
    long one comes from four monotonic queues (running minima and maxima of x and y) filled
    lazily with the pings the window gained since they were last used.
    """
    n = len(t)
    k, f, stopped, n_out = state[0], state[1], state[2] == 1, state[3]
    forced_k, forced = state[4], state[5]
    qa, qb, qc, qd = q[0], q[1], q[2], q[3]  # min x, max x, min y, max y
    ha = hb = hc = hd = 0  # heads
    ta = tb = tc = td = 0  # tails
    r = -1  # the queues hold pings of the window up to r - 1; r is the next ping to push
    px, py, hx, hy = scratch[0], scratch[1], scratch[2], scratch[3]
    hull = -1  # vertices in hx, hy of the hull of pings f..k-1 (relative to ping f), -1 if unknown
    far = 1.5 * diameter * (1.0 + 1e-3)
    mnx = mxx = mny = mxy = 0.0
    bnx = bxx = bny = bxy = 0.0  # while stopped: the box of pings f..k-1
    if stopped and k > f:
        bnx, bxx, bny, bxy = _box(x, y, f, k - 1)
    while k < n:
        if not stopped:  # moving: keep the pings of the last min_duration, at least two
            while k - f + 1 > 2 and t[k] - t[f] >= min_dur:
                f += 1
        is_stopped = False
        if k - f + 1 > 1:
            grown = -1  # vertices of the grown hull, 0 if it holds ping k, -1 if not grown
            boxed = False  # whether mnx, mxx, mny, mxy hold the box of pings f..k
            if stopped:  # the window grows by ping k: so does its box
                bnx, bxx = min(bnx, x[k]), max(bxx, x[k])
                bny, bxy = min(bny, y[k]), max(bxy, y[k])
            if k == forced_k:
                verdict, hull = forced, -1
            elif not stopped and pair_too_far(x[f], y[f], x[k], y[k], far, latlon):
                verdict, hull = NO_FIT, -1
            else:
                if stopped and hull > 0:  # grow the hull too, unless ping k lies strictly inside
                    qx, qy = x[k] - x[f], y[k] - y[f]
                    grown = 0 if hull >= 3 else 1
                    for i in range(hull):
                        j = i + 1 if i + 1 < hull else 0
                        if (hx[j] - hx[i]) * (qy - hy[i]) - (hy[j] - hy[i]) * (qx - hx[i]) <= 0.0:
                            grown = 1
                            break
                    if grown:
                        grown = grow_hull(hx, hy, hull, qx, qy, px, py)
                if grown == 0:  # strictly inside: same rectangle, same box, still stopped
                    verdict = FITS
                else:
                    if grown > 0:
                        hull = grown
                    if stopped:
                        mnx, mxx, mny, mxy = bnx, bxx, bny, bxy
                    elif k - f < _SHORT:  # a short window: scan it
                        mnx = mxx = x[f]
                        mny = mxy = y[f]
                        for i in range(f + 1, k + 1):
                            mnx, mxx = min(mnx, x[i]), max(mxx, x[i])
                            mny, mxy = min(mny, y[i]), max(mxy, y[i])
                    else:
                        if r < f:  # every queued ping left the window: start afresh at f
                            ha = hb = hc = hd = ta = tb = tc = td = 0
                            r = f
                        while r <= k:  # push ping r on each queue
                            v, w = x[r], y[r]
                            while ta > ha and x[qa[ta - 1]] >= v:
                                ta -= 1
                            qa[ta] = r
                            ta += 1
                            while tb > hb and x[qb[tb - 1]] <= v:
                                tb -= 1
                            qb[tb] = r
                            tb += 1
                            while tc > hc and y[qc[tc - 1]] >= w:
                                tc -= 1
                            qc[tc] = r
                            tc += 1
                            while td > hd and y[qd[td - 1]] <= w:
                                td -= 1
                            qd[td] = r
                            td += 1
                            r += 1
                        while qa[ha] < f:
                            ha += 1
                        while qb[hb] < f:
                            hb += 1
                        while qc[hc] < f:
                            hc += 1
                        while qd[hd] < f:
                            hd += 1
                        mnx, mxx, mny, mxy = x[qa[ha]], x[qb[hb]], y[qc[hc]], y[qd[hd]]
                    boxed = True
                    if grown > 0:  # the window grew by one ping outside its hull
                        verdict = _box_verdict(
                            x[f], y[f], x[k], y[k], k - f == 1, mnx, mxx, mny, mxy, diameter, latlon
                        )
                        if verdict == 2:
                            margin = _margin(diameter, latlon, mnx, mxx, mny, mxy)
                            verdict = rectangle_fits(
                                hx, hy, hull, x[f], y[f], diameter, latlon, margin, px
                            )
                    else:  # the box alone decides most windows: a small call the compiler inlines
                        verdict = _box_verdict(
                            x[f], y[f], x[k], y[k], k - f == 1, mnx, mxx, mny, mxy, diameter, latlon
                        )
                        hull = -1
                        if verdict == 2:
                            verdict, hull = window_fits(
                                x, y, f, k, mnx, mxx, mny, mxy, diameter, latlon, px, py, hx, hy
                            )
            if verdict == UNSURE:
                state[0], state[1], state[2], state[3] = k, f, int(stopped), n_out
                state[6], state[7] = f, k
                return 1
            is_stopped = verdict == FITS
            if is_stopped and not stopped:  # the box of the window that stopped, from now on
                if boxed:
                    bnx, bxx, bny, bxy = mnx, mxx, mny, mxy
                else:
                    bnx, bxx, bny, bxy = _box(x, y, f, k)
                r = -1  # the queues are not kept while stopped
            if not is_stopped:
                hull = -1
            if not is_stopped and stopped and t[k - 1] - t[f] >= min_dur:
                starts[n_out], ends[n_out] = f, k - 1
                n_out += 1
                f = k
        stopped = is_stopped
        if k + 1 == n or new_seg[k + 1]:  # end of the segment
            if stopped and t[k] - t[f] >= min_dur:
                starts[n_out], ends[n_out] = f, k
                n_out += 1
            f, stopped, hull = k + 1, False, -1
            r = -1  # the next segment starts with empty queues
        k += 1
    state[0], state[1], state[3] = n, n, n_out
    return 0


@numba.njit(cache=True, nogil=True, inline="always")
def _select(v, k, lo, hi):
    """Put the ``k``-th smallest of ``v[lo:hi + 1]`` at ``v[k]`` (quickselect, in place, with
    branch-free three-way partitions: below the pivot, equal to it, above it)."""
    while hi > lo:
        a, b, c = v[lo], v[(lo + hi) >> 1], v[hi]
        pivot = max(min(a, b), min(max(a, b), c))  # median of three, a value of the range
        i = lo
        for j in range(lo, hi + 1):  # values under the pivot to the front
            w = v[j]
            v[j] = v[i]
            v[i] = w
            i += w < pivot
        m = i
        for j in range(i, hi + 1):  # then values equal to it
            w = v[j]
            v[j] = v[m]
            v[m] = w
            m += w == pivot
        if k < i:
            hi = i - 1
        elif k >= m:
            lo = m
        else:
            return


@numba.njit(cache=True, nogil=True, inline="always")
def _median(v, n):
    """Median of ``v[:n]`` (``n`` > 0) as numpy computes it; reorders ``v``."""
    half = n >> 1
    _select(v, half, 0, n - 1)
    if n & 1:
        return v[half]
    upper = v[half]
    lower = v[0]
    for i in range(1, half):  # the largest of the lower half
        lower = max(lower, v[i])
    return (lower + upper) / 2


@numba.njit(cache=True, nogil=True)
def _stop_stats(start, end, t, x, y, speed, latlon):
    """Median position and speed, longest silence and bounding box of every stop, in one pass
    over each stop's pings."""
    m = len(start)
    out = np.empty((m, 8))  # median x, median y, median speed, max gap (s), box
    longest = 0
    for i in range(m):
        longest = max(longest, end[i] - start[i] + 1)
    bx, by, bs = np.empty(longest), np.empty(longest), np.empty(longest)
    has_speed = len(speed) > 0
    for i in range(m):
        a, n = start[i], end[i] - start[i] + 1
        x0 = x[a]
        gap = 0
        ns = 0
        mnx, mxx, mny, mxy = np.inf, -np.inf, np.inf, -np.inf
        for j in range(n):
            v = x[a + j]
            if latlon:  # relative to the stop's first ping, so 180° does not split it
                d = v - x0 + 180.0
                if not 0.0 <= d < 360.0:
                    d = d % 360.0
                v = d - 180.0 + x0
            bx[j] = v
            w = y[a + j]
            by[j] = w
            mnx, mxx = min(mnx, v), max(mxx, v)
            mny, mxy = min(mny, w), max(mxy, w)
            if j > 0:
                gap = max(gap, t[a + j] - t[a + j - 1])
            if has_speed and not np.isnan(speed[a + j]):
                bs[ns] = speed[a + j]
                ns += 1
        mx = _median(bx, n)
        out[i, 0] = (mx + 180.0) % 360.0 - 180.0 if latlon else mx
        out[i, 1] = _median(by, n)
        out[i, 2] = _median(bs, ns) if ns > 0 else np.nan
        out[i, 3] = gap / 1e9
        out[i, 4], out[i, 5], out[i, 6], out[i, 7] = mnx, mxx, mny, mxy
    return out


def _stops_frame(start, end, codes, labels, t, x, y, speed, params, crs) -> gpd.GeoDataFrame:
    n_stops = len(start)
    latlon = crs.is_geographic
    speed = np.empty(0) if speed is None else np.ascontiguousarray(speed, dtype=np.float64)
    stats = _stop_stats(start, end, t, x, y, speed, latlon)
    med, med_speed, gap, box = stats[:, :2], stats[:, 2], stats[:, 3], stats[:, 4:]
    k = scales((box[:, 2] + box[:, 3]) / 2) if latlon else (None, None)
    ext = box_diagonal(box[:, 0], box[:, 1], box[:, 2], box[:, 3], *k)
    track = labels.take(codes[start]) if n_stops else pd.Index([], dtype=object)
    frame = pd.DataFrame(
        {
            TRACK_ID: np.asarray(track),
            "stop_id": _stop_ids(track, t[start]),
            "start_time": t[start].view("datetime64[ns]"),
            "end_time": t[end].view("datetime64[ns]"),
            "duration_s": (t[end] - t[start]) / 1e9,
            "n_pings": (end - start + 1).astype(np.int64),
            "max_gap_s": gap,
            "diameter_m": np.round(ext, 1),
            "median_speed_kn": med_speed,
        }
    )
    geometry = gpd.points_from_xy(med[:, 0], med[:, 1], crs=crs)
    out = gpd.GeoDataFrame(frame, geometry=geometry, crs=crs)
    if not _increasing(track):  # else already by track (code order) and start time
        out = out.sort_values([TRACK_ID, "start_time"], kind="stable", ignore_index=True)
    out.attrs["stop_params"] = params.describe()
    return out


def _increasing(labels: pd.Index) -> bool:
    """Whether the stops' track ids never decrease (comparing ids of one type)."""
    try:
        return bool(labels.is_monotonic_increasing)
    except TypeError:
        return False


def _stop_ids(track: pd.Index, t0: np.ndarray) -> np.ndarray:
    """``<track_id>_<start time to the second>`` for every stop."""
    when = np.datetime_as_string(t0.view("datetime64[ns]").astype("datetime64[s]"), unit="s")
    return np.char.add(np.char.add(np.asarray(track, dtype=str), "_"), when).astype(object)
