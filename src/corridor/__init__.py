"""corridor: geocode, store, route and map military logistics corridors from open sources.

The top level names the everyday entry points; each loads its family on first use, so
``import corridor`` stays cheap. A case folder is opened with ``corridor.open_case(path)``. The
families are subpackages: ``places``, ``evidence``,
``store``, ``transport``, ``tracks``, ``reports``, ``maps``, ``cli`` and ``testing``.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "open_case": "corridor.case",
    "init_case": "corridor.case",
    "Gazetteer": "corridor.places",
    "resolve": "corridor.places",
    "geocode": "corridor.places",
    "check_claim": "corridor.places",
    "load_sightings": "corridor.evidence",
    "load_claims": "corridor.evidence",
    "open_store": "corridor.store",
    "itinerary": "corridor.transport",
    "sea_leg": "corridor.transport",
    "air_leg": "corridor.transport",
    "rail_leg": "corridor.transport",
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
