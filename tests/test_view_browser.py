"""The HTML view in a real browser: Debian's chromium through Playwright, network blocked."""
import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import sample_actors as S
from graph import centrality, cli, network, view

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


class Page:
    """A page with console errors, page errors, dialogs and non-file requests recorded."""

    def __init__(self, browser, path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors, self.blocked, self.dialogs = [], [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(Path(path).resolve().as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=60_000)

    def _dialog(self, d):
        self.dialogs.append(d.message)
        d.dismiss()

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expr, arg=None):
        return self.page.evaluate(expr, arg)

    def node_xy(self, i):
        return self.js("""i => { const n = agView.network, d = n.canvasToDOM(n.getPositions([i])[i]);
                            const r = document.getElementById('network').getBoundingClientRect();
                            return [r.left + d.x, r.top + d.y]; }""", i)

    def search(self, text):
        self.page.fill("#search", text)
        self.page.press("#search", "Enter")
        return self.js("agView.network.getSelectedNodes().map(i => agView.data.actors[i].iri)")


def write(tmp_path, G, name="network.html", **options):
    path = tmp_path / name
    path.write_text(view.render(G, **options), encoding="utf-8")
    return path


def test_seeds_network_draws_everything_offline_and_search_finds_karim(browser, tmp_path):
    folder = S.build_seeds(tmp_path)
    G = network.actor_graph(network.load_rdf(folder))
    p = Page(browser, folder / "network.html")
    assert p.js("agView.drawn()") == {"nodes": len(G), "edges": G.number_of_edges()}
    assert p.search("Karim Najafi Barzegar") == [S.KARIM]
    assert p.page.text_content("#details h2") == "Karim Najafi Barzegar"
    assert "Karim Najafi Barzegar" in p.page.text_content("#search-status")
    ARTIFACTS.mkdir(exist_ok=True)
    p.js("agView.network.fit()")
    p.page.screenshot(path=str(ARTIFACTS / "seeds-network.png"))
    assert (p.errors, p.blocked, p.dialogs) == ([], [], [])


def test_filters_by_type_and_time_window(browser, tmp_path):
    G = network.actor_graph(S.dataset())
    p = Page(browser, write(tmp_path, G))
    p.page.uncheck("#type-filter input[value=Person]")
    others = [n for n in G if G.nodes[n]["type"] != "Person"]
    assert p.js("agView.drawn()") == {"nodes": len(others), "edges": G.subgraph(others).number_of_edges()}
    p.page.check("#type-filter input[value=Person]")
    p.page.fill("#since", "2025-02-01")
    p.page.fill("#until", "2025-02-28")
    p.page.click("#apply-window")
    feb = network.restrict(G, "2025-02-01", "2025-02-28")
    assert p.js("agView.drawn()") == {"nodes": len(feb), "edges": feb.number_of_edges()}
    p.page.click("#clear-window")
    assert p.js("agView.drawn()") == {"nodes": len(G), "edges": G.number_of_edges()}
    assert p.search("منظمة التعاون") == [S.OIC]
    assert (p.errors, p.blocked) == ([], [])


def test_arabic_view_searches_both_scripts(browser, tmp_path):
    G = network.actor_graph(S.dataset())
    p = Page(browser, write(tmp_path, G, lang="ar"))
    assert p.js("getComputedStyle(document.querySelector('#network canvas')).direction") == "rtl"
    assert p.search("karim najafi") == [S.KARIM]
    assert p.page.text_content("#details h2") == "كريم نجفي برزكر"
    assert p.search("nobody at all") == []
    assert "No actor matches" in p.page.text_content("#search-status")
    assert p.errors == []


def test_hostile_actor_and_evidence_stay_text_on_hover_and_click(browser, tmp_path):
    G = network.actor_graph(S.hostile_dataset())
    p = Page(browser, write(tmp_path, G))
    i = p.js("agView.data.actors.findIndex(a => a.iri === arguments[0])".replace("arguments[0]", repr(S.HOSTILE)))
    x, y = p.node_xy(i)
    p.page.mouse.move(x, y)
    p.page.wait_for_timeout(400)
    p.page.mouse.click(x, y)
    assert p.page.text_content("#details h2") == S.IMG
    assert S.SCRIPT in p.page.text_content("#details")
    for actor in (S.KARIM, S.ALI):  # the sentence shows on the other attendees too
        p.search(actor.rsplit("/", 1)[-1].replace("-", " "))
        assert S.SCRIPT in p.page.text_content("#details")
    assert p.js("document.querySelectorAll('img, #details script, #details b').length") == 0
    assert p.js("document.scripts.length") == 3
    assert (p.dialogs, p.errors, p.blocked) == ([], [], [])


def test_a_page_with_more_links_than_a_call_takes_arguments_becomes_interactive(browser, tmp_path):
    """An invented assembly of 560 persons: 156,520 links among the page's actors, more than chromium lets one
    call take as arguments (about 125,000; a 100k-article build's page has 221,537). The page used to stop
    at `Math.max.apply` over the link weights, before any handler was attached: nothing could be clicked."""
    n = 560
    people = "".join(f'id:person/p{i} a ag:Person, foaf:Person ; rdfs:label "Person {i}"@en .\n' for i in range(n))
    assembly = ('id:meeting/big a ag:Meeting, schema:Event ; rdfs:label "Assembly"@en ; ag:meetingType "assembly" ;'
                ' schema:startDate "2025-01-18"^^xsd:date ; schema:attendee '
                + ", ".join(f"id:person/p{i}" for i in range(n))
                + ' ; prov:wasDerivedFrom id:article/a1.txt ; ag:evidence id:evidence/e1 .\n'
                'id:evidence/e1 a ag:Evidence ; ag:sentence "All of them met." ; ag:article id:article/a1.txt .\n')
    G = network.actor_graph(S.dataset(actors=S.ACTORS + people, a1=assembly))
    assert G.number_of_edges() > 150_000
    p = Page(browser, write(tmp_path, G))
    assert p.js("agView.data.edges.length") == G.number_of_edges()
    weights = [w for _, _, w in G.edges(data="weight")]
    assert p.page.get_attribute("#min-weight", "max") == str(max(weights))
    drawn = p.js("agView.drawn()")
    assert 0 < drawn["nodes"] <= 2000 and drawn["edges"] > 0
    assert p.search("Person 17") == [S.ID + "person/p17"]
    assert (p.errors, p.blocked, p.dialogs) == ([], [], [])


def test_a_hubs_neighbourhood_keeps_its_strongest_links_and_shows_all_on_request(browser, tmp_path):
    """An invented hub met 150 persons at one congress, 30 of them again at a forum and 10 of those at a
    third meeting: its 1-hop ring is more than the page draws at once (EGO_RING_MAX, 100). The ring keeps
    the links of most articles first; "Show all 150" draws every one."""
    n = 150
    people = "".join(f'id:person/p{i:03d} a ag:Person, foaf:Person ; rdfs:label "Person {i}"@en .\n' for i in range(n))
    people += 'id:person/hub a ag:Person, foaf:Person ; rdfs:label "The Hub"@en .\n'

    def meeting(article, label, day, persons):
        return (f'id:meeting/{article} a ag:Meeting, schema:Event ; rdfs:label "{label}"@en ; '
                f'schema:startDate "2025-01-{day}"^^xsd:date ; schema:attendee id:person/hub, '
                + ", ".join(f"id:person/p{i:03d}" for i in persons)
                + f' ; prov:wasDerivedFrom id:article/{article}.txt ; ag:evidence id:evidence/{article} .\n'
                f'id:evidence/{article} a ag:Evidence ; ag:sentence "They met." ; ag:article id:article/{article}.txt .\n')
    G = network.actor_graph(S.dataset(actors=S.ACTORS + people, a1=meeting("a1", "Congress", 10, range(n)),
                                      a2=meeting("a2", "Forum", 11, range(30)), a3=meeting("a3", "Talks", 12, range(10))))
    hub = S.ID + "person/hub"
    assert len(G[hub]) == n and G[hub][S.ID + "person/p005"]["weight"] == 3
    p = Page(browser, write(tmp_path, G))
    i = p.js("iri => agView.data.actors.findIndex(a => a.iri === iri)", hub)
    p.js("i => agView.neighbourhood(i, 1)", i)
    drawn = set(p.js("agView.nodes.getIds().map(i => agView.data.actors[i].iri)"))
    strongest = {S.ID + f"person/p{k:03d}" for k in range(30)}
    assert len(drawn) == 101 and hub in drawn and strongest <= drawn
    assert p.page.is_visible("#ego-all") and p.page.text_content("#ego-all") == "Show all 150"
    assert "the strongest links of 150 around it" in p.page.text_content("#ego-title")
    p.page.click("#ego-all")
    drawn = set(p.js("agView.nodes.getIds().map(i => agView.data.actors[i].iri)"))
    assert drawn == {hub} | set(G[hub]) and not p.page.is_visible("#ego-all")
    assert p.page.text_content("#ego-title").endswith("(1 hop, 151 actors)")
    p.page.click("#ego-back")
    assert not p.page.is_visible("#ego-bar")
    assert (p.errors, p.blocked, p.dialogs) == ([], [], [])


# ---------------------------------------------------------------- a realistic archive: 2,000 generated articles
ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN = re.compile(r"[A-Za-z]{3}")


@pytest.fixture(scope="session")
def generated_build(tmp_path_factory):
    """`benchmarks/generate.py --articles 2000 --seed 14` built with `actorgraph build --jobs 1`: (folder, G)."""
    root = tmp_path_factory.mktemp("gen2k")
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(script), "--articles", "2000", "--seed", "14", "--out", str(root / "src")],
                   check=True, capture_output=True)
    out = CliRunner().invoke(cli.main, ["build", str(root / "src"), "--out", str(root / "out"), "--jobs", "1", "-q"])
    assert out.exit_code == 0, out.output
    return root / "out", network.actor_graph_at(root / "out")


@pytest.fixture(scope="module")
def big_page(browser, generated_build):
    return Page(browser, generated_build[0] / "network.html")


def test_2000_articles_main_component_fills_the_canvas_at_first_draw(big_page):
    spread = big_page.js("""() => {
        const n = agView.network, ids = agView.nodes.getIds(), pos = n.getPositions(ids);
        const xs = ids.map(i => n.canvasToDOM(pos[i]).x).sort((a, b) => a - b);
        const ys = ids.map(i => n.canvasToDOM(pos[i]).y).sort((a, b) => a - b);
        const q = (v, f) => v[Math.floor(f * (v.length - 1))];
        const box = document.getElementById('network');
        return {w: q(xs, 0.95) - q(xs, 0.05), h: q(ys, 0.95) - q(ys, 0.05),
                W: box.clientWidth, H: box.clientHeight, n: ids.length}; }""")
    assert spread["n"] >= 100
    assert spread["w"] >= spread["W"] / 2 and spread["h"] >= spread["H"] / 2, spread
    assert (big_page.errors, big_page.blocked) == ([], [])


def test_2000_articles_nodes_carry_at_least_5_community_colours(big_page, generated_build):
    colours = big_page.js("[...new Set(agView.nodes.get().map(n => n.color))]")
    assert len(set(colours) - {view.OTHER}) >= 5
    legend = big_page.js("[...document.querySelectorAll('#communities li')].map(li => li.textContent)")
    assert len(legend) >= 5 and all(li.startswith("#") for li in legend)
    top = [r for r in centrality.compute(generated_build[1]).ranked("pagerank") if r["community"] == 1][0]
    assert top["label"] in legend[[li.split(" ")[0] for li in legend].index("#1")]


def test_2000_articles_neighbourhood_shows_only_the_actor_and_its_neighbours(big_page, generated_build):
    _, G = generated_build
    page = big_page.js("agView.data.actors.map(a => a.iri)")
    i = big_page.js("agView.data.actors.findIndex(a => a.rank === 5)")
    iri = page[i]
    before = big_page.js("agView.drawn()")
    big_page.js("i => agView.focusActor(i)", i)
    big_page.page.click("#details button.hops-1")
    drawn = set(big_page.js("agView.nodes.getIds().map(i => agView.data.actors[i].iri)"))
    near = set(G[iri]) & set(page)
    assert drawn <= {iri} | near and len(drawn) == 1 + min(len(near), 100)
    assert big_page.page.is_visible("#ego-bar") and big_page.page.text_content("#ego-title bdi") != ""
    if len(near) > 100:   # the ring holds the strongest links; "Show all" draws the rest
        big_page.page.click("#ego-all")
        drawn = set(big_page.js("agView.nodes.getIds().map(i => agView.data.actors[i].iri)"))
    assert drawn == {iri} | near
    big_page.page.click("#details button.hops-2")
    if big_page.page.is_visible("#ego-all"):
        big_page.page.click("#ego-all")
    two = set(big_page.js("agView.nodes.getIds().map(i => agView.data.actors[i].iri)"))
    assert two == ({iri} | {v for u in G[iri] for v in [u, *G[u]]}) & set(page)
    big_page.page.click("#ego-back")
    assert big_page.js("agView.drawn()") == before and not big_page.page.is_visible("#ego-bar")
    assert big_page.errors == []


def test_2000_articles_persons_alone_fill_the_actors_slider(big_page):
    """With only persons checked, the page draws the slider's N most central persons, not the persons among
    the N most central actors of every type (organisations and countries outrank most persons)."""
    top = big_page.js("agView.state.top")
    persons = big_page.js("agView.data.actors.filter(a => a.type === 'Person').map(a => a.rank).sort((x, y) => x - y)")
    assert sum(r < top for r in persons) < min(len(persons), top)   # the old rule would have hidden some
    big_page.page.uncheck("#type-filter input[value=Organization]")
    big_page.page.uncheck("#type-filter input[value=Country]")
    drawn = big_page.js("agView.nodes.getIds().map(i => agView.data.actors[i])")
    assert len(drawn) == min(len(persons), top) and {a["type"] for a in drawn} == {"Person"}
    assert sorted(a["rank"] for a in drawn) == persons[:top]
    big_page.page.check("#type-filter input[value=Organization]")
    big_page.page.check("#type-filter input[value=Country]")
    assert big_page.js("agView.drawn().nodes") == top and big_page.errors == []


def test_2000_articles_arabic_names_in_english_lines_are_isolated(big_page):
    i = big_page.js(r"""() => agView.data.actors.findIndex(a => a.facts.some(k => {
        const f = agView.data.facts[k]; return f.kind === 'post' && /[\u0600-\u06ff]/.test(f.members.join(''))
          && /[A-Za-z]{3}/.test(f.orgs.join('') + f.detail); }))""")
    assert i >= 0
    big_page.js("i => agView.focusActor(i)", i)
    texts = big_page.js("""() => { const out = [], walk = document.createTreeWalker(
        document.getElementById('details'), NodeFilter.SHOW_TEXT);
        for (let t = walk.nextNode(); t; t = walk.nextNode()) {
          const p = t.parentElement, line = p.closest('li, p, h2, h3');
          out.push({text: t.data, tag: p.tagName, dirAuto: p.getAttribute('dir') === 'auto',
                    whole: p.textContent === t.data, line: line ? line.textContent : ''}); }
        return out; }""")
    arabic = [t for t in texts if ARABIC.search(t["text"])]
    assert arabic and all((t["tag"] == "BDI" or t["dirAuto"]) and t["whole"] for t in arabic), arabic
    assert any(t["tag"] == "BDI" and LATIN.search(t["line"].replace(t["text"], "")) for t in arabic)


def test_time_window_centrality_in_the_page_agrees_with_the_cli(browser, tmp_path):
    folder = S.build_seeds(tmp_path)
    G = network.actor_graph_at(folder)
    starts = sorted(f["start"] for f in G.graph["facts"].values() if f["start"])
    since, until = starts[len(starts) // 4], starts[3 * len(starts) // 4]
    p = Page(browser, folder / "network.html")
    p.page.fill("#since", since)
    p.page.fill("#until", until)
    p.page.click("#apply-window")
    got = p.js("""agView.windowFigures().map((f, i) => f && [agView.data.actors[i].iri, f.degree, f.pagerank])
                  .filter(Boolean)""")
    out = CliRunner().invoke(cli.main, ["centrality", "--graph", str(folder), "--since", since, "--until", until,
                                        "--format", "csv"])
    assert out.exit_code == 0, out.output
    expected = sorted([r["iri"], int(r["degree"]), float(r["pagerank"])] for r in csv.DictReader(io.StringIO(out.output)))
    assert 2 <= len(expected) < len(G) and sorted(got) == expected
    assert p.page.text_content("#window-top li") != "" and p.errors == []
