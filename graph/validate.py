"""SHACL validation of a built graph against ontology/shapes.ttl (pyshacl), with a readable report.

`validate(source)` takes a build folder or RDF file path, an opened graph
(graph.store.KnowledgeGraph), or an rdflib Graph/Dataset; it never changes
the graph, it only reports.
"""
from __future__ import annotations

import logging
import os
from itertools import islice
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.namespace import SH

from graph.errors import ActorgraphError
from graph.results import compact
from graph.shape_locality import local_shapes
from graph.store import nt_graph, open_graph

SHAPES_FILE = "shapes.ttl"
SLICE_TRIPLES = 300_000   # triples of a large store's union validated at a time (`_slice_texts`): ~0.5 GB in rdflib


def shapes_path() -> Path:
    """ontology/shapes.ttl: in the source tree, or the installed copy (package graph.ontology_files)."""
    source_tree = Path(__file__).resolve().parent.parent / "ontology" / SHAPES_FILE
    if source_tree.is_file():
        return source_tree
    from importlib import resources
    return Path(str(resources.files("graph.ontology_files") / SHAPES_FILE))


@dataclass(frozen=True, order=True)
class Violation:
    """One failed constraint: the node, the property, the offending value and what is wrong."""

    focus: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"

    def text(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        value = f" (value: {self.value})" if self.value and self.value != self.focus else ""
        return f"{where}: {self.message}{value}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list = field(default_factory=list)
    shapes: str = ""

    def text(self) -> str:
        if self.conforms:
            return f"valid: the graph conforms to every shape in {self.shapes}"
        n = len(self.violations)
        lines = [f"{n} violation{'s' if n != 1 else ''} of the shapes in {self.shapes}:"]
        lines += [f"  {v.text()}" for v in self.violations]
        return "\n".join(lines)


def _show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.URIRef):
        return compact(str(term))
    if isinstance(term, rdflib.Literal):
        suffix = f"^^{compact(str(term.datatype))}" if term.datatype else ""
        return f'"{term}"{suffix}'
    return f"_:{term}"


def _violations(results: rdflib.Graph) -> set:
    found = set()
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        found.add(Violation(
            focus=_show(results.value(r, SH.focusNode)), path=_show(results.value(r, SH.resultPath)),
            message=str(results.value(r, SH.resultMessage) or "constraint not met"),
            value=_show(results.value(r, SH.value)),
            severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]))
    return found


class _ParsedOnce(rdflib.Graph):
    """The graph pyshacl validates, each SPARQL text parsed once. pyshacl asks a SPARQL-based constraint
    (shapes.ttl's name keys) once per focus node, with the same text and $this bound, and rdflib parses a
    text on every call: two thirds of the validation of a 1,000-article build went to parsing it again
    (BENCHMARKS.md). The parsed query is evaluated with the same bindings, so the answers are the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parsed: dict = {}

    def query(self, query_object, processor="sparql", result="sparql", initNs=None, initBindings=None,  # noqa: N803
              use_store_provided=True, **kwargs):
        if isinstance(query_object, str) and processor == "sparql" and not kwargs:
            namespaces = dict(initNs) if initNs else dict(self.namespaces())   # as Graph.query parses a text
            key = (query_object, tuple(sorted(namespaces.items())))
            if key not in self._parsed:
                from rdflib.plugins.sparql import prepareQuery
                self._parsed[key] = prepareQuery(query_object, initNs=namespaces)
            query_object = self._parsed[key]
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


def _data_graph(source) -> rdflib.Graph:
    """The union of all triples of `source` (an opened graph, an rdflib Dataset or Graph) as one rdflib Graph
    of its own (`_ParsedOnce`), which the validation may use in place: a graph the caller passed is copied,
    as pyshacl would copy it."""
    if hasattr(source, "union_graph"):
        return source.union_graph(_ParsedOnce())
    g = _ParsedOnce()
    if isinstance(source, rdflib.Dataset) or hasattr(source, "quads"):
        for s, p, o, _ in source.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    for prefix, namespace in source.namespaces():
        g.bind(prefix, namespace)
    g += source
    return g


def _slice_texts(store: ox.Store, class_paths, size: int):
    """The union (default graph) of a build's STORE as N-Triples texts of about SIZE triples each: whole
    subjects, in the store's order, each slice with every triple of the values of CLASS_PATHS (and of theirs)
    and every rdfs:subClassOf, which `sh:class` reads. A node that comes in whole with a value is validated in
    that slice too, with the same answer: the report keeps each violation once. Such a node is not sliced again
    in its own turn (a 100k build's evidence: 2.4M of 9.6M triples came twice). Literals come as the store
    keeps them, a valid typed literal in its canonical form ("01"^^xsd:integer as "1"), which is how a build
    writes them; the whole graph is read from graph.trig's text."""
    default = ox.DefaultGraph()
    paths = {ox.NamedNode(str(p)) for p in class_paths}
    sub_class = [q.triple for q in store.quads_for_pattern(None, ox.NamedNode(str(rdflib.RDFS.subClassOf)), None,
                                                           default)]
    part, subject, skip = [], None, False
    carried: set = set()   # nodes validated whole in an earlier slice, as a value
    for q in store.quads_for_pattern(None, None, None, default):
        if q.subject != subject:
            if len(part) >= size:
                yield _slice_text(store, part, paths, sub_class, carried)
                part = []
            subject = q.subject
            skip = subject in carried
        if not skip:
            part.append(q.triple)
    if part:
        yield _slice_text(store, part, paths, sub_class, carried)


def _slice_text(store, part, paths, extra, carried: set) -> bytes:
    """PART's triples with EXTRA and every triple of the values PATHS reach, as N-Triples; those values join
    CARRIED."""
    triples, have = part + extra, {t.subject for t in part}
    own, default = set(have), ox.DefaultGraph()
    todo = [t.object for t in part if t.predicate in paths and not isinstance(t.object, ox.Literal)]
    while todo:
        node = todo.pop()
        if node in have:
            continue
        have.add(node)
        for q in store.quads_for_pattern(node, None, None, default):
            triples.append(q.triple)
            if q.predicate in paths and not isinstance(q.object, ox.Literal):
                todo.append(q.object)
    carried |= have - own
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _graph_of(text: bytes) -> rdflib.Graph:
    """An N-Triples text as an rdflib graph of its own (`_ParsedOnce`), with the project's prefixes."""
    return nt_graph(text, _ParsedOnce())


def _parts(source, shapes: Path, size: int):
    """The graphs to validate one after the other: a build's store larger than SIZE triples in slices
    (`_slice_texts`) when the shapes allow it (graph.shape_locality), else the whole union (`_data_graph`)."""
    source = _opened(source)
    return _graphs(source, _sliced(source, shapes, size))


def _graphs(source, texts):
    """The slices' TEXTS as rdflib graphs, one at a time; or, with no slices (None), the whole of SOURCE."""
    return [_data_graph(source)] if texts is None else (_graph_of(t) for t in texts)


def _opened(source):
    return open_graph(source) if isinstance(source, (str, os.PathLike)) else source


def _sliced(source, shapes: Path, size: int):
    """`_slice_texts` of an opened build's store larger than SIZE triples when the shapes allow slicing
    (graph.shape_locality), else None."""
    store = getattr(source, "store", None) if getattr(source, "kind", "") == "store" else None
    if store is not None and any(True for _ in islice(store.quads_for_pattern(None, None, None, ox.DefaultGraph()),
                                                       size, None)):   # more than SIZE triples
        class_paths = local_shapes(rdflib.Graph().parse(shapes, format="turtle"))
        if class_paths is not None:
            return _slice_texts(store, class_paths, size)
    return None


def _check(data: rdflib.Graph, shapes: Path) -> tuple:
    """(conforms, violations) of one graph, which pyshacl may change (`data` is our own copy)."""
    ok, results, _ = pyshacl.validate(data, shacl_graph=str(shapes), inference="none",
                                      advanced=True, allow_warnings=True, inplace=True)
    return bool(ok), _violations(results)


def _check_text(text: bytes, shapes: str) -> tuple:
    """`_check` of a slice's N-Triples text, in a worker process."""
    rdflib_log = logging.getLogger("rdflib.term")
    rdflib_log.setLevel(logging.ERROR)
    return _check(_graph_of(text), Path(shapes))


class WorkerStopped(ActorgraphError):
    """A worker process checking slices ended without an answer (killed, most often for memory)."""


def _in_workers(texts, shapes: Path, jobs: int, check=None):
    """(conforms, violations) of each slice text, checked by CHECK (`_check_text`) in JOBS worker processes,
    at most 2 × JOBS texts waiting at once. Spawned, not forked: the parent holds the store open (RocksDB's
    threads and locks)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool
    check = check or _check_text
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            pending = set()
            for text in texts:
                pending.add(pool.submit(check, text, str(shapes)))
                del text
                if len(pending) >= 2 * jobs:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (f.result() for f in done)
            for f in pending:
                yield f.result()
    except BrokenProcessPool:
        raise WorkerStopped(f"a validation worker stopped without an answer (out of memory?); nothing was "
                            f"reported: run again with fewer workers (--jobs {max(jobs // 2, 1)})") from None


def validate(source, shapes=None, slice_triples: int | None = None, jobs: int = 1) -> ValidationReport:
    """Check `source` against the SHACL shapes; the report lists every violation, sorted. A large build's
    store is checked in slices of SLICE_TRIPLES triples (`_slice_texts`), so that rdflib never holds the
    whole graph (a 100k build's: ~13 GB); with JOBS above 1 (0: one per core), the slices are checked in
    that many worker processes, each slice SLICE_TRIPLES / JOBS triples, so the memory they hold together
    stays about that of one. SLICE_TRIPLES given: every slice that size."""
    shapes = Path(shapes) if shapes else shapes_path()
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    size = slice_triples or max(SLICE_TRIPLES // jobs, 1)
    rdflib_log = logging.getLogger("rdflib.term")
    level = rdflib_log.level
    rdflib_log.setLevel(logging.ERROR)  # ill-typed dates are reported below, not logged as tracebacks
    conforms, found = True, set()
    try:
        source = _opened(source)
        texts = _sliced(source, shapes, size)
        if texts is not None and jobs > 1:
            outcomes = _in_workers(texts, shapes, jobs)
        else:
            outcomes = (_check(data, shapes) for data in _graphs(source, texts))
        for ok, violations in outcomes:
            conforms = conforms and ok
            found |= violations
    finally:
        rdflib_log.setLevel(level)
    return ValidationReport(conforms, sorted(found), str(shapes))
