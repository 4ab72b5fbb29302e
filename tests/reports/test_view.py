from datetime import date

from corridor.reports.extract import extract
from corridor.reports.view import candidate_sightings, highlight_html


def test_highlight_escapes_and_marks_each_kind():
    text = "<b>TASS</b> said 1,000 troops arrived at Rajin on May 3 & left."
    x = extract(text, publisher="P", published=date(2025, 7, 2), name="t")
    html = highlight_html(x, legend=False)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp; <mark" in html
    assert (
        '<mark class="claimant" style="background: #e0e0e0" title="claimant: tass">TASS</mark>'
        in html
    )
    assert 'title="figure: 1,000..1,000 troops (exact)">1,000</mark>' in html
    assert 'title="place: rajin (name)">Rajin</mark>' in html
    assert 'title="date: 2025-05-03..2025-05-03 (day)">May 3</mark>' in html
    assert 'title="activity: arrived">arrived</mark>' in html


def test_candidate_sightings_are_a_sightings_geodataframe():
    x = extract(
        "A Ropucha docked at Dunai on May 18.", publisher="Example Post",
        published=date(2025, 7, 2), name="t",
    )  # fmt: skip
    gdf = candidate_sightings(x)
    assert gdf.crs == "EPSG:4326"
    row = gdf.iloc[0]
    assert (row["site_name"], row["source_org"], row["source_published"]) == (
        "Dunai", "Example Post", "2025-07-02",
    )  # fmt: skip
    assert (round(row.geometry.x, 4), round(row.geometry.y, 4)) == (132.3375, 42.8803)
    assert row["candidate_id"] == x.sightings.iloc[0]["candidate_id"]
