"""What a worker spends reading an article again on a rebuild: CPU milliseconds per article of
graph.read_extract.Reader.read over the first LIMIT files of a folder, first with empty caches (reading,
language, signature, extraction, the caches written), then again (everything the caches keep read back).
Run it with two checkouts' code in turn, in one session, to compare them (PYTHONPATH picks the checkout):

    python benchmarks/reread_bench.py /work/big/bench/corpus-10000-s1 --limit 1500
    PYTHONPATH=/path/to/other-checkout python benchmarks/reread_bench.py CORPUS --limit 1500
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from graph.find import find_articles
from graph.read_extract import Reader
from graph.ruleset import load_rules


def measure(folder: Path, limit: int) -> dict:
    paths = find_articles([folder])[0][:limit]
    rules = load_rules()
    with tempfile.TemporaryDirectory() as cache:
        reader = Reader(rules, None, Path(cache), None, True)
        reader.read(paths[0])   # the detector's models and the rules' automata made outside the timing
        spent = []
        for _ in range(2):
            started, articles = time.process_time(), 0
            for p in paths:
                articles += len(reader.read(p))
            spent.append(1000 * (time.process_time() - started) / max(articles, 1))
    return {"files": len(paths), "articles": articles, "first_ms_per_article": round(spent[0], 2),
            "again_ms_per_article": round(spent[1], 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=1500, help="files read (the first, in path order)")
    a = ap.parse_args(argv)
    print(json.dumps(measure(a.folder, a.limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
