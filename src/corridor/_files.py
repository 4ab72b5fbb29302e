"""Writing output files safely: the target checked first, then written whole or not at all.

:func:`check_target` refuses, in one line, an output path that is a directory, that sits under a
file where a folder is needed, or that is one of the ``protect``-ed files (such as the store being
read). :func:`atomic_target` gives a temporary path beside the target and renames it over the
target only once it is complete, so an interrupted write (Ctrl-C, a full disk, an error) leaves
the previous file, or none, never half of one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def check_target(path: str | Path, protect: Iterable[str | Path] = (), what: str = "file") -> Path:
    """``path`` as a :class:`~pathlib.Path` if a file can be written there, else ``ValueError``."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path} is a directory; give a {what} name inside it")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ValueError(f"{path}: {parent} is a file, not a folder")
            break
    for other in protect:
        other = Path(other)
        same = path.resolve() == other.resolve()
        if not same and path.exists() and other.exists():
            same = os.path.samefile(path, other)
        if same:
            raise ValueError(f"{path} is the store being read; write to another file")
    return path


@contextlib.contextmanager
def atomic_target(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` (same suffix) that replaces ``path`` on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically."""
    with atomic_target(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return Path(path)
