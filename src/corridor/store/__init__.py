"""The evidence store: sightings, claims and sources with revisions, in a GeoPackage."""

from corridor.store.geopackage import (
    ENV_VAR,
    SOURCE_COLUMNS,
    ImportReport,
    Store,
    default_path,
    open_store,
)

__all__ = ["ENV_VAR", "ImportReport", "SOURCE_COLUMNS", "Store", "default_path", "open_store"]
