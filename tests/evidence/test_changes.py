import json

import pandas as pd
import pytest

from corridor.case import open_case
from corridor.evidence.changes import (
    MANIFEST,
    compare,
    load_snapshot,
    manifest,
    read_manifest,
    snapshot,
    summary,
    write_manifest,
)
from corridor.evidence.claims import CLAIM_COLUMNS
from corridor.evidence.sightings import SIGHTING_COLUMNS
from corridor.store.geopackage import open_store

#: The shipped example case whose evidence the tests below use.
CASE = open_case("dprk-russia")

SIGHTINGS = pd.DataFrame({
    "sighting_id": ["s1", "s2", "s3"],
    "observed_start": pd.to_datetime(["2021-03-01", "2021-03-02", "2021-03-04T06:30"], format="ISO8601"),
    "site_id": ["harbour_a", "harbour_b", ""],
    "asset_count": pd.array([2, None, 1], dtype="Int64"),
    "activity": ["loading", "present", "moving"],
    "lat": [10.5, 11.25, float("nan")],
    "notes": ["", "", "x"],
})  # fmt: skip


def test_snapshot_writes_each_field_as_canonical_text():
    snap = snapshot(SIGHTINGS)
    assert list(snap["sighting"]) == ["s1", "s2", "s3"] and snap["claim"] == {}
    assert snap["sighting"]["s2"]["fields"] == {
        "observed_start": "2021-03-02", "site_id": "harbour_b", "asset_count": "",
        "activity": "present", "lat": "11.25", "notes": "",
    }  # fmt: skip
    assert snap["sighting"]["s3"]["fields"]["observed_start"] == "2021-03-04T06:30:00"
    assert snap["sighting"]["s1"]["fields"]["asset_count"] == "2"
    assert len({v["hash"] for v in snap["sighting"].values()}) == 3


def test_compare_lists_added_revised_field_by_field_and_withdrawn():
    new = SIGHTINGS.copy()
    new.loc[0, "activity"] = "unloading"
    new.loc[0, "asset_count"] = 3
    new = pd.concat([new.iloc[[0, 2]], SIGHTINGS.iloc[[1]].assign(sighting_id="s9")])
    changes = compare(snapshot(SIGHTINGS), snapshot(new))
    assert changes[["id", "change", "field", "before", "after"]].values.tolist() == [
        ["s1", "revised", "asset_count", "2", "3"],
        ["s1", "revised", "activity", "loading", "unloading"],
        ["s9", "added", "", "", ""],
        ["s2", "withdrawn", "", "", ""],
    ]
    assert summary(changes) == {"sighting": {"added": 1, "revised": 1, "withdrawn": 1}}
    assert compare(snapshot(SIGHTINGS), snapshot(SIGHTINGS)).empty


def test_a_manifest_keeps_its_baseline_when_the_data_did_not_change(tmp_path):
    old, new = snapshot(SIGHTINGS.iloc[:2]), snapshot(SIGHTINGS)
    first = manifest(old, None)
    second = manifest(new, first)
    assert first["baseline"] is None and second["baseline"] == old
    assert manifest(new, second)["baseline"] == old  # rebuilt with the same data
    path = write_manifest(tmp_path / MANIFEST, second)
    assert read_manifest(tmp_path) == json.loads(path.read_text()) == second
    assert path.read_bytes() == write_manifest(tmp_path / "again.json", second).read_bytes()


def test_bad_manifests_give_one_clear_line(tmp_path):
    with pytest.raises(FileNotFoundError, match="no atlas manifest; build the atlas first"):
        read_manifest(tmp_path)
    (tmp_path / MANIFEST).write_text("{not json")
    with pytest.raises(ValueError, match="not a manifest written by corridor atlas"):
        read_manifest(tmp_path)
    (tmp_path / MANIFEST).write_text('{"format": 99}')
    with pytest.raises(ValueError, match="not a manifest of format 1"):
        load_snapshot(tmp_path / MANIFEST)
    with pytest.raises(FileNotFoundError, match="no such store"):
        load_snapshot(tmp_path / "missing.gpkg")
    (tmp_path / "text.gpkg").write_text("not a database, just text " * 100)
    with pytest.raises(ValueError, match="text.gpkg is not a corridor store"):
        load_snapshot(tmp_path / "text.gpkg")


def _revised_seed(path):
    """The packaged seed with one note edited (a revision) and one new sighting (an addition)."""
    seed = pd.read_csv("geodata/cases/dprk-russia/sightings.csv", dtype=str, keep_default_na=False)
    seed.loc[0, "notes"] = "Second look: vendor named"
    extra = seed.iloc[[2]].assign(observed_start="2025-06-20", observed_end="2025-06-20",
                                  time_precision="day")  # fmt: skip
    pd.concat([seed, extra]).to_csv(path, index=False)
    return path


def test_after_importing_a_revised_file_exactly_its_rows_show(tmp_path):
    store = open_store(tmp_path / "s.gpkg", case=CASE)
    store.import_seed()
    before = snapshot(store.sightings(), store.claims())
    report = store.import_sightings(_revised_seed(tmp_path / "rev.csv"))
    changes = compare(before, snapshot(store.sightings(), store.claims()))
    assert sorted(changes.loc[changes["change"] == "added", "id"]) == sorted(report.added_ids)
    revised = changes[changes["change"] == "revised"]
    assert revised["id"].tolist() == report.revised_ids and revised["field"].tolist() == ["notes"]
    assert revised["after"].tolist() == ["Second look: vendor named"]
    assert (report.added, report.revised) == (1, 1) and "withdrawn" not in set(changes["change"])
    assert load_snapshot(tmp_path / "s.gpkg", case=CASE) == snapshot(store.sightings(), store.claims())


def test_packaged_and_stored_evidence_give_the_same_snapshot(tmp_path):

    store = open_store(tmp_path / "s.gpkg", case=CASE)
    store.import_seed()
    assert snapshot(CASE.sightings(), CASE.claims()) == snapshot(store.sightings(), store.claims())
    fields = snapshot(CASE.sightings(), CASE.claims())
    assert set(next(iter(fields["sighting"].values()))["fields"]) == set(SIGHTING_COLUMNS)
    assert set(next(iter(fields["claim"].values()))["fields"]) == set(CLAIM_COLUMNS)
