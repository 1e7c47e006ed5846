"""Extraction of every article: from the cache where the text and the rules are unchanged, else in this
process, in `jobs` worker processes, or as tasks on a Dask cluster (graph.distribute). Each result is
slimmed to what the graph needs before it travels back."""
from __future__ import annotations

import functools
import hashlib
import modulefinder
import os
import pickle
import sys
from multiprocessing import get_context
from dataclasses import replace
from pathlib import Path

import click

from graph.article import extract_article
from graph.cache_db import CacheDB, prepare
from graph.distribute import RulesBundle, extract_on_dask
from graph.ruleset import default_rules_dir, load_rules

PARALLEL_MIN = 40
_WORKER_RULES = None
_WORKER_RENDER = False


# The modules whose code decides what the extraction cache holds: reading, language and near-duplicate
# screening (the reading cache shares the folder), extraction and the N-Quads it renders.
CACHED_STAGES = ("graph.extraction", "graph.read_extract", "graph.reading_cache")


def rules_fingerprint(rules_dir: Path, package_dir: Path = Path(__file__).parent) -> str:
    """The extraction cache's key: the rule files extraction reads, and the code of every module of the
    package that CACHED_STAGES import, directly or not (extraction_code). A change elsewhere (the store, the
    view, centrality) keeps the cache, so an upgrade that leaves extraction alone re-extracts nothing."""
    h = hashlib.sha256()
    for p in sorted(Path(rules_dir).rglob("*.yaml")):
        if p.name not in ("judgements.yaml", "resolution.yaml"):   # read after extraction: never stale the cache
            h.update(p.name.encode() + p.read_bytes())
    for name, path in extraction_code(Path(package_dir).resolve()):
        h.update(name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


class _PackageFinder(modulefinder.ModuleFinder):
    """The standard library's import finder, kept inside one package: other top-level names are not
    followed (their code is not ours to fingerprint)."""

    def __init__(self, package: str, root: Path):
        super().__init__(path=[str(root)])
        self.package = package

    def find_module(self, name, path, parent=None):
        if path is None and name != self.package:
            raise ImportError(name)
        return super().find_module(name, path, parent)


@functools.lru_cache(maxsize=None)
def extraction_code(package_dir: Path, roots: tuple = CACHED_STAGES) -> tuple:
    """(module name, file) of each module of the package at PACKAGE_DIR that ROOTS import, directly or
    through others, at the top of a module or inside a function, sorted by name."""
    finder = _PackageFinder(package_dir.name, package_dir.parent)
    for root in roots:
        finder.import_hook(root)
    return tuple(sorted((name, Path(m.__file__)) for name, m in finder.modules.items()
                        if m.__file__ and (name == finder.package or name.startswith(finder.package + "."))))


def _init_worker(rules_dir, render=False):
    global _WORKER_RULES, _WORKER_RENDER
    _WORKER_RULES, _WORKER_RENDER = load_rules(rules_dir), render


def _extract_one(article):
    return extract_with(_WORKER_RULES, article, _WORKER_RENDER)


def extract_with(rules, article, render=False):
    """(slim extraction, None), or (None, the problem) when the article cannot be extracted. RENDER:
    the facts are also written as N-Quads templates (graph.nquads) and the sentences dropped."""
    try:
        return slim(extract_article(article, rules), render), None
    except Exception as e:  # one bad article must not stop the build
        return None, f"{article.path}: extraction failed ({type(e).__name__}: {e}); skipped"


def slim(fx, render=False):
    """What the graph needs of an extraction: the per-sentence mentions (kept for `explain`) and the
    text of sentences no fact cites are dropped, so a large corpus travels and stays in memory light.
    RENDER: the facts are rendered as N-Quads here (graph.nquads) and no sentence is kept at all."""
    cited = {i for f in fx.facts for i in [f.sentence, *(j for j, _ in f.more)]}
    fx.mentions = []
    if render:
        from graph.nquads import render_facts
        fx.rdf = render_facts(fx)
        fx.sentences = []
    else:
        fx.sentences = [s if i in cited else "" for i, s in enumerate(fx.sentences)]
    fx.article.body = ""
    return fx


def cache_key(article) -> str:
    """The key of an article's slim extraction in the cache (graph.cache_db): by its text and its name."""
    return f"x/{article.sha256}-{hashlib.sha1(article.id.encode()).hexdigest()[:8]}"


def extract_all(articles, rules, rules_dir, cache_dir, jobs, progress, report, dask=None, render=False):
    """Facts of every article, from the cache where the text and the rules are unchanged; the rest
    extracted here (`jobs` processes) or, with `dask` (a DaskTarget), on a Dask cluster. RENDER: each
    worker also writes its article's facts as N-Quads (graph.nquads) and keeps no sentence."""
    results, todo = {}, []
    report.problems += prepare(cache_dir)   # a damaged cache file put aside before anything reads it
    cache = CacheDB(cache_dir)
    for a in articles:
        cached = cache_key(a) if cache_dir else None
        hit = from_cache(cache, cached, render)
        if hit:
            fx = hit[0]
            fx.article = replace(a, body="", warnings=[])   # this read's metadata (title, URL, source …)
            results[a.id] = fx
            report.reused += 1
            continue
        todo.append((a, cached))
    cache.close()   # not carried into the workers forked below; `_collect` opens it again to write
    jobs = jobs or os.cpu_count() or 1
    show = progress and len(todo) >= PARALLEL_MIN
    if dask is not None and todo:
        bundle = RulesBundle.of(rules_dir or default_rules_dir(), rules_fingerprint(rules_dir or default_rules_dir()))
        _collect(extract_on_dask(dask, [a for a, _ in todo], bundle, render), todo, results, report, show, cache)
    elif jobs > 1 and len(todo) >= PARALLEL_MIN:
        ctx = get_context("fork" if sys.platform != "win32" else "spawn")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(rules_dir, render)) as pool:
            outcome = pool.imap(_extract_one, [a for a, _ in todo], chunksize=16)
            _collect(outcome, todo, results, report, show, cache)
    else:
        global _WORKER_RULES, _WORKER_RENDER
        _WORKER_RULES, _WORKER_RENDER = rules, render
        _collect(map(_extract_one, [a for a, _ in todo]), todo, results, report, show, cache)
    cache.close()
    report.problems += warnings_of(articles, results)
    return [results[a.id] for a in articles if a.id in results]


def from_cache(cache: CacheDB, key: str | None, render=False) -> tuple | None:
    """(the slim extraction, its pickled bytes) that CACHE holds under KEY, or None: no such entry, an
    unreadable one, or (RENDER) one written without N-Quads."""
    blob = cache.get(key) if key else None
    if blob is None:
        return None
    from graph.nquads import current as nquads_current
    try:
        fx = pickle.loads(blob)
        return (fx, blob) if not render or nquads_current(fx.rdf) else None
    except Exception:
        return None


def warnings_of(articles, results: dict) -> list:
    """What extraction has to say about each article (also when it comes from the cache), in their order."""
    return [f"{a.path}: " + "; ".join(results[a.id].warnings) for a in articles
            if a.id in results and getattr(results[a.id], "warnings", None)]


def _collect(outcome, todo, results, report, show, cache):
    with click.progressbar(outcome, length=len(todo), label="extracting", file=sys.stderr) if show \
            else _Plain(outcome) as bar:
        for (a, cached), (facts, problem) in zip(todo, bar):
            a.body = ""     # extracted: the parent keeps no article text from here on
            if problem:
                report.problems.append(problem)
                continue
            results[a.id] = facts
            if cached:
                cache.put(cached, pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))  # whole or absent


class _Plain:
    def __init__(self, it):
        self.it = it

    def __enter__(self):
        return self.it

    def __exit__(self, *exc):
        return False
