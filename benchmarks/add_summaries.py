"""Copy a build made before graph/summaries.py and add the named queries' summaries to the copy's store.

For measuring a large build made by older code without building it again: the copy's files are hard links
(the store's .sst files are never written in place), except the store's own bookkeeping files (copied), so
the original build is left as it was. Prints the rows kept and the seconds taken per query, and in all.
`--only NAME` (repeatable) adds only those (to a copy that has the others already); `--replace` drops what
the copy kept before (a build of older code) and keeps everything again.

    python benchmarks/add_summaries.py /work/big/main100k /tmp/sum100k --replace
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from graph.store import STORE_DIR  # noqa: E402
from graph.summaries import SUMMARY_GRAPH, write_summaries  # noqa: E402


def link_copy(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True)
    for path in src.rglob("*"):
        target = dst / path.relative_to(src)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        elif path.suffix == ".sst" or STORE_DIR not in path.relative_to(src).parts:
            os.link(path, target)
        else:
            shutil.copy2(path, target)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--only", action="append", help="keep only this named query's summary (repeatable)")
    ap.add_argument("--replace", action="store_true", help="drop the summaries the build has, keep all again")
    args = ap.parse_args()
    link_copy(args.build, args.out)
    t = time.perf_counter()
    store = ox.Store(str(args.out / STORE_DIR))
    if args.replace and store.contains_named_graph(SUMMARY_GRAPH):
        store.remove_graph(SUMMARY_GRAPH)
    kept = write_summaries(store, args.only)
    store.flush()
    del store
    for name, k in kept.items():
        print(f"{name}: {k.rows:,} rows in {k.seconds:.1f} s ({k.cpu_seconds:.1f} s CPU)", flush=True)
    print(f"all: {sum(k.rows for k in kept.values()):,} rows in {time.perf_counter() - t:.1f} s "
          f"({sum(k.cpu_seconds for k in kept.values()):.1f} s CPU); load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
