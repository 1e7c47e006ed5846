"""The extraction cache's writes and reads, SQLite rows (graph.cache_db) against a file per entry (how the
cache was kept up to c6282ed), on real entries, in one process, the two layouts taking turns:

    python benchmarks/cache_bench.py CORPUS --articles 300 --prefill 30000 --reps 5

The first ARTICLES articles of CORPUS are extracted once; each gives the two entries a worker writes for a
new article (its slim extraction and its reading findings, pickled). For each rep and layout, a fresh cache
already holding PREFILL entries (the same blobs under other keys: a large build's cache) takes the
articles' entries, then gives them back; CPU and wall time of each are per entry. Whole-build figures
drift with the machine by more than this difference (BENCHMARKS.md), so the difference is timed alone.
Prints the medians, the ratio rows ÷ files, and checks that both layouts gave back the bytes written.
"""
from __future__ import annotations

import argparse
import json
import pickle
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.atomic import write_bytes_atomic   # noqa: E402
from graph.cache_db import CacheDB, prepare   # noqa: E402


class Files:
    """A file per entry, written atomically (temporary file, mode, rename), as the cache did before."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def put(self, key: str, value: bytes) -> None:
        write_bytes_atomic(self.folder / key.replace("/", "_"), value)

    def get(self, key: str) -> bytes | None:
        path = self.folder / key.replace("/", "_")
        return path.read_bytes() if path.is_file() else None

    def close(self) -> None:
        pass


class Rows(CacheDB):
    """graph.cache_db, as the workers use it."""

    def __init__(self, folder: Path):
        prepare(folder)
        super().__init__(folder)


LAYOUTS = {"files": Files, "rows": Rows}


def entries(corpus: Path, n: int) -> list:
    """(key, blob) of the two cache entries of each of the first N readable articles of CORPUS."""
    from graph.extraction import cache_key, extract_with
    from graph.find import find_articles
    from graph.reading_cache import ReadingCache, find
    from graph.ruleset import default_rules_dir, load_rules
    from graph.sources.language import covered_languages, detector_languages
    from graph.sources.read_many import read_one
    rules = load_rules(default_rules_dir())
    codes = detector_languages(default_rules_dir(), covered_languages(rules))
    keys = ReadingCache(Path("unused"), codes)
    out = []
    for path in find_articles([corpus])[0]:
        for item, _ in read_one(path, None, lambda a: None):
            if not getattr(item, "body", ""):
                continue
            found = find(item.body, codes)
            fx, _ = extract_with(rules, item, True)
            if fx is None:
                continue
            out.append((cache_key(item), pickle.dumps(fx, protocol=pickle.HIGHEST_PROTOCOL)))
            out.append((keys.key(item.sha256), pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)))
        if len(out) >= 2 * n:
            break
    return out[:2 * n]


def once(layout: str, work: Path, items: list, prefill: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"cache-{layout}-", dir=work))
    try:
        cache = LAYOUTS[layout](folder)
        for i in range(prefill):
            key, blob = items[i % len(items)]
            cache.put(f"{key}-prefill{i}", blob)
        cache.close()
        cache = LAYOUTS[layout](folder)
        cpu, wall = time.process_time(), time.perf_counter()
        for key, blob in items:
            cache.put(key, blob)
        write = (time.process_time() - cpu, time.perf_counter() - wall)
        cache.close()
        cache = LAYOUTS[layout](folder)
        cpu, wall = time.process_time(), time.perf_counter()
        back = [cache.get(key) for key, _ in items]
        read = (time.process_time() - cpu, time.perf_counter() - wall)
        cache.close()
        if back != [blob for _, blob in items]:
            raise SystemExit(f"{layout}: the entries read back differ from those written")
        n = len(items)
        return {"write_cpu_ms": 1e3 * write[0] / n, "write_wall_ms": 1e3 * write[1] / n,
                "read_cpu_ms": 1e3 * read[0] / n, "read_wall_ms": 1e3 * read[1] / n}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--prefill", type=int, default=30_000, help="entries already in the cache")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--workdir", type=Path, default=None, help="where the caches are made (default: the temp folder)")
    a = ap.parse_args(argv)
    items = entries(a.corpus, a.articles)
    if not items:
        raise SystemExit(f"{a.corpus}: no article to extract")
    work = a.workdir or Path(tempfile.gettempdir())
    runs = {name: [] for name in LAYOUTS}
    for rep in range(a.reps):
        for name in (LAYOUTS if rep % 2 == 0 else reversed(list(LAYOUTS))):
            r = once(name, work, items, a.prefill)
            runs[name].append(r)
            print(f"rep {rep} {name:5s} " + " ".join(f"{k} {v:.4f}" for k, v in r.items()), file=sys.stderr, flush=True)
    medians = {name: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for name, rs in runs.items()}
    ratio = {k: medians["rows"][k] / medians["files"][k] for k in medians["rows"] if medians["files"][k] > 0}
    print(json.dumps({"entries": len(items), "mean_bytes": sum(len(b) for _, b in items) / len(items),
                      "prefill": a.prefill, "reps": a.reps, "median": medians, "rows_over_files": ratio}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
