import json

from corridor.cli import main


def test_route_prints_hops_with_the_refuelling_stop(capsys):
    assert main(["route", "Sunan", "Kursk", "--mode", "air", "--asset", "il76"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("0\tair\tsunan -> krasnoyarsk_airport\t3,074 km\t4.0 h")
    assert "refuelling stop at Krasnoyarsk Yemelyanovo airport" in out[0]
    assert out[-1].startswith("total\t3 legs\t6,700 km")


def test_route_writes_geojson(tmp_path, capsys):
    path = tmp_path / "legs.geojson"
    assert main(["route", "rajin", "dunai", "--mode", "sea", "--geojson", str(path)]) == 0
    feature = json.loads(path.read_text())["features"][0]
    assert feature["properties"]["origin"] == "rajin"
    assert feature["geometry"]["type"] == "LineString"
    assert "\t194 km\t-" in capsys.readouterr().out


def test_route_to_an_unknown_site_fails_with_candidates(capsys):
    assert main(["route", "rajin", "Qxzvtplkq"]) == 1
    assert "'Qxzvtplkq'" in capsys.readouterr().err


def test_capacity_prints_ranges_and_claims(capsys):
    args = ["capacity", "rajin", "dunai", "--asset", "ropucha", "--load-h", "12", "12",
            "--unload-h", "12", "12", "--troops", "400", "400", "--move", "11000"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "trips_low\t28\n" in out
    assert "troops_2025_stimson_r002\tstimson_center\t10,000-20,000\ttroops\t90\t" in out
