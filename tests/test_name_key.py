"""ag:nameKey: every actor and role carries its names folded, and the `actor` named query seeks the key
instead of reading every label; it answers the same rows as the label scan it replaced."""
from pathlib import Path

import pytest
import rdflib

from graph.query import named_query, parse_named, run_query
from graph.store import open_graph
from graph.validate import validate
from graph.vocab import name_key

ROOT = Path(__file__).resolve().parents[1]
OLD_TEXT = ROOT / "benchmarks" / "actor_label_scan.rq"   # graph/queries/actor.rq before the key
AG = "https://w3id.org/actorgraph/ontology#"
NAMES = """SELECT DISTINCT ?l WHERE { VALUES ?t { ag:Person ag:Organization ag:Country ag:Place ag:Role }
                                     ?a a ?t ; rdfs:label|skos:altLabel ?l }"""


def test_the_key_is_the_name_lower_cased_as_sparql_lcase():
    assert name_key("Karim NAJAFI Barzegar") == "karim najafi barzegar"
    assert name_key("منظمة التعاون الإسلامي") == "منظمة التعاون الإسلامي"
    assert name_key("ÉCOLE Øresund") == "école øresund"


def test_actor_query_gives_the_label_scans_rows_for_every_name(seeds_build):
    kg = open_graph(seeds_build)
    old, new = parse_named("actor", OLD_TEXT.read_text(encoding="utf-8")), named_query("actor")
    names = sorted(row[0].value for row in kg.query(NAMES))
    assert len(names) > 100
    checked = 0
    for name in names:
        for asked in (name, name.upper(), name.lower()):
            want = [r for r in run_query(kg, old.bind({"name": asked})).rows if r[1].value != AG + "nameKey"]
            got = run_query(kg, new.bind({"name": asked})).rows
            assert got == want, asked
            checked += bool(got)
    assert checked >= len(names)   # every name, as written, finds its actor
    assert run_query(kg, new.bind({"name": "nobody at all"})).rows == []


def test_the_key_is_bound_as_a_literal_never_as_query_text(seeds_build):
    kg = open_graph(seeds_build)
    text = named_query("actor").bind({"name": 'X") } } SELECT * WHERE { ?s ?p ?o } #'})
    assert run_query(kg, text).rows == []
    assert '"x\\") } } select * where { ?s ?p ?o } #"' in text


def _good_graph():
    ds = rdflib.Dataset()
    ds.parse(ROOT / "tests" / "fixtures" / "small.trig", format="trig")
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@pytest.mark.parametrize("change, message", [
    ("drop every key", "at least one name key"),
    ("drop one key", "lower-cased, must be one of its name keys"),
])
def test_shapes_require_a_key_for_every_name(change, message):
    g = _good_graph()
    karim = rdflib.URIRef("https://w3id.org/actorgraph/id/person/karim-najafi-barzegar")
    key = rdflib.URIRef(AG + "nameKey")
    if change == "drop every key":
        g.remove((karim, key, None))
    else:
        g.remove((karim, key, rdflib.Literal("barzegar")))
    report = validate(g)
    assert not report.conforms
    assert any("karim-najafi-barzegar" in v.focus and message in v.message for v in report.violations), report.text()
