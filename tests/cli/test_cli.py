import csv
import io
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
    assert main(["geocode", "Nakhodkaville"]) == 1
    err = capsys.readouterr().err
    assert "no site matches 'Nakhodkaville'; closest: Nakhodka (nakhodka" in err


def test_geocode_json_carries_status_score_source_and_precision(capsys):
    assert main(["geocode", "Irkutsk", "FNJ", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(r["status"], r["matched_by"], r["source"]) for r in out] == [
        ("resolved", "geonames", "geonames:2023469"), ("resolved", "code", "airportsdata:ZKPY"),
    ]  # fmt: skip
    assert out[0]["site_id"] is None and out[1]["location_precision_m"] == 1000
    assert [r["score"] for r in out] == [100.0, 100.0]


def test_geocode_reads_stdin_and_writes_csv_with_hints(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Sergeevka\nСергеевка\n\n"))
    assert main(["geocode", "-", "--near", "Ussuriysk", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["query"], r["site_id"], r["status"]) for r in rows] == [
        ("Sergeevka", "sergeevka_base", "resolved"), ("Сергеевка", "sergeevka_base", "resolved"),
    ]  # fmt: skip


def test_geocode_reads_a_file_and_reports_ambiguity(tmp_path, capsys):
    names = tmp_path / "names.txt"
    names.write_text("Dunai\nSergeevka\n", encoding="utf-8")
    assert main(["geocode", "--input", str(names)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split("\t")[:2] == ["Dunai", "dunai"]
    assert lines[1].split("\t")[7] == "ambiguous"
    assert "corridor geocode: 'Sergeevka' is ambiguous: it fits 2 places" in captured.err
    assert main(["geocode", "Sergeevka", "--kind", "base", "--country", "RU"]) == 0


def test_geocode_without_names_or_with_bad_hints_fails_clearly(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    assert main(["geocode", "--input", "-"]) == 1
    assert "no names given" in capsys.readouterr().err
    assert main(["geocode", "Dunai", "--kind", "harbour"]) == 1
    assert "kind='harbour' is not a site kind" in capsys.readouterr().err


def test_check_claim_prints_the_verdict(capsys):
    assert main(["check-claim", "the port of Dunay, 95 kilometers southwest of Nakhodka"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "inconsistent: Dunay lies 48 km W (bearing 275°) of Nakhodka; claimed 95 km SW"
    )
    assert main(["check-claim", "48 km W of Nakhodka", "--subject", "Dunai", "--json"]) == 0
    (check,) = json.loads(capsys.readouterr().out)
    assert (check["verdict"], check["subject_site_id"], check["claimed_km"]) == (
        "consistent",
        "dunai",
        48.0,
    )
    assert main(["check-claim", "no numbers here"]) == 1
    assert "no distance statement found" in capsys.readouterr().err


def test_console_script_runs_as_a_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "corridor", "atlas", "--out", str(tmp_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert (tmp_path / "index.html").exists()
    assert (tmp_path / "sites_and_sightings.html").exists()
    assert str(tmp_path / "index.html") in result.stdout


def test_user_errors_name_the_file_in_one_line(tmp_path, capsys):
    latin = tmp_path / "names.txt"
    latin.write_bytes("Dunai\ncaf\xe9\n".encode("latin-1"))
    assert main(["geocode", "--input", str(latin)]) == 1
    err = capsys.readouterr().err
    assert err == f"corridor geocode: error: {latin}: not UTF-8 text (byte 9); save it as UTF-8\n"
    assert main(["geocode", "--input", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"corridor geocode: error: {tmp_path}: Is a directory\n"
    assert main(["geocode", "--input", str(tmp_path / "absent.txt")]) == 1
    assert capsys.readouterr().err.endswith("absent.txt: No such file or directory\n")


def test_describe_gives_the_message_without_the_exception_type():
    import sqlite3

    from corridor.cli import describe

    assert describe(KeyError("no sighting 's1'")) == "no sighting 's1'"
    assert describe(FileNotFoundError(2, "No such file or directory", "x.csv")) == (
        "x.csv: No such file or directory"
    )
    assert describe(sqlite3.DatabaseError("file is not a database")) == (
        "the store cannot be used: file is not a database"
    )
