"""Numbered element ids while a map is built, so the same data gives byte-identical HTML.

branca names every element of a page with 32 random hex digits (``os.urandom``), so two renders
of the same map differ and notebooks storing map output could not be compared by ``pytest
--nbval``. Within a *build* branca's elements are numbered instead (``...0001``, ``...0002``, in
the order they are made), from a counter that :func:`reset_ids` restarts. Outside every build
branca is left as it is: importing corridor changes nothing in branca.

A build is either the block of :func:`deterministic_ids` (a context manager), or the life of a
map made by :func:`corridor.maps.layers.new_map` up to its first render: ``new_map`` restarts the
counter and opens a build, and the map closes it when it is first rendered (shown in a notebook,
saved, or written into the atlas), so what a notebook cell adds to the map in between is numbered
too. A map dropped before it is rendered closes its build when it is garbage-collected. Builds
nest: branca gets its own ids back when the last one closes. Build maps from one thread at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from branca.element import Element

__all__ = ["Build", "deterministic_ids", "reset_ids"]

_ids = itertools.count(1)
_open = 0  # builds open now
_saved: list = []  # branca's own id generator while builds are open


def _numbered(cls) -> str:
    return f"{next(_ids):032x}"


def reset_ids() -> None:
    """Restart the numbering: the next element made within a build is ``...0001``."""
    global _ids
    _ids = itertools.count(1)


class Build:
    """An open build (numbered ids) until :meth:`close` (idempotent); also a context manager."""

    def __init__(self):
        global _open
        if _open == 0:
            _saved.append(vars(Element)["_generate_id"])
            Element._generate_id = classmethod(_numbered)
        _open += 1
        self.closed = False

    def close(self) -> None:
        """End this build; when it was the last one open, branca's own ids come back."""
        global _open
        if self.closed:
            return
        self.closed = True
        _open -= 1
        if _open == 0:
            Element._generate_id = _saved.pop()

    def __enter__(self) -> Build:
        return self

    def __copy__(self) -> Build:  # a copied map (folium's DualMap copies) shares its build
        return self

    def __deepcopy__(self, memo) -> Build:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextmanager
def deterministic_ids() -> Iterator[None]:
    """Number the ids of the elements made in the block (see the module's description).

    Examples
    --------
    >>> import folium
    >>> from branca.element import Element
    >>> before = vars(Element)["_generate_id"]
    >>> with deterministic_ids():
    ...     reset_ids()
    ...     folium.Marker((0, 0)).get_name()
    'marker_00000000000000000000000000000001'
    >>> vars(Element)["_generate_id"] is before  # as it was before the block
    True
    """
    with Build():
        yield
