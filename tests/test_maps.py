from corridor.gazetteer import Gazetteer
from corridor.maps import sighting_popup, sites_and_sightings_map
from corridor.sightings import load_sightings


def render():
    m = sites_and_sightings_map(Gazetteer.default().sites, load_sightings())
    return m.get_root().render()


def test_same_data_renders_byte_identical_html():
    assert render() == render()


def test_map_has_a_marker_per_site_and_a_circle_per_sighting():
    html = render()
    assert html.count("L.marker(") == len(Gazetteer.default().sites)
    assert html.count("L.circleMarker(") == len(load_sightings())


def test_popup_shows_date_precision_source_and_escapes_text():
    s = load_sightings().iloc[0].copy()
    s["notes"] = "<img src=x onerror=alert(1)>"
    popup = sighting_popup(s)
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "<img" not in popup
    assert f"({s['time_precision']})" in popup
    assert s["source_publication"] in popup
