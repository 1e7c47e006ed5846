"""Exports of a built graph: RDF (turtle, trig, nquads, ntriples, jsonld) and the actor network
(graphml, gexf, csv = nodes.csv + edges.csv in a folder, with evidence.csv: every fact's evidence).

RDF is written by Oxigraph from the store (JSON-LD by rdflib, for its compact
@context). Triple formats get the union of all named graphs; quad formats keep
one named graph per article. Files are written atomically (temp, then rename).
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from graph.atomic import write_atomic
from graph.errors import ActorgraphError
from graph.vocab import PREFIXES

RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
               "nquads": ox.RdfFormat.N_QUADS, "ntriples": ox.RdfFormat.N_TRIPLES}
FORMATS = (*RDF_FORMATS, "jsonld", "graphml", "gexf", "csv")
CENTRALITY = ("degree", "weightedDegree", "betweenness", "pagerank", "eigenvector")
NODE_FIRST = ("id", "type", "label", "label_en", "label_ar", *CENTRALITY)
EDGE_FIRST = ("source", "target", "source_label", "target_label", "weight", "label")


def write_rdf(kg, fmt: str, stream) -> None:
    """One of RDF_FORMATS, or jsonld, into a binary stream."""
    if fmt == "jsonld":
        data = kg.to_rdflib().serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
        stream.write(data.encode("utf-8"))
    elif fmt in ("turtle", "ntriples"):
        ox.serialize(kg.triples(), stream, RDF_FORMATS[fmt], prefixes=PREFIXES)
    else:
        ox.serialize(kg.quads(), stream, RDF_FORMATS[fmt], prefixes=PREFIXES)


def _figures(kg) -> dict:
    """Centrality figures by actor IRI, from the analysis graph."""
    props = " ".join(f"OPTIONAL {{ ?a ag:{p} ?{p} }}" for p in CENTRALITY)
    rows = kg.query(f"SELECT ?a {' '.join('?' + p for p in CENTRALITY)} WHERE {{ ?a ag:pagerank [] . {props} }}")
    return {row["a"].value: {p: _number(row[p]) for p in CENTRALITY if row[p] is not None} for row in rows}


def _number(literal):
    text = literal.value
    return int(text) if literal.datatype.value.endswith("#integer") else float(text)


def _simple(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, dict) for v in value):
        return len(value)  # fact records (posts, meetings, agreements): their number
    if isinstance(value, (list, tuple, set)) and all(isinstance(v, str) for v in value):
        return "; ".join(sorted(value))
    return None


def network(kg) -> nx.Graph:
    """The actor network with scalar attributes only (what GraphML, GEXF and CSV can hold)."""
    from graph.network import actor_graph
    full = actor_graph(kg.store, union_default_graph=True)
    figures = _figures(kg)
    G = nx.Graph()
    for n, d in sorted(full.nodes(data=True)):
        attrs = {k: _simple(v) for k, v in d.items()}
        attrs.update({k: v for k, v in figures.get(n, {}).items() if attrs.get(k) is None})
        attrs["label"] = attrs.get("label") or attrs.get("label_en") or attrs.get("label_ar") or n
        G.add_node(n, **{k: v for k, v in attrs.items() if v is not None})
    for u, v, d in sorted(full.edges(data=True), key=lambda e: (e[0], e[1])):
        G.add_edge(u, v, **{k: s for k, s in ((k, _simple(x)) for k, x in d.items()) if s is not None})
    return G


def _columns(records, first) -> list:
    keys = {k for r in records for k in r}
    return [k for k in first if k in keys] + sorted(keys - set(first))


def write_csv(G: nx.Graph, folder: Path) -> None:
    """nodes.csv (one actor a row) and edges.csv (one pair a row, with both labels) into folder."""
    nodes = [{"id": n, **d} for n, d in G.nodes(data=True)]
    edges = [{"source": u, "target": v, "source_label": G.nodes[u]["label"],
              "target_label": G.nodes[v]["label"], **d} for u, v, d in G.edges(data=True)]
    folder.mkdir(parents=True, exist_ok=True)
    for name, records, first in (("nodes.csv", nodes, NODE_FIRST), ("edges.csv", edges, EDGE_FIRST)):
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=_columns(records, first), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        write_atomic(folder / name, lambda f, text=buf.getvalue(): f.write(text.encode("utf-8")))


EVIDENCE_COLUMNS = ("article", "fact", "type", "label", "rule", "sentence")
EVIDENCE = """SELECT ?article ?fact ?type ?label ?rule ?sentence WHERE {
  ?fact ag:evidence ?e ; a ?t .
  FILTER(?t IN (ag:Post, ag:Meeting, ag:Agreement))
  ?e ag:sentence ?sentence ; ag:rule ?rule ; ag:article ?a .
  ?a schema:identifier ?article .
  OPTIONAL { GRAPH ?a { ?fact rdfs:label ?label } }
  BIND(STRAFTER(STR(?t), "#") AS ?type)
} ORDER BY ?article ?fact ?rule ?sentence ?label"""


def write_evidence_csv(kg, folder: Path) -> None:
    """evidence.csv: one row per fact and evidence sentence (article file name, fact IRI, Post/Meeting/
    Agreement, the fact's label in that article, the rule that fired, the sentence), by article."""
    def write(f):  # streamed: a large build has hundreds of thousands of rows
        text = io.TextIOWrapper(f, encoding="utf-8", newline="")
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(EVIDENCE_COLUMNS)
        for row in kg.query(EVIDENCE):
            writer.writerow(["" if row[c] is None else row[c].value for c in EVIDENCE_COLUMNS])
        text.flush()
        text.detach()
    write_atomic(folder / "evidence.csv", write)


def _writer(kg, fmt: str):
    if fmt in RDF_FORMATS or fmt == "jsonld":
        return lambda f: write_rdf(kg, fmt, f)
    G = network(kg)
    if fmt == "graphml":
        return lambda f: nx.write_graphml(G, f, encoding="utf-8")
    return lambda f: nx.write_gexf(G, f, encoding="utf-8")


def export(kg, fmt: str, out) -> str:
    """Write the graph opened as `kg` in `fmt` to `out` (a file, '-' for stdout, a folder for csv)."""
    if fmt not in FORMATS:
        raise ActorgraphError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "csv":
        if str(out) == "-":
            raise ActorgraphError("csv writes three files (nodes.csv, edges.csv, evidence.csv): "
                                  "give -o a folder, not -")
        write_csv(network(kg), Path(out))
        write_evidence_csv(kg, Path(out))
        return f"wrote {', '.join(str(Path(out) / n) for n in ('nodes.csv', 'edges.csv', 'evidence.csv'))}"
    write = _writer(kg, fmt)
    if str(out) == "-":
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return ""
    write_atomic(Path(out), write)
    return f"wrote {out} ({fmt})"

