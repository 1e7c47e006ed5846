"""Centrality cost on synthetic actor graphs: igraph (the engine) against NetworkX (the reference).

Run: python benchmarks/betweenness_bench.py [sizes...]          (default 1000 2000 5000 10000 20000)
     python benchmarks/betweenness_bench.py --scale [NODES]     (one graph, default 100,000 actors)

Per size: exact betweenness with igraph and with NetworkX (skipped above
--nx-max nodes), sampled betweenness with igraph for several k (and the overlap
of its top 10 with the exact top 10). These figures chose
graph.centrality.EXACT_BETWEENNESS_MAX and SAMPLE_K. --scale times the whole of
graph.centrality.compute (every measure) on one large graph.
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import actor_synth  # noqa: E402
from graph import centrality as C  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def top(d, n=10):
    return set(sorted(d, key=lambda v: (-d[v], v))[:n])


def sizes(ns, nx_max, ks):
    print(f"{'nodes':>7} {'edges':>8} {'ig exact s':>10} {'nx exact s':>10} " + " ".join(f"{'k=' + str(k) + ' s/top10':>14}" for k in ks))
    for n in ns:
        G = actor_synth.actor_graph(n)
        ig = C.Indexed(G)
        (exact, _), t_ig = timed(lambda: C.betweenness(G, exact_max=n, ig=ig))
        t_nx = timed(lambda: C.betweenness(G, exact_max=n, engine="networkx"))[1] if n <= nx_max else None
        cells = []
        for k in ks:
            if k >= n:
                cells.append(f"{'-':>14}")
                continue
            (sampled, _), t_k = timed(lambda: C.betweenness(G, exact_max=0, sample_k=k, ig=ig))
            cells.append(f"{t_k:>8.2f}/{len(top(exact) & top(sampled)):>2}/10")
        nx_cell = f"{t_nx:>10.2f}" if t_nx is not None else f"{'-':>10}"
        print(f"{n:>7} {G.number_of_edges():>8} {t_ig:>10.2f} {nx_cell} " + " ".join(cells), flush=True)


def scale(n):
    G, t = timed(lambda: actor_synth.actor_graph(n))
    print(f"synthetic actor graph: {len(G)} nodes, {G.number_of_edges()} edges ({t:.1f} s to make)")
    ig, t = timed(lambda: C.Indexed(G))
    print(f"{'to igraph':<28} {t:7.2f} s")
    for name, fn in (("betweenness", lambda: C.betweenness(G, ig=ig)), ("pagerank", lambda: C.pagerank(G, ig=ig)),
                     ("eigenvector", lambda: C.eigenvector(G, ig=ig))):
        out, t = timed(fn)
        note = f"  ({out[1]})" if isinstance(out, tuple) else ""
        print(f"{name:<28} {t:7.2f} s{note}")
    result, t = timed(lambda: C.compute(G))
    print(f"{'compute (all, with ranks)':<28} {t:7.2f} s")
    text, t = timed(lambda: C.to_csv(result))
    print(f"{'centrality.csv':<28} {t:7.2f} s, {len(text.encode()) / 1e6:.1f} MB")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int)
    ap.add_argument("--scale", nargs="?", type=int, const=100_000)
    ap.add_argument("--nx-max", type=int, default=2000)
    ap.add_argument("--k", default="256,500,1000")
    a = ap.parse_args()
    if a.scale:
        scale(a.scale)
    else:
        sizes(a.sizes or [1000, 2000, 5000, 10000, 20000], a.nx_max, [int(k) for k in a.k.split(",")])
