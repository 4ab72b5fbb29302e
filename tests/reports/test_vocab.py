import pandas as pd
import pytest

from corridor.case import open_case
from corridor.reports.vocab import VOCABULARY_COLUMNS, load_vocabulary
from corridor.validation import ValidationError

#: The shipped example case, whose vocabulary adds claimants to the packaged one.
CASE = open_case("dprk-russia")


def test_packaged_vocabulary_is_valid_and_case_claimants_are_case_sources():
    base = load_vocabulary()
    assert set(base["source"]) == {"assets.csv", "project"}
    assert "claimant" not in set(base["category"])  # claimants belong to a case
    table = CASE.vocabulary.table
    claimants = table[table["category"] == "claimant"]
    assert len(claimants) > 0 and set(claimants["value"]) <= set(CASE.sources.index)


def test_catalogue_terms_map_to_asset_ids():
    vocab = CASE.vocabulary
    hits = vocab.matchers["asset_class"].find("an Antonov An-124 Ruslan and a troop train")
    assert [(h.text, h.value) for h in hits] == [
        ("Antonov An-124 Ruslan", "an124"), ("troop train", "troop_train"),
    ]  # fmt: skip
    assert {"ropucha", "il76", "troop_train"} <= vocab.catalogue_classes


def test_bad_rows_are_all_reported(tmp_path):
    path = tmp_path / "vocabulary.csv"
    pd.DataFrame(
        [
            ["seen", "activity", "glimpsed", "project", ""],
            ["Ropucha", "asset_class", "no_such_ship", "assets.csv", ""],
            ["ship", "vessel", "ship", "project", ""],
            ["seen", "activity", "present", "", ""],
        ],
        columns=VOCABULARY_COLUMNS,
    ).to_csv(path, index=False)
    with pytest.raises(ValidationError) as err:
        load_vocabulary(path)
    lines = [str(p) for p in err.value.problems]
    assert lines[0] == (
        f"{path}, row 1, field 'value': 'glimpsed' is not one of "
        "('arrived', 'departed', 'present', 'moving', 'loading', 'unloading', 'deployed', "
        "'training', 'equipping', 'visit', 'massing', 'strike')"
    )
    assert any("row 2, field 'value': 'no_such_ship' is not an asset_id" in line for line in lines)
    assert any("row 3, field 'category': 'vessel' is not one of" in line for line in lines)
    assert any("row 4, field 'source': empty" in line for line in lines)
    assert any("row 4, field 'term': 'seen' is listed twice" in line for line in lines)
