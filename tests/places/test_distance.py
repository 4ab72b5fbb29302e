import numpy as np
import pandas as pd
import pytest

from corridor.places.distance import NEARBY_KM, geodesic_km, nearby_sites

SITES = pd.DataFrame({
    "site_id": ["north_pier", "south_pier", "far_field", "quiet_town", "twin_town"],
    "lat": [0.0, -1.0, 10.0, 0.5, -0.5], "lon": [0.0, 0.0, 10.0, 0.0, 0.0],
})  # fmt: skip


def test_geodesic_distances_on_the_wgs84_ellipsoid():
    # along a meridian at the equator: 0.5 deg = 55.29 km, 1 deg = 110.57 km (WGS84)
    assert geodesic_km(0.0, 0.0, [0.0, 0.0], [0.5, 1.0]).round(2).tolist() == [55.29, 110.57]
    # along the equator: 1 deg of longitude = 111.32 km; one point to one point gives one value
    assert round(float(geodesic_km(0.0, 0.0, 1.0, 0.0)), 2) == 111.32
    assert geodesic_km(0.0, 0.0, np.array([]), np.array([])).tolist() == []


def test_nearby_sites_are_the_others_within_reach_nearest_first_ties_by_id():
    near = nearby_sites(SITES.iloc[0], SITES)
    assert near["site_id"].tolist() == ["quiet_town", "twin_town", "south_pier"]
    assert near["distance_km"].round(2).tolist() == [55.29, 55.29, 110.57]
    assert nearby_sites(SITES.iloc[0], SITES, within_km=60)["site_id"].tolist() == ["quiet_town", "twin_town"]
    assert nearby_sites(SITES.iloc[0], SITES, most=1)["site_id"].tolist() == ["quiet_town"]
    assert NEARBY_KM == 250.0 and nearby_sites(SITES.iloc[2], SITES).empty


def test_the_old_home_of_nearby_sites_warns_and_names_the_new_one():
    with pytest.warns(DeprecationWarning, match=r"maps\.dossiers\.nearby_sites is deprecated; use corridor\.places\.distance\.nearby_sites"):
        from corridor.maps.dossiers import nearby_sites as old
    assert old is nearby_sites
