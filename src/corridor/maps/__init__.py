"""Maps: offline Leaflet pages built from GeoDataFrames (layers, animation, atlas). Computes nothing."""

from corridor.maps.changes import changes_page
from corridor.maps.claims import claims_page
from corridor.maps.crs import to_lonlat
from corridor.maps.dossiers import dossiers_page
from corridor.maps.ids import deterministic_ids
from corridor.maps.layers import (
    add_routes,
    add_sightings,
    add_sites,
    fit_to_data,
    new_map,
    sites_and_sightings_map,
)
from corridor.maps.timeline import timeline_page
from corridor.maps.timeline_plot import plot_timeline, plot_year_over_year

__all__ = [
    "add_routes",
    "add_sightings",
    "add_sites",
    "changes_page",
    "claims_page",
    "deterministic_ids",
    "dossiers_page",
    "fit_to_data",
    "new_map",
    "plot_timeline",
    "plot_year_over_year",
    "sites_and_sightings_map",
    "timeline_page",
    "to_lonlat",
]
