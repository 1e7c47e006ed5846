"""Extraction speed alone: CPU seconds of extract_article over a folder of articles, one process, reading
not counted. Run it with two checkouts' interpreters in turn, in one session, to compare them:

    /work/main/.venv/bin/python benchmarks/extract_speed.py /work/baseline/gen1k-src main
    .venv/bin/python benchmarks/extract_speed.py /work/baseline/gen1k-src branch
"""
import sys
import time
from pathlib import Path

from graph.extract import extract_article
from graph.read import find_articles, read_article
from graph.ruleset import load_rules


def main(folder: str, label: str) -> str:
    paths, _ = find_articles([Path(folder)])
    articles = []
    for p in paths:
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
    return f"{label}: {len(articles)} articles, {size / 1e6:.2f} MB in {spent:.1f} s CPU -> {size / 1e6 / spent:.3f} MB/s"


if __name__ == "__main__":
    print(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "this checkout"))
