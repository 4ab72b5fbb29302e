"""Places: the gazetteer of sites, the one resolver for names, offline fallbacks, distance checks."""

from corridor.places._candidates import (
    AmbiguousError,
    Candidate,
    GeocodeError,
    GeocodeResult,
    NotFoundError,
)
from corridor.places.claimcheck import ClaimCheck, check_claim, find_claims
from corridor.places.gazetteer import SITE_KINDS, Gazetteer, SiteNotFoundError, load_sites
from corridor.places.geocode import as_geocoder, default_geocoder, geocode, resolve
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
    "SITE_KINDS",
    "SiteNotFoundError",
    "as_geocoder",
    "check_claim",
    "default_geocoder",
    "find_claims",
    "geocode",
    "load_sites",
    "resolve",
]
