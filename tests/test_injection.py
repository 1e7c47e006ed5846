"""Nothing injected (issue 7), through the CLI: queries are read-only, SERVICE is refused unless allowed,
malformed SPARQL shows its position; a hostile corpus cannot put executable text into network.html,
break out of a literal in any serialisation, or mint an invalid IRI."""
import html.parser
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from graph.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PAYLOADS = {
    "pwn1": '</script><script>alert("pwn1")</script>',
    "pwn2": '<img src=x onerror=alert("pwn2")>',
    "pwn3": '"><svg onload=alert("pwn3")>',
    "pwn4": "</textarea><iframe srcdoc='<script>parent.pwn4()</script>'>",
    "pwn5": "<!-- ]]> --> <style>*{background:url(//evil.example/pwn5)}</style>",
}
HOSTILE = f"""---
title: {PAYLOADS['pwn1']} headline \\" \"\"\" ''' 😀
url: javascript:alert("pwn-url")
published: 2025-02-10
---
The OIC Secretary General Hissein Brahim Taha met the Iranian Foreign Minister Abbas Araghchi in Jeddah {PAYLOADS['pwn1']} on 10 February 2025.

Ambassador Tariq Bakheet held talks with Dr. {PAYLOADS['pwn2']} Karimi in Tehran.

The Organization of Islamic Cooperation signed a memorandum of understanding with Iran {PAYLOADS['pwn3']} in Baghdad.

The President of Iraq received Dr. Ali Hassan {PAYLOADS['pwn4']} and Dr. Omar Khaled in Baghdad on 12 February 2025.

The OIC held a conference {PAYLOADS['pwn5']} with Iran and Iraq in Jeddah.
"""
UPDATES = [
    "INSERT DATA { <urn:x> <urn:y> <urn:z> }",
    "delete where { ?s ?p ?o }",
    "PREFIX ex: <urn:ex:>\nDELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "# a comment first\nLOAD <http://example.org/graph.ttl>",
    "CLEAR ALL", "DROP GRAPH <urn:g>", "CREATE GRAPH <urn:g>", "COPY DEFAULT TO <urn:g>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("injection")
    src = root / "src"
    shutil.copytree(SEEDS, src)
    (src / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = root / "out"
    result = cli("build", src, "--out", out)
    assert result.exit_code == 0, result.output
    benign = root / "benign"
    assert cli("build", SEEDS, "--out", benign, "-q").exit_code == 0
    return out, benign


def count(graph_dir) -> int:
    result = cli("query", "--graph", graph_dir, "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert result.exit_code == 0, result.output
    return int(result.output.split()[-1])


# ------------------------------------------------------------------ queries

@pytest.mark.parametrize("update", UPDATES)
def test_sparql_update_is_refused_and_changes_nothing(built, update):
    out, _ = built
    before, ttl = count(out), (out / "graph.ttl").read_bytes()
    result = cli("query", "--graph", out, update)
    assert result.exit_code == 1
    assert "refused" in result.output and "read-only" in result.output and "Traceback" not in result.output
    assert count(out) == before and (out / "graph.ttl").read_bytes() == ttl


@pytest.fixture
def endpoint():
    """A local SPARQL 'endpoint' that records every request made to it."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()
        do_POST = do_GET

        def log_message(self, *args):
            pass
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/sparql", hits
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("shape", ["SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                                   "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
                                   "SELECT * WHERE {{ ?s ?p ?o . SeRvIcE <{url}> {{ ?s ?q ?r }} }} LIMIT 1"])
def test_service_is_refused_without_the_flag_and_fetches_nothing(built, endpoint, shape):
    out, _ = built
    url, hits = endpoint
    result = cli("query", "--graph", out, shape.format(url=url))
    assert result.exit_code == 1 and "SERVICE calls are refused" in result.output and "--allow-service" in result.output
    assert hits == []
    allowed = cli("query", "--graph", out, "--allow-service", shape.format(url=url))  # the flag really does fetch
    assert hits and "Traceback" not in allowed.output


def test_the_word_service_in_a_string_or_comment_is_not_a_call(built):
    out, _ = built
    result = cli("query", "--graph", out, '# SERVICE <http://evil.example/>\nSELECT ?x WHERE { BIND("SERVICE <x>" AS ?x) }')
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("query, line, column", [("SELECT * WHERE { ?s ?p }", 1, 24),
                                                 ("SELECT ?s\nWHERE {\n  ?s a ag:Person ;\n  rdfs:label }", 4, 14),
                                                 ("SELEKT ?s WHERE { ?s ?p ?o }", 1, 1)])
def test_malformed_sparql_shows_the_position_without_a_traceback(built, query, line, column):
    out, _ = built
    result = cli("query", "--graph", out, query)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(rf"malformed SPARQL at line {line}, column \d+", result.output), result.output
    assert "^" in result.output  # a caret under the place
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


# ------------------------------------------------------------------ the HTML view of a hostile corpus

class Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.scripts, self._in = [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        if tag == "script":
            self._in = dict(attrs).get("type", "")
            self.scripts.append([self._in, ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self.scripts[-1][1] += data


def test_network_html_holds_article_text_only_as_inert_data(built):
    out, benign = built
    page = (out / "network.html").read_text(encoding="utf-8")
    safe = Elements()
    safe.feed((benign / "network.html").read_text(encoding="utf-8"))
    hostile = Elements()
    hostile.feed(page)
    # the payloads did reach the page's data (so this test is not vacuous) ...
    data = [s for t, s in hostile.scripts if t == "application/json"]
    assert len(data) == 1
    strings = json.dumps(json.loads(data[0]), ensure_ascii=False)
    for key in ("pwn1", "pwn2", "pwn3", "pwn4"):
        assert PAYLOADS[key].replace('"', '\\"') in strings, key
    # ... but only there: no new elements, no handler attributes, no script that mentions them
    assert sorted(hostile.tags) == sorted(safe.tags)
    assert [(t, k) for t, k, _ in hostile.attrs] == [(t, k) for t, k, _ in safe.attrs]
    assert not [a for a in hostile.attrs if "pwn" in a[2]]
    assert not [s for t, s in hostile.scripts if t != "application/json" and "pwn" in s]
    for payload in PAYLOADS.values():
        assert payload not in page
    assert "evil.example" not in page.replace(data[0], "")  # the CSS payload is nowhere but in the data


# ------------------------------------------------------------------ literals and IRIs in every serialisation

def test_hostile_text_round_trips_in_every_serialisation(built, tmp_path):
    out, _ = built
    ttl = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    literals = {str(o) for o in ttl.objects() if isinstance(o, rdflib.Literal)}
    for key in ("pwn1", "pwn2", "pwn3"):
        assert any(PAYLOADS[key] in lit for lit in literals), key
    assert any('\\" """ \'\'\' 😀' in lit for lit in literals)
    assert not any("pwn-url" in str(t) for t in ttl.all_nodes())  # a javascript: URL is not made an IRI
    for term in ttl.all_nodes():
        if isinstance(term, rdflib.URIRef):
            ox.NamedNode(str(term))
    for fmt, ext, rdflib_fmt in (("turtle", "ttl", "turtle"), ("ntriples", "nt", "nt"), ("trig", "trig", "trig"),
                                 ("nquads", "nq", "nquads"), ("jsonld", "jsonld", "json-ld")):
        target = tmp_path / f"graph.{ext}"
        result = cli("export", "--graph", out, "--format", fmt, "-o", target)
        assert result.exit_code == 0, result.output
        if fmt in ("turtle", "ntriples"):
            back = rdflib.Graph().parse(target, format=rdflib_fmt)
        else:
            ds = rdflib.Dataset()
            ds.parse(target, format=rdflib_fmt)
            back = rdflib.Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                back.add((s, p, o))
        assert isomorphic(back, ttl), fmt
