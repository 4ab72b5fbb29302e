"""Page-level accessibility of the maps: language, viewport, runtime, print styles, legend colours."""

import re

import folium
import pytest

from corridor.maps.a11y import BASEMAP_COLORS, NARROW_PX, contrast_ratio, make_accessible
from corridor.maps.animation import MODE_COLORS, MODE_DASHES
from corridor.maps.layers import (
    CONFIDENCE_COLORS,
    CONFIDENCE_OUTLINES,
    MODE_STYLES,
    add_title,
    new_map,
    route_legend,
    sighting_legend,
)


def page() -> str:
    m = new_map()
    add_title(m, "Ports <and> airfields")
    return m.get_root().render()


def test_every_map_page_has_a_language_and_a_viewport_that_lets_readers_zoom():
    text = page()
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    viewports = re.findall(r'<meta name="viewport"[^>]*>', text)
    assert viewports == ['<meta name="viewport" content="width=device-width, initial-scale=1" />']
    assert "user-scalable" not in text and "maximum-scale" not in text


def test_the_runtime_and_its_styles_come_once_with_phone_and_print_rules():
    text = page()
    assert text.count("corridor.a11y = function") == 1
    assert f"@media (max-width: {NARROW_PX}px)" in text
    assert "@media print" in text and ".corridor-print{display:none}" in text
    assert "min-height:44px" in text  # touch targets
    assert page() == text  # deterministic


def test_language_is_checked():
    m = folium.Map(tiles=None)
    with pytest.raises(ValueError, match="BCP 47"):
        make_accessible(m, lang='en"><script>')
    assert '<html lang="fr-CA">' in make_accessible(m, lang="fr-CA").get_root().render()


@pytest.mark.parametrize(
    ("a", "b", "ratio"), [("#ffffff", "#ffffff", 1.0), ("#000000", "#ffffff", 21.0), ("#ffffff", "#000000", 21.0)]
)
def test_contrast_ratio(a, b, ratio):
    assert contrast_ratio(a, b) == pytest.approx(ratio)


def test_contrast_ratio_refuses_other_colour_notations():
    with pytest.raises(ValueError, match="#rrggbb"):
        contrast_ratio("red", "#ffffff")


@pytest.mark.parametrize(
    "color",
    [*CONFIDENCE_COLORS.values(), *(s["color"] for s in MODE_STYLES.values()), *MODE_COLORS.values()],
)
def test_symbol_colours_stand_out_from_land_and_sea(color):
    for ground in BASEMAP_COLORS.values():
        assert contrast_ratio(color, ground) >= 3, (color, ground)


def test_confidence_and_mode_are_not_told_by_colour_alone():
    assert len(set(CONFIDENCE_OUTLINES.values())) == len(CONFIDENCE_COLORS)
    dashes = [s["dashArray"] for s in MODE_STYLES.values()]
    assert len(set(dashes)) == len(MODE_STYLES)
    assert MODE_DASHES == {k: s["dashArray"] for k, s in MODE_STYLES.items()}
    confidence = sighting_legend(2025)[0]["items"]
    assert [i["border_style"] for i in confidence] == ["solid", "dashed", "dotted"]
    assert all(i["label"].endswith(f"({i['border_style']} outline)") for i in confidence)
    legend = route_legend({"mode": ["road", "sea", "rail"]})
    assert [(i["label"], i["dash"]) for i in legend["items"]] == [
        ("sea", None),
        ("rail", "2 6"),
        ("road", "12 4 2 4"),
    ]
