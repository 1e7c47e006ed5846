"""The SPARQL 1.1 Protocol (query operation) at /sparql, and the Graph Store Protocol's read side.

A query arrives as GET `?query=`, a POST form (`query=`), or a POST body of type
application/sparql-query. It runs through graph.query.run_query (read-only, SERVICE refused,
the server's timeout and row cap) on a worker thread, and is written in the format content
negotiation picks: graph.results' writers for JSON, CSV and TSV (the same text as
`actorgraph query --format ...`), pyoxigraph's for XML results and every RDF syntax.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from graph import results
from graph.errors import QueryError, QueryRefused, QueryTimeout, TooManyRows
from graph.query import run_query
from graph.serve import negotiate as neg
from graph.vocab import PREFIXES

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class Limits:
    """What one request may ask of the server (set by `actorgraph serve` options)."""

    timeout: float = 10.0          # seconds a query may run
    max_rows: int = 10_000         # rows (or triples) an answer may hold
    max_query_bytes: int = 64 * 1024   # size of a query's text
    max_body_bytes: int = 256 * 1024   # size of any request body (a form holds the query and its name)
    cache_bytes: int = 64 * 2**20      # answers kept for questions asked again (0: none)


class ProtocolError(Exception):
    """A request the protocol answers with an error status and a plain-text message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def error_response(status: int, message: str) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status)


def _one(values: dict, key: str) -> str | None:
    found = values.get(key) or []
    if len(found) > 1:
        raise ProtocolError(400, f"give one {key}= parameter, not {len(found)}")
    return found[0] if found else None


def _refuse_dataset(values: dict) -> None:
    for key in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
        if values.get(key):
            raise ProtocolError(400, f"{key} is not supported: the default graph is the union of every "
                                     "article's graph; name one with GRAPH <iri> { ... } in the query")


async def query_of(request: Request, limits: Limits) -> str | None:
    """The query text of a protocol request (None for a GET without one); refuses updates and odd bodies."""
    url_values = parse_qs(request.url.query, keep_blank_values=True)
    _refuse_dataset(url_values)
    if request.method == "GET":
        if url_values.get("update"):
            raise ProtocolError(403, "SPARQL UPDATE is refused: the graph is read-only")
        text = _one(url_values, "query")
    else:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()   # bounded by the app's body limit
        if media == SPARQL_UPDATE:
            raise ProtocolError(403, "SPARQL UPDATE is refused: the graph is read-only")
        if media == SPARQL_QUERY:
            text = _decode(body)
        elif media == FORM:
            form = parse_qs(_decode(body), keep_blank_values=True)
            _refuse_dataset(form)
            if form.get("update"):
                raise ProtocolError(403, "SPARQL UPDATE is refused: the graph is read-only")
            text = _one(form, "query")
            if text is None:
                raise ProtocolError(400, "the form has no query= field")
        else:
            raise ProtocolError(415, f"POST a query as {SPARQL_QUERY} or as a form ({FORM}); "
                                     f"got {media or 'no Content-Type'}")
    if text is not None and len(text.encode("utf-8")) > limits.max_query_bytes:
        raise ProtocolError(413, f"the query is over the size limit of {limits.max_query_bytes:,} bytes")
    return text


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not UTF-8") from None


def write_result(result, fmt: neg.Format) -> bytes:
    """A graph.query.Result in `fmt` (one of negotiate.SOLUTIONS for SELECT/ASK, GRAPHS for graphs)."""
    if result.kind == "graph":
        prefixes = PREFIXES if fmt.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        return ox.serialize(result.triples, format=fmt.rdf, prefixes=prefixes) or b""
    if fmt is neg.XML:
        json_text = results.format_json(result).encode("utf-8")
        return ox.parse_query_results(json_text, format=ox.QueryResultsFormat.JSON).serialize(
            format=ox.QueryResultsFormat.XML)
    writer = {"json": results.format_json, "csv": results.format_csv, "tsv": results.format_tsv}[fmt.name]
    return writer(result).encode("utf-8")


def status_of(error: QueryError) -> int:
    if isinstance(error, QueryRefused):
        return 403
    if isinstance(error, QueryTimeout):
        return 503
    if isinstance(error, TooManyRows):
        return 413
    return 400


async def sparql_endpoint(request: Request) -> Response:
    state = request.app.state
    limits: Limits = state.limits
    try:
        text = await query_of(request, limits)
        if text is None:
            if "text/html" in request.headers.get("accept", ""):   # a browser: the query page
                return RedirectResponse("/query", status_code=303)
            raise ProtocolError(400, "no query: send ?query=SELECT ... (GET), a form with query=, "
                                     f"or a POST body of type {SPARQL_QUERY}; the query page is /query")
        values = parse_qs(request.url.query)
        asked = (values.get("format") or values.get("output") or [None])[0]
        accept = request.headers.get("accept")
        body, media = await state.cache.get((text, accept, asked),
                                            lambda: _answer(state.kg, limits, text, accept, asked))
    except ProtocolError as e:
        return error_response(e.status, e.message)
    except QueryError as e:
        return error_response(status_of(e), str(e))
    return Response(body, media_type=media, headers={"Vary": "Accept"})


async def _answer(kg, limits: Limits, text: str, accept, asked) -> tuple:
    """(body, content type) of a query's answer in the negotiated format."""
    result = await run_in_threadpool(run_query, kg, text, timeout=limits.timeout, max_rows=limits.max_rows)
    offers = neg.GRAPHS if result.kind == "graph" else neg.SOLUTIONS
    fmt = neg.choose(offers, accept, asked)
    if fmt is None:
        raise ProtocolError(406, "none of the accepted media types fits this answer; offered: "
                            + ", ".join(f.media_type for f in offers))
    return await run_in_threadpool(write_result, result, fmt), fmt.content_type


async def graph_store(request: Request) -> Response:
    """GET /rdf-graphs/service?graph=IRI: one named graph (an article's, id:graph/actors, ...)."""
    state = request.app.state
    values = parse_qs(request.url.query)
    try:
        if "default" in parse_qs(request.url.query, keep_blank_values=True):
            raise ProtocolError(400, "the default graph is the union of every article's graph: too large to "
                                     "send here; get graph.trig from the build folder, or name one ?graph=IRI")
        iri = _one(values, "graph")
        if not iri:
            raise ProtocolError(400, "name a graph: /rdf-graphs/service?graph=IRI (an article's IRI, "
                                     "https://w3id.org/actorgraph/id/graph/actors, .../graph/analysis)")
        try:
            name = ox.NamedNode(iri)
        except ValueError:
            raise ProtocolError(400, "graph= is not a valid IRI") from None
        fmt = neg.choose(neg.NAMED_GRAPH, request.headers.get("accept"),
                         (values.get("format") or [None])[0])
        if fmt is None:
            raise ProtocolError(406, "offered: " + ", ".join(f.media_type for f in neg.NAMED_GRAPH))
        body = await run_in_threadpool(_named_graph, state.kg, name, fmt, state.limits.max_rows)
    except ProtocolError as e:
        return error_response(e.status, e.message)
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


def _named_graph(kg, name, fmt, cap: int) -> bytes:
    quads = []
    for q in kg.store.quads_for_pattern(None, None, None, name):
        quads.append(q)
        if len(quads) > cap:
            raise ProtocolError(413, f"the graph has more than {cap:,} triples, the cap of this server "
                                     "(--max-rows); `actorgraph export` writes any size")
    if not quads:
        raise ProtocolError(404, "no such graph in this build")
    if fmt.rdf == ox.RdfFormat.TRIG:
        return ox.serialize(quads, format=fmt.rdf, prefixes=PREFIXES)
    prefixes = PREFIXES if fmt.rdf == ox.RdfFormat.TURTLE else None
    return ox.serialize([q.triple for q in quads], format=fmt.rdf, prefixes=prefixes)
