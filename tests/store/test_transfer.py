"""Copying a store between backends keeps every sighting, claim, revision and source as it was."""

import geopandas.testing
import pandas as pd
import pytest

from corridor._data import geodata_path
from corridor.cli import main
from corridor.evidence.sightings import SIGHTING_COLUMNS
from corridor.store.geopackage import open_store
from corridor.store.transfer import EVIDENCE, copy_store, dump

NAKHODKA = {"lat": "42.8436", "lon": "132.91831"}  # GeoNames 2019528


@pytest.fixture
def rich(tmp_path, case):
    """A GeoPackage whose sightings and claims have several revisions and an imported source."""
    src = open_store(tmp_path / "src.gpkg", case=case)
    src.import_seed()
    sid = src.sightings()["sighting_id"].iloc[2]
    src.revise(sid, notes="re-read: 'hull 052', Находка, =1+1")
    src.revise(sid, site_id="", location_precision_m="5000", **NAKHODKA)
    claims = pd.read_csv(geodata_path("cases/dprk-russia/claims.csv"), dtype=str, keep_default_na=False)
    claims.loc[0, "notes"] = "figure restated in a later bulletin"
    report = src.import_claims(claims, origin="claims v2")
    assert report.revised == 1
    source = pd.DataFrame([{"source_id": "port_log_7", "kind": "track", "organisation": "Port log",
                            "publication": "Arrivals", "published": "2024-11-05", "url": "",
                            "notes": ""}])  # fmt: skip
    row = {c: "" for c in SIGHTING_COLUMNS} | {
        "observed_start": "2024-11-01", "observed_end": "2024-11-30", "time_precision": "month",
        "site_id": "nakhodka", "activity": "present", "source_id": "port_log_7",
        "confidence": "possible", "tags": "port|log",
    }  # fmt: skip
    assert src.import_sightings(pd.DataFrame([row]), sources=source, origin="log.csv").added == 1
    return src


def assert_same(a, b):
    left, right = dump(a), dump(b)
    assert list(left) == list(right)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_a_round_trip_through_each_backend_is_identical(rich, store, tmp_path):
    counts = copy_store(rich, store)
    assert counts == rich.counts()
    assert (counts["sighting_revisions"], counts["claim_revisions"]) == (3, len(rich.claims()) + 1)
    assert_same(rich, store)
    geopandas.testing.assert_geodataframe_equal(store.sightings(), rich.sightings())
    pd.testing.assert_frame_equal(store.claims(), rich.claims())
    sid = rich.sightings()["sighting_id"].iloc[2]
    pd.testing.assert_frame_equal(store.history(sid), rich.history(sid), check_dtype=False)
    assert store.history(sid)["change"].tolist() == [
        "created", "changed notes", "changed site_id, lat, lon, location_precision_m"
    ]  # fmt: skip
    back = open_store(tmp_path / "back.gpkg")
    copy_store(store, back)
    assert_same(rich, back)
    again, claims = store.import_seed()  # identities survive: nothing is new
    assert (again.added, claims.added) == (0, 0)


def test_copy_into_a_store_with_evidence_is_refused(seeded, tmp_path, case):
    before = dump(seeded)
    other = open_store(tmp_path / "other.gpkg", case=case)
    other.import_seed()
    with pytest.raises(
        ValueError, match="already holds .* sightings and .* claims; copy into a new"
    ):
        copy_store(other, seeded)
    after = dump(seeded)
    assert all(after[n].equals(before[n]) for n in EVIDENCE + ["sources"])


def test_store_copy_command_there_and_back(rich, store, tmp_path, capsys):
    target = getattr(store, "url", str(store.path))
    assert main(["store", "copy", str(rich.path), target]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and f"-> {store.path}: " in out
    assert f"{len(rich.sightings())} sightings, 3 sighting_revisions" in out
    back = tmp_path / "back.gpkg"
    assert main(["store", "copy", target, str(back)]) == 0
    capsys.readouterr()
    assert_same(rich, open_store(back))
    assert main(["store", "copy", target, str(back)]) == 1
    assert "already holds" in capsys.readouterr().err
    assert main(["store", "copy", str(tmp_path / "none.gpkg"), str(back)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "none.gpkg: no such store" in err
    assert not (tmp_path / "none.gpkg").exists()
