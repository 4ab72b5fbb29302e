"""Evidence: sightings, claims and their sources; timelines and exports."""

from corridor.evidence.claims import claim_ranges, load_claims
from corridor.evidence.exports import export
from corridor.evidence.sightings import load_sightings, load_sources, to_geodataframe
from corridor.evidence.timeline import site_timeline, year_over_year

__all__ = [
    "claim_ranges",
    "export",
    "load_claims",
    "load_sightings",
    "load_sources",
    "site_timeline",
    "to_geodataframe",
    "year_over_year",
]
