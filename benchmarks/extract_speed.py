"""Extraction speed alone: CPU seconds of extract_article over a folder of articles, one process, reading
not counted. Run it with two checkouts' code in turn, in one session, to compare them (the `graph` package is
imported from PYTHONPATH when set, so this script can time another checkout's extraction):

    /work/main/.venv/bin/python benchmarks/extract_speed.py /work/baseline/gen1k-src main
    .venv/bin/python benchmarks/extract_speed.py /work/baseline/gen1k-src branch
    PYTHONPATH=/path/to/main-checkout python benchmarks/extract_speed.py CORPUS main --limit 2000 --json
"""
import argparse
import json
import sys
import time
from pathlib import Path

from graph.extract import extract_article
from graph.read import find_articles, read_article
from graph.ruleset import load_rules


def measure(folder: str, limit: int = 0) -> dict:
    """CPU seconds and MB/s of extract_article over the first LIMIT readable articles of FOLDER (0: all)."""
    paths, _ = find_articles([Path(folder)])
    articles = []
    for p in paths:
        if limit and len(articles) >= limit:
            break
        try:
            articles.append(read_article(p))
        except Exception:   # unreadable files are the reader's business, not extraction's
            pass
    rules = load_rules()
    extract_article(articles[0], rules)   # compile the rules outside the timing
    size = sum(len(a.body.encode()) for a in articles)
    started = time.process_time()
    for a in articles:
        extract_article(a, rules)
    spent = time.process_time() - started
    return {"articles": len(articles), "mb": size / 1e6, "cpu_seconds": spent, "mb_per_s": size / 1e6 / spent}


def main(argv=None) -> str:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("label", nargs="?", default="this checkout")
    ap.add_argument("--limit", type=int, default=0, help="the first N readable articles only (0: all)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    a = ap.parse_args(argv)
    r = measure(a.folder, a.limit)
    if a.json:
        return json.dumps(dict(r, label=a.label))
    return (f"{a.label}: {r['articles']} articles, {r['mb']:.2f} MB in {r['cpu_seconds']:.1f} s CPU "
            f"-> {r['mb_per_s']:.3f} MB/s")


if __name__ == "__main__":
    print(main(sys.argv[1:]))
