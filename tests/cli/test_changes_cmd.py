import pandas as pd
import pytest

from corridor.cli import main


@pytest.fixture
def store_and_build(tmp_path, capsys):
    store = tmp_path / "s.gpkg"
    assert main(["sightings", "import", "--seed", "--store", str(store)]) == 0
    assert main(["atlas", "--store", str(store), "--out", str(tmp_path / "atlas")]) == 0
    capsys.readouterr()
    return store, tmp_path / "atlas"


def revised_file(path):
    seed = pd.read_csv("geodata/cases/dprk-russia/sightings.csv", dtype=str, keep_default_na=False)
    seed.loc[1, "tags"] = seed.loc[1, "tags"] + "|rechecked"
    seed.loc[1, "notes"] = "=1+2"
    new = seed.iloc[[0]].assign(observed_start="2025-06-25", observed_end="2025-06-25", time_precision="day")  # fmt: skip
    pd.concat([seed, new]).to_csv(path, index=False)
    return path


def test_changes_lists_exactly_the_added_and_revised_rows(store_and_build, tmp_path, capsys):
    store, atlas = store_and_build
    assert main(["sightings", "import", str(revised_file(tmp_path / "rev.csv")), "--store", str(store)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["changes", "--store", str(store), "--since", str(atlas)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"since {atlas}: sightings: 1 added, 1 revised"
    assert [line.split()[0] for line in out[1:]] == ["revised", "revised", "added"]
    assert "notes: " in out[1] and out[1].endswith("-> '=1+2'")
    assert "tags: " in out[2] and out[2].endswith("|rechecked'")
    assert main(["changes", "--store", str(store), "--since", str(atlas), "--format", "csv"]) == 0
    csv = capsys.readouterr().out
    assert ",'=1+2," in csv  # a formula from data is written as text
    assert csv.startswith("kind,id,change,field,before,after,label\n") and csv.count("\n") == 4


def test_changes_since_a_store_snapshot_and_since_nothing_new(store_and_build, tmp_path, capsys):
    store, atlas = store_and_build
    assert main(["changes", "--store", str(store), "--since", str(atlas)]) == 0
    assert capsys.readouterr().out == f"since {atlas}: no changes\n"
    snapshot = tmp_path / "before.gpkg"
    snapshot.write_bytes(store.read_bytes())
    main(["sightings", "import", str(revised_file(tmp_path / "rev.csv")), "--store", str(store)])
    capsys.readouterr()
    assert main(["changes", "--store", str(store), "--since", str(snapshot), "--format", "json"]) == 0
    assert capsys.readouterr().out.count('"change":') == 3


def test_changes_without_a_build_says_what_to_do(tmp_path, capsys):
    assert main(["changes", "--since", str(tmp_path / "nothing")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no atlas manifest; build the atlas first" in err


def test_a_store_that_is_not_one_gives_one_line(tmp_path, capsys):
    (tmp_path / "x.gpkg").write_text("plain text, not SQLite " * 100)
    assert main(["changes", "--store", str(tmp_path / "x.gpkg"), "--since", str(tmp_path)]) == 1
    assert main(["atlas", "--store", str(tmp_path / "x.gpkg"), "--out", str(tmp_path / "a")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("x.gpkg is not a corridor store" in line for line in err)
