"""Moved to :mod:`corridor.reading`, where every family reads a user's table file; an alias."""

from corridor.reading import POINT_TOLERANCE_DEG, read_table

__all__ = ["POINT_TOLERANCE_DEG", "read_table"]
