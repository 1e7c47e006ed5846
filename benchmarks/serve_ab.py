"""Interleaved A/B, in one process on one store: another checkout's actor page reader and `actor` query against
this one's, and the named queries with LIMIT 100 as written against what the query page offers for them
(graph.summaries.text_for: the kept rows of the queries without parameters, posts-as-of's kept rows).

On a shared machine whose load changes by minutes, two benchmark runs minutes apart compare the machine, not
the code; here each actor's page is read, and its `actor` query run by name, by both versions back to back
(order alternating), so both see the same load. Needs a build with summaries (actorgraph build, or
benchmarks/add_summaries.py). Parameters are the ones the query page fills in (graph.serve.app.example_values).

    python benchmarks/serve_ab.py --build /tmp/sum10k --other /work/wt-base --actors 100
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataclasses import replace  # noqa: E402

from graph.query import named_queries, parse_named  # noqa: E402
from graph.serve import actor_page  # noqa: E402
from graph.serve.app import example_values  # noqa: E402
from graph.store import open_graph  # noqa: E402
from graph.summaries import has_summaries, text_for  # noqa: E402

ACTORS = """SELECT ?a ?n WHERE { VALUES ?t { ag:Person ag:Organization ag:Country ag:Place } ?a a ?t
                                OPTIONAL { ?a ag:displayName ?n } } ORDER BY ?a"""


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
    ap.add_argument("--query", action="append", help="time only this named query as written and as offered "
                    "(repeatable; default: every one the query page offers another text for)")
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("other_actor_page", args.other / "graph/serve/actor_page.py")
    other = importlib.util.module_from_spec(spec)
    sys.modules["other_actor_page"] = other   # dataclasses look their module up
    spec.loader.exec_module(other)
    kg = open_graph(args.build)
    assert has_summaries(kg), f"{args.build} has no summaries"
    actors = [(r[0].value, r[1].value if r[1] is not None else r[0].value) for r in kg.query(ACTORS)]
    picked = random.Random(args.seed).sample(actors, min(args.actors, len(actors)))
    other_actor = parse_named("actor", (args.other / "graph/queries/actor.rq").read_text(encoding="utf-8"))
    this_actor = named_queries()["actor"]
    times = {k: [] for k in ("other", "this", "other_q", "this_q")}
    rows = []
    for i, (iri, name) in enumerate(picked):
        pages = [("other", lambda: other.read_page(kg, iri)), ("this", lambda: actor_page.read_page(kg, iri))]
        texts = [other_actor.bind({"name": name}), this_actor.bind({"name": name})]
        queries = [("other_q", lambda: list(kg.query(texts[0]))), ("this_q", lambda: list(kg.query(texts[1])))]
        for pair in (pages, queries):
            for _, fn in pair:
                fn()   # warm
            for key, fn in (pair if i % 2 else pair[::-1]):
                times[key].append(timed(fn))
        rows.append(len(list(kg.query(texts[1]))))
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {args.build} ({len(kg):,} quads), "
          f"{len(picked)} random actors (seed {args.seed}), each read warm by both, back to back; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| actor (ms: median / p95 / max) | other checkout | this checkout |\n|---|---|---|")
    print(f"| page read (actor_page.read_page) | {fig(times['other'])} | {fig(times['this'])} |")
    print(f"| `actor` query by name, every row (its actor.rq) | {fig(times['other_q'])} | {fig(times['this_q'])} |")
    print(f"\nother checkout: {args.other}; rows per actor query: median {statistics.median(rows):.0f}, max {max(rows)}\n")
    values = example_values(kg)
    print(f"| named query, LIMIT 100, in process (ms, median of {args.reps}) | as written | as the query page offers it "
          "| same rows |\n|---|---|---|---|")
    for name, q in named_queries().items():
        params = {p: values[p] for p, _ in q.params}
        written = q.bind(params) + "\nLIMIT 100"
        kept = replace(q, text=text_for(kg, q)).bind(params) + "\nLIMIT 100"
        if kept == written or (args.query and name not in args.query):
            continue
        a, b = [], []
        for _ in range(args.reps):
            a.append(timed(lambda: list(kg.query(written))))
            b.append(timed(lambda: list(kg.query(kept))))
        same = [tuple(r) for r in kg.query(written)] == [tuple(r) for r in kg.query(kept)]
        print(f"| {name} | {statistics.median(a):.0f} | {statistics.median(b):.1f} | {same} |", flush=True)


if __name__ == "__main__":
    main()
