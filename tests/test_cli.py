import json
import subprocess
import sys

from corridor.cli import main


def test_geocode_json_resolves_each_spelling(capsys):
    names = ["Dunai", "Dunay", "Sunan airport", "ZKPY", "Дунай", "Nakhodka"]
    assert main(["geocode", *names, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["site_id"] for r in out] == ["dunai", "dunai", "sunan", "sunan", "dunai", "nakhodka"]
    assert [r["query"] for r in out] == names
    assert all(isinstance(r["lat"], float) for r in out)


def test_geocode_unknown_name_fails_with_candidates(capsys):
    assert main(["geocode", "Nakhodca"]) == 1
    err = capsys.readouterr().err
    assert "no site matches 'Nakhodca'; closest: Nakhodka (nakhodka" in err


def test_console_script_runs_as_a_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "corridor", "atlas", "--out", str(tmp_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert (tmp_path / "index.html").exists()
    assert (tmp_path / "sites_and_sightings.html").exists()
    assert str(tmp_path / "index.html") in result.stdout
