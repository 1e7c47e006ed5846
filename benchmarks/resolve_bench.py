"""CPU seconds of each pass a large build makes over its spooled extractions: entity resolution and the
passes after it (the report's count, the N-Quads text), without the store, the view or the exports.

    python benchmarks/resolve_bench.py save SOURCES DUMP [--jobs 2]    # extract once (any checkout)
    python benchmarks/resolve_bench.py run DUMP [--spool-dir DIR]      # time the checkout first on PYTHONPATH

`save` reads and extracts SOURCES as a build does (graph.read_extract, rendered for the N-Quads) and keeps
each extraction, pickled, one after another in DUMP. `run` puts them into a spool
(graph.extraction_spool.SpooledExtractions) as the build's parent does and then times, in CPU seconds of
this process: filling the spool, `resolve_all` and the functions inside it, the report's pass over the
extractions, and the whole N-Quads text (graph.nquads_fill.quads_text). A function the checkout does not
have is left out, so the same command times an older checkout (run it with each, in the same session, and
compare). The last lines are digests of the resolution and of the N-Quads text: two checkouts that resolve
alike print the same.
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import importlib
import inspect
import pickle
import resource
import struct
import sys
import time
from collections import Counter
from pathlib import Path

TIMED = [   # (module, function) inside resolution and after it, timed where the checkout has them
    ("graph.build", "resolve"), ("graph.merge_actors", "refine"), ("graph.merge_actors", "mentions_of"),
    ("graph.merge_actors", "article_ties"),
    ("graph.merge_actors", "candidate_pairs"), ("graph.merge_actors", "_cluster"), ("graph.merge_actors", "_apply"),
    ("graph.build", "without_rejected"), ("graph.merge_actors", "without_rejected"),
]


def save(sources, dump: Path, jobs: int):
    from graph.build import Report, find_articles
    from graph.read_extract import read_and_extract
    from graph.ruleset import default_rules_dir, load_rules
    rules_dir = default_rules_dir()
    paths, _ = find_articles([sources])
    spool = read_and_extract(paths, load_rules(rules_dir), rules_dir, None, jobs, False, Report(), render=True,
                             spool_dir=dump.parent)
    with open(dump, "wb") as out:
        for fx in spool:
            blob = pickle.dumps(fx, protocol=pickle.HIGHEST_PROTOCOL)
            out.write(struct.pack("<Q", len(blob)) + blob)
    print(f"{len(spool)} extractions -> {dump}")


def blobs(dump: Path):
    with open(dump, "rb") as f:
        while head := f.read(8):
            yield f.read(struct.unpack("<Q", head)[0])


class Clock:
    """CPU seconds spent in each wrapped function (a call inside another counts in both)."""

    def __init__(self):
        self.spent = Counter()

    def wrap(self, module: str, name: str):
        mod = importlib.import_module(module)
        fn = getattr(mod, name, None)
        if fn is None or getattr(fn, "_timed", False):
            return
        label = f"{module.split('.')[-1]}.{name}"

        @functools.wraps(fn)
        def run(*args, **kwargs):
            started = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.spent[label] += time.process_time() - started
        run._timed = True
        setattr(mod, name, run)

    def time(self, label: str, fn, *args):
        started = time.process_time()
        result = fn(*args)
        self.spent[label] += time.process_time() - started
        return result


def report_pass(extractions):
    """The report's count in graph.build._build_locked: of a spool's count kept as it was filled where the
    checkout has one (graph.extraction_spool.counted), else of a pass over the extractions."""
    import graph.extraction_spool as spool
    if hasattr(spool, "counted"):
        count = spool.counted(extractions)
        return Counter(count.facts), [{"id": aid, "sha256": sha256} for aid, sha256 in count.articles]
    facts, built = Counter(), []
    for fx in extractions:
        facts.update(f.kind for f in fx.facts)
        built.append({"id": fx.article.id, "sha256": fx.article.sha256})
    return facts, built


def resolution_digest(resolution) -> str:
    h = hashlib.sha256()
    for k in sorted(resolution.actors):
        a = resolution.actors[k]
        h.update(repr((k, a.type, a.iri_path, sorted(a.labels.items()), sorted(a.alt), a.gazetteer, a.kind,
                       a.country, a.part_of, sorted(a.resolved_by))).encode())
    h.update(repr(sorted(resolution.key_of.items())).encode())
    h.update(repr(resolution.merges).encode())
    return h.hexdigest()[:16]


def run(dump: Path, spool_dir: str | None):
    import graph
    from graph.build import Report, resolve_all
    from graph.extraction_spool import SpooledExtractions
    from graph.judgements import default_path, load_judgements
    from graph.nquads_fill import quads_text
    from graph.ruleset import default_rules_dir, load_rules
    print(f"checkout: {Path(graph.__file__).parent.parent}")
    clock = Clock()
    for module, name in TIMED:
        clock.wrap(module, name)
    rules_dir = default_rules_dir()
    rules, judgements = load_rules(rules_dir), load_judgements(default_path(rules_dir))
    spool = SpooledExtractions(spool_dir or dump.parent)
    as_sent = "pickled" in inspect.signature(spool.append).parameters   # an older spool keeps the worker's pickle
    for blob in blobs(dump):
        fx = pickle.loads(blob)                   # as graph.read_extract._facts does, not timed
        clock.time("spool.append", spool.append, *((fx, blob) if as_sent else (fx,)))
    report = Report()
    extractions, resolution = clock.time("build.resolve_all", resolve_all, spool, rules, report, judgements)
    facts, built = clock.time("build.report_pass", report_pass, extractions)
    text = hashlib.sha256()
    started = time.process_time()
    for chunk in quads_text(extractions, resolution, drop=True):
        text.update(chunk.encode("utf-8"))
    clock.spent["nquads_fill.quads_text"] += time.process_time() - started
    for label, seconds in clock.spent.items():
        print(f"cpu {label:28s} {seconds:7.2f} s")
    print(f"peak rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
    print(f"{len(spool)} extractions, {len(resolution.actors)} actors, {len(resolution.merges)} merges, "
          f"{sum(facts.values())} facts, {len(built)} built, {len(report.problems)} problems")
    print(f"digest resolution {resolution_digest(resolution)}")
    print(f"digest report {hashlib.sha256(repr((sorted(facts.items()), built)).encode()).hexdigest()[:16]}")
    print(f"digest nquads {text.hexdigest()[:16]}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("save")
    s.add_argument("sources")
    s.add_argument("dump", type=Path)
    s.add_argument("--jobs", type=int, default=2)
    r = sub.add_parser("run")
    r.add_argument("dump", type=Path)
    r.add_argument("--spool-dir")
    args = ap.parse_args(argv)
    if args.command == "save":
        save(args.sources, args.dump, args.jobs)
    else:
        run(args.dump, args.spool_dir)


if __name__ == "__main__":
    sys.exit(main())
