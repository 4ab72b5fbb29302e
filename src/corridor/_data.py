"""Locate the packaged base data in ``geodata/``.

The wheel ships it as ``corridor/geodata``; a source checkout (editable install) reads the
top-level ``geodata/`` folder. An analyst's own sites, sources, assets and vocabulary belong in a
case folder (:mod:`corridor.case`), which extends this base; ``CORRIDOR_GEODATA`` replaces the whole
base with another folder of the same layout (for testing a new base, not for a case).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV_VAR = "CORRIDOR_GEODATA"


def geodata_dir() -> Path:
    """Return the folder holding the curated data files."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    packaged = Path(str(resources.files("corridor"))) / "geodata"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "geodata"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"corridor's data folder was found neither at {packaged} (installed wheel) nor at "
        f"{checkout} (source checkout); set {ENV_VAR} to a folder holding sites.csv"
    )


def geodata_path(name: str) -> Path:
    """Return the path of one data file, e.g. ``geodata_path("assets.csv")``."""
    path = geodata_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such data file in {geodata_dir()}")
    return path
