"""The rows of graph/queries/who-met-whom.rq, counted from the store's statements instead of by SPARQL.

The query joins every meeting's participants with each other and groups the pairs: at 100,000 articles its
evaluation took minutes, once per build (graph.summaries keeps its answer). The same rows come from one pass
over schema:attendee and schema:organizer and a count per pair, which takes seconds. What the query does, done
here the same way:

- participants of a meeting: its attendees and organizers (the same actor as both is one participant);
- an actor's key: its ag:displayName, "\\u0001", its IRI (the name as a string literal; an actor without a name,
  or whose name is not a string, has "\\u0001" and its IRI, and the name column keeps whatever name it has);
  an actor with two names takes part once per name;
- a pair is kept once, with A the smaller key, and counts the distinct meetings both took part in;
- rows sort by that count, most first, then A's key, then B's key (a total order: keys hold the IRI).

tests/test_who_met_whom.py compares the rows, in order, with the query's own text on the seeds and on an invented
graph with the odd cases (two names, no name, attendee and organizer at once).
"""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict

import pyoxigraph as ox

from graph.ranked import INTEGER, ranked_quads
from graph.vocab import AG, PREFIXES, SCHEMA

PARTICIPATION = (ox.NamedNode(str(SCHEMA.attendee)), ox.NamedNode(str(SCHEMA.organizer)))
DISPLAY_NAME = ox.NamedNode(str(AG.displayName))
STRINGS = {PREFIXES["xsd"] + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
COLUMNS = ("actorA", "nameA", "actorB", "nameB", "meetings")


def _names(store: ox.Store) -> dict:
    """actor -> [(name term or None, sort key)], one entry per ag:displayName."""
    found = defaultdict(list)
    for actor, name in store.query(f"SELECT ?s ?o WHERE {{ ?s {DISPLAY_NAME} ?o }}"):   # statements of the
        text = isinstance(name, ox.Literal) and name.datatype.value in STRINGS       # default graph, as a scan
        found[actor].append((name, f"{name.value}\u0001{actor.value}" if text else f"\u0001{actor.value}"))
    return found


def rows(store: ox.Store, first: int | None = None) -> list:
    """(actorA, nameA, actorB, nameB, meetings) in the query's order, the `first` ones only if given (a 100k
    build has millions of pairs: the first are picked without sorting them all); a name is None when unbound."""
    participants = defaultdict(set)
    for predicate in PARTICIPATION:
        for meeting, actor in store.query(f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"):  # 2 terms to decode a
            participants[meeting].add(actor)                                                  # statement, not 4
    names = _names(store)
    sides, of_actor = [], {}   # sides[i] = (actor, name, key); of_actor: actor -> its side numbers
    counts = Counter()
    for actors in participants.values():
        here = []
        for actor in actors:
            if actor not in of_actor:
                start = len(sides)
                sides += [(actor, name, key) for name, key in names.get(actor) or [(None, f"\u0001{actor.value}")]]
                of_actor[actor] = range(start, len(sides))
            here += of_actor[actor]
        here.sort(key=lambda i: sides[i][2])
        counts.update((a, b) for k, a in enumerate(here) for b in here[k + 1:] if sides[a][2] != sides[b][2])
    def order(item):
        return -item[1], sides[item[0][0]][2], sides[item[0][1]][2]

    ordered = sorted(counts.items(), key=order) if first is None else heapq.nsmallest(first, counts.items(), key=order)
    return [(*sides[a][:2], *sides[b][:2], n) for (a, b), n in ordered]


def quads(store: ox.Store, ns: str, graph: ox.NamedNode, cap: int):
    """The first `cap` rows as a summary's quads (graph.ranked), `<ns> <ns#more> true` past them."""
    return ranked_quads(((a, na, b, nb, ox.Literal(str(n), datatype=INTEGER)) for a, na, b, nb, n in rows(store, cap + 1)),
                        COLUMNS, ns, graph, cap)
