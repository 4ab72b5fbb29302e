"""Tables of the GeoPackage store and the SQL that reads and writes them (see ``store``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor.evidence.claims import CLAIM_COLUMNS
from corridor.evidence.sightings import (
    IDENTITY_FIELDS,
    INTEGER_FIELDS,
    SIGHTING_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_KINDS,
    _hash_rows,
    _strings,
    date_problem,
    sighting_ids,
    usable_date,
)
from corridor.places.gazetteer import Gazetteer
from corridor.store import _gpkg
from corridor.validation import Problem

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"


def _sql_type(column: str) -> str:
    if column in ("lat", "lon", "low", "high"):
        return "REAL"
    if column in INTEGER_FIELDS:
        return "INTEGER"
    return "TEXT"


_SIGHTING = [(c, _sql_type(c)) for c in SIGHTING_COLUMNS]
_CLAIM = [(c, _sql_type(c)) for c in CLAIM_COLUMNS]
_META = [("recorded_at", "DATETIME NOT NULL"), ("origin", "TEXT"), ("change", "TEXT")]
TABLES = [
    _gpkg.Table(
        "sightings",
        [
            ("sighting_id", "TEXT NOT NULL UNIQUE"),
            ("revision", "INTEGER NOT NULL"),
            ("content_id", "TEXT NOT NULL"),
            ("row_hash", "TEXT NOT NULL"),
            *_SIGHTING,
            ("site_name", "TEXT"),
            *_META,
        ],
        points=True,
        description="Current revision of every sighting",
    ),
    _gpkg.Table(
        "sighting_revisions",
        [
            ("sighting_id", "TEXT NOT NULL"),
            ("revision", "INTEGER NOT NULL"),
            ("content_id", "TEXT NOT NULL"),
            ("row_hash", "TEXT NOT NULL"),
            *_SIGHTING,
            *_META,
        ],  # fmt: skip
        description="Every revision of every sighting edited at least once",
        indexes=["content_id", "sighting_id"],
    ),
    _gpkg.Table(
        "claims",
        [
            ("claim_id", "TEXT NOT NULL UNIQUE"),
            ("revision", "INTEGER NOT NULL"),
            ("row_hash", "TEXT NOT NULL"),
            *_CLAIM[1:],
            ("recorded_at", "DATETIME NOT NULL"),
        ],  # fmt: skip
        description="Current revision of every numeric claim",
    ),
    _gpkg.Table(
        "claim_revisions",
        [
            ("claim_id", "TEXT NOT NULL"),
            ("revision", "INTEGER NOT NULL"),
            ("row_hash", "TEXT NOT NULL"),
            *_CLAIM[1:],
            *_META,
        ],  # fmt: skip
        description="Every recorded revision of every numeric claim",
        indexes=["claim_id"],
    ),
    _gpkg.Table(
        "sources",
        [
            ("source_id", "TEXT NOT NULL UNIQUE"),
            *[(c, "TEXT") for c in SOURCE_COLUMNS[1:]],
            ("origin", "TEXT"),
            ("recorded_at", "DATETIME NOT NULL"),
        ],  # fmt: skip
        description="Publications and originators cited by sightings and claims",
    ),
]


def _cells(df: pd.DataFrame, columns: list[str]) -> list[list]:
    """Column lists for SQL: empty strings become NULL, numeric columns numbers."""
    out = []
    for c in columns:
        col = df[c]
        kind = _sql_type(c)
        if kind == "TEXT":
            values = col.astype(object).where(col != "", None).tolist()
        else:
            num = pd.to_numeric(col.where(col != ""), errors="coerce").to_numpy(float).tolist()
            cast = int if kind == "INTEGER" else float
            values = [None if v != v else cast(v) for v in num]
        out.append(values)
    return out


def _rows(df: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return list(zip(*_cells(df, columns), strict=True))


def text_form(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Stored rows back in CSV form (strings, empty for NULL, integers without ``.0``)."""
    out = pd.DataFrame(index=df.index)
    for c in columns:
        col = df[c]
        if _sql_type(c) == "INTEGER":
            col = pd.to_numeric(col).astype("Int64")
        elif _sql_type(c) == "REAL" and c in ("lat", "lon"):
            out[c] = [repr(float(v)) if not pd.isna(v) else "" for v in col]
            continue
        elif _sql_type(c) == "REAL":
            out[c] = [
                "" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else repr(float(v)))
                for v in col
            ]
            continue
        out[c] = col.astype(object).where(col.notna(), "").astype(str)
    return out.reset_index(drop=True)


# --- sources -------------------------------------------------------------------------------------


def read_sources(con) -> pd.DataFrame:
    df = pd.read_sql_query(f"SELECT {', '.join(SOURCE_COLUMNS)} FROM sources ORDER BY fid", con)
    return df.fillna("").set_index("source_id", drop=False)


def check_sources(known: pd.DataFrame, sources, origin: str) -> tuple[pd.DataFrame, list[Problem]]:
    """New sources of an import and the problems of all given ones."""
    if sources is None or len(sources) == 0:
        return pd.DataFrame(columns=SOURCE_COLUMNS).set_index("source_id", drop=False), []
    file = f"{origin} (sources)"
    missing = [c for c in SOURCE_COLUMNS if c not in sources.columns]
    if missing:
        return known.iloc[:0], [Problem(file, None, c, "missing column") for c in missing]
    unknown = [c for c in sources.columns if c not in SOURCE_COLUMNS]
    if unknown:
        return known.iloc[:0], [
            Problem(file, None, str(c), f"unknown column; the columns are {', '.join(SOURCE_COLUMNS)}")
            for c in unknown
        ]
    d = _strings(sources[SOURCE_COLUMNS].reset_index(drop=True))
    problems = []
    for i, row in d.iterrows():
        n, sid = i + 1, row["source_id"]
        if not sid:
            problems.append(Problem(file, n, "source_id", "empty; every source needs an id"))
        if row["kind"] not in SOURCE_KINDS:
            problems.append(
                Problem(file, n, "kind", f"{row['kind']!r} is not one of {SOURCE_KINDS}")
            )
        if row["published"] and published_problem(row["published"]):
            problems.append(Problem(file, n, "published", published_problem(row["published"])))
        if sid in known.index:
            old = known.loc[sid]
            diff = [c for c in SOURCE_COLUMNS if old[c] != row[c]]
            if diff:
                problems.append(Problem(file, n, diff[0], f"source {sid!r} is already in the store "
                                        f"with {diff[0]}={old[diff[0]]!r}; one id names one source"))  # fmt: skip
    new = d[~d["source_id"].isin(known.index)].drop_duplicates("source_id")
    return new.set_index("source_id", drop=False), problems


def published_problem(text: str) -> str | None:
    """Why a source's ``published`` date is not usable, or ``None`` (empty is allowed)."""
    if not text or usable_date(text):
        return None
    return date_problem(text)


def insert_sources(con, sources: pd.DataFrame, origin: str) -> list[str]:
    if len(sources) == 0:
        return []
    rows = _rows(_strings(sources[SOURCE_COLUMNS].reset_index(drop=True)), SOURCE_COLUMNS)
    cols = ", ".join(SOURCE_COLUMNS)
    con.executemany(
        f"INSERT OR IGNORE INTO sources ({cols}, origin, recorded_at) VALUES"
        f" ({', '.join('?' * len(SOURCE_COLUMNS))}, ?, {_NOW})",
        [[*r, origin] for r in rows],
    )
    _gpkg.touch(con, "sources")
    return [str(s) for s in sources["source_id"]]


# --- sightings -----------------------------------------------------------------------------------


#: Fields hashed with ``content_id`` into ``row_hash``: together, every field of a sighting.
_DETAIL_FIELDS = ["content_id", *[c for c in SIGHTING_COLUMNS if c not in IDENTITY_FIELDS]]


def with_hashes(canon: pd.DataFrame, origin: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Add ``content_id`` and ``row_hash``; rows of one sighting that disagree are a problem."""
    canon = canon.copy()
    canon["content_id"] = pd.Series(sighting_ids(canon), index=canon.index, dtype=object)
    hashes = _hash_rows(canon, _DETAIL_FIELDS, "", 16)
    canon["row_hash"] = pd.Series(hashes, index=canon.index, dtype=object)
    first = canon.drop_duplicates("content_id")
    clash = canon[canon["content_id"].duplicated() & ~canon["row_hash"].duplicated()]
    where = dict(zip(first["content_id"], first.index + 1, strict=True))
    problems = [
        Problem(
            origin,
            int(i) + 1,
            "notes",
            f"same sighting as row {where[c]} with other notes, "
            "tags or source_detail; keep one row per sighting",
        )  # fmt: skip
        for i, c in zip(clash.index, clash["content_id"], strict=True)
    ]
    return canon, problems


def _geometry(canon: pd.DataFrame, gazetteer: Gazetteer) -> tuple[np.ndarray, np.ndarray, list]:
    sites = gazetteer.sites.set_index("site_id")
    lat = pd.to_numeric(canon["lat"].where(canon["lat"] != "")).fillna(
        canon["site_id"].map(sites["lat"])
    )
    lon = pd.to_numeric(canon["lon"].where(canon["lon"] != "")).fillna(
        canon["site_id"].map(sites["lon"])
    )
    names = canon["site_id"].map(sites["name"]).where(canon["site_id"] != "", None)
    return lon.to_numpy(float), lat.to_numpy(float), names.where(names.notna(), None).tolist()


_HISTORY = ["sighting_id", "revision", "content_id", "row_hash", *SIGHTING_COLUMNS,
            "recorded_at", "origin", "change"]  # fmt: skip


def classify_in(con) -> tuple[dict, dict]:
    """For the rows of the temporary table ``_in`` (``pos``, ``content_id``, ``row_hash``): the
    sighting each known row belongs to, and the rows equal to that sighting or one of its
    revisions (by position). Both store backends fill ``_in`` their own way and ask this."""
    same, known = {}, {}
    for pos, sid, equal in con.execute(
        "SELECT i.pos, s.sighting_id, s.row_hash = i.row_hash FROM _in i"
        " JOIN sightings s ON s.sighting_id = i.content_id UNION ALL"
        " SELECT i.pos, r.sighting_id, r.row_hash = i.row_hash FROM _in i"
        " JOIN sighting_revisions r ON r.content_id = i.content_id ORDER BY 2"
    ):
        known.setdefault(pos, sid)
        if equal:
            same[pos] = sid
    return known, same


def write_sightings(con, canon: pd.DataFrame, gazetteer: Gazetteer, origin: str, report) -> None:
    """Classify each row as added, revised or unchanged against the store and write it.

    A row is known when its content hash is the id of a sighting (whose first revision had that
    content) or the content hash of a recorded revision; it is unchanged when its full row hash
    matches one of those.
    """
    repeated = canon.loc[canon["row_hash"].duplicated(), "row_hash"].tolist()
    canon = canon.drop_duplicates("row_hash").reset_index(drop=True)
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _in (pos INTEGER, content_id TEXT, row_hash TEXT)")
    con.execute("DELETE FROM _in")
    con.executemany(
        "INSERT INTO _in VALUES (?, ?, ?)",
        zip(
            range(len(canon)), canon["content_id"].tolist(), canon["row_hash"].tolist(), strict=True
        ),
    )
    known, same = classify_in(con)
    con.execute("DELETE FROM _in")
    status = np.array(["added"] * len(canon), dtype=object)
    ids = canon["content_id"].tolist()
    for pos, sid in known.items():
        status[pos], ids[pos] = "revised", sid
    for pos, sid in same.items():
        status[pos], ids[pos] = "unchanged", sid
    canon["sighting_id"] = pd.Series(ids, index=canon.index, dtype=object)
    add = np.flatnonzero(status == "added")
    new = canon.iloc[add].reset_index(drop=True)
    lon, lat, names = _geometry(new, gazetteer)
    n = len(new)
    stamp = con.execute(f"SELECT {_NOW}").fetchone()[0]
    sids = new["sighting_id"].tolist()
    values = [sids, [1] * n, sids, new["row_hash"].tolist(), *_cells(new, SIGHTING_COLUMNS),
              names, [origin] * n, ["created"] * n, [stamp] * n]  # fmt: skip
    columns = ["sighting_id", "revision", "content_id", "row_hash", *SIGHTING_COLUMNS,
               "site_name", "origin", "change", "recorded_at"]  # fmt: skip
    _gpkg.insert_points(con, "sightings", columns, values, lon, lat)
    for i in np.flatnonzero(status == "revised"):
        _new_revision(con, ids[i], canon.iloc[[i]].reset_index(drop=True), gazetteer, origin)
    report.added_ids += [ids[i] for i in add]
    report.revised_ids += [ids[i] for i in np.flatnonzero(status == "revised")]
    report.unchanged_ids += [ids[i] for i in np.flatnonzero(status == "unchanged")]
    first = dict(zip(canon["row_hash"].tolist(), ids, strict=True))
    report.unchanged_ids += [first[h] for h in repeated]  # repeated rows of the same table


def _new_revision(con, sighting_id: str, one: pd.DataFrame, gazetteer: Gazetteer, origin) -> int:
    """Append a revision of a sighting from a one-row canonical table, and make it current."""
    current = pd.read_sql_query(
        "SELECT * FROM sightings WHERE sighting_id = ?", con, params=(sighting_id,)
    )
    before = text_form(current, SIGHTING_COLUMNS).iloc[0]
    row = one.iloc[0]
    changed = [c for c in SIGHTING_COLUMNS if before[c] != row[c]]
    revision = int(current.at[0, "revision"]) + 1
    names = ", ".join(f'"{c}"' for c in _HISTORY)
    if revision == 2:  # the first revision lived only in `sightings` until now
        con.execute(
            f"INSERT INTO sighting_revisions ({names}) SELECT {names} FROM sightings"
            " WHERE sighting_id = ?",
            (sighting_id,),
        )
    lon, lat, site_names = _geometry(one, gazetteer)
    cells = _rows(one, SIGHTING_COLUMNS)[0]
    stamp = con.execute(f"SELECT {_NOW}").fetchone()[0]
    values = [sighting_id, revision, row["content_id"], row["row_hash"], *cells, stamp, origin,
              "changed " + ", ".join(changed)]  # fmt: skip
    con.execute(
        f"INSERT INTO sighting_revisions ({names}) VALUES ({', '.join('?' * len(_HISTORY))})",
        values,
    )
    sets = ", ".join(f'"{c}" = ?' for c in _HISTORY[1:])
    con.execute(
        f"UPDATE sightings SET geom = ?, site_name = ?, {sets} WHERE sighting_id = ?",
        [_gpkg.point_blobs(lon, lat)[0], site_names[0], *values[1:], sighting_id],
    )
    _gpkg.touch(con, "sightings", (lon[0], lat[0], lon[0], lat[0]))
    _gpkg.touch(con, "sighting_revisions")
    return revision


def revise_sighting(con, sighting_id: str, one: pd.DataFrame, gazetteer: Gazetteer, origin) -> int:
    """New revision of a sighting unless ``one`` (canonical, hashed) equals its current state."""
    revision, row_hash = con.execute(
        "SELECT revision, row_hash FROM sightings WHERE sighting_id = ?", (sighting_id,)
    ).fetchone()
    if row_hash == one.at[0, "row_hash"]:
        return int(revision)
    return _new_revision(con, sighting_id, one, gazetteer, origin)


def history(con, sighting_id: str) -> pd.DataFrame:
    names = ", ".join(f'"{c}"' for c in _HISTORY)
    for table in ("sighting_revisions", "sightings"):
        df = pd.read_sql_query(
            f"SELECT {names} FROM {table} WHERE sighting_id = ? ORDER BY revision",
            con, params=(sighting_id,),
        )  # fmt: skip
        if len(df):
            return df
    return df


# --- claims --------------------------------------------------------------------------------------


def write_claims(con, canon: pd.DataFrame, origin: str, report) -> None:
    """Write checked claims into the GeoPackage (see :func:`write_claim_rows`)."""
    write_claim_rows(con, canon, origin, report)
    if report.added or report.revised:
        _gpkg.touch(con, "claims")
        _gpkg.touch(con, "claim_revisions")


def write_claim_rows(
    con, canon: pd.DataFrame, origin: str, report, mark: str = "?", now: str = _NOW
) -> None:
    """Write checked claims: a new revision where the row differs, nothing where it is known.

    ``mark`` is the driver's parameter marker and ``now`` its SQL for the current UTC time, so the
    PostGIS store writes claims with the same statements (``%s``, see ``_pg``).
    """
    cols = CLAIM_COLUMNS[1:]
    cells = _rows(canon, cols)
    names = ", ".join(cols)
    marks = ", ".join([mark] * len(cols))
    for i, row in canon.iterrows():
        cid, h = row["claim_id"], row["row_hash"]
        if con.execute(
            f"SELECT 1 FROM claim_revisions WHERE claim_id = {mark} AND row_hash = {mark}", (cid, h)
        ).fetchone():
            report.unchanged_ids.append(cid)
            continue
        current = con.execute(f"SELECT revision FROM claims WHERE claim_id = {mark}", (cid,)).fetchone()
        revision = 1 if current is None else current[0] + 1
        con.execute(
            f"INSERT INTO claim_revisions (claim_id, revision, row_hash, {names}, recorded_at,"
            f" origin, change) VALUES ({mark}, {mark}, {mark}, {marks}, {now}, {mark}, {mark})",
            [cid, revision, h, *cells[i], origin, "created" if current is None else "changed"],
        )
        if current is None:
            con.execute(
                f"INSERT INTO claims (claim_id, revision, row_hash, {names}, recorded_at)"
                f" VALUES ({mark}, 1, {mark}, {marks}, {now})",
                [cid, h, *cells[i]],
            )
            report.added_ids.append(cid)
        else:
            sets = ", ".join(f'"{c}" = {mark}' for c in cols)
            con.execute(
                f"UPDATE claims SET revision = {mark}, row_hash = {mark}, {sets}, recorded_at = {now}"
                f" WHERE claim_id = {mark}",
                [revision, h, *cells[i], cid],
            )
            report.revised_ids.append(cid)
