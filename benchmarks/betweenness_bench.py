"""How long exact betweenness takes on synthetic actor graphs of growing size.

Run: python benchmarks/betweenness_bench.py [sizes...]
The figures chose graph.centrality.EXACT_BETWEENNESS_MAX; the sampled figure at
each size is shown for comparison (k=SAMPLE_K sources, fixed seed).
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx  # noqa: E402

import actor_synth  # noqa: E402
from graph import centrality  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main(sizes):
    print(f"{'nodes':>6} {'edges':>7} {'exact s':>8} {'sampled s':>9} {'top-10 overlap':>14}")
    for n in sizes:
        G = actor_synth.actor_graph(n)
        exact, t_exact = timed(lambda: nx.betweenness_centrality(G))
        k = min(centrality.SAMPLE_K, n)
        sampled, t_sampled = timed(lambda: nx.betweenness_centrality(G, k=k, seed=centrality.SEED))
        top = lambda d: set(sorted(d, key=lambda v: -d[v])[:10])  # noqa: E731
        print(f"{n:>6} {G.number_of_edges():>7} {t_exact:>8.2f} {t_sampled:>9.2f} {len(top(exact) & top(sampled)):>14}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [250, 500, 1000, 2000, 4000])
