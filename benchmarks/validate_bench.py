"""`actorgraph validate` on a build with each number of worker processes, the numbers taking turns round by
round, each run a fresh process: wall seconds, CPU seconds of the process tree, the largest process's peak RSS
and the sampled peak of the tree's summed RSS (benchmarks/system.py), and whether the graph was valid.

    python benchmarks/validate_bench.py BUILD --jobs 1,2 --rounds 2

Prints one JSON line per run.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from system import run_measured  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def run(build: Path, jobs: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".log") as log:
        r = run_measured([sys.executable, "-m", "graph", "validate", "--graph", str(build), "--jobs", str(jobs)],
                         cwd=ROOT, log_path=log.name)
        last = Path(log.name).read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
    return {"build": str(build), "jobs": jobs, "exit": r["exit"], "seconds": round(r["seconds"], 1),
            "cpu_seconds": round(r["cpu_seconds"], 1), "largest_mib": r["maxrss_bytes"] // 2**20,
            "tree_mib": r["tree_rss_peak_bytes"] // 2**20, "report": last[0][:80] if last else ""}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", type=Path, help="a build folder (its .store)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated numbers of worker processes")
    ap.add_argument("--rounds", type=int, default=1)
    a = ap.parse_args(argv)
    for _ in range(a.rounds):
        for jobs in (int(j) for j in a.jobs.split(",")):
            print(json.dumps(run(a.build, jobs), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
