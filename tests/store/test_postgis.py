"""What only a PostgreSQL store has: a server URL, PostGIS layers, roles, many writers at once.

The behaviour both backends share is tested once, on both, in ``test_geopackage.py``.
"""

import io
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from urllib.parse import urlsplit

import pandas as pd
import psycopg
import pytest

from corridor.cli import main
from corridor.store.geopackage import ENV_VAR, open_store
from corridor.store.postgis import PostgisStore
from corridor.store.transfer import dump

ROW = {
    "observed_start": "2024-11-03", "observed_end": "2024-11-03", "time_precision": "day",
    "site_id": "knevichi", "asset_class": "transport aircraft", "asset_count": "2",
    "activity": "present", "source_id": "report_000", "confidence": "possible",
}  # fmt: skip


def one(rows):
    from corridor.evidence.sightings import SIGHTING_COLUMNS

    return pd.DataFrame([{c: r.get(c, "") for c in SIGHTING_COLUMNS} for r in rows])


def test_url_and_environment_open_a_postgis_store(postgis_url, monkeypatch, case):
    monkeypatch.setenv(ENV_VAR, postgis_url)
    store = open_store(case=case)
    assert isinstance(store, PostgisStore) and store.url == postgis_url
    assert store.counts()["sightings"] == 0 and store.counts()["sources"] > 0
    parts = urlsplit(postgis_url)
    if parts.password is None:  # a password the trusting test server ignores stays out of messages
        user, host = (
            parts.netloc.rsplit("@", 1) if "@" in parts.netloc else ("postgres", parts.netloc)
        )
        secret = postgis_url.replace(parts.netloc, f"{user}:s3cret@{host}", 1)
        shown = open_store(secret)
        assert "s3cret" not in repr(shown) and f"{user}:***@{host}" in shown.path


def test_unreachable_server_is_one_line(tmp_path):
    with pytest.raises(
        ConnectionError,
        match=r"^postgresql://nobody@127\.0\.0\.1:1/x\?connect_timeout=2: cannot connect",
    ):
        open_store("postgresql://nobody@127.0.0.1:1/x?connect_timeout=2")


def test_points_are_postgis_geometries_with_a_gist_index(postgis_url, postgres_schema, case):
    store = open_store(postgis_url, case=case)
    store.import_seed()
    server, schema = postgres_schema
    with psycopg.connect(server) as con:
        geometry = con.execute(
            "SELECT f_table_name, f_geometry_column, type, srid FROM geometry_columns"
            " WHERE f_table_schema = %s", (schema,)
        ).fetchall()  # fmt: skip
        index = con.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND indexdef LIKE '%%gist%%'",
            (schema,),
        ).fetchall()
        con.execute(f"SET search_path = {schema}, public")
        con.execute("SET enable_seqscan = off")
        plan = " ".join(r[0] for r in con.execute(
            "EXPLAIN SELECT fid FROM sightings WHERE geom && ST_MakeEnvelope(130, 42, 134, 45, 4326)"
        ))  # fmt: skip
    assert geometry == [("sightings", "geom", "POINT", 4326)]
    assert len(index) == 1 and "(geom)" in index[0][0]
    assert "sightings_geom_gist" in plan
    every = store.sightings()
    inside = every[every["lon"].between(130, 134) & every["lat"].between(42, 45)]
    far_east = store.sightings(bbox=(130, 42, 134, 45))
    assert 0 < len(far_east) < len(every)
    assert far_east["sighting_id"].tolist() == inside["sighting_id"].tolist()


def ogrinfo_pg(ogrinfo, server, schema):
    u = urlsplit(server)
    conn = (f"PG:host={u.hostname} port={u.port or 5432} dbname={u.path.lstrip('/')}"
            f" user={u.username} schemas={schema}")  # fmt: skip
    run = subprocess.run([ogrinfo, "-so", "-al", "-oo", "LIST_ALL_TABLES=YES", conn],
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "ERROR" not in run.stderr, run.stderr
    names = re.findall(r"^Layer name: (\w+)", run.stdout, flags=re.M)
    counts = [int(n) for n in re.findall(r"^Feature Count: (\d+)", run.stdout, flags=re.M)]
    return dict(zip(names, counts, strict=True))


def test_ogrinfo_lists_the_layers_with_their_counts(postgis_url, postgres_schema, ogrinfo, case):
    store = open_store(postgis_url, case=case)
    store.import_seed()
    sid = store.sightings()["sighting_id"].iloc[0]
    store.revise(sid, notes="seen again on later imagery")
    counts = ogrinfo_pg(ogrinfo, *postgres_schema)
    print(counts)  # shown by `pytest -s` in CI
    assert counts == store.counts()
    assert counts["sighting_revisions"] == 2 and counts["sightings"] == len(store.sightings())


@pytest.fixture
def reader_role(postgres_schema):
    """A role that may only read the schema's tables: ``(name, server, schema)``."""
    server, schema = postgres_schema
    role = "reader_" + uuid.uuid4().hex[:8]
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE ROLE {role} LOGIN")
    yield role
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"DROP OWNED BY {role}")
        con.execute(f"DROP ROLE {role}")


def test_a_read_only_role_lists_and_exports_but_cannot_import(
    postgis_url, postgres_schema, reader_role, schema_url, tmp_path, capsys, case
):
    server, schema = postgres_schema
    writer = open_store(postgis_url, case=case)
    writer.import_seed()
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"GRANT USAGE ON SCHEMA {schema} TO {reader_role}")
        con.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {reader_role}")
    url = schema_url(server, schema, user=reader_role)
    reader = open_store(url, case=case)
    assert reader.sightings()["sighting_id"].tolist() == writer.sightings()["sighting_id"].tolist()
    assert len(reader.claims()) == len(writer.claims())
    reader.export(tmp_path / "out.geojson")
    assert (tmp_path / "out.geojson").stat().st_size > 0
    before = writer.counts()
    with pytest.raises(PermissionError, match=f"role '{reader_role}' may read this store but not"):
        reader.import_sightings(one([ROW]), origin="reader.csv")
    assert writer.counts() == before
    assert main(["sightings", "import", "--seed", "--store", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "may read this store but not write to it" in err
    assert main(["sightings", "list", "--store", url, "--format", "csv"]) == 0
    listed = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert listed["sighting_id"].tolist() == writer.sightings()["sighting_id"].tolist()


WRITER = textwrap.dedent(
    """\
    import sys
    import pandas as pd
    from corridor.evidence.sightings import SIGHTING_COLUMNS
    from corridor.store.geopackage import open_store

    url, first, n, note = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rows = [{c: "" for c in SIGHTING_COLUMNS} | {
        "observed_start": "2024-11-03", "observed_end": "2024-11-03", "time_precision": "day",
        "lat": f"{43 + (first + i) * 1e-5:.5f}", "lon": "131.9", "location_precision_m": "100",
        "activity": "present", "source_id": "report_000", "confidence": "possible",
        "notes": note,
    } for i in range(n)]
    print(open_store(url).import_sightings(pd.DataFrame(rows), origin=f"writer {first}"))
    """
)


def run_writers(script, url, jobs):
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), url, str(first), str(n), note],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for first, n, note in jobs
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), outputs
    return [out for out, _ in outputs]


@pytest.mark.slow
def test_eight_writers_at_once_add_40000_and_record_every_revision(postgis_url, tmp_path, case):
    store = open_store(postgis_url, case=case)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    outputs = run_writers(script, postgis_url, [(k * 5000, 5000, "") for k in range(8)])
    assert all("5000 added, 0 revised" in out for out in outputs), outputs
    # then the eight edit 100 sightings of their neighbour's at once: 800 new revisions
    outputs = run_writers(script, postgis_url,
                          [(((k + 1) % 8) * 5000, 100, f"checked by {k}") for k in range(8)])  # fmt: skip
    assert all("0 added, 100 revised" in out for out in outputs), outputs
    counts = store.counts()
    assert (counts["sightings"], counts["sighting_revisions"]) == (40000, 1600)
    rows = store.sightings()
    assert rows["sighting_id"].is_unique and rows["lat"].round(5).is_unique
    assert rows["revision"].value_counts().to_dict() == {1: 39200, 2: 800}
    origins = dump(store)["sightings"]["origin"].value_counts().to_dict()
    assert origins == {f"writer {k * 5000}": 5000 for k in range(8)}
    edited = rows.loc[rows["revision"] == 2, "sighting_id"].iloc[0]
    history = store.history(edited)
    assert history["change"].tolist() == ["created", "changed notes"]


@pytest.mark.slow
def test_a_writer_killed_mid_import_leaves_nothing(postgis_url, postgres_schema, tmp_path, case):
    server, schema = postgres_schema
    store = open_store(postgis_url, case=case)
    store.import_seed()
    before = store.counts()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen([sys.executable, str(script), postgis_url, "0", "100000", ""])
    watch = psycopg.connect(server, autocommit=True)
    deadline = time.monotonic() + 300
    holding = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
    while not watch.execute(holding).fetchall() and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    time.sleep(0.05)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert store.counts() == before  # readers never saw the unfinished import
    while watch.execute(holding).fetchall():  # the server notices the dropped connection
        assert time.monotonic() < deadline
        time.sleep(0.01)
    watch.close()
    assert store.counts() == before
    report = store.import_sightings(one([ROW]), origin="after.csv")
    assert report.added == 1 and store.counts()["sightings"] == before["sightings"] + 1


def test_readers_are_not_blocked_by_a_writer(postgis_url, case):
    store = open_store(postgis_url, case=case)
    store.import_sightings(one([ROW]), origin="first.csv")
    seen = []
    with store._transaction() as con:  # a writer holding the lock, its rows not committed
        con.execute("UPDATE sightings SET notes = 'being edited'")
        reader = threading.Thread(target=lambda: seen.append(store.sightings()["notes"].tolist()))
        reader.start()
        reader.join(timeout=60)
        assert not reader.is_alive()
    assert seen == [[""]]
    assert store.sightings()["notes"].tolist() == ["being edited"]
