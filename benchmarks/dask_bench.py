"""A local build against a `--dask local:N` build of the same generated articles: wall time of each,
and whether every output is byte-identical.

    python benchmarks/dask_bench.py --articles 2000 --workers 2
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUTS = ("graph.trig", "graph.ttl", "centrality.csv", "network.html", "manifest.json")


def build(src: Path, out: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "graph", "build", str(src), "--out", str(out), "-q", "--full", *extra],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dask-bench-") as tmp:
        src = Path(tmp) / "articles"
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--articles", str(args.articles),
                        "--seed", str(args.seed), "--out", str(src)], check=True, capture_output=True)
        local = build(src, Path(tmp) / "local", "--jobs", str(args.workers))
        dask = build(src, Path(tmp) / "dask", "--dask", f"local:{args.workers}")
        same = [n for n in OUTPUTS if (Path(tmp) / "local" / n).read_bytes() == (Path(tmp) / "dask" / n).read_bytes()]
    print(f"{args.articles} articles, {args.workers} workers: local --jobs {args.workers} {local:.1f} s, "
          f"--dask local:{args.workers} {dask:.1f} s (ratio {dask / local:.2f}); "
          f"byte-identical: {', '.join(same) or 'none'}{'' if len(same) == len(OUTPUTS) else '  <- DIFFERENT'}")
    return 0 if len(same) == len(OUTPUTS) else 1


if __name__ == "__main__":
    sys.exit(main())
