"""Check the distance-and-bearing statements of reports ("120 km south-southwest of Constanța").

A statement names a distance (digits, in km, miles or nautical miles), optionally a compass
direction (8 or 16 points, spelled out or abbreviated: "southwest", "west-southwest", "SW") and a
reference place after "of" (or "from" when no direction is given). The place the statement is
about (the subject) is the name written just before it ("the port of Varna, 120 km south-southwest
of Constanța"; "Varna lies 120 km ...") or is given explicitly. Both places are resolved through
:func:`corridor.places.geocode.resolve`; the true distance and bearing from the reference to the subject
are computed on the WGS84 ellipsoid with ``pyproj.Geod``.

A claim is ``consistent`` when the distance is within ``rel_tolerance`` of the claimed one plus the
location precision of both places, and the bearing within half a compass sector (22.5 degrees for
the 8 main points, 11.25 for the 16) plus the angle the location precision subtends. Otherwise it
is ``inconsistent``, with by how much; ``unchecked`` when a place does not resolve.

Examples
--------
>>> from corridor.testing.places import black_sea_gazetteer
>>> gaz = black_sea_gazetteer()
>>> c = check_claim("Varna, 120 km south-southwest of Constanta", gazetteer=gaz)
>>> (c.verdict, round(c.measured_km), c.measured_direction)
('consistent', 122, 'SSW')
>>> c = check_claim("Varna, 60 km west of Constanta", gazetteer=gaz)
>>> (c.verdict, round(c.measured_km), c.measured_direction)
('inconsistent', 122, 'SSW')
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import shapely
from pyproj import Geod

from corridor.places.gazetteer import CRS
from corridor.places.geocode import GeocodeError, _geocoder, resolve
from corridor.places.names import GENERIC_WORDS

#: Kilometres per unit, keyed by the unit as normalized by :func:`_unit`.
UNIT_KM = {"km": 1.0, "mi": 1.609344, "nmi": 1.852}
#: The 16 compass points, clockwise from north; the bearing of point ``i`` is ``22.5 * i``.
POINTS = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)  # fmt: skip
#: Default relative tolerance on distances (reports round them).
REL_TOLERANCE = 0.15
VERDICTS = ("consistent", "inconsistent", "unchecked")

_GEOD = Geod(ellps="WGS84")
_WORDS = {"n": "north", "e": "east", "s": "south", "w": "west"}
_SPELLED = {"".join(_WORDS[ch] for ch in p.lower()): p for p in POINTS}
_POINT_ABBR = "|".join(sorted(POINTS, key=len, reverse=True))
_DIR = (
    r"(?:(?i:(?:north|south|east|west)(?:[\s-]?(?:north|south|east|west)){0,2})|(?:"
    + _POINT_ABBR
    + r")\b)"
)
_UNIT = r"(?i:km|kms|kilomet(?:er|re)s?|nautical\s+miles?|nmi|miles?|mi)|NM"
_STATEMENT = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*-?\s*(?P<unit>"
    + _UNIT
    + r")\.?(?:\s+(?i:to\s+the))?\s+(?P<dir>"
    + _DIR
    + r")?\s*(?P<prep>(?i:of|from))\s+"
)
_TOKEN = re.compile(r"[^\s,;:!?()\[\]\"“”—–]+|[,;:()—–]")
_NAME_CONNECTORS = {"of", "the", "port", "de", "la", "na", "on"}
_FILLERS = {
    "is", "lies", "lie", "sits", "located", "situated", "lying", "about", "some", "roughly",
    "approximately", "around", "nearly", "almost", "just", "which", "that", "at", "a", "an",
    "only", "over", "under", "less", "more", "than", "was", "being", ",", "(", "—", "–", ":",
}  # fmt: skip


@dataclass(frozen=True)
class ClaimCheck:
    """A distance-and-bearing statement, claimed against measured."""

    text: str
    start: int
    end: int
    subject: str | None
    reference: str
    claimed_value: float
    claimed_unit: str
    claimed_km: float
    claimed_direction: str | None
    claimed_bearing_deg: float | None
    verdict: str
    reason: str = ""
    subject_site_id: str | None = None
    subject_lat: float | None = None
    subject_lon: float | None = None
    reference_site_id: str | None = None
    reference_lat: float | None = None
    reference_lon: float | None = None
    claimed_lat: float | None = None
    claimed_lon: float | None = None
    measured_km: float | None = None
    measured_bearing_deg: float | None = None
    measured_direction: str | None = None
    distance_error_km: float | None = None
    bearing_error_deg: float | None = None
    offset_km: float | None = None
    distance_tolerance_km: float | None = None
    bearing_tolerance_deg: float | None = None

    def summary(self) -> str:
        """One sentence: what was claimed, what is measured, and the verdict."""
        claimed = f"{self.claimed_km:.0f} km {self.claimed_direction or ''}".rstrip()
        about = self.subject or "the place"
        if self.measured_km is None:
            prep = "of" if self.claimed_direction else "from"
            return f"{about}, {claimed} {prep} {self.reference}: {self.verdict} ({self.reason})"
        text = (
            f"{about} lies {self.measured_km:.0f} km {self.measured_direction} "
            f"(bearing {self.measured_bearing_deg:.0f}°) of {self.reference}; claimed {claimed}: "
            f"{self.verdict}"
        )
        return f"{text} ({self.reason})" if self.reason else text

    def points(self) -> gpd.GeoDataFrame:
        """The reference, the claimed position and the measured (subject) position, EPSG:4326."""
        rows = [
            ("reference", self.reference, self.reference_lat, self.reference_lon),
            ("claimed", f"{self.claimed_km:.0f} km {self.claimed_direction or ''} of {self.reference}", self.claimed_lat, self.claimed_lon),
            ("measured", self.subject, self.subject_lat, self.subject_lon),
        ]  # fmt: skip
        rows = [r for r in rows if r[2] is not None]
        return gpd.GeoDataFrame(
            {"role": [r[0] for r in rows], "label": [r[1] for r in rows]},
            geometry=[shapely.Point(r[3], r[2]) for r in rows],
            crs=CRS,
        )


def find_claims(
    text: str, *, rel_tolerance: float = REL_TOLERANCE, gazetteer=None
) -> list[ClaimCheck]:
    """Every distance-and-bearing statement of ``text``, checked, with its character span.

    ``gazetteer`` (a case's ``geocoder`` or ``gazetteer``) resolves the places, as in
    :func:`check_claim`.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_claims expects text (str), got {type(text).__name__}")
    gazetteer = _geocoder(gazetteer, "find_claims()")
    checks = []
    for m in _STATEMENT.finditer(text):
        parsed = _parse(text, m)
        if parsed is not None:
            checks.append(_check(*parsed, rel_tolerance=rel_tolerance, gazetteer=gazetteer))
    return checks


def check_claim(
    text_or_parts: str | Mapping, *, subject: str | None = None,
    rel_tolerance: float = REL_TOLERANCE, gazetteer=None,
) -> ClaimCheck:  # fmt: skip
    """Check one statement, given as text or as parts.

    Parameters
    ----------
    text_or_parts : str or mapping
        A statement such as ``"Varna lies 120 km SSW of Constanța"``, or a mapping with keys
        ``subject``, ``distance``, ``unit`` (``km``, ``mi``, ``nmi``; default ``km``),
        ``direction`` (a compass point, optional) and ``reference``.
    subject : str, optional
        The place the statement is about, when the text does not name it.
    rel_tolerance : float
        Relative tolerance on the distance, before the location precision is added.
    gazetteer : Gazetteer or Geocoder
        Resolves both places (:func:`corridor.places.geocode.resolve`): a case's ``geocoder``.
        Leaving it out is deprecated (it takes the default case's).

    Raises
    ------
    ValueError
        The text holds no statement, or several (use :func:`find_claims`), or a part is invalid.
    """
    gazetteer = _geocoder(gazetteer, "check_claim()")
    if isinstance(text_or_parts, Mapping):
        return _check(
            *_from_parts(text_or_parts, subject), rel_tolerance=rel_tolerance, gazetteer=gazetteer
        )
    if not isinstance(text_or_parts, str):
        raise TypeError(
            f"check_claim expects a str or a mapping, got {type(text_or_parts).__name__}"
        )
    found = [p for p in (_parse(text_or_parts, m) for m in _STATEMENT.finditer(text_or_parts)) if p]
    if not found:
        raise ValueError(
            f"no distance statement found in {text_or_parts[:80]!r}; expected e.g. "
            "'95 km southwest of Odesa', '60 miles north of Varna' or '15 nmi SE of Constanta'"
        )
    if len(found) > 1:
        raise ValueError(
            f"{len(found)} statements found in the text; use find_claims() for several"
        )
    parts = found[0]
    if subject is not None:
        parts = (*parts[:3], subject, *parts[4:])
    return _check(*parts, rel_tolerance=rel_tolerance, gazetteer=gazetteer)


# -- parsing ---------------------------------------------------------------------------------


def _unit(text: str) -> str:
    t = " ".join(text.split()).casefold()
    if t.startswith("naut") or t in ("nmi", "nm"):
        return "nmi"
    if t.startswith("mi"):
        return "mi"
    return "km"


def _direction(text: str | None) -> str | None:
    if not text:
        return None
    if text in POINTS:
        return text
    return _SPELLED.get(re.sub(r"[\s-]", "", text.casefold()))


def _parse(text: str, m: re.Match):
    """(statement, start, end, subject, reference, value, unit, direction) or None."""
    direction = _direction(m.group("dir"))
    if m.group("dir") and direction is None:
        return None  # "north south of" is no compass point
    if direction is None and m.group("prep").casefold() != "from":
        return None  # "5 km of road"
    reference, end = _name_after(text, m.end())
    if not reference:
        return None
    value = float(m.group("num").replace(",", ""))
    subject = _name_before(text, m.start())
    return (
        text[m.start() : end],
        m.start(),
        end,
        subject,
        reference,
        value,
        _unit(m.group("unit")),
        direction,
    )


def _is_name_token(token: str) -> bool:
    first = token[0]
    return first.isalpha() and (first.isupper() or not first.isascii() and not first.islower())


def _name_after(text: str, pos: int) -> tuple[str, int]:
    """The place name starting at ``pos`` and where it ends."""
    tokens, end = [], pos
    for t in _TOKEN.finditer(text, pos):
        word = t.group().rstrip(".")
        if t.start() > end + 2 or not word or len(tokens) >= 5:
            break
        if _is_name_token(word) or (
            word.casefold() in _NAME_CONNECTORS and not any(map(_is_name_token, tokens))
        ):
            tokens.append(word)
            end = t.start() + len(word)
            if t.group().endswith("."):
                break
        else:
            break
    while tokens and not _is_name_token(tokens[-1]):
        tokens.pop()
    if not tokens:
        return "", pos
    name = " ".join(tokens)
    return name, text.index(tokens[-1], pos) + len(tokens[-1])


def _name_before(text: str, pos: int) -> str | None:
    """The place name written just before ``pos``: "the port of Varna, " gives "Varna",
    "Odesa airfield lies " gives "Odesa airfield"."""
    tokens = _TOKEN.findall(text[max(0, pos - 160) : pos])
    while tokens and tokens[-1].casefold() in _FILLERS:
        tokens.pop()
    name: list[str] = []
    while tokens and len(name) < 6 and not tokens[-1].endswith("."):
        token = tokens[-1]
        if not (_is_name_token(token) or token.casefold() in GENERIC_WORDS):
            break
        name.insert(0, tokens.pop())
    while name and not _is_name_token(name[0]):
        name.pop(0)
    if all(token.casefold() in GENERIC_WORDS for token in name):
        return None  # "The port lies 5 km from ..." names no place
    return " ".join(name)


def _from_parts(parts: Mapping, subject: str | None):
    unknown = set(parts) - {"subject", "distance", "unit", "direction", "reference"}
    if unknown:
        raise ValueError(
            f"unknown claim parts {sorted(unknown)}; expected subject, distance, unit, direction, reference"
        )
    try:
        value = float(parts["distance"])
        reference = str(parts["reference"])
    except (KeyError, TypeError, ValueError):
        raise ValueError("a claim needs a numeric 'distance' and a 'reference' place") from None
    if not value > 0:
        raise ValueError(f"distance must be a positive number, got {parts['distance']!r}")
    unit = _unit(str(parts.get("unit", "km")))
    if str(parts.get("unit", "km")).casefold() not in {
        "km",
        "mi",
        "nmi",
        "nm",
        "miles",
        "kilometers",
        "kilometres",
        "nautical miles",
    }:
        raise ValueError(f"unit {parts.get('unit')!r} is not one of km, mi, nmi")
    direction = _direction(parts.get("direction"))
    if parts.get("direction") and direction is None:
        raise ValueError(
            f"direction {parts['direction']!r} is not one of the 16 compass points {POINTS}"
        )
    subject = subject if subject is not None else parts.get("subject")
    statement = f"{value:g} {unit} {direction + ' ' if direction else ''}of {reference}"
    return statement, 0, len(statement), subject, reference, value, unit, direction


# -- checking --------------------------------------------------------------------------------


def _check(
    statement, start, end, subject, reference, value, unit, direction, *, rel_tolerance, gazetteer
):
    claimed_km = value * UNIT_KM[unit]
    bearing = None if direction is None else 22.5 * POINTS.index(direction)
    base = dict(
        text=statement, start=start, end=end, subject=subject, reference=reference,
        claimed_value=value, claimed_unit=unit, claimed_km=round(claimed_km, 3),
        claimed_direction=direction, claimed_bearing_deg=bearing,
    )  # fmt: skip
    try:
        ref = resolve(reference, gazetteer=gazetteer)
    except (GeocodeError, ValueError) as exc:
        return ClaimCheck(**base, verdict="unchecked", reason=f"reference: {exc}")
    base.update(reference_site_id=ref.site_id, reference_lat=ref.lat, reference_lon=ref.lon)
    if bearing is not None:
        lon, lat, _ = _GEOD.fwd(ref.lon, ref.lat, bearing, claimed_km * 1000)
        base.update(claimed_lat=round(lat, 5), claimed_lon=round(lon, 5))
    if not subject:
        return ClaimCheck(
            **base, verdict="unchecked", reason="the statement names no subject place"
        )
    try:
        subj = resolve(subject, gazetteer=gazetteer)
    except (GeocodeError, ValueError) as exc:
        return ClaimCheck(**base, verdict="unchecked", reason=f"subject: {exc}")
    az, _, dist = _GEOD.inv(ref.lon, ref.lat, subj.lon, subj.lat)
    measured_km, measured_bearing = dist / 1000, az % 360
    precision_km = ((ref.location_precision_m or 0) + (subj.location_precision_m or 0)) / 1000
    dist_tol = claimed_km * rel_tolerance + precision_km
    dist_err = measured_km - claimed_km
    base.update(
        subject_site_id=subj.site_id, subject_lat=subj.lat, subject_lon=subj.lon,
        measured_km=round(measured_km, 2), measured_bearing_deg=round(measured_bearing, 1),
        measured_direction=POINTS[round(measured_bearing / 22.5) % 16],
        distance_error_km=round(dist_err, 2), distance_tolerance_km=round(dist_tol, 2),
    )  # fmt: skip
    problems = []
    if abs(dist_err) > dist_tol:
        problems.append(
            f"distance off by {dist_err:+.0f} km ({dist_err / claimed_km:+.0%}), tolerance ±{dist_tol:.0f} km"
        )
    if bearing is not None:
        half_sector = 11.25 if len(direction) == 3 else 22.5
        bearing_tol = half_sector + math.degrees(math.atan2(precision_km, max(measured_km, 1e-9)))
        bearing_err = (measured_bearing - bearing + 180) % 360 - 180
        claimed_lat, claimed_lon = base["claimed_lat"], base["claimed_lon"]
        offset = _GEOD.inv(claimed_lon, claimed_lat, subj.lon, subj.lat)[2] / 1000
        base.update(
            bearing_error_deg=round(bearing_err, 1), bearing_tolerance_deg=round(bearing_tol, 1),
            offset_km=round(offset, 2),
        )  # fmt: skip
        if abs(bearing_err) > bearing_tol:
            problems.append(f"bearing off by {bearing_err:+.0f}°, tolerance ±{bearing_tol:.0f}°")
        if problems:
            problems.append(f"the claimed position is {offset:.0f} km from {subj.name}")
    verdict = "inconsistent" if problems else "consistent"
    return ClaimCheck(**base, verdict=verdict, reason="; ".join(problems))
