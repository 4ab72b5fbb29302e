import re

import folium
import pytest

from corridor.maps.layers import new_map
from corridor.maps.offline import OfflineAssetError, asset_for_url, inline, link_assets

LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
EXTERNAL = re.compile(r'<script src="(https?:)?//|<link rel="stylesheet" href="(https?:)?//')


def page(m: folium.Map) -> str:
    return m.get_root().render()


def test_cdn_urls_map_to_installed_packages():
    assert asset_for_url(LEAFLET_JS).file == "leaflet.js"
    assert asset_for_url("https://code.jquery.com/jquery-3.7.1.min.js").package == "jquery"
    cluster = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css"
    assert asset_for_url(cluster).package == "leaflet_markercluster"
    assert asset_for_url("https://x.org/bootstrap@5.2.2/dist/css/bootstrap.min.css") is None


def test_unknown_cdn_file_is_refused_with_its_url():
    url = "https://cdn.example.org/leaflet-timedimension/1.1.1/leaflet.timedimension.min.js"
    with pytest.raises(OfflineAssetError, match="leaflet.timedimension.min.js.*--cdn"):
        inline(f'<script src="{url}"></script>')


def test_inlined_map_links_nothing_external():
    html = page(new_map())
    assert EXTERNAL.search(html)
    out = inline(html)
    assert not EXTERNAL.search(out)
    assert 't.version="1.9.3"' in out  # Leaflet's own code, from xstatic-leaflet
    assert "url(images/" not in out and "data:image/png;base64," in out  # CSS images embedded
    assert "sourceMappingURL" not in out


def test_unused_folium_defaults_are_dropped_and_jquery_kept_only_when_called():
    m = folium.Map(tiles=None)
    out = inline(page(m))
    assert "bootstrap" not in out and "awesome-markers" not in out
    assert "jQuery" not in out  # nothing on the page calls it
    used = inline(page(m) + "<script>$(document).ready(function(){})</script>")
    assert "jQuery" in used


def test_a_page_using_folium_icon_is_refused_rather_than_half_working():
    m = folium.Map(tiles=None)
    folium.Marker([42.9, 132.3], icon=folium.Icon(icon="anchor", prefix="fa")).add_to(m)
    with pytest.raises(OfflineAssetError, match="AwesomeMarkers"):
        inline(page(m))


def test_link_assets_copies_files_and_links_them_relatively(tmp_path):
    out = link_assets(page(new_map()), tmp_path / "site", tmp_path / "site" / "assets")
    assert '<script src="assets/leaflet/leaflet.js"></script>' in out
    assert '<link rel="stylesheet" href="assets/leaflet/leaflet.css"/>' in out
    assert not EXTERNAL.search(out)
    assert (tmp_path / "site/assets/leaflet/images/layers.png").stat().st_size > 0
    assert "Leaflet 1.9.3" in (tmp_path / "site/assets/leaflet/leaflet.js").read_text()
