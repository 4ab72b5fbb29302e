"""Report extraction: precision and recall against hand-made answers, and its speed.

For every ``<stem>.json`` of the answers folder (``benchmarks/reports_expected/`` by default) with
a ``<stem>.txt`` in the reports folder, the report is run through
:func:`corridor.reports.extract.extract` and three kinds of facts are compared as multisets:

- places: the gazetteer ``site_id`` of each place mention (a GeoNames place counts by its source);
- dates: ``(first, last, precision)`` of each date or period;
- numbers: ``(low, high, unit)`` of each figure (vague quantities have no figure and are left out).

The answers hold facts only (no sentences of the reports). The extractor was written while
reading the two source reports (``../shared/reports``, when present), so on them the figures show
it does what it claims, not how it does on unseen prose. ``reports_sample/sample_001.txt`` was
written and answered by hand before the extractor first ran on it: places 10/10 and dates 7/7
were right, figures only 2 of 5 (precision 50 %, recall 40 %: units missing from the vocabulary);
the vocabulary was then extended, so it is no longer unseen either.

Speed: a text of at least 5,000 words made by repeating the reports is extracted once cold (the
first call loads the gazetteer, the geocoder and the vocabulary) and then warm (best and median of
5, and the best CPU time of the process, steadier on a shared machine), and so is the largest
report of the labelled corpora on its own. The anchor is ``dateparser.search.search_dates`` over
the same texts: the usual library for finding dates in prose, doing one of the five jobs (and
giving every month a day). The budget is 0.3 s for the 5,000 words. ``--speed-only`` skips the
scores and measures the same texts.

Labelled corpora (``--corpus DIR``, by default ``../shared/reports-dev`` when present): a folder
of ``.txt`` reports whose first line is a provenance header in parentheses (dropped before
extraction) and an ``expected.json`` of hand labels (see :mod:`reports_corpus`). Each report is
scored on places, dates, numbers, claimants and sightings (site + date), precision and recall
each, and its misses and extras are printed. The extractor was tuned on ``reports-dev``: its
figures there are development figures, not a measure on unseen prose.

Run: ``.venv/bin/python benchmarks/reports_eval.py [--reports DIR [DIR ...]] [--expected DIR]
[--corpus DIR [DIR ...]] [--no-speed | --speed-only]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REPORTS = [HERE.parents[1] / "shared" / "reports", HERE / "reports_sample"]
DEFAULT_EXPECTED = HERE / "reports_expected"
DEFAULT_CORPORA = [HERE.parents[1] / "shared" / "reports-dev"]
WORDS = 5_000
BUDGET_S = 0.3
RUNS = 5


def facts(x) -> dict[str, Counter]:
    places = Counter(p.site_id or p.source for p in x.places if p.resolved)
    dates = Counter((d.first.isoformat(), d.last.isoformat(), d.precision) for d in x.dates)
    numbers = Counter((n.low, n.high, n.unit) for n in x.numbers if not n.vague)
    return {"places": places, "dates": dates, "numbers": numbers}


def expected_facts(answer: dict) -> dict[str, Counter]:
    def num(v):
        return None if v is None else float(v)

    return {
        "places": Counter(answer["places"]),
        "dates": Counter((d["first"], d["last"], d["precision"]) for d in answer["dates"]),
        "numbers": Counter((num(n["low"]), num(n["high"]), n["unit"]) for n in answer["numbers"]),
    }


def score(found: Counter, expected: Counter) -> tuple[int, int, int]:
    hits = sum((found & expected).values())
    return hits, sum(found.values()), sum(expected.values())


def pr(hits: int, found: int, expected: int) -> str:
    p = hits / found if found else float("nan")
    r = hits / expected if expected else float("nan")
    return f"precision {p:6.1%} ({hits}/{found})  recall {r:6.1%} ({hits}/{expected})"


def _timed(run) -> tuple[tuple[float, float, float], object]:
    """Best and median seconds of :data:`RUNS` calls of ``run``, the best in CPU seconds of the
    process (steadier than the clock on a shared machine), and its last result."""
    times, cpu = [], []
    for _ in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        result = run()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return (min(times), statistics.median(times), min(cpu)), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, nargs="+", default=DEFAULT_REPORTS)
    parser.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED)
    parser.add_argument("--corpus", type=Path, nargs="+", default=DEFAULT_CORPORA)
    parser.add_argument("--no-speed", action="store_true", help="skip the speed run")
    parser.add_argument("--speed-only", action="store_true", help="skip the scores")
    args = parser.parse_args(argv)
    pairs = [
        (folder / f"{a.stem}.txt", a)
        for folder in args.reports
        for a in sorted(args.expected.glob("*.json"))
        if (folder / f"{a.stem}.txt").exists()
    ]
    if not pairs:
        folders = ", ".join(str(f) for f in args.reports)
        print(f"no report of {folders} has an answer file in {args.expected}")
        return 2

    from corridor.reports.extract import extract

    t0 = time.perf_counter()
    cold_text = pairs[0][0].read_text(encoding="utf-8")
    extract(cold_text, publisher="eval", published=date(2025, 7, 2), name="cold")
    cold_s = time.perf_counter() - t0

    from reports_corpus import corpus_texts as labelled_texts
    from reports_corpus import score_corpus

    corpus: dict[str, str] = {}
    for folder in args.corpus:
        if (folder / "expected.json").exists():
            if not args.speed_only:
                score_corpus(folder)
            corpus.update(labelled_texts(folder))
    corpus_texts = list(corpus.values())

    totals = {k: [0, 0, 0] for k in ("places", "dates", "numbers")}
    for text_path, answer_path in [] if args.speed_only else pairs:
        answer = json.loads(answer_path.read_text(encoding="utf-8"))
        published = date.fromisoformat(answer["published"])
        x = extract(
            text_path.read_text(encoding="utf-8"),
            publisher="eval",
            published=published,
            name=text_path.stem,
        )
        got, want = facts(x), expected_facts(answer)
        print(f"{text_path.name} (published {published})")
        for kind in totals:
            s = score(got[kind], want[kind])
            totals[kind] = [a + b for a, b in zip(totals[kind], s, strict=True)]
            print(f"  {kind:8s} {pr(*s)}")
            missed = sorted((want[kind] - got[kind]).elements(), key=str)
            extra = sorted((got[kind] - want[kind]).elements(), key=str)
            if missed:
                print(f"    missed: {missed}")
            if extra:
                print(f"    extra:  {extra}")
    if not args.speed_only:
        print("all reports")
        for kind, s in totals.items():
            print(f"  {kind:8s} {pr(*s)}")

    if args.no_speed:
        return 0
    texts = [t.read_text(encoding="utf-8") for t, _ in pairs] + corpus_texts
    big, i = [], 0
    while sum(len(t.split()) for t in big) < WORDS:
        big.append(texts[i % len(texts)])
        i += 1
    text = "\n".join(big)
    n_words = len(text.split())
    warm, x = _timed(
        lambda: extract(text, publisher="eval", published=date(2025, 7, 2), name="speed")
    )
    name = max(corpus, key=lambda n: len(corpus[n])) if corpus else None
    if name is not None:
        largest = corpus[name]
        one, _ = _timed(
            lambda: extract(largest, publisher="eval", published=date(2025, 7, 2), name="one")
        )

    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": datetime(2025, 7, 2), "PREFER_DATES_FROM": "past"}
    search_dates(cold_text, settings=settings, languages=["en"])  # warm its caches
    anchor, _ = _timed(lambda: search_dates(text, settings=settings, languages=["en"]))
    print(f"speed, warm: best (median) of {RUNS} runs [best CPU time of the process]")
    print(f"  cold first call (loads gazetteer, geocoder, vocabulary): {cold_s:.3f} s")
    if name is not None:
        print(f"  largest labelled report, {name} ({len(largest.split()):,} words, "
              f"{len(largest):,} characters): {one[0] * 1000:.1f} ms ({one[1] * 1000:.1f} ms) "
              f"[{one[2] * 1000:.1f} ms]")  # fmt: skip
    print(f"  {n_words:,}-word text ({len(x.candidates)} candidates): {warm[0]:.3f} s "
          f"({warm[1]:.3f} s) [{warm[2]:.3f} s], {warm[0] / BUDGET_S:.0%} of the {BUDGET_S} s "
          "budget")  # fmt: skip
    print(f"  anchor dateparser.search_dates (dates only) on the same text: {anchor[0]:.3f} s "
          f"({anchor[1]:.3f} s) [{anchor[2]:.3f} s]")  # fmt: skip
    print(f"  ratio extraction / anchor: {warm[0] / anchor[0]:.2f} ({warm[1] / anchor[1]:.2f}) "
          f"[{warm[2] / anchor[2]:.2f}]")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
