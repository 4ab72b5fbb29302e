"""One asset across sources: vessels by MMSI/IMO, aircraft by ICAO24/registration.

A track knows its asset by transponder identifiers (MMSI, ICAO 24-bit address), a report by a name
or registration. Two things line them up:

- :func:`asset_names` gives each track the name the analyst uses for the asset: the ``asset_name``
  of an *identifiers table* row matching one of its identifiers (:data:`IDENTIFIER_COLUMNS`, e.g.
  ``XX-12345, icao24, 0a1b2c, <source>``), else the registration (aircraft) or the vessel name
  from the track's static data, else the track id. It also writes the identifiers as sighting
  tags (``icao24:0a1b2c|registration:xx12345``), so they travel with every sighting.
- :func:`assets` joins sightings (from the store, from tracks and reports alike) into assets: two
  sightings are the same asset when their normalised ``asset_name`` or one of their identifier tags
  agree, directly or through other sightings.

Normalisation: MMSI 9 digits, IMO 7 digits (``IMO 9123456`` -> ``9123456``), ICAO24 lower-case
hex, registrations, call signs and names upper-case letters and digits only (``xx 12345``, ``XX-12345``
-> ``XX12345``); the names shown stay as written.
"""

from __future__ import annotations

import re

import pandas as pd

from corridor.tracks.table import TRACK_ID
from corridor.validation import Problem, ValidationError

#: Columns of an identifiers table (CSV): which identifier belongs to which named asset, per source.
IDENTIFIER_COLUMNS = ["asset_name", "scheme", "identifier", "source"]
#: Identifier schemes, in the order they are tried. A ``callsign`` names a flight or a radio
#: station, not an airframe or hull: an identifiers table may use it to name the asset behind an
#: export that carries nothing else (a flight-tracker CSV), but it never joins sightings.
SCHEMES = ("mmsi", "imo", "icao24", "registration", "callsign")
#: Schemes that identify one asset for good, and so join sightings.
JOINING = ("mmsi", "imo", "icao24", "registration")
#: Columns of :func:`assets`.
ASSET_TABLE_COLUMNS = ["asset_key", "asset_name", "names", "identifiers", "n_sightings", "sources"]


def normalise(scheme: str, value) -> str:
    """The comparable form of an identifier (empty when it is not one)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value).strip()
    if scheme == "mmsi":
        m = re.fullmatch(r"\d{9}", text)
        return m.group(0) if m else ""
    if scheme == "imo":
        m = re.search(r"(?<!\d)\d{7}(?!\d)", text)
        return m.group(0) if m and m.group(0) != "0000000" else ""
    if scheme == "icao24":
        text = text.lower().lstrip("~")
        return text if re.fullmatch(r"[0-9a-f]{6}", text) else ""
    return re.sub(r"[\W_]+", "", text).upper()


def read_identifiers(path) -> pd.DataFrame:
    """An identifiers CSV, checked: ``ValueError`` names the file, row and field of each problem."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in IDENTIFIER_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}; columns are {list(df.columns)}")
    problems = []
    for row, r in enumerate(df.itertuples(index=False), start=1):
        if r.scheme not in SCHEMES:
            problems.append(Problem(str(path), row, "scheme", f"{r.scheme!r} is not one of {SCHEMES}"))
        elif not normalise(r.scheme, r.identifier):
            problems.append(Problem(str(path), row, "identifier",
                                    f"{r.identifier!r} is not a valid {r.scheme}"))  # fmt: skip
        for f in ("asset_name", "source"):
            if not getattr(r, f).strip():
                problems.append(Problem(str(path), row, f, "empty; every identifier needs it"))
    if problems:
        raise ValidationError(problems)
    return df[IDENTIFIER_COLUMNS]


def asset_names(track_assets: pd.DataFrame, identifiers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per track: ``name`` (as analysts write it), ``asset_class`` and identifier ``tags``.

    Parameters
    ----------
    track_assets : DataFrame
        The ``assets`` table of a :class:`corridor.tracks.io.TrackData`.
    identifiers : DataFrame, optional
        :data:`IDENTIFIER_COLUMNS`; its names win over the track's own.

    Returns
    -------
    DataFrame
        ``track_id``, ``name``, ``asset_class``, ``tags``; suitable as ``vessels`` of
        :func:`corridor.tracks.port_calls.to_sightings`.
    """
    known: dict[tuple[str, str], str] = {}
    if identifiers is not None:
        for r in identifiers.itertuples(index=False):
            known.setdefault((r.scheme, normalise(r.scheme, r.identifier)), r.asset_name.strip())
    rows = []
    for a in track_assets.to_dict("records"):
        ids = {s: normalise(s, a.get(s)) for s in SCHEMES}
        name = next((known[(s, v)] for s, v in ids.items() if v and (s, v) in known), None)
        aircraft = a.get("asset_class") == "aircraft"
        own = a.get("registration") if aircraft else a.get("name")
        own = "" if own is None or (isinstance(own, float) and pd.isna(own)) else str(own).strip()
        name = name or own or str(a[TRACK_ID])
        tags = "|".join(t for t in (f"{s}:{v.lower()}" for s, v in ids.items() if v)
                        if re.fullmatch(r"[a-z0-9_.:-]+", t))  # fmt: skip
        rows.append({TRACK_ID: a[TRACK_ID], "name": name,
                     "asset_class": a.get("asset_class") if isinstance(a.get("asset_class"), str) else "", "tags": tags})  # fmt: skip
    return pd.DataFrame(rows, columns=[TRACK_ID, "name", "asset_class", "tags"])


def _keys(name: str, tags: str) -> list[str]:
    keys = [f"name:{normalise('name', name)}"] if str(name).strip() else []
    for tag in str(tags).split("|"):
        scheme, _, value = tag.partition(":")
        if scheme in JOINING and value:
            keys.append(f"{scheme}:{normalise(scheme, value)}")
            if scheme == "registration":
                keys.append(f"name:{normalise('name', value)}")
    return keys


def assets(sightings: pd.DataFrame) -> pd.DataFrame:
    """Sightings joined into assets by normalised name and identifier tags (:data:`ASSET_TABLE_COLUMNS`).

    ``asset_key`` is the smallest key of the group (stable across runs); ``asset_name`` the most
    frequent name (ties: alphabetical); ``names``, ``identifiers`` and ``sources`` are
    ``|``-joined and sorted. Sightings with neither a name nor identifiers are left out.
    """
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    rows = []
    tags = sightings["tags"] if "tags" in sightings else pd.Series("", index=sightings.index)
    for name, tag, source in zip(sightings["asset_name"].fillna(""), tags.fillna(""),
                                 sightings["source_id"].fillna(""), strict=True):  # fmt: skip
        keys = _keys(name, tag)
        if not keys:
            continue
        for k in keys[1:]:
            a, b = find(keys[0]), find(k)
            if a != b:
                parent[max(a, b)] = min(a, b)
        rows.append((keys, str(name).strip(), source))
    groups: dict[str, dict] = {}
    for keys, name, source in rows:
        g = groups.setdefault(find(keys[0]), {"keys": set(), "names": [], "sources": set(), "n": 0})
        g["keys"].update(keys)
        g["n"] += 1
        g["names"].append(name) if name else None
        g["sources"].add(source)
    out = []
    for g in groups.values():
        counts = pd.Series(g["names"], dtype=object).value_counts()
        best = sorted(counts.index, key=lambda n: (-counts[n], n))[0] if len(counts) else ""
        ids = sorted(k for k in g["keys"] if not k.startswith("name:"))
        out.append({"asset_key": min(g["keys"]), "asset_name": best,
                    "names": "|".join(sorted(set(g["names"]))), "identifiers": "|".join(ids),
                    "n_sightings": g["n"], "sources": "|".join(sorted(g["sources"]))})  # fmt: skip
    table = pd.DataFrame(out, columns=ASSET_TABLE_COLUMNS)
    return table.sort_values("asset_key", ignore_index=True)
