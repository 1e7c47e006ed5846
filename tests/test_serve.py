"""`actorgraph serve`: the SPARQL 1.1 Protocol, the Graph Store Protocol, pages of IRIs, security, the CLI.

Protocol edge cases through Starlette's TestClient; a real client (SPARQLWrapper) against uvicorn on a free
loopback port gets the same rows as `actorgraph query`.
"""
import csv
import io
import json
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from graph.cli import main
from graph.serve.app import create_app
from graph.serve.cli import is_loopback
from graph.serve.negotiate import GRAPHS, SOLUTIONS, choose
from graph.serve.sparql_protocol import Limits
from graph.to_rdf import article_iri
from serve_helpers import ID, served

KARIM = ID + "person/karim-najafi-barzegar"
PERSONS = "SELECT ?p ?name WHERE { ?p a ag:Person ; ag:displayName ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def client(seeds_build):
    from starlette.testclient import TestClient
    return TestClient(create_app(seeds_build, Limits(timeout=5, max_rows=500, max_query_bytes=4096,
                                                      max_body_bytes=8192)))


def cli_query(build, *args):
    r = CliRunner().invoke(main, ["query", "--graph", str(build), *map(str, args)])
    assert r.exit_code == 0, r.output
    return r.output


def test_get_form_and_body_give_the_cli_rows(client, seeds_build):
    want = json.loads(cli_query(seeds_build, PERSONS, "--format", "json"))
    assert len(want["results"]["bindings"]) > 10
    for r in (client.get("/sparql", params={"query": PERSONS}),
              client.post("/sparql", data={"query": PERSONS}),
              client.post("/sparql", content=PERSONS, headers={"Content-Type": "application/sparql-query"})):
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
        assert r.json() == want


def test_results_by_content_negotiation(client, seeds_build):
    r = client.get("/sparql", params={"query": PERSONS}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text == cli_query(seeds_build, PERSONS, "--format", "csv").rstrip("\n") + "\n" or \
        list(csv.reader(io.StringIO(r.text))) == list(csv.reader(io.StringIO(cli_query(seeds_build, PERSONS, "--format", "csv"))))
    tsv = client.get("/sparql", params={"query": PERSONS}, headers={"Accept": "text/tab-separated-values"})
    assert tsv.text.splitlines()[0] == "?p\t?name" and f"<{KARIM}>\t\"Karim Najafi Barzegar\"@en" in tsv.text
    xml = client.get("/sparql", params={"query": PERSONS}, headers={"Accept": "application/sparql-results+xml"})
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    uris = [u.text for u in ET.fromstring(xml.content).iterfind(".//r:binding[@name='p']/r:uri", ns)]
    assert KARIM in uris and len(uris) == len(list(csv.reader(io.StringIO(r.text)))) - 1
    ask = client.get("/sparql", params={"query": f"ASK {{ <{KARIM}> a foaf:Person }}"},
                     headers={"Accept": "application/sparql-results+json"})
    assert ask.json() == {"head": {}, "boolean": True}
    assert client.get("/sparql", params={"query": "ASK { <urn:x> ?p ?o }", "format": "csv"}).text == "boolean\r\nfalse\r\n"
    # SPARQLWrapper's format=json is honoured where it fits and ignored where it does not
    q = f"CONSTRUCT {{ <{KARIM}> rdfs:label ?l }} WHERE {{ <{KARIM}> rdfs:label ?l }}"
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")):
        got = client.get("/sparql", params={"query": q}, headers={"Accept": accept})
        assert got.headers["content-type"].startswith(accept)
        g = rdflib.Graph().parse(data=got.text, format=fmt)
        assert {str(o) for o in g.objects()} == {"Karim Najafi Barzegar"}
    assert client.get("/sparql", params={"query": PERSONS}, headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("request_kwargs, status, message", [
    ({"method": "POST", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403, "UPDATE is refused"),
    ({"method": "POST", "content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403,
     "UPDATE is refused"),
    ({"method": "POST", "data": {"query": "DELETE WHERE { ?s ?p ?o }"}}, 403, "SPARQL UPDATE (DELETE) is refused"),
    ({"method": "GET", "params": {"query": "SELECT * WHERE { SERVICE <http://e.invalid/s> { ?s ?p ?o } }"}}, 403,
     "SERVICE calls are refused"),
    ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "malformed SPARQL at line 1, column"),
    ({"method": "GET", "params": {}}, 400, "no query"),
    ({"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "one query= parameter"),
    ({"method": "GET", "params": {"query": "ASK {}", "default-graph-uri": "urn:g"}}, 400, "not supported"),
    ({"method": "POST", "content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, "application/sparql-query"),
    ({"method": "POST", "content": b"\xff\xfe", "headers": {"Content-Type": "application/sparql-query"}}, 400, "not UTF-8"),
    ({"method": "GET", "params": {"query": "SELECT ?s WHERE { ?s ?p ?o }"}}, 413, "more than 500 rows"),
    ({"method": "GET", "params": {"query": "ASK {} #" + "x" * 5000}}, 413, "size limit of 4,096 bytes"),
    ({"method": "POST", "content": "ASK {} #" + "x" * 9000, "headers": {"Content-Type": "application/sparql-query"}},
     413, "over the limit of 8,192 bytes"),
])
def test_protocol_errors_are_statuses_with_messages(client, request_kwargs, status, message):
    kwargs = dict(request_kwargs)
    r = client.request(kwargs.pop("method"), "/sparql", **kwargs)
    assert (r.status_code, r.headers["content-type"]) == (status, "text/plain; charset=utf-8")
    assert message in r.text and "Traceback" not in r.text


def test_timeout_is_a_503_naming_the_limit(seeds_build):
    from starlette.testclient import TestClient
    app = create_app(seeds_build, Limits(timeout=0.05, max_rows=10**9))
    r = TestClient(app).get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert r.status_code == 503 and "timed out after 0.05 s" in r.text


def test_a_browser_without_a_query_is_sent_to_the_query_page(client):
    r = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/query")


def test_unbounded_body_is_cut_at_the_limit(client):
    def chunks():
        for _ in range(100):
            yield b"x" * 1000
    r = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_graph_store_protocol_gives_one_articles_graph(client, seeds_build):
    article = article_iri("004_ff6e602a6a76843f.txt")
    ds = rdflib.Dataset()
    ds.parse(seeds_build / "graph.trig", format="trig")
    want = rdflib.Graph()
    for t in ds.graph(article):
        want.add(t)
    r = client.get("/rdf-graphs/service", params={"graph": str(article)})
    assert r.headers["content-type"].startswith("text/turtle")
    assert isomorphic(rdflib.Graph().parse(data=r.text, format="turtle"), want)
    trig = client.get("/rdf-graphs/service", params={"graph": str(article)}, headers={"Accept": "application/trig"})
    got = rdflib.Dataset()
    got.parse(data=trig.text, format="trig")
    assert isomorphic(got.graph(article), want) and len(want) > 100
    assert client.get("/rdf-graphs/service", params={"graph": ID + "article/none"}).status_code == 404
    assert client.get("/rdf-graphs/service").status_code == 400
    assert client.get("/rdf-graphs/service", params={"graph": "not an iri"}).status_code == 400
    assert client.get("/rdf-graphs/service", params={"default": ""}).status_code == 400
    assert "more than 500 triples" in client.get("/rdf-graphs/service", params={"graph": ID + "graph/actors"}).text


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts.append(a)
        self.handlers += [k for k in a if k.startswith("on")]


def test_actor_page_shows_names_posts_meetings_figures_and_evidence(client):
    r = client.get("/id/person/karim-najafi-barzegar")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    for text in ("Karim Najafi Barzegar", "Barzegar", "other spelling", "Secretary General",
                 "posts.yaml#role-of-org-said", "000_87fdbbdcd52c58ae.txt", "Conference in Tehran, 2025-02-09",
                 "pagerank", 'href="/id/org/', 'href="/id/country/iran"', 'href="/id/article/'):
        assert text in page, text
    assert re.search(r"<q dir=\"auto\">Secretary General of the InterIslamic Network", page)
    parsed = Scripts()
    parsed.feed(page)
    # scripts are our files or inert JSON; no handler attributes; the policy forbids inline script
    assert all(s.get("src", "").startswith("/assets/") or s.get("type") == "application/json" for s in parsed.scripts)
    assert {s.get("src") for s in parsed.scripts} >= {"/assets/vis-timeline-graph2d.min.js", "/assets/actor.js"}
    assert parsed.handlers == []
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    timeline = json.loads(re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', page).group(1))
    assert {i["kind"] for i in timeline} == {"post", "meeting"} and all(i["start"][:4] == "2025" for i in timeline)


def test_every_minted_iri_dereferences_with_negotiation(client):
    ttl = client.get("/id/person/karim-najafi-barzegar", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=ttl.text, format="turtle")
    assert (rdflib.URIRef(KARIM), rdflib.RDFS.label, rdflib.Literal("Karim Najafi Barzegar", lang="en")) in g
    assert any(o == rdflib.URIRef(KARIM) for o in g.objects())   # what points at it comes too
    jsonld = client.get("/id/person/karim-najafi-barzegar", headers={"Accept": "application/ld+json"})
    assert len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(g)
    assert client.get("/id/person/karim-najafi-barzegar?format=ntriples").headers["content-type"].startswith(
        "application/n-triples")
    meeting = client.get("/sparql", params={"query": "SELECT ?m WHERE { ?m a ag:Meeting } LIMIT 1"}).json()
    path = meeting["results"]["bindings"][0]["m"]["value"][len(ID):]
    page = client.get("/id/" + path).text
    assert "schema:attendee" in page and 'href="/id/' in page and "Statements" in page
    assert client.get("/id/person/nobody-at-all").status_code == 404
    assert client.get("/id/person/nobody-at-all", headers={"Accept": "text/turtle"}).status_code == 404


def test_no_request_path_reaches_the_file_system(client):
    for path in ("/assets/../../pyproject.toml", "/assets/%2e%2e%2fapp.py", "/assets/app.py", "/assets/VENDORED.md",
                 "/graph.trig", "/.store/CURRENT", "/id/../../graph.trig"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "[project]" not in r.text and "import" not in r.text
    assert client.get("/assets/yasgui.min.js").headers["content-type"].startswith("text/javascript")


def test_query_page_offers_the_named_queries_bound_and_limited(client):
    r = client.get("/query")
    data = json.loads(re.search(r'<script type="application/json" id="query-data">(.*?)</script>', r.text).group(1))
    names = [q["name"] for q in data["queries"]]
    assert {"actor", "meetings", "who-met-whom", "evidence"} <= set(names)
    for q in data["queries"]:
        assert "$" not in q["text"].split("SELECT", 1)[1] and q["text"].rstrip().endswith("LIMIT 100")
        answer = client.post("/sparql", data={"query": q["text"]})
        assert answer.status_code == 200, (q["name"], answer.text)
        assert answer.json()["results"]["bindings"], q["name"]
    assert "/assets/yasgui.min.js" in r.text and "cdn" not in r.text.lower()


def test_network_view_at_root_gets_the_link_hook(client, seeds_build):
    r = client.get("/")
    assert r.status_code == 200 and "agView" in r.text and "actor-page-link" in r.text
    assert r.text.startswith((seeds_build / "network.html").read_text(encoding="utf-8")[:500])
    assert "script-src 'unsafe-inline'" in r.headers["content-security-policy"]


def test_hosts_other_than_loopback_names_are_refused_when_asked(seeds_build):
    from starlette.testclient import TestClient
    app = create_app(seeds_build, allowed_hosts=["127.0.0.1", "localhost"])
    assert TestClient(app, base_url="http://evil.example").get("/sparql?query=ASK{}").status_code == 400
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/sparql?query=ASK{}").status_code == 200


def test_negotiation_picks_by_quality_and_defaults():
    assert choose(SOLUTIONS, None).name == "json"
    assert choose(SOLUTIONS, "text/csv;q=0.5, application/sparql-results+xml").name == "xml"
    assert choose(SOLUTIONS, "text/*;q=0.9, application/json;q=0.1").name == "csv"
    assert choose(GRAPHS, "application/sparql-results+json,*/*;q=0.9").name == "turtle"
    assert choose(GRAPHS, "text/html", asked="nt").name == "ntriples"
    assert choose(SOLUTIONS, "image/png") is None and choose(SOLUTIONS, "text/csv;q=0") is None


def test_real_client_sparqlwrapper_gets_the_cli_rows(seeds_build):
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper
    from graph.query import named_query
    meetings = named_query("meetings").bind({})
    with served(create_app(seeds_build)) as url:
        sw = SPARQLWrapper(url + "/sparql")
        sw.setQuery(meetings)
        sw.setReturnFormat(JSON)
        assert sw.query().convert() == json.loads(cli_query(seeds_build, "--name", "meetings", "--format", "json"))
        sw.setMethod(POST)
        sw.setReturnFormat(CSV)
        got = sw.query().convert().decode("utf-8")
        assert got.replace("\r\n", "\n").strip() == cli_query(seeds_build, "--name", "meetings", "--format", "csv").replace("\r\n", "\n").strip()
        sw.setReturnFormat(JSON)
        for ask, expected in ((f"ASK {{ <{KARIM}> a foaf:Person }}", True), ("ASK { <urn:x> ?p ?o }", False)):
            sw.setQuery(ask)
            assert sw.query().convert()["boolean"] is expected
            assert json.loads(cli_query(seeds_build, ask, "--format", "json"))["boolean"] is expected
        construct = "CONSTRUCT { ?m schema:attendee ?a } WHERE { ?m a ag:Meeting ; schema:attendee ?a }"
        sw.setQuery(construct)
        sw.setReturnFormat(TURTLE)
        theirs = rdflib.Graph().parse(data=sw.query().convert(), format="turtle")
        ours = rdflib.Graph().parse(data=cli_query(seeds_build, construct, "--format", "turtle"), format="turtle")
        assert len(theirs) > 10 and isomorphic(theirs, ours)


def test_cli_warns_off_loopback_and_prints_the_address(seeds_build, monkeypatch):
    import uvicorn
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)
    r = CliRunner().invoke(main, ["serve", "--graph", str(seeds_build), "--host", "0.0.0.0", "--port", "0"])
    assert r.exit_code == 0, r.output
    assert "warning: listening on 0.0.0.0" in r.output and re.search(r"http://0\.0\.0\.0:\d+/", r.output)
    quiet = CliRunner().invoke(main, ["serve", "--graph", str(seeds_build), "--port", "0"])
    assert "warning" not in quiet.output and "http://127.0.0.1:" in quiet.output
    missing = CliRunner().invoke(main, ["serve", "--graph", str(seeds_build / "nope"), "--port", "0"])
    assert missing.exit_code == 1 and "no such graph" in missing.output
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.168.1.2")] == \
        [True, True, True, False, False]


def test_cli_serves_until_ctrl_c(seeds_build):
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--graph", str(seeds_build), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        import httpx
        assert httpx.get(url + "sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"] is True
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill() if proc.poll() is None else None
    assert proc.returncode == 0 and "stopped" in out and "Traceback" not in err


def test_an_answer_asked_again_is_kept_and_errors_are_not(seeds_build):
    from starlette.testclient import TestClient
    app = create_app(seeds_build, Limits(max_rows=50))
    c = TestClient(app)
    cache = app.app.state.cache if hasattr(app, "app") else app.state.cache
    first = c.get("/sparql", params={"query": PERSONS + " LIMIT 5"})
    again = c.get("/sparql", params={"query": PERSONS + " LIMIT 5"})
    assert first.content == again.content and (cache.misses, cache.hits) == (1, 1)
    assert c.get("/sparql", params={"query": PERSONS + " LIMIT 5"}, headers={"Accept": "text/csv"}).text.startswith("p,name")
    assert cache.misses == 2   # another format is another answer
    for _ in range(2):
        assert c.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"}).status_code == 413
    assert cache.misses == 4 and len(cache.kept) == 2


def test_cache_is_bounded_in_bytes_and_computes_once_for_concurrent_askers():
    import asyncio

    from graph.serve.answer_cache import AnswerCache
    calls = []

    async def compute(key, size):
        calls.append(key)
        await asyncio.sleep(0.01)
        return b"x" * size, "text/plain"

    async def scenario():
        cache = AnswerCache(max_bytes=1000)
        same = await asyncio.gather(*(cache.get(("q1",), lambda: compute("q1", 100)) for _ in range(5)))
        assert calls == ["q1"] and len({a[0] for a in same}) == 1
        await cache.get(("q2",), lambda: compute("q2", 200))
        await cache.get(("q3",), lambda: compute("q3", 240))
        await cache.get(("q4",), lambda: compute("q4", 240))
        await cache.get(("q5",), lambda: compute("q5", 240))    # over 1000 bytes: q1, the oldest, goes
        assert list(cache.kept) == [("q2",), ("q3",), ("q4",), ("q5",)] and cache.size <= 1000
        await cache.get(("big",), lambda: compute("big", 600))  # over a quarter of the room: not kept
        assert ("big",) not in cache.kept
    asyncio.run(scenario())
