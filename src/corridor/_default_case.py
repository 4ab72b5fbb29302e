"""The default case for callers that pass none: deprecated below the top-level API.

The families (``places``, ``evidence``, ``transport``, ``reports``, ``maps``) take what they need
as arguments: a gazetteer or geocoder, the sources table, the asset catalogue, the vocabulary, the
case. A call that leaves one out still gets it from the default case (:func:`corridor.open_case`
with no path: ``$CORRIDOR_CASE``, else the nearest ``corridor.toml``, else the shipped example)
and a ``DeprecationWarning`` naming what to pass; this is the only place below the top level that
finds a case, and it goes through the top-level API. Nothing is kept between calls.
"""

from __future__ import annotations

import warnings

import corridor


def deprecated_default(call: str, instead: str, stacklevel: int = 2, *, use: str | None = None):
    """Warn that ``call`` was given no ``instead``, and return the default case.

    ``use`` replaces the advice for a function that is deprecated as a whole (``Gazetteer.default()``:
    ``use="a case's gazetteer"``). ``stacklevel`` counts as for :func:`warnings.warn` from the
    function that calls this one (2: its caller is blamed).
    """
    advice = f"use {use}" if use else f"pass {instead}"
    what = call if use else f"{call} without {instead}"
    warnings.warn(
        f"{what} is deprecated and will stop looking up the default case: {advice} "
        "(for example from corridor.open_case(CASE))",
        DeprecationWarning,
        stacklevel=stacklevel + 1,
    )
    return corridor.open_case()
