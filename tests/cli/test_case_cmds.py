"""A corridor of one's own, end to end with the command line only: the invented Red Sea case,
built from an empty folder, routed, compared, extracted from a report and drawn."""

import shutil

import pandas as pd
import pytest

from corridor.case import examples_dir
from corridor.cli import main

EXAMPLE = examples_dir() / "red-sea-sealift"


def run(capsys, *argv) -> str:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def case(tmp_path, capsys):
    """The Red Sea case rebuilt in an empty folder through the CLI."""
    folder = tmp_path / "red-sea"
    c = ["--case", folder]
    run(capsys, "init", folder, "--title", "Red Sea sealift")
    assert "13 added" in run(capsys, "sites", "import", EXAMPLE / "sites.csv", *c)
    assert "4 added" in run(capsys, "sources", "import", EXAMPLE / "sources.csv", *c)
    asset = pd.read_csv(EXAMPLE / "assets.csv", dtype=str, keep_default_na=False).iloc[0]
    fields = [x for k, v in asset.items() if v for x in (f"--{k.replace('_', '-')}", v)]
    assert "'c130' added" in run(capsys, "assets", "add", *fields, *c)
    assert "9 added" in run(capsys, "sightings", "import", EXAMPLE / "sightings.csv", *c)
    assert "3 added" in run(capsys, "claims", "import", EXAMPLE / "claims.csv", *c)
    shutil.copy(EXAMPLE / "routes.csv", folder / "routes.csv")
    return folder


def test_lists_show_only_the_case(case, capsys):
    out = run(capsys, "sites", "list", "--case", case)
    assert "port_sudan\tPort Sudan\tport\tSD" in out and "dunai" not in out
    assert len(out.strip().splitlines()) == 1 + 13
    out = run(capsys, "sightings", "list", "--case", case)
    assert len(out.strip().splitlines()) == 1 + 9
    assert "c130" in run(capsys, "assets", "list", "--mode", "air", "--case", case)


def test_sea_and_air_routes_with_names_in_any_script(case, capsys):
    out = run(capsys, "route", "السويس", "Port Sudan", "--mode", "sea", "--case", case)
    assert "suez -> port_sudan" in out
    out = run(capsys, "route", "HECA", "Djibouti-Ambouli Airport", "--mode", "air", "--asset",
              "c130", "--case", case)  # fmt: skip
    assert "cairo_airport -> djibouti_airport" in out


def test_capacity_of_a_cargo_asset_against_the_claims_named(case, capsys):
    out = run(
        capsys, "capacity", "Cairo International Airport", "HSPN", "--asset", "c130", "--count", "2",
        "--cargo", "tonnes", "--load-h", "2", "3", "--unload-h", "2", "3",
        "--compare", "example_cargo_delivered_q1=90", "--case", case,
    )  # fmt: skip
    assert "tonnes_per_trip_high\t19.0" in out
    rows = [line.split("\t") for line in out.splitlines() if line.startswith("cargo_q1_")]
    assert {r[0] for r in rows} == {"cargo_q1_ministry", "cargo_q1_institute"}
    assert all(r[3] == "tonnes" and r[6] in ("yes", "maybe", "no") for r in rows)


def test_report_extract_and_accept_into_the_case_store(case, tmp_path, capsys):
    review = tmp_path / "review.csv"
    report = EXAMPLE / "reports" / "2025-04-02_example_monitor.txt"
    run(capsys, "report", "extract", report, "--publisher", "Example Maritime Monitor",
        "--published", "2025-04-02", "--out", review, "--case", case)  # fmt: skip
    table = pd.read_csv(review, dtype=str, keep_default_na=False)
    sightings = table[table["kind"] == "sighting"]
    assert {"port_sudan", "port_sudan_airport"} <= set(sightings["site_id"])
    assert "dunai" not in set(table.get("site_id", []))
    table.loc[table["kind"].isin(["sighting", "claim"]), "accept"] = "yes"
    table.to_csv(review, index=False)
    out = run(capsys, "report", "accept", review, "--case", case)
    assert "added" in out
    listed = run(capsys, "sightings", "list", "--case", case)
    assert len(listed.strip().splitlines()) > 1 + 9


def test_export_from_one_case_imports_whole_into_another(case, tmp_path, capsys):
    out = tmp_path / "share.gpkg"
    run(capsys, "sightings", "export", "--format", "gpkg", "--out", out, "--case", case)
    other = tmp_path / "colleague"
    run(capsys, "init", other)
    assert not (other / "corridor.gpkg").exists()
    text = run(capsys, "sightings", "import", out, "--case", other)
    assert "9 added" in text and "3 new source(s)" in text  # the sources its sightings cite
    csv = tmp_path / "share.csv"
    run(capsys, "sightings", "export", "--format", "csv", "--out", csv, "--case", case)
    assert (tmp_path / "share.sources.csv").is_file()
    third = tmp_path / "third"
    run(capsys, "init", third)
    assert "9 added" in run(capsys, "sightings", "import", csv, "--case", third)


@pytest.mark.browser
def test_atlas_of_the_case_draws_only_its_data(case, tmp_path, capsys, chromium):
    out = tmp_path / "atlas"
    text = run(capsys, "atlas", "--case", case, "--out", out, "--check")
    drawn = {line.split(":")[0].rsplit("/", 1)[-1]: line for line in text.splitlines() if ": " in line}
    # 13 sites; 9 sightings of the store (the one placed at sea included); nothing of another case
    assert "markers 13" in drawn["sites_and_sightings.html"]
    assert "circle_markers 9" in drawn["sites_and_sightings.html"]
    assert "lines" in drawn["routes.html"]
    html = (out / "sites_and_sightings.html").read_text(encoding="utf-8")
    assert "Port Sudan" in html and "Dunai" not in html and "Sunan" not in html
    assert "Red Sea sealift" in (out / "index.html").read_text(encoding="utf-8")


def test_bad_rows_are_reported_and_the_case_is_untouched(case, tmp_path, capsys):
    bad = tmp_path / "bad_sites.csv"
    rows = pd.read_csv(EXAMPLE / "sites.csv", dtype=str, keep_default_na=False).head(2)
    rows.loc[0, "lat"] = "123"
    rows.loc[1, "kind"] = "harbor"
    rows.to_csv(bad, index=False)
    before = (case / "sites.csv").read_bytes()
    assert main(["sites", "import", str(bad), "--case", str(case)]) == 1
    err = capsys.readouterr().err
    assert "row 2, field 'lat'" in err and "row 3, field 'kind'" in err and "Traceback" not in err
    assert (case / "sites.csv").read_bytes() == before
