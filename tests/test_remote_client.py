"""The SPARQL protocol client without a real server: a scripted Graph Store on loopback.

Retries on transient failures, a failed graph left alone (never deleted),
basic auth, credentials kept out of messages, results parsing, URL guessing.
"""
from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from graph import push, remote
from graph.errors import QueryError
from graph.remote_http import Credentials, RemoteError, check_url

SECRET = "pa55-Never-Shown"


class Fake(BaseHTTPRequestHandler):
    """Graph Store: PUT/GET ?graph=IRI; answers scripted per graph (`fail`), Basic auth when `auth`."""

    def log_message(self, *args):
        pass

    def _graph(self):
        return parse_qs(urlsplit(self.path).query).get("graph", [None])[0]

    def _reply(self, code, body=b"", ctype="application/n-triples", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self):
        auth = self.server.state.get("auth")
        if auth and self.headers.get("Authorization") != "Basic " + base64.b64encode(auth.encode()).decode():
            self._reply(401, b"who are you", "text/plain", [("WWW-Authenticate", 'Basic realm="test"')])
            return False
        return True

    def do_GET(self):
        self.server.state["log"].append(("GET", self._graph()))
        if self._authorised():
            body = self.server.state["graphs"].get(self._graph())
            self._reply(404) if body is None else self._reply(200, body)

    def do_PUT(self):
        g, data = self._graph(), self.rfile.read(int(self.headers["Content-Length"]))
        self.server.state["log"].append(("PUT", g))
        if not self._authorised():
            return
        script = self.server.state["fail"].get(g) or []
        if script:
            code = 500 if script[0] == "always" else script.pop(0)
            return self._reply(code, b"<h1>busy</h1>", "text/html")
        code = 200 if g in self.server.state["graphs"] else 201
        self.server.state["graphs"][g] = data
        self._reply(code)

    def do_POST(self):
        self.server.state["log"].append(("POST", None))
        self._reply(200, json.dumps(self.server.state["answer"]).encode(), "application/sparql-results+json")

    def do_DELETE(self):
        self.server.state["log"].append(("DELETE", self._graph()))
        self._reply(405)


@pytest.fixture
def fake():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    server.state = {"graphs": {}, "fail": {}, "log": [], "auth": None, "answer": {}}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def url(server, path="/store"):
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


FAST = {"backoff": 0, "sleep": lambda s: None}


def test_transient_failures_are_retried(fake, seeds_build):
    first = sorted(push.article_graphs(seeds_build))[0]
    fake.state["fail"][first] = [503, 502]
    report = push.push(seeds_build, url(fake), **FAST)
    assert not report.failed and first in report.added
    assert [m for m, g in fake.state["log"] if g == first] == ["PUT", "PUT", "PUT"]


def test_a_failing_graph_is_reported_kept_and_retried_next_time(fake, seeds_build):
    graphs = sorted(push.article_graphs(seeds_build))
    push.push(seeds_build, url(fake), **FAST)
    old = dict(fake.state["graphs"])
    fake.state["graphs"][push.MANIFEST] = b""  # the cache is gone: everything is sent again
    fake.state["fail"][graphs[0]] = ["always"]
    report = push.push(seeds_build, url(fake), retries=2, **FAST)
    assert [g for g, _ in report.failed] == [graphs[0]] and "HTTP 500" in report.failed[0][1]
    assert sorted(report.replaced) == graphs[1:]
    assert fake.state["graphs"][graphs[0]] == old[graphs[0]]  # the previous version stays
    assert not [m for m, _ in fake.state["log"] if m == "DELETE"]
    assert "FAILED" in report.text() and f"failed {graphs[0]}" in report.text()
    fake.state["fail"].clear()
    again = push.push(seeds_build, url(fake), **FAST)
    assert again.replaced == [graphs[0]] and len(again.unchanged) == len(graphs) - 1


def test_basic_auth_and_the_password_is_never_shown(fake, seeds_build):
    fake.state["auth"] = f"ana:{SECRET}"
    report = push.push(seeds_build, url(fake), Credentials("ana", SECRET), **FAST)
    assert len(report.added) == len(push.article_graphs(seeds_build))
    with pytest.raises(RemoteError) as e:
        push.push(seeds_build, url(fake), Credentials("ana", "wrong-" + SECRET), **FAST)
    assert "401" in str(e.value) and SECRET not in str(e.value)
    assert SECRET not in repr(Credentials("ana", SECRET))
    with pytest.raises(RemoteError) as e:
        check_url(f"https://ana:{SECRET}@example.org/sparql")
    assert SECRET not in str(e.value) and "--password-env" in str(e.value)


def test_json_results_become_local_results(fake):
    fake.state["answer"] = {"head": {"vars": ["a", "b", "c"]}, "results": {"bindings": [
        {"a": {"type": "uri", "value": "https://w3id.org/actorgraph/id/country/iran"},
         "b": {"type": "literal", "value": "إيران", "xml:lang": "ar"},
         "c": {"type": "typed-literal", "value": "2025-02-10", "datatype": "http://www.w3.org/2001/XMLSchema#date"}},
        {"a": {"type": "bnode", "value": "x1"}}]}}
    result = remote.run_remote(url(fake, "/sparql"), "SELECT ?a ?b ?c WHERE { ?a ?b ?c }")
    assert result.rows == [(ox.NamedNode("https://w3id.org/actorgraph/id/country/iran"), ox.Literal("إيران", language="ar"),
                            ox.Literal("2025-02-10", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
                           (ox.BlankNode("x1"), None, None)]
    assert "id:country/iran" in remote.answer_remote(url(fake, "/sparql"), "SELECT * {?a ?b ?c}")


def test_updates_and_service_are_refused_before_sending(fake):
    for text in ("DELETE WHERE { ?s ?p ?o }", "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"):
        with pytest.raises(QueryError):
            remote.run_remote(url(fake, "/sparql"), text)
    assert fake.state["log"] == []


def test_query_form_ignores_strings_iris_and_comments():
    assert remote.query_form('PREFIX s: <http://select.org/> # SELECT\nCONSTRUCT { ?a s:p "ASK" } WHERE {}') == "graph"
    assert remote.query_form("ask { }") == "ask"
    assert remote.query_form("DESCRIBE <http://x/>") == "graph"


@pytest.mark.parametrize("endpoint, store", [
    ("http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
    ("https://h/fuseki/team/sparql", "https://h/fuseki/team/data"),
    ("http://h:3030/ds/query", "http://h:3030/ds/data"),
    ("http://h:7200/repositories/team", "http://h:7200/repositories/team/rdf-graphs/service")])
def test_graph_store_is_guessed_for_known_servers(endpoint, store):
    assert remote.graph_store_url(endpoint) == store
    with pytest.raises(RemoteError):
        remote.graph_store_url("http://h/elsewhere")
