from datetime import date

import pytest

from corridor.case import open_case
from corridor.reports.extract import REVIEW_COLUMNS, extract, report_source
from corridor.reports.review import accept_review, read_review, write_review
from corridor.store.geopackage import open_store
from corridor.validation import ValidationError

PUBLISHED = date(2025, 7, 2)
# A short report written for these tests (the facts echo the project's seed data).
TEXT = (
    "Satellite images from the Open Source Centre show a Ropucha-class landing ship arriving at "
    "the port of Dunai on May 18. Cargo planes, likely Il-76s, were seen at Sunan airport in May "
    "and June. Last year, troops were issued gear at the Sergeevka base in Primorskyi Krai in "
    "October.\n"
    "Ukrainian intelligence says up to 30,000 troops could follow as early as July or August. "
    "Jenny Town of the Stimson Center said an estimate of 10,000 to 20,000 is more realistic.\n"
    "The port of Dunai lies 95 km southwest of Nakhodka."
)


@pytest.fixture(scope="module")
def x():
    return extract(TEXT, publisher="Example Post", published=PUBLISHED, name="example")


def sightings(x):
    cols = [
        "site_id",
        "observed_start",
        "observed_end",
        "time_precision",
        "asset_class",
        "activity",
    ]
    return [tuple(r) for r in x.sightings[cols].itertuples(index=False)]


def test_candidate_sightings_pair_place_time_and_asset(x):
    assert sightings(x) == [
        ("dunai", "2025-05-18", "2025-05-18", "day", "ropucha", "arrived"),
        ("sunan", "2025-05-01", "2025-06-30", "month", "il76", "present"),
        ("sergeevka_base", "2024-10-01", "2024-10-31", "month", "", "equipping"),
    ]
    dunai = x.sightings.iloc[0]
    assert dunai["originator_id"] == dunai["imagery_provider"] == "open_source_centre"
    assert dunai["source_detail"] == f"chars 0-{TEXT.index(' Cargo')}"
    assert x.sightings.iloc[1]["confidence"] == "possible"  # "likely"


def test_candidate_claims_carry_claimant_date_and_reasons(x):
    cols = ["low", "high", "unit", "qualifier", "claimant_id", "as_of", "as_of_precision"]
    claims = [tuple(r) for r in x.claims[cols].itertuples(index=False)]
    assert claims == [
        ("", "30000", "troops", "up_to", "ua_gur", "2025-07-02", "day"),
        ("10000", "20000", "troops", "range", "stimson_center", "2025-07-02", "day"),
        ("95", "95", "km", "exact", "report_example", "2025-07-02", "day"),
    ]
    distance = x.claims.iloc[2]
    assert distance["check"] == "inconsistent"
    assert distance["subject"] == "distance_dunai_nakhodka_km"
    assert "measured 48 km W" in distance["notes"]
    assert all(0 <= s <= 1 for s in x.candidates["score"])
    assert (x.candidates["reasons"] != "").all()


def test_every_candidate_points_at_its_sentence(x):
    for _, row in x.candidates.iterrows():
        assert " ".join(TEXT[row["span_start"] : row["span_end"]].split()) == row["evidence"]
    assert x.candidates["candidate_id"].is_unique


def test_same_text_same_candidates():
    a = extract(TEXT, publisher="Example Post", published=PUBLISHED, name="example")
    b = extract(TEXT, publisher="Example Post", published=PUBLISHED, name="example")
    assert a.candidates.equals(b.candidates)


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_review_file_round_trip(x, tmp_path, suffix):
    path = write_review(x, tmp_path / f"review{suffix}")
    back = read_review(path)
    assert list(back.columns) == REVIEW_COLUMNS
    assert back["candidate_id"].tolist() == x.candidates["candidate_id"].tolist()
    assert (back["accept"] == "").all()


def test_accepting_lands_with_provenance_and_twice_adds_nothing(x, tmp_path):
    path = write_review(x, tmp_path / "review.csv")
    review = read_review(path)
    review["accept"] = "yes"
    review.to_csv(path, index=False)
    store = open_store(tmp_path / "store.gpkg", case=open_case("dprk-russia"))
    first = accept_review(path, store)
    assert (first.sightings.added, first.claims.added) == (3, 3)
    assert first.sightings.sources_added == ["report_example"]
    stored = store.sightings()
    assert set(stored["source_detail"]) == set(x.sightings["source_detail"])
    assert set(stored["source_id"]) == {"report_example"}
    source = store.sources().loc["report_example"]
    assert (source["kind"], source["organisation"], source["published"]) == (
        "report", "Example Post", "2025-07-02",
    )  # fmt: skip
    again = accept_review(path, store)
    assert (again.sightings.added, again.claims.added) == (0, 0)
    assert (again.sightings.unchanged, again.claims.unchanged) == (3, 3)


def test_a_bad_review_file_imports_nothing_and_says_where(x, tmp_path):
    path = write_review(x, tmp_path / "review.csv")
    review = read_review(path)
    review["accept"] = "yes"
    review.loc[0, "accept"] = "maybe"
    review.to_csv(path, index=False)
    with pytest.raises(ValidationError, match=r"review.csv, row 1, field 'accept': 'maybe'"):
        accept_review(path, open_store(tmp_path / "store.gpkg", case=open_case("dprk-russia")))
    review.loc[0, "accept"] = "yes"
    row = review.index[review["kind"] == "claim"][0]
    review.loc[row, "qualifier"] = "roughly"
    review.to_csv(path, index=False)
    store = open_store(tmp_path / "store.gpkg", case=open_case("dprk-russia"))
    with pytest.raises(ValidationError, match=rf"review.csv, row {row + 1}, field 'qualifier'"):
        accept_review(path, store)
    assert len(store.sightings()) == 0


def test_report_needs_publisher_and_date():
    with pytest.raises(ValueError, match="publisher"):
        report_source(publisher=" ", published=PUBLISHED)
    with pytest.raises(TypeError, match="datetime.date"):
        extract("text", publisher="X", published="2025-07-02")


@pytest.fixture(scope="module")
def real(shared_reports):
    out = {}
    for path in sorted(shared_reports.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.stem[:3]] = extract(
            text, publisher="CNN (retold)", published=PUBLISHED, name=path.stem
        )
    return out


def test_source_reports_dunai_sunan_sergeevka(real):
    found = set(sightings(real["000"])) | set(sightings(real["002"]))
    keys = {(s[0], s[1], s[2], s[3]) for s in found}
    assert ("dunai", "2025-05-18", "2025-05-18", "day") in keys
    assert ("dunai", "2025-05-01", "2025-05-31", "month") in keys
    assert ("sunan", "2025-05-01", "2025-06-30", "month") in keys
    assert ("sunan", "2025-06-04", "2025-06-04", "day") in keys
    assert ("sergeevka_base", "2024-10-01", "2024-10-31", "month") in keys


def test_source_reports_competing_troop_estimates(real):
    rows = set()
    for x in real.values():
        troops = x.claims[x.claims["unit"] == "troops"]
        rows |= set(troops[["low", "high", "claimant_id"]].itertuples(index=False, name=None))
    assert ("30000", "30000", "ua_gur") in rows
    assert ("25000", "30000", "ua_gur") in rows
    assert ("10000", "20000", "stimson_center") in rows


def test_source_reports_distance_statement_flagged(real):
    checked = real["002"].claims[real["002"].claims["check"] != ""]
    assert checked[["subject", "low", "check"]].values.tolist() == [
        ["distance_dunai_nakhodka_km", "95", "inconsistent"]
    ]


def test_the_port_borrows_the_port_named_before():
    text = (
        "A Ropucha arrived at the port of Dunai on May 18, as it did last year. "
        "Two days later the ship had left the port."
    )
    x = extract(text, publisher="P", published=PUBLISHED, name="t")
    rows = x.sightings[["site_id", "observed_start", "time_precision", "activity", "span_start"]]
    assert rows.values.tolist() == [
        ["dunai", "2025-05-18", "day", "arrived", 0],
        ["dunai", "2025-05-20", "day", "departed", text.index("Two")],
    ]
    assert "place named in an earlier sentence" in x.sightings.iloc[1]["reasons"]
    assert x.candidates["candidate_id"].is_unique


def test_claim_subjects_are_the_counted_words():
    text = "Up to 30,000 more troops may go. At times 100% of shells came from there."
    x = extract(text, publisher="P", published=PUBLISHED, name="t")
    assert x.claims[["subject", "claim_id"]].values.tolist() == [
        ["troops", "troops_report_t_0"],
        ["percent", f"percent_report_t_{text.index('100%')}"],
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Ropucha-class landing ship Oslyabya docked at Dunai on May 18.", ["ropucha", "Oslyabya"]),
        ("A landing ship “Nikolai Vilkov” left the port of Dunai on May 20.", ["landing ship", "Nikolai Vilkov"]),
        ("A Ropucha arrived at Dunai in May.", ["ropucha", ""]),
        ("An An-124 Ruslan landed at Knevichi airfield on June 2.", ["an124", ""]),
        ("A Russian personnel carrier arrived at Dunai in May.", ["troop ship", ""]),
        ("A troop train left Ussuriysk on Friday.", ["troop_train", ""]),
    ],
)  # fmt: skip
def test_asset_class_and_name(text, expected):
    x = extract(text, publisher="P", published=PUBLISHED, name="t")
    assert x.sightings[["asset_class", "asset_name"]].values.tolist() == [expected]
