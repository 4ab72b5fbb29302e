import json
import re

import pandas as pd

from corridor.case import open_case
from corridor.cli import main
from corridor.evidence.sightings import SIGHTING_COLUMNS
from corridor.store.geopackage import open_store


def test_import_list_add_history_export(tmp_path, capsys):
    store = ["--store", str(tmp_path / "s.gpkg")]
    assert main(["sightings", "import", "--seed", *store]) == 0
    out = capsys.readouterr().out
    assert "dprk-russia/sightings.csv: 16 added" in out and "dprk-russia/claims.csv: 33 added" in out
    assert main(["sightings", "import", "--seed", *store]) == 0
    assert "nothing new" in capsys.readouterr().out

    assert main(["sightings", "list", "--site", "sunan", "--asset", "Il-76", "--format", "json",
                 *store]) == 0  # fmt: skip
    listed = json.loads(capsys.readouterr().out)
    assert [(r["observed_start"], r["confidence"]) for r in listed] == [
        ("2025-06-04", "possible"), ("2024-01-01", "possible"),
    ]  # fmt: skip

    add = ["sightings", "add", "--observed-start", "2025-06-20", "--observed-end", "2025-06-20",
           "--time-precision", "day", "--site-id", "Dunay", "--activity", "departed",
           "--asset-class", "Ropucha-class landing ship", "--source-id", "report_002",
           "--confidence", "possible", *store]  # fmt: skip
    assert main(add) == 0
    sid = capsys.readouterr().out.split()[-1]
    assert re.fullmatch(r"s[0-9a-f]{15}", sid)
    assert main(add) == 0
    assert "0 added, 0 revised, 1 unchanged" in capsys.readouterr().out

    open_store(tmp_path / "s.gpkg", case=open_case("dprk-russia")).revise(sid, confidence="probable")
    assert main(["sightings", "history", sid, *store]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "created" in lines[1] and "changed confidence" in lines[2]

    window = ["--start", "2025-06-19", "--end", "2025-06-30"]
    assert main(["sightings", "list", *window, "--within", *store]) == 0
    table = capsys.readouterr().out.splitlines()
    expected = open_store(tmp_path / "s.gpkg", case=open_case("dprk-russia")).sightings("2025-06-19", "2025-06-30", within=True)
    assert [line.split()[0] for line in table[1:]] == expected["sighting_id"].tolist()
    assert sid in expected["sighting_id"].tolist() and "2025-06-20 (day)" in table[2]

    out = tmp_path / "dunai.csv"
    assert main(["sightings", "export", "--out", str(out), "--site", "dunai", *store]) == 0
    exported = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(exported.columns[2 : 2 + len(SIGHTING_COLUMNS)]) == SIGHTING_COLUMNS
    assert set(exported["site_id"]) == {"dunai"} and len(exported) == 5


def test_bad_file_fails_with_every_problem(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    pd.DataFrame([{c: "" for c in SIGHTING_COLUMNS}]).to_csv(path, index=False)
    assert main(["sightings", "import", str(path), "--store", str(tmp_path / "s.gpkg")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("corridor sightings: error: 7 problem(s):")
    assert f"{path}, row 1, field 'observed_start': empty; every sighting needs it" in err
    assert f"{path}, row 1, field 'site_id': neither a site_id nor lat/lon is given" in err


def test_environment_variable_names_the_store(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CORRIDOR_STORE", str(tmp_path / "env.gpkg"))
    assert main(["sightings", "list"]) == 1  # reading never creates a store
    assert capsys.readouterr().err == f"corridor sightings: error: no store at {tmp_path / 'env.gpkg'}\n"
    assert not (tmp_path / "env.gpkg").exists()
    assert main(["sightings", "import", "--seed"]) == 0
    assert (tmp_path / "env.gpkg").exists()
    capsys.readouterr()
    assert main(["sightings", "list", "--site", "nowhere"]) == 0
    assert capsys.readouterr().out == "no sightings match\n"
