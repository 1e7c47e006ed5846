"""graph.communities: seeded Leiden on the actor graph, canonical numbering, the same whatever the order."""
import random

import networkx as nx
from click.testing import CliRunner

import sample_actors as S
from graph import centrality, cli, communities, network


def blocs(order_seed=None):
    """Three cliques of 6, 5 and 4 actors joined by single light links, and one actor with no links;
    edges added in a shuffled order when `order_seed` is given."""
    G = nx.Graph()
    sizes = {"a": 6, "b": 5, "c": 4}
    edges = [(f"{k}{i}", f"{k}{j}", 3) for k, n in sizes.items() for i in range(n) for j in range(i + 1, n)]
    edges += [("a0", "b0", 1), ("b1", "c0", 1)]
    nodes = [f"{k}{i}" for k, n in sizes.items() for i in range(n)] + ["z"]
    if order_seed is not None:
        random.Random(order_seed).shuffle(edges)
        random.Random(order_seed).shuffle(nodes)
    G.add_nodes_from(nodes)
    G.add_weighted_edges_from(edges)
    return G


def test_blocs_are_found_and_numbered_largest_first():
    found = communities.detect(blocs())
    assert {k: found[f"{k}0"] for k in "abc"} == {"a": 1, "b": 2, "c": 3} and found["z"] == 4
    assert all(found[n] == found[n[0] + "0"] for n in found if n != "z")


def test_same_graph_in_any_order_gives_the_same_communities():
    first = communities.detect(blocs())
    for seed in range(5):
        assert communities.detect(blocs(order_seed=seed)) == first
    state = random.getstate()
    communities.detect(blocs())
    assert random.getstate() == state   # igraph's generator is put back; the caller's random is untouched


def test_leading_members_name_a_community_by_its_most_central_actors():
    found = communities.detect(blocs())
    score = {"a3": 5.0, "a1": 5.0, "a0": 2.0, "b4": 1.0}
    assert communities.leading_members(found, score, top=2)[1] == ["a1", "a3"]
    assert communities.leading_members(found, score, top=2)[2] == ["b4", "b0"]


def test_centrality_rows_and_csv_carry_the_community():
    G = network.actor_graph(S.dataset())
    result = centrality.compute(G)
    by_iri = {r["iri"]: r["community"] for r in result.rows}
    assert by_iri == communities.detect(G)
    assert by_iri[S.KARIM] == by_iri[S.OIC] != by_iri[S.IRAQ] and by_iri[S.LONELY] == max(by_iri.values())
    csv_rows = centrality.to_csv(result).splitlines()
    assert csv_rows[0].endswith(",community") and all(r.rsplit(",", 1)[1].isdigit() for r in csv_rows[1:])


def test_cli_centrality_csv_has_communities(tmp_path):
    (tmp_path / "graph.trig").write_text(S.trig(), encoding="utf-8")
    out = CliRunner().invoke(cli.main, ["centrality", "--graph", str(tmp_path), "--format", "csv"])
    assert out.exit_code == 0, out.output
    header, *rows = out.output.strip().splitlines()
    assert header.endswith("community") and len(rows) == 7


def test_a_build_writes_each_actors_community_into_the_analysis_graph(tmp_path):
    import csv
    import io

    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from graph.to_rdf import ANALYSIS_GRAPH
    from graph.vocab import AG
    folder = S.build_seeds(tmp_path)
    rdf = network.load_rdf(folder)
    analysis = rdf.graph(URIRef(str(ANALYSIS_GRAPH)))
    rows = list(csv.DictReader(io.StringIO((folder / "centrality.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(network.actor_graph(rdf)) and {r["community"] for r in rows} >= {"1", "2", "3"}
    for r in rows:
        assert (URIRef(r["iri"]), AG.community, Literal(int(r["community"]), datatype=XSD.integer)) in analysis
