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

who-met-whom's rows are counted in Python (graph/who_met_whom.py: its SPARQL took minutes at 100k articles),
and the first CAP rows of each are kept (the reader of a longer answer says so in its comment).
posts-as-of, which takes a date, is kept ready too: its candidate rows with the date each stops counting
(graph/posts_as_of.py). So are the first rows of `actor` for each actor with thousands of facts
(graph/actor_first_rows.py: job `actor`, rows counted over all of them). `text_for` gives the query page the
reader of each, or the query itself when the build kept nothing for it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from graph import actor_first_rows, post_rows, posts_as_of, who_met_whom
from graph.query import NamedQuery, named_queries
from graph.ranked import ranked_quads
from graph.store import SUMMARIES
from graph.vocab import ID, PREFIXES

SUMMARY_GRAPH = ox.NamedNode(SUMMARIES)
WHO_MET_WHOM = "who-met-whom"   # counted in Python (graph/who_met_whom.py): its SPARQL took minutes at 100k
PERSONS_POSTS = "persons-posts"  # from the posts' statements when the graph fits (graph/post_rows.py)
CHUNK = 100_000   # quads handed to the store at once
CAP = 10_000      # rows kept of a query without parameters (the server's default row cap, --max-rows)


@dataclass(frozen=True)
class Kept:
    """What the build kept for one named query: rows, and the seconds it took (wall, and CPU of the process:
    on a loaded machine the wall time measures the machine)."""

    rows: int
    seconds: float
    cpu_seconds: float


def summarised() -> dict:
    """The named queries kept as summaries: those without parameters."""
    return {name: q for name, q in named_queries().items() if not q.params}


def _ns(name: str) -> str:
    return f"{ID}summary/{name}"


def summary_quads(store: ox.Store, q: NamedQuery):
    """The quads of `q`'s summary: one node per row (the first CAP rows), its rank and its bound values, and
    `<ns> <ns#more> true` when the query has more rows than that."""
    answer = store.query(f"{q.text}\nLIMIT {CAP + 1}", prefixes=PREFIXES)
    names = [v.value for v in answer.variables]
    return ranked_quads((tuple(row) for row in answer), names, _ns(q.name), SUMMARY_GRAPH, CAP)


def persons_posts_quads(store: ox.Store, q: NamedQuery, posts: post_rows.Posts | None):
    """persons-posts' summary quads, its rows made from `posts` (None: the graph does not fit, run `q`)."""
    if posts is None:
        return summary_quads(store, q)
    return ranked_quads(post_rows.persons_posts(posts), q.columns(), _ns(q.name), SUMMARY_GRAPH, CAP)


def _store(store: ox.Store, quads, counted) -> int:
    """Hand `quads` to the store in chunks; how many have a predicate for which `counted` is true (rows)."""
    rows, quads = 0, iter(quads)
    while chunk := list(islice(quads, CHUNK)):
        store.bulk_extend(chunk)
        rows += sum(1 for x in chunk if counted(x.predicate.value))
    return rows


def _is(value: str):
    return lambda predicate: predicate == value


def _is_actor_rank(predicate: str) -> bool:
    return predicate.startswith(_ns(actor_first_rows.NAME) + "/") and predicate.endswith("#rank")


def write_summaries(store: ox.Store, names=None) -> dict:
    """Evaluate the kept queries (all, or those in `names`) on `store` (writable) and keep their rows there;
    name -> Kept. Keeping all replaces what was kept before."""
    if names is None and store.contains_named_graph(SUMMARY_GRAPH):
        store.remove_graph(SUMMARY_GRAPH)
    scanned = []   # the posts' statements, read once for persons-posts and posts-as-of (graph/post_rows.py)

    def posts():
        if not scanned:
            scanned.append(post_rows.scan(store))
        return scanned[0]

    jobs = {name: (lambda q=q: summary_quads(store, q), _is(_ns(name) + "#rank")) for name, q in summarised().items()}
    jobs[PERSONS_POSTS] = (lambda: persons_posts_quads(store, summarised()[PERSONS_POSTS], posts()),
                           _is(_ns(PERSONS_POSTS) + "#rank"))
    jobs[WHO_MET_WHOM] = (lambda: who_met_whom.quads(store, _ns(WHO_MET_WHOM), SUMMARY_GRAPH, CAP),
                          _is(_ns(WHO_MET_WHOM) + "#rank"))
    jobs[posts_as_of.NAME] = (lambda: posts_as_of.quads(store, _ns(posts_as_of.NAME), SUMMARY_GRAPH, posts()),
                              _is(_ns(posts_as_of.NAME) + "#rank"))
    jobs[actor_first_rows.NAME] = (lambda: actor_first_rows.kept_quads(store), _is_actor_rank)
    kept = {}
    for name, (make, counted) in jobs.items():
        if names is not None and name not in names:
            continue
        t, cpu = time.perf_counter(), time.process_time()
        rows = _store(store, make(), counted)
        kept[name] = Kept(rows, time.perf_counter() - t, time.process_time() - cpu)
    return kept


def has_summaries(kg) -> bool:
    return kg.store.contains_named_graph(SUMMARY_GRAPH)


def reader(q: NamedQuery, more: bool = False) -> str:
    """The query reading `q`'s summary: its description line, the same columns, the rows in `q`'s order. With
    `more` (the query has more rows than the CAP the build kept) its comment says that it reads the first CAP
    rows only: Oxigraph evaluates a UNION's branches in an order of its own, so the rest cannot follow from the
    query itself lazily, and the server answers at most its row cap (--max-rows, default also 10,000) anyway."""
    ns = _ns(q.name)
    names = q.columns()
    columns = " ".join(f"?{n}" for n in names)
    optional = "\n".join(f"    OPTIONAL {{ ?row <{ns}#{n}> ?{n} }}" for n in names)
    kept = (f"# The build kept its first {CAP:,} rows: past them, run `actorgraph query --name {q.name}` or the\n"
            f"# query's own text (graph/queries/{q.name}.rq).\n") if more else ""
    return (f"# description: {q.description}\n"
            f"# Reads the rows of graph/queries/{q.name}.rq kept at build time (graph/summaries.py), in its order.\n"
            f"{kept}SELECT {columns} WHERE {{\n  GRAPH <{SUMMARY_GRAPH.value}> {{\n    ?row <{ns}#rank> ?rank .\n"
            f"{optional}\n  }}\n}}")


def _kept_rows(kg, name: str) -> bool:
    rank = ox.NamedNode(_ns(name) + "#rank")
    return any(True for _ in kg.store.quads_for_pattern(ox.NamedNode(f"{_ns(name)}/0"), rank, None, SUMMARY_GRAPH))


def text_for(kg, q: NamedQuery) -> str:
    """The text to offer for `q` on `kg`: the reader of what the build kept for it, else `q` itself."""
    if not has_summaries(kg):
        return q.text
    if not q.params:
        more = ox.Quad(ox.NamedNode(_ns(q.name)), ox.NamedNode(_ns(q.name) + "#more"), ox.Literal(True), SUMMARY_GRAPH)
        return reader(q, more in kg.store)
    if q.name == posts_as_of.NAME and _kept_rows(kg, q.name):
        return posts_as_of.reader(_ns(q.name), SUMMARY_GRAPH.value, q.description)
    return q.text
