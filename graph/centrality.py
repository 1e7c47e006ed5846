"""Centrality of the actors in the actor graph (graph.network), as plain data.

Measures: degree (distinct neighbours), weighted degree (sum of edge weights,
i.e. of supporting articles), betweenness (normalised, on hop distance; exact
up to EXACT_BETWEENNESS_MAX nodes, sampled above with a fixed seed), PageRank
(weighted) and eigenvector centrality (weighted, unit length; 0 for every
actor, with a note, when it does not converge). Every row also carries its
rank overall and within its type, by each measure, and its community
(graph.communities: seeded Leiden, 1 = the largest).

igraph computes (C code: exact betweenness is ~30x faster than NetworkX's and
PageRank/eigenvector take about a second at 100,000 actors); NetworkX, with a
pure-Python PageRank, stays the reference (`engine="networkx"`): the tests
check both give the same figures and ranks. Sampled betweenness uses the
sources NetworkX would draw and its rescaling, so the engines agree there too.
Figures are rounded to 6 decimals; the same graph gives the same centrality.csv.
"""
from __future__ import annotations

import csv
import io
import math
import random
import warnings
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph import communities, facts, network
from graph.compact_graph import CompactGraph
from graph.vocab import AG

MEASURES = ("degree", "weighted_degree", "betweenness", "pagerank", "eigenvector")
TYPES = ("Person", "Organization", "Country")
# Betweenness engine igraph (benchmarks/betweenness_bench.py, synthetic actor graphs, ~5 edges per node,
# 2 shared cores): exact 0.10 s at 1,000 nodes, 0.36 s at 2,000, 3.2 s at 5,000, 10.7 s at 10,000
# (NetworkX: 3.1 s at 1,000, 15 s at 2,000). Sampled, a source costs ~75 ms at 100,000 nodes / 513,000
# edges, so k=400 keeps every measure together within a minute there. Exact up to:
EXACT_BETWEENNESS_MAX = 5000
SAMPLE_K = 400
SEED = 42
ENGINES = ("igraph", "networkx")   # igraph computes; NetworkX (and a pure-Python PageRank) is the reference
ENGINE = "igraph"
PREDICATES = {"degree": AG.degree, "weighted_degree": AG.weightedDegree, "betweenness": AG.betweenness,
              "pagerank": AG.pagerank, "eigenvector": AG.eigenvector}


@dataclass
class Result:
    """One row per actor (sorted by IRI) and notes on how each figure was computed."""
    rows: list = field(default_factory=list)
    notes: dict = field(default_factory=dict)

    def ranked(self, measure="pagerank", type=None, top=None) -> list:
        """Rows of one type (or all), highest `measure` first (ties by IRI), at most `top`."""
        if measure not in MEASURES:
            raise ValueError(f"unknown measure {measure!r}; choose from {', '.join(MEASURES)}")
        rows = [r for r in self.rows if type is None or r["type"] == type]
        rows = sorted(rows, key=lambda r: (-r[measure], r["iri"]))
        return rows[:top] if top else rows


def compute(G: nx.Graph, since=None, until=None, *, exact_max=EXACT_BETWEENNESS_MAX, sample_k=SAMPLE_K,
            seed=SEED, eigen_max_iter=1000, engine=ENGINE) -> Result:
    """Every measure for every actor of G (restricted to a time window when one is given)."""
    _engine(engine)
    compact = isinstance(G, CompactGraph)
    if since or until:
        G = G.restrict(since, until) if compact else network.restrict(G, since, until)
    notes = {"window": f"{since or '…'} – {until or '…'}" if since or until else "all dates"}
    if compact and engine == "networkx":   # the reference engine works on NetworkX
        G, compact = G.structure(), False
    ig = (Indexed.of_compact(G) if compact else Indexed(G)) if engine == "igraph" else None
    between, notes["betweenness"] = betweenness(G, exact_max, sample_k, seed, engine=engine, ig=ig)
    eigen, notes["eigenvector"] = eigenvector(G, eigen_max_iter, engine=engine, ig=ig)
    figures = {"betweenness": between, "pagerank": pagerank(G, engine=engine, ig=ig), "eigenvector": eigen}
    if compact:
        degree, strength = G.degrees()
        figures["degree"], figures["weighted_degree"] = ig.by_node(degree), ig.by_node(strength)
        rows = [_row(n, G.actors.attrs(i), figures) for i, n in enumerate(G.actors.iris)]
        found = communities.detect_indexed(G.actors.iris, list(zip(G.u, G.v, G.weights)))
    else:
        figures["degree"], figures["weighted_degree"] = dict(G.degree()), dict(G.degree(weight="weight"))
        rows = [_row(n, G.nodes[n], figures) for n in sorted(G)]
        found = communities.detect(G)
    _add_ranks(rows)
    for r in rows:
        r["community"] = found[r["iri"]]
    return Result(rows, notes)


def _row(n, d, figures) -> dict:
    row = {"iri": n, "type": d["type"], "label": d["label"], "label_en": d["label_en"], "label_ar": d["label_ar"]}
    for m in MEASURES:
        row[m] = figures[m][n] if m in ("degree", "weighted_degree") else round(figures[m][n], 6)
    return row


def _add_ranks(rows):
    for r in rows:
        r["rank"], r["type_rank"] = {}, {}
    by_type = {}
    for r in rows:
        by_type.setdefault(r["type"], []).append(r)
    for m in MEASURES:
        key = lambda r: (-r[m], r["iri"])  # noqa: E731
        for i, r in enumerate(sorted(rows, key=key), 1):
            r["rank"][m] = i
        for typed in by_type.values():
            for i, r in enumerate(sorted(typed, key=key), 1):
                r["type_rank"][m] = i


class Indexed:
    """G as an igraph Graph: vertex i is the i-th node of G (in G's own order), edge weights alongside."""

    def __init__(self, G):
        import igraph
        self.nodes = list(G)
        index = {v: i for i, v in enumerate(self.nodes)}
        self.graph = igraph.Graph(n=len(self.nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
        self.weights = [d.get("weight", 1) for _, _, d in G.edges(data=True)]

    @classmethod
    def of_compact(cls, g) -> "Indexed":
        """A graph.compact_graph.CompactGraph as igraph, its links in the order NetworkX would list them."""
        import igraph
        self = cls.__new__(cls)
        self.nodes = g.actors.iris
        order = g.links_in_networkx_order()
        u, v, w = g.u, g.v, g.weights
        self.graph = igraph.Graph(n=len(self.nodes), edges=[(u[e], v[e]) for e in order])
        self.weights = [w[e] for e in order]
        return self

    def by_node(self, values) -> dict:
        return dict(zip(self.nodes, values))


def _indexed(G, ig):
    return ig if ig is not None else Indexed(G)


def betweenness(G, exact_max=EXACT_BETWEENNESS_MAX, sample_k=SAMPLE_K, seed=SEED, *, engine=ENGINE, ig=None):
    """(normalised betweenness by node, "exact" or "sampled: k=…, seed=…").

    Sampled: the sources NetworkX would draw (random.Random(seed).sample of G's nodes) and NetworkX's
    rescaling, so both engines give the same figures; igraph counts the paths from those sources."""
    n = len(G)
    if n <= exact_max or sample_k >= n:
        sources, note = None, "exact"
    else:
        sources, note = random.Random(seed).sample(list(G), sample_k), f"sampled: k={sample_k} of {n} sources, seed={seed}"
    if engine == "networkx":
        return nx.betweenness_centrality(G, k=sample_k if sources else None, normalized=True, seed=seed), note
    _engine(engine)
    if n <= 2:
        return dict.fromkeys(G, 0.0), note
    ig = _indexed(G, ig)
    if sources is None:
        raw = ig.graph.betweenness(directed=False)
        return ig.by_node(2 * b / ((n - 1) * (n - 2)) for b in raw), note   # ordered pairs, as NetworkX counts
    index = {v: i for i, v in enumerate(ig.nodes)}
    raw = ig.graph.betweenness(directed=False, sources=[index[v] for v in sources])
    k, chosen = len(sources), set(sources)
    return ig.by_node(2 * b / ((k - 1 if v in chosen else k) * (n - 2)) for v, b in zip(ig.nodes, raw)), note


def eigenvector(G, max_iter=1000, *, engine=ENGINE, ig=None):
    """(weighted eigenvector centrality of unit length, note); 0 everywhere when it does not converge.

    igraph: ARPACK (at most `max_iter` Arnoldi iterations); networkx: power iteration."""
    if len(G) == 0:
        return {}, "power iteration" if engine == "networkx" else "ARPACK"
    if engine == "networkx":
        try:
            return nx.eigenvector_centrality(G, max_iter=max_iter, weight="weight"), "power iteration"
        except nx.PowerIterationFailedConvergence:
            return dict.fromkeys(G, 0.0), f"did not converge in {max_iter} iterations: set to 0"
    _engine(engine)
    import igraph
    ig = _indexed(G, ig)
    if not ig.weights:
        return dict.fromkeys(G, 0.0), "ARPACK (no links)"
    options = igraph.ARPACKOptions()
    options.maxiter = max_iter
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # "not meaningful for disconnected graphs"
        try:
            values = ig.graph.eigenvector_centrality(scale=True, weights=ig.weights, arpack_options=options)
        except igraph.InternalError as e:
            return dict.fromkeys(G, 0.0), f"did not converge in {max_iter} iterations ({e}): set to 0"
    values = [abs(x) for x in values]
    norm = math.sqrt(sum(x * x for x in values)) or 1.0
    return ig.by_node(x / norm for x in values), "ARPACK"


def pagerank(G, alpha=0.85, *, engine=ENGINE, ig=None) -> dict:
    """Weighted PageRank (dangling actors spread evenly): igraph's PRPACK, or `_pagerank_python`."""
    if engine == "networkx":
        return _pagerank_python(G, alpha)
    _engine(engine)
    if len(G) == 0:
        return {}
    ig = _indexed(G, ig)
    return ig.by_node(ig.graph.pagerank(weights=ig.weights or None, damping=alpha, directed=False))


def _engine(engine):
    if engine not in ENGINES:
        raise ValueError(f"unknown centrality engine {engine!r}; choose from {', '.join(ENGINES)}")


def _pagerank_python(G, alpha=0.85, tol=1.0e-10, max_iter=1000) -> dict:
    """Weighted PageRank by power iteration in pure Python (the reference; networkx's own needs SciPy)."""
    nodes, n = sorted(G), len(G)
    if not n:
        return {}
    strength = dict(G.degree(weight="weight"))
    x = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(x[v] for v in nodes if not strength[v]) / n
        nxt = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for v in nodes:
            if strength[v]:
                share = alpha * x[v] / strength[v]
                for u, d in G[v].items():
                    nxt[u] += share * d.get("weight", 1)
        done = sum(abs(nxt[v] - x[v]) for v in nodes) < n * tol
        x = nxt
        if done:
            break
    return x


def to_rdf(result: Result, graph):
    """Write each actor's figures into `graph` with the ontology's properties; returns the graph."""
    for r in result.rows:
        s = URIRef(r["iri"])
        for m, p in PREDICATES.items():
            dtype = XSD.integer if m in ("degree", "weighted_degree") else XSD.double
            graph.add((s, p, Literal(r[m], datatype=dtype)))
        if "community" in r:
            graph.add((s, AG.community, Literal(r["community"], datatype=XSD.integer)))
    return graph


def quads(result: Result, graph_name: str) -> list:
    """What `to_rdf` writes, as pyoxigraph Quads in graph `graph_name`, in the order of the sorted rdflib
    triples (subject, then predicate IRI) and with rdflib's lexical forms (str of the int or float),
    without an rdflib term: at 100,000 actors the rdflib graph and its sort took seconds."""
    return list(_quads(result, graph_name))


def quads_text(result: Result, graph_name: str) -> bytes:
    """`quads`, as N-Quads text: at 100,000 actors 452,000 quads, ~320 MiB as a list of pyoxigraph Quads
    and ~80 MiB as text, which the large path parses again wherever it needs them."""
    import pyoxigraph as ox
    return ox.serialize(_quads(result, graph_name), format=ox.RdfFormat.N_QUADS)


def _quads(result: Result, graph_name: str):
    import pyoxigraph as ox
    graph = ox.NamedNode(graph_name)
    integer, double = ox.NamedNode(str(XSD.integer)), ox.NamedNode(str(XSD.double))
    props = sorted([(str(p), m) for m, p in PREDICATES.items()] + [(str(AG.community), "community")])
    props = [(ox.NamedNode(p), m, integer if m in ("degree", "weighted_degree", "community") else double)
             for p, m in props]
    for r in sorted(result.rows, key=lambda r: r["iri"]):
        s = ox.NamedNode(r["iri"])
        yield from (ox.Quad(s, p, ox.Literal(str(r[m]), datatype=dtype), graph) for p, m, dtype in props if m in r)


CSV_COLUMNS = ("iri", "type", "label_en", "label_ar", *MEASURES, "rank", "type_rank", "community")


def to_csv(result: Result, measure="pagerank", type=None, top=None) -> str:
    """centrality.csv: one row per actor, highest `measure` first; ranks are by that measure."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in result.ranked(measure, type, top):
        w.writerow([r["iri"], r["type"], r["label_en"], r["label_ar"], *(r[m] for m in MEASURES),
                    r["rank"][measure], r["type_rank"][measure], r.get("community", "")])
    return out.getvalue()


def from_path(path, since=None, until=None) -> Result:
    """Centrality of the actor graph of a build folder or RDF file."""
    facts.window(since, until)  # refuse a bad date before reading the graph
    from graph import compact_graph
    return compute(compact_graph.at(path), since, until)


def to_table(result: Result, measure="pagerank", type=None, top=None) -> str:
    """A plain-text table of the top actors by one measure, with a note on the method."""
    rows = result.ranked(measure, type, top)
    rank_key = "type_rank" if type else "rank"
    lines = [f"{'#':>4}  {'actor':<40} {'type':<12} {measure:>15}"]
    lines += [f"{r[rank_key][measure]:>4}  {r['label'][:40]:<40} {r['type']:<12} {r[measure]:>15}" for r in rows]
    lines.append(f"({len(rows)} of {len(result.rows)} actors; window: {result.notes['window']}; "
                 f"betweenness: {result.notes['betweenness']}; eigenvector: {result.notes['eigenvector']})")
    return "\n".join(lines)
