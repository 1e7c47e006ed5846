"""A large rebuild's reading stage, this checkout against another, interleaved: graph.read_extract.read_and_extract
over a folder with every extraction in the cache and the extractions spooled (what `actorgraph build` does
above 2,000 files when only a few articles are new; with --no-cache, every article extracted, as
`build --full` does), in a fresh process per run, the two checkouts taking turns. Prints each run's wall
time, the building process's CPU and the workers' CPU, the medians, and their ratios this ÷ other; and checks
that both spooled the same extractions (a digest of their text).

    python benchmarks/spool_read_bench.py CORPUS --other /path/to/other-checkout --reps 3 --jobs 2

The cache (CACHE, default a folder in the system's temporary folder, kept for the next run) is filled by this
checkout first; both checkouts read the same entries from it (the cached extractions' format is theirs if
graph/model.py is the same in both, and the layout if both keep it the same way: from 59b2f3d on, rows of
one SQLite file, graph/cache_db.py; before, a file per entry, so a checkout on one side of that change finds
none of the other's entries and extracts everything).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUN = r"""
import hashlib, json, resource, sys, tempfile, time
from pathlib import Path
from graph.build import Report
from graph.find import find_articles
from graph.read_extract import read_and_extract
from graph.ruleset import default_rules_dir, load_rules
folder, cache, jobs = Path(sys.argv[1]), (Path(sys.argv[2]) if sys.argv[2] else None), int(sys.argv[3])
paths = find_articles([folder])[0]
rules_dir = default_rules_dir()
rules = load_rules(rules_dir)
with tempfile.TemporaryDirectory() as spool_dir:
    wall, cpu = time.perf_counter(), time.process_time()
    report = Report()
    spool = read_and_extract(paths, rules, rules_dir, cache, jobs, False, report, render=True,
                             spool_dir=Path(spool_dir))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    digest = hashlib.sha256()
    for fx in spool:
        digest.update(repr((fx.article, fx.facts, fx.warnings, fx.mentioned, fx.rdf)).encode())
    for article_id, entities in spool.entities():
        digest.update(repr((article_id, sorted(entities.items(), key=repr))).encode())
print(json.dumps({"wall": wall, "parent_cpu": cpu, "workers_cpu": children.ru_utime + children.ru_stime,
                  "extractions": len(spool), "reused": report.reused, "digest": digest.hexdigest()[:16]}))
"""


def run(checkout: Path, folder: Path, cache: Path | None, jobs: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    out = subprocess.run([sys.executable, "-c", RUN, str(folder), str(cache or ""), str(jobs)], env=env, cwd=checkout,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--other", type=Path, required=True, help="the other checkout")
    ap.add_argument("--cache", type=Path, default=None, help="the extraction cache (filled by this checkout)")
    ap.add_argument("--no-cache", action="store_true", help="extract every article in every run, no cache read or "
                    "written (what `build --full` does): the clean build's reading stage")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args(argv)
    cache = None
    if not a.no_cache:
        cache = a.cache or Path(tempfile.gettempdir()) / f"spool-read-cache-{a.folder.name}"
        cache.mkdir(parents=True, exist_ok=True)
        fill = run(ROOT, a.folder, cache, a.jobs)
        print(f"cache filled: {fill['extractions']} extractions, {fill['reused']} already there, {fill['wall']:.1f} s")
    runs = {"this": [], "other": []}
    for rep in range(a.reps):
        order = [("this", ROOT), ("other", a.other)] if rep % 2 == 0 else [("other", a.other), ("this", ROOT)]
        for name, checkout in order:
            r = run(checkout, a.folder, cache, a.jobs)
            runs[name].append(r)
            print(f"rep {rep + 1} {name:5}: wall {r['wall']:6.1f} s, building process {r['parent_cpu']:6.1f} s CPU, "
                  f"workers {r['workers_cpu']:6.1f} s CPU, {r['extractions']} extractions ({r['reused']} reused), "
                  f"digest {r['digest']}")
    for key in ("wall", "parent_cpu", "workers_cpu"):
        this, other = (statistics.median(r[key] for r in runs[n]) for n in ("this", "other"))
        ratio = f"{this / other:.2f}x" if other else "- (nothing to divide by)"
        print(f"median {key}: this {this:.1f} s, other {other:.1f} s, ratio {ratio}")
    digests = {r["digest"] for n in runs for r in runs[n]}
    print("spooled extractions: " + ("the same in every run" if len(digests) == 1 else f"DIFFER: {digests}"))
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
