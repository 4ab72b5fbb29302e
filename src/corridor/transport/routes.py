"""Route legs by sea, air, rail and road between gazetteer sites, and itineraries chaining them.

Every function returns a GeoDataFrame in EPSG:4326 with one row per leg and the columns of
:data:`LEG_COLUMNS`: ``leg`` (0-based order), ``mode``, ``origin`` and ``destination`` (site or
station ids), ``length_km`` (geodesic length of the drawn line on the WGS84 ellipsoid),
``duration_h`` (length over the asset's cruise speed, empty without an asset), ``asset`` and
``note`` (refuelling stops, rail stations the leg was snapped to), and a LineString geometry.

- **sea**: :func:`corridor.transport.sea.sea_path`: searoute's maritime network (without its edges that
  cross land) joined to each port by a water path over a local grid built from the global GSHHG
  land layer (:mod:`corridor.transport.land`), so no leg crosses land outside a harbour zone of
  :data:`corridor.transport.sea.HARBOUR_KM` around its end ports.
- **air**: the geodesic (``pyproj.Geod.npts``), densified every :data:`AIR_STEP_KM`; when the
  asset's range is shorter than the distance, stops at gazetteer airfields are chosen to minimise
  the total distance with every hop within range, one row per hop.
- **rail**: shortest path (networkx) over the case's ``rail_stations.csv`` and
  ``rail_links.csv`` (else the packaged ones in ``geodata/``) when both ends are near its
  stations (each link is the straight geodesic between consecutive stations, so rail lengths are
  lower bounds of the route-km); else over the world's main railways, Natural Earth 1:10m
  (:mod:`corridor.transport.rail_world`), a coarse network the leg's note names.
- **road**: a straight geodesic, for short connections with no network in ``geodata/``.

Names resolve like everywhere else, through a case's geocoder (its gazetteer, then the offline
fallbacks): every function takes ``case=`` (a :class:`corridor.case.Case`: its geocoder, asset
catalogue and rail network) or the parts themselves, ``geocoder=`` (a
:class:`~corridor.places.geocoder.Geocoder` or a gazetteer) and ``assets=`` (an asset table,
:func:`corridor.transport.assets.load_assets`); with a geocoder and no case, rail legs use the
packaged rail network.

Examples
--------
>>> from corridor.testing.places import black_sea_gazetteer
>>> leg = air_leg("Odesa", "Varna", geocoder=black_sea_gazetteer())
>>> leg.loc[0, ["mode", "origin", "destination"]].tolist()
['air', 'odesa', 'varna']
>>> round(float(leg.loc[0, "length_km"]))
426
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import networkx as nx
import pandas as pd
import pyproj
from shapely.geometry import LineString

from corridor._default_case import deprecated_default
from corridor.places import AmbiguousError, NotFoundError
from corridor.places.gazetteer import Gazetteer
from corridor.places.geocode import as_geocoder
from corridor.places.geocoder import Geocoder
from corridor.transport import land as _land
from corridor.transport import rail_world
from corridor.transport import sea as _sea
from corridor.transport.assets import get_asset, load_rail

CRS = "EPSG:4326"
#: Columns of every leg table, in order.
LEG_COLUMNS = [
    "leg", "mode", "origin", "destination", "length_km", "duration_h", "asset", "note", "geometry",
]  # fmt: skip
#: Transport modes.
MODES = ("sea", "air", "rail", "road")
#: Spacing in km of the points of a drawn air leg.
AIR_STEP_KM = 50.0
#: Farthest a site may be from a rail station for a rail leg to start or end there.
RAIL_SNAP_KM = 100.0

_GEOD = pyproj.Geod(ellps="WGS84")


#: Places outside the gazetteer that names resolved to (offline fallbacks), by their reference
#: (``geonames:ID``, ``airportsdata:ICAO``), so that legs can name them like sites.
_places: dict[str, pd.Series] = {}


@dataclass(frozen=True)
class _Parts:
    """What legs are built with: names resolve through ``geocoder``, asset ids are rows of
    ``assets`` (None: looked up in the default case, deprecated), rail legs use the station
    tables ``rail`` (``(None, None)``: the packaged network)."""

    geocoder: Geocoder
    assets: pd.DataFrame | None
    rail: tuple[Path | None, Path | None]


def _rail_tables(case) -> tuple[Path | None, Path | None]:
    """The case's ``rail_stations.csv`` and ``rail_links.csv``, or ``(None, None)``."""
    if case is None:
        return None, None
    stations, links = case.table("rail_stations.csv"), case.table("rail_links.csv")
    if (stations is None) != (links is None):
        have, lack = "rail_stations.csv", "rail_links.csv"
        if stations is None:
            have, lack = lack, have
        raise ValueError(f"case {case.name} has {have} but no {lack}: a rail network needs both")
    return stations, links


def _parts(case, geocoder, assets, call: str) -> _Parts:
    """The parts of ``case`` (its geocoder, assets and rail tables), those given overriding them.

    Neither a case nor a geocoder is deprecated: the default case's parts, with a warning that
    blames the caller of ``call``."""
    if isinstance(case, _Parts):
        return case
    if case is None and geocoder is None:
        case = deprecated_default(call, "case= or geocoder=", stacklevel=3)
    if geocoder is None:
        geocoder = case.geocoder
    if assets is None and case is not None:
        assets = case.assets
    return _Parts(as_geocoder(geocoder), assets, _rail_tables(case))


def _site(name: str, parts: _Parts) -> pd.Series:
    """The site a name or id designates, resolved as everywhere else: the gazetteer of
    ``parts.geocoder``, then the offline fallbacks (:func:`corridor.places.geocode.resolve`). A
    place found only in a fallback gets its reference (``geonames:ID``) as ``site_id``."""
    gaz = parts.geocoder.gazetteer
    if isinstance(name, str):
        if name in _places:
            return _places[name]
        _, hits = gaz.matches(name)
        if len(hits) == 1:
            return gaz.sites.iloc[hits[0]]
    result = parts.geocoder.resolve(name)
    if result.status == "ambiguous":
        raise AmbiguousError(result)
    if result.status != "resolved":
        raise NotFoundError(result)
    if result.site_id is not None:
        return gaz[result.site_id]
    place = pd.Series(
        {"site_id": result.source, "name": result.name, "kind": result.kind,
         "country": result.country, "lat": result.lat, "lon": result.lon,
         "location_precision_m": result.location_precision_m, "source": result.source}
    )  # fmt: skip
    _places[result.source] = place
    return place


def _site_id(name: str, parts: _Parts) -> str:
    """The site id a name or id designates (see :func:`_site`)."""
    return _site(name, parts)["site_id"]


def _lonlat(site: pd.Series) -> tuple[float, float]:
    return float(site["lon"]), float(site["lat"])


def great_circle_km(origin: str, destination: str, *, case=None, geocoder=None) -> float:
    """Geodesic distance (WGS84) between two sites (names or ids resolved through ``case`` or
    ``geocoder``, see the module docstring), in km."""
    parts = _parts(case, geocoder, None, "great_circle_km()")
    a, b = _lonlat(_site(origin, parts)), _lonlat(_site(destination, parts))
    return _GEOD.inv(*a, *b)[2] / 1000


def _frame(rows: list[dict]) -> gpd.GeoDataFrame:
    for i, row in enumerate(rows):
        row["leg"] = i
    df = pd.DataFrame(rows, columns=LEG_COLUMNS)
    df["length_km"] = df["length_km"].astype(float)
    df["duration_h"] = df["duration_h"].astype(float)
    df["asset"] = df["asset"].fillna("").astype(str)
    df["note"] = df["note"].fillna("").astype(str)
    return gpd.GeoDataFrame(df, geometry="geometry", crs=CRS)


def _row(mode, origin, destination, coords, asset=None, note="", speed_kmh=None) -> dict:
    line = LineString(coords)
    length = _GEOD.geometry_length(line) / 1000
    return {
        "mode": mode,
        "origin": origin,
        "destination": destination,
        "length_km": length,
        "duration_h": length / speed_kmh if speed_kmh else float("nan"),
        "asset": asset or "",
        "note": note,
        "geometry": line,
    }


def _asset(asset, mode: str, parts: _Parts) -> pd.Series | None:
    if asset is None:
        return None
    row = get_asset(asset, parts.assets)
    if row["mode"] != mode:
        raise ValueError(f"asset {row['asset_id']!r} moves by {row['mode']}, not by {mode}")
    return row


def _speed(asset: pd.Series | None) -> float | None:
    return None if asset is None else float(asset["cruise_speed_kmh"])


# --- sea -------------------------------------------------------------------------------------


def sea_leg(
    origin: str, destination: str, asset: str | None = None, *, case=None, geocoder=None,
    assets: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """One sea leg between two sites (ids or names), over water.

    Names resolve and ``asset`` is looked up through ``case`` or ``geocoder`` and ``assets``
    (see the module docstring).
    Raises ``ValueError`` when a site lies far from open water or no water path joins the two.
    Each call routes the leg (:func:`corridor.transport.sea.sea_path`); only the per-port connectors and
    the network are built once per process.
    """
    parts = _parts(case, geocoder, assets, "sea_leg()")
    a = _site(_site_id(origin, parts), parts)
    b = _site(_site_id(destination, parts), parts)
    spec = _asset(asset, "sea", parts)
    coords = _sea.sea_path(_lonlat(a), _lonlat(b))
    return _frame([_row("sea", a["site_id"], b["site_id"], coords, asset, speed_kmh=_speed(spec))])


def stays_off_land(legs: gpd.GeoDataFrame) -> pd.Series:
    """For each sea leg, whether its line stays off the land layer
    (:mod:`corridor.transport.land`) outside the harbour zones
    (:data:`corridor.transport.sea.HARBOUR_KM`) of its two end points."""
    sea = legs[legs["mode"] == "sea"]
    ok = []
    for line in sea.geometry:
        zones = _sea.harbour_zone(*line.coords[0]).union(_sea.harbour_zone(*line.coords[-1]))
        ok.append(not _land.touches(line.difference(zones)))
    return pd.Series(ok, index=sea.index, name="off_land", dtype=bool)


def sea_legs(pairs: Sequence[tuple[str, str]], *, case=None, geocoder=None) -> gpd.GeoDataFrame:
    """Many sea legs in one table (one row per ``(origin, destination)`` pair).

    Every leg is routed; site names are resolved once per distinct name (through ``case`` or
    ``geocoder``).
    """
    parts = _parts(case, geocoder, None, "sea_legs()")
    sites: dict[str, tuple[str, tuple[float, float]]] = {}

    def site(name: str) -> tuple[str, tuple[float, float]]:
        if name not in sites:
            row = _site(name, parts)
            sites[name] = row["site_id"], _lonlat(row)
        return sites[name]

    rows = []
    for origin, destination in pairs:
        (a, at), (b, bt) = site(origin), site(destination)
        rows.append(_row("sea", a, b, _sea.sea_path(at, bt)))
    return _frame(rows)


# --- air -------------------------------------------------------------------------------------


def _geodesic(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    dist = _GEOD.inv(*a, *b)[2] / 1000
    n = max(int(dist // AIR_STEP_KM), 0)
    return [a, *_GEOD.npts(*a, *b, n), b]


def airfields(gazetteer: Gazetteer | Geocoder | None = None, *, case=None) -> gpd.GeoDataFrame:
    """Sites of kind ``airfield`` of ``gazetteer`` (or of ``case``'s): the candidate
    refuelling stops."""
    if isinstance(gazetteer, Geocoder):
        gazetteer = gazetteer.gazetteer
    if gazetteer is None:
        gazetteer = _parts(case, None, None, "airfields()").geocoder.gazetteer
    sites = gazetteer.sites
    return sites[sites["kind"] == "airfield"].reset_index(drop=True)


def refuelling_stops(
    origin: str, destination: str, range_km: float, *, case=None, geocoder=None
) -> list[str]:
    """Site ids of the airfields to stop at so that every hop is within ``range_km``.

    Minimises the total geodesic distance (networkx Dijkstra over origin, destination and the
    airfields of the gazetteer of ``case`` or ``geocoder``). Raises ``ValueError`` when no chain
    of airfields fits the range.
    """
    parts = _parts(case, geocoder, None, "refuelling_stops()")
    a, b = _site(origin, parts), _site(destination, parts)
    nodes = {a["site_id"]: _lonlat(a), b["site_id"]: _lonlat(b)}
    for _, s in airfields(parts.geocoder).iterrows():
        nodes.setdefault(s["site_id"], _lonlat(s))
    graph = nx.Graph()
    ids = list(nodes)
    for i, u in enumerate(ids):
        for v in ids[i + 1 :]:
            d = _GEOD.inv(*nodes[u], *nodes[v])[2] / 1000
            if d <= range_km:
                graph.add_edge(u, v, weight=d)
    try:
        path = nx.dijkstra_path(graph, a["site_id"], b["site_id"])
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        raise ValueError(
            f"no chain of gazetteer airfields links {a['site_id']} to {b['site_id']} with hops "
            f"of at most {range_km:,.0f} km"
        ) from None
    return path[1:-1]


def air_leg(
    origin: str, destination: str, asset: str | None = None, range_km: float | None = None, *,
    case=None, geocoder=None, assets: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Air route as geodesic hops: one row, or one per hop when refuelling stops are needed.

    ``range_km`` defaults to the asset's range; with neither, the flight is one hop. Names
    resolve, ``asset`` is looked up and stops are chosen through ``case`` or ``geocoder`` and
    ``assets`` (see the module docstring).
    """
    parts = _parts(case, geocoder, assets, "air_leg()")
    a, b = _site(origin, parts), _site(destination, parts)
    spec = _asset(asset, "air", parts)
    if range_km is None and spec is not None and not pd.isna(spec["range_km"]):
        range_km = float(spec["range_km"])
    stops = (
        [] if range_km is None
        else refuelling_stops(a["site_id"], b["site_id"], range_km, case=parts)
    )  # fmt: skip
    chain = [a["site_id"], *stops, b["site_id"]]
    rows = []
    for u, v in zip(chain[:-1], chain[1:], strict=True):
        note = ""
        if v in stops:
            site = _site(v, parts)
            note = f"refuelling stop at {site['name']} ({v}); range {range_km:,.0f} km"
        coords = _geodesic(_lonlat(_site(u, parts)), _lonlat(_site(v, parts)))
        rows.append(_row("air", u, v, coords, asset, note, _speed(spec)))
    return _frame(rows)


# --- rail ------------------------------------------------------------------------------------


def rail_network(case=None) -> tuple[gpd.GeoDataFrame, nx.Graph]:
    """Stations (GeoDataFrame) and the rail graph with geodesic link lengths in km: the case's own
    ``rail_stations.csv`` and ``rail_links.csv`` when it has them, else (and with no case) the
    packaged station network."""
    stations, links = case.rail if isinstance(case, _Parts) else _rail_tables(case)
    return _rail_network(stations, links)


@functools.cache
def _rail_network(stations_path, links_path) -> tuple[gpd.GeoDataFrame, nx.Graph]:
    stations, links = load_rail(stations_path, links_path)
    pos = {r.station_id: (r.lon, r.lat) for r in stations.itertuples()}
    graph = nx.Graph()
    for r in links.itertuples():
        d = _GEOD.inv(*pos[r.from_station], *pos[r.to_station])[2] / 1000
        graph.add_edge(r.from_station, r.to_station, weight=d, line=r.line)
    return stations, graph


def nearest_station(site_id: str, *, case=None, geocoder=None) -> tuple[str, float]:
    """The rail station nearest a site and its distance in km (the station itself if linked),
    on the rail network of ``case`` (see :func:`rail_network`); the site resolves through
    ``case`` or ``geocoder``."""
    parts = _parts(case, geocoder, None, "nearest_station()")
    stations, _ = rail_network(parts)
    linked = stations[stations["site_id"] == site_id]
    if len(linked):
        return linked.iloc[0]["station_id"], 0.0
    lon, lat = _lonlat(_site(site_id, parts))
    n = len(stations)
    if not n:  # a case's rail tables with no rows yet
        return "", math.inf
    _, _, dist = _GEOD.inv([lon] * n, [lat] * n, stations["lon"].tolist(), stations["lat"].tolist())
    i = min(range(n), key=lambda k: dist[k])
    return stations.iloc[i]["station_id"], dist[i] / 1000


def rail_leg(
    origin: str, destination: str, asset: str | None = None, *, case=None, geocoder=None,
    assets: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """One rail leg, over the station network (:func:`rail_network`: the case's or the packaged
    one) when both ends are within :data:`RAIL_SNAP_KM` of its stations, else over the world's
    main railways (:mod:`corridor.transport.rail_world`). Names resolve and ``asset`` is looked
    up through ``case`` or ``geocoder`` and ``assets`` (see the module docstring).

    On the station network the line runs from the origin site to its station, along the links, to
    the destination site. On the world network it runs from the site to a node of the railways
    within :data:`corridor.transport.rail_world.SNAP_KM` (which one:
    :func:`corridor.transport.rail_world.path`), along them, to the other site, and the note says
    the network is coarse. A site too far from both networks, or ends on
    railways that are not joined, raise ``ValueError``.
    """
    parts = _parts(case, geocoder, assets, "rail_leg()")
    a, b = _site(origin, parts), _site(destination, parts)
    spec = _asset(asset, "rail", parts)
    stations, graph = rail_network(parts)
    pos = {r.station_id: (r.lon, r.lat) for r in stations.itertuples()}
    snapped = [nearest_station(site["site_id"], case=parts) for site in (a, b)]
    if any(km > RAIL_SNAP_KM for _, km in snapped):
        return _world_rail_leg(a, b, asset, spec)
    ends, notes = [], []
    for site, (station, km) in zip((a, b), snapped, strict=True):
        if km > 0:
            notes.append(f"{site['site_id']} joined to station {station} ({km:,.0f} km)")
        ends.append(station)
    path = nx.dijkstra_path(graph, ends[0], ends[1])
    coords = [_lonlat(a), *(pos[s] for s in path), _lonlat(b)]
    coords = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
    if len(coords) == 1:
        coords = coords * 2
    return _frame(
        [_row("rail", a["site_id"], b["site_id"], coords, asset, "; ".join(notes), _speed(spec))]
    )


def _world_rail_leg(a: pd.Series, b: pd.Series, asset, spec) -> gpd.GeoDataFrame:
    names = tuple(f"{s['site_id']} ({s['name']})" for s in (a, b))
    coords, km = rail_world.path(_lonlat(a), _lonlat(b), names)
    notes = [
        f"{s['site_id']} joined to the railway ({k:,.0f} km)"
        for s, k in zip((a, b), km, strict=True)
    ]
    note = "; ".join([*notes, rail_world.NOTE])
    return _frame([_row("rail", a["site_id"], b["site_id"], coords, asset, note, _speed(spec))])


# --- road and itineraries --------------------------------------------------------------------


def road_leg(
    origin: str, destination: str, speed_kmh: float | None = None, *, case=None, geocoder=None
) -> gpd.GeoDataFrame:
    """A straight geodesic connection (no road network): for short transfers between legs."""
    parts = _parts(case, geocoder, None, "road_leg()")
    a, b = _site(origin, parts), _site(destination, parts)
    coords = _geodesic(_lonlat(a), _lonlat(b))
    row = _row("road", a["site_id"], b["site_id"], coords, None, "straight line", speed_kmh)
    return _frame([row])


def choose_mode(origin: str, destination: str, *, case=None, geocoder=None) -> str:
    """Mode of a leg chosen from the kinds of its ends: sea between ports, air between
    airfields, rail when both ends are within reach of the rail network, road otherwise."""
    parts = _parts(case, geocoder, None, "choose_mode()")
    a, b = _site(origin, parts), _site(destination, parts)
    kinds = {a["kind"], b["kind"]}
    if kinds == {"port"}:
        return "sea"
    if kinds == {"airfield"}:
        return "air"
    if all(nearest_station(s["site_id"], case=parts)[1] <= RAIL_SNAP_KM for s in (a, b)):
        return "rail"
    return "road"


def itinerary(
    stops: Sequence[str],
    modes: Sequence[str] | None = None,
    asset: str | Sequence[str | None] | Mapping[str, str] | None = None,
    case=None,
    *,
    geocoder=None,
    assets: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Legs through ``stops`` (site ids or names), one row per leg (more for air refuelling).

    ``modes`` gives one mode per leg (default: :func:`choose_mode`); ``asset`` is one asset id
    for every leg of its mode, a mapping ``{mode: asset_id}``, or one id (or None) per leg.
    Names resolve, and assets are looked up, in ``case`` (its geocoder, asset catalogue and rail
    network), or through ``geocoder`` and ``assets``.
    """
    parts = _parts(case, geocoder, assets, "itinerary()")
    if len(stops) < 2:
        raise ValueError(f"an itinerary needs at least two stops, got {list(stops)}")
    n = len(stops) - 1
    if modes is None:
        modes = [choose_mode(u, v, case=parts) for u, v in zip(stops[:-1], stops[1:], strict=True)]
    if len(modes) != n:
        raise ValueError(f"{n} legs need {n} modes, got {len(modes)}: {list(modes)}")
    bad = [m for m in modes if m not in MODES]
    if bad:
        raise ValueError(f"unknown mode(s) {bad}; valid modes are {MODES}")
    per_leg = _assets_per_leg(asset, list(modes), parts)
    found = []
    for u, v, mode, spec in zip(stops[:-1], stops[1:], modes, per_leg, strict=True):
        if mode == "sea":
            found.append(sea_leg(u, v, spec, case=parts))
        elif mode == "air":
            found.append(air_leg(u, v, spec, case=parts))
        elif mode == "rail":
            found.append(rail_leg(u, v, spec, case=parts))
        else:
            found.append(road_leg(u, v, case=parts))
    legs = pd.concat(found, ignore_index=True)
    legs["leg"] = range(len(legs))
    return gpd.GeoDataFrame(legs, geometry="geometry", crs=CRS)


def _assets_per_leg(asset, modes: list[str], parts: _Parts) -> list[str | None]:
    if asset is None:
        return [None] * len(modes)
    if isinstance(asset, Mapping):
        return [asset.get(m) for m in modes]
    if isinstance(asset, str):
        mode = get_asset(asset, parts.assets)["mode"]
        return [asset if m == mode else None for m in modes]
    if len(asset) != len(modes):
        raise ValueError(f"{len(modes)} legs need {len(modes)} assets, got {len(asset)}")
    return list(asset)


def summary(legs: gpd.GeoDataFrame) -> pd.Series:
    """Total length (km) and duration (h; NaN when a leg has no asset speed) of an itinerary."""
    return pd.Series(
        {
            "legs": len(legs),
            "length_km": float(legs["length_km"].sum()),
            "duration_h": float(legs["duration_h"].sum(min_count=len(legs))),
        }
    )
