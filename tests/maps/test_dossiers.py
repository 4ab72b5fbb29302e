import geopandas as gpd
import pandas as pd
import pytest

from corridor.maps.dossiers import claims_naming, dossiers_page

SITES = gpd.GeoDataFrame({
    "site_id": ["north_pier", "south_pier", "far_field", "quiet_town"],
    "name": ["North Pier", "South Pier", "Far Field", "Quiet Town"],
    "kind": ["port", "port", "airfield", "city"], "country": ["AA", "AA", "BB", "AA"],
    "lat": [0.0, -1.0, 10.0, 0.5], "lon": [0.0, 0.0, 10.0, 0.0],
    "aliases": ["Nordpier|NP", "", "", ""], "location_precision_m": [100, 100, 500, 5000],
    "source": ["geonames"] * 4, "source_ref": ["geonameid:1", "geonameid:2", "geonameid:3", "geonameid:4"],
}, geometry=gpd.points_from_xy([0, 0, 10, 0], [0, -1, 10, 0.5]), crs=4326)  # fmt: skip

SIGHTINGS = gpd.GeoDataFrame({
    "sighting_id": ["s1", "s2"], "site_id": ["north_pier", "north_pier"],
    "observed_start": pd.to_datetime(["2022-01-01", "2022-03-01"]),
    "observed_end": pd.to_datetime(["2022-01-31", "2022-03-01"]),
    "time_precision": ["month", "day"], "activity": ["loading", "departed"],
    "asset_count": pd.array([2, None], dtype="Int64"), "asset_class": ["barge", "<tug>"],
    "asset_name": ["", ""], "confidence": ["confirmed", "possible"],
    "source_org": ["Watch", "Watch"], "source_publication": ["Report", "Report"],
    "source_published": ["2022-04-01", "2022-04-01"], "source_url": ["https://w.example", "https://w.example"],
}, geometry=gpd.points_from_xy([0, 0], [0, 0]), crs=4326)  # fmt: skip

CLAIMS = pd.DataFrame({
    "claim_id": ["c1", "c2", "c3"],
    "subject": ["barges_north_pier_2022", "crews", "trains"],
    "low": [1.0, 2.0, 3.0], "high": [1.0, 2.0, 3.0], "unit": ["barges", "crews", "trains"],
    "qualifier": ["exact"] * 3, "claimant": ["A", "B", "C"],
    "notes": ["", "Crews seen near nordpier at dawn", "Through Quiet Townsend"],
})  # fmt: skip


def test_claims_name_a_site_by_id_in_the_subject_or_name_or_alias_in_the_note():
    assert claims_naming(SITES.iloc[0], CLAIMS)["claim_id"].tolist() == ["c1", "c2"]
    assert claims_naming(SITES.iloc[3], CLAIMS).empty  # "Townsend" is not "Quiet Town"


@pytest.fixture
def page():
    return dossiers_page(SITES, SIGHTINGS, CLAIMS)


def test_a_dossier_per_site_with_sightings_or_claims(page):
    assert page.count('<section class="corridor-dossier"') == 1
    assert 'id="north_pier"' in page and 'id="far_field"' not in page
    assert page.count('class="corridor-dossier-sighting"') == 2
    assert "Sightings (2)" in page and "Claims naming it (2)" in page
    assert "<p>Quiet Town 55 km, South Pier 111 km</p>" in page  # no dossier of theirs to link to
    two = dossiers_page(SITES, SIGHTINGS.assign(site_id=["north_pier", "south_pier"]), CLAIMS)
    assert '<a href="#south_pier">South Pier</a> 111 km' in two and '<a href="#north_pier">North Pier</a> 111 km' in two
    assert "&lt;tug&gt;" in page and "<tug>" not in page
    assert '<a href="https://w.example" rel="noopener noreferrer">Report</a>' in page
    assert dossiers_page(SITES, SIGHTINGS, CLAIMS) == page
