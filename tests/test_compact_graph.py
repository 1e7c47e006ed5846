"""The compact actor graph (graph.compact_graph) gives what the NetworkX one (graph.network) gives:
the same actors, links, weights and facts, the same centrality.csv and the same network.html,
from an rdflib graph and from a store; `actorgraph centrality` / `view` answer as before."""
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

import sample_actors as S
from graph import centrality, cli, compact_graph, compact_sources, network, view
from graph import facts as F
from graph.compact_graph import RELATIONS, Actors, Facts, assemble
from test_network import oxigraph_store


def assert_same_as_networkx(g, G):
    """Every actor, link (in NetworkX's order), relation, weight and fact list of G, in g."""
    assert list(g) == list(G)
    assert [g.actors.attrs(i) for i in range(len(g))] == [
        {k: G.nodes[n][k] for k in F.ACTOR_KEYS} for n in G]
    iris, firis = g.actors.iris, g.facts.iris
    links = [(iris[g.u[e]], iris[g.v[e]], {"relations": g.relation_names(e), "weight": g.weights[e],
                                           "label": g.label(e), "facts": [firis[f] for f in g.facts_of_link(e)]})
             for e in g.links_in_networkx_order()]
    want = [(u, v, {k: d[k] for k in ("relations", "weight", "label", "facts")}) for u, v, d in G.edges(data=True)]
    assert links == want
    by_actor = g.facts_by_actor()
    for i, n in enumerate(iris):
        assert [firis[f] for f in by_actor[i]] == [f["id"] for f in network.node_facts(G, n)]
    assert sorted(set(firis)) == sorted(G.graph["facts"])


@pytest.mark.parametrize("make", [S.dataset, S.hostile_dataset])
def test_compact_graph_equals_the_networkx_graph_from_rdflib_and_from_a_store(make):
    ds = make()
    G = network.actor_graph(ds)
    assert_same_as_networkx(compact_graph.from_rdf(ds), G)
    assert_same_as_networkx(compact_graph.from_store(oxigraph_store(ds)), G)
    g = compact_graph.from_rdf(ds)
    assert g.weights.tolist() and max(g.weights) == 2 and g.number_of_edges() == G.number_of_edges()


@pytest.mark.parametrize("window", [("2025-02", "2025-02"), ("2025-01-20", "2025-01-20"), ("2025-03-05", None),
                                    (None, "2024")])
def test_window_restricts_like_networkx(window):
    ds = S.dataset()
    for g in (compact_graph.from_rdf(ds), compact_graph.from_store(oxigraph_store(ds))):
        assert_same_as_networkx(g.restrict(*window), network.actor_graph(ds, *window))
    feb = compact_graph.from_rdf(ds).restrict("2025-02", "2025-02")
    assert sorted(feb) == sorted([S.KARIM, S.ALI, S.OIC]) and feb.number_of_edges() == 2


@pytest.mark.parametrize("share", [0.1, 1.0])   # whole read / index seeks about the facts alone
def test_details_are_the_fact_dicts_of_graph_facts(share, monkeypatch):
    monkeypatch.setattr(compact_sources, "AROUND_SHARE", share)
    ds = S.hostile_dataset()
    G = network.actor_graph(ds)
    for g in (compact_graph.from_rdf(ds), compact_graph.from_store(oxigraph_store(ds))):
        rows = list(range(len(g.facts)))
        found = g.details(rows)
        assert [found[f] for f in rows] == [G.graph["facts"][g.facts.iris[f]] for f in rows]
    post = next(d for d in found.values() if d["kind"] == "post")
    assert post["label"] == "Karim Najafi Barzegar: Secretary General, Organization of Islamic Cooperation"
    assert post["evidence"] == [{"sentence": "Karim Najafi Barzegar, Secretary General of the OIC, said.",
                                 "article": "a2.txt"}]


@pytest.mark.parametrize("options", [{}, {"since": "2025-02"}, {"exact_max": 3, "sample_k": 2},
                                     {"engine": "networkx"}])
def test_centrality_of_the_compact_graph_equals_that_of_networkx(options):
    ds = S.dataset()
    want = centrality.compute(network.actor_graph(ds), **options)
    got = centrality.compute(compact_graph.from_store(oxigraph_store(ds)), **options)
    assert got.rows == want.rows and got.notes == want.notes
    assert centrality.to_csv(got) == centrality.to_csv(want)
    assert [r["iri"] for r in got.ranked("pagerank")][0] == (S.KARIM if options.get("since") else S.OIC)


@pytest.mark.parametrize("options", [{}, {"top_n": 3}, {"lang": "ar", "size_by": "degree"}])
def test_view_of_the_compact_graph_is_byte_identical(options):
    ds = S.hostile_dataset()
    G = network.actor_graph(ds)
    html = view.render(G, centrality.compute(G), **options)
    for g in (compact_graph.from_rdf(ds), compact_graph.from_store(oxigraph_store(ds))):
        assert view.render(g, centrality.compute(g), **options) == html
    assert S.SCRIPT not in html.split('type="application/json"')[1].split("</script>")[0]


FACT = st.fixed_dictionaries({
    "actors": st.dictionaries(st.integers(0, 5), st.sets(st.sampled_from(["attendee", "organizer"]), min_size=1),
                              min_size=1, max_size=4),
    "articles": st.sets(st.sampled_from(["x", "y", "z"]), max_size=3),
    "kind": st.sampled_from(["post", "meeting", "agreement"]),
})


@settings(max_examples=60, deadline=None)
@given(st.lists(FACT, max_size=8))
def test_links_weights_and_relations_equal_networkx_assemble(raw):
    names = [f"a{i}" for i in range(6)]
    facts = [{"id": f"f{i}", "kind": r["kind"], "actors": [names[a] for a in sorted(r["actors"])],
              "articles": sorted(r["articles"]), "start": None, "end": None,
              "roles": {names[a]: sorted(rs) for a, rs in sorted(r["actors"].items())}} for i, r in enumerate(raw)]
    G = network.assemble({n: {"type": "Person", "label": n, "label_en": n, "label_ar": ""} for n in names}, facts,
                         keep_isolates=True)
    table = Facts()
    for f in facts:
        table.append(f["id"], ["post", "meeting", "agreement"].index(f["kind"]), None, None, tuple(f["articles"]),
                     [names.index(a) for a in f["actors"]],
                     [sum(1 << compact_graph.ROLES.index(r) for r in f["roles"][a]) for a in f["actors"]])
    g = assemble(Actors(names, ["Person"] * 6, names, names, [""] * 6), table, keep_isolates=True)
    assert_same_as_networkx(g, G)
    assert set(RELATIONS) >= {r for e in range(g.number_of_edges()) for r in g.relation_names(e)}


def test_seeds_build_gives_the_same_centrality_and_view_from_its_store(tmp_path):
    folder = S.build_seeds(tmp_path)
    G = network.actor_graph(network.load_rdf(folder))
    g = compact_graph.at(folder)
    assert_same_as_networkx(g, G)
    result = centrality.compute(G)
    assert centrality.to_csv(centrality.compute(g)) == centrality.to_csv(result)
    assert (folder / "centrality.csv").read_text(encoding="utf-8") == centrality.to_csv(result)
    assert (folder / "network.html").read_text(encoding="utf-8") == view.render(G, result)
    runner = CliRunner()
    out = runner.invoke(cli.main, ["centrality", "--graph", str(folder), "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert out.output == centrality.to_csv(result)
    target = tmp_path / "top.html"
    out = runner.invoke(cli.main, ["view", "--graph", str(folder), "--out", str(target), "--no-open", "--top", "5",
                                   "--size-by", "degree"])
    assert out.exit_code == 0, out.output
    assert target.read_text(encoding="utf-8") == view.render(G, result, top_n=5, size_by="degree")


def test_centrality_quads_are_the_sorted_rdflib_triples_term_for_term():
    from rdflib import Graph

    from graph.to_rdf import ANALYSIS_GRAPH, ox_quads
    result = centrality.compute(network.actor_graph(S.dataset()))
    result.rows[0]["pagerank"], result.rows[1]["betweenness"] = 1e-06, 0.0   # the lexical forms of small figures
    want = list(ox_quads((s, p, o, ANALYSIS_GRAPH) for s, p, o in sorted(centrality.to_rdf(result, Graph()))))
    got = centrality.quads(result, str(ANALYSIS_GRAPH))
    assert got == want and len(got) == 6 * len(result.rows)
    import pyoxigraph as ox
    text = centrality.quads_text(result, str(ANALYSIS_GRAPH))   # what the large path keeps instead
    assert list(ox.parse(input=text, format=ox.RdfFormat.N_QUADS)) == want


def test_a_store_gives_the_evidence_article_of_a_fact_without_its_article():
    """A fact without prov:wasDerivedFrom counts the article of its evidence (graph.facts' fallback),
    from a store as from rdflib: StoreTriples.core finds it by index seeks from such facts."""
    extra = S.A2 + """
    id:meeting/m4 a ag:Meeting ; schema:attendee id:person/karim-najafi-barzegar, id:person/ali-hassan ;
        ag:evidence id:evidence/e9, id:evidence/e10 .
    id:evidence/e9 a ag:Evidence ; ag:sentence "They met again." ; ag:article id:article/a2.txt .
    id:evidence/e10 a ag:Evidence ; ag:sentence "Again." ; ag:article id:article/a3.txt .
    """
    ds = S.dataset(a2=extra)
    G = network.actor_graph(ds)
    g = compact_graph.from_store(oxigraph_store(ds))
    assert_same_as_networkx(g, G)
    f, = [i for i, iri in enumerate(g.facts.iris) if iri.endswith("/meeting/m4")]
    assert g.facts.articles[f] == ("a2.txt", "a3.txt")


@pytest.mark.parametrize("make", [S.dataset, S.hostile_dataset])
def test_a_store_with_the_union_in_its_default_graph_reads_as_the_sparql_rows(make):
    """A build's store is read by index scans of its default graph (StoreTriples._scan): the rows, in
    order, of the SPARQL pattern with the same terms bound, so the compact graph and what it feeds are
    the same as from the named graphs."""
    import pyoxigraph as ox
    from rdflib import RDF

    from graph.store import _fill
    from graph.store_triples import CLASSES, PREDICATES, StoreTriples
    ds = make()
    store = ox.Store()
    _fill(store, ds)   # as a build's store: each quad in its named graph, its triple in the default graph
    g = StoreTriples(store, union_default_graph=True)
    for p in PREDICATES:
        want = [tuple(r) for r in store.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ <{p}> }} ?s ?p ?o }}")]
        assert list(g._scan(p)) == want
    for c in CLASSES:
        want = [r[0] for r in store.query(f"SELECT ?s WHERE {{ ?s a <{c}> }}")]
        assert [t[0] for t in g._scan(str(RDF.type), c)] == want
    named = StoreTriples(oxigraph_store(ds))
    assert {k: sorted(v) for k, v in g._objects.items()} == {k: sorted(v) for k, v in named._objects.items()}
    assert {k: sorted(v) for k, v in g._by_class.items()} == {k: sorted(v) for k, v in named._by_class.items()}
    assert g._objects and g._by_class
    assert_same_as_networkx(compact_graph.from_store(store, union_default_graph=True), network.actor_graph(ds))
