"""The ASGI application of `actorgraph serve` (Starlette): routes, security headers, bounded bodies.

Routes:
  /                       the build's network view (network.html), a click on an actor links to its page
  /query                  the SPARQL editor (vendored YASGUI) with the named queries as examples
  /sparql                 SPARQL 1.1 Protocol, query operation (graph.serve.sparql_protocol)
  /rdf-graphs/service     Graph Store Protocol, GET of one named graph
  /id/...                 every IRI the graph mints: HTML page, Turtle, N-Triples or JSON-LD
  /assets/NAME            the files of the ASSETS table, held in memory (no request path reaches the disk)

Every page is rendered by Jinja2 with autoescape; graph data for scripts travels as JSON in a
<script type="application/json"> block (graph.page_json.safe_json) and the scripts are files of ours
(script-src 'self', no inline script), so text from the graph is never code.
"""
from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

import jinja2
import pyoxigraph as ox
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from graph.query import named_queries
from graph.serve import actor_page
from graph.serve.answer_cache import AnswerCache
from graph.serve import negotiate as neg
from graph.serve.sparql_protocol import Limits, error_response, graph_store, sparql_endpoint
from graph.store import open_graph
from graph.summaries import text_for
from graph.page_json import safe_json
from graph.vocab import ID, PREFIXES, sparql_prologue

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# the network view is one self-contained file with its vendored scripts inline (graph/view.py): its own policy
VIEW_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; frame-ancestors 'none'")
ASSETS = {  # name -> media type; the files are read once, at start
    "yasgui.min.js": "text/javascript", "yasgui.min.css": "text/css",
    "vis-timeline-graph2d.min.js": "text/javascript", "vis-timeline-graph2d.min.css": "text/css",
    "actor.js": "text/javascript", "query.js": "text/javascript", "serve.css": "text/css",
}
EXAMPLE_LIMIT = 100
MAX_PAGE = 100_000


def _assets() -> dict:
    folder = resources.files("graph.serve") / "assets"
    return {name: ((folder / name).read_bytes(), media) for name, media in ASSETS.items()}


def _view_page(graph_path: Path) -> bytes | None:
    """The build's network.html with the link script added (None when the build has none)."""
    page = graph_path / "network.html" if graph_path.is_dir() else graph_path.with_suffix(".html")
    if not page.is_file():
        return None
    hook = (resources.files("graph.serve") / "assets" / "view-link.js").read_text(encoding="utf-8")
    if "</script" in hook.lower():
        raise ValueError("view-link.js must not contain </script")
    html = page.read_text(encoding="utf-8")
    at = html.rfind("</body>")
    if at < 0:
        return None
    return (html[:at] + f"<script>{hook}</script>\n" + html[at:]).encode("utf-8")


def _sample(kg, text: str) -> str | None:
    for row in kg.query(text):
        return row[0].value
    return None


def example_values(kg) -> dict:
    """The named queries' parameters as the query page fills them: the most central actor's name, an
    article, the latest date a post was first seen."""
    return {
        "name": _sample(kg, "SELECT ?n WHERE { ?a ag:pagerank ?p ; ag:displayName ?n } ORDER BY DESC(?p) LIMIT 1"),
        "article": _sample(kg, "SELECT ?i WHERE { ?a a ag:Article ; schema:identifier ?i } LIMIT 1"),
        "date": _sample(kg, "SELECT (MAX(?d) AS ?m) WHERE { ?a ag:firstSeen ?d }"),
    }


def _examples(kg) -> list:
    """The named queries as the query page offers them: prefixes written out, parameters filled with
    values from this graph (example_values), a LIMIT added; a query the build kept rows or relations for
    reads them (graph.summaries.text_for), which a LIMIT cuts short."""
    values = example_values(kg)
    out = []
    for q in named_queries().values():
        params = {p: values.get(p) or "x" for p, _ in q.params}
        text = replace(q, text=text_for(kg, q)).bind(params).rstrip()
        if "LIMIT" not in text.upper().rsplit("}", 1)[-1]:
            text += f"\nLIMIT {EXAMPLE_LIMIT}"
        out.append({"name": q.name, "description": q.description, "text": sparql_prologue() + text})
    return out


class Guard:
    """Pure ASGI middleware: bounded request bodies (413 past the limit, read into memory only up to it)
    and the security headers of every answer."""

    def __init__(self, app, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            return await self._too_large(scope, receive, send)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return await self._too_large(scope, receive, send)
            chunks.append(chunk)
            more = message.get("more_body", False)
        body, sent = b"".join(chunks), False

        async def replay():
            nonlocal sent
            if sent:              # the body was handed over: what comes next is the client's disconnect
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        view = scope["path"] == "/"

        async def secured(message):
            if message["type"] == "http.response.start":
                extra = [(b"content-security-policy", (VIEW_CSP if view else CSP).encode()),
                         (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                         (b"x-frame-options", b"DENY")]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, replay, secured)

    async def _too_large(self, scope, receive, send):
        response = error_response(413, f"the request body is over the limit of {self.max_body:,} bytes")
        await response(scope, receive, send)


def create_app(graph_path, limits: Limits = Limits(), allowed_hosts=None) -> Starlette:
    """The server for the build at `graph_path` (opened read-only once, shared by every request).

    `allowed_hosts` (e.g. 127.0.0.1, localhost) refuses requests naming another Host, which a page
    elsewhere could only send through DNS rebinding; None allows any."""
    graph_path = Path(graph_path)
    kg = open_graph(graph_path)
    env = jinja2.Environment(loader=jinja2.PackageLoader("graph.serve", "templates"), autoescape=True)
    assets, view = _assets(), _view_page(graph_path)
    examples = safe_json({"queries": _examples(kg)})

    def html(name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    async def home(request: Request) -> Response:
        if view is None:
            return html("message.html", 404, title="No network view",
                        message=f"{graph_path} has no network.html; write one with `actorgraph view --graph "
                                f"{graph_path} --no-open`, or open /query")
        return HTMLResponse(view)

    async def query_page(request: Request) -> Response:
        return html("query.html", title="SPARQL query", data=Markup(examples),
                    max_rows=f"{limits.max_rows:,}", timeout=f"{limits.timeout:g}")

    async def asset(request: Request) -> Response:
        found = assets.get(request.path_params["name"])
        if found is None:
            return error_response(404, "no such asset")
        body, media = found
        return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=3600"})

    async def resource(request: Request) -> Response:
        iri = str(ID) + request.path_params["rest"]
        try:
            ox.NamedNode(iri)
        except ValueError:
            return error_response(400, "not a valid IRI")
        fmt = neg.choose(neg.RESOURCE, request.headers.get("accept"), request.query_params.get("format"))
        if fmt is None:
            return error_response(406, "offered: " + ", ".join(f.media_type for f in neg.RESOURCE))
        if fmt is not neg.HTML:
            triples = await run_in_threadpool(actor_page.describe, kg, iri, limits.max_rows)
            if not triples:
                return error_response(404, f"the graph says nothing about <{iri}>")
            prefixes = PREFIXES if fmt.rdf == ox.RdfFormat.TURTLE else None
            body = ox.serialize(triples, format=fmt.rdf, prefixes=prefixes)
            return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})
        number = request.query_params.get("page", "1")
        if not number.isdigit() or not 1 <= int(number) <= MAX_PAGE:
            return error_response(400, f"page= is a number from 1 to {MAX_PAGE}")
        page = await run_in_threadpool(actor_page.read_page, kg, iri, int(number))
        if page is None:
            return html("message.html", 404, title="Not in this graph",
                        message=f"The graph says nothing about {iri}.")
        timeline = page.timeline() if page.is_actor else []
        return html("actor.html" if page.is_actor else "resource.html", title=page.title, page=page,
                    self_href=request.url.path,
                    timeline=Markup(safe_json(timeline)) if timeline else None)

    routes = [
        Route("/", home), Route("/query", query_page), Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
        Route("/rdf-graphs/service", graph_store), Route("/assets/{name}", asset), Route("/id/{rest:path}", resource),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                             allow_headers=["Content-Type", "Accept"])]
    if allowed_hosts:
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    app = Starlette(routes=routes, middleware=middleware)
    app.state.kg, app.state.limits, app.state.cache = kg, limits, AnswerCache(limits.cache_bytes)
    return Guard(app, limits.max_body_bytes) if limits.max_body_bytes else app
