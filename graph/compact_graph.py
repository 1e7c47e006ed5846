"""The actor graph as integer-indexed arrays: what centrality.csv and the network view are made from.

Actors are numbered in IRI order, facts in IRI order (graph.facts.fact_cores); a fact's actors and roles
are compressed rows (`Facts.ptr`, `.members`, `.roles`), and so are the links: their ends, relations (bits),
weights (distinct articles) and facts. No Python object per link or per fact but its IRI, dates and
article tuple. The arrays describe exactly graph.network's NetworkX graph of the same RDF (same actors,
links in the same order of first appearance, relations, weights and fact lists: tests/test_compact_graph.py),
and `links_in_networkx_order` hands igraph (graph.centrality) the links as NetworkX listed them, so the
figures are the same. NetworkX is made only where a consumer needs it: `structure` (the NetworkX reference
engine) and `subgraph` (the actors a view shows). Labels, places and evidence are read only for the facts
a view embeds (`details`, graph.compact_sources).
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from graph import facts as F

KINDS = ("post", "meeting", "agreement")                    # graph.facts.FACT_ROLES, in that order
ROLES = ("member", "organization", "attendee", "organizer", "signatory", "party")   # role i is bit 1 << i
RELATIONS = ("agreement", "co-attended", "organized", "post")   # relation i is bit 1 << i; in name order
_MEETING = KINDS.index("meeting")
_ATTENDEE = 1 << ROLES.index("attendee")
_CO_ATTENDED, _ORGANIZED = 1 << RELATIONS.index("co-attended"), 1 << RELATIONS.index("organized")
_KIND_RELATION = {KINDS.index("post"): 1 << RELATIONS.index("post"),
                  KINDS.index("agreement"): 1 << RELATIONS.index("agreement")}
_LABELS = {bits: ", ".join(r for i, r in enumerate(RELATIONS) if bits >> i & 1) for bits in range(1 << len(RELATIONS))}


@dataclass
class Actors:
    """Column per attribute, row per actor, in IRI order."""
    iris: list = field(default_factory=list)
    types: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    labels_en: list = field(default_factory=list)
    labels_ar: list = field(default_factory=list)

    def attrs(self, i: int) -> dict:
        """The node attributes graph.network gives actor i (type, label, label_en, label_ar)."""
        return {"type": self.types[i], "label": self.labels[i], "label_en": self.labels_en[i],
                "label_ar": self.labels_ar[i]}

    def subset(self, keep: list) -> "Actors":
        return Actors(*([col[i] for i in keep] for col in (self.iris, self.types, self.labels, self.labels_en,
                                                          self.labels_ar)))


@dataclass
class Facts:
    """Row per fact with at least one actor, in IRI order (graph.facts.fact_cores); its actors (ascending
    numbers) and their role bits in members[ptr[f]:ptr[f + 1]], roles[ptr[f]:ptr[f + 1]]."""
    iris: list = field(default_factory=list)
    nodes: list = field(default_factory=list)      # the subject as read (URIRef, or BNode)
    kinds: array = field(default_factory=lambda: array("b"))
    starts: list = field(default_factory=list)     # ISO date or None
    ends: list = field(default_factory=list)
    articles: list = field(default_factory=list)   # sorted article identifiers (tuples)
    ptr: array = field(default_factory=lambda: array("q", [0]))
    members: array = field(default_factory=lambda: array("q"))
    roles: array = field(default_factory=lambda: array("B"))

    def append(self, node, kind: int, start, end, articles: tuple, members: list, roles: list):
        self.iris.append(str(node))
        self.nodes.append(node)
        self.kinds.append(kind)
        self.starts.append(start)
        self.ends.append(end)
        self.articles.append(articles)
        self.members.extend(members)
        self.roles.extend(roles)
        self.ptr.append(len(self.members))

    def __len__(self):
        return len(self.iris)

    def actors_of(self, f: int):
        return self.members[self.ptr[f]:self.ptr[f + 1]]

    def lite(self, f: int) -> dict:
        """The fact's id, kind, dates and articles (what a view needs of the facts it does not embed)."""
        return {"id": self.iris[f], "kind": KINDS[self.kinds[f]], "start": self.starts[f], "end": self.ends[f],
                "articles": list(self.articles[f])}


def read(g) -> tuple:
    """(Actors, Facts) of a graph.facts-readable graph (an rdflib Graph, or graph.store_triples.StoreTriples)."""
    found = F.actors(g)
    actors = Actors()
    for iri in sorted(found):
        a = found[iri]
        for col, key in ((actors.iris, None), (actors.types, "type"), (actors.labels, "label"),
                         (actors.labels_en, "label_en"), (actors.labels_ar, "label_ar")):
            col.append(iri if key is None else a[key])
    number = {iri: i for i, iri in enumerate(actors.iris)}
    facts = Facts()
    for core in F.iter_fact_cores(g, number.keys()):
        members = [number[a] for a in core.roles]   # roles are sorted by IRI: numbers ascend
        bits = [sum(1 << ROLES.index(r) for r in rs) for rs in core.roles.values()]
        facts.append(core.node, KINDS.index(core.kind), core.start, core.end, core.articles, members, bits)
    return actors, facts


@dataclass
class CompactGraph:
    """The actor graph: actors, facts, and links (u < v) in order of first appearance."""
    actors: Actors
    facts: Facts
    source: object = None                 # RdfSource / StoreSource: where `details` reads labels and evidence
    u: array = field(default_factory=lambda: array("q"))
    v: array = field(default_factory=lambda: array("q"))
    relations: array = field(default_factory=lambda: array("B"))
    weights: array = field(default_factory=lambda: array("q"))
    link_ptr: array = field(default_factory=lambda: array("q", [0]))   # facts of link e:
    link_facts: array = field(default_factory=lambda: array("q"))      # link_facts[link_ptr[e]:link_ptr[e + 1]]

    def __len__(self):
        return len(self.actors.iris)

    def __iter__(self):
        """The actors' IRIs, in IRI order (as NetworkX iterates graph.network's graph)."""
        return iter(self.actors.iris)

    def number_of_edges(self) -> int:
        return len(self.u)

    def label(self, e: int) -> str:
        return _LABELS[self.relations[e]]

    def relation_names(self, e: int) -> list:
        return [r for i, r in enumerate(RELATIONS) if self.relations[e] >> i & 1]

    def facts_of_link(self, e: int):
        return self.link_facts[self.link_ptr[e]:self.link_ptr[e + 1]]

    def links_in_networkx_order(self) -> list:
        """Link numbers in the order NetworkX lists the edges of graph.network's graph: by the smaller
        end (nodes are added in IRI order), then in order of first appearance (adjacency order)."""
        return sorted(range(len(self.u)), key=self.u.__getitem__)

    def degrees(self) -> tuple:
        """(distinct neighbours, sum of link weights) per actor."""
        degree, strength = [0] * len(self), [0] * len(self)
        for a, b, w in zip(self.u, self.v, self.weights):
            degree[a] += 1
            degree[b] += 1
            strength[a] += w
            strength[b] += w
        return degree, strength

    def facts_by_actor(self) -> list:
        """For each actor, its fact rows as graph.network lists them: posts, then meetings, then
        agreements, each in IRI order."""
        out = [[] for _ in range(len(self))]
        facts = self.facts
        for f in range(len(facts)):
            for a in facts.actors_of(f):
                out[a].append(f)
        kinds = facts.kinds
        return [sorted(fs, key=kinds.__getitem__) for fs in out]

    def restrict(self, since=None, until=None) -> "CompactGraph":
        """The graph rebuilt from the facts whose period overlaps [since, until] (graph.network.restrict)."""
        lo, hi = F.window(since, until)
        kept = Facts()
        facts = self.facts
        for f in range(len(facts)):
            start = facts.starts[f]
            if not (lo == date.min and hi == date.max) and (
                    start is None or date.fromisoformat(start) > hi or date.fromisoformat(facts.ends[f]) < lo):
                continue
            lo_m, hi_m = facts.ptr[f], facts.ptr[f + 1]
            kept.append(facts.nodes[f], facts.kinds[f], start, facts.ends[f], facts.articles[f],
                        facts.members[lo_m:hi_m], facts.roles[lo_m:hi_m])
        return assemble(self.actors, kept, keep_isolates=False, source=self.source)

    def structure(self) -> nx.Graph:
        """Actors (with their attributes) and weighted links as NetworkX, in graph.network's order."""
        G = nx.Graph()
        for i, iri in enumerate(self.actors.iris):
            G.add_node(iri, **self.actors.attrs(i))
        iris = self.actors.iris
        G.add_edges_from((iris[a], iris[b], {"weight": w}) for a, b, w in zip(self.u, self.v, self.weights))
        return G

    def subgraph(self, keep) -> nx.Graph:
        """The actors numbered in `keep` and the links among them, as graph.network's NetworkX graph has
        them (node attributes but the fact lists; links with relations, weight, label, and their facts
        as rows of `facts`, where graph.network lists IRIs), links added in order of first appearance."""
        keep = set(keep)
        iris = self.actors.iris
        H = nx.Graph()
        for i in sorted(keep):
            H.add_node(iris[i], **self.actors.attrs(i))
        for e, (a, b) in enumerate(zip(self.u, self.v)):
            if a in keep and b in keep:
                H.add_edge(iris[a], iris[b], relations=self.relation_names(e), weight=self.weights[e],
                           label=self.label(e), facts=list(self.facts_of_link(e)))
        return H

    def details(self, rows: list) -> dict:
        """{fact row: the full fact dict of graph.facts (label, detail, place, evidence...)} for `rows`
        (graph.compact_sources)."""
        return self.source.details(self.facts, rows, set(self.actors.iris))


def assemble(actors: Actors, facts: Facts, keep_isolates: bool, source=None) -> CompactGraph:
    """The links of the facts (graph.network.assemble, on numbers): every pair of a fact's actors is
    linked (co-attended / organized for a meeting, post, agreement); weight = distinct articles."""
    if not keep_isolates:
        used = sorted(set(facts.members))
        renumber = array("q", [-1]) * len(actors.iris)
        for new, old in enumerate(used):
            renumber[old] = new
        actors = actors.subset(used)
        facts = Facts(facts.iris, facts.nodes, facts.kinds, facts.starts, facts.ends, facts.articles, facts.ptr,
                      array("q", (renumber[m] for m in facts.members)), facts.roles)
    g = CompactGraph(actors, facts, source)
    _link(g)
    return g


def _link(g: CompactGraph):
    n, facts = len(g.actors.iris), g.facts
    index, u, v, rel, last = {}, g.u, g.v, g.relations, []
    occ_link, occ_fact = array("q"), array("q")
    members, roles, ptr, kinds, iris = facts.members, facts.roles, facts.ptr, facts.kinds, facts.iris
    for f in range(len(facts)):
        lo, hi = ptr[f], ptr[f + 1]
        if hi - lo < 2:
            continue
        kind = kinds[f]
        meeting, bit = kind == _MEETING, _KIND_RELATION.get(kind, 0)
        for x in range(lo, hi):
            a, ra = members[x], roles[x]
            for y in range(x + 1, hi):
                b = members[y]
                if meeting:
                    bit = _CO_ATTENDED if ra & _ATTENDEE and roles[y] & _ATTENDEE else _ORGANIZED
                key = a * n + b
                e = index.get(key)
                if e is None:
                    e = index[key] = len(u)
                    u.append(a)
                    v.append(b)
                    rel.append(bit)
                    last.append(f)
                else:
                    rel[e] |= bit
                    if last[e] != f and iris[last[e]] == iris[f]:   # one fact read as two kinds: listed once
                        continue
                    last[e] = f
                occ_link.append(e)
                occ_fact.append(f)
    del index, last
    counts = array("q", [0]) * len(u)
    for e in occ_link:
        counts[e] += 1
    link_ptr = g.link_ptr
    for c in counts:
        link_ptr.append(link_ptr[-1] + c)
    fill = array("q", link_ptr[:-1]) if len(u) else array("q")
    link_facts = array("q", [0]) * len(occ_link)
    for e, f in zip(occ_link, occ_fact):   # occurrences come in fact order: each link's facts stay in it
        link_facts[fill[e]] = f
        fill[e] += 1
    g.link_facts = link_facts
    del occ_link, occ_fact, fill
    articles = facts.articles
    weights = g.weights
    for e in range(len(u)):
        lo, hi = link_ptr[e], link_ptr[e + 1]
        if hi - lo == 1:
            weights.append(len(articles[link_facts[lo]]) or 1)
        else:
            seen = set()
            for f in link_facts[lo:hi]:
                seen.update(articles[f])
            weights.append(len(seen) or 1)


def from_rdf(rdf) -> CompactGraph:
    """The compact actor graph of an rdflib Graph or Dataset (all named graphs together)."""
    from graph.heap import no_gc
    from graph.network import union_graph
    from graph.compact_sources import RdfSource
    with no_gc():
        g = union_graph(rdf)
        actors, facts = read(g)
        return assemble(actors, facts, keep_isolates=True, source=RdfSource(g))


def from_store(store, union_default_graph=False) -> CompactGraph:
    """The compact actor graph of a pyoxigraph Store (its union of graphs; with `union_default_graph`,
    its default graph, which a build's store fills with that union)."""
    from graph.compact_sources import StoreSource
    from graph.heap import no_gc
    from graph.store_triples import StoreTriples
    with no_gc():
        g = StoreTriples.core(store, union_default_graph)
        actors, facts = read(g)
        del g
        return assemble(actors, facts, keep_isolates=True, source=StoreSource(store, union_default_graph))


def at(path) -> CompactGraph:
    """The compact actor graph of a build folder (its store) or one RDF file (as graph.network.actor_graph_at)."""
    from graph.store import open_graph
    return from_store(open_graph(path).store, union_default_graph=True)


def actor_graph(rdf) -> CompactGraph:
    """From an rdflib Graph/Dataset or a pyoxigraph Store (read as graph.network.actor_graph reads it)."""
    import pyoxigraph as ox
    return from_store(rdf) if isinstance(rdf, ox.Store) else from_rdf(rdf)
