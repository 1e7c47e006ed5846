"""`actorgraph serve` on a build: actor pages and the `actor` query, warm, and the endpoint under load.

Starts `actorgraph serve --graph BUILD --port 0` in a subprocess (loopback only) and measures, in one run:

1. latency, warm (each request made once before timing), of 100 random actors (seeded):
   - the actor page over HTTP (`GET /id/...`, HTML);
   - the `actor` named query by the actor's name over HTTP (`POST /sparql`), and in this process on the
     build's store (graph.query.run_query), with today's text (graph/queries/actor.rq, the ag:nameKey seek)
     and the text it replaced (benchmarks/actor_label_scan.rq, a FILTER over every label) side by side;
     the old text on `--old-sample` of the actors only (it takes seconds each on a large build);
2. load: locust, headless, `--users` clients for `--seconds` s, each posting the named queries with a
   LIMIT to /sparql without pause (benchmarks/serve_locustfile.py); p50/p95 per query, errors, and the
   server's resident memory before and after.

    python benchmarks/generate.py --articles 10000 --seed 1 --out /tmp/g10k
    actorgraph build /tmp/g10k --out /tmp/b10k --jobs 2
    nice -n 10 python benchmarks/serve_bench.py --build /tmp/b10k

Prints a Markdown section for BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.query import named_queries, parse_named, run_query  # noqa: E402
from graph.store import open_graph  # noqa: E402

OLD_ACTOR = ROOT / "benchmarks" / "actor_label_scan.rq"
ACTORS = """SELECT ?a ?n WHERE { VALUES ?t { ag:Person ag:Organization ag:Country ag:Place }
                                ?a a ?t ; ag:displayName ?n } ORDER BY ?a"""


def pct(values, p) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]


def summary(ms: list) -> str:
    return f"{statistics.median(ms):.1f} / {pct(ms, 95):.1f} / {max(ms):.1f}"


def rss_kib(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start_server(build: Path, timeout: float, max_rows: int, cache_mb: int, python: str = sys.executable,
                 checkout: Path = ROOT):
    """`actorgraph serve` of `checkout` (run by `python`, e.g. another checkout's venv) on a free port."""
    proc = subprocess.Popen([python, "-m", "graph", "serve", "--graph", str(build), "--port", "0",
                             "--timeout", str(timeout), "--max-rows", str(max_rows), "--cache-mb", str(cache_mb)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=checkout)
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not m:
        proc.kill()
        raise SystemExit(f"the server did not start: {line}{proc.stderr.read()}")
    return proc, m.group(0)


def timed(fn, *args) -> tuple:
    t = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - t) * 1000, out


def latency(build: Path, url: str, n: int, old_sample: int, seed: int) -> dict:
    import httpx
    kg = open_graph(build)
    actors = [(r[0].value, r[1].value) for r in kg.query(ACTORS)]
    picked = random.Random(seed).sample(actors, min(n, len(actors)))
    new, old = named_queries()["actor"], parse_named("actor", OLD_ACTOR.read_text(encoding="utf-8"))
    client = httpx.Client(base_url=url, timeout=120)
    id_ns = "https://w3id.org/actorgraph/id/"

    errors = []

    def page(iri):
        r = client.get("/id/" + iri[len(id_ns):], headers={"Accept": "text/html"})
        if r.status_code != 200:
            errors.append(f"page {iri}: {r.status_code} {r.text[:100]}")
        return len(r.content)

    def endpoint(name):
        r = client.post("/sparql", data={"query": new.bind({"name": name})},
                        headers={"Accept": "application/sparql-results+json"})
        if r.status_code != 200:
            errors.append(f"actor query {name!r}: {r.status_code} {r.text[:100]}")
            return 0
        return len(r.json()["results"]["bindings"])

    def library(q, name):
        return len(run_query(kg, q.bind({"name": name})).rows)

    print(f"latency: {len(picked)} actors, warming", file=sys.stderr, flush=True)
    for iri, name in picked:      # warm: every request once before timing
        page(iri), endpoint(name), library(new, name)
    print("latency: timing", file=sys.stderr, flush=True)
    out = {"actors": len(picked), "page": [], "endpoint": [], "new": [], "old": [], "rows": [], "bytes": []}
    for iri, name in picked:
        ms, size = timed(page, iri)
        out["page"].append(ms)
        out["bytes"].append(size)
        ms, rows = timed(endpoint, name)
        out["endpoint"].append(ms)
        out["rows"].append(rows)
        out["new"].append(timed(library, new, name)[0])
    same = 0
    print(f"latency: the replaced text on {old_sample} actors", file=sys.stderr, flush=True)
    for iri, name in picked[:old_sample]:
        library(old, name)        # warm
        ms, rows = timed(lambda: run_query(kg, old.bind({"name": name})).rows)
        out["old"].append(ms)
        want = [r for r in rows if r[1].value != "https://w3id.org/actorgraph/ontology#nameKey"]
        got = run_query(kg, new.bind({"name": name})).rows
        same += sorted(map(str, want)) == sorted(map(str, got))   # rows tied on every sort key may swap
    out["same_rows"] = f"{same}/{min(old_sample, len(picked))}"
    out["errors"] = errors
    out["triples"] = len(kg)
    return out


def sample_rss(pid: int, every: float, stop: threading.Event, out: list) -> None:
    """The server's resident memory (MiB) every `every` seconds until `stop` is set."""
    start = time.monotonic()
    while not stop.is_set():
        out.append((round(time.monotonic() - start), rss_kib(pid) / 1024))
        stop.wait(every)


def load(url: str, pid: int, users: int, seconds: int, exclude: list = ()) -> dict:
    print(f"load: {users} clients for {seconds} s", file=sys.stderr, flush=True)
    before = rss_kib(pid)
    samples, stop = [], threading.Event()
    sampler = threading.Thread(target=sample_rss, args=(pid, 5.0, stop, samples), daemon=True)
    sampler.start()
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "locust"
        cmd = ["locust", "-f", str(ROOT / "benchmarks" / "serve_locustfile.py"), "--headless", "-u", str(users),
               "-r", str(users), "-t", f"{seconds}s", "--host", url, "--csv", str(prefix), "--only-summary",
               "--loglevel", "WARNING"]
        env = dict(os.environ, SERVE_BENCH_EXCLUDE=",".join(exclude))
        subprocess.run(cmd, cwd=ROOT, check=False, capture_output=True, text=True, env=env)
        stats = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    stop.set()
    sampler.join()
    after = rss_kib(pid)
    rows = []
    for s in stats:
        rows.append({"name": s["Name"], "requests": int(s["Request Count"]), "failures": int(s["Failure Count"]),
                     "p50": float(s["50%"] or 0), "p95": float(s["95%"] or 0), "max": float(s["Max Response Time"] or 0),
                     "rps": float(s["Requests/s"] or 0)})
    return {"rows": rows, "rss_before_mib": before / 1024, "rss_after_mib": after / 1024,
            "rss_samples": samples, "users": users, "seconds": seconds, "excluded": list(exclude),
            "load_average": os.getloadavg()}


def report(build: Path, lat: dict | None, ld: dict | None, cache_mb: int, checkout: Path = ROOT) -> str:
    lines = [f"## Serve (benchmarks/serve_bench.py --build {build} --cache-mb {cache_mb}, server code: {checkout})", "",
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores shared with other jobs; "
             f"server `actorgraph serve --cache-mb {cache_mb}` in its own process on loopback, client httpx in this one.", ""]
    if lat:
        lines += latency_lines(lat)
    if ld:
        lines += load_lines(ld)
    return "\n".join(lines) + "\n"


def latency_lines(lat: dict) -> list:
    lines = [f"Store of {lat['triples']:,} quads (named graphs + union).", "",
             f"### Actor look-up, warm, {lat['actors']} random actors (ms: median / p95 / max)", "",
             "| what | ms |", "|---|---|",
             f"| actor page, HTML (`GET /id/...`) | {summary(lat['page'])} |",
             f"| `actor` query by name over HTTP (`POST /sparql`, JSON) | {summary(lat['endpoint'])} |",
             f"| `actor` query, today's text (ag:nameKey seek), in process | {summary(lat['new'])} |"]
    if lat["old"]:
        lines.append(f"| `actor` query, the replaced text (label FILTER scan), in process, first "
                     f"{len(lat['old'])} of the actors | {summary(lat['old'])} |")
    lines += ["", f"Rows per actor query: median {statistics.median(lat['rows']):.0f}, max {max(lat['rows'])}; "
              f"page size median {statistics.median(lat['bytes']) / 1024:.0f} KiB, max {max(lat['bytes']) / 1024:.0f} KiB; "
              f"same rows, old text vs new: {lat['same_rows']}; HTTP errors: {len(lat['errors'])}."]
    lines += [f"- {e}" for e in lat["errors"][:10]]
    return lines


def load_lines(ld: dict) -> list:
    left_out = f", leaving out {', '.join(ld['excluded'])}" if ld.get("excluded") else ""
    lines = ["", f"### Load: {ld['users']} concurrent clients for {ld['seconds']} s, named queries with LIMIT 100{left_out} "
             "(locust, headless, loopback, no pause between requests; load average after: "
             f"{' '.join(f'{x:.1f}' for x in ld.get('load_average', ()))})", "",
             "| query | requests | failures | p50 ms | p95 ms | max ms | req/s |", "|---|---|---|---|---|---|---|"]
    for r in ld["rows"]:
        lines.append(f"| {r['name']} | {r['requests']} | {r['failures']} | {r['p50']:.0f} | {r['p95']:.0f} | "
                     f"{r['max']:.0f} | {r['rps']:.1f} |")
    lines += ["", f"Server resident memory: {ld['rss_before_mib']:.0f} MiB before, {ld['rss_after_mib']:.0f} MiB after; "
              "every 5 s under load (s: MiB): " + ", ".join(f"{t}: {m:.0f}" for t, m in ld["rss_samples"])]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", type=Path, required=True)
    ap.add_argument("--actors", type=int, default=100)
    ap.add_argument("--old-sample", type=int, default=20, help="actors timed with the replaced label-scan text")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--no-load", action="store_true")
    ap.add_argument("--exclude", action="append", default=[], help="leave this named query out of the load (repeatable)")
    ap.add_argument("--no-latency", action="store_true")
    ap.add_argument("--cache-mb", type=int, default=0,
                    help="the server's answer cache (default 0: every request evaluated; the latency part "
                         "repeats its questions, so it measures evaluation only with 0)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--checkout", type=Path, default=ROOT,
                    help="serve with this checkout's code (e.g. /work/main), run by --python")
    ap.add_argument("--python", default=sys.executable, help="the Python of --checkout (its venv)")
    args = ap.parse_args()
    proc, url = start_server(args.build, timeout=30, max_rows=10_000, cache_mb=args.cache_mb,
                             python=args.python, checkout=args.checkout)
    try:
        lat = None if args.no_latency else latency(args.build, url, args.actors, args.old_sample, args.seed)
        ld = None if args.no_load else load(url, proc.pid, args.users, args.seconds, args.exclude)
    finally:
        proc.terminate()
        proc.wait(30)
    text = report(args.build, lat, ld, args.cache_mb, args.checkout)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"latency": lat, "load": ld}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
