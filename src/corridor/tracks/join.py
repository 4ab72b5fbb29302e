"""Several track files as one set: their pings joined, and what is found traced to its file.

A flight-tracker site exports one file per flight; an AIS archive one file per day. Read together,
a track that runs over several files joins up (:attr:`TrackSet.pings`), a ping found in two files
is kept once (:attr:`TrackSet.duplicates` counts them), and each port call or airfield visit
found in the joined pings is attributed to the one file that holds its arrival
(:meth:`TrackSet.by_file`), so that every sighting cites the file it comes from.

Examples
--------
::

    tracks = read_track_files(["flight1.csv", "flight2.csv"])
    events, visits = airfield_events(tracks.pings, gazetteer=gazetteer)
    for path, mine in tracks.by_file(visits):
        rows = to_sightings(mine, track_source(path), track_file=path, ...)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor.tracks.formats import read
from corridor.tracks.table import TIME, TRACK_ID, TrackData, pings_frame

__all__ = ["TrackSet", "join_tracks", "read_track_files"]


@dataclass
class TrackSet:
    """Track files read as one set.

    Attributes
    ----------
    files : list of (path, TrackData)
        Each file and what was read from it (its ``report`` says what was dropped), in the
        order given.
    pings : GeoDataFrame
        The pings of every file (:data:`corridor.tracks.table.PING_COLUMNS`, EPSG:4326), one per
        track and time, sorted by track and time.
    assets : DataFrame
        One row per track (:data:`corridor.tracks.table.ASSET_COLUMNS`); where files disagree,
        the last file's.
    duplicates : int
        Pings found in more than one file (kept once).
    """

    files: list[tuple[str | Path, TrackData]]
    pings: gpd.GeoDataFrame
    assets: pd.DataFrame
    duplicates: int = 0

    def by_file(self, calls: pd.DataFrame) -> Iterator[tuple[str | Path, pd.DataFrame]]:
        """Each file with the calls (port calls or airfield visits) whose arrival it holds.

        A call belongs to the file whose pings of the call's track span its arrival (a visit's
        landing, else its take-off when the landing was not seen), the first such file when
        several do; a call no file spans is left out. With one file, every call is its.

        Parameters
        ----------
        calls : DataFrame
            ``track_id``, ``arrival``, ``departure`` and, for airfield visits, ``landed``.

        Yields
        ------
        (path, DataFrame)
            Every file, in order, with its calls (possibly none).
        """
        if len(self.files) == 1:
            yield self.files[0][0], calls
            return
        held = calls["arrival"]
        if "landed" in calls:
            held = held.where(calls["landed"], calls["departure"])
        taken = held.isna()
        for path, data in self.files:
            times, tracks = data.table[TIME], set(data.table[TRACK_ID])
            mine = held.between(times.min(), times.max()) & calls[TRACK_ID].isin(tracks) & ~taken
            taken |= mine
            yield path, calls[mine]


def join_tracks(files: Sequence[tuple[str | Path, TrackData]]) -> TrackSet:
    """The pings and assets of track files already read, as one :class:`TrackSet`.

    Parameters
    ----------
    files : sequence of (path, TrackData)
        Each file's path (as it should be cited) and what :func:`corridor.tracks.read_tracks`
        read from it.

    Examples
    --------
    >>> import pandas as pd
    >>> from corridor.tracks.table import TrackReport, TrackData, empty_assets
    >>> def data(minutes):
    ...     table = pd.DataFrame({"track_id": "a", "time": pd.to_datetime("2025-01-01")
    ...         + pd.to_timedelta(minutes, unit="min"), "speed_kn": 0.0, "course_deg": 0.0,
    ...         "altitude_ft": float("nan"), "on_ground": pd.array([None] * len(minutes), "boolean"),
    ...         "lon": 1.0, "lat": 2.0})
    ...     return TrackData(table, empty_assets(), TrackReport("f"))
    >>> joined = join_tracks([("one.csv", data([0, 1, 2])), ("two.csv", data([2, 3]))])
    >>> len(joined.pings), joined.duplicates
    (4, 1)
    """
    files = list(files)
    if not files:
        raise ValueError("no track files to join")
    if len(files) == 1:
        data = files[0][1]
        return TrackSet(files, data.pings, data.assets)
    table = pd.concat([data.table for _, data in files], ignore_index=True)
    unique = table.drop_duplicates([TRACK_ID, TIME])
    pings = pings_frame(unique.sort_values([TRACK_ID, TIME], kind="stable", ignore_index=True))
    assets = pd.concat([data.assets for _, data in files], ignore_index=True)
    assets = assets.drop_duplicates(TRACK_ID, keep="last").reset_index(drop=True)
    return TrackSet(files, pings, assets, len(table) - len(unique))


def read_track_files(paths: Sequence[str | Path], *, layout: str = "auto", **columns) -> TrackSet:
    """Read track files (see :func:`corridor.tracks.read_tracks`) and join them (:func:`join_tracks`).

    Parameters
    ----------
    paths : sequence of str or Path
        The files, each in any layout :mod:`corridor.tracks.formats` reads.
    layout : str
        ``auto`` (each file's own, from its header) or one layout for all.
    **columns
        Column names of generic CSV or GeoParquet files.
    """
    return join_tracks([(path, read(path, layout=layout, **columns)) for path in paths])
