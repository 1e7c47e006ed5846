"""Centrality measures, their RDF and CSV forms, and `actorgraph centrality`."""
import csv
import io

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

import sample_actors as S
from graph import centrality as C
from graph import cli, network
from graph.vocab import AG, sparql_prologue


@pytest.fixture(scope="module")
def G():
    return network.actor_graph(S.dataset())


@pytest.fixture(scope="module")
def result(G):
    return C.compute(G)


def row(result, iri):
    return next(r for r in result.rows if r["iri"] == iri)


def test_degree_and_weighted_degree(result):
    assert (row(result, S.IRAQ)["degree"], row(result, S.IRAQ)["weighted_degree"]) == (5, 5)
    assert (row(result, S.OIC)["degree"], row(result, S.OIC)["weighted_degree"]) == (4, 6)
    lonely = row(result, S.LONELY)
    assert (lonely["degree"], lonely["betweenness"], lonely["eigenvector"]) == (0, 0, 0)
    assert 0 < lonely["pagerank"] == min(r["pagerank"] for r in result.rows)


def test_ranks_overall_and_within_type(result):
    by_pr = result.ranked("pagerank")
    assert [r["rank"]["pagerank"] for r in by_pr] == list(range(1, 8))
    assert by_pr[0]["iri"] == S.OIC
    people = result.ranked("pagerank", type="Person")
    assert people[0]["iri"] == S.KARIM and [r["type_rank"]["pagerank"] for r in people] == [1, 2, 3, 4]
    assert [r["iri"] for r in result.ranked("degree", top=1)] == [S.IRAQ]
    with pytest.raises(ValueError, match="closeness"):
        result.ranked("closeness")


EDGES = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(1, 4)), max_size=25)


def weighted(edges, n=10):
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from((a, b, w) for a, b, w in edges if a != b)
    return G


def actors(G):
    """G with the node attributes compute() reads (as graph.network makes them)."""
    for v in G:
        G.nodes[v].update(type=C.TYPES[int(str(v).lstrip("n")) % 3], label=str(v), label_en=str(v), label_ar="")
    return G


@settings(max_examples=40, deadline=None)
@given(EDGES)
def test_pagerank_matches_networkx_reference(edges):
    G = weighted(edges)
    ref = _pagerank_python(G, weight="weight", tol=1e-12, max_iter=1000)
    for engine in C.ENGINES:
        ours = C.pagerank(G, engine=engine)
        assert abs(sum(ours.values()) - 1) < 1e-9
        assert all(abs(ours[v] - ref[v]) < 1e-6 for v in G), engine


@settings(max_examples=60, deadline=None)
@given(EDGES, st.booleans())
def test_igraph_and_networkx_give_the_same_figures_and_ranking(edges, sampled):
    """igraph computes, NetworkX is the reference: same betweenness (exact, or sampled from the same
    sources), same PageRank, and the same ranks once the figures are rounded as in centrality.csv."""
    G = actors(weighted(edges))
    options = {"exact_max": 5, "sample_k": 4, "seed": 3} if sampled else {}
    ours, ref = C.compute(G, **options), C.compute(G, engine="networkx", **options)
    assert ours.notes["betweenness"] == ref.notes["betweenness"] == ("sampled: k=4 of 10 sources, seed=3"
                                                                     if sampled else "exact")
    for measure in ("degree", "weighted_degree", "betweenness", "pagerank"):
        assert [r[measure] for r in ours.rows] == pytest.approx([r[measure] for r in ref.rows], abs=2e-6)
        assert [r["rank"][measure] for r in ours.rows] == [r["rank"][measure] for r in ref.rows], measure
        assert [r["type_rank"][measure] for r in ours.rows] == [r["type_rank"][measure] for r in ref.rows]


@settings(max_examples=40, deadline=None)
@given(EDGES)
def test_eigenvector_matches_networkx_on_connected_graphs(edges):
    G = weighted(edges)
    if G.number_of_edges() == 0:
        return
    G = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    ours, note = C.eigenvector(G)
    ref = nx.eigenvector_centrality(G, weight="weight", max_iter=10_000, tol=1e-12)
    assert note == "ARPACK" and all(abs(ours[v] - ref[v]) < 1e-6 for v in G)


def test_betweenness_exact_then_sampled_with_a_fixed_seed():
    path = nx.path_graph(5)
    values, note = C.betweenness(path)
    assert note == "exact" and values[2] == pytest.approx(4 / 6) and values[0] == 0
    big = nx.barabasi_albert_graph(60, 2, seed=3)
    first, note = C.betweenness(big, exact_max=50, sample_k=20, seed=5)
    assert note == "sampled: k=20 of 60 sources, seed=5"
    assert C.betweenness(big, exact_max=50, sample_k=20, seed=5)[0] == first
    assert C.betweenness(big, exact_max=50, sample_k=20, seed=6)[0] != first
    reference = nx.betweenness_centrality(big, k=20, seed=5)
    assert all(first[v] == pytest.approx(reference[v], abs=1e-12) for v in big)
    assert C.betweenness(big, exact_max=60)[1] == "exact"
    with pytest.raises(ValueError, match="engine"):
        C.betweenness(path, engine="graph-tool")


def test_eigenvector_falls_back_to_zero_when_it_does_not_converge(G, monkeypatch):
    result = C.compute(G, eigen_max_iter=1, engine="networkx")
    assert result.notes["eigenvector"] == "did not converge in 1 iterations: set to 0"
    assert {r["eigenvector"] for r in result.rows} == {0.0}
    assert C.compute(G).notes["eigenvector"] == "ARPACK"
    import igraph

    def fails(*args, **kwargs):
        raise igraph.InternalError("ARPACK error, Maximum number of iterations reached")
    monkeypatch.setattr(igraph.Graph, "eigenvector_centrality", fails)
    result = C.compute(G, eigen_max_iter=7)
    assert result.notes["eigenvector"].startswith("did not converge in 7 iterations (ARPACK error")
    assert {r["eigenvector"] for r in result.rows} == {0.0}


def test_sampled_centrality_csv_is_byte_identical_across_runs():
    G = actors(nx.relabel_nodes(nx.barabasi_albert_graph(300, 3, seed=2), lambda v: f"n{v:03d}"))
    for u, v, d in G.edges(data=True):
        d["weight"] = 1 + (int(u[1:]) * int(v[1:])) % 4
    first = C.to_csv(C.compute(G, exact_max=100, sample_k=50))
    again = G.copy()
    assert C.to_csv(C.compute(again, exact_max=100, sample_k=50)) == first
    assert "-0.0" not in first and first.count("\n") == 301


def test_empty_graph_and_window(G):
    assert C.compute(nx.Graph(facts={})).rows == []
    feb = C.compute(G, since="2025-02-01", until="2025-02-28")
    assert sorted(r["iri"] for r in feb.rows) == sorted([S.KARIM, S.ALI, S.OIC])
    assert feb.notes["window"] == "2025-02-01 – 2025-02-28"
    assert row(feb, S.KARIM)["degree"] == 2


def test_figures_go_into_rdf_and_sparql_can_rank_actors(result):
    g = C.to_rdf(result, Graph())
    assert len(g) == 7 * 6
    assert (URIRef(S.OIC), AG.weightedDegree, Literal(6, datatype=XSD.integer)) in g
    assert (URIRef(S.OIC), AG.community, Literal(row(result, S.OIC)["community"], datatype=XSD.integer)) in g
    assert g.value(URIRef(S.OIC), AG.pagerank).datatype == XSD.double
    q = sparql_prologue() + "SELECT ?a WHERE { ?a ag:pagerank ?p } ORDER BY DESC(?p) LIMIT 1"
    assert [str(r.a) for r in g.query(q)] == [S.OIC]


def test_csv_is_deterministic_and_complete(G, result):
    text = C.to_csv(result)
    assert text == C.to_csv(C.compute(network.actor_graph(S.dataset())))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == C.CSV_COLUMNS and len(rows) == 7
    assert rows[0]["iri"] == S.OIC and rows[0]["label_ar"] == "منظمة التعاون الإسلامي"
    assert float(rows[0]["pagerank"]) == row(result, S.OIC)["pagerank"]
    assert text.count("\n") == 8 and "\r" not in text
    assert C.to_csv(result, "degree", type="Country", top=1).splitlines()[1].startswith(S.IRAQ + ",Country,Iraq")


def test_table_names_the_methods(result):
    table = C.to_table(result, "pagerank", "Organization", 10)
    assert "Organization of Islamic Cooperation" in table and "Karim" not in table
    assert "betweenness: exact; eigenvector: ARPACK" in table


@pytest.fixture
def trig_file(tmp_path):
    path = tmp_path / "graph.trig"
    path.write_text(S.trig(), encoding="utf-8")
    return path


def test_cli_centrality_table_and_csv(trig_file):
    runner = CliRunner()
    out = runner.invoke(cli.main, ["centrality", "--graph", str(trig_file.parent), "--measure", "pagerank",
                                   "--type", "Person", "--top", "2"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert "Karim Najafi Barzegar" in lines[1] and "Sara Rahimi" in lines[2] and len(lines) == 4
    out = runner.invoke(cli.main, ["centrality", "--graph", str(trig_file), "--format", "csv", "--since", "2025-02",
                                   "--until", "2025-02"])
    assert out.exit_code == 0 and out.output.count("\n") == 4


def test_cli_centrality_errors(trig_file, tmp_path):
    runner = CliRunner()
    out = runner.invoke(cli.main, ["centrality", "--graph", str(trig_file), "--since", "spring"])
    assert out.exit_code == 1 and "not a date" in out.output
    out = runner.invoke(cli.main, ["centrality", "--graph", str(tmp_path / "nothing")])
    assert out.exit_code == 1 and "no such graph" in out.output
    assert tuple(cli.MEASURE_CHOICE.choices) == C.MEASURES


def test_seeds_put_actors_that_link_several_articles_at_the_top(tmp_path):
    """PageRank and betweenness (not degree: one 13-party meeting makes a clique) rank the actors
    whose facts come from two or more articles within the top quarter."""
    G = network.actor_graph(network.load_rdf(S.build_seeds(tmp_path)))
    linking = {n for n in G if len({a for f in network.node_facts(G, n) for a in f["articles"]}) >= 2}
    assert S.KARIM in linking
    result = C.compute(G)
    quarter = len(G) // 4
    for measure in ("pagerank", "betweenness"):
        top = {r["iri"] for r in result.ranked(measure, top=quarter)}
        assert linking <= top, (measure, sorted(linking - top))
