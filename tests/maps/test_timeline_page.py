import pandas as pd

from corridor.maps.timeline import weeks_of


def test_weeks_start_on_monday_and_cover_every_week_between():
    s = pd.DataFrame({"observed_start": pd.to_datetime(
        ["2023-12-31", "2024-01-01", "2024-01-14T23:00", "2024-01-22"], format="ISO8601")})  # fmt: skip
    index, weeks = weeks_of(s)
    assert weeks == ["2023-12-25", "2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]
    assert index.tolist() == [0, 1, 2, 4]


def test_no_sightings_no_weeks():
    index, weeks = weeks_of(pd.DataFrame({"observed_start": pd.to_datetime([])}))
    assert index.tolist() == [] and weeks == []
