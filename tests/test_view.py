"""The HTML view as text: offline, escaped, deterministic (graph.view) and `actorgraph view`."""
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import sample_actors as S
from graph import centrality, cli, network, page_json, view

ASSETS = Path(view.__file__).parent / "view_assets"


@pytest.fixture(scope="module")
def G():
    return network.actor_graph(S.dataset())


def data_of(html):
    m = re.search(r'<script type="application/json" id="ag-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def ours(html):
    """The page without the vendored vis-network script and style."""
    html = re.sub(r"<script>.*?</script>", lambda m: "" if len(m.group(0)) > 100_000 else m.group(0), html, flags=re.S)
    return re.sub(r"<style>.*?</style>", lambda m: "" if len(m.group(0)) > 100_000 else m.group(0), html, flags=re.S)


def test_same_graph_gives_byte_identical_html(G):
    again = network.actor_graph(S.dataset())
    assert view.render(G) == view.render(again, centrality.compute(again))
    assert view.render(G, seed=8) != view.render(G)


def test_page_is_self_contained(G):
    html = view.render(G)
    assert "default-src 'none'" in html
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=|<link\b|@import|url\(\s*['\"]?(https?:|//)", html, re.I)
    assert "vis.Network" in html and "bootstrap" not in html.lower() and "cdnjs" not in html


def test_data_holds_every_node_edge_fact_and_evidence(G):
    data = data_of(view.render(G))
    assert len(data["nodes"]) == len(G) == len(data["actors"]) and len(data["edges"]) == G.number_of_edges()
    karim = next(i for i, a in enumerate(data["actors"]) if a["iri"] == S.KARIM)
    facts = [data["facts"][k] for k in data["actors"][karim]["facts"]]
    assert sorted(f["kind"] for f in facts) == ["meeting", "meeting", "post"]
    assert {"sentence": "Barzegar held a video call with Hassan.", "article": "a2.txt"} in \
        [e for f in facts for e in f["evidence"]]
    pos = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(pos) == len(G) and data["options"]["physics"]["enabled"] is False


def test_nodes_shaped_by_type_coloured_by_community_sized_by_measure_and_edges_by_relation(G):
    result = centrality.compute(G)
    data = data_of(view.render(G, result, size_by="degree"))
    by_iri = {a["iri"]: n for a, n in zip(data["actors"], data["nodes"])}
    community = {r["iri"]: r["community"] for r in result.rows}
    assert by_iri[S.OIC]["shape"] == "square" and by_iri[S.IRAN]["shape"] == "triangle"
    assert community[S.KARIM] == community[S.OIC] and by_iri[S.KARIM]["color"] == by_iri[S.OIC]["color"]
    assert community[S.KARIM] != community[S.IRAQ] and by_iri[S.KARIM]["color"] != by_iri[S.IRAQ]["color"]
    assert [c["id"] for c in data["communities"]] == [1, 2, 3]
    assert [c["color"] for c in data["communities"]] == list(view.PALETTE[:3])
    assert by_iri[S.IRAQ]["size"] > by_iri[S.IRAN]["size"] > by_iri[S.LONELY]["size"]
    index = {a["iri"]: i for i, a in enumerate(data["actors"])}
    edge = next(e for e in data["edges"] if {e["from"], e["to"]} == {index[S.KARIM], index[S.OIC]})
    assert edge["label"] == "organized, post ×2" and edge["width"] == 2.0


def test_arabic_labels_and_right_to_left(G):
    html = view.render(G, lang="ar")
    data = data_of(html)
    labels = {a["iri"]: n["label"] for a, n in zip(data["actors"], data["nodes"])}
    assert labels[S.KARIM] == "كريم نجفي برزكر" and labels[S.ALI] == "Ali Hassan"  # no Arabic label: English
    assert '<div id="network" dir="rtl">' in html and '<html lang="ar">' in html
    with pytest.raises(ValueError):
        view.render(G, lang="fr")


def test_top_n_keeps_the_most_central_and_their_links(G):
    result = centrality.compute(G)
    data = data_of(view.render(G, result, top_n=3, size_by="pagerank"))
    kept = {a["iri"] for a in data["actors"]}
    assert kept == {r["iri"] for r in result.ranked("pagerank", top=3)}
    assert len(data["edges"]) == G.subgraph(kept).number_of_edges()
    assert "3 of 7 actors" in view.render(G, result, top_n=3)


def test_a_page_of_the_most_central_keeps_a_share_of_each_type():
    """An invented archive: twenty organisations at one congress, each pair of them again at a forum, and four
    persons who each met one organisation. Ranked by degree the organisations fill any top 10; a page of 10
    keeps the two best-ranked persons (TYPE_SHARE 0.2) and eight organisations, and says so."""
    orgs = [f"id:org/o{i:02d}" for i in range(20)]
    actors = "".join(f'{o} a ag:Organization, org:Organization ; rdfs:label "Body {i}"@en .\n' for i, o in enumerate(orgs))
    actors += "".join(f'id:person/p{i} a ag:Person, foaf:Person ; rdfs:label "Envoy {i}"@en .\n' for i in range(4))

    def meeting(name, day, who):
        return (f'id:meeting/{name} a ag:Meeting, schema:Event ; rdfs:label "{name}"@en ; schema:startDate '
                f'"2025-02-{day:02d}"^^xsd:date ; schema:attendee {", ".join(who)} ; '
                f'prov:wasDerivedFrom id:article/a1.txt .\n')
    text = meeting("congress", 1, orgs) + "".join(
        meeting(f"visit{i}", 2 + i, [f"id:person/p{i}", orgs[i], *(["id:person/p0"] if i == 1 else [])])
        for i in range(4))
    G = network.actor_graph(S.dataset(actors=actors, a1=text, a2="", a3=""))
    result = centrality.compute(G)
    by_degree = result.ranked("degree")
    assert {r["type"] for r in by_degree[:10]} == {"Organization"}
    persons = [r["iri"] for r in result.ranked("degree", type="Person")]
    html = view.render(G, result, top_n=10, size_by="degree")
    kept = {a["iri"] for a in data_of(html)["actors"]}
    organisations = [r["iri"] for r in by_degree if r["type"] == "Organization"]
    assert kept == set(persons[:2]) | set(organisations[:8])
    assert "Showing the 10 most central actors by degree (at least 2 of each type, where there are as many)" in html
    assert {a["iri"] for a in data_of(view.render(G, result, top_n=4, size_by="degree"))["actors"]} == {
        r["iri"] for r in by_degree[:4]}   # a page of 4 has no floor: int(4 * 0.2) = 0


def test_hostile_names_and_sentences_produce_no_markup():
    H = network.actor_graph(S.hostile_dataset())
    html = view.render(H, title="<b>t</b>")
    page = ours(html)
    assert "<img" not in html and "alert(2)</script>" not in html and "<b>" not in page
    assert "&lt;b&gt;t&lt;/b&gt;" in page
    assert page.count("<script") == 2 and page.count("</script") == 2  # data block and view.js (+ vis-network)
    data = data_of(html)
    hostile = next(a for a in data["actors"] if a["iri"] == S.HOSTILE)
    assert hostile["en"] == S.IMG and hostile["ar"] == S.SCRIPT  # shown as text, unchanged
    assert any(S.SCRIPT in e["sentence"] for f in data["facts"] for e in f["evidence"])


def test_page_script_never_parses_html():
    script = (ASSETS / "view.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in script
    assert "textContent" in script


def test_cli_view_writes_and_opens(tmp_path, monkeypatch):
    (tmp_path / "graph.trig").write_text(S.trig(), encoding="utf-8")
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    runner = CliRunner()
    out = runner.invoke(cli.main, ["view", "--graph", str(tmp_path), "--no-open", "--top", "2", "--lang", "ar"])
    assert out.exit_code == 0, out.output
    assert len(data_of((tmp_path / "network.html").read_text(encoding="utf-8"))["nodes"]) == 2 and opened == []
    target = tmp_path / "v.html"
    out = runner.invoke(cli.main, ["view", "--graph", str(tmp_path / "graph.trig"), "--out", str(target),
                                   "--size-by", "betweenness"])
    assert out.exit_code == 0 and opened == [target.resolve().as_uri()]
    out = runner.invoke(cli.main, ["view", "--graph", str(tmp_path / "none"), "--no-open"])
    assert out.exit_code == 1 and "no such graph" in out.output


def test_layout_is_seeded_and_keeps_linked_actors_together():
    import math

    import networkx as nx

    from graph import layout
    G = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    G.add_edge(0, 6)
    pos = layout.layout(G, seed=3)
    assert pos == layout.layout(G, seed=3) and pos != layout.layout(G, seed=4)
    assert all(isinstance(c, int) for p in pos.values() for c in p)
    dist = lambda a, b: math.dist(pos[a], pos[b])  # noqa: E731
    inside = [dist(a, b) for a in G for b in G if a < b and (a < 6) == (b < 6)]
    across = [dist(a, b) for a in range(6) for b in range(6, 12)]
    assert max(inside) < min(across) * 1.5 and sum(inside) / len(inside) < sum(across) / len(across)


def test_a_large_graph_shows_its_most_central_actors_by_default(G, monkeypatch):
    result = centrality.compute(G)
    monkeypatch.setattr(view, "DEFAULT_TOP", 4)
    html = view.render(G, result, size_by="degree")
    kept = {a["iri"] for a in data_of(html)["actors"]}
    assert kept == {r["iri"] for r in result.ranked("degree", top=4)}
    assert "4 of 7 actors" in html and "Showing the 4 most central actors by degree" in html
    everything = view.render(G, result, top_n=0)
    assert len(data_of(everything)["actors"]) == 7 and "Showing the" not in everything
    monkeypatch.setattr(view, "DEFAULT_TOP", 7)
    assert "Showing the" not in view.render(G, result) and len(data_of(view.render(G, result))["actors"]) == 7


def test_an_actor_with_many_facts_lists_its_most_recent_and_counts_the_rest(G, monkeypatch):
    n = max(G, key=lambda n: len(network.node_facts(G, n)))
    facts = network.node_facts(G, n)
    assert len(facts) >= 2
    monkeypatch.setattr(view, "FACTS_PER_ACTOR", 1)
    monkeypatch.setattr(view, "EVIDENCE_PER_FACT", 0)
    data = data_of(view.render(G, top_n=0))
    actor = next(a for a in data["actors"] if a["iri"] == n)
    newest = max(facts, key=lambda f: (f["start"] or "", f["id"]))
    assert [data["facts"][k]["label"] for k in actor["facts"]] == [newest["label"]]
    assert actor["more"] == len(facts) - 1
    assert all(f["evidence"] == [] for f in data["facts"])
    assert "more facts not in this page" in (ASSETS / "view.js").read_text(encoding="utf-8")


def test_legend_names_each_community_by_its_most_central_members(G):
    result = centrality.compute(G)
    data = data_of(view.render(G, result, size_by="pagerank"))
    for c in data["communities"]:
        members = [r for r in result.ranked("pagerank") if r["community"] == c["id"]]
        assert [data["actors"][i]["iri"] for i in c["lead"]] == [r["iri"] for r in members[:view.LEAD]]
        assert c["count"] == len(members)
        assert all(data["actors"][i]["community"] == c["id"] for i in c["lead"])


def test_backbone_threshold_keeps_the_drawing_within_its_link_budget(monkeypatch):
    import networkx as nx

    from graph import backbone
    G = nx.Graph()
    G.add_edges_from((f"a{i}", f"a{j}", {"weight": 1 + (i + j) % 4}) for i in range(12) for j in range(i + 1, 12))
    shown = set(G)
    assert backbone.min_weight(G, shown) == 1                       # 66 links: under the floor of 500
    monkeypatch.setattr(backbone, "EDGE_FLOOR", 20)
    monkeypatch.setattr(backbone, "EDGES_PER_ACTOR", 2)            # budget: max(20, 24) = 24 links
    w = backbone.min_weight(G, shown)
    kept = [d for _, _, d in G.edges(data=True) if d["weight"] >= w]
    lighter = [d for _, _, d in G.edges(data=True) if d["weight"] >= w - 1]
    assert w > 1 and len(kept) <= 24 < len(lighter)
    assert backbone.backbone(G, w).number_of_edges() == len(kept) and len(backbone.backbone(G, w)) == 12


def test_page_carries_thresholds_ranks_and_the_dated_facts_of_every_link(G):
    result = centrality.compute(G)
    data = data_of(view.render(G, result))
    assert data["shown"] == 7 and data["minWeight"] == 1
    assert sorted(a["rank"] for a in data["actors"]) == list(range(7))
    top = next(a for a in data["actors"] if a["rank"] == 0)
    assert top["iri"] == result.ranked("pagerank")[0]["iri"]
    index = {a["iri"]: i for i, a in enumerate(data["actors"])}
    for k, e in enumerate(data["edges"]):
        u, v = data["actors"][e["from"]]["iri"], data["actors"][e["to"]]["iri"]
        dated = [G.graph["facts"][f] for f in G.edges[u, v]["facts"] if G.graph["facts"][f]["start"]]
        assert sorted((t[0], t[1]) for t in (data["times"][j] for j in data["edgeTimes"][k])) == \
            sorted((f["start"], f["end"]) for f in dated)
    lonely = data["actorTimes"][index[S.LONELY]]
    assert all(data["times"][j][0] for j in lonely)


def test_components_are_laid_out_apart_and_outliers_do_not_squash_the_main_one():
    import networkx as nx

    from graph import layout
    G = nx.complete_graph(20)
    G.add_edges_from([(100, 101), (102, 103)])
    G.add_nodes_from(range(200, 230))        # thirty isolated actors
    pos, parts = layout.packed(G, seed=3)
    assert [len(c) for c in parts][:3] == [20, 2, 2] and pos == layout.packed(G, seed=3)[0]
    main = [pos[v] for v in range(20)]
    width = max(x for x, _ in main) - min(x for x, _ in main)
    rest = [pos[v] for v in G if v not in range(20)]
    xs = [x for x, _ in pos.values()]
    assert max(xs) - min(xs) <= max(width, 12 * layout.K) + 2 * layout.GAP   # rows about as wide as the main one
    assert min(y for _, y in rest) > max(y for _, y in main)   # ... beneath it, not around it


def test_extend_places_the_rest_near_their_neighbours():
    import math

    import networkx as nx

    from graph import layout
    G = nx.path_graph(4)
    G.add_edge(3, 4)
    G.add_node(9)
    pos = layout.extend(G, {0: (0, 0), 1: (1000, 0)}, order=[0, 1, 2, 3, 4, 9], seed=1)
    assert pos[0] == (0, 0) and pos[1] == (1000, 0)
    assert math.dist(pos[2], pos[1]) <= layout.K + 1 and math.dist(pos[3], pos[2]) <= layout.K + 1
    assert pos[9][1] > max(pos[v][1] for v in range(5))



def test_the_page_written_part_by_part_is_the_rendered_page(G, tmp_path):
    """view.write streams the page (the data's JSON a part at a time) into its file: the same bytes as
    view.render, and the JSON parts joined are safe_json's text, escapes and all."""
    result = centrality.compute(G)
    view.write(G, result, tmp_path / "network.html", top_n=0)
    html = view.render(G, result, top_n=0)
    assert (tmp_path / "network.html").read_bytes() == html.encode("utf-8")
    assert data_of(html)["facts"] and "\x00" not in html
    tricky = {"b": ["</script><!--", "a & b", "\u2028\u2029", {"z": 1, "a": [">"]}] * 7, "a": {"y": [], "x": None},
              "c": list(range(12)), "d": "ناصر"}
    for items in (1, 2, 5, 500):
        parts = list(page_json.safe_json_parts(tricky, items=items))
        assert "".join(parts) == page_json.safe_json(tricky)
    assert len(list(page_json.safe_json_parts(tricky, items=2))) > len(list(page_json.safe_json_parts(tricky)))
    assert "<" not in page_json.safe_json(tricky) and json.loads(page_json.safe_json(tricky)) == tricky
    assert "".join(page_json.safe_json_parts([1, "<"])) == page_json.safe_json([1, "<"])
