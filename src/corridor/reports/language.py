"""Which language a report is written in, so a text the extractor cannot read says so.

The extractor's patterns are English. A text mostly in Cyrillic is reported as Russian (``ru``),
one mostly in Hangul as Korean (``ko``), in Han or kana as Chinese or Japanese (``zh``/``ja``),
in Arabic script as Arabic (``ar``); a Latin-script text is English (``en``) when enough of its
words are common English function words, else ``und`` (another Latin-script language). The
decision uses letters and words only: no model, nothing downloaded.

Examples
--------
>>> detect_language("The ship arrived at the port on Monday.").code
'en'
>>> detect_language("Судно прибыло в порт в понедельник.").code
'ru'
>>> detect_language("Le navire est arrivé au port lundi avec des conteneurs.").code
'und'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Common English function words: at least this share of a Latin-script text's words makes it
#: English (running English prose has 30-50 %; French, German or Spanish prose under 5 %).
ENGLISH_SHARE = 0.12
SAMPLE_CHARS = 20_000
_ENGLISH = frozenset(
    """
    the of and to in a is that for on with as was by at from it be are this have has had were
    an not or which but its they their been will said after into than more about over also
    """.split()
)
_SCRIPTS = {
    "CYRILLIC": ("ru", "Russian"),
    "HANGUL": ("ko", "Korean"),
    "CJK": ("zh", "Chinese"),
    "HIRAGANA": ("ja", "Japanese"),
    "KATAKANA": ("ja", "Japanese"),
    "ARABIC": ("ar", "Arabic"),
}
#: Unicode blocks of each script (the main ones; enough to tell scripts apart).
_BLOCKS = {
    "CYRILLIC": re.compile(r"[\u0400-\u04ff]"),
    "HANGUL": re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "CJK": re.compile(r"[\u4e00-\u9fff]"),
    "HIRAGANA": re.compile(r"[\u3040-\u309f]"),
    "KATAKANA": re.compile(r"[\u30a0-\u30ff]"),
    "ARABIC": re.compile(r"[\u0600-\u06ff]"),
}
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Language:
    """The language found: ISO 639-1 ``code`` (``und`` when unknown), its name, the share of
    letters (or words, for English) that decided it, and a one-line message for the user."""

    code: str
    name: str
    share: float

    @property
    def message(self) -> str:
        if self.code == "en":
            return "text in English"
        return (
            f"text in {self.name} ({self.share:.0%} of its letters): the extractor reads English, "
            "so places, dates and figures may be missed; review the text by hand"
        )


def detect_language(text: str) -> Language:
    """The language of ``text`` (see module); its first :data:`SAMPLE_CHARS` characters decide."""
    text = text[:SAMPLE_CHARS]
    n_letters = len(_LETTER.findall(text))
    if not n_letters:
        return Language("und", "no language (no letters)", 0.0)
    counts = {script: len(block.findall(text)) for script, block in _BLOCKS.items()}
    script, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    letters = range(n_letters)
    if n * 2 > n_letters:
        code, name = _SCRIPTS[script]
        if script == "CJK" and (counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0)):
            code, name = "ja", "Japanese"
        return Language(code, name, n / len(letters))
    words = [w.lower() for w in _WORD.findall(text)]
    share = sum(w in _ENGLISH for w in words) / len(words) if words else 0.0
    if share >= ENGLISH_SHARE:
        return Language("en", "English", share)
    return Language("und", "a language other than English", 1 - share)
