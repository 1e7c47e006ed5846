"""benchmarks/serve_bench.py runs end to end on the seeds build (latency part; the load part needs locust)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_serve_bench_times_pages_and_both_actor_texts_on_the_seeds(seeds_build, tmp_path):
    out = tmp_path / "figures.json"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "serve_bench.py"), "--build", str(seeds_build),
                        "--actors", "6", "--old-sample", "3", "--no-load", "--json", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "| actor page, HTML (`GET /id/...`) |" in r.stdout and "replaced text (label FILTER scan)" in r.stdout
    figures = json.loads(out.read_text())["latency"]
    assert figures["actors"] == 6 and len(figures["page"]) == 6 and len(figures["old"]) == 3
    assert figures["same_rows"] == "3/3" and min(figures["rows"]) > 0
