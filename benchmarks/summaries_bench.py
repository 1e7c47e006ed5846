"""The build's query summaries stage (graph.summaries.write_summaries) for two checkouts side by side.

Each run is a child process of one checkout (PYTHONPATH set to it) working on its own copy of the build's store
(benchmarks/add_summaries.link_copy: hard links, the store's bookkeeping copied; the build is left as it was):
it drops the summaries the copy has (not timed with the stage: a new build has none), keeps them all again,
and prints per summary the rows kept, wall and CPU
seconds (graph.summaries.Kept: process CPU, Oxigraph's threads included), the child's peak RSS, and the SHA-256
of the summaries graph dumped as N-Quads, lines sorted (the rows carry their rank, so equal dumps are equal rows
in the same order). Runs alternate between the checkouts (the machine is shared); the table gives the median
of each and the ratio this / other. `--dump DIR` also leaves each checkout's sorted dump there to `cmp`.

  python benchmarks/summaries_bench.py --build /work/summ-data/g10k --other /work/wt-base --rounds 2 \\
      --other-python /work/main/.venv/bin/python
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
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STORE_DIR = ".store"


def run(build: str, dump: str | None, tag: str) -> dict:
    """Keep the summaries again on a copy of `build`'s store (graph imported from sys.path)."""
    import pyoxigraph as ox

    import graph   # first: add_summaries puts its own checkout on sys.path
    from add_summaries import link_copy
    from graph.summaries import SUMMARY_GRAPH, write_summaries
    with tempfile.TemporaryDirectory(dir=Path(build).parent) as tmp:
        link_copy(Path(build), Path(tmp) / "build")
        store = ox.Store(str(Path(tmp) / "build" / STORE_DIR))
        t, cpu = time.perf_counter(), time.process_time()
        if store.contains_named_graph(SUMMARY_GRAPH):   # a build's store has them: a new build's has not
            store.remove_graph(SUMMARY_GRAPH)
        dropped = time.process_time() - cpu
        t, cpu = time.perf_counter(), time.process_time()
        kept = write_summaries(store)
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
        text = ox.serialize(store.quads_for_pattern(None, None, None, SUMMARY_GRAPH), format=ox.RdfFormat.N_QUADS)
        lines = sorted(text.splitlines(keepends=True))
        del text, store
    digest = hashlib.sha256(b"".join(lines)).hexdigest()
    if dump:
        Path(dump).mkdir(parents=True, exist_ok=True)
        Path(dump, f"summaries-{tag}.nq").write_bytes(b"".join(lines))
    return {"checkout": str(Path(graph.__file__).parent.parent), "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "drop_cpu_s": round(dropped, 2),
            "kept": {name: {"rows": k.rows, "wall_s": round(k.seconds, 2), "cpu_s": round(k.cpu_seconds, 2)}
                     for name, k in kept.items()},
            "quads": len(lines), "sha256": digest,
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def child(checkout: Path, python: str, args, tag: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    cmd = [python, __file__, "--child", "--build", str(args.build), "--tag", tag]
    if args.dump:
        cmd += ["--dump", str(args.dump)]
    out = subprocess.run(cmd, env=env, cwd=str(checkout), capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{tag}: {result['cpu_s']} s CPU, {result['wall_s']} s wall, {result['peak_rss_mib']} MiB, "
          f"load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
    return result


def report(runs: dict) -> None:
    this, other = runs["this"], runs["other"]

    def med(rs, key):
        return statistics.median(key(r) for r in rs) if rs else None

    print("| summary | rows | other: CPU s | this: CPU s | ratio |")
    print("|---|---|---|---|---|")
    rows = [(name, lambda r, n=name: r["kept"][n]["cpu_s"], this[0]["kept"][name]["rows"]) for name in this[0]["kept"]]
    rows += [("all (stage)", lambda r: r["cpu_s"], sum(k["rows"] for k in this[0]["kept"].values())),
             ("wall, all", lambda r: r["wall_s"], "")]
    for name, key, n in rows:
        a, b = med(other, key), med(this, key)
        ratio = f"{b / a:.2f}×" if a else ""
        print(f"| {name} | {n:,} | {'' if a is None else f'{a:.2f}'} | {b:.2f} | {ratio} |" if n != "" else
              f"| {name} | | {'' if a is None else f'{a:.2f}'} | {b:.2f} | {ratio} |")
    a, b = med(other, lambda r: r["peak_rss_mib"]), med(this, lambda r: r["peak_rss_mib"])
    print(f"| peak RSS of the child, MiB | | {a or ''} | {b} | {f'{b / a:.2f}×' if a else ''} |")
    every = this + other
    print(f"\nsummary quads: {this[0]['quads']:,}; summaries graph identical across checkouts and runs: "
          f"{all(r['sha256'] == every[0]['sha256'] for r in every)} ({every[0]['sha256'][:16]}…)")
    print(f"rows per summary identical: {all(r['kept'].keys() == every[0]['kept'].keys() and all(k['rows'] == every[0]['kept'][n]['rows'] for n, k in r['kept'].items()) for r in every)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, type=Path, help="a built output folder with its .store (a copy)")
    ap.add_argument("--other", type=Path, help="the checkout to compare with (e.g. /work/wt-base)")
    ap.add_argument("--other-python", default=sys.executable)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--dump", help="leave each checkout's sorted N-Quads dump of the summaries graph here")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--tag", default="this", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run(str(args.build), args.dump, args.tag)))
        return
    runs = {"this": [], "other": []}
    for _ in range(args.rounds):
        if args.other:
            runs["other"].append(child(args.other, args.other_python, args, "other"))
        runs["this"].append(child(REPO, sys.executable, args, "this"))
    print(json.dumps(runs))
    report(runs)


if __name__ == "__main__":
    main()
