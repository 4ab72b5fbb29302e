"""Sea legs between corridor ports: time per leg against plain searoute, in one run.

Anchor: ``searoute.searoute(origin, destination)`` (its maritime network loaded and warm), called
for the same 1,000 port pairs. corridor routes every leg afresh (no memo of finished legs): a
connector from each port to its join points on searoute's network (built once per port), the
network path between them, the connector back, and a land check. The run prints the one-off costs
(land layer, network copy without its land-crossing edges, the 9 port connectors) on their own and
spread over the 1,000 legs, the per-leg costs and their ratios to the anchor, and how many legs
fell back to the water-grid router. Each timed loop runs 3 times, interleaved with the anchor; the
fastest of the 3 is kept.

Run: ``.venv/bin/python benchmarks/routes_bench.py``
"""

from __future__ import annotations

import collections
import itertools
import platform
import time

import searoute

from corridor.places.gazetteer import Gazetteer
from corridor.transport import routes
from corridor.transport import sea as _sea

PORTS = [
    "rajin", "chongjin", "hungnam", "wonsan", "nampo", "dunai", "vladivostok_port",
    "vostochny_port", "nakhodka",
]  # fmt: skip
N = 1000
REPEAT = 3
LIMIT = 1.5


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    gaz = Gazetteer.default()
    pairs = list(itertools.permutations(PORTS, 2))
    legs = [pairs[i % len(pairs)] for i in range(N)]
    point = {p: (float(gaz[p]["lon"]), float(gaz[p]["lat"])) for p in PORTS}
    methods = collections.Counter()

    one_off = {
        "searoute network load": timed(lambda: searoute.searoute(point["rajin"], point["dunai"])),
        "land layer (Natural Earth 10m)": timed(_sea.land),
        "searoute network copy, land-crossing edges out": timed(_sea.marnet),
        f"connectors of the {len(PORTS)} ports": timed(
            lambda: [_sea._join(point[p]) for p in PORTS]
        ),
    }

    def anchor():
        for a, b in legs:
            searoute.searoute(point[a], point[b])

    def path():
        methods.clear()
        for a, b in legs:
            methods[_sea.sea_route(point[a], point[b])[1]] += 1

    def one_by_one():
        for a, b in legs:
            routes.sea_leg(a, b)

    runs = {"anchor": anchor, "path": path, "table": lambda: routes.sea_legs(legs)}
    best = {name: min(timed(fn) for _ in range(REPEAT)) for name, fn in runs.items()}
    best["leg"] = timed(one_by_one)
    per = {name: t / N for name, t in best.items()}
    own = sum(t for name, t in one_off.items() if name != "searoute network load")

    print(f"corridor routes benchmark ({platform.python_version()}, {platform.machine()})")
    print(f"{N} sea legs over {len(pairs)} ordered pairs of {len(PORTS)} corridor ports; "
          f"no memo of finished legs: every leg is routed")  # fmt: skip
    print("one-off costs (once per process):")
    for name, t in one_off.items():
        print(f"  {name:48s}{t:7.3f} s  = {t / N * 1e3:6.3f} ms/leg over {N} legs")
    print(f"  searoute edges left out for crossing land: {_sea.land_crossing_edges()}")
    print(f"per leg (fastest of {REPEAT} runs):")
    print(f"  anchor  searoute.searoute                  {per['anchor'] * 1e3:7.3f} ms/leg")
    labels = {
        "path": "_sea.sea_route (coordinates)",
        "table": "routes.sea_legs (one table)",
        "leg": "routes.sea_leg (one frame each, 1 run)",
    }
    for name, label in labels.items():
        ratio = per[name] / per["anchor"]
        verdict = "ok" if ratio <= LIMIT else "over"
        print(f"  {label:41s}{per[name] * 1e3:7.3f} ms/leg  ratio {ratio:5.2f}x "
              f"(limit {LIMIT:.2f}x: {verdict})")  # fmt: skip
    frame = per["leg"] - per["path"]
    print(f"  of which the one-row GeoDataFrame of each sea_leg call: {frame * 1e3:.3f} ms/leg")
    print(f"  legs routed over searoute's network: {methods['network']}; joined at a meeting "
          f"point near both ports: {methods['meeting']}; fell back to the water grid: "
          f"{methods['grid']}")  # fmt: skip
    for name in ("path", "table"):
        amortized = per[name] + own / N
        print(f"all-in {labels[name]}, one-off costs spread over {N} legs: "
              f"{amortized * 1e3:.3f} ms/leg ({amortized / per['anchor']:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
