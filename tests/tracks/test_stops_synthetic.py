"""The compiled detector against MovingPandas on every synthetic distribution, and the builders."""

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from corridor.testing.tracks import TRACK_FAMILIES, synthetic_tracks
from corridor.tracks.stops import StopParams, _ranges, detect_stops

DATA = Path(__file__).resolve().parents[1] / "data"


def _movingpandas(pings, diameter, duration):
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


def _ours(pings, diameter, duration):
    found = detect_stops(pings, diameter, duration)
    return sorted(zip(found["track_id"], found["start_time"], found["end_time"], strict=True))


@pytest.mark.parametrize("kind", sorted(TRACK_FAMILIES))
@pytest.mark.parametrize("seed", [1, 2])
def test_same_stops_as_movingpandas_in_lon_lat(kind, seed):
    k = TRACK_FAMILIES[kind]
    n, tracks = (24_000, 2) if kind == "aircraft" else (6000, 3)  # aircraft ping every 5 s
    pings = synthetic_tracks(kind, n, tracks, seed=seed)
    expected = _movingpandas(pings, k.max_diameter_m, k.min_duration)
    assert len(expected) >= 2, "the distribution should contain stops"
    assert _ours(pings, k.max_diameter_m, k.min_duration) == expected


@pytest.mark.parametrize("kind", ["walks", "irregular"])
def test_same_stops_as_movingpandas_in_metres(kind):
    k = TRACK_FAMILIES[kind]
    pings = synthetic_tracks(kind, 6000, 3, seed=5).to_crs("EPSG:3857")
    # Web Mercator metres are stretched away from the equator: thresholds in those units
    expected = _movingpandas(pings, 2 * k.max_diameter_m, k.min_duration)
    assert len(expected) >= 2
    assert _ours(pings, 2 * k.max_diameter_m, k.min_duration) == expected


def test_windows_on_the_threshold_are_decided_as_movingpandas_does():
    # a 30 x 40 rectangle of pings has a diagonal of exactly 50: not under 50, so no stop,
    # and 1 m less gives one; the compiled test is unsure and hands both to shapely
    xs, ys = [0, 30, 30, 0, 0, 30, 30, 0], [0, 0, 40, 40, 0, 0, 40, 40]
    times = pd.Timestamp("2025-05-01") + pd.to_timedelta(np.arange(8) * 10, unit="min")
    pings = gpd.GeoDataFrame(
        {"track_id": "sq", "time": times}, geometry=gpd.points_from_xy(xs, ys), crs="EPSG:3857"
    )
    for diameter, stops in ((50, 0), (50.000001, 1)):
        assert _ours(pings, diameter, "30min") == _movingpandas(pings, diameter, "30min")
        assert len(_ours(pings, diameter, "30min")) == stops
    t = pings["time"].to_numpy().view("int64")
    *_, unsure = _ranges(np.zeros(8, np.int64), t, np.array(xs, float), np.array(ys, float),
                         StopParams.of(50, "30min"), False)  # fmt: skip
    assert unsure > 0


def test_synthetic_tracks_are_exact_in_size_and_reproducible():
    a = synthetic_tracks("aircraft", 1001, 10, seed=3)
    assert len(a) == 1001 and a["track_id"].nunique() == 10
    assert a["track_id"].value_counts().max() == 101
    pd.testing.assert_frame_equal(a, synthetic_tracks("aircraft", 1001, 10, seed=3))
    assert not a.equals(synthetic_tracks("aircraft", 1001, 10, seed=4))
    assert a.groupby("track_id")["time"].apply(lambda s: s.is_monotonic_increasing).all()
    gaps = a.groupby("track_id")["time"].diff().dt.total_seconds().dropna()
    assert gaps.between(3, 7).all()  # a ping every 4-6 s, rounded to the second


def test_irregular_clocks_have_silences_and_many_tracks_work():
    one = synthetic_tracks("irregular", 20_000, 1, seed=2)
    gaps = one["time"].diff().dt.total_seconds().dropna()
    assert gaps.min() >= 19 and gaps.quantile(0.99) <= 421
    assert gaps.max() > 3600  # a silent phase
    many = synthetic_tracks("walks", 20_000, 10_000, seed=2)
    assert many["track_id"].nunique() == 10_000
    assert many.geometry.y.between(-80, 80).all() and many.geometry.x.between(-180, 180).all()
    with pytest.raises(ValueError, match="kind must be one of"):
        synthetic_tracks("boats", 10)


def test_a_track_keeps_its_exact_coordinates_when_another_crosses_180():
    # 126 pings of a synthetic walk (walks, 1,000,000 pings, 1,000 tracks, seed 1) whose stop
    # ends where MovingPandas' rectangles tie: GEOS's rounding on the exact coordinates decides.
    # A track crossing 180 degrees elsewhere must leave the walk's coordinates exactly as they
    # are (longitudes are made continuous by whole turns, within each track only).
    rows = pd.read_csv(DATA / "walk_stop_on_a_tie.csv")
    walk = gpd.GeoDataFrame(
        {"track_id": "walk", "time": pd.to_datetime(rows["time"]).astype("datetime64[ns]")},
        geometry=gpd.points_from_xy(rows["lon"], rows["lat"]),
        crs="EPSG:4326",
    )
    times = pd.to_datetime(["2025-01-01 00:00", "2025-01-01 00:10"]).astype("datetime64[ns]")
    crossing = gpd.GeoDataFrame(
        {"track_id": "crossing", "time": times},
        geometry=gpd.points_from_xy([179.9, -179.9], [0.0, 0.0]),
        crs="EPSG:4326",
    )
    pings = pd.concat([crossing, walk], ignore_index=True)
    k = TRACK_FAMILIES["walks"]
    expected = _movingpandas(pings, k.max_diameter_m, k.min_duration)
    assert {s[0] for s in expected} == {"walk"}
    assert _ours(pings, k.max_diameter_m, k.min_duration) == expected
    assert _ours(walk, k.max_diameter_m, k.min_duration) == expected


@pytest.mark.parametrize(("old", "new"), [("KINDS", "TRACK_FAMILIES"), ("Kind", "TrackFamily")])
def test_the_former_names_of_the_track_families_warn_and_name_the_new_ones(old, new):
    import corridor.testing.tracks as tracks

    with pytest.warns(DeprecationWarning, match=rf"testing\.tracks\.{old} is deprecated; use corridor\.testing\.tracks\.{new}$"):
        assert getattr(tracks, old) is getattr(tracks, new)
