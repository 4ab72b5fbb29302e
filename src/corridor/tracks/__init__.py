"""Tracks: read ship and aircraft positions, detect stops, turn port calls into sightings."""

from corridor.tracks.io import TrackData, TrackReport, read_tracks
from corridor.tracks.port_calls import PortCallParams, port_calls, to_sightings
from corridor.tracks.stops import StopParams, detect_stops

__all__ = [
    "PortCallParams",
    "StopParams",
    "TrackData",
    "TrackReport",
    "detect_stops",
    "port_calls",
    "read_tracks",
    "to_sightings",
]
