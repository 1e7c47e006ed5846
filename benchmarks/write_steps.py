"""Where the large path's writing time goes: the first N readable articles of SRC extracted with their
facts rendered as N-Quads (as a build's workers do), resolved, then each step of outputs.write_large
timed on its own (CPU of all threads of this process, and wall) into a scratch folder.

    python benchmarks/write_steps.py SRC_DIR [--articles 300]

Prints one JSON line: articles, quads, and {step: [cpu_seconds, wall_seconds]}.
"""
from __future__ import annotations

import argparse
import copy
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph as RdfGraph

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from graph import centrality, network, nquads_fill  # noqa: E402
from graph import outputs as O  # noqa: E402
from graph.extraction import extract_with  # noqa: E402
from graph.nquads_load import load_and_write  # noqa: E402
from graph.trig_segments import TrigWriter  # noqa: E402
from graph.read import read_article  # noqa: E402
from graph.resolve import resolve  # noqa: E402
from graph.ruleset import default_rules_dir, load_rules  # noqa: E402


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def extracted(src: Path, n: int) -> tuple:
    rules = load_rules(default_rules_dir())
    fxs = []
    for p in sorted(src.glob("*.txt")):
        if len(fxs) >= n:
            break
        try:
            fx, _ = extract_with(rules, read_article(p), render=True)
        except Exception:   # an unreadable generated article (the generator plants some)
            continue
        if fx is not None:
            fxs.append(fx)
    return fxs, resolve(fxs, {e.id: e for e in rules.entities})


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("--articles", type=int, default=300)
    a = ap.parse_args(argv)
    fxs, res = extracted(a.src, a.articles)
    steps = {}

    def step(name, fn):
        c, w = _cpu(), time.perf_counter()
        out = fn()
        steps[name] = [round(_cpu() - c, 3), round(time.perf_counter() - w, 2)]
        return out

    prefixes = O.dump_prefixes()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        chunks = step("fill templates (quads_text)", lambda: list(nquads_fill.quads_text([copy.copy(f) for f in fxs], res)))
        text = "".join(chunks).encode("utf-8")
        step("parse + TriG (alone)", lambda: ox.serialize(ox.parse(input=text, format=ox.RdfFormat.N_QUADS),
                                                           format=ox.RdfFormat.TRIG, prefixes=prefixes))
        st = ox.Store(str(folder / "store"))

        def load_and_trig():
            with TrigWriter(folder / "graph.trig", prefixes) as trig:
                load_and_write(st, [[copy.copy(f) for f in fxs], res], trig)
                trig.close(None)
        step("fill + bulk load + TriG (load_and_write)", load_and_trig)
        G = step("actor graph", lambda: network.actor_graph(st, union_default_graph=True))
        result = step("centrality", lambda: centrality.compute(G))
        step("analysis graph", lambda: ox.serialize(O._into(st, [(s, p, o, O.ANALYSIS_GRAPH) for s, p, o in sorted(
            centrality.to_rdf(result, RdfGraph()))]), format=ox.RdfFormat.TRIG, prefixes=prefixes))
        step("view and centrality.csv", lambda: O.write_analysis_views(G, result, folder))
        step("graph.ttl dump", lambda: st.dump(str(folder / "graph.ttl"), ox.RdfFormat.TURTLE,
                                               from_graph=ox.DefaultGraph(), prefixes=prefixes))
        step("optimize", st.optimize)
    print(json.dumps({"articles": len(fxs), "quads": text.count(b"\n"), "steps": steps}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
