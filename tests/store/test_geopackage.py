import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from corridor._data import geodata_path
from corridor.evidence.sightings import SIGHTING_COLUMNS, load_sources
from corridor.places.gazetteer import Gazetteer
from corridor.store.geopackage import ENV_VAR, StoreError, default_path, open_store
from corridor.store.transfer import dump
from corridor.validation import ValidationError

ROW = {
    "observed_start": "2025-05-18", "observed_end": "2025-05-18", "time_precision": "day",
    "site_id": "dunai", "asset_class": "Ropucha-class landing ship", "asset_count": "1",
    "activity": "arrived", "source_id": "report_002", "originator_id": "open_source_centre",
    "confidence": "probable",
}  # fmt: skip
SITES = ["dunai", "sunan", "rajin", "vladivostok_port", "knevichi"]
SEED_SIGHTINGS = len(pd.read_csv(geodata_path("cases/dprk-russia/sightings.csv")))
SEED_CLAIMS = len(pd.read_csv(geodata_path("cases/dprk-russia/claims.csv")))


def table(rows):
    return pd.DataFrame([{c: r.get(c, "") for c in SIGHTING_COLUMNS} for r in rows])


def fifty_rows():
    """50 distinct day-level sightings at five sites, one a day from 2025-04-01."""
    days = pd.date_range("2025-04-01", periods=50).strftime("%Y-%m-%d")
    return [
        {**ROW, "observed_start": d, "observed_end": d, "site_id": SITES[i % 5]}
        for i, d in enumerate(days)
    ]


def ogr_counts(path):
    """Layer feature counts as GDAL reads them (the GDAL bundled with pyogrio)."""
    import pyogrio

    return {
        name: pyogrio.read_info(path, layer=name)["features"]
        for name, _ in pyogrio.list_layers(path)
    }


def ogrinfo_counts(ogrinfo, path):
    """Layer feature counts as GDAL's ``ogrinfo`` command prints them."""
    run = subprocess.run([ogrinfo, "-so", "-al", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr and "ERROR" not in run.stderr, run.stderr
    names = re.findall(r"^Layer name: (\w+)", run.stdout, flags=re.M)
    counts = [int(n) for n in re.findall(r"^Feature Count: (\d+)", run.stdout, flags=re.M)]
    return dict(zip(names, counts, strict=True))


# `store` and `seeded` (tests/store/conftest.py) run each test on GeoPackage and on PostGIS;
# tests marked `geopackage` check the file itself and run on GeoPackage only.


def test_default_location_and_override(tmp_path, monkeypatch, case):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    # the shipped example case keeps its store in the user's data folder, named after it
    assert default_path(case) == tmp_path / "xdg" / "corridor" / "dprk-russia.gpkg"
    # the store never looks a case up: with no case and no path it says what to give
    with pytest.raises(StoreError, match=r"^no store named: give a store path .*\$CORRIDOR_STORE"):
        default_path()
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere.gpkg"))
    assert open_store().path == tmp_path / "elsewhere.gpkg"
    assert open_store(case=case).path == tmp_path / "elsewhere.gpkg"


@pytest.mark.geopackage
def test_seed_loads_and_ogrinfo_lists_layers_with_counts(store):
    sightings, claims = store.import_seed()
    assert (sightings.added, claims.added) == (SEED_SIGHTINGS, SEED_CLAIMS)
    assert ogr_counts(store.path) == {
        "sightings": SEED_SIGHTINGS,
        "sighting_revisions": 0,  # no sighting edited yet
        "claims": SEED_CLAIMS,
        "claim_revisions": SEED_CLAIMS,
        "sources": len(load_sources()),
    }


@pytest.mark.geopackage
def test_ogrinfo_command_lists_the_same_layers(store, ogrinfo):
    store.import_seed()
    assert ogrinfo_counts(ogrinfo, store.path) == ogr_counts(store.path)


@pytest.mark.geopackage
def test_file_meets_geopackage_requirements(seeded):
    con = sqlite3.connect(seeded.path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert con.execute("PRAGMA user_version").fetchone()[0] == 10300
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    suffixes = ["insert", "update1", "update2", "update3", "update4", "delete"]
    assert triggers == {f"rtree_sightings_geom_{s}" for s in suffixes}
    ext = con.execute("SELECT table_name, column_name, scope FROM gpkg_extensions").fetchall()
    assert ext == [("sightings", "geom", "write-only")]
    index = con.execute("SELECT id, minx, maxx, miny, maxy FROM rtree_sightings_geom").fetchall()
    points = pyogrio.read_dataframe(seeded.path, layer="sightings", fid_as_index=True)
    assert sorted(i for i, *_ in index) == sorted(points.index)
    for i, minx, maxx, miny, maxy in index:  # the R-tree keeps float32 boxes around each point
        g = points.geometry[i]
        assert minx <= g.x <= maxx and miny <= g.y <= maxy and maxx - minx < 1e-4
    extent = con.execute(
        "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'sightings'"
    ).fetchone()
    assert extent == pytest.approx(tuple(points.total_bounds), abs=1e-4)
    for (name,) in con.execute("SELECT table_name FROM gpkg_contents"):
        types = {r[2] for r in con.execute(f'PRAGMA table_info("{name}")')}
        assert types <= {"INTEGER", "TEXT", "REAL", "DATETIME", "POINT"}, (name, types)
    for (stamp,) in con.execute("SELECT last_change FROM gpkg_contents"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", stamp)


@pytest.mark.geopackage
def test_gdal_reads_through_the_spatial_index(seeded):
    korea = pyogrio.read_dataframe(seeded.path, layer="sightings", bbox=(124, 38, 131, 43))
    assert sorted(set(korea["site_id"])) == ["pyongyang", "sunan"]
    assert (
        korea["sighting_id"].tolist()
        == seeded.sightings(bbox=(124, 38, 131, 43))["sighting_id"].tolist()
    )


def test_bad_rows_are_all_reported_and_the_store_stays_unchanged(seeded, tmp_path):
    rows = fifty_rows()
    rows[4] = {**rows[4], "observed_start": "2025-02-30", "observed_end": "2025-02-30"}
    rows[19] = {**rows[19], "site_id": "", "lat": "123", "lon": "131.9",
                "location_precision_m": "500", "asset_count": "-3"}  # fmt: skip
    rows[36] = {**rows[36], "site_id": "Xyzzyville", "source_id": ""}
    path = tmp_path / "fifty.csv"
    table(rows).to_csv(path, index=False)
    before = dump(seeded)
    with pytest.raises(ValidationError) as err:
        seeded.import_sightings(path)
    assert [(p.file, p.row, p.field) for p in err.value.problems] == [
        (str(path), 5, "observed_start"),
        (str(path), 5, "observed_end"),
        (str(path), 20, "lat"),
        (str(path), 20, "asset_count"),
        (str(path), 37, "source_id"),
        (str(path), 37, "site_id"),
    ]
    assert "'2025-02-30' is not a calendar date" in str(err.value)
    assert "'123' is not a number in [-90, 90]" in str(err.value)
    assert "'-3' is not a whole number >= 0" in str(err.value)
    assert "unknown site 'Xyzzyville'" in str(err.value)
    assert all(dump(seeded)[name].equals(rows) for name, rows in before.items())

    fixed = fifty_rows()
    table(fixed).to_csv(path, index=False)
    first = seeded.import_sightings(path)
    assert (first.added, first.revised, first.unchanged) == (50, 0, 0)
    again = seeded.import_sightings(path)
    assert (again.added, again.revised, again.unchanged) == (0, 0, 50)
    assert str(again) == f"{path}: 0 added, 0 revised, 50 unchanged (nothing new: every row is already in the store)"  # fmt: skip
    assert len(seeded.sightings()) == SEED_SIGHTINGS + 50


def test_site_names_are_geocoded_and_deduplicated(store):
    report = store.import_sightings(table([ROW, {**ROW, "site_id": "Dunay"}]), origin="names")
    assert (report.added, report.unchanged) == (1, 1)
    assert store.sightings()["site_id"].tolist() == ["dunai"]


def test_edits_become_revisions_with_history(store, tmp_path):
    first = store.import_sightings(table([ROW]), origin="first.csv")
    (sid,) = first.added_ids
    assert store.revise(sid, notes="OSC imagery; ship identified by hull") == 2
    assert store.revise(sid, confidence="confirmed") == 3
    current = store.sightings().iloc[0]
    assert (current["sighting_id"], current["revision"], current["confidence"]) == (
        sid, 3, "confirmed",
    )  # fmt: skip
    history = store.history(sid)
    assert history["revision"].tolist() == [1, 2, 3]
    assert history["change"].tolist() == ["created", "changed notes", "changed confidence"]
    assert history["confidence"].tolist() == ["probable", "probable", "confirmed"]
    assert history["content_id"].iloc[0] == history["content_id"].iloc[1] == sid
    assert history["content_id"].iloc[2] != sid
    # the original file again: known revision, nothing added
    again = store.import_sightings(table([ROW]), origin="first.csv")
    assert (again.added, again.revised, again.unchanged) == (0, 0, 1)
    # the same observation with a new note from a later file: a new revision of it
    noted = store.import_sightings(table([{**ROW, "notes": "hull number read"}]), origin="b")
    assert noted.revised_ids == [sid]
    assert store.history(sid)["revision"].tolist() == [1, 2, 3, 4]
    assert len(store.sightings()) == 1
    with pytest.raises(KeyError):
        store.history("s000000000000000")


def test_queries_filter_by_window_place_and_attributes(seeded):
    def sites(gdf):
        return sorted(
            zip(gdf["site_id"], gdf["observed_start"].dt.strftime("%Y-%m-%d"), strict=True)
        )

    overlap = seeded.sightings("2025-05-18", "2025-05-18")
    assert sites(overlap) == [
        ("dunai", "2025-05-01"), ("dunai", "2025-05-01"), ("dunai", "2025-05-18"),
        ("sunan", "2025-05-01"),
    ]  # fmt: skip
    inside = seeded.sightings("2025-05-18", "2025-05-18", within=True)
    assert sites(inside) == [("dunai", "2025-05-18")]
    assert sites(seeded.sightings(site="sunan", asset="il-76")) == [
        ("sunan", "2024-01-01"), ("sunan", "2025-06-04"),
    ]  # fmt: skip
    assert sites(seeded.sightings(activity="equipping")) == [("sergeevka_base", "2024-10-01")]
    assert sites(seeded.sightings(source="dprk_government", confidence="confirmed")) == [
        ("kursk_region", "2024-10-01")
    ]
    imagery = seeded.sightings(tag="imagery")
    assert (imagery["imagery_provider"] == "open_source_centre").all() and len(imagery) == 4
    russia_far_east = seeded.sightings(start="2025-01-01", bbox=(130, 42, 134, 45))
    assert sites(russia_far_east) == [("dunai", "2025-05-01")] * 2 + [("dunai", "2025-05-18")]
    assert seeded.sightings(site="nowhere").empty


def test_new_sources_come_with_the_import(store):
    track = pd.DataFrame(
        [{"source_id": "ais_track_001", "kind": "track", "organisation": "AIS receiver export",
          "publication": "Track file", "published": "2025-05-19", "url": "", "notes": ""}]
    )  # fmt: skip
    row = {**ROW, "source_id": "ais_track_001", "originator_id": ""}
    with pytest.raises(ValidationError, match="'ais_track_001' is not a source_id"):
        store.import_sightings(table([row]), origin="t.csv")
    report = store.import_sightings(table([row]), sources=track, origin="t.csv")
    assert report.sources_added == ["ais_track_001"]
    assert store.sightings()["source_org"].tolist() == ["AIS receiver export"]
    clash = track.assign(organisation="Someone else")
    with pytest.raises(ValidationError, match="already in the store"):
        store.import_sightings(table([row]), sources=clash, origin="t.csv")


WRITER = textwrap.dedent(
    """\
    import sys
    import pandas as pd
    from corridor.evidence.sightings import SIGHTING_COLUMNS
    from corridor.store.geopackage import open_store

    path, first, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rows = [{c: "" for c in SIGHTING_COLUMNS} | {
        "observed_start": "2025-05-18", "observed_end": "2025-05-18", "time_precision": "day",
        "lat": f"{40 + (first + i) * 1e-5:.5f}", "lon": "130.5", "location_precision_m": "100",
        "activity": "present", "source_id": "report_000", "confidence": "possible",
    } for i in range(n)]
    print(open_store(path).import_sightings(pd.DataFrame(rows), origin=f"writer {first}"))
    """
)


@pytest.mark.geopackage
def test_four_concurrent_imports_add_exactly_4000(store, tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(store.path), str(k * 1000), "1000"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for k in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, outputs
    assert all("1000 added" in out for out, _ in outputs)
    assert store.counts()["sightings"] == 4000
    assert ogr_counts(store.path)["sightings"] == 4000
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM rtree_sightings_geom").fetchone()[0] == 4000


@pytest.mark.geopackage
def test_killed_import_leaves_earlier_content_intact(seeded, tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    before = seeded.sightings()["sighting_id"].tolist()
    wal = seeded.path.with_name(seeded.path.name + "-wal")  # empty after each commit

    def writing():
        return wal.exists() and wal.stat().st_size > 256 * 1024

    proc = subprocess.Popen([sys.executable, str(script), str(seeded.path), "0", "100000"])
    deadline = time.monotonic() + 120
    while not writing() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert proc.poll() is None, "the import finished before it could be killed"
    assert writing()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert seeded.sightings()["sighting_id"].tolist() == before
    con = sqlite3.connect(seeded.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM rtree_sightings_geom").fetchone()[0] == len(before)
    assert ogr_counts(seeded.path)["sightings"] == len(before)


@pytest.mark.geopackage
def test_a_revised_place_moves_in_the_spatial_index(store):
    (sid,) = store.import_sightings(table([ROW]), origin="a").added_ids
    near_dunai = (132.0, 42.5, 132.6, 43.0)
    assert store.sightings(bbox=near_dunai)["sighting_id"].tolist() == [sid]
    store.revise(sid, site_id="", lat="39.03", lon="127.52", location_precision_m="2000")
    assert store.sightings(bbox=near_dunai).empty
    moved = store.sightings(bbox=(127.4, 38.9, 127.6, 39.1))
    assert moved["sighting_id"].tolist() == [sid] and moved["located_by"].tolist() == ["point"]
    con = sqlite3.connect(store.path)
    box = con.execute("SELECT minx, maxx, miny, maxy FROM rtree_sightings_geom").fetchall()
    assert len(box) == 1 and box[0][0] <= 127.52 <= box[0][1] and box[0][2] <= 39.03 <= box[0][3]


def test_store_tables_join_a_geopackage_that_gdal_wrote(tmp_path, case):
    path = tmp_path / "analyst.gpkg"
    ports = gpd.GeoDataFrame({"name": ["Rajin"]}, geometry=[Point(130.3, 42.25)], crs=4326)
    pyogrio.write_dataframe(ports, path, layer="ports")
    con = sqlite3.connect(path)
    version = con.execute("PRAGMA user_version").fetchone()[0]
    with pytest.raises(ValueError, match="a GeoPackage without the table"):
        open_store(path)  # not joined unless asked
    store = open_store(path, case=case, into_geopackage=True)
    store.import_sightings(table(fifty_rows()[:3]), origin="three")
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    updates = sorted(n.rsplit("_", 1)[1] for n in names if n.startswith("rtree_sightings_geom_u"))
    if version >= 10400:
        assert updates == ["update2", "update4", "update5", "update6", "update7"]
    else:
        assert updates == ["update1", "update2", "update3", "update4"]
    first = store.sightings()["sighting_id"].iloc[0]
    store.revise(first, site_id="chongjin")
    x, y = Gazetteer.default()["chongjin"][["lon", "lat"]]
    moved = store.sightings(bbox=(x - 0.01, y - 0.01, x + 0.01, y + 0.01))
    assert moved["sighting_id"].tolist() == [first]
    # the system's ogrinfo may predate GeoPackage 1.4: count with the GDAL that wrote the file
    counts = [pyogrio.read_info(path, layer=name)["features"] for name in ("ports", "sightings")]
    assert counts == [1, 3]


def test_open_modes_create_must_exist_and_refusals(tmp_path, monkeypatch):
    from corridor.store.geopackage import StoreError

    missing = tmp_path / "sub" / "none.gpkg"
    with pytest.raises(StoreError, match=f"^no store at {re.escape(str(missing))}$"):
        open_store(missing, create=False)
    assert not missing.parent.exists()
    store = open_store(missing)  # create=True: imports make the store
    assert open_store(missing, create=False).counts() == store.counts()
    con = sqlite3.connect(missing)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    monkeypatch.setenv("CORRIDOR_STORE_WAIT", "soon")
    with pytest.raises(StoreError, match="is not a number of seconds"):
        open_store(missing)
    monkeypatch.setenv("CORRIDOR_STORE_WAIT", "2.5")
    assert open_store(missing).wait_s == 2.5
    assert open_store(missing, wait_s=0.1).wait_s == 0.1


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.geopackage
def test_reading_leaves_the_file_unchanged_and_takes_no_write_lock(seeded):
    seeded.close()
    before = digest(seeded.path)
    reader = open_store(seeded.path, create=False)
    locker = sqlite3.connect(seeded.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # in WAL mode readers still read
    try:
        assert len(reader.sightings()) == SEED_SIGHTINGS
        assert len(reader.claims()) == SEED_CLAIMS
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    reader.close()
    assert digest(seeded.path) == before


@pytest.mark.geopackage
def test_a_busy_writer_gives_up_after_its_wait(seeded, case):
    from corridor.store.geopackage import StoreBusy

    locker = sqlite3.connect(seeded.path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        impatient = open_store(seeded.path, case=case, wait_s=0.2)
        with pytest.raises(StoreBusy, match=r"gave up after 0\.2 s waiting for its lock"):
            impatient.import_sightings(table([ROW]), origin="late")
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert len(seeded.sightings()) == SEED_SIGHTINGS


@pytest.mark.geopackage
def test_a_commit_leaves_every_row_in_the_gpkg_file_itself(seeded, tmp_path):
    copy = tmp_path / "copy.gpkg"
    copy.write_bytes(seeded.path.read_bytes())  # the .gpkg alone, as a user copies it
    assert ogr_counts(copy)["sightings"] == SEED_SIGHTINGS
