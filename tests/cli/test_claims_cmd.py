import json

from corridor.cli import main


def test_claims_list_keeps_competing_figures_side_by_side(tmp_path, capsys):
    store = ["--store", str(tmp_path / "s.gpkg")]
    assert main(["sightings", "import", "--seed", *store]) == 0
    capsys.readouterr()
    subject = ["--subject", "dprk_troops_additional_2025"]
    assert main(["claims", "list", *subject, "--format", "json", *store]) == 0
    rows = json.loads(capsys.readouterr().out)
    figures = {(r["claimant_id"], r["figure"]) for r in rows}
    assert ("stimson_center", "10,000–20,000") in figures
    assert ("ua_gur", "25,000–30,000") in figures
    assert ("ua_gur", "up to 30,000") in figures
    assert main(["claims", "list", *subject, "--claimant", "stimson_center", *store]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "10,000–20,000" in lines[1] and "Stimson Center" in lines[1]


def test_claims_import_is_idempotent(tmp_path, capsys):
    store = ["--store", str(tmp_path / "s.gpkg")]
    assert main(["claims", "import", "geodata/cases/dprk-russia/claims.csv", *store]) == 0
    assert ": 33 added" in capsys.readouterr().out
    assert main(["claims", "import", "geodata/cases/dprk-russia/claims.csv", *store]) == 0
    assert "0 added, 0 revised, 33 unchanged" in capsys.readouterr().out
