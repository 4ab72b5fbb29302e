"""What the geocoder returns: candidate places, results and errors."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from pyproj import Geod

from corridor.places import _fallback

#: Values of ``status``.
STATUSES = ("resolved", "ambiguous", "not_found")

_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may designate. ``site_id`` is None outside the gazetteer."""

    site_id: str | None
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    source: str
    location_precision_m: int
    matched_by: str = ""
    score: float = 100.0
    distance_km: float | None = None  # from the ``near`` hint
    apart_km: float | None = None  # to the nearest other candidate, for ambiguous names
    population: int = 0  # GeoNames' figure for a place outside the gazetteer (0: none known)

    def label(self) -> str:
        ref = self.site_id or self.source
        extra = f", {self.apart_km:.0f} km from the next" if self.apart_km is not None else ""
        return f"{self.name} ({ref}, {self.kind}, {self.country}, score {self.score:.0f}{extra})"


@dataclass(frozen=True)
class GeocodeResult:
    """How one name resolved. Place fields are None unless ``status`` is ``resolved``."""

    query: object
    status: str
    matched_by: str | None = None
    score: float | None = None
    site_id: str | None = None
    name: str | None = None
    kind: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    source: str | None = None
    location_precision_m: int | None = None
    candidates: tuple[Candidate, ...] = ()
    message: str = ""

    @property
    def resolved(self) -> bool:
        return self.status == "resolved"

    @property
    def apart_km(self) -> float | None:
        """Largest distance between two candidates of an ambiguous name."""
        gaps = [c.apart_km for c in self.candidates if c.apart_km is not None]
        return max(gaps) if gaps and self.status == "ambiguous" else None


class GeocodeError(LookupError):
    """A name did not resolve to one place. ``result`` and ``candidates`` say why."""

    def __init__(self, result: GeocodeResult):
        self.result = result
        self.query = result.query
        self.candidates = list(result.candidates)
        super().__init__(result.message)

    def __str__(self) -> str:  # LookupError would quote the message
        return self.args[0]


class NotFoundError(GeocodeError):
    """No place matches; ``candidates`` are the closest gazetteer sites."""


class AmbiguousError(GeocodeError):
    """Several places match; ``candidates`` carry their distances apart."""


def _source(source: str, ref: str) -> str:
    for prefix in ("geonameid:", "ICAO:"):
        if ref.startswith(prefix):
            return f"{source}:{ref[len(prefix) :]}"
    return f"{source}:{ref}"


def site_candidate(row) -> Candidate:
    precision = row.location_precision_m
    return Candidate(
        site_id=row.site_id,
        name=row.name,
        kind=row.kind,
        country=row.country,
        lat=float(row.lat),
        lon=float(row.lon),
        source=_source(row.source, row.source_ref),
        location_precision_m=None if pd.isna(precision) else int(precision),
    )


def place_candidate(place: _fallback.Place, step: str) -> Candidate:
    return Candidate(
        None, place.name, place.kind, place.country, place.lat, place.lon, place.source,
        place.location_precision_m, matched_by=step, population=place.population,
    )  # fmt: skip


def with_gaps(cands: list[Candidate]) -> list[Candidate]:
    """Candidates with ``apart_km``: the distance to the nearest other candidate."""
    lons = np.array([c.lon for c in cands])
    lats = np.array([c.lat for c in cands])
    i, j = np.triu_indices(len(cands), k=1)
    _, _, dist = _GEOD.inv(lons[i], lats[i], lons[j], lats[j])
    matrix = np.full((len(cands), len(cands)), np.inf)
    matrix[i, j] = matrix[j, i] = np.asarray(dist) / 1000
    return [replace(c, apart_km=round(float(matrix[k].min()), 1)) for k, c in enumerate(cands)]
