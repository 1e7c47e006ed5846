"""`actorgraph serve` in a real browser: Debian's chromium through Playwright, every request that is not to
the local server aborted (and recorded)."""

import pytest

from graph import view
from graph.serve.app import create_app
from graph.to_rdf import article_iri
from serve_helpers import ID, PAYLOADS, hostile_graph, served

KARIM = "/id/person/karim-najafi-barzegar"


class Tab:
    """A page on the local server: console errors, page errors, dialogs and outside requests recorded."""

    def __init__(self, browser, base):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1300, "height": 900})
        self.errors, self.blocked, self.dialogs = [], [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _dialog(self, d):
        self.dialogs.append(d.message)
        d.dismiss()

    def _route(self, route):
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path):
        self.page.goto(self.base + path)
        return self.page


@pytest.fixture(scope="module")
def seeds_url(seeds_build):
    with served(create_app(seeds_build)) as url:
        yield url


def test_query_page_runs_a_named_query_and_shows_rows(browser, seeds_url):
    tab = Tab(browser, seeds_url)
    page = tab.open("/query")
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    page.click("button[data-query='meetings']")
    page.wait_for_selector(".yasr table tbody tr td", timeout=30_000)
    rows = page.locator(".yasr table tbody tr")
    assert rows.count() >= 3
    assert "2nd Iran-Iraq Science Week" in page.locator(".yasr").inner_text()
    assert tab.dialogs == [] and tab.blocked == [], tab.blocked
    assert not [e for e in tab.errors if "Content Security Policy" in e], tab.errors


def test_actor_page_shows_its_evidence_and_timeline(browser, seeds_url):
    tab = Tab(browser, seeds_url)
    page = tab.open(KARIM)
    page.wait_for_selector("body[data-timeline]", timeout=30_000)
    assert page.inner_text("h1") == "Karim Najafi Barzegar"
    evidence = page.locator("#posts ul.evidence q").all_inner_texts()
    assert any(s.startswith("Secretary General of the InterIslamic Network for Virtual Universities") for s in evidence)
    assert page.locator("#timeline .vis-item").count() >= 2
    assert tab.errors == [] and tab.dialogs == [] and tab.blocked == []
    page.click("#meetings a[href^='/id/country/']")   # every name links to its own page
    page.wait_for_load_state()
    assert page.url.startswith(seeds_url + "/id/country/") and page.inner_text("h1") in ("Iran", "Iraq")


def test_clicking_an_actor_in_the_network_links_to_its_page(browser, seeds_url):
    tab = Tab(browser, seeds_url)
    page = tab.open("/")
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    i = page.evaluate(f"agView.data.actors.findIndex(a => a.iri === '{ID}person/karim-najafi-barzegar')")
    page.evaluate("i => agView.focusActor(i)", i)
    x, y = page.evaluate("""i => { const n = agView.network, d = n.canvasToDOM(n.getPositions([i])[i]);
                               const r = document.getElementById('network').getBoundingClientRect();
                               return [r.left + d.x, r.top + d.y]; }""", i)
    page.mouse.click(x, y)
    page.wait_for_selector("#actor-page-link", timeout=10_000)
    page.click("#actor-page-link")
    page.wait_for_load_state()
    assert page.url == seeds_url + KARIM and page.inner_text("h1") == "Karim Najafi Barzegar"
    assert tab.dialogs == []


def test_hostile_names_and_sentences_execute_nothing(browser, seeds_build, tmp_path):
    graph = hostile_graph(seeds_build, tmp_path, ID + "person/karim-najafi-barzegar")
    graph.with_suffix(".html").write_text(view.render_path(graph), encoding="utf-8")
    with served(create_app(graph)) as url:
        tab = Tab(browser, url)
        page = tab.open(KARIM)
        page.wait_for_selector("body[data-timeline]", timeout=30_000)
        heading = page.inner_text("h1")
        assert heading == "Karim " + PAYLOADS["pwn1"]         # shown as text, not run
        body = page.inner_text("body")
        for key in ("pwn2", "pwn3", "pwn4", "pwn5"):
            assert PAYLOADS[key] in body, key
        assert page.locator("img, svg:not(.vis-timeline svg), iframe").count() == 0
        for path in ("/id/country/iran", article_iri("000_87fdbbdcd52c58ae.txt")[len(ID) - 4:]):
            assert "pwn" in tab.open(path).inner_text("body")
        q = tab.open("/query")
        q.wait_for_selector("body[data-ready='1']", timeout=30_000)
        q.evaluate("""() => { const t = agQuery.yasgui.getTab();
            t.setQuery('SELECT ?name WHERE { ?a rdfs:label|skos:altLabel|ag:sentence ?name FILTER(CONTAINS(?name, "pwn")) }');
            t.getYasqe().query(); }""")
        q.wait_for_selector(".yasr table tbody tr td", timeout=30_000)
        assert "pwn1" in q.locator(".yasr").inner_text()
        net = tab.open("/")
        net.wait_for_selector("body[data-ready='1']", timeout=60_000)
        assert net.evaluate("window.pwned === undefined && window.parent.pwned === undefined")
        assert tab.dialogs == [], tab.dialogs
        assert not [e for e in tab.errors if "pwn" in e], tab.errors
        assert [u for u in tab.blocked if "/x" in u or "evil" in u] == []
