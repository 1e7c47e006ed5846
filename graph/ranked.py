"""Rows written as a kept answer's quads (graph.summaries): one node per row, `<ns/i> <ns#rank> i` and one
statement per bound column `<ns/i> <ns#column> value`, and `<ns> <ns#more> true` when rows past `cap` were left."""
from __future__ import annotations

import pyoxigraph as ox

INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def ranked_quads(rows, names, ns: str, graph: ox.NamedNode, cap: int | None = None, extra=None):
    """The quads of `rows` (tuples of terms or None, in the order of `names`); `extra(row)` may add more
    statements about a row's node (as (predicate, object) pairs)."""
    rank = ox.NamedNode(ns + "#rank")
    columns = [ox.NamedNode(f"{ns}#{n}") for n in names]
    for i, row in enumerate(rows):
        if i == cap:
            yield ox.Quad(ox.NamedNode(ns), ox.NamedNode(ns + "#more"), ox.Literal(True), graph)
            return
        node = ox.NamedNode(f"{ns}/{i}")
        yield ox.Quad(node, rank, ox.Literal(str(i), datatype=INTEGER), graph)
        yield from (ox.Quad(node, column, value, graph) for column, value in zip(columns, row) if value is not None)
        if extra is not None:
            yield from (ox.Quad(node, p, o, graph) for p, o in extra(row))
