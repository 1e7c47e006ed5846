"""rdflib's readable Turtle and TriG writers with their prefixed names remembered: the same bytes as
rdflib's TurtleSerializer and TrigSerializer for the same graph and bindings, in less time.

Why subclass rdflib rather than write Turtle by hand: the stock writer defines the build's format
(its subject order, its `[ ]` and `( )` nesting, its literal forms, which IRIs become prefixed names),
and graph.ttl / graph.trig are compared byte for byte between builds. So the writer is kept as it
is and only its dearest repeated step is memoised: `get_pname`, which for every node of every
triple, once while collecting prefixes and again while writing, asks the namespace manager to split
the IRI (rdflib caches only the IRIs that do have a prefixed name; the build's own IRIs, which have
none, are split and refused again each time), with the `<...>` form label falls back to for them.
"""
from __future__ import annotations

import io
from typing import Optional

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, NamespaceManager
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import VERB, TurtleSerializer
from rdflib.term import Node

NIL = frozenset({RDF.nil})   # label writes it "()"


class KeptNames:
    """`get_pname`'s answers in one serialisation under one namespace manager.

    A prefixed name, once given, is given again (the manager caches the split, and the serializer's
    addNamespace returns the same prefix for the same namespace), so `found` holds for the whole
    serialisation. A refusal depends on the bindings, which grow when a predicate's namespace gets a
    generated prefix (ns1, ...): `refused` is cleared whenever an answer names a namespace not seen
    before (every new binding is such an answer), so a refusal is only reused while it still holds."""

    def __init__(self) -> None:
        self.found: dict[URIRef, str] = {}
        self.refused: set[tuple[URIRef, bool]] = set()


class KeptNamesMixin:
    """The memo over TurtleSerializer.get_pname (and the IRIs' written forms that label falls back
    to), for ReadableTurtle and ReadableTrig."""

    @property
    def store(self) -> Graph:
        """The graph being written (TriG sets each named graph in turn)."""
        return self._store

    @store.setter
    def store(self, graph: Graph) -> None:
        self._store = graph
        self._current: Optional[KeptNames] = None

    def reset(self) -> None:
        super().reset()
        self._kept: dict[NamespaceManager, KeptNames] = {}
        self._current = None
        self._answered_namespaces: set[str] = set()
        self._iri_texts: dict[URIRef, str] = {}

    def label(self, node: Node, position: int) -> str:
        """The stock label; for a plain IRI (no base, not rdf:nil nor a keyword) the remembered
        prefixed name, else its remembered `<...>` form."""
        if type(node) is not URIRef or self.base is not None or node in NIL or node in self.keywords:
            return super().label(node, position)
        return self.get_pname(node, position == VERB) or self._iri_text(node)

    def _iri_text(self, iri: URIRef) -> str:
        """IRI.n3(), as label writes an IRI with no prefixed name; it depends on the IRI alone."""
        text = self._iri_texts.get(iri)
        if text is None:
            text = self._iri_texts[iri] = iri.n3()
        return text

    def get_pname(self, uri: Node, gen_prefix: bool = True) -> Optional[str]:
        """The stock answer: remembered if this IRI was answered before in this serialisation."""
        if not isinstance(uri, URIRef):
            return None
        names = self._names()
        pname = names.found.get(uri)
        if pname is not None:
            return pname
        if (uri, gen_prefix) in names.refused:
            return None
        if self._split(uri, gen_prefix) or self.store.store.prefix(uri) is not None:
            pname = super().get_pname(uri, gen_prefix)
        else:   # as get_pname: neither a prefixed name nor a namespace itself
            pname = None
        if pname is None:
            names.refused.add((uri, gen_prefix))
        else:
            names.found[uri] = pname
        return pname

    def _names(self) -> KeptNames:
        """The KeptNames of the graph being written (TriG writes each named graph as its own store)."""
        if self._current is None:
            manager = self.store.namespace_manager
            self._current = self._kept.setdefault(manager, KeptNames())
        return self._current

    def _split(self, uri: URIRef, gen_prefix: bool) -> bool:
        """Whether the namespace manager splits URI into a prefix and a local name, as get_pname asks
        it (binding a generated prefix if it must). When the namespace is new to this serialisation
        the bindings may have grown, so every remembered refusal is dropped."""
        try:
            namespace = self.store.compute_qname(uri, generate=gen_prefix)[1]
        except Exception:   # as get_pname: no split, nothing bound
            return False
        if namespace not in self._answered_namespaces:
            self._answered_namespaces.add(namespace)
            for names in self._kept.values():
                names.refused.clear()
        return True


class SortedTrig(TrigSerializer):
    """rdflib's TriG writer as it is but for the named graphs, in IRI order (rdflib writes them in set
    order, which changes from run to run): the writer ReadableTrig must equal byte for byte."""

    def __init__(self, store: Dataset) -> None:
        super().__init__(store)
        self.contexts = sorted(self.contexts, key=lambda g: str(g.identifier))


class ReadableTurtle(KeptNamesMixin, TurtleSerializer):
    """rdflib's Turtle writer, with get_pname remembered."""


class ReadableTrig(KeptNamesMixin, SortedTrig):
    """SortedTrig (rdflib's TriG writer, the named graphs in IRI order), with get_pname remembered."""


def written(writer: TurtleSerializer) -> bytes:
    """What WRITER writes of its graph, in UTF-8."""
    buf = io.BytesIO()
    writer.serialize(buf, encoding="utf-8")
    return buf.getvalue()


def turtle_bytes(graph: Graph) -> bytes:
    """GRAPH as rdflib's Turtle, written by ReadableTurtle."""
    return written(ReadableTurtle(graph))


def trig_bytes(dataset: Dataset) -> bytes:
    """DATASET as rdflib's TriG with the named graphs in IRI order, written by ReadableTrig."""
    return written(ReadableTrig(dataset))
