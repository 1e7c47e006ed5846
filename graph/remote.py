"""A SPARQL 1.1 Protocol client: the same queries, rules and output formats as a local graph.

`run_remote` sends a query to any SPARQL 1.1 endpoint (Virtuoso, Fuseki,
GraphDB, QLever, Neptune ...) and returns a graph.query.Result, so
graph.results renders it exactly like a local answer. The same read-only and
SERVICE rules apply (graph.query.check_query), and the project's prefixes are
declared in a prologue (a PREFIX of the query's own overrides them).

Queries go as an HTML-form POST (`query=...`), the protocol's most widely
implemented form: Virtuoso 7.2 never answers a direct `application/sparql-query`
POST (openlink/virtuoso-opensource#842).

`fetch_dataset` downloads the shared graph (every actorgraph named graph, by
Graph Store GET, so no server row limit truncates it) for centrality and view.
"""
from __future__ import annotations

import json
import re
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

from graph.errors import QueryError
from graph.query import Result, check_query
from graph.remote_http import RemoteError, gsp_get, request
from graph.vocab import ID, sparql_prologue

JSON_RESULTS = "application/sparql-results+json"
GRAPH_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "text/plain": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML,
               "application/x-turtle": ox.RdfFormat.TURTLE}
MANIFEST = f"{ID}graph/push-manifest"
_BLANK = re.compile(r'<[^<>"{}|^`\\\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                    r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
FETCH_WORKERS = 4


def query_form(text: str) -> str:
    """"select", "ask" or "graph" (CONSTRUCT/DESCRIBE): the first query keyword outside IRIs, strings, comments."""
    m = _FORM.search(_BLANK.sub(" ", text))
    if not m:
        raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    word = m.group(1).upper()
    return "graph" if word in ("CONSTRUCT", "DESCRIBE") else word.lower()


def _term(b: dict):
    kind, value = b["type"], b["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind == "triple":
        raise QueryError("RDF-star triple terms in results are not supported")
    if "xml:lang" in b:
        return ox.Literal(value, language=b["xml:lang"])
    if b.get("datatype"):
        return ox.Literal(value, datatype=ox.NamedNode(b["datatype"]))
    return ox.Literal(value)


def parse_json_results(body: bytes) -> Result:
    """SPARQL 1.1 Query Results JSON -> Result (rows of pyoxigraph terms, None when unbound)."""
    try:
        doc = json.loads(body.decode("utf-8"))
        if "boolean" in doc:
            return Result("ask", boolean=bool(doc["boolean"]))
        names = list(doc["head"].get("vars", []))
        rows = [tuple(_term(b[n]) if n in b else None for n in names) for b in doc["results"]["bindings"]]
    except (ValueError, KeyError, TypeError) as e:
        raise RemoteError(f"the server's answer is not SPARQL JSON results: {e}") from None
    return Result("select", variables=names, rows=rows)


def parse_triples(body: bytes, content_type: str) -> list:
    """An RDF document (Turtle, N-Triples, RDF/XML) -> pyoxigraph triples."""
    mime = content_type.split(";")[0].strip().lower()
    fmt = GRAPH_TYPES.get(mime)
    if fmt is None:
        raise RemoteError(f"the server answered a graph query with {mime or 'no type'}, not Turtle or N-Triples")
    try:
        return [q.triple for q in ox.parse(body, format=fmt)]
    except (SyntaxError, ValueError) as e:
        raise RemoteError(f"the server's {mime} answer is not valid RDF: {e}") from None


def run_remote(endpoint: str, text: str, *, creds=None, allow_service=False, timeout=None) -> Result:
    """Run a read-only query at a SPARQL 1.1 Protocol endpoint; the answer as a graph.query.Result."""
    check_query(text, allow_service)
    form = query_form(text)
    accept = "text/turtle, application/n-triples;q=0.9" if form == "graph" else JSON_RESULTS
    data = urllib.parse.urlencode({"query": sparql_prologue() + text}).encode("ascii")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    kw = {"timeout": timeout} if timeout else {}
    r = request(endpoint, "POST", data, headers, creds=creds, **kw)
    if form != "graph":
        return parse_json_results(r.body)
    return Result("graph", variables=["subject", "predicate", "object"], triples=parse_triples(r.body, r.content_type))


def answer_remote(endpoint: str, text: str, fmt=None, *, creds=None, timeout=None, allow_service=False) -> str:
    """Like graph.query.answer, but asking a SPARQL endpoint."""
    from graph.results import render
    result = run_remote(endpoint, text, creds=creds, timeout=timeout, allow_service=allow_service)
    return render(result, fmt).rstrip("\n")


def graph_store_url(endpoint: str, graph_store: str | None = None, authenticated: bool = False) -> str:
    """The Graph Store endpoint: the one given, else the usual one beside a known server's query endpoint."""
    if graph_store:
        return graph_store
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    guesses = [(r"^/sparql(-auth)?$", "/sparql-graph-crud" + ("-auth" if authenticated else "")),  # Virtuoso
               (r"(/repositories/[^/]+)$", r"\1/rdf-graphs/service"),  # GraphDB, RDF4J
               (r"(.+)/(query|sparql)$", r"\1/data")]  # Fuseki: /DATASET/sparql
    for pattern, repl in guesses:
        if re.match(pattern, path):
            return urllib.parse.urlunsplit(parts._replace(path=re.sub(pattern, repl, path), query=""))
    raise RemoteError(f"cannot tell the Graph Store endpoint of {endpoint}; give it with --graph-store URL")


def remote_graphs(endpoint: str, store_url: str, creds=None) -> list:
    """IRIs of the actorgraph named graphs on the server: from the push manifest, plus any a query finds."""
    found = set()
    body = gsp_get(store_url, MANIFEST, creds)
    if body:
        found.update(t.subject.value for t in ox.parse(body, format=ox.RdfFormat.TURTLE)
                     if isinstance(t.subject, ox.NamedNode))
    listing = run_remote(endpoint, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                   f"FILTER(STRSTARTS(STR(?g), \"{ID}\")) }}", creds=creds)
    found.update(row[0].value for row in listing.rows if row[0] is not None)
    found.discard(MANIFEST)
    return sorted(found)


def fetch_dataset(endpoint: str, graph_store: str | None = None, creds=None):
    """The shared graph as an rdflib Graph (union of every actorgraph named graph), for network/centrality/view."""
    import rdflib
    store_url = graph_store_url(endpoint, graph_store, authenticated=creds is not None)
    graphs = remote_graphs(endpoint, store_url, creds)
    with ThreadPoolExecutor(FETCH_WORKERS) as pool:
        bodies = list(pool.map(lambda g: gsp_get(store_url, g, creds), graphs))
    g = rdflib.Graph()
    for body in bodies:
        if body:
            g.parse(data=body.decode("utf-8"), format="turtle")  # N-Triples is Turtle too
    return g
