import math

import pytest
from pyproj import Geod

from corridor.case import open_case
from corridor.places.claimcheck import POINTS, REL_TOLERANCE, check_claim, find_claims

GEOD = Geod(ellps="WGS84")
#: The shipped example case the statements below are about, and its resolver.
CASE = open_case("dprk-russia")
GEO = CASE.geocoder


def site(site_id):
    return CASE.gazetteer[site_id]


def measured(ref_id, subject_id):
    ref, subj = site(ref_id), site(subject_id)
    az, _, dist = GEOD.inv(ref["lon"], ref["lat"], subj["lon"], subj["lat"])
    return dist / 1000, az % 360


def test_dunai_95_km_southwest_of_nakhodka_is_inconsistent():
    check = check_claim("the port of Dunay, 95 kilometers southwest of Nakhodka", gazetteer=GEO)
    km, bearing = measured("nakhodka", "dunai")
    assert (check.subject, check.subject_site_id, check.reference_site_id) == (
        "Dunay",
        "dunai",
        "nakhodka",
    )
    assert (check.claimed_km, check.claimed_direction, check.claimed_bearing_deg) == (
        95.0,
        "SW",
        225.0,
    )
    assert check.measured_km == round(km, 2)
    assert check.measured_bearing_deg == round(bearing, 1)
    assert check.measured_direction == POINTS[round(bearing / 22.5) % 16] == "W"
    assert check.distance_error_km == round(km - 95, 2)
    assert check.bearing_error_deg == round(bearing - 225, 1)
    precision_km = (
        site("nakhodka")["location_precision_m"] + site("dunai")["location_precision_m"]
    ) / 1000
    assert check.distance_tolerance_km == round(95 * REL_TOLERANCE + precision_km, 2)
    assert check.bearing_tolerance_deg == round(
        22.5 + math.degrees(math.atan2(precision_km, km)), 1
    )
    assert check.verdict == "inconsistent"
    assert f"distance off by {km - 95:+.0f} km ({(km - 95) / 95:+.0%})" in check.reason
    assert f"bearing off by {bearing - 225:+.0f}°" in check.reason
    assert check.summary().startswith(
        f"Dunay lies {km:.0f} km W (bearing {bearing:.0f}°) of Nakhodka; claimed 95 km SW: inconsistent"
    )


def test_claimed_position_lies_at_the_claimed_distance_and_bearing():
    check = check_claim("Dunai lies 95 km southwest of Nakhodka", gazetteer=GEO)
    ref = site("nakhodka")
    az, _, dist = GEOD.inv(ref["lon"], ref["lat"], check.claimed_lon, check.claimed_lat)
    assert dist / 1000 == pytest.approx(95, abs=0.01)
    assert az % 360 == pytest.approx(225, abs=0.01)
    offset = GEOD.inv(
        check.claimed_lon, check.claimed_lat, site("dunai")["lon"], site("dunai")["lat"]
    )[2]
    assert check.offset_km == round(offset / 1000, 2)
    points = check.points()
    assert points["role"].tolist() == ["reference", "claimed", "measured"]
    assert points.crs.to_epsg() == 4326
    assert (points.geometry.x[2], points.geometry.y[2]) == (
        site("dunai")["lon"],
        site("dunai")["lat"],
    )


def test_a_true_statement_is_consistent():
    km, bearing = measured("vladivostok", "knevichi")
    check = check_claim(f"Knevichi, {km:.0f} km north-east of Vladivostok", gazetteer=GEO)
    assert POINTS[round(bearing / 22.5) % 16] == "NE"
    assert (check.verdict, check.reason) == ("consistent", "")
    assert check.summary().endswith("claimed 39 km NE: consistent")


@pytest.mark.parametrize(
    "text, subject, km, direction, reference",
    [
        ("Dunai lies 95 km southwest of Nakhodka", "Dunai", 95, "SW", "Nakhodka"),
        ("Dunai is about 95 kilometres south-west of Nakhodka", "Dunai", 95, "SW", "Nakhodka"),
        ("Dunai sits 60 miles to the west of Nakhodka", "Dunai", 60 * 1.609344, "W", "Nakhodka"),
        ("Rajin, 15 nautical miles NE of Chongjin", "Rajin", 15 * 1.852, "NE", "Chongjin"),
        ("Rajin (15 nmi NNE of Chongjin)", "Rajin", 15 * 1.852, "NNE", "Chongjin"),
        ("Rajin, 15 NM east-northeast of Chongjin", "Rajin", 15 * 1.852, "ENE", "Chongjin"),
        ("Fokino lies 2.5 km north of Dunai.", "Fokino", 2.5, "N", "Dunai"),
        ("Pokrovsk is 1,000 km from Kursk", "Pokrovsk", 1000, None, "Kursk"),
        ("Sunan, 20 km WSW of Pyongyang", "Sunan", 20, "WSW", "Pyongyang"),
        ("95 km southwest of Nakhodka", None, 95, "SW", "Nakhodka"),
    ],
)
def test_statements_are_parsed(text, subject, km, direction, reference):
    check = check_claim(text, gazetteer=GEO)
    assert (check.subject, check.claimed_direction, check.reference) == (
        subject,
        direction,
        reference,
    )
    assert check.claimed_km == pytest.approx(km, abs=1e-3)
    assert text[check.start : check.end] == check.text
    assert check.text.endswith(reference)


def test_find_claims_finds_every_statement_with_its_span_and_subject():
    text = (
        "A landing ship reached the port of Dunay, 95 kilometers southwest of Nakhodka. "
        "Later, 11,000 troops moved; Knevichi lies 39 km NE of Vladivostok, and 5 km of road were built. "
        "Rajin is 66 km from Chongjin. Knevichi airfield lies 39 km NE of Vladivostok. "
        "The port lies 5 km from Nakhodka."
    )
    checks = find_claims(text, gazetteer=GEO)
    assert [c.text for c in checks] == [
        "95 kilometers southwest of Nakhodka", "39 km NE of Vladivostok", "66 km from Chongjin",
        "39 km NE of Vladivostok", "5 km from Nakhodka",
    ]  # fmt: skip
    assert [text[c.start : c.end] for c in checks] == [c.text for c in checks]
    assert [c.subject for c in checks] == ["Dunay", "Knevichi", "Rajin", "Knevichi airfield", None]
    assert [c.verdict for c in checks] == [
        "inconsistent", "consistent", "consistent", "consistent", "unchecked",
    ]  # fmt: skip
    assert find_claims("No distances here, only 11,000 troops and 5 km of road.", gazetteer=GEO) == []


def test_places_that_do_not_resolve_leave_the_claim_unchecked():
    check = check_claim("Dunai lies 95 km southwest of Xanadu Vale", gazetteer=GEO)
    assert check.verdict == "unchecked"
    assert check.reason.startswith("reference: no site matches 'Xanadu Vale'")
    check = check_claim("Sergeevka lies 80 km NW of Ussuriysk", gazetteer=GEO)
    assert check.verdict == "unchecked"
    assert check.reason.startswith("subject: 'Sergeevka' is ambiguous")
    check = check_claim("80 km NW of Ussuriysk", subject="sergeevka_base", gazetteer=GEO)
    assert check.verdict == "consistent"
    check = check_claim("95 km southwest of Nakhodka", gazetteer=GEO)
    assert (check.verdict, check.reason) == ("unchecked", "the statement names no subject place")
    assert check.claimed_lat is not None and check.measured_km is None


def test_claim_given_as_parts():
    check = check_claim(
        {
            "subject": "Dunai",
            "distance": 95,
            "unit": "km",
            "direction": "southwest",
            "reference": "Nakhodka",
        },
        gazetteer=GEO,
    )
    assert check.verdict == "inconsistent"
    assert check.text == "95 km SW of Nakhodka"


@pytest.mark.parametrize(
    "claim, message",
    [
        ("5 km of road", "no distance statement found"),
        ("", "no distance statement found"),
        ("Dunai is 48 km W of Nakhodka and Rajin 66 km from Chongjin", "2 statements found"),
        ({"distance": "far", "reference": "Nakhodka"}, "numeric 'distance'"),
        ({"distance": -5, "reference": "Nakhodka"}, "positive number"),
        ({"distance": 5, "reference": "Nakhodka", "unit": "furlong"}, "not one of km, mi, nmi"),
        (
            {"distance": 5, "reference": "Nakhodka", "direction": "up"},
            "not one of the 16 compass points",
        ),
        ({"distance": 5, "reference": "Nakhodka", "bearing": 90}, "unknown claim parts"),
    ],
)
def test_bad_claims_are_refused_with_what_is_expected(claim, message):
    with pytest.raises(ValueError, match=message):
        check_claim(claim, gazetteer=GEO)
