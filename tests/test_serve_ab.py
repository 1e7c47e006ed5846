"""benchmarks/serve_ab.py compares another checkout's page reader with this one's, and the named queries with
their summaries, on a build (here the seeds, against this very checkout)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_serve_ab_reads_pages_both_ways_and_finds_the_same_rows(seeds_build):
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "serve_ab.py"), "--build", str(seeds_build),
                        "--other", str(ROOT), "--actors", "4", "--reps", "1"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "4 random actors" in r.stdout and "| this checkout |" in r.stdout
    rows = [line for line in r.stdout.splitlines() if line.startswith("| who-met-whom |")]
    assert len(rows) == 1 and rows[0].endswith("| True |")
    assert "| False |" not in r.stdout
