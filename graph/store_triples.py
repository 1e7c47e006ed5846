"""The triples graph.facts reads, fetched from a pyoxigraph Store with a few SPARQL SELECTs (from a
build's store, whose default graph holds the union, by index scans of that graph instead).

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

Two narrower reads serve the compact actor graph (graph.compact_graph):
`StoreTriples.core` reads what graph.facts.fact_cores needs (roles, dates,
articles, the actors' labels: no evidence sentence, no fact label, no place),
and `StoreTriples.around` reads everything graph.facts.fact needs for a given
list of facts only (the few thousand a network view embeds), a few hops deep.
"""
from __future__ import annotations

from itertools import chain

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, URIRef
from rdflib.namespace import ORG, PROV

from graph import facts as F
from graph.vocab import AG, SCHEMA

ACTOR_CLASSES = sorted({str(c) for cs in F.ACTOR_CLASSES.values() for c in cs})
CLASSES = sorted(set(ACTOR_CLASSES) | {str(spec[0]) for spec in F.FACT_ROLES.values()})
PREDICATES = sorted({str(p) for p in (
    RDFS.label, ORG.member, ORG.organization, ORG.role, SCHEMA.attendee, SCHEMA.organizer, AG.signatory,
    AG.party, AG.firstSeen, AG.lastSeen, SCHEMA.startDate, SCHEMA.endDate, AG.dateSigned, SCHEMA.location,
    AG.meetingType, AG.agreementType, PROV.wasDerivedFrom, AG.evidence, AG.article, AG.sentence,
    SCHEMA.identifier)})
# what graph.facts.fact_cores reads (labels of actors and the evidence fallback are read on their own)
CORE_PREDICATES = sorted({str(p) for p in (
    ORG.member, ORG.organization, SCHEMA.attendee, SCHEMA.organizer, AG.signatory, AG.party, AG.firstSeen,
    AG.lastSeen, SCHEMA.startDate, SCHEMA.endDate, AG.dateSigned, PROV.wasDerivedFrom, SCHEMA.identifier)})
_LABEL = str(RDFS.label)
FACT_CLASSES = sorted({str(spec[0]) for spec in F.FACT_ROLES.values()})
_EVIDENCE, _ARTICLE_OF = ox.NamedNode(str(AG.evidence)), ox.NamedNode(str(AG.article))
AROUND_HOPS = 3   # fact -> evidence -> article -> identifier
# what graph.facts.fact reads of the things a fact leads to, by the predicate that leads there: the names of
# places, roles and a post's member and organisation, an evidence's sentence and article, an article's identifier
_NAME, _SENTENCE, _ARTICLE, _ID = (ox.NamedNode(str(p)) for p in (RDFS.label, AG.sentence, AG.article, SCHEMA.identifier))
FOLLOW = {str(SCHEMA.location): (_NAME,), str(ORG.role): (_NAME,), str(ORG.member): (_NAME,),
          str(ORG.organization): (_NAME,), str(AG.evidence): (_SENTENCE, _ARTICLE), str(AG.article): (_ID,),
          str(PROV.wasDerivedFrom): (_ID,)}


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

    def __init__(self, store: ox.Store, union_default_graph=False, predicates=PREDICATES):
        """`union_default_graph`: the store's default graph already holds the union of its named
        graphs (a build's store), so it is read as it is, without DISTINCT over every named graph."""
        self._store, self._union_default = store, union_default_graph
        self._by_class = {}   # class IRI -> [subject as URIRef or BNode]
        self._objects = {}    # (subject, predicate) -> [object: str, or Lit for labels]
        self._names = {}      # predicate IRIs, one string each
        self._strings = {}    # subjects and objects, one string each
        if predicates is None:
            return
        self._add_classes()
        if union_default_graph:   # index scans of the default graph, one a predicate: the rows of the query below
            self._add(chain.from_iterable(self._scan(p) for p in predicates))
        else:
            self._add(self._query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_values('p', predicates)} ?s ?p ?o }}"))

    def _add_classes(self):
        if self._union_default:
            rows = ((s, o) for c in CLASSES for s, _, o in self._scan(str(RDF.type), c))
        else:
            rows = self._query(f"SELECT DISTINCT ?s ?c WHERE {{ {_values('c', CLASSES)} ?s a ?c }}")
        for s, c in rows:
            node = URIRef(s.value) if isinstance(s, ox.NamedNode) else BNode(s.value)
            self._by_class.setdefault(c.value, []).append(node)

    def _scan(self, predicate: str, obj: str | None = None):
        """(s, p, o) of the default graph's triples with PREDICATE (and object OBJ, an IRI, when given): an
        index scan, in the order of the index a SPARQL pattern with the same terms bound reads, at ~0.7x its
        time (a 10k build's store, 453,221 rows: 4.5 s against 6.3)."""
        o = None if obj is None else ox.NamedNode(obj)
        return ((q.subject, q.predicate, q.object)
                for q in self._store.quads_for_pattern(None, ox.NamedNode(predicate), o, ox.DefaultGraph()))

    def _query(self, sparql: str):
        return self._store.query(sparql, use_default_graph_as_union=not self._union_default)

    def _add(self, rows, predicate=None) -> list:
        """Keep (s, p, o) rows (or (s, o) rows of `predicate`); returns (p, o) of the objects that are IRIs.
        Subjects and plain objects are kept one string each, however many rows repeat them (a fact's
        subject on each of its rows, an actor on each of its roles: at 100k articles ~3M rows)."""
        names, found, nodes, one = self._names, self._objects, [], self._strings
        for row in rows:
            s, p, o = (row[0], predicate, row[1]) if predicate else (row[0], row[1].value, row[2])
            p = names.setdefault(p, p)
            if isinstance(o, ox.NamedNode):
                nodes.append((p, o.value))
            if p == _LABEL and isinstance(o, ox.Literal):
                o = Lit(o.value, o.language)
            else:
                o = o.value
                o = one.setdefault(o, o)
            s = s.value
            key = (one.setdefault(s, s), p)
            if key in found:
                found[key].append(o)
            else:
                found[key] = [o]
        return nodes

    @classmethod
    def core(cls, store: ox.Store, union_default_graph=False) -> "StoreTriples":
        """What graph.facts.actors and graph.facts.fact_cores read: the classes, the roles, dates and
        articles of facts, the actors' labels, and evidence -> article for facts without
        prov:wasDerivedFrom (the fallback graph.facts uses)."""
        self = cls(store, union_default_graph, CORE_PREDICATES)
        # an actor typed with two classes (ag:Person, foaf:Person) would give its labels twice
        self._add(self._query(f"SELECT DISTINCT ?s ?o WHERE {{ {_values('c', ACTOR_CLASSES)} ?s a ?c ; "
                              f"<{_LABEL}> ?o }}"), _LABEL)
        # the evidence fallback, by index seeks from the facts without prov:wasDerivedFrom (a build states
        # it for every fact): as a query (FILTER NOT EXISTS) Oxigraph joined every evidence with its
        # article to find none
        derived = str(PROV.wasDerivedFrom)
        graph = ox.DefaultGraph() if union_default_graph else None
        rows = []
        for fact_class in FACT_CLASSES:
            for s in self._by_class.get(fact_class, ()):
                if (str(s), derived) in self._objects:
                    continue
                node = ox.BlankNode(str(s)) if isinstance(s, BNode) else ox.NamedNode(str(s))
                for e in dict.fromkeys(q.object for q in store.quads_for_pattern(node, _EVIDENCE, None, graph)):
                    rows += [(node, e, a) for a in dict.fromkeys(
                        q.object for q in store.quads_for_pattern(e, _ARTICLE_OF, None, graph))]
        self._add(dict.fromkeys((s, e) for s, e, _ in rows), _EVIDENCE.value)
        self._add(dict.fromkeys((e, a) for _, e, a in rows), _ARTICLE_OF.value)
        return self

    @classmethod
    def around(cls, store: ox.Store, subjects, union_default_graph=False) -> "StoreTriples":
        """Every triple graph.facts.fact reads about `subjects` (IRIs): theirs, and those of the IRIs they
        lead to, AROUND_HOPS deep (evidence and its article, places, roles, the actors' labels).

        One index seek per subject (`quads_for_pattern`): a SPARQL VALUES block of subjects joined with
        `?s ?p ?o` scanned the whole store per query."""
        self = cls(store, union_default_graph, None)
        wanted = frozenset(PREDICATES)
        graph = ox.DefaultGraph() if union_default_graph else None

        def unique(triples):   # a triple stated in several named graphs: once
            return list(dict.fromkeys(triples)) if graph is None else triples
        rows = []
        for s in sorted(set(subjects)):   # the facts: their few triples, those graph.facts reads
            rows += unique([q.triple for q in store.quads_for_pattern(ox.NamedNode(s), None, None, graph)
                            if q.predicate.value in wanted])
        seen = set()
        for _ in range(AROUND_HOPS - 1):   # then what they lead to, by the predicate that leads there
            todo = {(o, follow) for p, o in self._add(rows) for follow in FOLLOW.get(p, ())} - seen
            seen.update(todo)
            rows = []
            for o, p in todo:
                rows += unique([q.triple for q in store.quads_for_pattern(ox.NamedNode(o), p, None, graph)])
        self._add(rows)
        return self

    def objects(self, subject, predicate):
        """Objects as strings (IRIs and literals alike: what graph.facts reads), labels as `Lit`."""
        return iter(self._objects.get((str(subject), str(predicate)), ()))

    def subjects(self, predicate, obj):
        if predicate != RDF.type:
            raise NotImplementedError("StoreTriples answers subjects(RDF.type, class) only")
        return iter(self._by_class.get(str(obj), ()))

