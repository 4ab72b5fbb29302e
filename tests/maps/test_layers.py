import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString

from corridor.evidence.sightings import format_when, load_sightings
from corridor.maps.layers import (
    CLUSTER_ABOVE,
    add_routes,
    add_sightings,
    add_title,
    new_map,
    route_legend,
    sites_and_sightings_map,
)
from corridor.places.gazetteer import Gazetteer

NOTE = """<img src=x onerror="document.title='pwned'">"""
ASSET = "</script><script>document.title='pwned'</script>"


def render(sites=None, sightings=None) -> str:
    sites = Gazetteer.default().sites if sites is None else sites
    sightings = load_sightings() if sightings is None else sightings
    return sites_and_sightings_map(sites, sightings).get_root().render()


def layers(html: str) -> list[dict]:
    """The specs of the data layers on a page, decoded from their JSON."""
    specs = re.findall(r"corridor\.layer\((.*)\);\n", html)
    return [json.loads(s) for s in specs]


def rows(spec: dict) -> list[dict]:
    t = spec["table"]
    coords = t["coordinates"]
    if t["geometry"] == "Point":
        coords = [coords[i : i + 2] for i in range(0, len(coords), 2)]
    return [
        {f: None if t["codes"][k][r] < 0 else t["values"][k][t["codes"][k][r]]
         for k, f in enumerate(t["fields"])} | {"coordinates": coords[r]}
        for r in range(t["count"])
    ]  # fmt: skip


def test_same_data_renders_byte_identical_html():
    assert render() == render()


def test_each_layer_is_one_geojson_table_not_one_element_per_feature():
    html = render()
    sites, sightings = layers(html)
    assert sites["kind"] == "sites" and sightings["kind"] == "sightings"
    assert sites["table"]["count"] == len(Gazetteer.default().sites)
    assert sightings["table"]["count"] == len(load_sightings())
    # Only the page runtime creates markers and popups, once in its code, whatever the data size.
    assert html.count("L.marker(") == html.count("L.circleMarker(") == html.count("L.popup(") == 1
    assert '"preferCanvas": true' in html


def test_sighting_popup_fields_carry_date_precision_asset_source_confidence():
    s = load_sightings().iloc[0]
    first = rows(layers(render())[1])[0]
    assert first["when"] == format_when(s["observed_start"], s["observed_end"], s["time_precision"])
    assert first["when"].endswith(f"({s['time_precision']})")
    assert first["source"] == f"{s['source_publication']} ({s['source_published']})"
    assert first["confidence"] == s["confidence"] and first["activity"] == s["activity"]
    assert first["coordinates"] == [round(s.geometry.x, 5), round(s.geometry.y, 5)]
    labels = [label for label, _ in layers(render())[1]["popup"]["rows"]]
    assert labels[:5] == ["When", "Asset", "Activity", "Personnel", "Confidence"]


def test_title_legend_sources_layer_control_and_scale():
    html = render()
    sightings = load_sightings()
    assert "<title>Sites and sightings</title>" in html
    assert f"Data as of {sightings['source_published'].max()}" in html
    assert html.count("corridor.legend(") == 1 and html.count("corridor.sources(") == 1
    assert "L.control.layers(" in html and "L.control.scale()" in html
    assert sightings["source_publication"].iloc[0] in html


def test_data_text_never_reaches_the_page_unescaped():
    sightings = load_sightings().head(2).copy()
    sightings["notes"] = NOTE
    sightings["asset_name"] = ASSET
    sites = Gazetteer.default().sites.head(3).copy()
    sites.loc[sites.index[0], "name"] = ASSET
    html = render(sites, sightings)
    assert NOTE not in html and ASSET not in html and "<img" not in html
    assert "\\u003c/script\\u003e\\u003cscript\\u003edocument.title='pwned'" in html
    popup = rows(layers(html)[1])[0]
    assert popup["notes"] == NOTE and popup["asset"].endswith(ASSET)
    m = new_map()
    add_title(m, ASSET)
    assert "<title>&lt;/script&gt;&lt;script&gt;" in m.get_root().render()


def test_many_sightings_are_clustered_and_few_are_not():
    seed = load_sightings()
    many = pd.concat([seed] * (CLUSTER_ABOVE // len(seed) + 1), ignore_index=True)
    m = new_map()
    add_sightings(m, many)
    html = m.get_root().render()
    assert layers(html)[0]["cluster"] is True
    assert "leaflet.markercluster@1.4.1/dist/leaflet.markercluster.js" in html
    m = new_map()
    add_sightings(m, seed)
    assert layers(m.get_root().render())[0]["cluster"] is False


def test_routes_are_one_layer_styled_by_mode_with_labels():
    legs = gpd.GeoDataFrame(
        {"origin": ["Rajin", "Sunan"], "destination": ["Dunai", "Knevichi"], "mode": ["sea", "air"],
         "length_km": [181.96, 1234.4]},
        geometry=[LineString([(130.3, 42.25), (132.34, 42.88)]),
                  LineString([(125.67, 39.22), (132.15, 43.4)])],
        crs="EPSG:4326",
    )  # fmt: skip
    m = new_map()
    add_routes(m, legs)
    spec = layers(m.get_root().render())[0]
    assert spec["table"]["geometry"] == "MultiLineString"
    got = rows(spec)
    assert got[0]["coordinates"] == [[[130.3, 42.25], [132.34, 42.88]]]
    assert got[1]["tip"] == "Sunan → Knevichi: air, 1,234 km"
    assert spec["style"]["modes"]["air"]["dashArray"] == "6 6"
    assert route_legend(legs)["items"][0] == {"line": "#1f78b4", "dash": None, "label": "sea"}


@pytest.mark.parametrize("tiles", [None, "OpenStreetMap"])
def test_web_tiles_only_when_asked(tiles):
    html = new_map(tiles=tiles).get_root().render()
    assert ("L.tileLayer(" in html) is bool(tiles)
    assert "corridor-basemap" in html


def test_sightings_need_only_time_and_place_and_missing_columns_are_named():
    few = load_sightings()[["observed_start", "observed_end", "time_precision", "geometry"]].head(2)
    m = new_map()
    add_sightings(m, few)
    first = rows(layers(m.get_root().render())[0])[0]
    assert first["when"].endswith("(month)") and first["source"] is None and first["notes"] is None
    with pytest.raises(ValueError, match=r"lack columns \['time_precision'\]"):
        add_sightings(new_map(), few.drop(columns="time_precision"))


def test_sources_show_outlet_title_date_and_only_web_links():
    from corridor.maps.layers import sighting_sources

    s = pd.DataFrame({
        "source_id": ["a", "b", "a", "c"], "source_org": ["Outlet A", "Outlet B", "Outlet A", None],
        "source_publication": ["Title A", "Title B", "Title A", "Title C"],
        "source_published": ["2020-01-01", "2020-02-02", "2020-01-01", ""],
        "source_url": ["https://a.example/x", "javascript:alert(1)", "https://a.example/x", "ftp://c"],
    })  # fmt: skip
    assert sighting_sources(s) == [
        {"outlet": "Outlet A", "title": "Title A", "date": "2020-01-01", "url": "https://a.example/x"},
        {"outlet": "Outlet B", "title": "Title B", "date": "2020-02-02", "url": None},
        {"outlet": None, "title": "Title C", "date": None, "url": None},
    ]


def test_maps_open_fitted_to_all_their_features():
    from corridor.maps.layers import fit_to_data

    a = gpd.GeoDataFrame(geometry=gpd.points_from_xy([10.0, 12.0], [50.0, 51.0]), crs=4326)
    b = gpd.GeoDataFrame(geometry=[LineString([(11.0, 49.0), (13.5, 50.0)])], crs=4326)
    m = fit_to_data(new_map(), a, b, a.iloc[:0])
    (bounds,) = [v for k, v in m._children.items() if k.startswith("fit_bounds")]
    assert bounds.bounds == [[49.0, 10.0], [51.0, 13.5]]


def test_site_labels_claim_space_by_kind():
    from corridor.maps.layers import LABEL_ORDER, add_sites

    sites = Gazetteer.default().sites
    spec = json.loads(add_sites(new_map(), sites).spec_json)
    names = rows(spec)
    ranks = [LABEL_ORDER.index(r["kind"]) for r in names]
    assert ranks == sorted(ranks) and spec["label"] == "name"
    assert json.loads(add_sites(new_map(), sites, labels=False).spec_json)["label"] is None
