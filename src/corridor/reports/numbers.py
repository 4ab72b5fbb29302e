"""Numbers with units in a report: figures, ranges, qualifiers, scale words.

"up to 30,000 troops" gives ``high=30000, qualifier='up_to'``; "10 000 to 20 000" a range;
"nearly 5 million artillery shells" ``high=5_000_000, qualifier='nearly'``; "12 thousand people"
``12000``. The unit is the first vocabulary unit in the few words after the figure; a figure
written without one takes the unit of the same figure written earlier, or of the figure just
before it, and says so. Vague quantities ("tens of thousands", "several dozen") are kept with no
figure. Dates are found first and never read as numbers.

Examples
--------
>>> [(n.low, n.high, n.qualifier, n.unit) for n in find_numbers("up to 30,000 more troops")]
[(None, 30000.0, 'up_to', 'troops')]
>>> [(n.low, n.high, n.qualifier, n.unit) for n in find_numbers("from 10 000 to 20 000 soldiers")]
[(10000.0, 20000.0, 'range', 'troops')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from corridor.reports.document import Document
from corridor.reports.vocab import Vocabulary

SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "a hundred": 100, "a dozen": 12, "a thousand": 1000, "a million": 1_000_000,
}  # fmt: skip
#: Words before a figure and the qualifier they give it.
QUALIFIERS = {
    "up to": "up_to", "as many as": "up_to", "at most": "up_to", "no more than": "up_to",
    "at least": "at_least", "more than": "at_least", "over": "at_least",
    "in excess of": "at_least", "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "just under": "nearly", "about": "about", "approximately": "about", "roughly": "about",
    "around": "about", "some": "about", "an estimated": "about", "estimated": "about",
    "approx.": "about", "an approximate": "about",
}  # fmt: skip

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?!\d)|\d+(?:\.\d+)?"
_WORDS = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_SCALE = "|".join(SCALES)
_ONE = rf"(?:(?:{_DIGITS})(?: (?:{_SCALE}))?|(?:{_WORDS})(?: (?:{_SCALE}))?)"
_FIGURE = re.compile(
    rf"(?<![\w.,#-])(?:(?P<lead>between|from) )?(?P<a>{_ONE})"
    rf"(?:(?(lead)(?: ?- ?| to | and )|(?: ?- ?| to ))(?P<b>{_ONE}))?"
    rf"(?P<pct>%| ?percent| per cent)?(?![\w#]|-\w)"
)
#: A figure joined to its unit by a hyphen: "a 90-meter-long barge", "a 40-ton crane".
_HYPHENATED = re.compile(
    r"(?<![\w.,#-])(?P<a>\d{1,3}(?:,\d{3})*(?:\.\d+)?)-(?P<unit>meter|metre|foot|feet|km|"
    r"kilometer|kilometre|mile|nautical-mile|ton|tonne)s?(?:-long|-wide|-high|-tall)?(?![\w-])"
)
_HYPHEN_UNITS = {
    "meter": "m", "metre": "m", "foot": "ft", "feet": "ft", "km": "km", "kilometer": "km",
    "kilometre": "km", "mile": "mi", "nautical-mile": "nmi", "ton": "tonnes", "tonne": "tonnes",
}  # fmt: skip
#: A calibre ("152 mm", "122-mm"): a measure of a gun, not a quantity.
_CALIBRE = re.compile(r"(?: ?-? ?)(?:mm|millimet(?:er|re)s?|cal(?:iber|ibre)?)\b")
#: A unit written before its figure: "a crew of at least 30".
_UNIT_BEFORE = re.compile(r"\b(?P<u>[a-z]+(?: [a-z]+)?) of (?:[a-z]+ ){0,3}$")
_VAGUE = re.compile(
    r"(?<!\w)(?:tens of thousands|hundreds of thousands|several thousand|thousands|"
    r"several hundred|hundreds|several dozen|dozens)(?!\w)"
)
_QUALIFIER = re.compile(r"(?:^|\W)(" + "|".join(re.escape(q) for q in QUALIFIERS) + r") $")
_UNIT_WINDOW = 60
#: Words that may follow a figure written without its unit ("of whom 600 were killed").
_FUNCTION_WORDS = frozenset(
    """
    is was were are be been had has have and or but of to in on at by for from with as than that
    which who whom more less per each a an the is
    """.split()
)
_MAX_WORDS_BEFORE_UNIT = 4
_BRACKETS = re.compile(r"\([^()]{0,12}\)")
#: Units that are participles ("12 killed"): they count only right after the figure.
_TOLL_UNITS = ("killed", "wounded")


@dataclass(frozen=True)
class NumberMention:
    """A figure found in a text, with its unit.

    ``low``/``high`` follow the claims' conventions: ``up_to`` and ``nearly`` give only ``high``,
    ``at_least`` only ``low``, ``exact`` and ``about`` both; vague quantities neither.
    ``unit_reason`` says where the unit came from; ``unit_start`` is where ``unit_text`` is
    written (None for a unit the text does not spell out, such as "percent" for "per cent", or
    one taken from another figure).
    """

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    qualifier: str
    unit: str
    unit_text: str
    unit_reason: str
    vague: bool = False
    unit_start: int | None = None


def _value(text: str) -> float:
    """'30,000' -> 30000, '25 000' -> 25000, '5 million' -> 5e6, 'a dozen' -> 12."""
    text = text.strip()
    scale = 1
    for word, factor in SCALES.items():
        if text.endswith(" " + word):
            text, scale = text[: -len(word) - 1], factor
    number = WORD_NUMBERS.get(text)
    if number is None:
        number = float(text.replace(",", "").replace(" ", ""))
    return float(number * scale)


def _bounds(low: float, high: float | None, qualifier: str) -> tuple[float | None, float | None]:
    if high is not None:
        return low, high
    if qualifier in ("up_to", "nearly"):
        return None, low
    if qualifier == "at_least":
        return low, None
    return low, low


def find_numbers(
    text: str | Document,
    masked: list[tuple[int, int]] = (),
    vocabulary: Vocabulary | None = None,
) -> list[NumberMention]:
    """Every figure in ``text`` outside the ``masked`` spans (e.g. dates), in order.

    Parameters
    ----------
    text : str or Document
        The report's text, or its :class:`~corridor.reports.document.Document`.
    masked : list of (start, end)
        Character spans that hold no figures, such as the dates found by
        :func:`corridor.reports.dates.find_dates`.
    vocabulary : Vocabulary, optional
        Units to look for; :meth:`Vocabulary.default` when not given.
    """
    doc = Document.of(text)
    vocabulary = vocabulary or Vocabulary.default()
    text, folded = doc.text, _masked(doc.folded, masked)
    units = vocabulary.matchers["unit"]
    found: list[NumberMention] = []
    for m in _FIGURE.finditer(folded):
        a, b = m.group("a"), m.group("b")
        if m.group("lead") == "between" and b is None:
            continue
        if b is None and _CALIBRE.match(folded, m.end()):
            continue
        if _restated(folded, m.start(), found):
            continue  # "60 metres (197 feet)": the same length again
        start = m.start("a") if m.group("lead") is None else m.start()
        end = m.end("b") if b is not None else m.end("a")
        if m.group("pct"):
            end = m.end()
        low = _value(a)
        high = _value(b) if b is not None else None
        if b is not None and b.split()[-1] in SCALES and a.split()[-1] not in SCALES:
            low *= SCALES[b.split()[-1]]  # "between 10 and 20 thousand"
        if high is not None and high <= low:
            high = None
            end = m.end("a")
        qualifier = "range" if high is not None else "exact"
        q = _QUALIFIER.search(folded[max(0, start - 20) : start])
        if q and high is None:
            qualifier = QUALIFIERS[q.group(1)]
            start -= len(q.group(1)) + 1
        is_word = a.split()[0] in WORD_NUMBERS or a.startswith("a ")
        unit, unit_text, unit_start = _unit(text, folded, end, units, bool(m.group("pct")))
        if not unit:
            unit, unit_text, unit_start = _unit_before(text, folded, start, units)
        if is_word and (not unit or folded.startswith(" of ", end)):
            continue  # "one", "two" alone are words, not figures
        lo, hi = _bounds(low, high, qualifier)
        reason = f"unit '{unit_text}' follows the figure" if unit else ""
        if not unit:
            word = re.match(r" ([a-z][a-z-]*)", folded[end : end + 30])
            if word and word.group(1) not in _FUNCTION_WORDS:
                reason = f"'{word.group(1)}' after the figure is not a known unit"
        found.append(
            NumberMention(start, end, text[start:end], lo, hi, qualifier, unit, unit_text, reason,
                          unit_start=unit_start)
        )  # fmt: skip
    for m in _HYPHENATED.finditer(folded):
        value = _value(m.group("a"))
        q = _QUALIFIER.search(folded[max(0, m.start() - 20) : m.start()])
        qualifier = QUALIFIERS[q.group(1)] if q else "exact"
        lo, hi = _bounds(value, None, qualifier)
        unit = _HYPHEN_UNITS[m.group("unit")]
        found.append(
            NumberMention(m.start(), m.end(), text[m.start() : m.end()], lo, hi, qualifier, unit,
                          m.group("unit"), f"unit '{m.group('unit')}' joined by a hyphen",
                          unit_start=m.start("unit"))
        )  # fmt: skip
    for m in _VAGUE.finditer(folded):
        unit, unit_text, unit_start = _unit(text, folded, m.end(), units, False)
        reason = f"unit '{unit_text}' follows the words" if unit else ""
        found.append(
            NumberMention(
                m.start(),
                m.end(),
                text[m.start() : m.end()],
                None,
                None,
                "about",
                unit,
                unit_text,
                reason,
                vague=True,
                unit_start=unit_start,
            )  # fmt: skip
        )
    found.sort(key=lambda n: n.start)
    return _inherit_units(found)


def _masked(folded: str, masked: list[tuple[int, int]]) -> str:
    """``folded`` with every masked span written over with ``#``."""
    if not masked:
        return folded
    chars = list(folded)
    for start, end in masked:
        chars[start:end] = "#" * (end - start)
    return "".join(chars)


def _unit(text, folded, end, units, percent) -> tuple[str, str, int | None]:
    """The unit after a figure ending at ``end``: value, as written, where written."""
    if percent:
        if folded[end - 1] == "%":
            return "percent", text[end - 1 : end], end - 1
        return "percent", "percent", None
    window = _BRACKETS.sub(lambda b: " " * len(b.group()), folded[end : end + _UNIT_WINDOW])
    stop = re.search(r"[.;:,()\"“”]|#", window)
    window = window[: stop.start()] if stop else window
    hits = units.find(text[end : end + len(window)], window)
    if not hits:
        return "", "", None
    hit = hits[0]
    between = window[: hit.start].split()
    if between and hit.value in _TOLL_UNITS:
        return "", "", None  # "of whom 600 were killed": the figure counts the people named
    if len(between) > _MAX_WORDS_BEFORE_UNIT or any(w[0].isdigit() for w in between):
        return "", "", None
    return str(hit.value), hit.text, end + hit.start


def _restated(folded: str, start: int, found: list[NumberMention]) -> bool:
    """A figure in brackets right after a figure with a unit restates it in other units."""
    if not folded[:start].endswith("("):
        return False
    before = folded[: start - 1].rstrip()
    return bool(found) and found[-1].unit != "" and len(before) - found[-1].end < 20


def _unit_before(text, folded, start, units) -> tuple[str, str, int | None]:
    m = _UNIT_BEFORE.search(folded[max(0, start - 40) : start])
    if m is None:
        return "", "", None
    words = m.group("u")  # a slice of the folded text: folded already
    hits = units.find(words, words)
    if hits and hits[-1].end == len(words):
        at = max(0, start - 40) + m.start("u") + hits[-1].start
        return str(hits[-1].value), text[at : at + len(hits[-1].text)], at
    return "", "", None


def _inherit_units(found: list[NumberMention]) -> list[NumberMention]:
    out: list[NumberMention] = []
    for n in found:
        if not n.unit and not n.vague and not n.unit_reason:
            same = [p for p in out if p.unit and {p.low, p.high} & {n.low, n.high} - {None}]
            before = [p for p in out if p.unit and n.start - p.end < 300]
            if same:
                p = same[-1]
                n = _with_unit(n, p, f"unit of the same figure earlier ('{p.text}')")
            elif before:
                p = before[-1]
                n = _with_unit(n, p, f"unit of the figure just before ('{p.text}')")
        out.append(n)
    return out


def _with_unit(n: NumberMention, p: NumberMention, reason: str) -> NumberMention:
    return replace(n, unit=p.unit, unit_text="", unit_reason=reason, unit_start=None)
