"""Writing a build's outputs into a folder: graph.trig and graph.ttl (rdflib's readable Turtle for small
graphs, Oxigraph's for large ones), centrality.csv, network.html, the store, and manifest.json with the
SHA-256 of each; SHACL validation of small graphs."""
from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph as RdfGraph

from graph.errors import ActorgraphError
from graph.readable_turtle import trig_bytes, turtle_bytes
from graph.to_rdf import ANALYSIS_GRAPH, ox_quads

OUTPUTS = ("graph.ttl", "graph.trig", "centrality.csv", "network.html", "merges.csv")
MANIFEST = "manifest.json"


def write_exports_text(parts: list, folder: Path, report):
    """graph.trig, graph.ttl, centrality.csv, network.html and the store, into FOLDER, from the graph's
    N-Quads text (graph.nquads): the same bytes as to_rdf's rdflib Dataset of the same quads would give. The actor graph is
    read from an Oxigraph store of the text, and rdflib is only used to write small graphs' readable
    Turtle. `parts` is [extractions, resolution]; it is emptied once the text is written."""
    from graph import centrality, compact_graph, store
    with tempfile.TemporaryDirectory(prefix=".rdf-", dir=folder) as scratch:
        named_text, union_text = _spool(parts, Path(scratch))
        named, union = ox.Store(str(Path(scratch) / "named")), ox.Store(str(Path(scratch) / "union"))
        named.bulk_load(path=str(named_text), format=ox.RdfFormat.N_QUADS)
        union.bulk_load(path=str(union_text), format=ox.RdfFormat.N_TRIPLES)
        G = compact_graph.from_store(union, union_default_graph=True)
        result = centrality.compute(G)
        analysis = centrality.to_rdf(result, RdfGraph())
        if len(named) + len(analysis) <= LARGE_GRAPH:    # as write_rdf decides: rdflib's readable Turtle
            del named, union
            ds = _rdflib_dataset(named_text)
            target = ds.graph(ANALYSIS_GRAPH)
            for t in analysis:
                target.add(t)
            write_rdf(ds, folder)
            del ds
        else:
            added = list(ox_quads((s, p, o, ANALYSIS_GRAPH) for s, p, o in analysis))
            named.bulk_extend(added)
            union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in added)
            prefixes = dump_prefixes()
            named.dump(str(folder / "graph.trig"), ox.RdfFormat.TRIG, prefixes=prefixes)
            union.dump(str(folder / "graph.ttl"), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes)
            del named, union
    write_analysis_views(G, result, folder)
    store.write_store(folder / "graph.trig", folder)
    report.violations = validate_count(folder, report)


def _rdflib_dataset(path: Path):
    """An N-Quads file as an rdflib Dataset: parsed by Oxigraph (rdflib's N-Quads parser is a regex per
    line, several times slower), each distinct term made into an rdflib term once."""
    from rdflib import Dataset, Literal, URIRef
    ds, terms, graphs = Dataset(), {}, {}

    def term(t):
        v = terms.get(t)
        if v is None:
            if isinstance(t, ox.NamedNode):
                v = URIRef(t.value)
            else:
                dt = None if t.language or t.datatype.value == _XSD_STRING else URIRef(t.datatype.value)
                v = Literal(t.value, lang=t.language or None, datatype=dt)
            terms[t] = v
        return v

    def quads():
        for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            g = graphs.get(q.graph_name)
            if g is None:
                g = graphs[q.graph_name] = ds.graph(URIRef(q.graph_name.value))
            yield term(q.subject), term(q.predicate), term(q.object), g
    ds.addN(quads())
    return ds


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _spool(parts: list, scratch: Path) -> tuple:
    """The graph's N-Quads text (graph.nquads), article by article, into SCRATCH/named.nq, and its union as
    N-Triples into SCRATCH/union.nt; `parts` ([extractions, resolution]) is emptied first."""
    from graph.nquads_fill import quads_text, triples_of
    extractions, resolution = parts
    parts.clear()
    named, union = scratch / "named.nq", scratch / "union.nt"
    with open(named, "wb") as nq, open(union, "wb") as nt:
        for chunk in quads_text(extractions, resolution, drop=True):
            nq.write(chunk.encode("utf-8"))
            nt.write(triples_of(chunk).encode("utf-8"))
    return named, union


def write_analysis_views(G, result, folder: Path):
    from graph import centrality, view
    (folder / "centrality.csv").write_text(centrality.to_csv(result), encoding="utf-8", newline="")
    view.write(G, result, folder / "network.html")


def write_large(parts: list, folder: Path, report, previous: Path | None = None):
    """The large-corpus path, with memory bounded by the actor graph rather than the RDF: the graph's
    N-Quads text (graph.nquads, filled from the workers' templates) goes into the on-disk store
    FOLDER/.store batch by batch (Oxigraph's bulk loader, named graphs and the union in the default
    graph), and into graph.trig graph by graph in the order written (graph.trig_segments). The actor graph
    is read back from the store's default graph as compact arrays, and graph.ttl is dumped from it.
    `parts` is [extractions, resolution]; it is emptied at once, and each article's facts dropped once
    written.

    PREVIOUS: the store of the build this one replaces; when it can be reused (graph.store_update), it is
    copied and only the graphs that changed are written into it, to the same quads as a clean build's; the
    blocks of graph.trig whose graphs did not change are copied from the previous graph.trig."""
    from graph import heap
    from graph.store import STORE_DIR
    from graph.store_update import StoreUpdate
    update = StoreUpdate.start(previous, folder / STORE_DIR)
    try:
        with heap.frozen():   # the resolution, then the actor graph: out of the collector's full passes
            _write_large(parts, folder, report, update, previous)
    finally:
        if update is not None:   # its background removal never outlives the build
            update.summaries_removed()


def _write_large(parts: list, folder: Path, report, update, previous: Path | None):
    from graph import centrality, compact_graph, heap
    from graph.nquads_load import load_and_write, load_quads
    from graph.store import STORE_DIR
    from graph.store_update import write_digests
    from graph.trig_segments import TrigWriter
    prefixes = dump_prefixes()
    if isinstance(parts[0], list):   # each article's local entities: resolution holds what the graph needs
        for fx in parts[0]:          # (a spool's extractions are read back one at a time anyway)
            fx.entities = {}
    st = update.store if update else ox.Store(str(folder / STORE_DIR))
    digests = {}   # the article graphs' digests, for the next build's update (graph.store_update)
    with TrigWriter(folder / "graph.trig", prefixes, previous) as trig:   # closed on the way out, whatever happens
        load_and_write(st, parts, trig, update=update, digests=digests)
        report.trig_copied = trig.copied
        heap.trim()   # what the load and the update dropped, back to the system before the actor graph is made
        G = compact_graph.from_store(st, union_default_graph=True)
        heap.keep()
        result = centrality.compute(G)
        analysis = centrality.quads_text(result, str(ANALYSIS_GRAPH))   # into its graph and the union, as _into does
        if update is None:
            load_quads(st, ox.parse(input=analysis, format=ox.RdfFormat.N_QUADS))
        else:
            update.replace(str(ANALYSIS_GRAPH), analysis)
            update.finish()
            report.store_update = (update.kept, update.changed)
        trig.stream(ox.parse(input=analysis, format=ox.RdfFormat.N_QUADS), declare=True)   # as TriG allows
        trig.close(folder / STORE_DIR)
    del analysis
    heap.trim()   # and what centrality and the analysis graph's update dropped, before the view
    # graph.ttl (the default graph, now final) is dumped on another core while the view and the summaries
    # are made: Oxigraph's dump runs without the GIL, reading a snapshot, and the summaries go into their
    # own named graph (58 s of a 100k build's wall time, 2026-12-04)
    with ThreadPoolExecutor(1) as dumping:
        ttl = dumping.submit(st.dump, str(folder / "graph.ttl"), ox.RdfFormat.TURTLE,
                             from_graph=ox.DefaultGraph(), prefixes=prefixes)
        write_analysis_views(G, result, folder)
        del G, result
        from graph.summaries import write_summaries   # the named queries' answers the server reads (as write_store)
        if update is not None:
            update.summaries_removed()
        write_summaries(st)
        ttl.result()
    st.flush()
    st.optimize()
    del st
    write_digests(folder / STORE_DIR, digests)
    report.violations = validate_count(folder, report)


def _into(st, rdflib_quads):
    """The quads as pyoxigraph Quads, passed on once all are added to store ST: to its named graph
    and to the default graph (the union, where copies collapse)."""
    qs = list(ox_quads(rdflib_quads))
    st.bulk_extend([*qs, *(ox.Quad(q.subject, q.predicate, q.object) for q in qs)])
    return qs


def dump_prefixes() -> dict:
    """The prefixes Oxigraph writes graph.trig / graph.ttl with: the vocabularies', without `id:`
    (the graph's own IRIs stay written in full)."""
    from graph.vocab import PREFIXES
    return {p: ns for p, ns in PREFIXES.items() if p != "id"}


LARGE_GRAPH = 200_000   # quads: above this Oxigraph writes TriG/Turtle (rdflib's pretty writer takes minutes per million)
SHACL_MAX = 60_000      # triples: above this the build leaves SHACL to `actorgraph validate` (pyshacl is minutes per 100k)


def write_rdf(ds, folder: Path):
    """graph.trig and graph.ttl, deterministic; rdflib's readable Turtle for small graphs (written by
    readable_turtle, the same bytes faster), Oxigraph's for large ones."""
    if sum(1 for _ in ds.quads((None, None, None, None))) <= LARGE_GRAPH:
        bind_prefixes(ds)
        (folder / "graph.trig").write_bytes(trig_bytes(ds))
        from graph.network import union_graph
        union = union_graph(ds)
        bind_prefixes(union)
        (folder / "graph.ttl").write_bytes(turtle_bytes(union))
        return
    # On-disk stores, in a scratch folder: they dump in key order whatever the order the quads came in
    # (rdflib's N-Quads follow set order, which changes from run to run); an in-memory store dumps in
    # insertion order, so its TriG differed between two builds of the same articles.
    prefixes = dump_prefixes()
    with tempfile.TemporaryDirectory(prefix=".rdf-", dir=folder) as scratch:
        named = ox.Store(str(Path(scratch) / "named"))
        named.bulk_load(input=ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        (folder / "graph.trig").write_bytes(named.dump(format=ox.RdfFormat.TRIG, prefixes=prefixes))
        union = ox.Store(str(Path(scratch) / "union"))
        union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in named)
        (folder / "graph.ttl").write_bytes(union.dump(format=ox.RdfFormat.TURTLE, prefixes=prefixes,
                                                      from_graph=ox.DefaultGraph()))
        del named, union


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


def write_merges(merges, path: Path):
    """merges.csv: every spelling resolution or a judgement joined to another actor, and why."""
    import csv
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["actor", "merged", "spelling", "rule", "key", "score"])
    for m in merges:
        w.writerow([m.into, m.merged, m.spelling, m.rule, m.key, f"{m.score:.3f}"])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
