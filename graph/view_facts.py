"""How the network view (graph.view) reads facts: from graph.network's NetworkX graph (facts keyed by IRI,
every fact dict at hand) or from a graph.compact_graph.CompactGraph (keyed by row, details read on demand)."""
from __future__ import annotations


def _facts(G, n):
    d = G.nodes[n]
    return d["posts"] + d["meetings"] + d["agreements"]


class NetworkFacts:
    """The facts of graph.network's NetworkX graph, keyed by IRI (its links list fact IRIs)."""

    def __init__(self, G):
        self.G, self.every = G, G.graph["facts"]

    def of(self, n) -> list:
        return [f["id"] for f in _facts(self.G, n)]

    def fid(self, k):
        return k

    def start(self, k):
        return self.every[k]["start"]

    def end(self, k):
        return self.every[k]["end"]

    def articles(self, k):
        return self.every[k]["articles"]

    def full(self, keys) -> list:
        return [self.every[k] for k in keys]

    def label(self, iri) -> str:
        return self.G.nodes[iri]["label"] if iri in self.G else iri.rsplit("/", 1)[-1]


class CompactFacts(NetworkFacts):
    """The facts of a graph.compact_graph.CompactGraph, keyed by row (its subgraph's links list rows);
    only the embedded facts are read in full (`full`, graph.compact_graph.CompactGraph.details)."""

    def __init__(self, g):
        self.g, self.f = g, g.facts
        self.number = {iri: i for i, iri in enumerate(g.actors.iris)}
        self.by_actor = g.facts_by_actor()

    def of(self, n) -> list:
        return self.by_actor[self.number[n]]

    def fid(self, k):
        return self.f.iris[k]

    def start(self, k):
        return self.f.starts[k]

    def end(self, k):
        return self.f.ends[k]

    def articles(self, k):
        return self.f.articles[k]

    def full(self, keys) -> list:
        found = self.g.details(keys)
        return [found[k] for k in keys]

    def label(self, iri) -> str:
        i = self.number.get(iri)
        return self.g.actors.labels[i] if i is not None else iri.rsplit("/", 1)[-1]
