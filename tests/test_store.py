"""graph.store: the persistent Oxigraph store beside a build, and opening any built graph."""
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.errors import ActorgraphError, GraphNotFound
from graph.store import STORE_DIR, open_graph, write_store

FIXTURE = Path(__file__).parent / "fixtures" / "small.trig"


def fixture_dataset():
    ds = rdflib.Dataset()
    ds.parse(FIXTURE, format="trig")
    return ds


def quad_set(quads):
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in quads}


@pytest.fixture
def build_folder(tmp_path):
    shutil.copy(FIXTURE, tmp_path / "graph.trig")
    write_store(tmp_path / "graph.trig", tmp_path)
    return tmp_path


def test_write_store_creates_a_store_and_leaves_no_temporary_folders(build_folder):
    assert (build_folder / STORE_DIR / "CURRENT").is_file()
    assert sorted(p.name for p in build_folder.iterdir()) == [STORE_DIR, "graph.trig"]


def test_store_keeps_named_graphs_and_answers_on_the_union_without_duplicates(build_folder):
    kg = open_graph(build_folder)
    assert kg.kind == "store"
    graphs = {g.value for g in kg.store.named_graphs()}
    assert graphs - {"https://w3id.org/actorgraph/id/graph/summaries"} == {"https://w3id.org/actorgraph/id/" + g for g in
                      ("article/001_aaaa.txt", "article/002_bbbb.txt", "graph/actors", "graph/analysis")}
    # Taha's English label is stated in both article graphs but is one fact
    rows = list(kg.query('SELECT ?l WHERE { ?p rdfs:label "Hissein Brahim Taha"@en ; rdfs:label ?l }'))
    assert sorted(r["l"].value for r in rows) == ["Hissein Brahim Taha", "حسين إبراهيم طه"]


def test_quads_give_back_exactly_the_dataset_that_was_written(build_folder):
    kg = open_graph(build_folder / STORE_DIR)  # quads from the store itself
    expected = open_graph(FIXTURE)  # parsed in memory from the file
    assert kg.rdf_file is None and open_graph(build_folder).rdf_file == build_folder / "graph.trig"
    canonical = ox.Store()  # Oxigraph keeps values, so 0.0 comes back as 0: compare like with like
    canonical.load(path=str(FIXTURE))
    assert quad_set(kg.quads()) == quad_set(canonical)
    assert isomorphic(open_graph(build_folder).union_graph(), expected.union_graph())
    assert len(quad_set(kg.quads())) == len(set(fixture_dataset().quads((None, None, None, None))))


def test_write_store_accepts_an_rdflib_dataset_and_quads(tmp_path):
    write_store(fixture_dataset(), tmp_path / "a")
    quads = list(open_graph(FIXTURE).quads())
    write_store(quads, tmp_path / "b")
    assert quad_set(open_graph(tmp_path / "a").quads()) == quad_set(open_graph(tmp_path / "b").quads())


def test_rewriting_replaces_the_previous_store(build_folder):
    q = ox.Quad(ox.NamedNode("https://w3id.org/actorgraph/id/person/x"), ox.NamedNode(
        "http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("X"), ox.NamedNode("https://e/g"))
    write_store([q], build_folder)
    kg = open_graph(build_folder / STORE_DIR)  # the store alone, not graph.trig beside it
    assert quad_set(kg.quads()) == quad_set([q])
    assert [r["l"].value for r in open_graph(build_folder).query("SELECT ?l WHERE { ?s rdfs:label ?l }")] == ["X"]
    assert not [p for p in build_folder.iterdir() if p.name.startswith(STORE_DIR + ".")]


def test_a_failed_write_keeps_the_previous_store(build_folder):
    bad = build_folder / "broken.trig"
    bad.write_text("<a> <b> ", encoding="utf-8")
    with pytest.raises(ActorgraphError, match="broken.trig"):
        write_store(bad, build_folder)
    assert len(open_graph(build_folder)) > 200
    assert not [p for p in build_folder.iterdir() if p.name.startswith(STORE_DIR + ".")]


def test_store_is_opened_read_only(build_folder):
    kg = open_graph(build_folder)
    with pytest.raises((OSError, RuntimeError)):
        kg.store.update("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")


def test_two_readers_can_open_the_same_store(build_folder):
    a, b = open_graph(build_folder), open_graph(build_folder / STORE_DIR)
    assert len(a) == len(b) > 0


def test_build_folder_without_store_falls_back_to_graph_trig(tmp_path):
    shutil.copy(FIXTURE, tmp_path / "graph.trig")
    kg = open_graph(tmp_path)
    assert kg.kind == "file" and kg.source.name == "graph.trig"
    assert quad_set(kg.quads()) == quad_set(open_graph(FIXTURE).quads())


@pytest.mark.parametrize("fmt,suffix", [("turtle", "ttl"), ("nt", "nt"), ("nquads", "nq"), ("trig", "trig"),
                                        ("json-ld", "jsonld"), ("xml", "rdf")])
def test_any_rdf_file_format_opens(tmp_path, fmt, suffix):
    ds = fixture_dataset()
    path = tmp_path / f"g.{suffix}"
    if fmt in ("turtle", "nt", "xml"):
        union = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        union.serialize(path, format=fmt)
    else:
        ds.serialize(path, format=fmt)
    kg = open_graph(path)
    assert isomorphic(kg.union_graph(), open_graph(FIXTURE).union_graph())


def test_missing_graph_and_bad_files_give_clear_errors(tmp_path):
    with pytest.raises(GraphNotFound, match="actorgraph build"):
        open_graph(tmp_path / "nowhere")
    with pytest.raises(GraphNotFound, match="not a build folder"):
        open_graph(tmp_path)
    (tmp_path / "g.ttl").write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(ActorgraphError, match="g.ttl: not valid RDF"):
        open_graph(tmp_path / "g.ttl")
    (tmp_path / "g.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ActorgraphError, match="unknown RDF file type"):
        open_graph(tmp_path / "g.txt")


def test_quads_keep_literals_as_written_when_the_build_file_is_there(tmp_path):
    (tmp_path / "graph.ttl").write_text('<http://e/a> <http://e/b> 0.0, 2.5e-02 .', encoding="utf-8")
    write_store(tmp_path / "graph.ttl", tmp_path)
    assert {t.object.value for t in open_graph(tmp_path).triples()} == {"0.0", "2.5e-02"}
    assert [r["n"].value for r in open_graph(tmp_path).query("SELECT (SUM(?o) AS ?n) WHERE { ?s ?p ?o }")] == ["0.025"]
