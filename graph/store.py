"""The embedded Oxigraph store beside a build's exports, and opening any built graph.

A store holds every named graph of the dataset (one per article, plus the
analysis graph) and, in its default graph, the union of them all, so a query
without GRAPH sees each fact once (Oxigraph's "union default graph" would
repeat a fact once per article that states it).
"""
from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from graph.errors import ActorgraphError, GraphNotFound
from graph.vocab import PREFIXES

STORE_DIR = ".store"
BUILD_FILES = ("graph.trig", "graph.ttl")
_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS, "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "json": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML, "owl": ox.RdfFormat.RDF_XML,
}
SUMMARIES = "https://w3id.org/actorgraph/id/graph/summaries"   # graph.summaries.SUMMARY_GRAPH: derived, not data
_NOT_IN_NAMED = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a file, from its extension."""
    fmt = _FORMATS.get(Path(path).suffix.lower().lstrip("."))
    if fmt is None:
        raise ActorgraphError(f"{path}: unknown RDF file type (use .ttl, .trig, .nq, .nt, .jsonld or .rdf)")
    return fmt


class KnowledgeGraph:
    """A built graph opened for reading: SPARQL over it, its quads, an rdflib copy."""

    def __init__(self, store: ox.Store, source: Path, kind: str, rdf_file: Path | None = None):
        self.store, self.source, self.kind = store, Path(source), kind
        self.rdf_file = rdf_file  # the build's own serialisation: quads are read from it as written

    def _parsed(self):
        return ox.parse(path=str(self.rdf_file), format=rdf_format(self.rdf_file))

    def __repr__(self):
        return f"<KnowledgeGraph {self.kind} {self.source}>"

    def query(self, sparql: str):
        """Run a SPARQL query (prefixes of graph.vocab predeclared) on the union default graph."""
        return self.store.query(sparql, prefixes=PREFIXES)

    def triples(self):
        """Every distinct triple of the graph (the union of all named graphs), literals as written."""
        if self.rdf_file is None:
            yield from (q.triple for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            return
        seen = set()
        for q in self._parsed():
            if q.triple not in seen:
                seen.add(q.triple)
                yield q.triple

    def quads(self):
        """The dataset as written: named-graph quads, then default-graph triples stated outside them.

        Read from the build's file when there is one: the store keeps literal values, not their
        spelling (Oxigraph writes 0.0 back as 0), and exports must round-trip term for term."""
        if self.rdf_file is not None:
            yield from self._parsed()
            return
        for q in self.store.quads_for_pattern(None, None, None, None):
            if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name.value != SUMMARIES:
                yield q
        for row in self.store.query(_NOT_IN_NAMED):
            yield ox.Quad(row["s"], row["p"], row["o"], ox.DefaultGraph())

    def to_rdflib(self):
        """The dataset as an rdflib Dataset (named graphs kept; default graph = triples outside them)."""
        import rdflib
        ds = rdflib.Dataset()
        ds.parse(data=ox.serialize(self.quads(), format=ox.RdfFormat.N_QUADS), format="nquads")
        return ds

    def union_graph(self, into=None):
        """The union of all named graphs as one rdflib Graph (INTO, an empty one, when given)."""
        return rdflib_graph(self.triples(), into)

    def __len__(self):
        return len(self.store)


def rdflib_graph(triples, into=None):
    """Oxigraph TRIPLES as an rdflib Graph (INTO, an empty one, when given), with the project's prefixes."""
    return nt_graph(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), into)


def nt_graph(text: bytes, into=None):
    """An N-Triples TEXT as an rdflib Graph (INTO, an empty one, when given), with the project's prefixes."""
    import rdflib
    g = rdflib.Graph() if into is None else into
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    g.parse(data=text, format="nt")
    return g


def _add_union(store: ox.Store, bulk: bool) -> None:
    """Copy every named-graph triple into the default graph (duplicates collapse there)."""
    copies = [ox.Quad(q.subject, q.predicate, q.object)
              for q in store.quads_for_pattern(None, None, None, None)
              if not isinstance(q.graph_name, ox.DefaultGraph)]
    (store.bulk_extend if bulk else store.extend)(copies)


def _fill(store: ox.Store, source) -> None:
    """Load a path, an rdflib Dataset/Graph, or an iterable of pyoxigraph Quads into a fresh store."""
    if isinstance(source, (str, os.PathLike)):
        union = Path(source).with_name("graph.ttl")
        try:
            store.bulk_load(path=str(source), format=rdf_format(Path(source)))
            if Path(source).name == "graph.trig" and union.is_file():
                # a build folder: its graph.ttl is the union; Oxigraph's own loader fills the default graph
                store.bulk_load(path=str(union), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
                return
        except (SyntaxError, ValueError) as e:
            raise ActorgraphError(f"{source}: not valid RDF: {e}") from None
    elif hasattr(source, "serialize") and hasattr(source, "triples"):
        fmt = "nquads" if hasattr(source, "contexts") else "nt"
        data = source.serialize(format=fmt, encoding="utf-8")
        store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.N_TRIPLES)
    else:
        store.bulk_extend(source)
    _add_union(store, bulk=True)


def write_store(source, folder) -> Path:
    """Build `folder/.store` from `source` (an RDF file path, an rdflib Dataset/Graph, or pyoxigraph Quads).

    The store is built in a temporary folder beside it and renamed into place,
    so a reader sees either the previous store or the new one, never a partial
    one (during the swap a reader finds no store and parses graph.trig instead).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    final, tmp, old = (folder / STORE_DIR, folder / f"{STORE_DIR}.tmp-{os.getpid()}",
                       folder / f"{STORE_DIR}.old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        store = ox.Store(str(tmp))
        _fill(store, source)
        from graph.summaries import write_summaries   # graph.summaries imports this module
        write_summaries(store)
        store.flush()
        store.optimize()
        del store
        gc.collect()
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if final.exists():
        os.rename(final, old)
    os.rename(tmp, final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def _memory_graph(path: Path, kind: str) -> KnowledgeGraph:
    store = ox.Store()
    try:
        store.load(path=str(path), format=rdf_format(path))
    except (SyntaxError, ValueError) as e:
        raise ActorgraphError(f"{path}: not valid RDF: {e}") from None
    _add_union(store, bulk=False)
    return KnowledgeGraph(store, path, kind, rdf_file=path)


def _open_store_dir(path: Path, rdf_file: Path | None = None) -> KnowledgeGraph:
    try:
        return KnowledgeGraph(ox.Store.read_only(str(path)), path, "store", rdf_file)
    except OSError as e:
        raise ActorgraphError(f"{path}: cannot open the store read-only: {e}") from None


def open_graph(path) -> KnowledgeGraph:
    """Open a build folder (its store, else graph.trig/graph.ttl), a store folder, or one RDF file."""
    path = Path(path)
    if path.is_file():
        return _memory_graph(path, "file")
    if not path.is_dir():
        raise GraphNotFound(f"{path}: no such graph (build one with `actorgraph build --out {path}`)")
    if (path / "CURRENT").is_file():
        return _open_store_dir(path)
    files = [path / name for name in BUILD_FILES if (path / name).is_file()]
    if (path / STORE_DIR / "CURRENT").is_file():
        return _open_store_dir(path / STORE_DIR, files[0] if files else None)
    if files:
        return _memory_graph(files[0], "file")
    raise GraphNotFound(f"{path}: not a build folder (no {STORE_DIR}/, graph.trig or graph.ttl); "
                        f"run `actorgraph build --out {path}` first")
