"""Adding articles to a built archive: a build of BASE generated articles with its cache, then the same
folder rebuilt with ADDED more articles (only those are extracted), against a clean build of all of them.

    python benchmarks/incremental_bench.py --base SRC_DIR --added SRC_DIR2 --workdir DIR [--python PY --repo REPO]
        [--no-clean]

--python and --repo run another checkout (e.g. main, with its own venv) on the same input, for a ratio
measured in the same session. Prints one JSON line: wall time, CPU and peak RSS of each build, and
whether the incremental build's outputs equal the clean build's byte for byte. --no-clean leaves the clean
build out (a baseline checkout timed for the ratio, once this one has been compared).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from system import run_measured  # noqa: E402

OUTPUTS = ("graph.trig", "graph.ttl", "centrality.csv", "network.html", "merges.csv", "manifest.json")


def build(python: str, repo: Path, sources: list, out: Path, jobs: int, *extra: str) -> dict:
    cmd = [python, "-m", "graph", "build", *map(str, sources), "--out", str(out), "--jobs", str(jobs), "-q", *extra]
    r = run_measured(cmd, cwd=repo, env=dict(os.environ, PYTHONPATH=str(repo)))
    if r["exit"] != 0:
        raise SystemExit(f"build failed: {' '.join(cmd)}")
    return {"seconds": round(r["seconds"], 1), "cpu_seconds": round(r["cpu_seconds"], 1),
            "maxrss_mib": r["maxrss_bytes"] // 2**20, "tree_rss_mib": r["tree_rss_peak_bytes"] // 2**20}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, required=True, help="the archive built first")
    ap.add_argument("--added", type=Path, required=True, help="the articles added to it")
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    ap.add_argument("--no-clean", action="store_true", help="time the two builds only, compare nothing")
    a = ap.parse_args(argv)
    inc, clean = a.workdir / "incremental", a.workdir / "clean"
    for d in (inc, clean):
        shutil.rmtree(d, ignore_errors=True)
    result = {"repo": str(a.repo),
              "base build (cache filled)": build(a.python, a.repo, [a.base], inc, a.jobs),
              "base + added, incremental": build(a.python, a.repo, [a.base, a.added], inc, a.jobs)}
    if a.no_clean:
        print(json.dumps(result))
        return 0
    result["base + added, clean (--full)"] = build(a.python, a.repo, [a.base, a.added], clean, a.jobs, "--full")
    result["identical"] = {n: (inc / n).read_bytes() == (clean / n).read_bytes() for n in OUTPUTS}
    print(json.dumps(result))
    return 0 if all(result["identical"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
