import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from corridor.transport.schedule import combine, reverse_legs, shuttle, sighting_events, timed_legs


def legs():
    """Two legs on the equator: 0.1 deg then 0.3 deg of longitude (lengths 1:3)."""
    return gpd.GeoDataFrame(
        {"mode": ["sea", "rail"], "origin": ["a", "b"], "destination": ["b", "c"],
         "length_km": [11.13, 33.40], "duration_h": [1.0, float("nan")]},
        geometry=[LineString([(0, 0), (0.1, 0)]), LineString([(0.1, 0), (0.2, 0), (0.4, 0)])],
        crs="EPSG:4326",
    )  # fmt: skip


def test_timed_legs_run_back_to_back_with_dwell():
    moves = timed_legs(legs(), "2024-10-01T00:00", label="x", speed_kmh=33.40, dwell_h=2)
    assert moves["depart"].astype(str).tolist() == [
        "2024-10-01 00:00:00+00:00", "2024-10-01 03:00:00+00:00",
    ]  # fmt: skip
    assert str(moves.loc[1, "arrive"]) == "2024-10-01 04:00:00+00:00"
    t = moves.loc[1, "times_ms"]
    # vertices at 0.2 and 0.4 deg: one third and all of the hour
    assert [v - t[0] for v in t] == [0, 1_200_000, 3_600_000]


def test_missing_duration_without_speed_is_refused():
    with pytest.raises(ValueError, match="leg 1 \\(b -> c, rail\\) has no duration_h"):
        timed_legs(legs(), "2024-10-01", label="x")


def test_shuttle_alternates_loaded_out_and_empty_back():
    one = legs().iloc[:1]
    moves = shuttle(one, "2024-10-01T00:00Z", trips=2, label="ship", load_h=5, unload_h=3)
    assert moves["loaded"].tolist() == [True, False, True, False]
    assert moves["trip"].tolist() == [0, 0, 1, 1]
    assert moves["origin"].tolist() == ["a", "b", "a", "b"]
    # load 5 h, sail 1 h, unload 3 h, back 1 h: a round trip is 10 h
    assert moves["depart"].dt.hour.tolist() == [5, 9, 15, 19]
    assert moves.geometry.iloc[1].coords[0] == (0.1, 0.0)


def test_reverse_legs_and_combine():
    back = reverse_legs(legs())
    assert back["origin"].tolist() == ["c", "b"]
    assert back.geometry.iloc[0].coords[0] == (0.4, 0.0)
    a = timed_legs(legs().iloc[:1], "2024-10-02", label="late")
    b = timed_legs(legs().iloc[:1], "2024-10-01", label="early")
    both = combine(a, b)
    assert both["label"].tolist() == ["early", "late"] and both["movement"].tolist() == [0, 1]


def test_sighting_events_keep_dates_and_labels():
    s = gpd.GeoDataFrame(
        {"site_name": ["Dunai"], "activity": ["arrived"], "asset_class": [""],
         "observed_start": [pd.Timestamp("2025-05-18")], "observed_end": [pd.Timestamp("2025-05-18")]},
        geometry=[Point(132.3, 42.9)], crs="EPSG:4326",
    )  # fmt: skip
    ev = sighting_events(s)
    assert ev.loc[0, "label"] == "Dunai: arrived"
    assert str(ev.loc[0, "start"]) == "2025-05-18 00:00:00+00:00"
