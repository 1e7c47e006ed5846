"""The `posts-as-of` named query, kept ready by the build so that a LIMIT stops early.

graph/queries/posts-as-of.rq takes a date: a post counts when it was first seen by then and was still seen
after the latest newcomer to the same role in the same organization (first seen by then). Evaluated as
written it groups every post of the graph for each date asked (19 s under load at 10k articles). Its rows do
not depend on the date except through that test, which is a per-row interval: post p counts on date D iff

    firstSeen(p) <= D  and  D < until(p)

where until(p) is the earliest firstSeen, among the posts of p's role and organization, that comes after
lastSeen(p) (no such post: no end). The build keeps every candidate row in the query's order with its
`until` (`quads`), and `reader` reads them back in rank order with that test as a FILTER: no grouping, no
sort, and LIMIT stops after the rows it needs. The dates compared are xsd:date (graph/to_rdf.py writes them
so); a graph holding any other kind keeps nothing here and its readers run the query itself.
tests/test_posts_as_of.py checks the rows, in order, against the query's own text for many dates.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date

import pyoxigraph as ox

from graph import post_rows
from graph.ranked import ranked_quads
from graph.vocab import PREFIXES

NAME = "posts-as-of"
XSD_DATE = PREFIXES["xsd"] + "date"
COLUMNS = ("person", "name", "role", "organization", "firstSeen", "lastSeen", "post")
# posts-as-of.rq without its date: every candidate row, in its order (the same sort key), with ?o and ?r to
# group by
CANDIDATES = """SELECT ?person ?name ?role ?organization ?firstSeen ?lastSeen ?post ?o ?r WHERE {
  ?post a ag:Post ; org:organization ?o ; org:role ?r ; org:member ?person ;
        ag:firstSeen ?firstSeen ; ag:lastSeen ?lastSeen .
  OPTIONAL { ?person ag:displayName ?pn }
  OPTIONAL { ?r ag:displayName ?rn }
  OPTIONAL { ?o ag:displayName ?on }
  BIND(COALESCE(?pn, STR(?person)) AS ?name)
  BIND(COALESCE(?rn, STR(?r)) AS ?role)
  BIND(COALESCE(?on, STR(?o)) AS ?organization)
  BIND(CONCAT(?organization, "\\u0001", ?role, "\\u0001", ?name, "\\u0001", STR(?post), "\\u0001", STR(?person)) AS ?byNames)
}
ORDER BY ?byNames"""
# the newcomers of the query's sub-SELECT: every firstSeen of a post, by organization and role
ARRIVALS = "SELECT ?o ?r ?seen WHERE { ?p a ag:Post ; org:organization ?o ; org:role ?r ; ag:firstSeen ?seen }"
LEFT = "SELECT ?last WHERE { ?p a ag:Post ; ag:lastSeen ?last }"


def _day(term) -> date | None:
    """The date of an xsd:date literal; None for anything else (then nothing is kept)."""
    if not isinstance(term, ox.Literal) or term.datatype.value != XSD_DATE:
        return None
    try:
        return date.fromisoformat(term.value)
    except ValueError:
        return None


def _arrivals(store: ox.Store) -> dict | None:
    """(organization, role) -> the sorted firstSeen dates of its posts; None if a post's firstSeen or
    lastSeen is not a plain xsd:date (then nothing is kept)."""
    found = defaultdict(list)
    for o, r, seen in store.query(ARRIVALS, prefixes=PREFIXES):
        day = _day(seen)
        if day is None:
            return None
        found[(o, r)].append(day)
    if any(_day(row[0]) is None for row in store.query(LEFT, prefixes=PREFIXES)):
        return None
    return {key: sorted(days) for key, days in found.items()}


def quads(store: ox.Store, ns: str, graph: ox.NamedNode, posts: post_rows.Posts | None = None):
    """The kept rows as quads (rank, the query's columns, `until`), streamed; nothing when a date is not
    an xsd:date. With `posts` (graph/post_rows.py: the graph fits it) the rows come from them, else from
    CANDIDATES."""
    arrivals = _arrivals(store) if posts is None else post_rows.arrivals(posts)
    if arrivals is None:
        return iter(())
    until, xsd_date = ox.NamedNode(ns + "#until"), ox.NamedNode(XSD_DATE)

    def ends(row):
        days = arrivals[(row[7], row[8])]
        after = bisect_right(days, _day(row[5]))
        return [(until, ox.Literal(days[after].isoformat(), datatype=xsd_date))] if after < len(days) else []

    rows = (tuple(row) for row in store.query(CANDIDATES, prefixes=PREFIXES)) if posts is None else \
        post_rows.candidates(posts)
    return ranked_quads(rows, COLUMNS, ns, graph, extra=ends)


def reader(ns: str, graph: str, description: str) -> str:
    """posts-as-of read from the kept rows: its parameter $date, its columns, its rows in its order."""
    optional = "\n".join(f"    OPTIONAL {{ ?row <{ns}#{c}> ?{c} }}" for c in COLUMNS if c != "firstSeen")
    return (f"# description: {description}\n"
            "# param: date xsd:date\n"
            f"# Reads the rows of graph/queries/{NAME}.rq kept at build time (graph/posts_as_of.py), in its order:\n"
            "# a row counts from its firstSeen until the next newcomer to its post after its lastSeen.\n"
            f"SELECT {' '.join('?' + c for c in COLUMNS)} WHERE {{\n  GRAPH <{graph}> {{\n"
            f"    {{ ?row <{ns}#rank> ?rank\n"
            f"      OPTIONAL {{ ?row <{ns}#firstSeen> ?firstSeen }}\n"
            f"      OPTIONAL {{ ?row <{ns}#until> ?until }}\n"
            "      FILTER(?firstSeen <= $date && (!BOUND(?until) || ?until > $date)) }\n"
            f"{optional}\n  }}\n}}")
