import gc
import subprocess
import sys

import folium
import pytest
from branca.element import Element

from corridor.maps.ids import Build, deterministic_ids, reset_ids
from corridor.maps.layers import new_map

NUMBERED = "poly_line_" + "0" * 31


def _closed_builds():
    """Drop maps left unrendered by other tests, so that no build is open."""
    gc.collect()
    if vars(Element)["_generate_id"].__func__.__module__ == "corridor.maps.ids":
        pytest.skip("a map built elsewhere in this process is still open")


def test_importing_the_maps_changes_nothing_in_branca():
    code = (
        "import branca.element as b; before = b.Element.__dict__['_generate_id']; "
        "import corridor.maps, corridor.maps.layers, corridor.maps.animation, corridor.maps.atlas; "
        "assert b.Element.__dict__['_generate_id'] is before; "
        "import folium; assert not folium.Marker((0, 0)).get_name().startswith('marker_0000000000')"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_ids_are_numbered_within_a_build_and_branca_s_own_outside():
    _closed_builds()
    branca = vars(Element)["_generate_id"]
    with deterministic_ids():
        reset_ids()
        assert folium.PolyLine([(0, 0), (1, 1)]).get_name() == NUMBERED + "1"
        with deterministic_ids():  # builds nest
            assert folium.PolyLine([(0, 0), (1, 1)]).get_name() == NUMBERED + "2"
        assert folium.PolyLine([(0, 0), (1, 1)]).get_name() == NUMBERED + "3"
    assert vars(Element)["_generate_id"] is branca
    assert not folium.PolyLine([(0, 0), (1, 1)]).get_name().startswith(NUMBERED)


def _hand_made_page() -> str:
    """A map as a notebook cell makes it: new_map, then folium elements, then the display."""
    m = new_map()
    folium.PolyLine([(42.0, 131.0), (43.0, 132.0)], tooltip=folium.Tooltip("a leg")).add_to(m)
    folium.CircleMarker((42.0, 131.0), radius=7).add_to(m)
    return m._repr_html_()


def test_a_map_numbers_what_is_added_to_it_until_its_first_render():
    _closed_builds()
    first = _hand_made_page()
    assert first == _hand_made_page()
    assert "poly_line_0000" in first and "circle_marker_0000" in first
    # the render closed the map's build: branca's own ids again
    assert not folium.PolyLine([(0, 0), (1, 1)]).get_name().startswith(NUMBERED)


def test_a_map_dropped_unrendered_closes_its_build():
    _closed_builds()
    branca = vars(Element)["_generate_id"]
    m = new_map()
    assert vars(Element)["_generate_id"] is not branca
    del m
    gc.collect()
    assert vars(Element)["_generate_id"] is branca


def test_closing_a_build_twice_closes_it_once():
    _closed_builds()
    branca = vars(Element)["_generate_id"]
    outer, inner = Build(), Build()
    inner.close()
    inner.close()
    assert vars(Element)["_generate_id"] is not branca  # the outer build is still open
    outer.close()
    assert vars(Element)["_generate_id"] is branca


def test_a_copied_map_shares_the_build_of_its_original():
    import copy

    _closed_builds()
    branca = vars(Element)["_generate_id"]
    m = new_map()
    twin = copy.deepcopy(m)
    assert twin.build is m.build
    page(twin), page(m)
    assert vars(Element)["_generate_id"] is branca


def page(m) -> str:
    return m.get_root().render()
