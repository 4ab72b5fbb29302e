"""Maps: offline Leaflet pages built from GeoDataFrames (layers, animation, atlas). Computes nothing."""

from corridor.maps.layers import (
    add_routes,
    add_sightings,
    add_sites,
    new_map,
    sites_and_sightings_map,
)

__all__ = ["add_routes", "add_sightings", "add_sites", "new_map", "sites_and_sightings_map"]
