"""Where a build's time and memory go: `actorgraph build` run in this process with each stage timed.

    python benchmarks/build_stages.py SOURCES --out OUT --jobs 2 [any other `actorgraph build` option]

Each stage prints one line on stderr as it ends: wall seconds, CPU seconds of this process and its ended
children, the summed RSS of the process tree now and at most during the stage (sampled every 0.5 s). A
stage the checkout does not have is left out, so the same command times an older checkout too (put it first
on PYTHONPATH): reading and extraction apart (`read_all`, `extract_all`) or together (`read_and_extract`).
The stages nest (the large path's `write_large` holds the load, the actor graph, centrality, the view and
the summaries); graph.ttl's dump and the flush are what `write_large` spends beyond the stages inside it.
"""
from __future__ import annotations

import functools
import importlib
import os
import sys
import threading
import time

import psutil

STAGES = [   # (module, function): in the order a build reaches them
    ("graph.build", "read_all"), ("graph.build", "extract_all"), ("graph.read_extract", "read_and_extract"),
    ("graph.build", "resolve"), ("graph.build", "resolve_all"), ("graph.outputs", "write_large"),
    ("graph.nquads_load", "loaded_batches"), ("graph.nquads_load", "load_and_write"),
    ("graph.compact_graph", "from_store"), ("graph.centrality", "compute"),
    ("graph.outputs", "write_analysis_views"), ("graph.summaries", "write_summaries"),
    ("graph.outputs", "validate_count"), ("graph.outputs", "write_exports_text"),
    ("graph.outputs", "write_manifest"),
    ("graph.store_update", "StoreUpdate.finish"),
    ("graph.store_update", "StoreUpdate.summaries_removed"), ("graph.store_update", "write_digests"),
]
SAMPLE = 0.5   # seconds between two samples of the process tree's memory
BEGUN = time.perf_counter()   # stages say when they began, counted from here


class Tree:
    """The summed RSS of this process and its children, now and at most since `reset`."""

    def __init__(self):
        self.me, self.most = psutil.Process(), 0
        threading.Thread(target=self._sample, daemon=True).start()

    def now(self) -> int:
        total = 0
        for p in [self.me, *self.me.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def reset(self) -> int:
        self.most = self.now()
        return self.most

    def _sample(self):
        while True:
            self.most = max(self.most, self.now())
            time.sleep(SAMPLE)


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(tree: Tree, label: str, fn, depth: list, out):
    @functools.wraps(fn)
    def run(*args, **kwargs):
        peak_before, started, cpu0 = tree.most, time.perf_counter(), cpu()
        tree.reset()
        depth[0] += 1
        try:
            return fn(*args, **kwargs)
        finally:
            depth[0] -= 1
            peak = max(tree.most, tree.now())
            print(f"stage {'  ' * depth[0]}{label}: wall {time.perf_counter() - started:.1f} s "
                  f"(from {started - BEGUN:.0f} s), "
                  f"cpu {cpu() - cpu0:.1f} s, tree rss now {tree.now() / 2**20:,.0f} MiB, "
                  f"peak {peak / 2**20:,.0f} MiB", file=out, flush=True)
            tree.most = max(peak_before, peak)   # an enclosing stage keeps its own peak
    return run


def instrument(out=sys.stderr) -> list:
    """Wrap every stage this checkout has (in its module, and where graph.build imported it by name)."""
    tree, depth, wrapped = Tree(), [0], []
    import graph.build as build
    for module, name in STAGES:
        try:
            mod = importlib.import_module(module)
        except ImportError:   # an older checkout
            continue
        owner, _, attr = name.rpartition(".")   # "Class.method": the method, wrapped on its class
        owner = getattr(mod, owner, None) if owner else mod
        fn = getattr(owner, attr, None)
        if fn is None:
            continue
        w = timed(tree, name, fn, depth, out)
        setattr(owner, attr, w)
        if getattr(build, name, None) is fn:
            setattr(build, name, w)
        wrapped.append(name)
    return wrapped


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    print("timing: " + ", ".join(instrument()), file=sys.stderr, flush=True)
    from graph.cli import main as cli
    sys.argv = ["actorgraph", "build", *argv]
    cli()


if __name__ == "__main__":
    main()
