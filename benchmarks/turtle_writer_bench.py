"""rdflib's stock Turtle and TriG writers against graph/readable_turtle.py on a build's graph.

Run: python benchmarks/turtle_writer_bench.py BUILD_DIR [--rounds N]

BUILD_DIR/graph.trig is read into an rdflib Dataset (not timed). Each round writes graph.trig and
graph.ttl as write_rdf does (the prefixes bound, the union graph for graph.ttl) with both writers,
each on a fresh copy of the graph (writing binds generated prefixes and warms the namespace
manager's cache, which would favour whoever writes second), the order alternating round by round.
CPU seconds (process time) per writer are summed; the bytes of every round must be equal.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rdflib import Dataset, Graph  # noqa: E402
from rdflib.plugins.serializers.turtle import TurtleSerializer  # noqa: E402

from graph.network import union_graph  # noqa: E402
from graph.outputs import bind_prefixes  # noqa: E402
from graph.readable_turtle import SortedTrig, trig_bytes, turtle_bytes, written  # noqa: E402

def union_of(ds: Dataset) -> Graph:
    """graph.ttl's graph, as write_rdf makes it."""
    union = union_graph(ds)
    bind_prefixes(union)
    return union


# output: (the graph it is written from, given a fresh copy of the build's, {writer: its bytes})
WRITERS: dict[str, tuple[Callable, dict[str, Callable]]] = {
    "trig": (lambda ds: ds, {"stock": lambda ds: written(SortedTrig(ds)), "readable": trig_bytes}),
    "ttl": (union_of, {"stock": lambda g: written(TurtleSerializer(g)), "readable": turtle_bytes}),
}


def copy_of(source: Dataset) -> Dataset:
    """A fresh Dataset with SOURCE's graphs and write_rdf's bindings."""
    ds = Dataset()
    for graph in source.graphs():
        target = ds.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    bind_prefixes(ds)
    return ds


def cpu_timed(write: Callable, graph: Graph) -> tuple[bytes, float]:
    started = time.process_time()
    data = write(graph)
    return data, time.process_time() - started


def run(build: Path, rounds: int) -> dict[str, dict[str, float]]:
    """CPU seconds per output and writer over ROUNDS rounds; raises if any round's bytes differ."""
    source = Dataset()
    source.parse(build / "graph.trig", format="trig")
    totals = {output: {"stock": 0.0, "readable": 0.0} for output in WRITERS}
    for r in range(rounds):
        for output, (prepare, writers) in WRITERS.items():
            order = ["stock", "readable"] if r % 2 == 0 else ["readable", "stock"]
            data = {}
            for name in order:
                data[name], seconds = cpu_timed(writers[name], prepare(copy_of(source)))
                totals[output][name] += seconds
            if data["stock"] != data["readable"]:
                raise SystemExit(f"{output}: the writers differ in round {r + 1}")
    return totals


def report(totals: dict[str, dict[str, float]], rounds: int) -> str:
    lines = ["| output | stock CPU s/round | readable CPU s/round | ratio |", "|---|---:|---:|---:|"]
    for output, t in totals.items():
        lines.append(f"| {output} | {t['stock'] / rounds:.2f} | {t['readable'] / rounds:.2f} | "
                     f"{t['readable'] / t['stock']:.2f}x |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a build's folder (its graph.trig is read)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    totals = run(args.build, args.rounds)
    print(report(totals, args.rounds))
    print(f"bytes equal in all {args.rounds} rounds")


if __name__ == "__main__":
    main()
