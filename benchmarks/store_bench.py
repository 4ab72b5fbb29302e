"""Store benchmark: bulk import and window + bounding-box queries, against plain GDAL writes/reads.

1. Import 100,000 synthetic sightings into a fresh store (validation, identity hashes, revision
   bookkeeping, GeoPackage with its R-tree, one transaction). Anchor: ``pyogrio.write_dataframe``
   of the same rows to a fresh GeoPackage (no validation, no deduplication).
2. Query a 1,000,000-sighting store by time window and bounding box (``Store.sightings``).
   Anchor: ``geopandas.read_file`` with the same ``bbox`` on a GeoPackage written by GDAL, then
   the time window applied in pandas. Warm: the median of repeated queries in this process
   (the store keeps its connection and page cache). Cold: one query in a new process with a new
   connection, as a command-line user gets it (the operating system's file cache may still hold
   the file; imports of Python packages are not counted).

Run: ``.venv/bin/python benchmarks/store_bench.py`` (about a minute and 1.5 GB of disk in a
temporary folder; ``--scale 0.1`` for a tenth of the rows). Figures depend on the machine and on its load, printed alongside.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from corridor.case import open_case
from corridor.evidence.sightings import SIGHTING_COLUMNS
from corridor.store.geopackage import open_store

IMPORT_ROWS = 100_000
QUERY_ROWS = 1_000_000
WINDOW = ("2025-05-01", "2025-05-31")
BBOX = (131.0, 42.0, 132.0, 43.0)  # 1 x 1 degree around Vladivostok
REPEAT = 15
#: The shipped example case whose sites and sources the synthetic rows cite.
CASE = "dprk-russia"


def synthetic(n: int, seed: int) -> pd.DataFrame:
    """``n`` distinct day-level point sightings spread over Korea and the Russian Far East, 2024-25."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 731, n), unit="D")
    date = days.strftime("%Y-%m-%d")
    table = pd.DataFrame({c: [""] * n for c in SIGHTING_COLUMNS})
    table["observed_start"] = date
    table["observed_end"] = date
    table["time_precision"] = "day"
    table["lat"] = [f"{v:.5f}" for v in rng.uniform(38, 46, n)]
    table["lon"] = [f"{v:.5f}" for v in rng.uniform(125, 135, n)]
    table["location_precision_m"] = "100"
    table["asset_class"] = rng.choice(["landing ship", "Il-76", "freight train", "truck"], n)
    table["asset_name"] = [f"synthetic-{seed}-{i}" for i in range(n)]
    table["asset_count"] = rng.integers(1, 5, n).astype(str)
    table["activity"] = rng.choice(["arrived", "departed", "present", "loading"], n)
    table["source_id"] = "report_000"
    table["confidence"] = rng.choice(["confirmed", "probable", "possible"], n)
    return table


def as_geodataframe(table: pd.DataFrame) -> gpd.GeoDataFrame:
    lon, lat = table["lon"].astype(float), table["lat"].astype(float)
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    """Median wall time of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cpu_timed(fn) -> tuple[float, float, object]:
    """Wall and CPU time of this process for one call (the CPU time is what an idle machine's
    wall time would be for single-threaded work; the machine may be shared)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


COLD = """
import sys, time
import geopandas as gpd
from corridor.case import open_case
from corridor.store.geopackage import open_store
path, which = sys.argv[1], sys.argv[2]
window, bbox = ({window!r}), ({bbox!r})
start = time.perf_counter()
if which == "store":
    found = open_store(path, case=open_case({case!r}), create=False).sightings(*window, bbox=bbox)
else:
    read = gpd.read_file(path, bbox=bbox, engine="pyogrio")
    found = read[(read["observed_end"] >= window[0]) & (read["observed_start"] <= window[1])]
print(time.perf_counter() - start, len(found))
"""


def cold(path: Path, which: str) -> tuple[float, int]:
    """Seconds of one query in a new process (package imports not counted), and rows found."""
    script = COLD.format(window=WINDOW, bbox=BBOX, case=CASE)
    run = subprocess.run([sys.executable, "-c", script, str(path), which],
                         capture_output=True, text=True, check=True)  # fmt: skip
    seconds, rows = run.stdout.split()
    return float(seconds), int(rows)


def main() -> None:
    global IMPORT_ROWS, QUERY_ROWS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the default rows")
    scale = parser.parse_args().scale
    IMPORT_ROWS, QUERY_ROWS = int(IMPORT_ROWS * scale), int(QUERY_ROWS * scale)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows = synthetic(IMPORT_ROWS, seed=0)

        store = open_store(tmp / "import.gpkg", case=open_case(CASE))
        t_store, c_store, report = cpu_timed(lambda: store.import_sightings(rows, origin="synth"))
        assert report.added == IMPORT_ROWS, report
        gdf = as_geodataframe(rows)
        t_gdal, c_gdal, _ = cpu_timed(
            lambda: pyogrio.write_dataframe(gdf, tmp / "anchor.gpkg", layer="s")
        )
        print(f"\nimport {IMPORT_ROWS:,} sightings                wall      rows/s     CPU")
        print(f"  Store.import_sightings         {t_store:5.2f} s {IMPORT_ROWS / t_store:10,.0f}"
              f"  {c_store:5.2f} s")  # fmt: skip
        print(f"  anchor pyogrio.write_dataframe {t_gdal:5.2f} s {IMPORT_ROWS / t_gdal:10,.0f}"
              f"  {c_gdal:5.2f} s")  # fmt: skip
        print(f"  ratio store / anchor           {t_store / t_gdal:5.2f}   (CPU {c_store / c_gdal:.2f};"
              " target: store < 3 s)")  # fmt: skip
        t_again, again = timed(lambda: store.import_sightings(rows, origin="synthetic"))
        assert again.unchanged == IMPORT_ROWS, again
        print(f"  re-import (adds 0)             {t_again:6.2f} s")

        big = open_store(tmp / "big.gpkg", case=open_case(CASE))
        anchor = tmp / "big_anchor.gpkg"
        t0 = time.perf_counter()
        for k in range(QUERY_ROWS // IMPORT_ROWS):
            batch = synthetic(IMPORT_ROWS, seed=100 + k)
            big.import_sightings(batch, origin=f"batch {k}")
            pyogrio.write_dataframe(as_geodataframe(batch), anchor, layer="s", append=k > 0)
        print(f"\nbuilt two stores of {QUERY_ROWS:,} sightings in {time.perf_counter() - t0:.0f} s")

        t_query, found = timed(lambda: big.sightings(*WINDOW, bbox=BBOX), REPEAT)

        def anchor_query():
            read = gpd.read_file(anchor, bbox=BBOX, engine="pyogrio")
            return read[(read["observed_end"] >= WINDOW[0]) & (read["observed_start"] <= WINDOW[1])]

        t_anchor, expected = timed(anchor_query, REPEAT)
        assert len(found) == len(expected), (len(found), len(expected))
        print(f"window {WINDOW[0]}..{WINDOW[1]} + bbox {BBOX} over {QUERY_ROWS:,} rows "
              f"-> {len(found):,} sightings (median of {REPEAT})")  # fmt: skip
        print(f"  Store.sightings               {t_query * 1000:7.1f} ms  "
              f"{QUERY_ROWS / t_query:14,.0f} rows/s scanned")  # fmt: skip
        print(f"  anchor geopandas.read_file    {t_anchor * 1000:7.1f} ms  "
              f"{QUERY_ROWS / t_anchor:14,.0f} rows/s scanned")  # fmt: skip
        print(
            f"  ratio store / anchor          {t_query / t_anchor:7.2f}  (target: store < 100 ms)"
        )
        big.close()
        c_query, c_found = cold(big.path, "store")
        c_anchor, c_expected = cold(anchor, "anchor")
        assert c_found == c_expected == len(found), (c_found, c_expected, len(found))
        print("cold: one query in a new process, new connection (imports not counted)")
        print(f"  Store.sightings               {c_query * 1000:7.1f} ms")
        print(f"  anchor geopandas.read_file    {c_anchor * 1000:7.1f} ms")
        print(f"  ratio store / anchor          {c_query / c_anchor:7.2f}")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


# --- PostgreSQL + PostGIS -------------------------------------------------------------------------


def postgis_url() -> str | None:
    """The server of the PostGIS figures: ``$CORRIDOR_BENCH_POSTGRES``, else the test server."""
    return os.environ.get("CORRIDOR_BENCH_POSTGRES") or os.environ.get("CORRIDOR_TEST_POSTGRES")


def postgis_main(import_rows: int = IMPORT_ROWS, query_rows: int = QUERY_ROWS) -> None:
    """The same import and query on a PostGIS store, against ``GeoDataFrame.to_postgis`` and
    ``geopandas.read_postgis`` (SQLAlchemy + GeoAlchemy2, a GiST index on the anchor table)."""
    url = postgis_url()
    if not url:
        print("\nPostGIS figures skipped: set $CORRIDOR_BENCH_POSTGRES to a postgresql:// URL")
        return
    import psycopg
    import sqlalchemy

    schema = f"store_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        con.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in url else "?"
    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        print(f"\nPostGIS, load average {os.getloadavg()[0]:.1f}")
        store = open_store(f"{url}{joiner}options=-csearch_path%3D{schema},public",
                           case=open_case(CASE))
        _postgis_import(store, engine, schema, import_rows)
        _postgis_query(store, engine, schema, import_rows, query_rows)
    finally:
        engine.dispose()
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


def _postgis_import(store, engine, schema: str, n: int) -> None:
    rows = synthetic(n, seed=0)
    t_store, c_store, report = cpu_timed(lambda: store.import_sightings(rows, origin="synth"))
    assert report.added == n, report
    gdf = as_geodataframe(rows)
    t_anchor, c_anchor, _ = cpu_timed(lambda: gdf.to_postgis("anchor", engine, schema=schema))
    print(f"import {n:,} sightings                   wall      rows/s     CPU (client)")
    print(f"  PostgisStore.import_sightings     {t_store:5.2f} s {n / t_store:10,.0f}"
          f"  {c_store:5.2f} s")  # fmt: skip
    print(f"  anchor GeoDataFrame.to_postgis    {t_anchor:5.2f} s {n / t_anchor:10,.0f}"
          f"  {c_anchor:5.2f} s")  # fmt: skip
    print(f"  ratio store / anchor              {t_store / t_anchor:5.2f}")
    t_again, again = timed(lambda: store.import_sightings(rows, origin="synthetic"))
    assert again.unchanged == n, again
    print(f"  re-import (adds 0)                {t_again:5.2f} s")


def _postgis_query(store, engine, schema: str, import_rows: int, query_rows: int) -> None:
    t0 = time.perf_counter()
    for k in range(1, query_rows // import_rows):  # batch 0 is in both from the import figures
        batch = synthetic(import_rows, seed=k)
        store.import_sightings(batch, origin=f"batch {k}")
        as_geodataframe(batch).to_postgis("anchor", engine, schema=schema, if_exists="append")
    with engine.begin() as con:
        con.exec_driver_sql(f"ANALYZE {schema}.anchor")
        con.exec_driver_sql(f"ANALYZE {schema}.sightings")
    print(f"built two tables of {query_rows:,} sightings in {time.perf_counter() - t0:.0f} s")
    t_query, found = timed(lambda: store.sightings(*WINDOW, bbox=BBOX), REPEAT)
    sql = (
        f"SELECT * FROM {schema}.anchor WHERE geometry && ST_MakeEnvelope(%(a)s, %(b)s, %(c)s,"
        " %(d)s, 4326) AND observed_end >= %(s)s AND observed_start <= %(e)s"
    )
    params = dict(zip("abcd", BBOX, strict=True)) | {"s": WINDOW[0], "e": WINDOW[1]}
    t_anchor, expected = timed(
        lambda: gpd.read_postgis(sql, engine, geom_col="geometry", params=params), REPEAT
    )
    assert len(found) == len(expected), (len(found), len(expected))
    print(f"window {WINDOW[0]}..{WINDOW[1]} + bbox {BBOX} over {query_rows:,} rows "
          f"-> {len(found):,} sightings (median of {REPEAT})")  # fmt: skip
    print(f"  PostgisStore.sightings            {t_query * 1000:7.1f} ms")
    print(f"  anchor geopandas.read_postgis     {t_anchor * 1000:7.1f} ms")
    print(f"  ratio store / anchor              {t_query / t_anchor:7.2f}")


if __name__ == "__main__":
    main()
    postgis_main()
