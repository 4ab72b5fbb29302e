"""The library names no case: every site, source, claim, asset and date of a case is data."""

import csv
import re
from pathlib import Path

import pytest

from corridor.case import example_names, examples_dir

SRC = Path(__file__).resolve().parents[1] / "src" / "corridor"
#: Words of the first case that mark it whatever the table (its country code, its ship class).
MARKERS = {"dprk", "ropucha", "sunan", "dunai", "sergeevka"}


def _rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def case_terms(name: str) -> set[str]:
    """Ids, names and dates of one example case that library code must not contain."""
    root = examples_dir() / name
    terms = set()
    for row in _rows(root / "sites.csv"):
        terms |= {row["site_id"], row["name"]}
    for row in _rows(root / "sources.csv"):
        terms.add(row["source_id"])
    for row in _rows(root / "claims.csv"):
        terms |= {row["claim_id"], row["subject"]}
    for row in _rows(root / "assets.csv"):
        terms.add(row["asset_id"])
    for row in _rows(root / "sightings.csv"):  # dates the case gives to the day
        if row["time_precision"] in ("day", "datetime"):
            terms |= {row["observed_start"][:10], row["observed_end"][:10]}
    return {t for t in terms if len(t) > 3}


@pytest.mark.parametrize("name", example_names())
def test_no_module_names_a_case(name):
    terms = sorted(map(re.escape, case_terms(name)), key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(terms) + r")(?![\w-])"  # ids, names and dates as words
        r"|(?<![a-z])(" + "|".join(sorted(MARKERS)) + r")(?![a-z])",  # markers, even in a tag
        re.IGNORECASE,
    )
    found = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in (".py", ".js", ".toml", ".css"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for m in pattern.finditer(line):
                found.append(f"{path.relative_to(SRC)}:{n}: {m.group(0)}")
    assert not found, f"{len(found)} mention(s) of case {name!r} in the library:\n" + "\n".join(found)
