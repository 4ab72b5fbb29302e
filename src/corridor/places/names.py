"""Name normalization shared by the gazetteer and the geocoder.

``normalize`` folds the many ways reports write a place to one key: it transliterates other scripts
(Cyrillic, Hangul) to ASCII with ``anyascii``, case-folds, drops punctuation and diacritics, and
removes generic words such as "port of", "airport", "air base", "oblast" or "krai".
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

#: Words that say what kind of place a name is, not which place. Removed by ``normalize``.
GENERIC_WORDS = frozenset(
    """
    the of port seaport harbour harbor terminal naval base air airbase airfield airport aerodrome
    international intl station railway rail city town village settlement oblast krai kray
    region province district raion okrug training ground range polygon military
    """.split()
)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def exact_key(text: str) -> str:
    """Case-fold and collapse whitespace, keeping the script: the key of exact lookups.

    >>> exact_key("  Odesa   INTERNATIONAL ")
    'odesa international'
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def fold(text: str) -> str:
    """Transliterate to ASCII, case-fold, and turn punctuation runs into single spaces."""
    return _NON_ALNUM.sub(" ", anyascii(text).casefold()).strip()


def normalize(text: str) -> str:
    """Return the lookup key of a place name.

    Examples
    --------
    >>> normalize("the port of Constanța")
    'constanta'
    >>> normalize("Одеса")
    'odesa'
    >>> normalize("Odesa International Airport")
    'odesa'
    """
    words = fold(text).split()
    kept = [w for w in words if w not in GENERIC_WORDS]
    return " ".join(kept or words)
