"""readable_turtle writes the same bytes as rdflib's own Turtle and TriG writers, on invented graphs
that walk the writer's corners: bound and unbound prefixes, generated prefixes, IRIs that cannot be
prefixed names, literals, blank nodes, lists, named graphs and the default graph, Arabic text."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph.readable_turtle import SortedTrig, trig_bytes, turtle_bytes, written

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import turtle_writer_bench  # noqa: E402

EX = Namespace("http://example.org/ns#")
LATER = Namespace("http://later.example/terms/")      # no prefix: a predicate makes rdflib generate one
PLAIN = Namespace("http://plain.example/things/")     # no prefix, never a predicate
UNDER = Namespace("http://under.example/")            # bound to "_u": Turtle rewrites it as p_u


def add_corners(g: Graph) -> None:
    """Triples exercising every way get_pname can answer, into G (a Graph or a named graph)."""
    g.add((LATER.thing, EX.p, Literal("before its namespace has a prefix")))   # refused first ...
    g.add((EX.s, LATER.pred, LATER.thing))                                     # ... then ns1 is generated
    g.add((EX.s, RDF.type, EX.Kind))
    g.add((EX.s, RDFS.label, Literal("اتفاقية تعاون", lang="ar")))
    g.add((EX.s, RDFS.label, Literal("cooperation agreement", lang="en")))
    g.add((EX.s, EX.date, Literal("2024-03-01", datatype=XSD.date)))
    g.add((EX.s, EX["count"], Literal(3)))
    g.add((EX.s, EX.ratio, Literal("0.50", datatype=XSD.decimal)))
    g.add((EX.s, EX.flag, Literal(True)))
    g.add((EX.s, EX.odd, Literal("x", datatype=PLAIN.customType)))              # datatype without a prefix
    g.add((EX.s, EX.quote, Literal('he said "la\\ter"\nand left\t')))
    for bad in ("a/b", "x#y", "end.", "f(x)", "50%", "50%20off", "", "سلام"):
        g.add((EX.s, EX.link, URIRef(EX + bad)))
    g.add((EX.s, EX.link, URIRef("http://example.org/ns#")))                   # a namespace itself
    g.add((EX.s, EX.link, URIRef("http://example.org/id/article/002_x-txt-98c112")))
    g.add((PLAIN.a, EX.link, PLAIN.b))
    g.add((PLAIN.b, UNDER.rel, PLAIN.a))
    nested, inner, shared = BNode("nested"), BNode("inner"), BNode("shared")
    g.add((EX.s, EX.role, nested))
    g.add((nested, EX.held, inner))
    g.add((inner, RDFS.label, Literal("inner", lang="en")))
    g.add((EX.s, EX.with_, shared))
    g.add((EX.other, EX.with_, shared))
    g.add((shared, RDFS.label, Literal("shared")))
    g.add((BNode("alone"), EX.p, Literal("unreferenced blank node")))
    cells = [BNode(f"cell{i}") for i in range(3)]          # an RDF list, with labels fixed for both writers
    for cell, rest, item in zip(cells, [*cells[1:], RDF.nil], [Literal(1), EX.s, Literal("٣", lang="ar")]):
        g.add((cell, RDF.first, item))
        g.add((cell, RDF.rest, rest))
    g.add((EX.s, EX.items, cells[0]))


def bound(g: Graph) -> Graph:
    g.bind("ex", EX, override=True)
    g.bind("_u", UNDER, override=True)
    return g


def corners_graph() -> Graph:
    g = bound(Graph(identifier=URIRef("http://graphs.example/plain")))
    add_corners(g)
    return g


def corners_dataset() -> Dataset:
    ds = bound(Dataset())
    add_corners(ds.graph(URIRef("http://graphs.example/one")))
    add_corners(ds.graph(EX.two))
    ds.graph(URIRef("http://graphs.example/one/sub/")).add((EX.s, EX.p, Literal("a graph IRI ending in /")))
    ds.add((EX.s, EX.p, Literal("in the default graph")))
    ds.add((PLAIN.z, LATER.pred, Literal("default graph, generated prefix")))
    return ds


def stock_turtle(g: Graph) -> bytes:
    return g.serialize(format="turtle", encoding="utf-8")


def stock_trig(ds: Dataset) -> bytes:
    """rdflib's TriG writer, the named graphs in IRI order as trig_bytes writes them."""
    return written(SortedTrig(ds))


def same_bytes(make: Callable[[], Graph], stock: Callable, readable: Callable) -> bytes:
    """Both writers on fresh copies (writing binds generated prefixes into the graph); the bytes."""
    want, got = stock(make()), readable(make())
    assert got == want
    return got


def test_turtle_same_bytes():
    text = same_bytes(corners_graph, stock_turtle, turtle_bytes).decode("utf-8")
    assert "@prefix ns1: <http://later.example/terms/> ." in text
    assert "ns1:thing ex:p" in text                         # the subject refused before ns1 existed
    assert "@prefix p_u: <http://under.example/> ." in text
    assert "<http://example.org/ns#end.>" in text and "<http://example.org/ns#a/b>" in text
    assert '"اتفاقية تعاون"@ar' in text and '"2024-03-01"^^xsd:date' in text
    assert "( 1 ex:s" in text and " a ex:Kind" in text and "[] ex:p" in text


@pytest.mark.parametrize("reverse", [False, True])
def test_turtle_same_bytes_either_order(reverse):
    """The same triples added in the other order: the generated prefix comes before or after the refusals."""
    def make() -> Graph:
        g = bound(Graph())
        triples = list(corners_graph())
        for t in sorted(triples, reverse=reverse):
            g.add(t)
        return g
    same_bytes(make, stock_turtle, turtle_bytes)


def test_trig_same_bytes():
    text = same_bytes(corners_dataset, stock_trig, trig_bytes).decode("utf-8")
    assert "<http://graphs.example/one> {" in text and "ex:two {" in text
    assert "\n{\n" in text                                  # the default graph
    assert text.index("<http://graphs.example/one> {") < text.index("<http://graphs.example/one/sub/> {")


def test_trig_of_a_plain_graph():
    same_bytes(corners_graph, stock_trig, trig_bytes)


def test_writing_twice_gives_the_same_bytes():
    """The memo lives for one serialisation: a second one over the same (now bound) graph agrees too."""
    g, h = corners_graph(), corners_graph()
    assert turtle_bytes(g) == stock_turtle(h)
    assert turtle_bytes(g) == stock_turtle(h)


def test_writer_bench_times_both_writers_and_checks_the_bytes(tmp_path):
    """benchmarks/turtle_writer_bench.py on a graph.trig of the corner graphs: both outputs timed, both writers."""
    (tmp_path / "graph.trig").write_bytes(trig_bytes(corners_dataset()))
    totals = turtle_writer_bench.run(tmp_path, rounds=2)
    assert set(totals) == {"trig", "ttl"}
    assert all(set(t) == {"stock", "readable"} and min(t.values()) > 0 for t in totals.values())
    assert "| trig |" in turtle_writer_bench.report(totals, 2)
