"""Copy a build made before graph/summaries.py and add the named queries' summaries to the copy's store.

For measuring a large build made by older code without building it again: the copy's files are hard links
(the store's .sst files are never written in place), except the store's own bookkeeping files (copied), so
the original build is left as it was. Prints the rows kept per query and the seconds taken.

    python benchmarks/add_summaries.py /work/big/main100k /work/big/sum100k
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
from graph.summaries import write_summaries  # noqa: E402


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
    args = ap.parse_args()
    link_copy(args.build, args.out)
    t = time.perf_counter()
    store = ox.Store(str(args.out / STORE_DIR))
    counts = write_summaries(store)
    store.flush()
    del store
    print(f"{counts} in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
