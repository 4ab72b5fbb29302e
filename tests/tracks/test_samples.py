"""The sample track files in tests/data: written by corridor's writers from synthetic tracks.

Regenerate with ``python tests/tracks/test_samples.py`` (the flight comes from the gazetteer's
airfields, so the files are fixed once written); the tests read each back to known values.
"""

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from corridor.testing.flights import Ground, TouchAndGo, flight_track
from corridor.testing.track_files import write_track_file
from corridor.tracks import read_tracks

DATA = Path(__file__).resolve().parents[1] / "data"
VESSEL = pd.DataFrame(
    [{"track_id": "273990001", "name": "SAMPLE TRADER", "imo": "9900001", "callsign": "UZZZ1",
      "ship_type": "70"}]  # fmt: skip
)
AIRCRAFT = pd.DataFrame(
    [{"track_id": "f00d01", "registration": "XX-99001", "aircraft_type": "IL76",
      "callsign": "SMP9001"}]  # fmt: skip
)
SAMPLES = {
    "sample_marinecadastre.csv": ("marinecadastre", {}),
    "sample_dma.csv": ("dma", {}),
    "sample_dma_semicolon.csv": ("dma", {"decimal_comma": True}),
    "sample_opensky.csv": ("opensky", {}),
    "sample_flighttracker.csv": ("flighttracker", {}),
    "sample_adsbx.json": ("adsbx", {}),
}


def _pings(layout: str):
    if layout in ("marinecadastre", "dma"):  # a straight synthetic leg, 10 kn due north-east
        n = 12
        return gpd.GeoDataFrame(
            {"track_id": "273990001",
             "time": pd.date_range("2025-04-01 00:00", periods=n, freq="15min"),
             "speed_kn": [0.0, 0.1] + [10.0] * (n - 2), "course_deg": [45.0] * n,
             "altitude_ft": float("nan"), "on_ground": pd.array([pd.NA] * n, dtype="boolean")},
            geometry=gpd.points_from_xy([130.5 + 0.02 * i for i in range(n)],
                                        [42.0 + 0.015 * i for i in range(n)]),
            crs="EPSG:4326",
        )  # fmt: skip
    pings, _ = flight_track(
        "f00d01", [Ground("sunan", 20), TouchAndGo("knevichi"), Ground("khabarovsk_airport", 20)],
        "2025-04-02 01:00", interval_s=120,
    )  # fmt: skip
    return pings.round({"speed_kn": 0, "course_deg": 0, "altitude_ft": 0})


def write_samples(folder: Path) -> None:
    for name, (layout, options) in SAMPLES.items():
        assets = VESSEL if layout in ("marinecadastre", "dma") else AIRCRAFT
        write_track_file(_pings(layout), folder / name, layout, assets, **options)


EXPECTED = {  # pings, first ping (track, time, lon, lat), asset name-like field
    "sample_marinecadastre.csv": (12, ("273990001", "2025-04-01 00:00:00", 130.5, 42.0), "SAMPLE TRADER"),
    "sample_dma.csv": (12, ("273990001", "2025-04-01 00:00:00", 130.5, 42.0), "SAMPLE TRADER"),
    "sample_dma_semicolon.csv": (12, ("273990001", "2025-04-01 00:00:00", 130.5, 42.0), "SAMPLE TRADER"),
    "sample_opensky.csv": (None, ("f00d01", "2025-04-02 01:00:00", 125.67, 39.2241), "SMP9001"),
    "sample_flighttracker.csv": (None, ("SMP9001", "2025-04-02 01:00:00", 125.67, 39.2241), "SMP9001"),
    "sample_adsbx.json": (None, ("f00d01", "2025-04-02 01:00:00", 125.67, 39.2241), "XX-99001"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_committed_samples_read_back_to_known_pings(name):
    data = read_tracks(DATA / name)
    n, first, who = EXPECTED[name]
    assert data.report.layout == SAMPLES[name][0]
    assert data.report.pings == data.report.lines_read > 0 and not data.report.problems
    if n is not None:
        assert data.report.pings == n
    p = data.pings.iloc[0]
    assert (p["track_id"], str(p["time"]), p.geometry.x, p.geometry.y) == pytest.approx(first)
    a = data.assets.iloc[0]
    assert who in (a["name"], a["callsign"], a["registration"])


def test_flight_samples_agree_across_layouts():
    times = {n: read_tracks(DATA / n).pings["time"].tolist() for n in SAMPLES if "sample_" in n}
    flights = [times[n] for n in ("sample_opensky.csv", "sample_flighttracker.csv", "sample_adsbx.json")]
    assert flights[0] == flights[1] == flights[2]
    assert times["sample_dma.csv"] == times["sample_marinecadastre.csv"] == times["sample_dma_semicolon.csv"]


if __name__ == "__main__":
    write_samples(DATA)
