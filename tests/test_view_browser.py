"""The HTML view in a real browser: Debian's chromium through Playwright, network blocked."""
from pathlib import Path

import pytest

import sample_actors as S
from graph import network, view

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium (`apt-get install chromium`; .ci/run installs it): missing it is a failure."""
    from playwright.sync_api import sync_playwright
    assert CHROMIUM.exists(), "the browser tests need Debian's chromium at /usr/bin/chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


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
