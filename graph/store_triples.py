"""The triples graph.facts reads, fetched from a pyoxigraph Store with a few SPARQL SELECTs.

graph.facts walks a graph with `objects(s, p)` and `subjects(RDF.type, cls)`.
`StoreTriples` answers the same calls from plain dicts filled by one query for
the actor and fact classes and one query for the handful of predicates facts
read (labels, roles, dates, places, articles, evidence): at 5M quads that is
seconds and a few hundred MB, where copying the store into rdflib costs
minutes and gigabytes. Queries run on the union of every graph of the store
(`use_default_graph_as_union=True`); DISTINCT drops the copies of a triple
that several named graphs state, so the answers equal those of the rdflib
union graph term for term (IRIs as URIRef, literals as their lexical form
with their language tag; the objects graph.facts only reads as text come as
plain strings).
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, URIRef
from rdflib.namespace import ORG, PROV

from graph import facts as F
from graph.vocab import AG, SCHEMA

CLASSES = sorted({str(c) for cs in F.ACTOR_CLASSES.values() for c in cs}
                 | {str(spec[0]) for spec in F.FACT_ROLES.values()})
PREDICATES = sorted({str(p) for p in (
    RDFS.label, ORG.member, ORG.organization, ORG.role, SCHEMA.attendee, SCHEMA.organizer, AG.signatory,
    AG.party, AG.firstSeen, AG.lastSeen, SCHEMA.startDate, SCHEMA.endDate, AG.dateSigned, SCHEMA.location,
    AG.meetingType, AG.agreementType, PROV.wasDerivedFrom, AG.evidence, AG.article, AG.sentence,
    SCHEMA.identifier)})


class Lit(str):
    """A literal's lexical form, with its language tag (None when untagged) as rdflib gives it."""
    __slots__ = ("language",)

    def __new__(cls, value, language=None):
        self = super().__new__(cls, value)
        self.language = language
        return self


def _values(var, iris) -> str:
    return f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in iris)} }}"


class StoreTriples:
    """The part of a Store's union graph that graph.facts reads, as an rdflib-like read-only graph."""

    def __init__(self, store: ox.Store, union_default_graph=False):
        """`union_default_graph`: the store's default graph already holds the union of its named
        graphs (a build's store), so it is read as it is, without DISTINCT over every named graph."""
        self._by_class = {}   # class IRI -> [subject as URIRef or BNode]
        self._objects = {}    # (subject, predicate) -> [object: str, or Lit for labels]
        distinct, union = ("", False) if union_default_graph else ("DISTINCT", True)
        q = f"SELECT {distinct} ?s ?c WHERE {{ {_values('c', CLASSES)} ?s a ?c }}"
        for s, c in store.query(q, use_default_graph_as_union=union):
            node = URIRef(s.value) if isinstance(s, ox.NamedNode) else BNode(s.value)
            self._by_class.setdefault(c.value, []).append(node)
        q = f"SELECT {distinct} ?s ?p ?o WHERE {{ {_values('p', PREDICATES)} ?s ?p ?o }}"
        names, found, label = {}, self._objects, str(RDFS.label)
        for s, p, o in store.query(q, use_default_graph_as_union=union):
            p = names.setdefault(p.value, p.value)
            o = Lit(o.value, o.language) if p == label and isinstance(o, ox.Literal) else o.value
            key = (s.value, p)
            if key in found:
                found[key].append(o)
            else:
                found[key] = [o]

    def objects(self, subject, predicate):
        """Objects as strings (IRIs and literals alike: what graph.facts reads), labels as `Lit`."""
        return iter(self._objects.get((str(subject), str(predicate)), ()))

    def subjects(self, predicate, obj):
        if predicate != RDF.type:
            raise NotImplementedError("StoreTriples answers subjects(RDF.type, class) only")
        return iter(self._by_class.get(str(obj), ()))
