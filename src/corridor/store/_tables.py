"""What enters and leaves the store's tables: the checks of an import and the SQL that reads and
writes the rows, written once for both backends.

Every function that runs SQL takes the backend's :class:`~corridor.store._dialect.Dialect` first:
the statements are the same on a GeoPackage and on PostGIS, and the dialect supplies the
parameter marker, the current time, bulk appends and the points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor.evidence.claims import CLAIM_COLUMNS
from corridor.evidence.sightings import (
    IDENTITY_FIELDS,
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
from corridor.store._dialect import Dialect
from corridor.store._schema import cells, row_tuples, text_form
from corridor.validation import Problem

# --- sources -------------------------------------------------------------------------------------


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
            Problem(
                file, None, str(c), f"unknown column; the columns are {', '.join(SOURCE_COLUMNS)}"
            )
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


def geometry(canon: pd.DataFrame, gazetteer: Gazetteer) -> tuple[np.ndarray, np.ndarray, list]:
    sites = gazetteer.sites.set_index("site_id")
    lat = pd.to_numeric(canon["lat"].where(canon["lat"] != "")).fillna(
        canon["site_id"].map(sites["lat"])
    )
    lon = pd.to_numeric(canon["lon"].where(canon["lon"] != "")).fillna(
        canon["site_id"].map(sites["lon"])
    )
    names = canon["site_id"].map(sites["name"]).where(canon["site_id"] != "", None)
    return lon.to_numpy(float), lat.to_numpy(float), names.where(names.notna(), None).tolist()


HISTORY = ["sighting_id", "revision", "content_id", "row_hash", *SIGHTING_COLUMNS,
            "recorded_at", "origin", "change"]  # fmt: skip


# --- reading -------------------------------------------------------------------------------------


def read_sources(d: Dialect, con) -> pd.DataFrame:
    """The store's sources, indexed by ``source_id``, empty cells as ``""``."""
    df = d.frame(con, f"SELECT {', '.join(SOURCE_COLUMNS)} FROM sources ORDER BY fid")
    return df.fillna("").set_index("source_id", drop=False)


def read_sighting(d: Dialect, con, sighting_id: str) -> pd.DataFrame:
    """The current row of one sighting (``revision`` and the sighting's fields; no row if none)."""
    names = ", ".join(f'"{c}"' for c in ["revision", *SIGHTING_COLUMNS])
    return d.frame(
        con, f"SELECT {names} FROM sightings WHERE sighting_id = {d.mark}", (sighting_id,)
    )


def history(d: Dialect, con, sighting_id: str) -> pd.DataFrame:
    """Every revision of a sighting, oldest first; one that was never edited has its current row."""
    names = ", ".join(f'"{c}"' for c in HISTORY)
    for table in ("sighting_revisions", "sightings"):
        df = d.frame(
            con, f"SELECT {names} FROM {table} WHERE sighting_id = {d.mark} ORDER BY revision",
            (sighting_id,),
        )  # fmt: skip
        if len(df):
            return df
    return df


# --- writing -------------------------------------------------------------------------------------


def insert_sources(d: Dialect, con, sources: pd.DataFrame | None, origin: str) -> list[str]:
    """Add the sources the store lacks (a known ``source_id`` is left as it is); their ids."""
    if sources is None or len(sources) == 0:
        return []
    values = row_tuples(_strings(sources[SOURCE_COLUMNS].reset_index(drop=True)), SOURCE_COLUMNS)
    con.cursor().executemany(
        f"INSERT INTO sources ({', '.join(SOURCE_COLUMNS)}, origin, recorded_at) VALUES"
        f" ({d.marks(len(SOURCE_COLUMNS) + 1)}, {d.now}) ON CONFLICT (source_id) DO NOTHING",
        [[*r, origin] for r in values],
    )
    d.touch(con, "sources")
    return [str(s) for s in sources["source_id"]]


def classify_in(d: Dialect, con, canon: pd.DataFrame) -> tuple[dict, dict]:
    """For each row of ``canon`` (by position): the sighting it belongs to when known, and the
    rows equal to that sighting or to one of its revisions."""
    con.execute("CREATE TEMP TABLE _in (pos INTEGER, content_id TEXT, row_hash TEXT)")
    d.insert_rows(con, "_in", ["pos", "content_id", "row_hash"],
                  zip(range(len(canon)), canon["content_id"], canon["row_hash"], strict=True))  # fmt: skip
    same, known = {}, {}
    for pos, sid, equal in con.execute(
        "SELECT i.pos, s.sighting_id, s.row_hash = i.row_hash FROM _in i"
        " JOIN sightings s ON s.sighting_id = i.content_id UNION ALL"
        " SELECT i.pos, r.sighting_id, r.row_hash = i.row_hash FROM _in i"
        " JOIN sighting_revisions r ON r.content_id = i.content_id ORDER BY 2"
    ).fetchall():
        known.setdefault(pos, sid)
        if equal:
            same[pos] = sid
    con.execute("DROP TABLE _in")
    return known, same


def write_sightings(
    d: Dialect, con, canon: pd.DataFrame, gazetteer: Gazetteer, origin: str, report
) -> None:
    """Classify each row as added, revised or unchanged against the store and write it.

    A row is known when its content hash is the id of a sighting (whose first revision had that
    content) or the content hash of a recorded revision; it is unchanged when its full row hash
    matches one of those.
    """
    repeated = canon.loc[canon["row_hash"].duplicated(), "row_hash"].tolist()
    canon = canon.drop_duplicates("row_hash").reset_index(drop=True)
    known, same = classify_in(d, con, canon)
    status = np.array(["added"] * len(canon), dtype=object)
    ids = canon["content_id"].tolist()
    for pos, sid in known.items():
        status[pos], ids[pos] = "revised", sid
    for pos, sid in same.items():
        status[pos], ids[pos] = "unchanged", sid
    canon["sighting_id"] = pd.Series(ids, index=canon.index, dtype=object)
    add = np.flatnonzero(status == "added")
    new = canon.iloc[add].reset_index(drop=True)
    lon, lat, names = geometry(new, gazetteer)
    n = len(new)
    (stamp,) = con.execute(f"SELECT {d.now}").fetchone()
    sids = new["sighting_id"].tolist()
    values = [sids, [1] * n, sids, new["row_hash"].tolist(), *cells(new, SIGHTING_COLUMNS),
              names, [origin] * n, ["created"] * n, [stamp] * n]  # fmt: skip
    columns = ["sighting_id", "revision", "content_id", "row_hash", *SIGHTING_COLUMNS,
               "site_name", "origin", "change", "recorded_at"]  # fmt: skip
    d.insert_points(con, "sightings", columns, values, lon, lat)
    for i in np.flatnonzero(status == "revised"):
        _new_revision(d, con, ids[i], canon.iloc[[i]].reset_index(drop=True), gazetteer, origin)
    report.added_ids += [ids[i] for i in add]
    report.revised_ids += [ids[i] for i in np.flatnonzero(status == "revised")]
    report.unchanged_ids += [ids[i] for i in np.flatnonzero(status == "unchanged")]
    first = dict(zip(canon["row_hash"].tolist(), ids, strict=True))
    report.unchanged_ids += [first[h] for h in repeated]  # repeated rows of the same table


def _new_revision(
    d: Dialect, con, sighting_id: str, one: pd.DataFrame, gazetteer: Gazetteer, origin: str
) -> int:
    """Append a revision of a sighting from a one-row canonical table, and make it current."""
    current = read_sighting(d, con, sighting_id)
    before = text_form(current, SIGHTING_COLUMNS).iloc[0]
    row = one.iloc[0]
    changed = [c for c in SIGHTING_COLUMNS if before[c] != row[c]]
    revision = int(current.at[0, "revision"]) + 1
    names = ", ".join(f'"{c}"' for c in HISTORY)
    if revision == 2:  # the first revision lived only in `sightings` until now
        con.execute(
            f"INSERT INTO sighting_revisions ({names}) SELECT {names} FROM sightings"
            f" WHERE sighting_id = {d.mark}",
            (sighting_id,),
        )
    lon, lat, site_names = geometry(one, gazetteer)
    (stamp,) = con.execute(f"SELECT {d.now}").fetchone()
    values = [sighting_id, revision, row["content_id"], row["row_hash"],
              *row_tuples(one, SIGHTING_COLUMNS)[0], stamp, origin,
              "changed " + ", ".join(changed)]  # fmt: skip
    con.execute(
        f"INSERT INTO sighting_revisions ({names}) VALUES ({d.marks(len(HISTORY))})", values
    )
    sets = ", ".join(f'"{c}" = {d.mark}' for c in HISTORY[1:])
    con.execute(
        f"UPDATE sightings SET geom = {d.point_mark}, site_name = {d.mark}, {sets}"
        f" WHERE sighting_id = {d.mark}",
        [d.points(lon, lat)[0], site_names[0], *values[1:], sighting_id],
    )
    d.touch(con, "sightings", (lon[0], lat[0], lon[0], lat[0]))
    d.touch(con, "sighting_revisions")
    return revision


def revise_sighting(
    d: Dialect, con, sighting_id: str, one: pd.DataFrame, gazetteer: Gazetteer, origin: str
) -> int:
    """New revision of a sighting unless ``one`` (canonical, hashed) equals its current state."""
    revision, row_hash = con.execute(
        f"SELECT revision, row_hash FROM sightings WHERE sighting_id = {d.mark}", (sighting_id,)
    ).fetchone()
    if row_hash == one.at[0, "row_hash"]:
        return int(revision)
    return _new_revision(d, con, sighting_id, one, gazetteer, origin)


def write_claims(d: Dialect, con, canon: pd.DataFrame, origin: str, report) -> None:
    """Write checked claims: a new revision where the row differs, nothing where it is known."""
    cols = CLAIM_COLUMNS[1:]
    values = row_tuples(canon, cols)
    names = ", ".join(cols)
    m, marks = d.mark, d.marks(len(cols))
    for i, row in canon.iterrows():
        cid, h = row["claim_id"], row["row_hash"]
        if con.execute(
            f"SELECT 1 FROM claim_revisions WHERE claim_id = {m} AND row_hash = {m}", (cid, h)
        ).fetchone():
            report.unchanged_ids.append(cid)
            continue
        current = con.execute(
            f"SELECT revision FROM claims WHERE claim_id = {m}", (cid,)
        ).fetchone()
        revision = 1 if current is None else current[0] + 1
        con.execute(
            f"INSERT INTO claim_revisions (claim_id, revision, row_hash, {names}, recorded_at,"
            f" origin, change) VALUES ({m}, {m}, {m}, {marks}, {d.now}, {m}, {m})",
            [cid, revision, h, *values[i], origin, "created" if current is None else "changed"],
        )
        if current is None:
            con.execute(
                f"INSERT INTO claims (claim_id, revision, row_hash, {names}, recorded_at)"
                f" VALUES ({m}, 1, {m}, {marks}, {d.now})",
                [cid, h, *values[i]],
            )
            report.added_ids.append(cid)
        else:
            sets = ", ".join(f'"{c}" = {m}' for c in cols)
            con.execute(
                f"UPDATE claims SET revision = {m}, row_hash = {m}, {sets}, recorded_at = {d.now}"
                f" WHERE claim_id = {m}",
                [revision, h, *values[i], cid],
            )
            report.revised_ids.append(cid)
    if report.added or report.revised:
        d.touch(con, "claims")
        d.touch(con, "claim_revisions")
