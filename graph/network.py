"""The actor graph: an undirected NetworkX graph projected from the RDF.

Nodes are the actors (every ag:Person, ag:Organization, ag:Country), keyed by
IRI, with `type`, `label_en`, `label_ar`, `label` and the facts they take part
in (`posts`, `meetings`, `agreements`: plain dicts with evidence sentences and
article identifiers, built in `graph.facts`).

Edges (attribute `relations`):
  co-attended   two attendees of the same meeting
  organized     an organizer of a meeting and another participant of it
  post          a member and the organization (or country) of an org:Membership
  agreement     two signatories or parties of the same agreement
`weight` is the number of distinct articles (prov:wasDerivedFrom, else the
evidence's ag:article) behind the facts of the edge; an edge whose facts name
no article counts 1. `G.graph["facts"]` maps each fact IRI to its dict.

`restrict(G, since, until)` keeps the facts dated in a window (facts without
a usable date are left out of a windowed graph) and the actors taking part.
"""
from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.util import guess_format

from graph import facts as F
from graph.errors import ActorgraphError, GraphNotFound
from graph.heap import no_gc


class GraphUnreadable(ActorgraphError):
    """A graph file exists but is not RDF that rdflib can parse."""


def load_rdf(path) -> Dataset:
    """Read a build folder (its graph.trig, else graph.ttl) or a single RDF file."""
    path = Path(path)
    if path.is_dir():
        found = [path / n for n in ("graph.trig", "graph.ttl") if (path / n).is_file()]
        if not found:
            raise GraphNotFound(f"{path}: no graph.trig or graph.ttl (run `actorgraph build` first)")
        path = found[0]
    if not path.is_file():
        raise GraphNotFound(f"{path}: no such graph file or build folder")
    ds = Dataset(default_union=True)
    try:
        ds.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as e:  # rdflib raises many parser-specific types
        raise GraphUnreadable(f"{path}: not readable as RDF: {e}") from None
    return ds


def union_graph(rdf) -> Graph:
    """Every triple of a Graph or Dataset (all named graphs) in one plain Graph."""
    if isinstance(rdf, Dataset) or hasattr(rdf, "quads"):
        g = Graph()
        for s, p, o, _ in rdf.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return rdf


def actor_graph(rdf, since=None, until=None, union_default_graph=False) -> nx.Graph:
    """Project the actor graph from an rdflib Graph or Dataset, or a pyoxigraph Store (optionally windowed).

    A Store is read with SPARQL over the union of its graphs (graph.store_triples): the same
    graph as from the same quads in rdflib, without copying the store into rdflib (with
    `union_default_graph`, from its default graph, which already holds that union)."""
    with no_gc():  # millions of small objects, none cyclic garbage: full collections would rescan them all
        if isinstance(rdf, ox.Store):
            from graph.store_triples import StoreTriples
            g = StoreTriples(rdf, union_default_graph)
        else:
            g = union_graph(rdf)
        actors = F.actors(g)
        G = assemble(actors, F.facts(g, set(actors)), keep_isolates=True)
        del g
        return restrict(G, since, until) if since or until else G


def actor_graph_at(path, since=None, until=None) -> nx.Graph:
    """The actor graph of a build folder (read from its store, whose default graph is the union, as
    the build reads it) or of one RDF file (loaded into a memory store the same way)."""
    from graph.store import open_graph
    return actor_graph(open_graph(path).store, since, until, union_default_graph=True)


def assemble(actors: dict, facts: list, keep_isolates: bool) -> nx.Graph:
    """Build the graph from actor attributes and fact dicts."""
    G = nx.Graph(facts={f["id"]: f for f in facts})
    for iri, attrs in sorted(actors.items()):
        G.add_node(iri, **attrs, posts=[], meetings=[], agreements=[])
    nodes, links = G.nodes, {}   # links: (a, b) -> edge data, in order of first appearance
    for fact in facts:
        for iri in fact["actors"]:
            nodes[iri][fact["kind"] + "s"].append(fact)
        for a, b, rel in fact_pairs(fact):
            _link(links, a, b, rel, fact)
    for d in links.values():
        d["relations"] = sorted(d["relations"])
        d["articles"] = sorted(d["articles"])
        d["weight"] = max(1, len(d["articles"]))
        d["label"] = sys.intern(", ".join(d["relations"]))   # a few distinct labels over many edges
    G.add_edges_from((a, b, d) for (a, b), d in links.items())
    if not keep_isolates:
        G.remove_nodes_from([n for n in list(G) if not node_facts(G, n)])
    return G


def fact_pairs(fact: dict):
    """(actor, actor, relation) for every pair of actors linked by one fact."""
    roles = fact["roles"]
    for a, b in combinations(sorted(roles), 2):
        if fact["kind"] == "meeting":
            both_attend = "attendee" in roles[a] and "attendee" in roles[b]
            yield a, b, "co-attended" if both_attend else "organized"
        else:
            yield a, b, fact["kind"]


def _link(links, a, b, rel, fact):
    d = links.get((a, b))
    if d is None:
        d = links[a, b] = {"relations": set(), "articles": set(), "facts": []}
    d["relations"].add(rel)
    d["articles"].update(fact["articles"])
    if not d["facts"] or d["facts"][-1] != fact["id"]:   # a fact's pairs come together: no repeat
        d["facts"].append(fact["id"])


def node_facts(G, n) -> list:
    """All fact dicts an actor takes part in."""
    d = G.nodes[n]
    return d["posts"] + d["meetings"] + d["agreements"]


def restrict(G: nx.Graph, since=None, until=None) -> nx.Graph:
    """The graph rebuilt from the facts whose period overlaps [since, until]."""
    lo, hi = F.window(since, until)
    kept = [f for f in G.graph["facts"].values() if F.overlaps(f, lo, hi)]
    actors = {n: {k: G.nodes[n][k] for k in F.ACTOR_KEYS} for n in G}
    return assemble(actors, kept, keep_isolates=False)
