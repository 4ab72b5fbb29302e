import io
import json
import os

import pandas as pd

from corridor.cli import main

TEXT = (
    "Satellite images show a Ropucha-class landing ship arriving at the port of Dunai on May 18. "
    "TASS said 1,000 sappers would follow."
)


def test_extract_then_accept(tmp_path, capsys):
    report = tmp_path / "note.txt"
    report.write_text(TEXT, encoding="utf-8")
    review = tmp_path / "review.json"
    args = ["report", "extract", str(report), "--publisher", "Example Post",
            "--published", "2025-07-02", "--url", "https://example.org/note", "--out", str(review)]  # fmt: skip
    assert main(args) == 0
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith(
            "note.txt: 1 candidate sighting(s), 1 candidate claim(s), 1 place mention(s) -> "
            + str(review)
        )
    )
    rows = json.loads(review.read_text(encoding="utf-8"))
    assert [(r["kind"], r["source_id"], r["source_url"]) for r in rows] == [
        ("sighting", "report_note", "https://example.org/note"),
        ("place", "report_note", "https://example.org/note"),
        ("claim", "report_note", "https://example.org/note"),
    ]
    for r in rows:
        r["accept"] = "yes"
    review.write_text(json.dumps(rows), encoding="utf-8")
    store = tmp_path / "store.gpkg"
    assert main(["report", "accept", str(review), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "sightings: " + str(review) + ": 1 added" in out
    assert "claims: " + str(review) + ": 1 added" in out


def test_extract_to_stdout_and_errors(tmp_path, capsys):
    report = tmp_path / "note.txt"
    report.write_text(TEXT, encoding="utf-8")
    assert (
        main(["report", "extract", str(report), "--publisher", "P", "--published", "2025-07-02"])
        == 0
    )
    captured = capsys.readouterr()
    table = pd.read_csv(pd.io.common.StringIO(captured.out), dtype=str, keep_default_na=False)
    assert table["kind"].tolist() == ["sighting", "place", "claim"]
    assert "1 candidate sighting(s)" in captured.err
    assert (
        main(["report", "extract", str(report), "--publisher", "P", "--published", "July 2"]) == 1
    )
    assert "--published 'July 2' is not a date; write YYYY-MM-DD" in capsys.readouterr().err
    store = str(tmp_path / "store.gpkg")
    assert main(["report", "accept", str(tmp_path / "missing.csv"), "--store", store]) == 1
    assert "missing.csv: no such review file" in capsys.readouterr().err


def test_a_command_passes_its_case_to_the_library(tmp_path, capsys, monkeypatch):
    """Place names of a report resolve to the ``--case`` case's sites, not to the shipped
    default's, and nothing is left in the environment."""
    monkeypatch.delenv("CORRIDOR_CASE", raising=False)
    report = tmp_path / "red.txt"
    report.write_text("A landing ship arrived at Suakin on May 3.", encoding="utf-8")
    args = ["report", "extract", str(report), "--publisher", "P", "--published", "2025-07-02"]
    assert main([*args, "--case", "red-sea-sealift"]) == 0
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert "suakin" in set(rows["site_id"])
    assert "CORRIDOR_CASE" not in os.environ
    assert main(args) == 0  # the shipped default case has no site of that name
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert "suakin" not in set(rows["site_id"])
