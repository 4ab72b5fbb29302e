"""Tracks: read ship and aircraft positions, find port calls and airfield visits, name the assets."""

from corridor.tracks.flights import FlightParams, airfield_events
from corridor.tracks.identity import asset_names, assets
from corridor.tracks.io import TrackData, TrackReport, read_tracks
from corridor.tracks.join import TrackSet, join_tracks, read_track_files
from corridor.tracks.port_calls import PortCallParams, port_calls, to_sightings
from corridor.tracks.stops import StopParams, detect_stops

__all__ = [
    "FlightParams",
    "PortCallParams",
    "StopParams",
    "TrackData",
    "TrackReport",
    "TrackSet",
    "airfield_events",
    "asset_names",
    "assets",
    "detect_stops",
    "join_tracks",
    "port_calls",
    "read_track_files",
    "read_tracks",
    "to_sightings",
]
