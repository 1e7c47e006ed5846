"""graph.export: every RDF format round-trips through rdflib; the network formats load in NetworkX."""
import csv
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.errors import ActorgraphError
from graph.export import FORMATS, export, network
from graph.store import open_graph

FIXTURE = Path(__file__).parent / "fixtures" / "small.trig"
ID = "https://w3id.org/actorgraph/id/"
TAHA = "https://w3id.org/actorgraph/id/person/hissein-brahim-taha"
RDF_PARSERS = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def kg():
    return open_graph(FIXTURE)


def expected_dataset():
    ds = rdflib.Dataset()
    ds.parse(FIXTURE, format="trig")
    return ds


def union(ds):
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def named_graphs(ds):
    return {str(c.identifier): set(c) for c in ds.graphs() if len(c)}


@pytest.mark.parametrize("fmt", sorted(RDF_PARSERS))
def test_rdf_formats_round_trip_to_an_isomorphic_graph(kg, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    export(kg, fmt, out)
    back = rdflib.Dataset()
    back.parse(out, format=RDF_PARSERS[fmt])
    expected = expected_dataset()
    assert isomorphic(union(back), union(expected))
    if fmt in ("trig", "nquads", "jsonld"):  # one named graph per article survives
        assert named_graphs(back) == named_graphs(expected)


def test_jsonld_has_a_compact_context(kg, tmp_path):
    export(kg, "jsonld", tmp_path / "g.jsonld")
    text = (tmp_path / "g.jsonld").read_text(encoding="utf-8")
    assert '"@context"' in text and '"ag": "https://w3id.org/actorgraph/ontology#"' in text
    assert '"rdfs:label"' in text and "https://w3id.org/actorgraph/ontology#evidence" not in text


def test_graphml_and_gexf_load_in_networkx_with_types_labels_and_centrality(kg, tmp_path):
    export(kg, "graphml", tmp_path / "g.graphml")
    export(kg, "gexf", tmp_path / "g.gexf")
    for G in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf")):
        assert G.number_of_nodes() == 7 and G.number_of_edges() == 10
        taha = G.nodes[TAHA]
        assert taha["type"] == "Person" and taha["label_ar"] == "حسين إبراهيم طه"
        assert taha["label_en"] == "Hissein Brahim Taha" and float(taha["pagerank"]) == 0.25
        assert int(taha["degree"]) == 6


def test_csv_writes_nodes_and_edges_a_spreadsheet_can_pivot(kg, tmp_path):
    export(kg, "csv", tmp_path / "net")
    nodes = list(csv.DictReader(open(tmp_path / "net" / "nodes.csv", encoding="utf-8")))
    edges = list(csv.DictReader(open(tmp_path / "net" / "edges.csv", encoding="utf-8")))
    assert len(nodes) == 7 and len(edges) == 10
    taha = [n for n in nodes if n["id"] == TAHA][0]
    assert (taha["type"], taha["label_ar"], taha["pagerank"]) == ("Person", "حسين إبراهيم طه", "0.25")
    pair = [e for e in edges if {e["source_label"], e["target_label"]} == {"Iran", "Iraq"}][0]
    assert pair["weight"] == "1" and "co-attended" in pair["relations"]
    evidence = list(csv.DictReader(open(tmp_path / "net" / "evidence.csv", encoding="utf-8")))
    assert list(evidence[0]) == ["article", "fact", "type", "label", "rule", "sentence"]
    assert [r["article"] for r in evidence] == sorted(r["article"] for r in evidence)
    assert {r["type"] for r in evidence} == {"Post", "Meeting", "Agreement"}
    assert {"article": "001_aaaa.txt", "fact": ID + "meeting/m1", "type": "Meeting",
            "label": "Taha meets Barzegar in Tehran", "rule": "meetings.yaml#met-in",
            "sentence": "Taha met Barzegar in Tehran on Sunday."} in evidence
    p1 = [(r["article"], r["rule"]) for r in evidence if r["fact"] == ID + "post/p1"]
    assert p1 == [("001_aaaa.txt", "posts.yaml#role-of-org"), ("002_bbbb.txt", "posts.yaml#role-of-org")]


def test_network_keeps_only_scalar_attributes(kg):
    G = network(kg)
    for _, d in list(G.nodes(data=True)) + [(None, d) for *_, d in G.edges(data=True)]:
        assert all(isinstance(v, (str, int, float, bool)) for v in d.values())


def test_stdout_and_errors(kg, capsysbinary):
    export(kg, "ntriples", "-")
    out = capsysbinary.readouterr().out
    assert len(rdflib.Graph().parse(data=out, format="nt")) == len(union(expected_dataset()))
    with pytest.raises(ActorgraphError, match="give -o a folder"):
        export(kg, "csv", "-")
    with pytest.raises(ActorgraphError, match="unknown export format"):
        export(kg, "yaml", "x")
    assert set(FORMATS) == {"turtle", "trig", "nquads", "ntriples", "jsonld", "graphml", "gexf", "csv"}


def test_export_writes_atomically_and_readably(kg, tmp_path):
    out = tmp_path / "g.ttl"
    out.write_text("previous", encoding="utf-8")
    export(kg, "turtle", out)
    assert out.stat().st_mode & 0o044 == 0o044  # readable like any file the user writes
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def _quads_as_sets(ds):
    return {str(c.identifier): set(c) for c in ds.graphs() if len(c)}


def test_every_format_of_the_seeds_build_loads_back(seeds_build, tmp_path):
    """The done-when of the export issue, on the real build: each format written by the CLI, read back."""
    from click.testing import CliRunner

    from graph.cli import main

    def cli(fmt, out):
        r = CliRunner().invoke(main, ["export", "--graph", str(seeds_build), "--format", fmt, "-o", str(out)])
        assert r.exit_code == 0, r.output

    union_ttl = rdflib.Graph().parse(seeds_build / "graph.ttl", format="turtle")
    trig = rdflib.Dataset()
    trig.parse(seeds_build / "graph.trig", format="trig")
    for fmt, parser in sorted(RDF_PARSERS.items()):
        out = tmp_path / f"seeds.{fmt}"
        cli(fmt, out)
        if fmt in ("turtle", "ntriples"):
            assert isomorphic(rdflib.Graph().parse(out, format=parser), union_ttl), fmt
        else:
            back = rdflib.Dataset()
            back.parse(out, format=parser)
            assert isomorphic(union(back), union_ttl), fmt
            assert _quads_as_sets(back) == _quads_as_sets(trig), fmt  # one named graph per article kept
    actors = {str(s) for s in union_ttl.subjects(rdflib.RDF.type, rdflib.URIRef(
        "https://w3id.org/actorgraph/ontology#Person"))}
    for fmt in ("graphml", "gexf"):
        cli(fmt, tmp_path / f"seeds.{fmt}")
        G = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(tmp_path / f"seeds.{fmt}")
        persons = {n for n, d in G.nodes(data=True) if d.get("type") == "Person"}
        assert persons == actors, fmt
        barzegar = G.nodes["https://w3id.org/actorgraph/id/person/karim-najafi-barzegar"]
        assert barzegar["label_en"] == "Karim Najafi Barzegar" and float(barzegar["pagerank"]) > 0, fmt
    cli("csv", tmp_path / "csv")
    nodes = list(csv.DictReader(open(tmp_path / "csv" / "nodes.csv", encoding="utf-8")))
    evidence = list(csv.DictReader(open(tmp_path / "csv" / "evidence.csv", encoding="utf-8")))
    assert {n["id"] for n in nodes if n["type"] == "Person"} == actors
    assert {r["article"] for r in evidence} == {p.name for p in (Path(__file__).parents[1] / "seeds").glob("*.txt")}
    assert all(r["sentence"] and r["rule"] for r in evidence)
    facts_evidence = {(str(f), str(e)) for f, e in union_ttl.subject_objects(
        rdflib.URIRef("https://w3id.org/actorgraph/ontology#evidence"))}
    assert len(evidence) == len(facts_evidence) > 20


def test_validate_passes_on_the_seeds_build(seeds_build):
    from click.testing import CliRunner

    from graph.cli import main
    r = CliRunner().invoke(main, ["validate", "--graph", str(seeds_build)])
    assert r.exit_code == 0 and r.output.startswith("valid:"), r.output
