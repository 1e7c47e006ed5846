"""The first rows of the `actor` query for the most central actors: the store's whole sort against the facts
that can come first (graph.actor_first_rows.restricted) and the rows the build kept (read_kept).

For each of the `--actors` actors with the highest PageRank, one page (`--limit`, default 100) of
actor.rq bound to the actor's name is timed `--reps` times, warm (each way run once first):

- whole: this checkout's actor.rq with the LIMIT, sorted by the store;
- other: the actor.rq of another checkout (`--other DIR`, e.g. today's main), the same way;
- restricted and kept: the two ways of graph.actor_first_rows (kept only where the build kept rows);

and the rows of each way are compared with `whole`'s. Prints median and max per way, in ms.

    python benchmarks/actor_limit_bench.py --build /tmp/b100k --other /work/main --actors 10 --reps 3
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

import graph.actor_first_rows as afr  # noqa: E402
from graph.query import named_query, parse_named  # noqa: E402
from graph.store import open_graph  # noqa: E402

CENTRAL = """SELECT ?a ?n WHERE { ?a ag:pagerank ?p ; ag:displayName ?n } ORDER BY DESC(?p) ?a LIMIT %d"""


def timed(fn, reps: int):
    """The result of `fn` (run once warm first) and the milliseconds of `reps` runs."""
    out = fn()
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        ms.append((time.perf_counter() - t) * 1000)
    return out, ms


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=Path, required=True, help="a build's exports folder (with its .store)")
    ap.add_argument("--other", type=Path, default=None, help="another checkout whose actor.rq to time too")
    ap.add_argument("--actors", type=int, default=10)
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--small", type=int, default=afr.SMALL, help="graph.actor_first_rows.SMALL for this run")
    a = ap.parse_args(argv)
    afr.SMALL = a.small
    kg = open_graph(a.build)
    query = named_query("actor")
    other = parse_named("actor", (a.other / "graph" / "queries" / "actor.rq").read_text("utf-8")) if a.other else None
    ways = {"whole": [], "other": [], "restricted": [], "kept": []}
    same, kept_for, compared = 0, 0, 0
    actors = list(kg.query(CENTRAL % a.actors))
    for actor, name in actors:
        text = query.bind({"name": name.value}) + f"\nLIMIT {a.limit}"
        asked = afr.recognise(text)
        rows, ms = timed(lambda: [tuple(r) for r in kg.query(text)], a.reps)
        ways["whole"] += ms
        if other is not None:
            ways["other"] += timed(lambda: list(kg.query(other.bind({"name": name.value}) + f"\nLIMIT {a.limit}")),
                                   a.reps)[1]
        listed = afr.actors_named(kg, asked.key)
        if listed != [actor]:   # another actor shares the name: the store answers it whole
            print(f"  {name.value}: {len(listed)} actors share the name; left to the store")
            continue
        restricted, ms = timed(lambda: afr.restricted(kg, asked, actor).rows, a.reps)
        ways["restricted"] += ms
        ok = restricted == rows
        kept = afr.read_kept(kg.store, actor, a.limit, 0)
        if kept is not None:
            kept_for += 1
            kept, ms = timed(lambda: afr.read_kept(kg.store, actor, a.limit, 0), a.reps)
            ways["kept"] += ms
            ok = ok and kept == rows
        same += ok
        compared += 1
        incoming = sum(1 for _ in kg.store.quads_for_pattern(None, None, actor, ox.DefaultGraph()))
        print(f"  {name.value}: {incoming:,} incoming statements, {len(rows)} rows, "
              f"{'same' if ok else 'DIFFERENT'} rows{', kept' if kept is not None else ''}", flush=True)
    print(f"\n{len(actors)} most central actors, LIMIT {a.limit}, {a.reps} timed runs each, warm (ms):")
    for way, ms in ways.items():
        if ms:
            print(f"  {way:<10} median {statistics.median(ms):8.1f}   max {max(ms):8.1f}   ({len(ms)} runs)")
    print(f"same rows: {same}/{compared} (kept rows read for {kept_for})")
    return 0 if same == compared else 1


if __name__ == "__main__":
    sys.exit(main())
