"""Maps: offline Leaflet pages built from GeoDataFrames (layers, animation, atlas). Computes nothing."""

from corridor.maps.changes import changes_page
from corridor.maps.claims import claims_page
from corridor.maps.dossiers import dossiers_page
from corridor.maps.layers import (
    add_routes,
    add_sightings,
    add_sites,
    fit_to_data,
    new_map,
    sites_and_sightings_map,
)
from corridor.maps.timeline import timeline_page

__all__ = [
    "add_routes",
    "add_sightings",
    "add_sites",
    "changes_page",
    "claims_page",
    "dossiers_page",
    "fit_to_data",
    "new_map",
    "sites_and_sightings_map",
    "timeline_page",
]
