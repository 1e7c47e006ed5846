"""What writing graph.trig costs, with and without copying unchanged article blocks (graph.trig_segments).

    python benchmarks/trig_copy_bench.py BUILD [--changed 0.04] [--reps 3]

BUILD is a large build's folder (its graph.trig). Its article graphs (the actors and analysis graphs are
streamed either way) are turned back into the N-Quads text the
build writes them from (one chunk a graph), then graph.trig is written, in this process, alternating:
- `one stream`: every chunk parsed and serialized through one serializer (how the build wrote it before);
- `graph by graph`: graph.trig_segments.TrigWriter, no previous build (a clean build);
- `copied`: TrigWriter with the first write as the previous build, a share CHANGED of the graphs changed
  (a triple added), the rest copied.
Each prints CPU seconds (median of REPS) and its ratio to `one stream`; the outputs are checked equal.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.outputs import dump_prefixes  # noqa: E402
from graph.trig_segments import TrigWriter  # noqa: E402


def chunks_of(trig: Path) -> list:
    """(graph IRI, N-Quads text) of each named graph of TRIG, in order."""
    out, quads, graph = [], [], None
    for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        if q.graph_name != graph and quads:
            out.append((graph.value, ox.serialize(quads, format=ox.RdfFormat.N_QUADS)))
            quads = []
        graph = q.graph_name
        quads.append(q)
    if quads:
        out.append((graph.value, ox.serialize(quads, format=ox.RdfFormat.N_QUADS)))
    return out


def one_stream(chunks, path: Path, prefixes) -> None:
    ox.serialize((q for _, text, _ in chunks for q in ox.parse(input=text, format=ox.RdfFormat.N_QUADS)),
                 str(path), ox.RdfFormat.TRIG, prefixes=prefixes)


def by_graph(chunks, path: Path, prefixes, previous=None, store=None) -> int:
    with TrigWriter(path, prefixes, previous) as w:
        for graph, text, digest in chunks:
            w.graph(graph, digest, text)
        w.close(store)
    return w.copied


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("--changed", type=float, default=0.04)
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args(argv)
    prefixes = dump_prefixes()
    chunks = [(g, t) for g, t in chunks_of(a.build / "graph.trig") if "/id/article/" in g]   # the article graphs
    rng = random.Random(1)
    extra = b'<https://example.org/s> <https://example.org/p> "changed" <%s> .\n'
    changed = [(g, t + extra % g.encode() if rng.random() < a.changed else t) for g, t in chunks]
    # the build has each text's digest already (graph.store_update.digest): not timed here
    chunks = [(g, t, hashlib.sha256(t).hexdigest()) for g, t in chunks]
    changed = [(g, t, hashlib.sha256(t).hexdigest()) for g, t in changed]
    size = sum(len(t) for _, t, _ in chunks)
    with tempfile.TemporaryDirectory() as scratch:
        d = Path(scratch)
        (d / "old" / ".store").mkdir(parents=True)
        by_graph(chunks, d / "old" / "graph.trig", prefixes, store=d / "old" / ".store")
        times = {"one stream": [], "graph by graph": [], "copied": []}
        copied = 0
        for i in range(a.reps):
            runs = [("one stream", lambda: one_stream(changed, d / "a.trig", prefixes)),
                    ("graph by graph", lambda: by_graph(changed, d / "b.trig", prefixes)),
                    ("copied", lambda: by_graph(changed, d / "c.trig", prefixes, previous=d / "old" / ".store"))]
            for name, fn in (runs if i % 2 == 0 else runs[::-1]):
                c = time.process_time()
                n = fn()
                times[name].append(time.process_time() - c)
                copied = n if name == "copied" else copied
        same = (d / "a.trig").read_bytes() == (d / "b.trig").read_bytes() == (d / "c.trig").read_bytes()
    base = statistics.median(times["one stream"])
    print(f"{a.build}/graph.trig: {len(chunks):,} graphs, {size / 1e6:,.0f} MB of N-Quads; "
          f"{sum(1 for x, y in zip(chunks, changed) if x != y):,} changed, {copied:,} blocks copied; "
          f"outputs identical: {same}")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"| {name} | {m:.2f} s CPU | {m / base:.2f}x |")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
