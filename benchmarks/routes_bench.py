"""Sea legs between corridor ports: time per leg against plain searoute, in one run.

Anchor: ``searoute.searoute(origin, destination)`` (its maritime network loaded and warm), called
for the same 1,000 port pairs. corridor's sea legs add the approach over a water grid and a land
check; what is static (land layer, water grid) is built once per process and each pair's path once,
so the run reports the one-off costs and the per-leg cost of the 1,000 legs separately.

Run: ``.venv/bin/python benchmarks/routes_bench.py``
"""

from __future__ import annotations

import itertools
import platform
import time

import searoute

from corridor import _sea, routes
from corridor.gazetteer import Gazetteer

PORTS = [
    "rajin", "chongjin", "hungnam", "wonsan", "nampo", "dunai", "vladivostok_port",
    "vostochny_port", "nakhodka",
]  # fmt: skip
N = 1000


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    gaz = Gazetteer.default()
    pairs = list(itertools.permutations(PORTS, 2))
    legs = [pairs[i % len(pairs)] for i in range(N)]
    point = {p: (float(gaz[p]["lon"]), float(gaz[p]["lat"])) for p in PORTS}

    load_searoute = timed(lambda: searoute.searoute(point["rajin"], point["dunai"]))
    anchor = timed(lambda: [searoute.searoute(point[a], point[b]) for a, b in legs])

    build = timed(lambda: (_sea.land(), _sea._network()))
    first = timed(lambda: [routes.sea_leg(a, b) for a, b in pairs])
    one_by_one = timed(lambda: [routes.sea_leg(a, b) for a, b in legs])
    batch = timed(lambda: routes.sea_legs(legs))

    per = {"searoute": anchor / N, "sea_leg": one_by_one / N, "sea_legs": batch / N}
    print(f"corridor routes benchmark ({platform.python_version()}, {platform.machine()})")
    print(f"{N} sea legs over {len(pairs)} ordered pairs of {len(PORTS)} corridor ports")
    print(f"one-off: searoute network load {load_searoute:.2f} s; water grid and land layer "
          f"{build:.2f} s; first leg of each pair {first / len(pairs) * 1e3:.1f} ms "
          f"({first:.2f} s for {len(pairs)} pairs)")  # fmt: skip
    print(f"anchor  searoute.searoute      {per['searoute'] * 1e3:8.3f} ms/leg")
    for name in ("sea_leg", "sea_legs"):
        label = (
            "routes.sea_leg (one call each)" if name == "sea_leg" else "routes.sea_legs (one table)"
        )
        ratio = per[name] / per["searoute"]
        print(f"        {label:31s}{per[name] * 1e3:8.3f} ms/leg  ratio {ratio:.2f}x (limit 1.50x)")
    amortized = (build + first + one_by_one) / N
    print(f"all-in, one-off costs spread over the {N} legs: {amortized * 1e3:.2f} ms/leg "
          f"({amortized / per['searoute']:.1f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
