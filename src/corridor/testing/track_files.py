"""Write pings in the layouts of public track exports, for tests, benchmarks and sample files.

:func:`write_track_file` writes a pings table (:data:`corridor.tracks.io.PING_COLUMNS`) and its
assets table in one of the layouts :mod:`corridor.tracks.formats` reads, with that export's
column names, time format and units (m/s and metres for OpenSky, feet and knots elsewhere), so
reading the file back must give the same pings. Columns the pings do not fill are written empty
(or with the export's "not available" value). The files are written by this project from
synthetic pings; they contain no third-party data.
"""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.tracks.table import (
    ALTITUDE,
    COURSE,
    FT_PER_M,
    KN_PER_MS,
    ON_GROUND,
    SPEED,
    TIME,
    TRACK_ID,
)

MARINECADASTRE_HEADER = [
    "MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "Heading", "VesselName", "IMO",
    "CallSign", "VesselType", "Status", "Length", "Width", "Draft", "Cargo", "TransceiverClass",
]  # fmt: skip
DMA_HEADER = [
    "# Timestamp", "Type of mobile", "MMSI", "Latitude", "Longitude", "Navigational status",
    "ROT", "SOG", "COG", "Heading", "IMO", "Callsign", "Name", "Ship type", "Cargo type", "Width",
    "Length", "Type of position fixing device", "Draught", "Destination", "ETA",
    "Data source type", "A", "B", "C", "D",
]  # fmt: skip
OPENSKY_HEADER = [
    "time", "icao24", "lat", "lon", "velocity", "heading", "vertrate", "callsign", "onground",
    "alert", "spi", "squawk", "baroaltitude", "geoaltitude", "lastposupdate", "lastcontact",
]  # fmt: skip
FLIGHTTRACKER_HEADER = ["Timestamp", "UTC", "Callsign", "Position", "Altitude", "Speed", "Direction"]


def _num(v, fmt: str = "{!r}") -> str:
    return "" if v is None or pd.isna(v) else fmt.format(float(v))


def _static(assets: dict, track, field: str) -> str:
    value = assets.get(track, {}).get(field)
    return "" if value is None or pd.isna(value) else str(value)


def write_track_file(pings, path: str | Path, layout: str, assets: pd.DataFrame | None = None,
                     *, decimal_comma: bool = False) -> Path:  # fmt: skip
    """Write ``pings`` (and ``assets``' static data) to ``path`` in ``layout``; returns the path.

    ``decimal_comma`` (``dma`` only) writes a ``;``-separated file with decimal commas.
    """
    path = Path(path)
    assets = {} if assets is None else assets.set_index(TRACK_ID).to_dict("index")
    lon, lat = pings.geometry.x.to_numpy(), pings.geometry.y.to_numpy()
    rows = list(zip(pings[TRACK_ID].astype(str), pd.to_datetime(pings[TIME]), lon, lat,
                    pings[SPEED], pings[COURSE], pings[ALTITUDE], pings[ON_GROUND], strict=True))  # fmt: skip
    if layout == "adsbx":
        return _adsbx(rows, path, assets)
    header, lines = _csv_rows(layout, rows, assets, decimal_comma)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";" if decimal_comma else ",", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(lines)
    return path


def _csv_rows(layout, rows, assets, decimal_comma):
    out = []
    for track, t, x, y, sog, cog, alt, ground in rows:
        s = functools.partial(_static, assets, track)
        if layout == "marinecadastre":
            imo = s("imo")
            out.append([track, f"{t:%Y-%m-%dT%H:%M:%S}", _num(y), _num(x), _num(sog), _num(cog),
                        "511", s("name"), f"IMO{imo}" if imo else "", s("callsign"),
                        s("ship_type"), "", "", "", "", "", "A"])  # fmt: skip
        elif layout == "dma":
            cells = [f"{t:%d/%m/%Y %H:%M:%S}", "Class A", track, _num(y), _num(x),
                     "Under way using engine", "", _num(sog), _num(cog), "", s("imo") or "Unknown",
                     s("callsign"), s("name"), s("ship_type") or "Undefined", "", "", "", "GPS",
                     "", "", "", "AIS", "", "", "", ""]  # fmt: skip
            if decimal_comma:
                cells = [c.replace(".", ",") if i in (3, 4, 7, 8) else c for i, c in enumerate(cells)]
            out.append(cells)
        elif layout == "opensky":
            flag = "" if pd.isna(ground) else str(bool(ground)).lower()
            out.append([str(int(t.timestamp())), track, _num(y), _num(x),
                        _num(None if pd.isna(sog) else sog / KN_PER_MS), _num(cog), "0.0",
                        s("callsign"), flag, "false", "false", "", _num(None if pd.isna(alt) else alt / FT_PER_M),
                        "", "", ""])  # fmt: skip
        elif layout == "flighttracker":
            out.append([str(int(t.timestamp())), f"{t:%Y-%m-%dT%H:%M:%S}Z", s("callsign") or track,
                        f"{float(y)!r},{float(x)!r}", _num(alt, "{:.0f}") if not pd.isna(alt) else "",
                        _num(sog, "{:.0f}"), _num(cog, "{:.0f}")])  # fmt: skip
        else:
            raise ValueError(f"unknown layout {layout!r}")
    header = {"marinecadastre": MARINECADASTRE_HEADER, "dma": DMA_HEADER,
              "opensky": OPENSKY_HEADER, "flighttracker": FLIGHTTRACKER_HEADER}[layout]  # fmt: skip
    return header, out


def _adsbx(rows, path: Path, assets) -> Path:
    tracks = {r[0] for r in rows}
    if len(tracks) != 1:
        raise ValueError(f"an ADS-B Exchange trace holds one aircraft; got {len(tracks)}")
    track = tracks.pop()
    base = rows[0][1].floor("D")
    trace = []
    for _, t, x, y, sog, cog, alt, ground in rows:
        altitude = "ground" if not pd.isna(ground) and bool(ground) else (None if pd.isna(alt) else float(alt))
        speed = None if pd.isna(sog) else float(sog)
        course = None if pd.isna(cog) else float(cog)
        trace.append([(t - base).total_seconds(), float(y), float(x), altitude, speed, course,
                      0, 0, None])  # fmt: skip
    callsign = _static(assets, track, "callsign")
    if callsign:
        trace[0][8] = {"flight": callsign}
    doc = {"icao": track, "r": _static(assets, track, "registration") or None,
           "t": _static(assets, track, "aircraft_type") or None, "timestamp": base.timestamp(),
           "trace": trace}  # fmt: skip
    path.write_text(json.dumps(doc, indent=None), encoding="utf-8")
    return path


def sample_vessels(n_rows: int, *, n_tracks: int = 50, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random-walk vessel pings (no geometry: ``lon``/``lat`` columns) and assets, for benchmarks."""
    rng = np.random.default_rng(seed)
    track = rng.integers(0, n_tracks, n_rows)
    mmsi = (273000000 + track).astype(str)
    t = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(n_rows) * 2, unit="s")
    frame = pd.DataFrame({TRACK_ID: mmsi, TIME: t, "lon": 130 + rng.random(n_rows) * 5,
                          "lat": 40 + rng.random(n_rows) * 4, SPEED: np.round(rng.random(n_rows) * 15, 1),
                          COURSE: np.round(rng.random(n_rows) * 359, 1)})  # fmt: skip
    assets = pd.DataFrame({TRACK_ID: [str(273000000 + i) for i in range(n_tracks)],
                           "name": [f"SAMPLE {i}" for i in range(n_tracks)],
                           "imo": [str(9000000 + i) for i in range(n_tracks)],
                           "callsign": [f"SMP{i}" for i in range(n_tracks)], "ship_type": "70"})  # fmt: skip
    return frame, assets
