"""Interleaved A/B, in one process on one store: another checkout's actor page reader against this one's, and
the named queries with LIMIT 100 as written against their summaries (graph/summaries.py).

On a shared machine whose load changes by minutes, two benchmark runs minutes apart compare the machine, not
the code; here each actor's page is read by both versions back to back (order alternating), so both see the
same load. Needs a build with summaries (actorgraph build, or benchmarks/add_summaries.py).

    python benchmarks/serve_ab.py --build /tmp/sum10k --other /work/main --actors 100
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.query import named_queries  # noqa: E402
from graph.serve import actor_page  # noqa: E402
from graph.store import open_graph  # noqa: E402
from graph.summaries import has_summaries, reader, summarised  # noqa: E402

ACTORS = """SELECT ?a WHERE { VALUES ?t { ag:Person ag:Organization ag:Country ag:Place } ?a a ?t } ORDER BY ?a"""


def pct(values, p) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]


def fig(ms) -> str:
    return f"{statistics.median(ms):.1f} / {pct(ms, 95):.1f} / {max(ms):.1f}"


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", type=Path, required=True)
    ap.add_argument("--other", type=Path, required=True, help="the other checkout (its graph/serve/actor_page.py)")
    ap.add_argument("--actors", type=int, default=100)
    ap.add_argument("--reps", type=int, default=3, help="timed runs of each named query, alternating")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("other_actor_page", args.other / "graph/serve/actor_page.py")
    other = importlib.util.module_from_spec(spec)
    sys.modules["other_actor_page"] = other   # dataclasses look their module up
    spec.loader.exec_module(other)
    kg = open_graph(args.build)
    assert has_summaries(kg), f"{args.build} has no summaries"
    actors = [r[0].value for r in kg.query(ACTORS)]
    picked = random.Random(args.seed).sample(actors, min(args.actors, len(actors)))
    times = {"other": [], "this": []}
    for i, iri in enumerate(picked):
        pair = [("other", other.read_page), ("this", actor_page.read_page)]
        for _, fn in pair:
            fn(kg, iri)   # warm
        for name, fn in (pair if i % 2 else pair[::-1]):
            times[name].append(timed(lambda: fn(kg, iri)))
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {args.build} ({len(kg):,} quads), "
          f"{len(picked)} random actors (seed {args.seed}), each read warm by both, back to back\n")
    print("| actor page read (ms: median / p95 / max) | ms |\n|---|---|")
    print(f"| {args.other} | {fig(times['other'])} |\n| this checkout | {fig(times['this'])} |\n")
    print(f"| named query, LIMIT 100, in process (ms, median of {args.reps}) | as written | summary | same rows |")
    print("|---|---|---|---|")
    for name, q in summarised().items():
        written, kept = q.text + "\nLIMIT 100", reader(q) + "\nLIMIT 100"
        a, b = [], []
        for _ in range(args.reps):
            a.append(timed(lambda: list(kg.query(written))))
            b.append(timed(lambda: list(kg.query(kept))))
        same = [tuple(r) for r in kg.query(written)] == [tuple(r) for r in kg.query(kept)]
        print(f"| {name} | {statistics.median(a):.0f} | {statistics.median(b):.1f} | {same} |")


if __name__ == "__main__":
    main()
