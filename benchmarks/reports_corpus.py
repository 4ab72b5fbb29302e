"""Scoring report extraction against a labelled corpus (``expected.json`` beside ``.txt`` files).

The label format (the corpus README gives it in full): ``{file: {published, publisher, places,
dates, numbers, sightings, traps}}`` with

- ``places``: names as written, shortest form;
- ``dates``: ``[as written, ISO date | ISO/ISO range, precision]`` (``2024-04`` is a month,
  ``2024`` a year);
- ``numbers``: ``[as written, low, high, unit, claimant or null]``;
- ``sightings``: ``{site, date, asset, activity}``.

Scores, precision and recall each, matching one found item to at most one expected item:

- places: distinct names; a found mention matches when its words (without "the port of",
  "airport" ...) or its resolved name equal the label, ignoring case and accents;
- dates: ``(ISO text, precision)`` of every date mention, as a multiset;
- numbers: ``(low, high, unit)``; units are compared through the vocabulary's units
  (``geodata/vocabulary.csv``: "soldiers" and "troops" are one unit), else as written without
  a plural ``s``; vague quantities and figures without a unit are left out;
- claimants: distinct claimants of the labelled figures against the claimants of the figures
  found; one matches another when either contains the other ("Ostrova" in "Minister Lena Ostrova");
- sightings: ``(site, date)`` of every candidate sighting.

Used by ``reports_eval.py``; the texts are read from the corpus folder at run time and never
copied.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

from anyascii import anyascii

#: The kinds of facts scored, in the order printed.
FACT_KINDS = ("places", "dates", "numbers", "claimants", "sightings")
_GENERIC = re.compile(
    r"^(?:the )?(?:(?:port|harbou?r|seaport|airport|air base|airbase|airfield|base|city|town|"
    r"village|region|naval base) of |port )|(?: international airport| airport| airfield| "
    r"air base| airbase| port| harbou?r| naval base| bases?| region| province| oblast| krai| "
    r"strait)$"
)


def fold(text: str) -> str:
    """Lower case ASCII words, single spaces, no leading article."""
    words = re.findall(r"[a-z0-9]+", anyascii(text or "").lower())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def core(text: str) -> str:
    """A place as written without its generic word ("the port of Kessa" -> "kessa")."""
    return fold(_GENERIC.sub("", " ".join(anyascii(text).lower().split())))


def date_key(first: date, last: date, precision: str) -> str:
    """The label form of an interval: ``2024-06-18``, ``2024-04``, ``2024-02/2024-07`` ..."""
    cut = {"day": 10, "month": 7, "year": 4}.get(precision, 10)
    a, b = first.isoformat()[:cut], last.isoformat()[:cut]
    return a if a == b else f"{a}/{b}"


def _unit_key(unit: str, units) -> str:
    written = " ".join(str(unit or "").lower().split())
    hits = units.find(written)
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(written):
        return str(hits[0].value)
    return written.removesuffix("s")


def _number(value):
    return None if value is None else float(value)


def _match(found: list, expected: list, same) -> tuple[int, list, list]:
    """Greedy one-to-one matching; returns hits, the expected items missed and found extras."""
    left = list(found)
    missed = []
    hits = 0
    for e in expected:
        for i, f in enumerate(left):
            if same(f, e):
                del left[i]
                hits += 1
                break
        else:
            missed.append(e)
    return hits, missed, left


def _contains(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    return bool(a and b) and (a in b or b in a)


def found_items(x, units) -> dict[str, list]:
    """What an extraction found, in the forms compared with the labels."""
    places: dict[str, set[str]] = {}
    for p in x.places:
        key = core(p.text)
        places.setdefault(key, set()).update({key, fold(p.text), fold(p.name or "")})
    dates = [(date_key(d.first, d.last, d.precision), d.precision) for d in x.dates]
    numbers = [
        (n.low, n.high, _unit_key(n.unit, units)) for n in x.numbers if n.unit and not n.vague
    ]
    claims = x.claims
    figures = claims[(claims["low"] != "") | (claims["high"] != "")]
    claimants = sorted({t for t in figures["claimant_text"] if t})
    sightings = [
        (
            {core(r.place_text), fold(r.place_text)},
            date_key(
                date.fromisoformat(r.observed_start),
                date.fromisoformat(r.observed_end),
                r.time_precision,
            ),
        )
        for r in x.sightings.itertuples()
    ]
    return {
        "places": list(places.values()),
        "dates": dates,
        "numbers": numbers,
        "claimants": claimants,
        "sightings": sightings,
    }


def expected_items(label: dict, units) -> dict[str, list]:
    """The labels of one report in the forms compared."""
    numbers = label.get("numbers") or []
    return {
        "places": [fold(p) for p in label.get("places") or []],
        "dates": [(d[1], d[2]) for d in label.get("dates") or []],
        "numbers": [(_number(n[1]), _number(n[2]), _unit_key(n[3], units)) for n in numbers],
        "claimants": sorted({n[4] for n in numbers if n[4]}),
        "sightings": [(fold(s["site"]), s["date"]) for s in label.get("sightings") or []],
    }


SAME = {
    "places": lambda f, e: e in f,
    "dates": lambda f, e: f == e,
    "numbers": lambda f, e: f == e,
    "claimants": _contains,
    "sightings": lambda f, e: e[0] in f[0] and f[1] == e[1],
}


def _show(item) -> str:
    if isinstance(item, set):
        return "/".join(sorted(item))
    if isinstance(item, tuple):
        return "(" + ", ".join(_show(i) for i in item) + ")"
    return str(item)


def report_text(path: Path) -> str:
    """The text of a corpus file without its provenance header (a first line in parentheses)."""
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if first.startswith("(") else text


def pr(hits: int, found: int, expected: int) -> str:
    p = hits / found if found else float("nan")
    r = hits / expected if expected else float("nan")
    return f"precision {p:6.1%} ({hits}/{found})  recall {r:6.1%} ({hits}/{expected})"


def corpus_texts(folder: Path) -> dict[str, str]:
    """The texts of the labelled reports of ``folder`` (headers dropped), in the labels' order."""
    labels = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return {name: report_text(folder / name) for name in labels}


def score_corpus(folder: Path, verbose: bool = True) -> list[str]:
    """Score every labelled report of ``folder``, print the figures; return the texts."""
    from corridor.reports.extract import extract
    from corridor.reports.vocab import Vocabulary

    units = Vocabulary.default().matchers["unit"]
    labels = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    texts = corpus_texts(folder)
    totals = {k: Counter() for k in FACT_KINDS}
    print(f"corpus {folder.name}: {len(labels)} labelled reports (the extractor was tuned on it)")
    for name, label in labels.items():
        text = texts[name]
        published = date.fromisoformat(label["published"])
        x = extract(text, publisher=label["publisher"], published=published, name=Path(name).stem)
        got, want = found_items(x, units), expected_items(label, units)
        if verbose:
            print(f"{name} (published {published})")
        for kind in FACT_KINDS:
            hits, missed, extra = _match(got[kind], want[kind], SAME[kind])
            totals[kind].update(hits=hits, found=len(got[kind]), expected=len(want[kind]))
            if verbose:
                print(f"  {kind:9s} {pr(hits, len(got[kind]), len(want[kind]))}")
                if missed:
                    print(f"    missed: {[_show(m) for m in missed]}")
                if extra:
                    print(f"    extra:  {[_show(e) for e in extra]}")
    print(f"corpus {folder.name}: all reports")
    for kind, t in totals.items():
        print(f"  {kind:9s} {pr(t['hits'], t['found'], t['expected'])}")
    return list(texts.values())
