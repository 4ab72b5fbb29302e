"""Names that moved: the old name still works for a while, with a ``DeprecationWarning``.

A module whose public names moved sets ``__getattr__ = moved(__name__, {...})``: getting an old
name warns, naming its replacement, and returns the new object (imported when first asked for, so
the old module need not import the new one).
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable


def moved(module: str, names: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for names that moved.

    Parameters
    ----------
    module : str
        The module's ``__name__``.
    names : dict
        Old name -> ``"package.module:new_name"``.

    Examples
    --------
    >>> get = moved("old.place", {"sqrt": "math:sqrt"})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     root = get("sqrt")(4.0)
    >>> root, str(caught[0].message)
    (2.0, 'old.place.sqrt is deprecated; use math.sqrt')
    """

    def __getattr__(name: str) -> object:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        where, _, new = names[name].partition(":")
        warnings.warn(
            f"{module}.{name} is deprecated; use {where}.{new}", DeprecationWarning, stacklevel=2
        )
        return getattr(importlib.import_module(where), new)

    return __getattr__
