import pandas as pd

from corridor.maps.claims import claim_rows, claims_chart, claims_page

SOURCES = pd.DataFrame({
    "organisation": ["Harbour Watch", "Ministry", "Daily <Post>"],
    "publication": ["Port report", "Statement", "Piece"],
    "published": ["2022-01-05", "2022-02-01", "2022-03-01"],
    "url": ["https://hw.example/r", "", "javascript:alert(1)"],
}, index=pd.Index(["hw", "min", "post"], name="source_id"))  # fmt: skip


def claims(**extra) -> pd.DataFrame:
    df = pd.DataFrame({
        "claim_id": ["a", "b", "c", "d"],
        "subject": ["ships_in_port"] * 3 + ["crews"],
        "low": [4.0, float("nan"), 5.0, 100.0], "high": [8.0, 10.0, 5.0, 100.0],
        "unit": ["ships", "ships", "ships", "people"],
        "as_of": pd.to_datetime(["2022-01-01", "2022-02-01", "2022-03-01", "2022-01-01"]),
        "claimant_id": ["hw", "min", "post", "hw"],
        "claimant": ["Harbour Watch", "Ministry", "Daily <Post>", "Harbour Watch"],
        "source_id": ["hw", "min", "post", "hw"],
        "qualifier": ["range", "up_to", "exact", "about"],
        "notes": ["Counted on imagery", "said <b>on TV</b>", "", "crew lists"],
    })  # fmt: skip
    return df.assign(**extra)


def test_one_range_per_claim_scaled_to_the_subject():
    rows = claim_rows(claims(), SOURCES)
    ships = rows[rows["subject"] == "ships_in_port"]
    svg = claims_chart(ships, "ships")
    assert svg.count('class="corridor-claim"') == 3 and svg.count('class="corridor-claim-range"') == 3
    # axis ends at 10 * 1.1 = 11 ships over 760 - 10 - 330 = 420 px: 4..8 ships -> 482.7..635.5 px
    assert '<rect class="corridor-claim-range" x="482.7" y="10.0" width="152.7" height="12" fill="#1f3b73"/>' in svg  # fmt: skip
    # "up to 10": open below, drawn light from 0
    assert 'x="330.0" y="34.0" width="381.8" height="12" fill="#8fa8d6"' in svg
    assert '<circle class="corridor-claim-range" cx="520.9"' in svg  # exactly 5


def test_page_lists_each_claim_with_its_source_and_escapes_text():
    html = claims_page(claims(), SOURCES)
    assert html.count('class="corridor-claim"') == 4
    assert html.count("<svg") == 2  # one chart per subject and unit
    assert '<a href="https://hw.example/r" rel="noopener noreferrer">Port report</a>' in html
    assert "javascript:" not in html and "<b>on TV</b>" not in html
    assert "said &lt;b&gt;on TV&lt;/b&gt;" in html and "Daily &lt;Post&gt;" in html
    assert "up to 10 ships" in html and "about 100 people" in html
    assert claims_page(claims(), SOURCES) == html


def test_a_claim_without_figures_is_listed_but_draws_no_range():
    df = claims().assign(low=float("nan"), high=float("nan"))
    html = claims_page(df, SOURCES)
    assert html.count('class="corridor-claim"') == 4 and "corridor-claim-range" not in html
    assert "(no figure)" in html
