"""corridor: geocode, store, route and map military logistics corridors from open sources.

The top level names the everyday entry points; each loads its family on first use, so
``import corridor`` stays cheap. A case folder is opened with ``corridor.open_case(path)``. The
families are subpackages: ``places``, ``evidence``,
``store``, ``transport``, ``tracks``, ``reports``, ``maps``, ``cli`` and ``testing``.

The functions that work on a case (``resolve``, ``geocode``, ``check_claim``, ``load_sightings``,
``load_claims``, ``great_circle_km``, ``sea_leg``, ``air_leg``, ``rail_leg``, ``itinerary``) take
``case=`` here, and default to the case commands use (``$CORRIDOR_CASE``, the nearest
``corridor.toml``, else the shipped example): see :mod:`corridor._api`. Their counterparts in the
families take the case's parts (a geocoder, the sources, the asset catalogue) as arguments.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "open_case": "corridor.case",
    "init_case": "corridor.case",
    "Gazetteer": "corridor.places",
    "resolve": "corridor._api",
    "geocode": "corridor._api",
    "check_claim": "corridor._api",
    "load_sightings": "corridor._api",
    "load_claims": "corridor._api",
    "open_store": "corridor.store",
    "great_circle_km": "corridor._api",
    "itinerary": "corridor._api",
    "sea_leg": "corridor._api",
    "air_leg": "corridor._api",
    "rail_leg": "corridor._api",
    "lift_capacity": "corridor.transport",
    "read_tracks": "corridor.tracks",
    "detect_stops": "corridor.tracks",
    "port_calls": "corridor.tracks",
    "extract": "corridor.reports",
    "sites_and_sightings_map": "corridor.maps",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'corridor' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
