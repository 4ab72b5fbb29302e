import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from corridor.testing.tracks import fleet
from corridor.tracks.stops import STOP_COLUMNS, StopParams, detect_stops

#: Ports of the example case the synthetic fleet sails between.
PORTS = ("rajin", "chongjin", "hungnam", "wonsan", "nampo", "dunai", "vladivostok_port",
         "vostochny_port")  # fmt: skip


def _pings(xs, minutes, crs="EPSG:3857", track="a", ys=None):
    times = pd.Timestamp("2025-05-01") + pd.to_timedelta(minutes, unit="min")
    ys = np.zeros(len(xs)) if ys is None else ys
    return gpd.GeoDataFrame(
        {"track_id": track, "time": times.astype("datetime64[ns]")},
        geometry=gpd.points_from_xy(xs, ys),
        crs=crs,
    )


def _movingpandas_stops(pings, diameter, duration):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import movingpandas as mpd

        collection = mpd.TrajectoryCollection(pings, "track_id", t="time")
        found = mpd.TrajectoryStopDetector(collection).get_stop_points(
            max_diameter=diameter, min_duration=pd.Timedelta(duration)
        )
    if found.empty:
        return []
    return sorted(
        zip(found["traj_id"].astype(str), found["start_time"], found["end_time"], strict=True)
    )


def _ours(pings, diameter, duration, **kw):
    found = detect_stops(pings, diameter, duration, **kw)
    return sorted(zip(found["track_id"], found["start_time"], found["end_time"], strict=True))


def test_one_stop_exact():
    # pings every 30 min; stays at x=0..10 for 2 h, then leaves
    pings = _pings([0, 0, 10, 10, 10, 500, 1000], [0, 30, 60, 90, 120, 150, 180])
    stops = detect_stops(pings, max_diameter_m=50, min_duration="1h")
    assert list(stops.columns) == STOP_COLUMNS + ["geometry"]
    row = stops.iloc[0]
    assert len(stops) == 1
    assert (row.start_time, row.end_time) == (
        pd.Timestamp("2025-05-01 00:00"),
        pd.Timestamp("2025-05-01 02:00"),
    )
    assert (row.duration_s, row.n_pings, row.max_gap_s, row.diameter_m) == (7200.0, 5, 1800.0, 10.0)
    assert (row.geometry.x, row.geometry.y) == (10.0, 0.0)  # median position
    assert row.stop_id == "a_2025-05-01T00:00:00"
    assert stops.crs == pings.crs


def test_short_pause_is_not_a_stop_and_stop_at_track_end_is():
    xs = [0, 100, 200, 200, 200, 300, 400, 500, 500, 500, 500, 500]
    pings = _pings(xs, np.arange(len(xs)) * 20)
    found = _ours(pings, 50, "1h")
    # the pause at x=200 lasts 40 min; the stay at x=500 lasts 80 min and ends the track
    assert found == [("a", pd.Timestamp("2025-05-01 02:20"), pd.Timestamp("2025-05-01 03:40"))]


def test_gap_cuts_a_stop_only_when_asked():
    # same place before and after a 6 h silence
    pings = _pings([0, 0, 0, 0, 0, 0], [0, 30, 60, 420, 450, 480])
    assert len(detect_stops(pings, 50, "1h")) == 1
    assert detect_stops(pings, 50, "1h")["max_gap_s"].iloc[0] == 6 * 3600
    cut = detect_stops(pings, 50, "1h", max_gap="2h")
    assert list(cut["n_pings"]) == [3, 3]
    assert cut["max_gap_s"].max() == 1800


def test_tracks_are_kept_apart_and_input_order_does_not_matter():
    a = _pings([0, 0, 0, 0], [0, 30, 60, 90], track="a")
    b = _pings([900, 0, 0, 0], [0, 30, 60, 90], track="b")
    both = pd.concat([a, b]).sample(frac=1, random_state=3)
    found = detect_stops(gpd.GeoDataFrame(both, crs=a.crs), 50, "1h")
    assert list(found["track_id"]) == ["a", "b"]
    assert list(found["n_pings"]) == [4, 3]


def test_bad_parameters_and_input():
    pings = _pings([0, 0], [0, 30])
    with pytest.raises(ValueError, match="max_diameter_m must be > 0"):
        detect_stops(pings, 0, "1h")
    with pytest.raises(ValueError, match="min_duration must be positive"):
        detect_stops(pings, 10, "0s")
    with pytest.raises(ValueError, match="lack column"):
        detect_stops(pings.drop(columns="time"), 10, "1h")
    assert detect_stops(pings.iloc[:0], 10, "1h").empty
    with pytest.raises(ValueError, match="no time at positions"):
        detect_stops(pings.assign(time=pd.NaT), 10, "1h")
    with pytest.raises(ValueError, match=r"no track_id at positions \[1\]"):
        detect_stops(pings.assign(track_id=["a", None]), 10, "1h")
    line = gpd.GeoSeries([shapely.LineString([(0, 0), (1, 1)]), shapely.Point(0, 0)], crs=pings.crs)
    with pytest.raises(ValueError, match="must be Point geometries"):
        detect_stops(pings.set_geometry(line), 10, "1h")
    with pytest.raises(ValueError, match="must be Point geometries"):
        detect_stops(pings.set_geometry(gpd.GeoSeries([None, shapely.Point(0, 0)])), 10, "1h")
    empty = gpd.GeoSeries([shapely.Point(0, 0), shapely.Point()], crs=pings.crs)
    with pytest.raises(ValueError, match=r"no position at positions \[1\]"):
        detect_stops(pings.set_geometry(empty), 10, "1h")
    assert (
        StopParams.of(250, "3h", "6h").describe()
        == "max_diameter_m=250; min_duration=3h; max_gap=6h"
    )


@pytest.mark.parametrize("seed", range(6))
def test_same_stops_as_movingpandas_on_2d_random_walks(seed):
    # points scattered in the plane, many windows near the threshold: the rotated rectangle decides
    rng = np.random.default_rng(100 + seed)
    tracks = []
    for k in range(3):
        n = 250
        step = np.where(rng.random(n // 5) < 0.5, 0.0, rng.uniform(0, 80, n // 5)).repeat(5)
        heading = rng.uniform(0, 2 * np.pi, n // 5).repeat(5)
        xs = np.cumsum(step * np.cos(heading)) + rng.normal(0, 8, n)
        ys = np.cumsum(step * np.sin(heading)) + rng.normal(0, 8, n)
        minutes = np.cumsum(rng.integers(1, 15, n))
        tracks.append(_pings(xs, minutes, track=f"t{k}", ys=ys))
    pings = gpd.GeoDataFrame(pd.concat(tracks, ignore_index=True), crs="EPSG:3857")
    expected = _movingpandas_stops(pings, 60, "30min")
    assert expected, "the random walks should contain stops"
    assert _ours(pings, 60, "30min") == expected


@pytest.mark.parametrize("seed", range(4))
def test_same_stops_as_movingpandas_on_random_walks(seed):
    # collinear pings: the minimum rotated rectangle and the bounding box then have the same
    # diagonal, so every stop must match MovingPandas to the ping
    rng = np.random.default_rng(seed)
    tracks = []
    for k in range(3):
        n = 300
        step = np.where(rng.random(n) < 0.5, 0.0, rng.uniform(0, 120, n))
        step = np.repeat(step[::6], 6)[:n] + rng.normal(0, 3, n)  # pauses and runs of 6 pings
        minutes = np.cumsum(rng.integers(1, 20, n))
        tracks.append(_pings(np.cumsum(step), minutes, track=f"t{k}"))
    pings = gpd.GeoDataFrame(pd.concat(tracks, ignore_index=True), crs="EPSG:3857")
    expected = _movingpandas_stops(pings, 60, "40min")
    assert expected, "the random walks should contain stops"
    assert _ours(pings, 60, "40min") == expected


def test_agrees_with_movingpandas_on_synthetic_voyages_in_lon_lat():
    pings, truth = fleet(3, 1200, seed=7, ports=PORTS, start="2025-05-01")
    ours = _ours(pings, 500, "2h")
    theirs = _movingpandas_stops(pings, 500, "2h")
    assert len(ours) == len(theirs) == 4
    times = pings.set_index(["track_id", "time"]).index
    for (ta, s0, e0), (tb, s1, e1) in zip(ours, theirs, strict=True):
        assert ta == tb
        track_times = pings.loc[pings["track_id"] == ta, "time"].to_numpy()
        for mine, ref in ((s0, s1), (e0, e1)):
            i, j = np.searchsorted(track_times, [mine.to_datetime64(), ref.to_datetime64()])
            assert abs(i - j) <= 1, (ta, mine, ref)
    assert len(times) == 3600
    # and every stay of the itinerary that lasts to the end of the track or more than 2 h is found
    found = detect_stops(pings, 500, "2h")
    for stay in truth.itertuples():
        hit = found[
            (found["track_id"] == stay.track_id)
            & (found["start_time"] <= stay.arrival + pd.Timedelta("5min"))
        ]
        assert (hit["end_time"] >= stay.arrival).any()


def test_antimeridian_track_is_one_stop():
    pings = _pings(
        [179.9995, -179.9995, 179.9995, -179.9995],
        [0, 30, 60, 90],
        crs="EPSG:4326",
        ys=np.full(4, 60.0),
    )
    stops = detect_stops(pings, 200, "1h")
    assert len(stops) == 1 and stops["diameter_m"].iloc[0] < 200


def test_stop_statistics_take_numpys_medians():
    # the compiled quickselect gives numpy's median exactly: odd and even counts, repeated values
    from corridor.tracks.stops import _stop_stats

    rng = np.random.default_rng(7)
    for n in (1, 2, 3, 4, 7, 10, 31, 64, 257):
        for y in (
            rng.normal(size=n),
            rng.integers(0, 3, n).astype(float),
            np.sort(rng.normal(size=n)),
        ):
            t = np.arange(n, dtype=np.int64) * 10**9
            speed = np.where(rng.random(n) < 0.3, np.nan, rng.normal(size=n))
            out = _stop_stats(np.array([0]), np.array([n - 1]), t, -y, y, speed, False)
            assert out[0, 0] == np.median(-y) and out[0, 1] == np.median(y)
            if np.isnan(speed).all():
                assert np.isnan(out[0, 2])
            else:
                assert out[0, 2] == np.nanmedian(speed)


def test_a_pings_table_with_lon_lat_gives_the_stops_of_its_geodataframe():
    from corridor.testing.tracks import synthetic_tracks

    pings = synthetic_tracks("irregular", 20_000, 5, seed=7)
    table = pd.DataFrame(pings.drop(columns="geometry")).assign(
        lon=pings.geometry.x, lat=pings.geometry.y
    )
    want = detect_stops(pings, 400, "30min")
    got = detect_stops(table, 400, "30min")
    assert len(want) > 0
    pd.testing.assert_frame_equal(pd.DataFrame(got), pd.DataFrame(want))
    assert got.crs == want.crs
    with pytest.raises(ValueError, match="point geometry .* or lon and lat columns"):
        detect_stops(table.drop(columns="lat"), 400, "30min")
    bad = table.copy()
    bad.loc[3, "lat"] = np.nan
    with pytest.raises(ValueError, match=r"no position at positions \[3\]"):
        detect_stops(bad, 400, "30min")
