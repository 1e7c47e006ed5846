"""Where a compact actor graph (graph.compact_graph) reads the details of the facts a view embeds: their
labels, places and evidence sentences, as graph.facts.fact gives them (the arrays hold none of that)."""
from __future__ import annotations

from graph import facts as F
from graph.compact_graph import KINDS, Facts
from graph.heap import no_gc


class RdfSource:
    """Fact details from the rdflib graph the compact graph was read from."""

    def __init__(self, g):
        self.g = g

    def details(self, facts: Facts, rows: list, actor_iris: set) -> dict:
        return {f: _fact(self.g, facts, f, actor_iris) for f in rows}


# Up to this share of all facts, details are read by index seeks about those facts alone; above it by the
# one streaming query of StoreTriples, which holds every fact's triples at once. Measured (2026-12-03, loaded
# machine): gen1k's view embeds all 2,652 facts (whole read 0.64 s, seeks 0.89 s), a 10k build's 18,895 of
# 25,182 (7.4 s / 7.5 s): a seek costs ~1.4x a fact of the whole read, so seeks are not slower below ~70%.
# At 100k (2026-12-04) the view embeds ~80,000 facts (2,000 actors x 40) and the whole read took 62 s and
# ~1.3 GB more memory than the seeks.
AROUND_SHARE = 0.6


class StoreSource:
    """Fact details from a pyoxigraph Store: index seeks about those facts alone when they are few
    (graph.store_triples.StoreTriples.around), else, or for a blank-node fact, the facts' whole part."""

    def __init__(self, store, union_default_graph: bool):
        self.store, self.union_default_graph = store, union_default_graph

    def details(self, facts: Facts, rows: list, actor_iris: set) -> dict:
        from rdflib import URIRef

        from graph.store_triples import StoreTriples
        few = len(rows) <= AROUND_SHARE * len(facts)
        with no_gc():   # the triples and the facts' details: millions of objects, no cycle among them
            if few and all(isinstance(facts.nodes[f], URIRef) for f in rows):
                g = StoreTriples.around(self.store, [facts.iris[f] for f in rows], self.union_default_graph)
            else:
                g = StoreTriples(self.store, self.union_default_graph)
            return {f: _fact(g, facts, f, actor_iris) for f in rows}


def _fact(g, facts: Facts, f: int, actor_iris: set) -> dict:
    """graph.facts.fact for row f, its core (roles, dates, articles) read again from g."""
    node, kind = facts.nodes[f], KINDS[facts.kinds[f]]
    core = F.FactCore(node, kind, facts.starts[f], facts.ends[f], F.fact_roles(g, node, kind, actor_iris),
                      facts.articles[f])
    return F.fact(g, core)
