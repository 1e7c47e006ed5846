"""The downstream of a build, stage by stage, for two checkouts side by side on the same built store.

Stages (each as the build's write_large runs it, timed in a child process of each checkout):
  project     the actor graph read from the store (graph.compact_graph if the checkout has it, else
              graph.network.actor_graph into NetworkX)
  centrality  graph.centrality.compute (igraph, communities)
  csv         centrality.csv text
  view        network.html (graph.view.render)
  analysis    the figures as pyoxigraph quads for the analysis graph (graph.centrality.quads if the
              checkout has it, else the rdflib graph, sorted, converted as write_large did)
Each child prints its seconds per stage, its peak RSS and the SHA-256 of centrality.csv and
network.html: the two checkouts must give the same hashes. Runs alternate between the checkouts
(the machine may be loaded); the table gives the median of each and the ratio.

  python benchmarks/downstream_bench.py --build /tmp/ds10k --other /work/wt-base \\
      --other-python /work/main/.venv/bin/python --rounds 3
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAGES = ("project", "centrality", "csv", "view", "analysis")


def stages(build: str) -> dict:
    """Run every stage in this process (graph imported from sys.path); seconds, peak RSS and hashes."""
    from graph import centrality, view
    from graph.store import open_graph
    seconds, t = {}, time.perf_counter()

    def lap(name):
        nonlocal t
        now = time.perf_counter()
        seconds[name] = round(now - t, 3)
        t = now

    store = open_graph(build).store
    try:
        from graph import compact_graph
        G = compact_graph.from_store(store, union_default_graph=True)
        engine = "compact_graph"
    except ImportError:
        from graph import network
        G = network.actor_graph(store, union_default_graph=True)
        engine = "networkx"
    lap("project")
    result = centrality.compute(G)
    lap("centrality")
    text = centrality.to_csv(result)
    lap("csv")
    html = view.render(G, result)
    lap("view")
    from graph.to_rdf import ANALYSIS_GRAPH
    if hasattr(centrality, "quads"):
        analysis = centrality.quads(result, str(ANALYSIS_GRAPH))
    else:
        from rdflib import Graph

        from graph.to_rdf import ox_quads
        analysis = list(ox_quads((s, p, o, ANALYSIS_GRAPH) for s, p, o in sorted(centrality.to_rdf(result, Graph()))))
    lap("analysis")
    import pyoxigraph as ox
    return {"engine": engine, "seconds": seconds, "total_s": round(sum(seconds.values()), 3),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "actors": len(G), "links": G.number_of_edges(),
            "centrality_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "html_sha256": hashlib.sha256(html.encode()).hexdigest(),
            "analysis_sha256": hashlib.sha256(ox.serialize(analysis, format=ox.RdfFormat.N_QUADS)).hexdigest()}


def child(checkout: Path, python: str, build: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    out = subprocess.run([python, __file__, "--child", "--build", build], env=env, cwd=str(checkout),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="a build folder (with its .store)")
    ap.add_argument("--other", type=Path, help="the checkout to compare with (e.g. main)")
    ap.add_argument("--other-python", default=sys.executable)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(stages(args.build)))
        return
    runs = {"this": [], "other": []}
    for _ in range(args.rounds):
        if args.other:
            runs["other"].append(child(args.other, args.other_python, args.build))
        runs["this"].append(child(REPO, sys.executable, args.build))
    print(json.dumps(runs))
    report(runs)


def report(runs: dict):
    def med(rs, key):
        return statistics.median(key(r) for r in rs)
    this, other = runs["this"], runs["other"]
    print(f"| stage | {'other (' + other[0]['engine'] + ')' if other else ''} | this ({this[0]['engine']}) | ratio |")
    print("|---|---|---|---|")
    rows = [(s, lambda r, s=s: r["seconds"][s], "{:.2f} s") for s in STAGES]
    rows += [("downstream total", lambda r: r["total_s"], "{:.2f} s"), ("peak RSS", lambda r: r["peak_rss_mib"], "{:,.0f} MiB")]
    for name, key, fmt in rows:
        b = med(this, key)
        a = med(other, key) if other else None
        ratio = f"{b / a:.2f}×" if a else ""
        print(f"| {name} | {fmt.format(a) if a is not None else ''} | {fmt.format(b)} | {ratio} |")
    if other:
        same = all(r[h] == other[0][h] for r in this + other for h in ("centrality_sha256", "html_sha256",
                                                                        "analysis_sha256"))
        print(f"\ncentrality.csv, network.html and the analysis quads identical across checkouts and runs: {same}")


if __name__ == "__main__":
    main()
