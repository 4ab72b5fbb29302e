import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from corridor.case import open_case  # noqa: E402
from corridor.evidence.claims import (  # noqa: E402
    CLAIM_COLUMNS,
    claim_ranges,
    load_claims,
)
from corridor.maps.claims_plot import plot_claim_ranges  # noqa: E402
from corridor.store.geopackage import open_store  # noqa: E402
from corridor.validation import ValidationError  # noqa: E402

#: The shipped example case the rows below are written for.
CASE = open_case("dprk-russia")

CLAIM = {
    "claim_id": "troops_stimson", "subject": "dprk_troops_additional_2025", "low": "10000",
    "high": "20000", "unit": "troops", "as_of": "2025-07-02", "as_of_precision": "day",
    "claimant_id": "stimson_center", "source_id": "report_002", "qualifier": "range",
}  # fmt: skip


def table(rows):
    return pd.DataFrame([{c: r.get(c, "") for c in CLAIM_COLUMNS} for r in rows])


def write(tmp_path, rows):
    path = tmp_path / "claims.csv"
    table(rows).to_csv(path, index=False)
    return path


def test_seed_claims_load_with_claimants():
    claims = CASE.claims()
    assert claims["claim_id"].is_unique
    assert claims["claimant"].notna().all() and claims["source_publication"].notna().all()
    troops = claims[claims["subject"] == "dprk_troops_additional_2025"]
    assert {"ua_gur", "stimson_center", "western_intel_official"} <= set(troops["claimant_id"])


def test_every_problem_is_reported(tmp_path):
    rows = [
        {**CLAIM, "low": "30000"},  # above high
        {**CLAIM, "claim_id": "b", "qualifier": "up_to", "high": "", "as_of": "2025-7-2"},
        {**CLAIM, "claim_id": "c", "as_of_precision": "month", "claimant_id": "nobody"},
        {**CLAIM, "claim_id": "c", "unit": "", "low": "many"},
    ]
    path = write(tmp_path, rows)
    with pytest.raises(ValidationError) as err:
        load_claims(path, CASE.sources)
    assert [(p.row, p.field) for p in err.value.problems] == [
        (1, "high"), (1, "high"),
        (2, "high"), (2, "as_of"),
        (3, "as_of"), (3, "claimant_id"),
        (4, "unit"), (4, "claim_id"), (4, "low"),
    ]  # fmt: skip
    messages = [p.message for p in err.value.problems]
    assert "is below low" in messages[0] and "needs low < high" in messages[1]
    assert "'nobody' is not a source_id" in messages[5]


def test_claim_ranges_render_the_qualifier_and_keep_each_claimant():
    claims = CASE.claims()
    ranges = claim_ranges(claims, ["dprk_troops_additional_2025"])
    assert sorted(zip(ranges["claimant"], ranges["figure"], strict=True)) == sorted(
        [
            ("Defence Intelligence of Ukraine (GUR)", "up to 30,000"),
            ("Unnamed Western intelligence official", "up to 30,000"),
            ("Defence Intelligence of Ukraine (GUR)", "25,000–30,000"),
            ("Defence Intelligence of Ukraine (GUR)", "30,000"),
            ("Stimson Center", "10,000–20,000"),
        ]
    )
    ax = plot_claim_ranges(claims, ["dprk_troops_additional_2025", "dprk_casualties"])
    assert len(ax.get_yticklabels()) == len(
        claims[claims["subject"].isin(["dprk_troops_additional_2025", "dprk_casualties"])]
    )


def test_store_keeps_claim_revisions(tmp_path):
    store = open_store(tmp_path / "s.gpkg", case=CASE)
    assert store.import_claims(table([CLAIM]), origin="a").added == 1
    assert store.import_claims(table([CLAIM]), origin="a").unchanged == 1
    changed = store.import_claims(table([{**CLAIM, "notes": "staged deployment"}]), origin="b")
    assert changed.revised_ids == ["troops_stimson"]
    assert store.claim_history("troops_stimson")["revision"].tolist() == [1, 2]
    current = store.claims(claimant="stimson_center").iloc[0]
    assert (current["low"], current["high"], current["revision"]) == (10000.0, 20000.0, 2)
    assert current["claimant"] == CASE.sources.loc["stimson_center", "organisation"]
