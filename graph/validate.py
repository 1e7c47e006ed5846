"""SHACL validation of a built graph against ontology/shapes.ttl (pyshacl), with a readable report.

`validate(source)` takes a build folder or RDF file path, an opened graph
(graph.store.KnowledgeGraph), or an rdflib Graph/Dataset; it never changes
the graph, it only reports.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import SH

from graph.results import compact

SHAPES_FILE = "shapes.ttl"


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


def _violations(results: rdflib.Graph) -> list:
    found = set()
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        found.add(Violation(
            focus=_show(results.value(r, SH.focusNode)), path=_show(results.value(r, SH.resultPath)),
            message=str(results.value(r, SH.resultMessage) or "constraint not met"),
            value=_show(results.value(r, SH.value)),
            severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]))
    return sorted(found)


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
    """The union of all triples of `source` as one rdflib Graph of its own (`_ParsedOnce`), which the
    validation may use in place: a graph the caller passed is copied, as pyshacl would copy it."""
    if isinstance(source, (str, os.PathLike)):
        from graph.store import open_graph
        source = open_graph(source)
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


def validate(source, shapes=None) -> ValidationReport:
    """Check `source` against the SHACL shapes; the report lists every violation, sorted."""
    shapes = Path(shapes) if shapes else shapes_path()
    rdflib_log = logging.getLogger("rdflib.term")
    level = rdflib_log.level
    rdflib_log.setLevel(logging.ERROR)  # ill-typed dates are reported below, not logged as tracebacks
    try:
        data = _data_graph(source)
        conforms, results, _ = pyshacl.validate(data, shacl_graph=str(shapes), inference="none",   # `data` is
                                                advanced=True, allow_warnings=True, inplace=True)   # our own copy
    finally:
        rdflib_log.setLevel(level)
    return ValidationReport(bool(conforms), _violations(results), str(shapes))
