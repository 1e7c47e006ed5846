"""Publish a built graph to a SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

One PUT per named graph (one per article, plus the analysis graph): the server
replaces that graph atomically, so re-pushing an edited article replaces only
its facts, and a PUT that fails leaves the server's previous graph in place
(nothing is ever deleted first). Graphs on the server that this build does not
have (other analysts' articles) are left alone.

A manifest graph on the server (graph.remote.MANIFEST) records each pushed
graph's content hash; a graph whose hash is unchanged is not sent again. The
manifest is only a cache: if it is lost, the next push re-sends everything;
`force=True` re-sends regardless. It is merged and rewritten after every batch.
"""
from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.errors import ActorgraphError
from graph.remote import MANIFEST
from graph.remote_http import RemoteError, gsp_get, gsp_put

PUSH = "https://w3id.org/actorgraph/push#"
HASH, TRIPLES = ox.NamedNode(PUSH + "contentHash"), ox.NamedNode(PUSH + "triples")
BATCH = 50


@dataclass
class PushReport:
    """What a push did, graph by graph."""

    added: list = field(default_factory=list)
    replaced: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (graph IRI, message)
    elsewhere: int = 0  # graphs on the server that this build does not have (left in place)
    triples: int = 0  # triples sent

    def text(self) -> str:
        lines = [f"pushed {len(self.added) + len(self.replaced)} graphs ({self.triples} triples): "
                 f"{len(self.added)} added, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged"
                 + (f", {len(self.failed)} FAILED" if self.failed else "")]
        if self.elsewhere:
            lines.append(f"{self.elsewhere} other graphs on the server (not in this build) were left in place")
        lines += [f"  replaced {g}" for g in self.replaced]
        lines += [f"  failed {g}: {msg} (the server keeps its previous version)" for g, msg in self.failed]
        return "\n".join(lines)


def article_graphs(source) -> dict:
    """{graph IRI: [triples]} of a build folder or RDF dataset file (graph.store.open_graph)."""
    from graph.store import open_graph
    graphs, loose = {}, 0
    for q in open_graph(source).quads():
        if isinstance(q.graph_name, ox.NamedNode):
            graphs.setdefault(q.graph_name.value, []).append(q.triple)
        else:
            loose += 1
    if loose:
        raise ActorgraphError(f"{source}: {loose} triples are outside any named graph; push a build folder "
                              "or its graph.trig (one named graph per article)")
    if not graphs:
        raise ActorgraphError(f"{source}: no named graphs to push")
    return graphs


def ntriples(triples) -> bytes:
    """Canonical N-Triples: one triple a line, sorted (the graphs have no blank nodes)."""
    lines = sorted(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines())
    return ("\n".join(lines) + "\n").encode("utf-8")


def content_hash(body: bytes) -> str:
    return "sha256:" + hashlib.sha256(body).hexdigest()


def read_manifest(store_url: str, creds=None) -> dict:
    """{graph IRI: content hash} as recorded on the server ({} when there is no manifest)."""
    body = gsp_get(store_url, MANIFEST, creds)
    if not body:
        return {}
    try:
        triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError):
        return {}  # an unreadable cache only means sending everything again
    return {t.subject.value: t.object.value for t in triples if t.predicate == HASH}


def write_manifest(store_url: str, entries: dict, creds=None, **kw) -> None:
    """Merge `entries` ({IRI: (hash, triple count)}) into the server's manifest and PUT it back."""
    current = {g: (h, None) for g, h in read_manifest(store_url, creds).items()}
    current.update(entries)
    triples = []
    for g, (h, n) in sorted(current.items()):
        triples.append(ox.Triple(ox.NamedNode(g), HASH, ox.Literal(h)))
        if n is not None:
            triples.append(ox.Triple(ox.NamedNode(g), TRIPLES, ox.Literal(str(n), datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#integer"))))
    gsp_put(store_url, MANIFEST, ntriples(triples), creds, **kw)


def push(source, store_url: str, creds=None, *, force=False, batch=BATCH, progress=None, **http) -> PushReport:
    """Upload every named graph of `source` to the Graph Store at `store_url`.

    `progress(total)` gives a context manager with .update(n) (e.g. click.progressbar);
    `http` goes to graph.remote_http.request (retries, backoff, timeout)."""
    graphs = article_graphs(source)
    before = read_manifest(store_url, creds)
    report = PushReport(elsewhere=len(set(before) - set(graphs)))
    names = sorted(graphs)
    with (progress(len(names)) if progress else contextlib.nullcontext()) as bar:
        for start in range(0, len(names), batch):
            sent = {}
            for g in names[start:start + batch]:
                _push_one(store_url, g, graphs[g], before.get(g), force, creds, http, report, sent)
                if bar is not None:
                    bar.update(1)
            if sent:
                write_manifest(store_url, sent, creds, **http)
    return report


def _push_one(store_url, g, triples, old_hash, force, creds, http, report, sent) -> None:
    body = ntriples(triples)
    digest = content_hash(body)
    if not force and old_hash == digest:
        report.unchanged.append(g)
        return
    try:
        status = gsp_put(store_url, g, body, creds, **http)
    except RemoteError as e:
        report.failed.append((g, str(e)))
        return
    (report.added if status == 201 else report.replaced).append(g)
    report.triples += len(triples)
    sent[g] = (digest, len(triples))
