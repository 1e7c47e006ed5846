"""The actor graph projected from the RDF (graph.network, graph.facts)."""
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st
from rdflib import Graph

import sample_actors as S
from graph import facts as F
from graph import network
from graph.errors import GraphNotFound


@pytest.fixture(scope="module")
def G():
    return network.actor_graph(S.dataset())


def rel(G, a, b):
    return G.edges[a, b]["relations"], G.edges[a, b]["weight"], G.edges[a, b]["articles"]


def test_every_typed_actor_is_a_node_with_type_and_labels(G):
    assert sorted(G) == sorted([S.KARIM, S.ALI, S.SARA, S.LONELY, S.OIC, S.IRAN, S.IRAQ])
    assert G.nodes[S.OIC]["type"] == "Organization" and G.nodes[S.IRAN]["type"] == "Country"
    assert G.nodes[S.KARIM]["label_en"] == "Karim Najafi Barzegar"
    assert G.nodes[S.KARIM]["label_ar"] == "كريم نجفي برزكر"
    assert G.nodes[S.ALI]["label_ar"] == "" and G.nodes[S.ALI]["label"] == "Ali Hassan"
    assert G.degree(S.LONELY) == 0


def test_edges_follow_meetings_posts_and_agreements(G):
    expected = {
        (S.KARIM, S.ALI): (["co-attended"], 2, ["a1.txt", "a2.txt"]),     # two meetings, two articles
        (S.KARIM, S.OIC): (["organized", "post"], 2, ["a1.txt", "a2.txt"]),
        (S.KARIM, S.IRAQ): (["co-attended"], 1, ["a1.txt"]),
        (S.ALI, S.OIC): (["organized"], 1, ["a1.txt"]),
        (S.IRAQ, S.OIC): (["organized"], 1, ["a1.txt"]),
        (S.ALI, S.IRAQ): (["co-attended"], 1, ["a1.txt"]),
        (S.SARA, S.OIC): (["co-attended"], 2, ["a1.txt", "a3.txt"]),       # one meeting, two sources
        (S.SARA, S.IRAN): (["agreement"], 1, ["a3.txt"]),
        (S.SARA, S.IRAQ): (["agreement"], 1, ["a3.txt"]),
        (S.IRAN, S.IRAQ): (["agreement"], 1, ["a3.txt"]),
    }
    assert G.number_of_edges() == len(expected)
    for (a, b), want in expected.items():
        assert rel(G, a, b) == want, (a, b)


def test_nodes_carry_their_facts_with_evidence_and_articles(G):
    post, = G.nodes[S.KARIM]["posts"]
    assert post["detail"] == "Secretary General" and post["articles"] == ["a2.txt"]
    assert post["evidence"] == [{"sentence": "Karim Najafi Barzegar, Secretary General of the OIC, said.",
                                 "article": "a2.txt"}]
    meetings = {m["label"]: m for m in G.nodes[S.KARIM]["meetings"]}
    assert sorted(meetings) == ["Karbala conference", "Video call"]
    conf = meetings["Karbala conference"]
    assert (conf["start"], conf["end"], conf["place"]) == ("2025-01-18", "2025-01-20", "Karbala")
    assert conf["roles"][S.OIC] == ["organizer"]
    assert (meetings["Video call"]["start"], meetings["Video call"]["end"]) == ("2025-02-01", "2025-02-28")
    agreement, = G.nodes[S.IRAN]["agreements"]
    assert agreement["detail"] == "action plan" and agreement["roles"][S.SARA] == ["signatory"]


def test_same_article_counts_once_and_evidence_article_is_the_fallback():
    extra = S.A2 + """
    id:meeting/m4 a ag:Meeting ; schema:attendee id:person/karim-najafi-barzegar, id:person/ali-hassan ;
        ag:evidence id:evidence/e9 .
    id:evidence/e9 a ag:Evidence ; ag:sentence "They met again." ; ag:article id:article/a2.txt .
    """
    G = network.actor_graph(S.dataset(a2=extra))
    assert len(G.edges[S.KARIM, S.ALI]["facts"]) == 3
    assert rel(G, S.KARIM, S.ALI)[1:] == (2, ["a1.txt", "a2.txt"])


def test_dataset_and_plain_graph_give_the_same_projection(G):
    plain = Graph()
    for s, p, o, _ in S.dataset().quads((None, None, None, None)):
        plain.add((s, p, o))
    H = network.actor_graph(plain)
    assert sorted(H.edges(data="weight")) == sorted(G.edges(data="weight"))


def test_window_keeps_dated_facts_that_overlap(G):
    feb = network.actor_graph(S.dataset(), since="2025-02", until="2025-02")
    assert sorted(feb) == sorted([S.KARIM, S.ALI, S.OIC])
    assert rel(feb, S.KARIM, S.ALI) == (["co-attended"], 1, ["a2.txt"])
    assert rel(feb, S.KARIM, S.OIC) == (["post"], 1, ["a2.txt"])
    last_day = network.restrict(G, "2025-01-20", "2025-01-20")   # the conference's end date
    assert S.IRAQ in last_day and S.SARA not in last_day          # m3 is undated: left out
    assert network.restrict(G, since="2025-03-05").number_of_nodes() == 0
    assert sorted(network.restrict(G, until="2024").edges) == []


def test_period_and_window_parsing():
    assert F.period("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert F.period("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert F.period("--01-18") is None and F.period("2024-02-30") is None
    assert F.window("2025-02", "2025") == (date(2025, 2, 1), date(2025, 12, 31))
    assert F.window(None, None) == (date.min, date.max)
    with pytest.raises(F.BadDate, match="2025-13"):
        F.window("2025-13", None)


def test_load_rdf_reads_folders_and_files(tmp_path):
    (tmp_path / "graph.trig").write_text(S.trig(), encoding="utf-8")
    assert len(network.actor_graph(network.load_rdf(tmp_path))) == 7
    ttl = tmp_path / "g.ttl"
    network.union_graph(S.dataset()).serialize(ttl, format="turtle")
    assert len(network.actor_graph(network.load_rdf(ttl))) == 7
    with pytest.raises(GraphNotFound):
        network.load_rdf(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(GraphNotFound, match="actorgraph build"):
        network.load_rdf(tmp_path / "empty")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    with pytest.raises(network.GraphUnreadable, match="bad.ttl"):
        network.load_rdf(bad)


FACT = st.fixed_dictionaries({
    "actors": st.sets(st.sampled_from("abcdef"), min_size=1, max_size=4),
    "articles": st.sets(st.sampled_from(["x", "y", "z", "w"]), max_size=3),
})


@settings(max_examples=80, deadline=None)
@given(st.lists(FACT, max_size=8))
def test_weight_is_the_number_of_distinct_articles_behind_a_pair(raw):
    facts = [{"id": f"f{i}", "kind": "agreement", "actors": sorted(r["actors"]), "articles": sorted(r["articles"]),
              "roles": {a: ["party"] for a in sorted(r["actors"])}, "start": None, "end": None}
             for i, r in enumerate(raw)]
    actors = {a: {"type": "Person", "label": a, "label_en": a, "label_ar": ""} for a in "abcdef"}
    G = network.assemble(actors, facts, keep_isolates=True)
    for a in "abcdef":
        for b in "abcdef":
            both = [f for f in facts if a != b and a in f["actors"] and b in f["actors"]]
            assert G.has_edge(a, b) == bool(both)
            if both:
                assert G.edges[a, b]["weight"] == max(1, len({x for f in both for x in f["articles"]}))


def oxigraph_store(ds):
    import pyoxigraph as ox
    store = ox.Store()
    store.bulk_load(input=ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def assert_same_graph(G, H):
    assert list(G) == list(H)
    assert all(G.nodes[n] == H.nodes[n] for n in G)
    assert sorted(G.edges) == sorted(H.edges)
    assert all(H.edges[u, v] == d for u, v, d in G.edges(data=True))
    assert G.graph == H.graph


@pytest.mark.parametrize("make", [S.dataset, S.hostile_dataset])
def test_oxigraph_store_gives_the_same_graph_as_rdflib(make):
    ds = make()
    store = oxigraph_store(ds)
    assert_same_graph(network.actor_graph(ds), network.actor_graph(store))
    assert_same_graph(network.actor_graph(ds, since="2025-02"), network.actor_graph(store, since="2025-02"))


def test_store_path_counts_a_triple_stated_in_several_graphs_once():
    """The actor's label and the meeting's attendee stated in two article graphs each: no repeats."""
    dup = S.A1 + S.ACTORS.split("\n")[1] + "\nid:meeting/m2 schema:attendee id:person/karim-najafi-barzegar .\n"
    ds = S.dataset(a1=dup)
    G = network.actor_graph(oxigraph_store(ds))
    assert_same_graph(network.actor_graph(ds), G)
    assert G.nodes[S.KARIM]["label_en"] == "Karim Najafi Barzegar"
    video, = [m for m in G.nodes[S.KARIM]["meetings"] if m["label"] == "Video call"]
    assert video["roles"][S.KARIM] == ["attendee"]


def test_language_tags_are_matched_whatever_their_case():
    ds = S.dataset(actors=S.ACTORS.replace('"Iran"@en', '"Iran"@EN'))
    assert network.actor_graph(ds).nodes[S.IRAN]["label_en"] == "Iran"
    assert network.actor_graph(oxigraph_store(ds)).nodes[S.IRAN]["label_en"] == "Iran"


def test_seeds_build_store_and_graph_file_give_the_same_graph(tmp_path):
    from graph.store import open_graph
    folder = S.build_seeds(tmp_path)
    G = network.actor_graph(network.load_rdf(folder))
    assert len(G) > 20 and G.number_of_edges() > 50
    assert_same_graph(G, network.actor_graph(open_graph(folder).store))      # the build's own store
    assert_same_graph(G, network.actor_graph(oxigraph_store(network.load_rdf(folder))))
