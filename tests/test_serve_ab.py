"""benchmarks/serve_ab.py compares another checkout's page reader and actor query with this one's, and the named
queries as written with what the query page offers, on a build (here the seeds, against this very checkout)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_serve_ab_reads_pages_both_ways_and_finds_the_same_rows(seeds_build):
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "serve_ab.py"), "--build", str(seeds_build),
                        "--other", str(ROOT), "--actors", "4", "--reps", "1"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "4 random actors" in r.stdout and "| page read (actor_page.read_page) |" in r.stdout
    assert "| `actor` query by name, every row (its actor.rq) |" in r.stdout
    for name in ("who-met-whom", "posts-as-of"):
        rows = [line for line in r.stdout.splitlines() if line.startswith(f"| {name} |")]
        assert len(rows) == 1 and rows[0].endswith("| True |"), name
    assert "| False |" not in r.stdout and "| evidence |" not in r.stdout
