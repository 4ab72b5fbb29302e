"""The evidence store: sightings, claims and sources with revisions, in a GeoPackage or PostGIS."""

from corridor.store.geopackage import (
    ENV_VAR,
    SOURCE_COLUMNS,
    ImportReport,
    Store,
    default_path,
    open_store,
)
from corridor.store.postgis import PostgisStore
from corridor.store.settings import StoreSettings
from corridor.store.transfer import copy_store, dump

__all__ = ["ENV_VAR", "ImportReport", "PostgisStore", "SOURCE_COLUMNS", "Store", "StoreSettings",
           "copy_store", "default_path", "dump", "open_store"]  # fmt: skip
