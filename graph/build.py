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

import ctypes
import errno
import hashlib
import io
import json
import os
import pickle
import re
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import click
import pyoxigraph as ox
from filelock import FileLock, Timeout
from rdflib import Graph as RdfGraph

from graph.errors import ActorgraphError, ArticleError, BuildLocked
from graph.extract import extract_article
from graph.read import find_articles, read_article
from graph.ruleset import default_rules_dir, load_rules
from graph.resolve import resolve
from graph.to_rdf import ANALYSIS_GRAPH, ox_quads, quads, to_dataset, to_store

PARALLEL_MIN = 40
OUTPUTS = ("graph.ttl", "graph.trig", "centrality.csv", "network.html", "merges.csv")
MANIFEST = "manifest.json"
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
    merges: int = 0
    seconds: float = 0.0
    out: str = ""

    def text(self, quiet=False) -> str:
        lines = [f"warning: {printable(p)}" for p in self.problems]
        if quiet:
            return "\n".join(lines)
        plural = {"Country": "countries", "Person": "persons", "Organization": "organizations", "Place": "places"}
        ents = ", ".join(f"{n} {plural.get(t, t.lower() + 's')}" for t, n in sorted(self.entities.items())) or "none"
        lines += [
            f"articles: {self.articles_built} built of {self.articles_found} found"
            + (f" ({self.reused} unchanged, reused)" if self.reused else ""),
            f"entities: {ents}; {self.merges} spellings merged into another actor (merges.csv)",
            f"posts: {self.facts['post']}, meetings: {self.facts['meeting']}, agreements: {self.facts['agreement']}",
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
        if p.name not in ("judgements.yaml", "resolution.yaml"):   # read after extraction: never stale the cache
            h.update(p.name.encode() + p.read_bytes())
    for p in sorted(Path(__file__).parent.glob("*.py")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


def read_all(paths, report):
    """Readable, distinct articles (a file whose text another file already has is reported, not counted twice;
    two different files with the same name get distinct identifiers)."""
    articles, by_hash, by_id = [], {}, {}
    for path in paths:
        try:
            a = read_article(path)
        except ArticleError as e:
            report.problems.append(f"{e.path}: {e.problem}; skipped")
            continue
        except ActorgraphError as e:
            report.problems.append(f"{path}: {e}; skipped")
            continue
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
    return articles


def _init_worker(rules_dir):
    global _WORKER_RULES
    _WORKER_RULES = load_rules(rules_dir)


def _extract_one(article):
    try:
        return slim(extract_article(article, _WORKER_RULES)), None
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
                part = cached.with_name(f"{cached.name}.part-{os.getpid()}")
                part.write_bytes(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(part, cached)  # a killed build leaves no truncated cache entry


class _Plain:
    def __init__(self, it):
        self.it = it

    def __enter__(self):
        return self.it

    def __exit__(self, *exc):
        return False


LARGE_CORPUS = 2_000    # articles: above this the graph goes straight into Oxigraph (rdflib needs GBs and minutes)


def extract_and_resolve(articles, rules, rules_dir=None, cache_dir=None, jobs=1, progress=False, report=None,
                        judgements=None):
    """Articles -> (extractions, resolution), the judgements applied (default: the rules folder's
    judgements.yaml). No files written (but the cache)."""
    from graph.judgements import default_path, load_judgements
    from graph.merge_actors import without_rejected
    from graph.resolution_rules import load_resolution
    report = report or Report()
    judgements = judgements if judgements is not None else load_judgements(default_path(rules.folder))
    extractions = extract_all(articles, rules, rules_dir, cache_dir, jobs, progress, report)
    resolution = resolve(extractions, {e.id: e for e in rules.entities}, load_resolution(rules.folder), judgements,
                         report.problems.append)
    return without_rejected(extractions, resolution, judgements, report.problems.append), resolution


def build_graph(articles, rules, rules_dir=None, cache_dir=None, jobs=1, progress=False, report=None, large=None,
                judgements=None):
    """Articles -> (graph, extractions, resolution): the graph is an rdflib Dataset, or for a large
    corpus an in-memory pyoxigraph Store holding the same quads. No files written (but the cache)."""
    extractions, resolution = extract_and_resolve(articles, rules, rules_dir, cache_dir, jobs, progress, report,
                                                  judgements)
    large = len(extractions) > LARGE_CORPUS if large is None else large
    graph = to_store(extractions, resolution) if large else to_dataset(extractions, resolution)
    return graph, extractions, resolution


def build_outputs(sources, out, rules_dir=None, jobs=0, incremental=True, progress=True, judgements_path=None) -> Report:
    """Build the graph of SOURCES and write every export into OUT (atomically), applying the judgements
    of JUDGEMENTS_PATH (default: judgements.yaml in the rules folder)."""
    from graph.judgements import default_path, load_judgements
    from graph.resolution_rules import load_resolution
    started = time.perf_counter()
    out = Path(out)
    if out.is_symlink():  # write into the folder the link points at; keep the link
        out = out.resolve()
    rules_dir = Path(rules_dir) if rules_dir else default_rules_dir()
    judgements = load_judgements(Path(judgements_path) if judgements_path else default_path(rules_dir))
    rules = load_rules(rules_dir)            # a bad rule file stops here: nothing is written
    load_resolution(rules_dir)
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
        return _build_locked(sources, out, rules, rules_dir, jobs, incremental, progress, started, judgements)
    finally:
        lock.release()


def _build_locked(sources, out, rules, rules_dir, jobs, incremental, progress, started, judgements=None):
    report = Report(out=str(out))
    try:
        paths, problems = find_articles(sources)
        report.problems += problems
        report.articles_found = len(paths)
        articles = read_all(paths, report)
        cache_dir = out / ".cache" / rules_fingerprint(rules_dir) if incremental else None
        extractions, resolution = extract_and_resolve(articles, rules, rules_dir, cache_dir, jobs, progress, report,
                                                      judgements)
        del articles
        report.articles_built = len(extractions)
        if not extractions:
            report.problems.append("no article could be built; the previous outputs are left as they were"
                                   if paths else "no article files (.txt, .md, .text) found; nothing was written")
            return report
        report.entities = Counter(a.type for a in resolution.actors.values())
        report.facts = Counter(f.kind for fx in extractions for f in fx.facts)
        built = [{"id": fx.article.id, "sha256": fx.article.sha256} for fx in extractions]
        merges, report.merges = resolution.merges, len(resolution.merges)
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
            write_merges(merges, tmp / "merges.csv")
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


def write_merges(merges, path: Path):
    """merges.csv: every spelling resolution or a judgement joined to another actor, and why."""
    import csv
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["actor", "merged", "spelling", "rule", "key", "score"])
    for m in merges:
        w.writerow([m.into, m.merged, m.spelling, m.rule, m.key, f"{m.score:.3f}"])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


def write_exports(ds, folder: Path, report):
    """graph.trig, graph.ttl, centrality.csv, network.html and the store, into FOLDER (an rdflib Dataset)."""
    from graph import centrality, network, store
    G = network.actor_graph(ds)
    result = centrality.compute(G)
    centrality.to_rdf(result, ds.graph(ANALYSIS_GRAPH))
    write_rdf(ds, folder)
    write_analysis_views(G, result, folder)
    store.write_store(folder / "graph.trig", folder)
    report.violations = validate_count(folder, report)


def write_analysis_views(G, result, folder: Path):
    from graph import centrality, view
    (folder / "centrality.csv").write_text(centrality.to_csv(result), encoding="utf-8", newline="")
    (folder / "network.html").write_text(view.render(G, result), encoding="utf-8", newline="")


def write_large(parts: list, folder: Path, report):
    """The large-corpus path, with memory bounded by the actor graph rather than the RDF: quads stream
    into the on-disk store FOLDER/.store (each triple also into its default graph, the union) and,
    on the way, into graph.trig; the actor graph is read back from that default graph, and graph.ttl
    is dumped from it. `parts` is [extractions, resolution]; it is emptied once the store has them."""
    from graph import centrality, network
    from graph.store import STORE_DIR
    extractions, resolution = parts
    parts.clear()
    prefixes = dump_prefixes()
    st = ox.Store(str(folder / STORE_DIR))
    # graph.trig is written by Oxigraph as the quads stream past on their way into the store
    ox.serialize(_into(st, quads(extractions, resolution)), str(folder / "graph.trig"), ox.RdfFormat.TRIG,
                 prefixes=prefixes)
    del extractions, resolution
    G = network.actor_graph(st, union_default_graph=True)
    result = centrality.compute(G)
    analysis = [(s, p, o, ANALYSIS_GRAPH) for s, p, o in sorted(centrality.to_rdf(result, RdfGraph()))]
    with open(folder / "graph.trig", "ab") as trig:   # TriG allows the prefixes to be declared again
        trig.write(ox.serialize(_into(st, analysis), format=ox.RdfFormat.TRIG, prefixes=prefixes))
    del analysis
    write_analysis_views(G, result, folder)
    del G, result
    st.dump(str(folder / "graph.ttl"), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes)
    st.flush()
    st.optimize()
    del st
    report.violations = validate_count(folder, report)


def _into(st, rdflib_quads, batch=200_000):
    """The quads as pyoxigraph Quads, passed on while each is also added, in batches, to store ST:
    to its named graph and to the default graph (the union, where copies collapse)."""
    pending = []
    for q in ox_quads(rdflib_quads):
        pending += (q, ox.Quad(q.subject, q.predicate, q.object))
        yield q
        if len(pending) >= batch:
            st.bulk_extend(pending)
            pending = []
    st.bulk_extend(pending)


def dump_prefixes() -> dict:
    """The prefixes Oxigraph writes graph.trig / graph.ttl with: the vocabularies', without `id:`
    (the graph's own IRIs stay written in full)."""
    from graph.vocab import PREFIXES
    return {p: ns for p, ns in PREFIXES.items() if p != "id"}


LARGE_GRAPH = 200_000   # quads: above this Oxigraph writes TriG/Turtle (rdflib's pretty writer takes minutes per million)
SHACL_MAX = 60_000      # triples: above this the build leaves SHACL to `actorgraph validate` (pyshacl is minutes per 100k)


def write_rdf(ds, folder: Path):
    """graph.trig and graph.ttl, deterministic; rdflib's readable Turtle for small graphs, Oxigraph's for large ones."""
    if sum(1 for _ in ds.quads((None, None, None, None))) <= LARGE_GRAPH:
        bind_prefixes(ds)
        (folder / "graph.trig").write_bytes(serialize_trig(ds))
        from graph.network import union_graph
        union = union_graph(ds)
        bind_prefixes(union)
        (folder / "graph.ttl").write_bytes(union.serialize(format="turtle", encoding="utf-8"))
        return
    prefixes = dump_prefixes()
    named = ox.Store()
    named.bulk_load(input=ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    (folder / "graph.trig").write_bytes(named.dump(format=ox.RdfFormat.TRIG, prefixes=prefixes))
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in named)
    (folder / "graph.ttl").write_bytes(union.dump(format=ox.RdfFormat.TURTLE, prefixes=prefixes,
                                                  from_graph=ox.DefaultGraph()))


def serialize_trig(ds) -> bytes:
    """TriG with the named graphs in IRI order (rdflib writes them in set order, which changes from run to run)."""
    from rdflib.plugins.serializers.trig import TrigSerializer

    class SortedTrig(TrigSerializer):
        def __init__(self, store):
            super().__init__(store)
            self.contexts = sorted(self.contexts, key=lambda g: str(g.identifier))

    buf = io.BytesIO()
    SortedTrig(ds).serialize(buf, encoding="utf-8")
    return buf.getvalue()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_manifest(folder: Path, built: list, report):
    """manifest.json: the articles built ({id, sha256}) and the SHA-256 of each output (no times, no paths)."""
    manifest = {
        "articles": sorted(built, key=lambda a: a["id"]),
        "entities": dict(sorted(report.entities.items())),
        "facts": dict(sorted(report.facts.items())),
        "outputs": {name: sha256_file(folder / name) for name in OUTPUTS},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                                   encoding="utf-8", newline="")
    for name in (*OUTPUTS, MANIFEST):  # on disk before the swap makes them the outputs
        fd = os.open(folder / name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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


def recover(out: Path):
    """Repair what an interrupted build left beside OUT (called under the lock, so no build is running):
    OUT missing between the two fallback renames -> its previous outputs are put back; leftovers removed."""
    prefix_tmp, prefix_old = f".{out.name}.tmp-", f".{out.name}.old-"
    leftovers = sorted(p for p in out.parent.iterdir() if p.name.startswith((prefix_tmp, prefix_old)))
    olds = [p for p in leftovers if p.name.startswith(prefix_old) and p.is_dir()]
    if not out.exists() and olds:
        newest = max(olds, key=lambda p: p.stat().st_mtime)
        os.rename(newest, out)
        leftovers.remove(newest)
    for p in leftovers:
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() and not p.is_symlink() else p.unlink(missing_ok=True)


def _link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(tmp: Path, out: Path):
    """Replace OUT by TMP; files in OUT that the build does not own are kept (hard-linked or copied into TMP
    first, so they are never only in a hidden folder)."""
    if out.exists() and not out.is_dir():
        raise ActorgraphError(f"{out}: exists and is not a folder")
    if not out.is_dir():
        os.rename(tmp, out)
        return
    for extra in sorted(out.iterdir()):
        if (tmp / extra.name).exists() or (tmp / extra.name).is_symlink() or extra.name == ".cache":
            continue
        if extra.is_dir() and not extra.is_symlink():
            shutil.copytree(extra, tmp / extra.name, symlinks=True, copy_function=_link_or_copy)
        elif extra.is_symlink():
            os.symlink(os.readlink(extra), tmp / extra.name)
        else:
            _link_or_copy(extra, tmp / extra.name)
    if _exchange(tmp, out):          # OUT is now the new build; TMP holds the previous one
        shutil.rmtree(tmp, ignore_errors=True)
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)              # interrupted here: the next build's recover() puts OLD back
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
