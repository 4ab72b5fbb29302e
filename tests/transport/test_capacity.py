import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString

from corridor.case import open_case
from corridor.transport import capacity
from corridor.transport.capacity import (
    Lift,
    capacity_table,
    compare_with_claims,
    fleet_days,
    lift_capacity,
    time_to_move,
)

#: The shipped example case: its asset catalogue and the claims capacity is compared with.
CASE = open_case("dprk-russia")


def one_leg(hours=10.0, km=330.0):
    return gpd.GeoDataFrame(
        {"mode": ["sea"], "origin": ["rajin"], "destination": ["dunai"], "length_km": [km],
         "duration_h": [hours]},
        geometry=[LineString([(130.3, 42.3), (132.3, 42.9)])], crs="EPSG:4326",
    )  # fmt: skip


def ship(count=1, **kw):
    """One ship, 400 troops a trip, 10 h each way, 12 h to load and 12 h to unload."""
    args = {"load_h": (12, 12), "unload_h": (12, 12), "troops": (400, 400)} | kw
    return Lift("ropucha", one_leg(), count=count, assets=CASE.assets, **args)


def test_one_ship_400_troops_by_hand():
    row = lift_capacity(ship())
    # round trip 10 + 10 + 12 + 12 = 44 h; 400 troops every 44 h
    assert row["round_trip_h_low"] == row["round_trip_h_high"] == 44
    assert row["troops_per_day_low"] == pytest.approx(400 * 24 / 44)  # 218.18
    assert row["troops_per_month_high"] == pytest.approx(400 * 24 / 44 * 30)  # 6,545.45
    move = time_to_move(ship(), 11_000)
    # 11,000 / 400 = 27.5 -> 28 trips; 27 round trips then load, sail, unload: 1,222 h
    assert move["trips_low"] == move["trips_high"] == 28
    assert move["days_low"] == pytest.approx((27 * 44 + 12 + 10 + 12) / 24)  # 50.92 days


def test_two_ships_halve_the_waves():
    move = time_to_move(ship(count=2), 11_000)
    assert move["trips_low"] == 28
    assert move["days_low"] == pytest.approx((13 * 44 + 34) / 24)  # 25.25 days


def test_low_end_is_pessimistic_and_high_end_optimistic():
    lift = ship(load_h=(6, 18), unload_h=(6, 12), troops=(225, 400))
    row = lift_capacity(lift)
    assert (row["round_trip_h_low"], row["round_trip_h_high"]) == (32, 50)
    assert row["troops_per_day_low"] == pytest.approx(225 * 24 / 50)
    assert row["troops_per_day_high"] == pytest.approx(400 * 24 / 32)
    move = time_to_move(lift, 1_000)
    assert (move["trips_low"], move["trips_high"]) == (3, 5)
    assert move["days_low"] == pytest.approx((2 * 32 + 6 + 10 + 6) / 24)
    assert move["days_high"] == pytest.approx((4 * 50 + 18 + 10 + 12) / 24)


def test_stops_and_duty_hours_count():
    legs = gpd.GeoDataFrame(
        {"mode": ["air", "air"], "origin": ["a", "b"], "destination": ["b", "c"],
         "length_km": [1540.0, 1540.0], "duration_h": [float("nan"), float("nan")]},
        geometry=[LineString([(0, 0), (1, 0)]), LineString([(1, 0), (2, 0)])], crs="EPSG:4326",
    )  # fmt: skip
    lift = Lift("il76", legs, count=4, load_h=1, unload_h=1, stop_h=(2, 2), troops=(100, 100),
                duty_h=(12, 12), assets=CASE.assets)  # fmt: skip
    assert lift.one_way_h == pytest.approx(4.0)  # 3,080 km at the catalogue's 770 km/h
    row = lift_capacity(lift)
    assert row["round_trip_h_low"] == pytest.approx(2 * 4 + 1 + 1 + 2 * 1 * 2)  # 14 h
    assert row["troops_per_day_low"] == pytest.approx(4 * 100 * 12 / 14)


def test_fleet_days_add_daily_rates():
    lo, hi = fleet_days([ship(), ship()], 4_400)
    assert lo == pytest.approx(4_400 / (2 * 400 * 24 / 44))


def test_capacity_table_has_one_row_per_lift():
    table = capacity_table([ship(), ship(count=3)])
    assert table["count"].tolist() == [1, 3]
    assert table["route"].tolist() == ["rajin → dunai"] * 2


def test_claims_are_compared_with_capacity():
    targets = capacity.claim_targets(case=CASE)
    assert set(targets["subject"]) == {"dprk_troops_deployed_2024", "dprk_troops_additional_2025"}
    stimson = targets.set_index("claim_id").loc["troops_2025_stimson_r002"]
    assert (stimson["low"], stimson["high"], stimson["window_days"]) == (
        10_000,
        20_000,
        90,
    )
    out = capacity.compare_with_claims([ship()], targets).set_index("claim_id")
    # one ship moves 218 troops a day: 61 days of it is 13,309 troops, enough for 11,000
    assert out.loc["troops_deployed_nov_2024_r000", "fits"] == "yes"
    assert out.loc["troops_2025_planned_ukraine_r002", "fits"] == "no"
    assert out.loc["troops_2025_stimson_r002", "fits"] == "maybe"


def test_bad_ranges_are_refused():
    with pytest.raises(ValueError, match="load_h must be \\(low, high\\)"):
        ship(load_h=(12, 6))
    with pytest.raises(ValueError, match="count must be at least 1"):
        ship(count=0)
    with pytest.raises(ValueError, match="duty_h must be hours"):
        ship(duty_h=(0, 30))


def test_moved_by_day_grows_at_the_daily_rates():
    moved = capacity.moved_by_day([ship()], 11)
    assert moved.loc[11, "troops_low"] == pytest.approx(11 * 400 * 24 / 44)  # 2,400
    assert moved.index.tolist() == list(range(12))


def test_tonnes_of_an_inline_asset_and_claims_in_other_units():
    legs = ship().legs
    spec = {"cruise_speed_kmh": 33.0, "payload_t": 450.0}
    lift = Lift("barge", legs, count=2, load_h=(12, 12), unload_h=(12, 12), cargo="tonnes",
                spec=spec)  # fmt: skip
    row = lift_capacity(lift)
    # 2 x 450 t every 44 h round trip (10 h each way, 12 h loading, 12 h unloading)
    assert row["tonnes_per_day_high"] == pytest.approx(2 * 450 * 24 / 44)
    assert "troops_per_day_high" not in row
    assert time_to_move(lift, 4_000)["trips_low"] == 9
    targets = pd.DataFrame(
        {"claim_id": ["a", "b"], "subject": ["s", "s"], "unit": ["tonnes", "shells"],
         "claimant_id": ["x", "x"], "source_id": ["x", "x"], "as_of": ["2025-01-01"] * 2,
         "low": [5_000.0, 1.0], "high": [8_000.0, 2.0], "window_days": [30.0, 30.0]}
    )  # fmt: skip
    out = compare_with_claims([lift], targets).set_index("claim_id")
    # 490.9 t a day: 30 days move 14,727 t, enough even for 8,000
    assert out.loc["a", "fits"] == "yes" and out.loc["b", "fits"] == "unit"


def test_an_asset_without_the_cargo_figure_says_what_to_give():
    with pytest.raises(ValueError, match="no sourced tonnes per trip; give payload_t"):
        Lift("x", ship().legs, count=1, load_h=(1, 1), unload_h=(1, 1), cargo="tonnes",
             spec={"cruise_speed_kmh": 30.0})  # fmt: skip
    with pytest.raises(ValueError, match="cargo must be one of"):
        ship(cargo="fuel")


def test_claim_targets_by_subject_name_the_unknown_ones():
    targets = capacity.claim_targets({"dprk_troops_deployed_2024": 30}, case=CASE)
    assert set(targets["window_days"]) == {30.0}
    with pytest.raises(ValueError, match="no claims of subject"):
        capacity.claim_targets({"no_such_subject": 30}, case=CASE)
