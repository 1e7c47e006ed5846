"""graph.validate: each SHACL shape fires on a graph that breaks it and passes on a good one."""
from pathlib import Path

import pytest
import rdflib

from graph.validate import validate

FIXTURE = Path(__file__).parent / "fixtures" / "small.trig"
AG = rdflib.Namespace("https://w3id.org/actorgraph/ontology#")
ID = rdflib.Namespace("https://w3id.org/actorgraph/id/")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
SCHEMA = rdflib.Namespace("https://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
XSD = rdflib.XSD
RDFS = rdflib.RDFS


def good():
    ds = rdflib.Dataset()
    ds.parse(FIXTURE, format="trig")
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def test_the_good_graph_conforms():
    report = validate(good())
    assert report.conforms and report.violations == []
    assert report.text().startswith("valid:")


def test_a_path_to_a_build_file_is_validated_too():
    assert validate(FIXTURE).conforms


def broken(remove=(), add=()):
    g = good()
    for t in remove:
        g.remove(t)
    for t in add:
        g.add(t)
    return g


DATE = SCHEMA.startDate
CASES = {
    "membership without member": (
        [(ID["post/p2"], ORG.member, None)], [], "post/p2", "org:member", "needs a member"),
    "membership without organization": (
        [(ID["post/p2"], ORG.organization, None)], [], "post/p2", "org:organization", "needs an organization"),
    "membership without role": (
        [(ID["post/p3"], ORG.role, None)], [], "post/p3", "org:role", "needs a role"),
    "meeting without participants": (
        [(ID["meeting/m1"], SCHEMA.attendee, None), (ID["meeting/m1"], SCHEMA.organizer, None)], [],
        "meeting/m1", "", "at least one participant"),
    "invalid xsd:date": (
        [(ID["meeting/m1"], DATE, None)], [(ID["meeting/m1"], DATE, rdflib.Literal("2025-02-30", datatype=XSD.date))],
        "meeting/m1", "schema:startDate", "valid xsd:date"),
    "invalid gYearMonth": (
        [], [(ID["agreement/a1"], AG.dateSigned, rdflib.Literal("2025-13", datatype=XSD.gYearMonth))],
        "agreement/a1", "ag:dateSigned", "valid xsd:date"),
    "date as a plain string": (
        [(ID["post/p2"], AG.firstSeen, None)], [(ID["post/p2"], AG.firstSeen, rdflib.Literal("10 February 2025"))],
        "post/p2", "ag:firstSeen", "valid xsd:date"),
    "fact without evidence": (
        [(ID["agreement/a1"], AG.evidence, None)], [], "agreement/a1", "ag:evidence", "needs evidence"),
    "fact without source article": (
        [(ID["meeting/m2"], PROV.wasDerivedFrom, None)], [], "meeting/m2", "prov:wasDerivedFrom", "source article"),
    "evidence without sentence": (
        [(ID["evidence/e3"], AG.sentence, None)], [], "evidence/e3", "ag:sentence", "needs its sentence"),
    "actor without display name": (
        [(ID["country/iraq"], AG.displayName, None)], [], "country/iraq", "ag:displayName", "exactly one display name"),
    "role with two display names": (
        [], [(ID["role/ambassador"], AG.displayName, rdflib.Literal("Envoy", lang="en"))],
        "role/ambassador", "ag:displayName", "exactly one display name"),
    "actor without label": (
        [(ID["org/mfa-iran"], RDFS.label, None)], [], "org/mfa-iran", "rdfs:label", "needs a label"),
    "a name that is not one of the actor's name keys": (
        [], [(ID["country/iraq"], rdflib.SKOS.altLabel, rdflib.Literal("Mesopotamia", lang="en"))],
        "country/iraq", "", "must be one of its name keys"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_shape_fires_on_a_graph_that_breaks_it(case):
    remove, add, focus, path, message = CASES[case]
    report = validate(broken(remove, add))
    assert not report.conforms
    assert [(v.focus, v.path) for v in report.violations] == [(f"id:{focus}", path)]
    assert message in report.violations[0].message
    assert message in report.text() and f"id:{focus}" in report.text()


def test_gmonthday_and_gyearmonth_dates_are_accepted():
    g = good()
    g.set((ID["meeting/m1"], DATE, rdflib.Literal("--10-19", datatype=XSD.gMonthDay)))
    g.set((ID["agreement/a1"], AG.dateSigned, rdflib.Literal("2025-01", datatype=XSD.gYearMonth)))
    assert validate(g).conforms


def test_the_report_counts_and_sorts_violations():
    report = validate(broken([(ID["post/p2"], ORG.member, None), (ID["post/p2"], ORG.role, None)]))
    assert report.text().splitlines()[0].startswith("2 violations of the shapes in ")
    assert [v.path for v in report.violations] == ["org:member", "org:role"]


def test_a_sparql_constraint_is_parsed_once_however_many_actors_it_checks(monkeypatch):
    """The name-key constraint is asked once per actor; parsing its text each time made validation of a
    10k build take minutes (BENCHMARKS.md). Fifty more actors must not mean fifty more parses."""
    from rdflib.plugins.sparql import processor
    calls = []
    parse = processor.parseQuery
    monkeypatch.setattr(processor, "parseQuery", lambda text: calls.append(text) or parse(text))

    def parses(g):
        calls.clear()
        report = validate(g)
        return len(calls), report

    few, report = parses(good())
    assert report.conforms and few >= 1
    g = good()
    for i in range(50):
        actor = ID[f"person/invented-{i}"]
        for t in ((actor, rdflib.RDF.type, AG.Person), (actor, RDFS.label, rdflib.Literal(f"Invented {i}", lang="en")),
                  (actor, AG.displayName, rdflib.Literal(f"Invented {i}", lang="en")),
                  (actor, AG.nameKey, rdflib.Literal(f"invented {i}"))):
            g.add(t)
    g.add((ID["person/invented-7"], rdflib.SKOS.altLabel, rdflib.Literal("Someone Else", lang="en")))
    many, report = parses(g)
    assert many == few
    assert [(v.focus, v.value) for v in report.violations] == [("id:person/invented-7", '"Someone Else"')]


# ------------------------------------------------------------ a large store, a slice of subjects at a time
def test_the_curated_shapes_read_only_each_node_and_its_evidence_type():
    from graph.shape_locality import local_shapes
    from graph.validate import shapes_path
    assert local_shapes(rdflib.Graph().parse(shapes_path())) == {AG.evidence}


SH_PREFIXES = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"


@pytest.mark.parametrize("shape", [
    "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:nodeKind sh:IRI .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:T ] . "
    "ex:T a sh:NodeShape ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "
    "\"SELECT $this WHERE { $this <http://example.org/p> ?o . ?o <http://example.org/q> ?x }\" ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
    "sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ] .",
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "    # a class that is a shape targets its instances
    "ex:C a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:p ; sh:node ex:T ] . "
    "ex:T a sh:NodeShape ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
])
def test_a_shape_that_reads_other_nodes_is_not_sliced(shape):
    from graph.shape_locality import local_shapes
    assert local_shapes(rdflib.Graph().parse(data=SH_PREFIXES + shape, format="turtle")) is None


def test_a_store_validated_in_slices_gives_the_report_of_the_whole(tmp_path):
    """The sample build's store with five shapes broken: validated whole, and 40 triples at a time (many
    slices, a fact's evidence often in another), the same violations."""
    import shutil
    import pyoxigraph as ox
    from graph.store import write_store
    folder = tmp_path / "build"
    write_store(FIXTURE, folder)
    store = ox.Store(str(folder / ".store"))
    d = ox.DefaultGraph()
    n = lambda iri: ox.NamedNode(str(iri))   # noqa: E731
    for s, p in ((ID["post/p2"], ORG.member), (ID["evidence/e3"], AG.sentence), (ID["country/iraq"], AG.displayName)):
        for q in list(store.quads_for_pattern(n(s), n(p), None, d)):
            store.remove(q)
    store.add(ox.Quad(n(ID["meeting/m1"]), n(SCHEMA.endDate), ox.Literal("2025-02-30", datatype=n(XSD.date)), d))
    store.add(ox.Quad(n(ID["country/iraq"]), n(rdflib.SKOS.altLabel), ox.Literal("Mesopotamia", language="en"), d))
    store.flush()
    del store
    whole = validate(folder / ".store")
    assert not whole.conforms
    assert {(v.focus, v.path) for v in whole.violations} >= {
        ("id:post/p2", "org:member"), ("id:evidence/e3", "ag:sentence"), ("id:country/iraq", "ag:displayName"),
        ("id:meeting/m1", "schema:endDate"), ("id:country/iraq", "")}
    from graph.validate import _parts, shapes_path
    assert len(list(_parts(folder / ".store", shapes_path(), 40))) >= 5
    sliced = validate(folder / ".store", slice_triples=40)
    assert sliced == whole
    copy = tmp_path / "copy"
    shutil.copytree(folder / ".store", copy)
    assert validate(copy, slice_triples=10_000_000) == whole     # one slice: the whole path
    assert validate(copy, slice_triples=40, jobs=2) == whole     # the slices checked in two worker processes
    from graph.validate import SLICE_TRIPLES, _sliced
    from graph.store import open_graph
    assert _sliced(open_graph(copy), shapes_path(), SLICE_TRIPLES) is None   # below one slice: whole


def test_the_cli_checks_slices_in_workers_with_the_report_of_one_process(tmp_path, monkeypatch):
    """`actorgraph validate --jobs 2` on a store large enough to slice (the slice size lowered to 60 triples,
    30 for each of the two workers): the same report, and exit status 1, as `--jobs 1`."""
    from click.testing import CliRunner
    import pyoxigraph as ox
    from graph import cli, validate as V
    from graph.store import write_store
    folder = tmp_path / "build"
    write_store(FIXTURE, folder)
    store = ox.Store(str(folder / ".store"))
    n = lambda iri: ox.NamedNode(str(iri))   # noqa: E731
    for q in list(store.quads_for_pattern(n(ID["evidence/e3"]), n(AG.sentence), None, ox.DefaultGraph())):
        store.remove(q)
    store.flush()
    del store
    monkeypatch.setattr(V, "SLICE_TRIPLES", 60)
    one = CliRunner().invoke(cli.main, ["validate", "--graph", str(folder), "--jobs", "1"])
    two = CliRunner().invoke(cli.main, ["validate", "--graph", str(folder), "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    assert "id:evidence/e3 ag:sentence" in one.output and two.output == one.output


class _OrderedStore:
    """A store's quads_for_pattern over a list, in the list's order (Oxigraph's own order cannot be chosen)."""

    def __init__(self, quads):
        self.quads = quads

    def quads_for_pattern(self, s, p, o, g):
        return [q for q in self.quads if (s is None or q.subject == s) and (p is None or q.predicate == p)
                and (o is None or q.object == o)]


def test_each_slice_holds_whole_subjects_and_a_carried_value_is_not_sliced_again():
    """Invented order: a fact, then its evidence (so the evidence begins just after a slice's end, where it was
    carried whole into that slice), then another fact with the same evidence, then an unrelated node."""
    import pyoxigraph as ox
    from graph.validate import _graph_of, _slice_texts
    n, d = (lambda local: ox.NamedNode(f"http://example.org/{local}")), ox.DefaultGraph()
    ev, typ = n("evidence"), ox.NamedNode(str(rdflib.RDF.type))
    q = lambda s, p, o: ox.Quad(n(s), p if isinstance(p, ox.NamedNode) else n(p), o, d)   # noqa: E731
    quads = [q("fact1", typ, n("Fact")), q("fact1", ev, n("e1")), q("fact1", "label", ox.Literal("one")),
             q("e1", typ, n("Evidence")), q("e1", "sentence", ox.Literal("It was signed.")),
             q("e1", "source", n("article")),
             q("fact2", typ, n("Fact")), q("fact2", ev, n("e1")), q("fact2", "label", ox.Literal("two")),
             q("other", typ, n("Thing")), q("other", "label", ox.Literal("three"))]
    store = _OrderedStore(quads)
    full = {}
    for x in quads:
        full.setdefault(x.subject.value, set()).add((x.predicate.value, str(x.object)))
    slices = [_graph_of(t) for t in _slice_texts(store, {rdflib.URIRef("http://example.org/evidence")}, 3)]
    seen = []
    for g in slices:
        subjects = {str(s) for s in g.subjects()}
        for s in subjects:   # whole: every triple of each subject a slice holds
            assert len(set(g.predicate_objects(rdflib.URIRef(s)))) == len(full[s]), s
        seen.append(subjects)
    assert seen == [{"http://example.org/fact1", "http://example.org/e1"},
                    {"http://example.org/fact2", "http://example.org/e1"},
                    {"http://example.org/other"}]


def test_a_worker_that_stops_without_an_answer_ends_validate_with_a_message():
    """A worker killed mid-slice (here: it exits at once) is reported as our own error, which the CLI prints as
    one line, naming a smaller --jobs; not as Python's BrokenProcessPool traceback."""
    import dying_worker
    from graph.validate import WorkerStopped, _in_workers, shapes_path
    with pytest.raises(WorkerStopped, match=r"out of memory\?.*--jobs 1"):
        list(_in_workers(iter([b"", b"", b""]), shapes_path(), 2, check=dying_worker.stop))
