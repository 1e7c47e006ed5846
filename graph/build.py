"""The pipeline: articles -> facts -> resolved actors -> RDF -> exports.

Outputs are written into a temporary folder beside OUT and swapped in at the
end, so an interrupted build leaves the previous OUT intact; a lock keeps two
builds out of the same folder. Extraction results are cached by content hash
(and rule fingerprint): a rebuild re-extracts only what changed.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import click
from filelock import FileLock, Timeout

from graph.errors import ActorgraphError, BuildLocked
from graph.extract import extract_article
from graph.read import find_articles, read_article
from graph.ruleset import default_rules_dir, load_rules
from graph.resolve import resolve
from graph.to_rdf import ANALYSIS_GRAPH, to_dataset

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

    def text(self, quiet=False) -> str:
        lines = [f"warning: {p}" for p in self.problems]
        if quiet:
            return "\n".join(lines)
        ents = ", ".join(f"{n} {t.lower()}s" for t, n in sorted(self.entities.items())) or "none"
        lines += [
            f"articles: {self.articles_built} built of {self.articles_found} found"
            + (f" ({self.reused} unchanged, reused)" if self.reused else ""),
            f"entities: {ents}",
            f"posts: {self.facts['post']}, meetings: {self.facts['meeting']}, agreements: {self.facts['agreement']}",
            f"warnings: {len(self.problems)}, SHACL violations: {self.violations}",
            f"written to {self.out}/ (graph.ttl, graph.trig, network.html, centrality.csv, .store) in {self.seconds:.1f} s",
        ]
        return "\n".join(lines)


def rules_fingerprint(rules_dir: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(Path(rules_dir).rglob("*.yaml")):
        h.update(p.name.encode() + p.read_bytes())
    for p in sorted(Path(__file__).parent.glob("*.py")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


def read_all(paths, report):
    """Readable, distinct articles (a file whose text another file already has is reported, not counted twice)."""
    articles, by_hash = [], {}
    for path in paths:
        try:
            a = read_article(path)
        except ActorgraphError as e:
            report.problems.append(f"skipped {e}")
            continue
        report.problems += [f"{path}: {w}" for w in a.warnings]
        if a.sha256 in by_hash:
            report.problems.append(f"{path}: same text as {by_hash[a.sha256]}; counted once")
            continue
        by_hash[a.sha256] = path
        articles.append(a)
    return articles


def _init_worker(rules_dir):
    global _WORKER_RULES
    _WORKER_RULES = load_rules(rules_dir)


def _extract_one(article):
    try:
        return extract_article(article, _WORKER_RULES), None
    except Exception as e:  # one bad article must not stop the build
        return None, f"{article.path}: extraction failed ({type(e).__name__}: {e}); skipped"


def extract_all(articles, rules, rules_dir, cache_dir, jobs, progress, report):
    """Facts of every article, from the cache where the text and the rules are unchanged."""
    results, todo = {}, []
    for a in articles:
        cached = cache_dir / f"{a.sha256}-{hashlib.sha1(a.id.encode()).hexdigest()[:8]}.pickle" if cache_dir else None
        if cached and cached.is_file():
            try:
                results[a.id] = pickle.loads(cached.read_bytes())
                report.reused += 1
                continue
            except Exception:
                pass
        todo.append((a, cached))
    jobs = jobs or os.cpu_count() or 1
    show = progress and len(todo) >= PARALLEL_MIN
    if jobs > 1 and len(todo) >= PARALLEL_MIN:
        ctx = get_context("fork" if sys.platform != "win32" else "spawn")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(rules_dir,)) as pool:
            outcome = pool.imap(_extract_one, [a for a, _ in todo], chunksize=16)
            _collect(outcome, todo, results, report, show)
    else:
        global _WORKER_RULES
        _WORKER_RULES = rules
        _collect(map(_extract_one, [a for a, _ in todo]), todo, results, report, show)
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
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))


class _Plain:
    def __init__(self, it):
        self.it = it

    def __enter__(self):
        return self.it

    def __exit__(self, *exc):
        return False


def build_graph(articles, rules, rules_dir=None, cache_dir=None, jobs=1, progress=False, report=None):
    """Articles -> (Dataset, extractions, resolution). No files written (but the cache)."""
    report = report or Report()
    extractions = extract_all(articles, rules, rules_dir, cache_dir, jobs, progress, report)
    resolution = resolve(extractions, {e.id: e for e in rules.entities})
    return to_dataset(extractions, resolution), extractions, resolution


def build_outputs(sources, out, rules_dir=None, jobs=0, incremental=True, progress=True) -> Report:
    """Build the graph of SOURCES and write every export into OUT (atomically)."""
    started = time.perf_counter()
    out = Path(out)
    rules_dir = Path(rules_dir) if rules_dir else default_rules_dir()
    rules = load_rules(rules_dir)            # a bad rule file stops here: nothing is written
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out.parent / f".{out.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(f"{out}: another build is writing into this folder; try again when it has finished") from None
    try:
        return _build_locked(sources, out, rules, rules_dir, jobs, incremental, progress, started)
    finally:
        lock.release()


def _build_locked(sources, out, rules, rules_dir, jobs, incremental, progress, started):
    report = Report(out=str(out))
    paths, problems = find_articles(sources)
    report.problems += problems
    report.articles_found = len(paths)
    articles = read_all(paths, report)
    cache_dir = out / ".cache" / rules_fingerprint(rules_dir) if incremental else None
    ds, extractions, resolution = build_graph(articles, rules, rules_dir, cache_dir, jobs, progress, report)
    report.articles_built = len(extractions)
    if not extractions:
        report.problems.append("no article could be built; the previous outputs are left as they were")
        return report
    report.entities = Counter(a.type for a in resolution.actors.values())
    report.facts = Counter(f.kind for fx in extractions for f in fx.facts)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        write_exports(ds, tmp, report)
        if cache_dir and cache_dir.is_dir():
            shutil.move(str(cache_dir), str(tmp / ".cache" / cache_dir.name))
        swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report.seconds = time.perf_counter() - started
    return report


def write_exports(ds, folder: Path, report):
    """graph.trig, graph.ttl, centrality.csv, network.html and the store, into FOLDER."""
    from graph import centrality, network, store, view
    G = network.actor_graph(ds)
    result = centrality.compute(G)
    centrality.to_rdf(result, ds.graph(ANALYSIS_GRAPH))
    write_rdf(ds, folder)
    (folder / "centrality.csv").write_text(centrality.to_csv(result), encoding="utf-8")
    (folder / "network.html").write_text(view.render(G, result), encoding="utf-8")
    store.write_store(folder / "graph.trig", folder)
    report.violations = validate_count(folder, report)


LARGE_GRAPH = 200_000   # quads: above this Oxigraph writes TriG/Turtle (rdflib's pretty writer takes minutes per million)
SHACL_MAX = 60_000      # triples: above this the build leaves SHACL to `actorgraph validate` (pyshacl is minutes per 100k)


def write_rdf(ds, folder: Path):
    """graph.trig and graph.ttl, deterministic; rdflib's readable Turtle for small graphs, Oxigraph's for large ones."""
    if sum(1 for _ in ds.quads((None, None, None, None))) <= LARGE_GRAPH:
        (folder / "graph.trig").write_bytes(ds.serialize(format="trig", encoding="utf-8"))
        from graph.network import union_graph
        union = union_graph(ds)
        bind_prefixes(union)
        (folder / "graph.ttl").write_bytes(union.serialize(format="turtle", encoding="utf-8"))
        return
    import pyoxigraph as ox
    from graph.vocab import PREFIXES
    prefixes = {p: ns for p, ns in PREFIXES.items() if p != "id"}
    named = ox.Store()
    named.bulk_load(input=ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    (folder / "graph.trig").write_bytes(named.dump(format=ox.RdfFormat.TRIG, prefixes=prefixes))
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in named)
    (folder / "graph.ttl").write_bytes(union.dump(format=ox.RdfFormat.TURTLE, prefixes=prefixes,
                                                  from_graph=ox.DefaultGraph()))


def validate_count(folder, report) -> int:
    try:
        from graph import validate
    except ImportError:
        return 0
    size = sum(1 for line in (folder / "graph.ttl").open("rb") if line.strip())
    if size > SHACL_MAX:
        report.problems.append(f"SHACL validation left out of the build for a graph this size; "
                               f"run `actorgraph validate --graph {report.out}`")
        return 0
    try:
        outcome = validate.validate(folder / "graph.ttl")
    except ActorgraphError as e:
        report.problems.append(f"validation could not run: {e}")
        return 0
    n = getattr(outcome, "violations", outcome if isinstance(outcome, int) else 0)
    n = len(n) if isinstance(n, (list, tuple)) else int(n)
    if n:
        report.problems.append(f"{n} SHACL violation(s); see `actorgraph validate --graph {report.out}`")
    return n


def bind_prefixes(g):
    from graph.vocab import PREFIXES
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True)


def swap_in(tmp: Path, out: Path):
    """Replace OUT by TMP with renames only; files in OUT that the build does not own are kept."""
    if out.exists() and not out.is_dir():
        raise ActorgraphError(f"{out}: exists and is not a folder")
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.is_dir():
        for extra in out.iterdir():
            if not (tmp / extra.name).exists() and extra.name != ".cache":
                os.rename(extra, tmp / extra.name) if extra.is_dir() else shutil.copy2(extra, tmp / extra.name)
        os.rename(out, old)
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
