"""Hostile input, end to end through the command line: every case gets one clear message naming
the file (and row and field where there is one), exit status 1 (130 for Ctrl-C), never a
traceback, and the store's content is the same afterwards."""

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import LineString, Point

from corridor.cli import main
from corridor.evidence.claims import CLAIM_COLUMNS
from corridor.evidence.sightings import SIGHTING_COLUMNS, SOURCE_COLUMNS

ROW = {
    "observed_start": "2025-03-04", "observed_end": "2025-03-04", "time_precision": "day",
    "site_id": "nakhodka_port", "asset_class": "cargo ship", "asset_count": "2",
    "activity": "loading", "source_id": "report_000", "confidence": "possible",
}  # fmt: skip
POINT = {**ROW, "site_id": "", "lat": "-33.8523", "lon": "151.2108", "location_precision_m": "50"}
CLAIM = {
    "claim_id": "tonnes_moved", "subject": "cargo", "low": "1200", "high": "1500", "unit": "t",
    "as_of": "2025-03-01", "as_of_precision": "day", "claimant_id": "report_000",
    "source_id": "report_000", "qualifier": "range", "notes": "",
}  # fmt: skip
TABLES = ("sightings", "sighting_revisions", "claims", "claim_revisions", "sources")


def csv_text(rows, columns=SIGHTING_COLUMNS) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "") for c in columns])
    return buf.getvalue()


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def content(path: Path) -> dict:
    """Every row of the store's tables, read without writing anything."""
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY fid').fetchall() for t in TABLES}
    finally:
        con.close()


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error(err: str, command: str = "sightings") -> str:
    """The error message, checked to be one line (ValidationError: a count, then one per problem)."""
    assert "Traceback" not in err
    assert err.startswith(f"corridor {command}: error: "), err
    return err.removeprefix(f"corridor {command}: error: ")


@pytest.fixture
def store(tmp_path, capsys) -> Path:
    path = tmp_path / "store.gpkg"
    assert run(capsys, "sightings", "import", "--seed", "--store", path)[0] == 0
    return path


# --- store safety --------------------------------------------------------------------------------


def test_export_onto_the_store_itself_is_refused_and_the_store_kept(store, capsys):
    before = content(store)
    for target in (store, store.parent / "." / store.name):
        code, _, err = run(capsys, "sightings", "export", "--store", store, "--out", target,
                           "--format", "gpkg")  # fmt: skip
        assert code == 1
        assert one_error(err) == f"{target} is the store being read; write to another file\n"
    assert content(store) == before
    assert run(capsys, "sightings", "list", "--store", store)[0] == 0


def test_export_out_a_directory_or_under_a_file(store, tmp_path, capsys):
    code, _, err = run(capsys, "sightings", "export", "--store", store, "--out", tmp_path)
    assert code == 1 and one_error(err) == f"{tmp_path} is a directory; give a file name inside it\n"
    blocker = write(tmp_path / "plain.txt", "x")
    code, _, err = run(capsys, "sightings", "export", "--store", store,
                       "--out", blocker / "out.csv")  # fmt: skip
    assert code == 1 and one_error(err) == f"{blocker / 'out.csv'}: {blocker} is a file, not a folder\n"
    assert blocker.read_text() == "x"


def test_export_is_atomic_and_leaves_no_temporary_file(store, tmp_path, capsys):
    out = tmp_path / "exports" / "s.geojson"
    assert run(capsys, "sightings", "export", "--store", store, "--out", out)[0] == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["s.geojson"]
    assert len(json.loads(out.read_text())["features"]) == len(content(store)["sightings"])


@pytest.mark.parametrize("action", [
    ["sightings", "list"], ["sightings", "history", "s123"],
    ["sightings", "export", "--out", "OUT/x.csv"], ["claims", "list"],
])  # fmt: skip
def test_read_commands_never_create_a_store(tmp_path, capsys, action):
    typo = tmp_path / "typo" / "x.gpkg"
    argv = [a.replace("OUT", str(tmp_path)) for a in action]
    code, _, err = run(capsys, *argv, "--store", typo)
    assert code == 1
    assert one_error(err, action[0]) == f"no store at {typo}\n"
    assert not typo.parent.exists() and not (tmp_path / "x.csv").exists()


def _other_files(tmp_path: Path) -> dict[str, Path]:
    plain = tmp_path / "plain.sqlite"
    con = sqlite3.connect(plain)
    con.execute("CREATE TABLE notes (a TEXT)")
    con.commit()
    con.close()
    other = tmp_path / "ports.gpkg"
    gdf = gpd.GeoDataFrame({"name": ["Haifa"]}, geometry=[Point(34.99, 32.82)], crs=4326)
    pyogrio.write_dataframe(gdf, other, layer="ports")
    return {
        "an SQLite database but not a GeoPackage": plain,
        "a GeoPackage without the table(s) sightings, claims, sources": other,
        "not an SQLite/GeoPackage file": write(tmp_path / "notes.gpkg", "just some text\n"),
        "an empty file": write(tmp_path / "empty.gpkg", b""),
        "a directory": tmp_path / "folder.gpkg",
    }


def test_files_that_are_not_a_store_are_refused_and_left_alone(store, tmp_path, capsys):
    (tmp_path / "folder.gpkg").mkdir()
    cut = tmp_path / "cut.gpkg"
    raw = store.read_bytes()
    write(cut, raw[: len(raw) // 2])
    cases = {**_other_files(tmp_path), "truncated": cut}
    seed = str(Path(__file__).parent.parent / "geodata" / "sightings.csv")
    for reason, path in cases.items():
        before = path.read_bytes() if path.is_file() else None
        for argv in (["sightings", "list"], ["sightings", "import", seed], ["claims", "list"]):
            code, _, err = run(capsys, *argv, "--store", path)
            assert code == 1, (reason, argv)
            message = one_error(err, argv[0])
            assert message.startswith(str(path)) and reason in message, message
        after = path.read_bytes() if path.is_file() else None
        assert after == before, reason
        assert not Path(f"{path}-wal").exists() and not Path(f"{path}-journal").exists()


def test_an_import_into_a_read_only_store_says_so(store, tmp_path, capsys):
    before = content(store)
    extra = write(tmp_path / "one.csv", csv_text([ROW]))
    store.chmod(0o444)
    try:
        code, _, err = run(capsys, "sightings", "import", extra, "--store", store)
        assert code == 1
        assert one_error(err) == f"{store} is read-only: cannot write to this store\n"
        assert run(capsys, "sightings", "list", "--store", store)[0] == 0  # reading still works
    finally:
        store.chmod(0o644)
    assert content(store) == before


LOCKER = textwrap.dedent(
    """\
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE sources SET organisation = 'uncommitted'")
    con.execute("DELETE FROM claims")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    con.execute("ROLLBACK")
    """
)


def test_reading_during_another_process_write_lock_gets_the_committed_rows(store, tmp_path, capsys):
    committed = content(store)
    script = write(tmp_path / "locker.py", LOCKER)
    locker = subprocess.Popen([sys.executable, str(script), str(store), "60"],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert locker.stdout.readline() == "locked\n"
        code, out, _ = run(capsys, "sightings", "list", "--store", store, "--format", "json")
        assert code == 0
        rows = json.loads(out)
        assert len(rows) == len(committed["sightings"]) and "uncommitted" not in out
        code, out, _ = run(capsys, "claims", "list", "--store", store, "--format", "json")
        assert code == 0 and len(json.loads(out)) == len(committed["claims"])
        assert locker.poll() is None  # the lock was still held: the reads did not wait for it
        extra = write(tmp_path / "one.csv", csv_text([ROW]))
        code, _, err = run(capsys, "sightings", "import", extra, "--store", store, "--wait", "0.5")
        assert code == 1
        assert one_error(err) == (
            f"{store}: another process is writing to the store; gave up after 0.5 s waiting for "
            "its lock (try again when it finishes, or wait longer with $CORRIDOR_STORE_WAIT)\n"
        )
        assert locker.poll() is None
    finally:
        locker.kill()
        locker.wait()
    assert content(store) == committed


def test_the_store_stays_a_geopackage_gdal_reads_while_open(store, capsys):
    assert run(capsys, "sightings", "list", "--store", store)[0] == 0
    counts = {n: pyogrio.read_info(store, layer=n)["features"] for n, _ in pyogrio.list_layers(store)}
    assert counts["sightings"] == len(content(store)["sightings"]) > 0


# --- Ctrl-C --------------------------------------------------------------------------------------


def _many_rows(n: int) -> str:
    days = pd.date_range("2020-01-01", periods=n, freq="h").strftime("%Y-%m-%dT%H:%M:%S")
    rows = [{**POINT, "time_precision": "datetime", "observed_start": d, "observed_end": d,
             "lat": f"{-30 - i * 1e-5:.5f}"} for i, d in enumerate(days)]  # fmt: skip
    return csv_text(rows)


def _open_files(pid: int) -> list[str]:
    """Paths of the files a process has open (Linux ``/proc``)."""
    found = []
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return found
    for fd in fds:
        try:
            found.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:  # closed meanwhile
            pass
    return found


def test_ctrl_c_during_an_import_is_one_line_exit_130_and_the_store_unchanged(store, tmp_path):
    big = write(tmp_path / "big.csv", _many_rows(200_000))
    before = content(store)
    proc = subprocess.Popen(
        [sys.executable, "-m", "corridor", "sightings", "import", str(big), "--store", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        # the import has started once the process has the store or the file open
        if any(str(store) in f or str(big) in f for f in _open_files(proc.pid)):
            break
        time.sleep(0.01)
    time.sleep(0.2)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err, err
    assert err.splitlines()[-1] == "corridor sightings: interrupted; nothing was half-written", err
    assert content(store) == before


def test_ctrl_c_in_process_gives_130(store, tmp_path, capsys, monkeypatch):
    """Ctrl-C arriving while the rows are being written (inside the transaction, after the
    inserts): one line, status 130, and the store as it was."""
    from corridor.store import _tables

    rows = write(tmp_path / "rows.csv", _many_rows(500))
    before = content(store)
    write_sightings = _tables.write_sightings

    def interrupted(*args, **kwargs):
        write_sightings(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(_tables, "write_sightings", interrupted)
    code, _, err = run(capsys, "sightings", "import", rows, "--store", store)
    assert code == 130 and err == "corridor sightings: interrupted; nothing was half-written\n"
    assert content(store) == before


# --- unreadable files ----------------------------------------------------------------------------


def _unreadable(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "folder.csv").mkdir()
    return {
        "latin-1": (write(tmp_path / "latin.csv", csv_text([{**ROW, "notes": "café"}])
                          .encode("latin-1")), "is not UTF-8 text (byte 0xe9 on line 2)"),
        "binary": (write(tmp_path / "image.csv", b"\x89PNG\r\n\x1a\n\x00\x00"),
                   "is binary, not CSV text"),
        "empty": (write(tmp_path / "empty.csv", b""), "is empty: expected a header row"),
        "quote": (write(tmp_path / "quote.csv", csv_text([ROW]) + '2025-03-04,"open\n'),
                  "is not valid CSV near line 3"),
        "json": (write(tmp_path / "bad.geojson", '{"type": "FeatureCollection", "features": ['),
                 "is not a readable GeoJSON file"),
        "gpkg": (write(tmp_path / "fake.gpkg", "not a geopackage\n"),
                 "is not a readable GeoPackage file"),
        "directory": (tmp_path / "folder.csv", "is a directory, not a table file"),
    }  # fmt: skip


@pytest.mark.parametrize("case", ["latin-1", "binary", "empty", "quote", "json", "gpkg", "directory"])
def test_unreadable_files_give_one_line_naming_the_file(store, tmp_path, capsys, case):
    path, reason = _unreadable(tmp_path)[case]
    before = content(store)
    for command in ("sightings", "claims"):
        code, _, err = run(capsys, command, "import", path, "--store", store)
        assert code == 1
        message = one_error(err, command)
        assert message.startswith(f"1 problem(s):\n  {path}: {reason}"), message
        assert len(message.splitlines()) == 2
    assert content(store) == before


def test_unreadable_sources_file_names_it(store, tmp_path, capsys):
    sightings = write(tmp_path / "s.csv", csv_text([ROW]))
    sources = write(tmp_path / "sources.csv", b"\xff\xfe\x00s")
    code, _, err = run(capsys, "sightings", "import", sightings, "--sources", sources,
                       "--store", store)  # fmt: skip
    assert code == 1 and f"{sources}: is binary, not CSV text" in one_error(err)


# --- bad rows and fields -------------------------------------------------------------------------


def _problems(err: str, command: str = "sightings") -> list[str]:
    lines = one_error(err, command).splitlines()
    assert lines[0] == f"{len(lines) - 1} problem(s):"
    return [line.strip() for line in lines[1:]]


def test_dates_out_of_range_or_impossible_are_field_problems(store, tmp_path, capsys):
    dates = ["0000-01-01", "1600-06-01", "9999-12-31", "2025-02-30"]
    rows = [{**ROW, "observed_start": d, "observed_end": d} for d in dates]
    path = write(tmp_path / "dates.csv", csv_text(rows + [ROW]))
    before = content(store)
    code, _, err = run(capsys, "sightings", "import", path, "--store", store)
    assert code == 1
    supported = "is outside the supported dates 1677-09-22..2262-04-11"
    why = ["is not a calendar date", supported, supported, "is not a calendar date"]
    expected = []
    for n, (d, w) in enumerate(zip(dates, why, strict=True), start=1):
        expected += [f"{path}, row {n}, field '{f}': '{d}' {w}" for f in ("observed_start", "observed_end")]  # fmt: skip
    assert _problems(err) == expected
    assert content(store) == before


def test_claim_and_source_dates_are_field_problems(store, tmp_path, capsys):
    claims = write(tmp_path / "c.csv", csv_text(
        [{**CLAIM, "claim_id": f"c{i}", "as_of": d} for i, d in enumerate(["9999-01-01", "2025-02-30"])],
        CLAIM_COLUMNS))  # fmt: skip
    before = content(store)
    code, _, err = run(capsys, "claims", "import", claims, "--store", store)
    assert code == 1
    assert _problems(err, "claims") == [
        f"{claims}, row 1, field 'as_of': '9999-01-01' is outside the supported dates 1677-09-22..2262-04-11",
        f"{claims}, row 2, field 'as_of': '2025-02-30' is not a calendar date",
    ]  # fmt: skip
    source = {"source_id": "harbour_log", "kind": "dataset", "organisation": "Port office",
              "publication": "Harbour log", "published": "1600-01-01", "url": "", "notes": ""}  # fmt: skip
    sources = write(tmp_path / "src.csv", csv_text([source], SOURCE_COLUMNS))
    rows = write(tmp_path / "s.csv", csv_text([{**ROW, "source_id": "harbour_log"}]))
    code, _, err = run(capsys, "sightings", "import", rows, "--sources", sources, "--store", store)
    assert code == 1
    assert _problems(err) == [f"{rows} (sources), row 1, field 'published': '1600-01-01' is "
                              "outside the supported dates 1677-09-22..2262-04-11"]  # fmt: skip
    assert content(store) == before


def test_integers_too_large_for_the_store_are_field_problems(store, tmp_path, capsys):
    path = write(tmp_path / "big.csv", csv_text([{**ROW, "asset_count": "9" * 25},
                                                 {**ROW, "personnel_low": "9007199254740992"}]))  # fmt: skip
    before = content(store)
    code, _, err = run(capsys, "sightings", "import", path, "--store", store)
    assert code == 1
    assert _problems(err) == [
        f"{path}, row 1, field 'asset_count': {'9' * 25} is too large (at most 9007199254740991)",
        f"{path}, row 2, field 'personnel_low': 9007199254740992 is too large (at most 9007199254740991)",
    ]  # fmt: skip
    assert content(store) == before


def test_minus_zero_and_zero_are_the_same_coordinate(store, tmp_path, capsys):
    zero = {**POINT, "lat": "0.0", "lon": "0.0"}
    first = write(tmp_path / "a.csv", csv_text([{**zero, "lat": "-0.0", "lon": "-0"}]))
    again = write(tmp_path / "b.csv", csv_text([zero]))
    code, out, _ = run(capsys, "sightings", "import", first, "--store", store)
    assert code == 0 and "1 added" in out
    code, out, _ = run(capsys, "sightings", "import", again, "--store", store)
    assert code == 0 and "0 added, 0 revised, 1 unchanged" in out


def test_a_row_with_more_fields_than_the_header_is_that_row(store, tmp_path, capsys):
    text = csv_text([ROW, ROW])
    lines = text.splitlines()
    lines[2] = lines[2] + ",spilled,over"
    path = write(tmp_path / "wide.csv", "\n".join(lines) + "\n")
    before = content(store)
    code, _, err = run(capsys, "sightings", "import", path, "--store", store)
    assert code == 1
    assert _problems(err) == [f"{path}, row 2: has 22 fields but the header has 20; quote a field "
                              "that contains a comma"]  # fmt: skip
    assert content(store) == before


def test_unknown_extra_columns_are_reported(store, tmp_path, capsys):
    columns = [*SIGHTING_COLUMNS, "vessel_mmsi"]
    path = write(tmp_path / "extra.csv", csv_text([{**ROW, "vessel_mmsi": "273"}], columns))
    before = content(store)
    code, _, err = run(capsys, "sightings", "import", path, "--store", store)
    assert code == 1
    (problem,) = _problems(err)
    assert problem.startswith(f"{path}, field 'vessel_mmsi': unknown column; the columns are observed_start")
    assert content(store) == before


def _features(tmp_path, rows, geometries, name="f.geojson") -> Path:
    gdf = gpd.GeoDataFrame(pd.DataFrame([{c: r.get(c, "") for c in SIGHTING_COLUMNS} for r in rows]),
                           geometry=geometries, crs=4326)  # fmt: skip
    path = tmp_path / name
    pyogrio.write_dataframe(gdf, path)
    return path


@pytest.mark.parametrize("suffix", ["geojson", "gpkg"])
def test_features_use_their_geometry(store, tmp_path, capsys, suffix):
    rows = [{**POINT, "lat": "", "lon": ""}, {**POINT, "lat": "10.5", "lon": "20.5"},
            {**POINT, "lat": "", "lon": ""}]  # fmt: skip
    geoms = [Point(151.2108, -33.8523), Point(20.6, 10.5), LineString([(0, 0), (1, 1)])]
    path = _features(tmp_path, rows, geoms, f"f.{suffix}")
    before = content(store)
    code, _, err = run(capsys, "sightings", "import", path, "--store", store)
    assert code == 1
    assert _problems(err) == [
        f"{path}, row 2, field 'lat': lat 10.5, lon 20.5 disagree with the feature's point "
        "(lat 10.5, lon 20.6)",
        f"{path}, row 3, field 'geometry': is a LineString; a sighting is a point",
    ]
    assert content(store) == before
    good = _features(tmp_path, rows[:1], geoms[:1], f"g.{suffix}")
    assert run(capsys, "sightings", "import", good, "--store", store)[0] == 0
    code, out, _ = run(capsys, "sightings", "list", "--store", store, "--format", "json",
                       "--bbox", "151", "-34", "152", "-33")  # fmt: skip
    (row,) = json.loads(out)
    assert (row["lat"], row["lon"]) == (-33.8523, 151.2108)


# --- output safety -------------------------------------------------------------------------------


FORMULAS = ["=HYPERLINK(\"http://example.net\")", "+1+2", "-3 ships", "@SUM(A1)", "\tx", "'=kept"]


def test_csv_output_neutralises_formulas_and_reads_back_exactly(store, tmp_path, capsys):
    rows = [{**ROW, "notes": note, "observed_start": f"2025-03-{i + 1:02d}",
             "observed_end": f"2025-03-{i + 1:02d}"} for i, note in enumerate(FORMULAS)]  # fmt: skip
    path = write(tmp_path / "f.csv", csv_text(rows))
    assert run(capsys, "sightings", "import", path, "--store", store)[0] == 0
    out_csv = tmp_path / "out.csv"
    assert run(capsys, "sightings", "export", "--store", store, "--out", out_csv, "--tag", "x")[0] == 0
    assert run(capsys, "sightings", "export", "--store", store, "--out", out_csv)[0] == 0
    for cells in csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8"))):
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells), cells
    code, listed, _ = run(capsys, "sightings", "list", "--store", store, "--format", "csv")
    for cells in csv.reader(io.StringIO(listed)):
        assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells), cells
    before = content(store)
    code, out, _ = run(capsys, "sightings", "import", out_csv, "--store", store)
    assert code == 0 and ": 0 added, 0 revised, " in out  # read back: the same sightings
    assert content(store) == before


def test_terminal_output_strips_control_characters(store, tmp_path, capsys):
    evil = "ok\x1b]0;owned\x07\x1b[2J\u202egnp.exe"
    path = write(tmp_path / "e.csv", csv_text([{**ROW, "notes": evil}]))
    assert run(capsys, "sightings", "import", path, "--store", store)[0] == 0
    sid = content(store)["sightings"][-1][2]
    code, out, _ = run(capsys, "sightings", "history", sid, "--store", store)
    assert code == 0 and "ok]0;owned[2Jgnp.exe" in out
    assert not any(ch in out for ch in "\x1b\x07\u202e")
    code, _, err = run(capsys, "sightings", "history", "s\x1b[31mred", "--store", store)
    assert code == 1 and "\x1b" not in err and "[31mred" in err


def test_kml_descriptions_are_escaped_for_viewers_that_render_html(store, tmp_path, capsys):
    note = "<img src=x onerror=alert(1)> & <b>bold</b>"
    path = write(tmp_path / "k.csv", csv_text([{**ROW, "notes": note}]))
    assert run(capsys, "sightings", "import", path, "--store", store)[0] == 0
    out = tmp_path / "s.kml"
    assert run(capsys, "sightings", "export", "--store", store, "--out", out)[0] == 0
    import xml.etree.ElementTree as ET

    ns = {"k": "http://www.opengis.net/kml/2.2"}
    descriptions = [d.text for d in ET.parse(out).getroot().iterfind(".//k:description", ns)]
    shown = [d for d in descriptions if "onerror" in d]
    assert len(shown) == 1
    assert "Notes: &lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in shown[0]
    assert "<img" not in shown[0] and "<b>" not in shown[0]


def test_layer_names_and_tile_attributions_are_escaped():
    import folium

    from corridor.maps.atlas import Page, render_page
    from corridor.maps.layers import add_sites, add_tiles, new_map
    from corridor.places.gazetteer import Gazetteer

    def build():
        m = new_map()
        add_sites(m, Gazetteer.default().sites.head(2), name="<img src=x onerror=alert(1)>")
        folium.LayerControl().add_to(m)
        add_tiles(m, "https://tiles.example.net/{z}/{x}/{y}.png", name="<b>web</b>",
                  attr="<script>alert(2)</script>")  # fmt: skip
        return m

    html = render_page(Page("p", "P", "d", build), mode="cdn")
    assert "onerror=alert(1)>" not in html and "<script>alert(2)" not in html and "<b>web" not in html
    amp = "\\u0026"  # tojson writes & as \u0026 inside scripts; the browser sees &lt;
    assert f"{amp}lt;img src=x onerror=alert(1){amp}gt;" in html
    assert f"{amp}lt;b{amp}gt;web{amp}lt;/b{amp}gt;" in html
    assert f"{amp}lt;script{amp}gt;alert(2){amp}lt;/script{amp}gt;" in html


def test_a_sites_file_with_bad_bytes_or_fields_names_them(tmp_path, tiny_sites_csv):
    from corridor.places.gazetteer import load_sites
    from corridor.validation import ValidationError

    bad = write(tmp_path / "sites_latin.csv", tiny_sites_csv.read_text().replace("Находка", "caf\xe9")
                .encode("latin-1", errors="replace"))  # fmt: skip
    with pytest.raises(ValidationError, match=r"sites_latin.csv: is not UTF-8 text \(byte 0xe9 on line 2\)"):
        load_sites(bad)
    wide = tiny_sites_csv.read_text().replace(",5000,", ",99999999999999999999,")
    with pytest.raises(ValueError, match="row 2, field 'location_precision_m': '9+' is not a whole"):
        load_sites(write(tmp_path / "sites_big.csv", wide))


def test_a_feature_placed_by_its_site_must_lie_at_the_site(store, tmp_path, capsys):
    from corridor.places.gazetteer import Gazetteer

    site = Gazetteer.default()["nakhodka"]
    rows = [{**ROW, "site_id": "nakhodka"}, {**ROW, "site_id": "nakhodka", "asset_count": "3"}]
    geoms = [Point(site["lon"], site["lat"]), Point(site["lon"] + 1.0, site["lat"])]
    path = _features(tmp_path, rows, geoms, "sited.geojson")
    before = content(store)
    code, _, err = run(capsys, "sightings", "import", path, "--store", store)
    assert code == 1
    (problem,) = _problems(err)
    assert problem.startswith(f"{path}, row 2, field 'site_id': the feature's point (lat ")
    assert "km from site 'nakhodka'; give lat/lon and location_precision_m, or the right site" in problem
    assert content(store) == before
    good = _features(tmp_path, rows[:1], geoms[:1], "good.geojson")
    code, out, _ = run(capsys, "sightings", "import", good, "--store", store)
    assert code == 0 and "1 added" in out
