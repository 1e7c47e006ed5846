"""The pipeline: articles -> facts -> resolved actors -> RDF -> exports.

Outputs are written into a temporary folder beside OUT and swapped in at the
end with one atomic exchange of the two folders (Linux renameat2; elsewhere two
renames that the next build repairs if interrupted between them), so a build
killed at any moment leaves the previous OUT intact and consistent; a lock keeps
two builds out of the same folder. manifest.json records the SHA-256 of every
output. Extraction results are cached by content hash (and rule fingerprint):
a rebuild re-extracts only what changed. The same input gives byte-identical
graph.ttl, graph.trig, centrality.csv, network.html and manifest.json.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

import click
from filelock import FileLock, Timeout

from graph.atomic import write_bytes_atomic
from graph.distribute import RulesBundle, extract_on_dask
from graph.errors import ActorgraphError, ArticleError, BuildLocked
from graph.article import extract_article
from graph.find import find_articles
from graph.sources import kind_names, read_inputs
from graph.ruleset import default_rules_dir, load_rules
from graph.resolve import resolve
from graph.outputs import MANIFEST, OUTPUTS, bind_prefixes, serialize_trig, write_exports, write_large, write_manifest  # noqa: F401
from graph.swap import recover, swap_in
from graph.to_rdf import to_dataset, to_store

PARALLEL_MIN = 40
_WORKER_RULES = None


@dataclass
class Report:
    articles_found: int = 0
    articles_built: int = 0
    problems: list = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    reused: int = 0
    violations: int = 0
    seconds: float = 0.0
    out: str = ""
    skipped_languages: dict = field(default_factory=dict)   # language -> ids of the articles skipped for it
    near_duplicates: list = field(default_factory=list)     # graph.sources.near_duplicates.NearDuplicate

    def text(self, quiet=False) -> str:
        lines = [f"warning: {printable(p)}" for p in self.problems]
        if quiet:
            return "\n".join(lines)
        plural = {"Country": "countries", "Person": "persons", "Organization": "organizations", "Place": "places"}
        ents = ", ".join(f"{n} {plural.get(t, t.lower() + 's')}" for t, n in sorted(self.entities.items())) or "none"
        lines += [
            f"articles: {self.articles_built} built of {self.articles_found} found"
            + (f" ({self.reused} unchanged, reused)" if self.reused else ""),
            f"entities: {ents}",
            f"posts: {self.facts['post']}, meetings: {self.facts['meeting']}, agreements: {self.facts['agreement']}",
            *([f"skipped, language not covered by the rules: " + "; ".join(
                f"{lang} {len(ids)} ({', '.join(ids[:5])}{', …' if len(ids) > 5 else ''})"
                for lang, ids in sorted(self.skipped_languages.items()))] if self.skipped_languages else []),
            *([f"near-duplicates (both built): {len(self.near_duplicates)} pair(s): " + "; ".join(
                f"{d.first} ~ {d.second} ({d.similarity:.2f})" for d in self.near_duplicates[:10])
               + ("; …" if len(self.near_duplicates) > 10 else "")] if self.near_duplicates else []),
            f"warnings: {len(self.problems)}, SHACL violations: {self.violations}",
            f"written to {self.out}/ (graph.ttl, graph.trig, network.html, centrality.csv, manifest.json, .store) in {self.seconds:.1f} s",
        ]
        return "\n".join(lines)


def printable(message: str) -> str:
    """One line of printable text whatever a file name holds (undecodable bytes, line ends, controls)."""
    message = str(message).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
                  lambda m: m.group(0).encode("unicode_escape").decode("ascii"), message)


def rules_fingerprint(rules_dir: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(Path(rules_dir).rglob("*.yaml")):
        h.update(p.name.encode() + p.read_bytes())
    for p in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


def read_all(paths, report, rules=None, fields=None):
    """Readable, distinct articles in languages the rules cover (a file whose text another file already has
    is reported, not counted twice; two different files with the same name get distinct identifiers; an
    article in another language is skipped and listed; near-identical pairs are reported, both kept).
    A feed or an export gives many articles; each record that cannot be used is reported by file and number."""
    articles, by_hash, by_id, found = [], {}, {}, 0
    for path, a in ((p, item) for p in paths for item in _inputs(p, fields)):
        found += 1
        if isinstance(a, ArticleError):
            report.problems.append(f"{a.path}: {a.problem}; skipped")
            continue
        path = a.path
        if a.warnings:
            report.problems.append(f"{path}: " + "; ".join(a.warnings))
        if a.sha256 in by_hash:
            report.problems.append(f"{path}: same text as {by_hash[a.sha256]}; counted once")
            continue
        if a.id in by_id:
            new_id = f"{a.id}#{a.sha256[:8]}"
            report.problems.append(f"{path}: another article is also named {a.id} ({by_id[a.id]}); "
                                   f"identified as {new_id}")
            a.id = new_id
        by_hash[a.sha256] = path
        by_id[a.id] = path
        articles.append(a)
    report.articles_found = max(report.articles_found, found)
    if rules is not None:
        from graph.sources.language import screen
        from graph.sources.near_duplicates import near_duplicates
        articles, report.skipped_languages, notes = screen(articles, rules)
        report.problems += notes
        report.near_duplicates = near_duplicates(articles) if len(articles) > 1 else []
        report.problems += [f"{d.first} and {d.second} are near-duplicates ({d.similarity:.2f} of their word "
                            "shingles alike); both built" for d in report.near_duplicates]
    return articles


def _inputs(path, fields):
    try:
        yield from read_inputs(path, fields)
    except Exception as e:   # one unreadable input must not stop the build
        yield ArticleError(path, f"could not be read ({type(e).__name__}: {e})")


def _init_worker(rules_dir):
    global _WORKER_RULES
    _WORKER_RULES = load_rules(rules_dir)


def _extract_one(article):
    return extract_with(_WORKER_RULES, article)


def extract_with(rules, article):
    """(slim extraction, None), or (None, the problem) when the article cannot be extracted."""
    try:
        return slim(extract_article(article, rules)), None
    except Exception as e:  # one bad article must not stop the build
        return None, f"{article.path}: extraction failed ({type(e).__name__}: {e}); skipped"


def slim(fx):
    """What the graph needs of an extraction: the per-sentence mentions (kept for `explain`) and the
    text of sentences no fact cites are dropped, so a large corpus travels and stays in memory light."""
    cited = {i for f in fx.facts for i in [f.sentence, *(j for j, _ in f.more)]}
    fx.mentions = []
    fx.sentences = [s if i in cited else "" for i, s in enumerate(fx.sentences)]
    fx.article.body = ""
    return fx


def extract_all(articles, rules, rules_dir, cache_dir, jobs, progress, report, dask=None):
    """Facts of every article, from the cache where the text and the rules are unchanged; the rest
    extracted here (`jobs` processes) or, with `dask` (a DaskTarget), on a Dask cluster."""
    results, todo = {}, []
    for a in articles:
        cached = cache_dir / f"{a.sha256}-{hashlib.sha1(a.id.encode()).hexdigest()[:8]}.pickle" if cache_dir else None
        if cached and cached.is_file():
            try:
                fx = pickle.loads(cached.read_bytes())
                fx.article = replace(a, body="", warnings=[])   # this read's metadata (title, URL, source …)
                results[a.id] = fx
                report.reused += 1
                continue
            except Exception:
                pass
        todo.append((a, cached))
    jobs = jobs or os.cpu_count() or 1
    show = progress and len(todo) >= PARALLEL_MIN
    if dask is not None and todo:
        bundle = RulesBundle.of(rules_dir or default_rules_dir(), rules_fingerprint(rules_dir or default_rules_dir()))
        _collect(extract_on_dask(dask, [a for a, _ in todo], bundle), todo, results, report, show)
    elif jobs > 1 and len(todo) >= PARALLEL_MIN:
        ctx = get_context("fork" if sys.platform != "win32" else "spawn")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(rules_dir,)) as pool:
            outcome = pool.imap(_extract_one, [a for a, _ in todo], chunksize=16)
            _collect(outcome, todo, results, report, show)
    else:
        global _WORKER_RULES
        _WORKER_RULES = rules
        _collect(map(_extract_one, [a for a, _ in todo]), todo, results, report, show)
    for a in articles:   # what extraction has to say about an article (also when it comes from the cache)
        if a.id in results and getattr(results[a.id], "warnings", None):
            report.problems.append(f"{a.path}: " + "; ".join(results[a.id].warnings))
    return [results[a.id] for a in articles if a.id in results]


def _collect(outcome, todo, results, report, show):
    with click.progressbar(outcome, length=len(todo), label="extracting", file=sys.stderr) if show \
            else _Plain(outcome) as bar:
        for (a, cached), (facts, problem) in zip(todo, bar):
            if problem:
                report.problems.append(problem)
                continue
            results[a.id] = facts
            if cached:
                write_bytes_atomic(cached, pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))  # never a truncated entry


class _Plain:
    def __init__(self, it):
        self.it = it

    def __enter__(self):
        return self.it

    def __exit__(self, *exc):
        return False


LARGE_CORPUS = 2_000    # articles: above this the graph goes straight into Oxigraph (rdflib needs GBs and minutes)


def extract_and_resolve(articles, rules, rules_dir=None, cache_dir=None, jobs=1, progress=False, report=None,
                        dask=None):
    """Articles -> (extractions, resolution). No files written (but the cache)."""
    report = report or Report()
    extractions = extract_all(articles, rules, rules_dir, cache_dir, jobs, progress, report, dask)
    return extractions, resolve(extractions, {e.id: e for e in rules.entities})


def build_graph(articles, rules, rules_dir=None, cache_dir=None, jobs=1, progress=False, report=None, large=None):
    """Articles -> (graph, extractions, resolution): the graph is an rdflib Dataset, or for a large
    corpus an in-memory pyoxigraph Store holding the same quads. No files written (but the cache)."""
    extractions, resolution = extract_and_resolve(articles, rules, rules_dir, cache_dir, jobs, progress, report)
    large = len(extractions) > LARGE_CORPUS if large is None else large
    graph = to_store(extractions, resolution) if large else to_dataset(extractions, resolution)
    return graph, extractions, resolution


def build_outputs(sources, out, rules_dir=None, jobs=0, incremental=True, progress=True, fields=None,
                  dask=None) -> Report:
    """Build the graph of SOURCES and write every export into OUT (atomically). FIELDS: `NAME=FIELD` strings
    naming the fields of JSONL/CSV exports (graph.sources.records.FieldMap); DASK: a DaskTarget to extract on."""
    started = time.perf_counter()
    out = Path(out)
    if out.is_symlink():  # write into the folder the link points at; keep the link
        out = out.resolve()
    rules_dir = Path(rules_dir) if rules_dir else default_rules_dir()
    rules = load_rules(rules_dir)            # a bad rule file stops here: nothing is written
    if out.exists() and not out.is_dir():
        raise ActorgraphError(f"{out}: exists and is not a folder; choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out.parent / f".{out.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(f"{out}: another build is writing into this folder; try again when it has finished") from None
    try:
        recover(out)
        return _build_locked(sources, out, rules, rules_dir, jobs, incremental, progress, started, fields, dask)
    finally:
        lock.release()


def _build_locked(sources, out, rules, rules_dir, jobs, incremental, progress, started, fields=None,
                  dask=None):
    report = Report(out=str(out))
    try:
        paths, problems = find_articles(sources)
        report.problems += problems
        report.articles_found = len(paths)
        from graph.sources.records import FieldMap
        articles = read_all(paths, report, rules, FieldMap.parse(fields))
        cache_dir = out / ".cache" / rules_fingerprint(rules_dir) if incremental else None
        extractions, resolution = extract_and_resolve(articles, rules, rules_dir, cache_dir, jobs, progress, report,
                                                      dask)
        del articles
        report.articles_built = len(extractions)
        if not extractions:
            report.problems.append("no article could be built; the previous outputs are left as they were"
                                   if paths else f"no article files ({kind_names()}) found; nothing was written")
            return report
        report.entities = Counter(a.type for a in resolution.actors.values())
        report.facts = Counter(f.kind for fx in extractions for f in fx.facts)
        built = [{"id": fx.article.id, "sha256": fx.article.sha256} for fx in extractions]
        tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            if len(extractions) > LARGE_CORPUS:
                parts = [extractions, resolution]
                del extractions, resolution      # write_large drops them once the store holds the graph
                write_large(parts, tmp, report)
            else:
                write_exports(to_dataset(extractions, resolution), tmp, report)
            write_manifest(tmp, built, report)
            if cache_dir and cache_dir.is_dir():
                shutil.move(str(cache_dir), str(tmp / ".cache" / cache_dir.name))
            swap_in(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        report.seconds = time.perf_counter() - started
        return report
    finally:
        report.problems = list(dict.fromkeys(report.problems))  # each problem once
