"""Raw AIS NMEA: one sentence per line, decoded with pyais.

The reception time comes from an NMEA 4.0 tag block (``\\c:1715500000*hh\\!AIVDM,...``) or from a
leading timestamp field (``2025-05-12T08:00:00Z,!AIVDM`` or a Unix time). Multi-sentence messages
are assembled. Positions (message types :data:`AIS_POSITION_TYPES`) become pings, static reports
(:data:`AIS_STATIC_TYPES`) the assets table. Track ids are MMSIs as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.tracks.table import (
    COURSE,
    SPEED,
    TIME,
    TRACK_ID,
    TrackData,
    TrackReport,
    assets_frame,
    finish,
    raw_frame,
)  # fmt: skip

#: AIS message types that carry a position, and those that carry a name or ship type.
AIS_POSITION_TYPES = (1, 2, 3, 18, 19, 27)
AIS_STATIC_TYPES = (5, 19, 24)


_LEADING_TIME = re.compile(r"^\s*([0-9][0-9T:\-.+Z ]*?)\s*[,;\s]\s*(?=[!\\])")


def _line_time(line: str, sentence) -> pd.Timestamp | None:
    """Reception time of one line: tag block ``c:`` or a leading timestamp field."""
    tb = sentence.tag_block
    if tb is not None:
        tb.init()
        if tb.receiver_timestamp:
            stamp = int(tb.receiver_timestamp)
            return pd.Timestamp(stamp, unit="ms" if stamp > 10**11 else "s")
    m = _LEADING_TIME.match(line)
    if not m:
        return None
    text = m.group(1)
    if text.isdigit():
        return pd.Timestamp(int(text), unit="s")
    stamp = pd.Timestamp(text)
    return stamp.tz_convert(None) if stamp.tzinfo else stamp


def read_nmea(path: str | Path) -> TrackData:
    """Decode AIS NMEA sentences with pyais: positions become pings, static reports vessels.

    Each bad line (no time, bad checksum, not AIS, undecodable, missing fragments) is reported
    with its line number and skipped; the good ones are kept. Track ids are MMSIs as text.
    """
    from pyais.exceptions import AISBaseException
    from pyais.messages import AISSentence, NMEASentenceFactory

    report = TrackReport(str(path))
    rows, statics = [], []
    pending: dict[tuple, list] = {}  # fragments of multi-sentence messages by (channel, seq_id)
    with open(path, encoding="ascii", errors="replace") as lines:
        for n, line in enumerate(lines, start=1):
            report.lines_read = n
            text = line.strip()
            if not text:
                continue
            start = min((i for i in (text.find("!"), text.find("\\")) if i >= 0), default=-1)
            try:
                sentence = NMEASentenceFactory.produce(text[max(start, 0) :].encode("ascii"))
                if not isinstance(sentence, AISSentence):
                    raise AISBaseException("not an AIS sentence")
                if not sentence.is_valid:
                    report.add("bad_line", n, None, "bad_line: checksum does not match")
                    continue
                when = _line_time(text, sentence)
                if when is None:
                    report.add(
                        "bad_line",
                        n,
                        None,
                        "bad_line: no reception time (tag block c: or leading timestamp)",
                    )
                    continue
                if sentence.frag_cnt > 1:
                    key = (sentence.channel, sentence.seq_id)
                    parts = pending.setdefault(key, [])
                    parts.append((n, sentence))
                    if len(parts) < sentence.frag_cnt:
                        continue
                    del pending[key]
                    sentence = AISSentence.assemble_from_iterable([s for _, s in parts])
                    n = parts[0][0]
                msg = sentence.decode()
            except (AISBaseException, ValueError, IndexError, TypeError) as exc:
                report.add("bad_line", n, None, f"bad_line: {type(exc).__name__}: {str(exc)[:80]}")
                continue
            _collect(msg, when, n, rows, statics)
    for parts in pending.values():
        report.add(
            "bad_line", parts[0][0], None, "bad_line: multi-sentence message with fragments missing"
        )
    report.layout = "nmea"
    cols = pd.DataFrame(rows, columns=[TRACK_ID, TIME, "lon", "lat", SPEED, COURSE, "_row"])
    raw = raw_frame(
        cols[TRACK_ID], pd.to_datetime(cols[TIME]), cols["lon"], cols["lat"],
        **{SPEED: cols[SPEED].to_numpy(float), COURSE: cols[COURSE].to_numpy(float)},
    )  # fmt: skip
    raw["_row"] = cols["_row"].to_numpy(int)
    return finish(raw, report, _vessels(statics))


def _collect(msg, when, n, rows, statics) -> None:
    kind = msg.msg_type
    mmsi = str(msg.mmsi)
    if kind in AIS_POSITION_TYPES:
        rows.append(
            (
                mmsi,
                when,
                msg.lon,
                msg.lat,
                getattr(msg, "speed", np.nan),
                getattr(msg, "course", np.nan),
                n,
            )
        )
    if kind in AIS_STATIC_TYPES:
        statics.append(
            {
                TRACK_ID: mmsi,
                "name": (getattr(msg, "shipname", "") or "").strip(" @") or None,
                "ship_type": getattr(msg, "ship_type", None),
                "callsign": (getattr(msg, "callsign", "") or "").strip(" @") or None,
                "imo": getattr(msg, "imo", None) or None,
            }
        )


def _vessels(statics: list[dict]) -> pd.DataFrame:
    """One row per MMSI: the last non-empty value of each field."""
    df = pd.DataFrame(statics, columns=[TRACK_ID, "name", "ship_type", "callsign", "imo"])
    df["ship_type"] = df["ship_type"].map(lambda v: None if v is None else int(v))
    df["imo"] = df["imo"].map(lambda v: None if not v else str(int(v)))
    df["mmsi"] = df[TRACK_ID]
    df["asset_class"] = "vessel"
    return assets_frame(df)
