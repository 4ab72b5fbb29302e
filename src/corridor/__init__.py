"""corridor: geocode, store, route and map military logistics corridors from open sources."""

__version__ = "0.1.0"
