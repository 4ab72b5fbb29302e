"""How a store file is opened: create, must exist, read-only; what is refused and why.

These rules belong to the store, whatever its backend: a read never creates a store and never
takes a write lock, a file that is not a corridor store is refused with its path and the reason
(nothing is added to it), a writer that waits too long for a lock gives up with one line, and a
store the user cannot write is said to be read-only. Every refusal is a :class:`StoreError`
(a ``ValueError``) whose text is one line naming the file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

#: Seconds a writer waits for another writer's lock, unless ``$CORRIDOR_STORE_WAIT`` says otherwise.
WAIT_S = 60.0
WAIT_VAR = "CORRIDOR_STORE_WAIT"
#: Tables whose presence makes a GeoPackage a corridor store.
STORE_TABLES = ("sightings", "claims", "sources")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_GPKG_ID = 0x47504B47


class StoreError(ValueError):
    """A store that cannot be opened or written, with its path and the reason, in one line."""


class StoreBusy(StoreError):
    """Another process held the write lock for longer than the writer was willing to wait."""


class StoreReadOnly(StoreError):
    """The store file (or its folder) cannot be written."""


def wait_s(value: float | None = None) -> float:
    """Seconds a writer waits for a lock: ``value``, else ``$CORRIDOR_STORE_WAIT``, else 60."""
    if value is not None:
        return float(value)
    text = os.environ.get(WAIT_VAR, "")
    try:
        return float(text) if text else WAIT_S
    except ValueError:
        raise StoreError(f"${WAIT_VAR}={text!r} is not a number of seconds") from None


def inspect(path: Path, *, into_geopackage: bool = False) -> str:
    """``"absent"``, ``"store"`` or (with ``into_geopackage``) ``"geopackage"``; else refuse.

    Reads the file without writing to it. Raises :class:`StoreError` for a directory, an empty,
    truncated or non-SQLite file, an SQLite database that is not a GeoPackage, and a GeoPackage
    without the corridor tables (unless ``into_geopackage``, which lets the store's tables be
    added to a GeoPackage another program wrote).
    """
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a store file")
    if not path.exists():
        if path.is_symlink():
            raise StoreError(f"{path} is a broken link")
        return "absent"
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror}") from None
    if not header:
        raise StoreError(f"{path} is an empty file, not a corridor store")
    if not header.startswith(_SQLITE_MAGIC):
        raise StoreError(f"{path} is not a corridor store: not an SQLite/GeoPackage file")
    if len(header) < 100 or _truncated(path, header):
        raise StoreError(f"{path} is not a readable store: the file is truncated")
    try:
        con = connect_readonly(path)
        try:
            app = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a readable store: {exc}") from None
    if app != _GPKG_ID:
        raise StoreError(f"{path} is not a corridor store: an SQLite database but not a GeoPackage")
    missing = [t for t in STORE_TABLES if t not in tables]
    if not missing:
        return "store"
    if into_geopackage and not any(t in tables for t in STORE_TABLES):
        return "geopackage"
    raise StoreError(
        f"{path} is not a corridor store: a GeoPackage without the table(s) {', '.join(missing)}"
    )


def _truncated(path: Path, header: bytes) -> bool:
    """Whether the file is shorter than the database size its header records."""
    page = int.from_bytes(header[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96] and pages > 0  # the in-header size is current
    return valid and path.stat().st_size < page * pages


def connect_readonly(path: Path, timeout_s: float = 5.0) -> sqlite3.Connection:
    """A read-only connection (``mode=ro``): it can never create, change or lock the file."""
    uri = f"file:{quote(str(Path(path).absolute()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=timeout_s, isolation_level=None)


def make_parent(path: Path) -> None:
    """Create the folder of a new store, or refuse in one line."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise StoreError(f"{path}: a part of its folder is a file, not a folder") from None
    except PermissionError:
        raise StoreReadOnly(f"{path}: cannot create its folder (permission denied)") from None


def check_writable(path: Path) -> None:
    """Refuse, before any write, a store whose file or folder the user cannot write."""
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        # no write permission bit at all means read-only, even for a superuser
        raise StoreReadOnly(f"{path} is read-only: cannot write to this store")
    if not os.access(path.parent, os.W_OK):
        raise StoreReadOnly(f"{path}: its folder is read-only, so the store cannot be written")


def translate(path: Path, exc: sqlite3.Error, wait: float) -> StoreError:
    """The one-line :class:`StoreError` for an SQLite error met while using the store."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreBusy(
            f"{path}: another process is writing to the store; gave up after {wait:g} s waiting "
            f"for its lock (try again when it finishes, or wait longer with ${WAIT_VAR})"
        )
    if "readonly" in text or "read-only" in text:
        return StoreReadOnly(f"{path} is read-only: cannot write to this store")
    return StoreError(f"{path} is not a usable store: {text}")
