import csv
from datetime import date

import pytest

from corridor.reports.extract import extract
from corridor.reports.review import read_review, write_review


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_csv_review_neutralises_formulas_and_reads_them_back(tmp_path, lead):
    text = f"{lead}HYPERLINK(1) TASS said 1,000 sappers arrived at Rajin on May 3."
    x = extract(text, publisher=f"{lead}cmd|' /C calc'!A0", published=date(2025, 7, 2), name="t")
    path = write_review(x, tmp_path / "review.csv")
    with path.open(encoding="utf-8", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert any(c.startswith("'" + lead) for c in cells)
    back = read_review(path)
    assert back["evidence"].tolist() == x.candidates["evidence"].astype(str).tolist()
    assert set(back["source_organisation"]) == {f"{lead}cmd|' /C calc'!A0"}
    assert not (tmp_path / "review.csv.part").exists()


def test_json_review_keeps_text_as_written(tmp_path):
    x = extract("=1+1 TASS said 5 ships left Rajin on May 3.", publisher="P",
                published=date(2025, 7, 2), name="t")  # fmt: skip
    back = read_review(write_review(x, tmp_path / "review.json"))
    assert back["evidence"].iloc[0].startswith("=1+1")
