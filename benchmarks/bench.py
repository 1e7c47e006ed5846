"""Benchmark actorgraph at scale on a generated corpus; print the figures and write BENCHMARKS.md.

    python benchmarks/bench.py --sizes 1000,10000 [--jobs N] [--output BENCHMARKS.md]

For each size, in one run: generate the corpus (cached under --workdir, keyed by size,
seed and a hash of the generator and the gazetteer), then measure extraction throughput
beside a bare pyahocorasick scan, `actorgraph build` wall time and peak RSS, store load
and named-query latency beside rdflib, centrality beside NetworkX exact betweenness, the
HTML view, and recall on the planted facts (../shared/tools/kg_eval.py).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import generate  # noqa: E402
import stages  # noqa: E402
from report import render, summary_lines, write_section  # noqa: E402
from system import environment  # noqa: E402

HERE = Path(__file__).resolve().parent


def generator_hash() -> str:
    """Changes when the generator or the gazetteer changes, so the cached corpus is rebuilt."""
    h = hashlib.sha256()
    for p in sorted(HERE.glob("*.py")) + sorted((HERE.parent / "graph" / "rules" / "gazetteer").glob("*.yaml")):
        if p.name in ("generate.py", "shapes.py", "world.py") or p.suffix == ".yaml":
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


def corpus(size: int, seed: int, workdir: Path, jobs: int) -> tuple[Path, Path, dict, bool]:
    """The generated corpus for this size (reused when its stamp matches)."""
    out, gold = workdir / f"corpus-{size}-s{seed}", workdir / f"corpus-{size}-s{seed}-gold"
    stamp, key = out / ".generated.json", generator_hash()
    if stamp.is_file():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        if info.get("key") == key:
            return out, gold, info, True
    info = generate.generate(size, seed, out, gold, jobs)
    info["key"] = key
    stamp.write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return out, gold, info, False


def stage(results: dict, name: str, fn, *args):
    """Run one stage; a failure is recorded (and printed) instead of ending the run."""
    t0 = time.perf_counter()
    try:
        results[name] = fn(*args)
    except Exception as e:
        traceback.print_exc()
        results[name] = {"error": f"{e.__class__.__name__}: {e}"[:300]}
    if "skipped" in results[name]:
        print(f"  {name}: skipped ({results[name]['skipped']})")
    print(f"  {name}: done in {time.perf_counter() - t0:.1f} s", flush=True)
    return results[name]


def bench_size(size: int, a) -> dict:
    r = {"size": size, "load_before": os.getloadavg()[0]}
    print(f"== {size} articles", flush=True)
    src, gold, info, cached = corpus(size, a.seed, a.workdir, a.jobs)
    r["corpus"] = dict(info, cached=cached)
    how = "cached" if cached else f"generated in {info['seconds']} s"
    print(f"  corpus: {src} ({how}, {info['bytes'] / 1e6:.1f} MB)")
    articles, bad = stages.read_corpus(src)
    r["corpus"]["readable"], r["corpus"]["unreadable"] = len(articles), bad
    r["corpus"]["body_mb"] = sum(len(x.body.encode("utf-8")) for x in articles) / 1e6
    ex = stage(r, "extraction", stages.extraction, articles, a.jobs, a.per_core_max, a.all_cores_max)
    rules = ex.pop("rules", None)
    if rules is not None and "scan" not in a.skip:
        stage(r, "scan", stages.bare_scan, articles, a.per_core_max, rules)
    del articles
    if a.baseline:
        r["baseline_commit"] = checkout_commit(a.baseline)
        stage(r, "extraction_ab", stages.extraction_ab, src, a.baseline, a.baseline_python, a.per_core_max, a.ab_repeats)
        base_out = baseline_build(r, size, src, a)
    out = a.workdir / f"build-{size}-s{a.seed}"
    shutil.rmtree(out, ignore_errors=True)
    b = stage(r, "build", stages.build, src, out, a.jobs, a.workdir / f"build-{size}.log")
    if b.get("exit") != 0:
        log = (a.workdir / f"build-{size}.log").read_text(errors="replace")[-2000:]
        print(f"  build failed (exit {b.get('exit')}); last lines of the log:\n{log}")
        return r
    if a.baseline and base_out is not None:
        stage(r, "same_outputs", stages.same_outputs, out, base_out)
        stage(r, "recall_baseline", stages.recall, base_out, gold, a.recall_sample)
    for name, fn, args in (("store", stages.store, (out,)), ("queries", stages.queries, (out, a.timeout)),
                           ("centrality", stages.centrality, (out, a.timeout)), ("view", stages.view, (out,)),
                           ("recall", stages.recall, (out, gold, a.recall_sample))):
        if name not in a.skip:
            stage(r, name, fn, *args)
    r["load_after"] = os.getloadavg()[0]
    return r


def checkout_commit(checkout: Path) -> str:
    import subprocess
    done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def baseline_build(r: dict, size: int, src: Path, a) -> Path | None:
    """Build the corpus with the baseline checkout (or reuse its figures and outputs from earlier in the
    session: WORKDIR/baseline-SIZE-sSEED-COMMIT.json, written by this function, kept until deleted;
    --fresh-baseline builds it again, so that the two builds run side by side)."""
    out = a.workdir / f"build-{size}-s{a.seed}-baseline"
    saved = a.workdir / f"baseline-{size}-s{a.seed}-{r['baseline_commit']}.json"
    if saved.is_file() and (out / "manifest.json").is_file() and not getattr(a, "fresh_baseline", False):
        r["build_baseline"] = dict(json.loads(saved.read_text(encoding="utf-8")), reused=True)
        print(f"  build_baseline: reused the run finished {r['build_baseline'].get('finished')} ({saved.name})")
        return out
    shutil.rmtree(out, ignore_errors=True)
    b = stage(r, "build_baseline", stages.build, src, out, a.jobs, a.workdir / f"build-{size}-baseline.log",
              a.baseline, a.baseline_python)
    if b.get("exit") != 0:
        return None
    saved.write_text(json.dumps(b, indent=1, default=str) + "\n", encoding="utf-8")
    return out


MARK = ("<!-- bench:start -->", "<!-- bench:end -->")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (0: all cores)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--output", type=Path, default=HERE.parent / "BENCHMARKS.md")
    ap.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "actorgraph-bench",
                    help="where corpora and builds are kept")
    ap.add_argument("--timeout", type=float, default=120, help="seconds allowed to each baseline (rdflib, NetworkX)")
    ap.add_argument("--per-core-max", type=int, default=2000, help="articles in the one-core throughput runs")
    ap.add_argument("--all-cores-max", type=int, default=20000, help="articles in the all-cores throughput run")
    ap.add_argument("--recall-sample", type=int, default=300, help="gold articles scored for recall (0: all)")
    ap.add_argument("--baseline", type=Path, default=None, metavar="CHECKOUT",
                    help="another checkout (e.g. a worktree of main) built and timed side by side with this one")
    ap.add_argument("--baseline-python", default=None, help="the interpreter for --baseline (default: this one)")
    ap.add_argument("--fresh-baseline", action="store_true",
                    help="build the baseline again even when a run of its commit is saved in WORKDIR")
    ap.add_argument("--ab-repeats", type=int, default=3, help="alternating extraction runs per checkout with --baseline")
    ap.add_argument("--skip", default="", help="comma-separated stages to leave out: scan,store,queries,centrality,view,recall")
    ap.add_argument("--keep", action="store_true",
                    help="keep the other sizes' results of the previous run (WORKDIR/results.json) in the report")
    a = ap.parse_args(argv)
    a.jobs = a.jobs or len(os.sched_getaffinity(0))
    a.skip = {x.strip() for x in a.skip.split(",") if x.strip()}
    a.workdir.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    env = environment()
    print(f"actorgraph benchmark, {env['date']}, {env['cores']} cores, {env['memory_gib']} GiB, Python {env['python']}")
    results, prior = [], a.workdir / "results.json"
    if a.keep and prior.is_file():   # sizes measured by an earlier run of the same code, not re-run now
        results = [r for r in json.loads(prior.read_text(encoding="utf-8"))["results"] if r["size"] not in sizes]
    for size in sizes:
        done = bench_size(size, a)
        results = sorted(results + [done], key=lambda r: r["size"])
        write_section(render(env, results, a), a.output, MARK)   # after each size: partial results survive
        (a.workdir / "results.json").write_text(json.dumps({"environment": env, "results": results}, indent=1, default=str) + "\n")
        for line in summary_lines(done):
            print("  " + line)
    print(f"wrote {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
