"""What changed in the evidence between two builds: sightings and claims added, revised, withdrawn.

A *snapshot* of the evidence is, for each sighting (by ``sighting_id``) and each claim (by
``claim_id``), the hash of its content and its fields as canonical text. Each atlas build writes the
snapshot of its inputs as a *manifest* (``manifest.json``) for the next build to compare with;
:func:`compare` lists what was added, what was revised (one row per changed field, with the value
before and after) and what was withdrawn. A store's sightings keep their id across revisions, so a
revised sighting shows field by field; a sighting read from a CSV is identified by the hash of its
identity fields, so changing one of those shows as one withdrawn and one added.

Examples
--------
>>> import pandas as pd
>>> old = snapshot(claims=pd.DataFrame({"claim_id": ["a", "b"], "subject": ["s", "s"], "high": [10, 20]}))
>>> new = snapshot(claims=pd.DataFrame({"claim_id": ["a", "c"], "subject": ["s", "s"], "high": [12, 5]}))
>>> compare(old, new)[["kind", "id", "change", "field", "before", "after"]].values.tolist()
[['claim', 'a', 'revised', 'high', '10', '12'], ['claim', 'c', 'added', '', '', ''], ['claim', 'b', 'withdrawn', '', '', '']]
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.evidence.claims import CLAIM_COLUMNS
from corridor.evidence.sightings import SIGHTING_COLUMNS
from corridor.store import open_store

#: Name of the manifest an atlas build writes beside its pages.
MANIFEST = "manifest.json"
#: Version of the manifest's layout.
FORMAT = 1
#: Kind of item compared -> (id column, fields compared).
ITEM_KINDS = {"sighting": ("sighting_id", SIGHTING_COLUMNS), "claim": ("claim_id", CLAIM_COLUMNS)}
#: Columns of :func:`compare`'s table.
CHANGE_COLUMNS = ["kind", "id", "change", "field", "before", "after", "label"]
#: Order of changes in the table.
CHANGES = ("revised", "added", "withdrawn")


def __getattr__(name: str):
    if name == "KINDS":
        warnings.warn(
            "corridor.evidence.changes.KINDS is deprecated: use ITEM_KINDS (kinds of item compared)",
            DeprecationWarning,
            stacklevel=2,
        )
        return ITEM_KINDS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _text(value) -> str:
    """One value as canonical text: dates without a midnight time, numbers one way."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float | np.floating):
        if np.isnan(value):
            return ""
        return str(int(value)) if float(value).is_integer() else repr(round(float(value), 6))
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d" if value == value.normalize() else "%Y-%m-%dT%H:%M:%S")
    return str(value).strip()


def _items(frame: pd.DataFrame | None, id_column: str, fields: list[str]) -> dict:
    if frame is None or not len(frame):
        return {}
    if id_column not in frame.columns:
        raise ValueError(f"a table to compare needs an {id_column!r} column; it has {list(frame.columns)}")  # fmt: skip
    present = [f for f in fields if f in frame.columns]
    items = {}
    for row in frame[[id_column, *present]].itertuples(index=False):
        values = {f: _text(v) for f, v in zip(present, row[1:], strict=True)}
        canon = "\x1f".join(f"{k}={v}" for k, v in values.items())
        digest = hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]
        items[str(row[0])] = {"hash": digest, "fields": values}
    return dict(sorted(items.items()))


def snapshot(sightings: pd.DataFrame | None = None, claims: pd.DataFrame | None = None) -> dict:
    """Content hashes and canonical fields of every sighting and claim.

    Parameters
    ----------
    sightings : DataFrame, optional
        With ``sighting_id`` and the columns of :data:`~corridor.evidence.sightings.SIGHTING_COLUMNS`
        (as from :func:`~corridor.evidence.sightings.load_sightings` or a store).
    claims : DataFrame, optional
        With ``claim_id`` and the columns of :data:`~corridor.evidence.claims.CLAIM_COLUMNS`.
    """
    out = {}
    for kind, frame in (("sighting", sightings), ("claim", claims)):
        id_column, fields = ITEM_KINDS[kind]
        out[kind] = _items(frame, id_column, fields)
    return out


def digest(snap: dict) -> str:
    """One hash of a whole snapshot (equal digests: the same evidence)."""
    text = json.dumps(snap, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def manifest(current: dict, previous: dict | None) -> dict:
    """The manifest a build writes: its inputs' snapshot and the snapshot it was compared with.

    ``previous`` is the manifest of the build before (or ``None``). When that build had the same
    inputs, its baseline is kept, so rebuilding unchanged data gives the same changes page.
    """
    baseline = None
    if previous is not None:
        same = previous.get("digest") == digest(current)
        baseline = previous.get("baseline") if same else previous.get("inputs")
    return {"format": FORMAT, "digest": digest(current), "inputs": current, "baseline": baseline}


def write_manifest(path: str | Path, man: dict) -> Path:
    """Write a manifest as sorted, indented JSON (same content, same bytes); return its path."""
    path = Path(path)
    text = json.dumps(man, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def read_manifest(path: str | Path) -> dict:
    """Read a manifest written by :func:`write_manifest` (a folder means its ``manifest.json``)."""
    path = Path(path)
    if path.is_dir():
        path = path / MANIFEST
    try:
        man = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: no atlas manifest; build the atlas first (corridor atlas)") from None  # fmt: skip
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a manifest written by corridor atlas ({exc})") from None
    if not isinstance(man, dict) or man.get("format") != FORMAT or not isinstance(man.get("inputs"), dict):
        raise ValueError(f"{path}: not a manifest of format {FORMAT} written by corridor atlas")  # fmt: skip
    return man


def load_snapshot(since: str | Path, case=None) -> dict:
    """Snapshot to compare with: an atlas folder, its ``manifest.json``, or a store (``.gpkg``)
    read with the sites of ``case``."""
    since = Path(since)
    if since.suffix.lower() == ".gpkg":
        if not since.is_file():
            raise FileNotFoundError(f"{since}: no such store")
        try:
            with open_store(since, case=case, create=False) as store:
                return snapshot(store.sightings(), store.claims())
        except (sqlite3.DatabaseError, pd.errors.DatabaseError) as exc:
            raise ValueError(f"{since}: not a corridor store ({exc})") from None
    return read_manifest(since)["inputs"]


def _label(kind: str, fields: dict) -> str:
    if kind == "claim":
        figure = "–".join(v for v in (fields.get("low", ""), fields.get("high", "")) if v)
        return f"{fields.get('subject', '')}: {figure} {fields.get('unit', '')} ({fields.get('claimant_id', '')})".strip()  # fmt: skip
    where = fields.get("site_id") or ", ".join(v for v in (fields.get("lat"), fields.get("lon")) if v)
    what = " ".join(v for v in (fields.get("asset_class", ""), fields.get("activity", "")) if v)
    return f"{fields.get('observed_start', '')} {where}: {what}".strip()


def compare(old: dict, new: dict) -> pd.DataFrame:
    """Changes from snapshot ``old`` to ``new``: one row per added or withdrawn item and one per
    changed field of a revised item (``before``/``after``), revised first, then added, then
    withdrawn, by kind and id."""
    rows = []
    for kind in ITEM_KINDS:
        a, b = old.get(kind, {}), new.get(kind, {})
        for ident in sorted(set(a) & set(b)):
            if a[ident]["hash"] == b[ident]["hash"]:
                continue
            fa, fb = a[ident]["fields"], b[ident]["fields"]
            label = _label(kind, fb)
            for f in [f for f in fb if fa.get(f, "") != fb[f]] + [f for f in fa if f not in fb and fa[f]]:
                rows.append((kind, ident, "revised", f, fa.get(f, ""), fb.get(f, ""), label))
        rows += [(kind, i, "added", "", "", "", _label(kind, b[i]["fields"])) for i in sorted(set(b) - set(a))]  # fmt: skip
        rows += [(kind, i, "withdrawn", "", "", "", _label(kind, a[i]["fields"])) for i in sorted(set(a) - set(b))]  # fmt: skip
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS, dtype=object)
    order = out["change"].map({c: i for i, c in enumerate(CHANGES)})
    return out.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)


def summary(changes: pd.DataFrame) -> dict:
    """Number of distinct items per (kind, change), e.g. ``{"sighting": {"added": 2}}``."""
    out: dict = {}
    for (kind, change), group in changes.groupby(["kind", "change"], sort=True):
        out.setdefault(kind, {})[change] = int(group["id"].nunique())
    return out
