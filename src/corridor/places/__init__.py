"""Places: the gazetteer of sites, the one resolver for names, offline fallbacks, distance checks."""

from corridor.places._candidates import (
    AmbiguousError,
    Candidate,
    GeocodeError,
    GeocodeResult,
    NotFoundError,
)
from corridor.places.claimcheck import ClaimCheck, check_claim, find_claims
from corridor.places.gazetteer import Gazetteer, SiteNotFoundError, load_sites
from corridor.places.geocode import default_geocoder, geocode, resolve
from corridor.places.geocoder import Geocoder

__all__ = [
    "AmbiguousError",
    "Candidate",
    "ClaimCheck",
    "Gazetteer",
    "GeocodeError",
    "GeocodeResult",
    "Geocoder",
    "NotFoundError",
    "SiteNotFoundError",
    "check_claim",
    "default_geocoder",
    "find_claims",
    "geocode",
    "load_sites",
    "resolve",
]
