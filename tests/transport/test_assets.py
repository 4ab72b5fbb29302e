import pytest

from corridor.case import open_case
from corridor.transport.assets import ASSET_COLUMNS, get_asset, load_assets, load_rail
from corridor.validation import ValidationError

HEADER = ",".join(ASSET_COLUMNS) + "\n"
#: The asset catalogue of the shipped example case (the packaged one).
ASSETS = open_case("dprk-russia").assets


def test_catalogue_has_the_transport_types_with_sources():
    cat = ASSETS
    assert {"ropucha", "alligator", "il76", "an124", "troop_train"} <= set(cat["asset_id"])
    assert (cat["source"].str.len() > 0).all() and (cat["source_ref"].str.len() > 0).all()
    assert (cat["troops_low"] <= cat["troops_high"]).all()


def test_ropucha_keeps_the_range_between_reference_works_and_analysts():
    ship = get_asset("ropucha", assets=ASSETS)
    assert (ship["troops_low"], ship["troops_high"]) == (225, 400)
    assert "ropucha_troop_capacity_r002" in ship["source_ref"]
    assert ship["cruise_speed_kmh"] == 33 and ship["mode"] == "sea"


def test_unknown_asset_names_the_valid_ids():
    with pytest.raises(KeyError, match="valid ids: ropucha, alligator"):
        get_asset("zeppelin", assets=ASSETS)


def test_bad_catalogue_reports_every_problem_with_row_and_field(tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text(
        HEADER + "ship,Ship,boat,fast,10,5,,,src,ref,\n" + "ship,Ship,sea,,10,20,,-3,,ref,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        load_assets(path)
    found = {(p.row, p.field) for p in err.value.problems}
    assert found == {
        (1, "mode"), (1, "cruise_speed_kmh"), (1, "troops_high"),
        (2, "cruise_speed_kmh"), (2, "source"), (2, "range_km"), (2, "asset_id"),
    }  # fmt: skip
    assert str(path) in str(err.value)


def test_rail_network_loads_with_every_link_between_known_stations():
    stations, links = load_rail()
    assert stations.crs == "EPSG:4326"
    assert set(links["from_station"]) | set(links["to_station"]) == set(stations["station_id"])
    assert (stations["source"].isin(["geonames", "cited"])).all()


def test_rail_link_to_an_unknown_station_is_reported(tmp_path):
    stations, _ = load_rail()
    spath = tmp_path / "stations.csv"
    stations.drop(columns="geometry").to_csv(spath, index=False)
    lpath = tmp_path / "links.csv"
    lpath.write_text("from_station,to_station,line,source\nrajin,atlantis,X,Y\n", encoding="utf-8")
    with pytest.raises(
        ValidationError, match="row 1, field 'to_station': 'atlantis' is not a station_id"
    ):
        load_rail(spath, lpath)
