"""Precomputed answers of the named queries without parameters, kept in the store beside the graph.

who-met-whom, meetings, persons-posts, agreements, central-actors and communities each sort all their rows
before a LIMIT can cut them (seconds at 10k articles: who-met-whom 6.4 s for its first 100 rows). The graph
does not change once built, so the build evaluates each of them once and writes its rows, in order, into the
named graph SUMMARY_GRAPH of the store (not into graph.trig: it is derived, like the union default graph):

    <id/summary/who-met-whom/17>  <id/summary/who-met-whom#rank>  17 ;
                                  <id/summary/who-met-whom#nameA> "…" ; …

`reader(query)` is the query that reads those rows back: the store lists `#rank` in value order (its
index holds an integer by value), so the rows come in the query's order with no ORDER BY, and LIMIT/OFFSET
stop the reading early (the first 100 of any of them in milliseconds). An unbound column has no triple.
tests/test_summaries.py checks the rows, in order, against the named query's own text.
"""
from __future__ import annotations

import pyoxigraph as ox

from graph.query import NamedQuery, named_queries
from graph.store import SUMMARIES
from graph.vocab import ID, PREFIXES

SUMMARY_GRAPH = ox.NamedNode(SUMMARIES)


def summarised() -> dict:
    """The named queries kept as summaries: those without parameters."""
    return {name: q for name, q in named_queries().items() if not q.params}


def _ns(name: str) -> str:
    return f"{ID}summary/{name}"


def summary_quads(store: ox.Store, q: NamedQuery):
    """The quads of `q`'s summary: one node per row, its rank and its bound values."""
    return _ranked(store, q.text, _ns(q.name))


def _ranked(store: ox.Store, text: str, ns: str):
    answer = store.query(text, prefixes=PREFIXES)
    names = [v.value for v in answer.variables]
    rank = ox.NamedNode(ns + "#rank")
    columns = [ox.NamedNode(f"{ns}#{n}") for n in names]
    for i, row in enumerate(answer):
        node = ox.NamedNode(f"{ns}/{i}")
        yield ox.Quad(node, rank, ox.Literal(str(i), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer")), SUMMARY_GRAPH)
        for column, value in zip(columns, row):
            if value is not None:
                yield ox.Quad(node, column, value, SUMMARY_GRAPH)


def write_summaries(store: ox.Store) -> dict:
    """Evaluate every summarised query on `store` (writable) and keep its rows there; rows per query."""
    if store.contains_named_graph(SUMMARY_GRAPH):
        store.remove_graph(SUMMARY_GRAPH)
    counts = {}
    for name, q in summarised().items():
        quads = list(summary_quads(store, q))
        store.bulk_extend(quads)
        counts[name] = sum(1 for x in quads if x.predicate.value.endswith("#rank"))
    return counts


def has_summaries(kg) -> bool:
    return kg.store.contains_named_graph(SUMMARY_GRAPH)


def reader(q: NamedQuery) -> str:
    """The query reading `q`'s summary: its description line, the same columns, the rows in `q`'s order."""
    ns = _ns(q.name)
    names = _columns(q)
    columns = " ".join(f"?{n}" for n in names)
    optional = "\n".join(f"    OPTIONAL {{ ?row <{ns}#{n}> ?{n} }}" for n in names)
    return (f"# description: {q.description}\n"
            f"# Reads the rows of graph/queries/{q.name}.rq kept at build time (graph/summaries.py), in its order.\n"
            f"SELECT {columns} WHERE {{\n  GRAPH <{SUMMARY_GRAPH.value}> {{\n    ?row <{ns}#rank> ?rank .\n"
            f"{optional}\n  }}\n}}")


def _columns(q: NamedQuery) -> list:
    """The projected variables of a named query, read by parsing it (no evaluation)."""
    text = q.text
    store = ox.Store()
    return [v.value for v in store.query(text, prefixes=PREFIXES).variables]


def text_for(kg, q: NamedQuery) -> str:
    """The text to offer for `q` on `kg`: the summary's reader when the build kept one, else `q` itself."""
    if q.params or not has_summaries(kg):
        return q.text
    return reader(q)
