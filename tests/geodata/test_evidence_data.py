"""Checks on the curated evidence tables: geodata/sources.csv, sightings.csv and claims.csv.

These tests read the three CSV files on their own (pandas only, no project imports) so that the
data can be validated even while the library code around it changes.
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path

import pandas as pd
import pytest

GEODATA = Path(__file__).resolve().parents[2] / "geodata" / "cases" / "dprk-russia"

SOURCE_COLUMNS = ["source_id", "kind", "organisation", "publication", "published", "url", "notes"]
SIGHTING_COLUMNS = [
    "observed_start", "observed_end", "time_precision", "site_id", "lat", "lon",
    "location_precision_m", "asset_class", "asset_name", "asset_count", "activity",
    "personnel_low", "personnel_high", "source_id", "originator_id", "imagery_provider", "source_detail",
    "confidence", "notes", "tags",
]  # fmt: skip
CLAIM_COLUMNS = [
    "claim_id", "subject", "low", "high", "unit", "as_of", "as_of_precision", "claimant_id",
    "source_id", "qualifier", "notes",
]  # fmt: skip

SOURCE_KINDS = {
    "report", "imagery_provider", "intelligence_service", "official", "news_agency", "think_tank",
    "international_org", "media",
}  # fmt: skip
TIME_PRECISIONS = {"datetime", "day", "month", "year"}
AS_OF_PRECISIONS = {"day", "month", "year"}
ACTIVITIES = {
    "arrived", "departed", "present", "moving", "loading", "unloading", "deployed", "training",
    "equipping", "visit", "massing", "strike",
}  # fmt: skip
CONFIDENCES = {"confirmed", "probable", "possible"}
QUALIFIERS = {"exact", "about", "up_to", "at_least", "nearly", "range", "multiplier"}
REPORT_IDS = {"report_000", "report_002"}
MAX_NOTE = 160
WINDOW = 8


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(GEODATA / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return _read("sources.csv")


@pytest.fixture(scope="module")
def sightings() -> pd.DataFrame:
    return _read("sightings.csv")


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return _read("claims.csv")


def _num(value: str) -> float | None:
    return float(value) if value.strip() else None


# --- structure ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, columns",
    [
        ("sources.csv", SOURCE_COLUMNS),
        ("sightings.csv", SIGHTING_COLUMNS),
        ("claims.csv", CLAIM_COLUMNS),
    ],
)
def test_columns(name, columns):
    df = _read(name)
    assert list(df.columns) == columns
    assert len(df) > 0


def test_sources_ids_unique_and_kinds(sources):
    assert sources["source_id"].is_unique
    assert (sources["source_id"].str.strip() != "").all()
    bad = sources.loc[~sources["kind"].isin(SOURCE_KINDS), "kind"]
    assert bad.empty, f"unknown kinds: {sorted(set(bad))}"
    for value in sources["published"]:
        if value:
            pd.Timestamp(value)  # ISO date or empty
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value


def test_required_sources_present(sources):
    ids = set(sources["source_id"])
    for required in (
        "report_000", "report_002", "cnn", "open_source_centre", "ua_gur", "kr_nis", "tass",
        "reuters", "un_report", "stimson_center", "bloomberg", "kr_lawmakers",
        "ua_defence_minister", "ua_commander_in_chief", "ru_mod_kremlin", "us_government",
    ):  # fmt: skip
        assert required in ids, required
    reports = sources.set_index("source_id").loc[sorted(REPORT_IDS)]
    assert (reports["published"] == "2025-07-02").all()
    assert (reports["kind"] == "report").all()


# --- provenance --------------------------------------------------------------------------------


def test_sighting_sources_exist(sightings, sources):
    ids = set(sources["source_id"])
    assert (sightings["source_id"] != "").all()
    assert set(sightings["source_id"]) <= REPORT_IDS
    for field in ("originator_id", "imagery_provider"):
        used = {v for v in sightings[field] if v}
        assert used <= ids, f"{field}: unknown {sorted(used - ids)}"


def test_claim_sources_exist(claims, sources):
    ids = set(sources["source_id"])
    assert (claims["source_id"] != "").all()
    assert set(claims["source_id"]) <= REPORT_IDS
    assert (claims["claimant_id"] != "").all()
    unknown = set(claims["claimant_id"]) - ids
    assert not unknown, f"unknown claimants: {sorted(unknown)}"


# --- sightings ---------------------------------------------------------------------------------


def test_sighting_vocabularies(sightings):
    assert set(sightings["time_precision"]) <= TIME_PRECISIONS
    assert set(sightings["activity"]) <= ACTIVITIES
    assert set(sightings["confidence"]) <= CONFIDENCES


def test_sightings_have_a_place(sightings):
    has_site = sightings["site_id"] != ""
    has_point = (sightings["lat"] != "") & (sightings["lon"] != "")
    assert (has_site | has_point).all()


def test_sighting_integers(sightings):
    for field in ("asset_count", "personnel_low", "personnel_high", "location_precision_m"):
        for value in sightings[field]:
            if value:
                assert re.fullmatch(r"\d+", value), f"{field}={value!r}"
    for lo, hi in zip(sightings["personnel_low"], sightings["personnel_high"], strict=False):
        if lo and hi:
            assert int(lo) <= int(hi)


def test_sighting_intervals(sightings):
    for _, row in sightings.iterrows():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["observed_start"]), row["observed_start"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["observed_end"]), row["observed_end"]
        start, end = pd.Timestamp(row["observed_start"]), pd.Timestamp(row["observed_end"])
        assert start <= end, (start, end)
        precision = row["time_precision"]
        if precision == "month":
            assert start.day == 1, row["observed_start"]
            assert end.day == calendar.monthrange(end.year, end.month)[1], row["observed_end"]
        elif precision == "year":
            assert (start.month, start.day) == (1, 1), row["observed_start"]
            assert (end.month, end.day) == (12, 31), row["observed_end"]


def test_imagery_rows_name_a_provider(sightings):
    imagery = sightings[sightings["tags"].str.split("|").apply(lambda t: "imagery" in t)]
    assert len(imagery) > 0
    assert (imagery["imagery_provider"] != "").all()


def test_issue_sightings_present(sightings):
    def has(**match):
        sel = sightings
        for key, value in match.items():
            sel = sel[sel[key] == value]
        return len(sel) > 0

    assert has(
        site_id="dunai", observed_start="2025-05-18", asset_class="Ropucha-class landing ship"
    )
    assert has(site_id="dunai", observed_start="2024-01-01", observed_end="2024-12-31")
    assert has(site_id="sunan", observed_start="2025-05-01", observed_end="2025-06-30")
    assert has(
        site_id="sunan", observed_start="2025-06-04", asset_class="Il-76", confidence="possible"
    )
    assert has(site_id="sergeevka_base", activity="equipping", observed_start="2024-10-01")
    assert has(site_id="pyongyang", observed_start="2025-06-17", observed_end="2025-06-17")
    assert has(site_id="pokrovsk", observed_start="2025-06-27", personnel_low="110000")
    assert has(site_id="pokrovsk", activity="strike", observed_start="2024-01-01")
    assert has(site_id="kursk_region", personnel_low="11000", source_id="report_000")
    assert has(site_id="kursk_front", personnel_low="12000", source_id="report_002")


# --- claims ------------------------------------------------------------------------------------


def test_claim_ids_unique(claims):
    assert claims["claim_id"].is_unique
    assert claims["claim_id"].str.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*").all()
    assert claims["subject"].str.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*").all()


def test_claim_vocabularies(claims):
    assert set(claims["qualifier"]) <= QUALIFIERS
    assert set(claims["as_of_precision"]) <= AS_OF_PRECISIONS
    assert (claims["unit"] != "").all()


def test_claim_numbers(claims):
    for _, row in claims.iterrows():
        low, high = _num(row["low"]), _num(row["high"])
        if low is not None and high is not None:
            assert low <= high, row["claim_id"]
        if row["qualifier"] == "up_to" or row["qualifier"] == "nearly":
            assert high is not None, row["claim_id"]
        if row["qualifier"] == "at_least":
            assert low is not None, row["claim_id"]
        if row["qualifier"] == "range":
            assert low is not None and high is not None and low < high, row["claim_id"]


def test_claim_dates(claims):
    for _, row in claims.iterrows():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["as_of"]), row["claim_id"]
        when = pd.Timestamp(row["as_of"])
        if row["as_of_precision"] == "month":
            assert when.day == 1, row["claim_id"]
        elif row["as_of_precision"] == "year":
            assert (when.month, when.day) == (1, 1), row["claim_id"]


def test_competing_2025_estimates_side_by_side(claims):
    sub = claims[claims["subject"] == "dprk_troops_additional_2025"]
    ukraine = sub[(sub["claimant_id"] == "ua_gur") & (sub["high"] == "30000")]
    stimson = sub[
        (sub["claimant_id"] == "stimson_center")
        & (sub["low"] == "10000")
        & (sub["high"] == "20000")
    ]
    assert len(ukraine) > 0
    assert len(stimson) > 0


def test_conflicting_2024_deployment_figures_kept(claims):
    sub = claims[claims["subject"] == "dprk_troops_deployed_2024"]
    assert {"11000", "12000"} <= set(sub["low"])
    assert set(sub["source_id"]) == REPORT_IDS


# --- text hygiene ------------------------------------------------------------------------------


def _all_text_cells(sources, sightings, claims):
    for name, df in (("sources", sources), ("sightings", sightings), ("claims", claims)):
        for column in df.columns:
            for i, value in enumerate(df[column]):
                if value:
                    yield name, column, i, value


def test_note_length(sources, sightings, claims):
    for name, df in (("sources", sources), ("sightings", sightings), ("claims", claims)):
        too_long = [n for n in df["notes"] if len(n) > MAX_NOTE]
        assert not too_long, f"{name}: {too_long}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_no_text_copied_from_reports(sources, sightings, claims, shared_reports):
    report_files = sorted(shared_reports.glob("*.txt"))
    assert report_files, f"no reports in {shared_reports}"
    windows = set()
    for path in report_files:
        words = _words(path.read_text(encoding="utf-8"))
        windows.update(tuple(words[i : i + WINDOW]) for i in range(len(words) - WINDOW + 1))
    copied = []
    for name, column, i, value in _all_text_cells(sources, sightings, claims):
        words = _words(value)
        for j in range(len(words) - WINDOW + 1):
            if tuple(words[j : j + WINDOW]) in windows:
                copied.append(f"{name}.{column}[{i}]: {' '.join(words[j : j + WINDOW])}")
                break
    assert not copied, "text copied from a report:\n" + "\n".join(copied)
