"""Helpers of the `actorgraph serve` tests: a server on a free loopback port in a thread, a hostile graph."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

ID = "https://w3id.org/actorgraph/id/"
AG = "https://w3id.org/actorgraph/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PAYLOADS = {
    "pwn1": '</script><script>window.pwned="pwn1";alert("pwn1")</script>',
    "pwn2": '<img src=x onerror="window.pwned=\'pwn2\';alert(\'pwn2\')">',
    "pwn3": '"><svg onload="window.pwned=\'pwn3\'">',
    "pwn4": "</textarea><iframe srcdoc='<script>parent.pwned=\"pwn4\"</script>'>",
    "pwn5": "javascript:alert('pwn5')",
}


@contextmanager
def served(app):
    """`app` on uvicorn at http://127.0.0.1:PORT (a free port), stopped on leaving."""
    import uvicorn
    sock = socket.socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)   # as graph/serve/cli.py does
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def hostile_graph(build: Path, out: Path, person: str) -> Path:
    """The build's graph.trig plus names that carry markup for `person` (labels, a spelling, the display
    name) and a hostile evidence sentence, as one TriG file: what a poisoned gazetteer or article gives."""
    ds = ox.Dataset(ox.parse(path=str(build / "graph.trig"), format=ox.RdfFormat.TRIG))
    actors, node = ox.NamedNode(ID + "graph/actors"), ox.NamedNode(person)
    for q in list(ds.quads_for_subject(node)):
        if q.predicate.value in (RDFS + "label", AG + "displayName") and q.graph_name == actors:
            ds.remove(q)
    ds.add(ox.Quad(node, ox.NamedNode(RDFS + "label"), ox.Literal("Karim " + PAYLOADS["pwn1"], language="en"), actors))
    ds.add(ox.Quad(node, ox.NamedNode(AG + "displayName"), ox.Literal("Karim " + PAYLOADS["pwn1"], language="en"), actors))
    ds.add(ox.Quad(node, ox.NamedNode(RDFS + "label"), ox.Literal("كريم " + PAYLOADS["pwn2"], language="ar"), actors))
    for key in ("pwn3", "pwn4", "pwn5"):
        ds.add(ox.Quad(node, ox.NamedNode(SKOS + "altLabel"), ox.Literal(PAYLOADS[key], language="en"), actors))
    for q in list(ds):
        if q.predicate.value == AG + "sentence" and "Barzegar" in q.object.value:
            ds.add(ox.Quad(q.subject, q.predicate, ox.Literal("Barzegar said " + PAYLOADS["pwn2"] + PAYLOADS["pwn1"]),
                           q.graph_name))
        if q.predicate.value == "https://schema.org/headline":
            ds.add(ox.Quad(q.subject, q.predicate, ox.Literal(PAYLOADS["pwn3"] + PAYLOADS["pwn4"]), q.graph_name))
    path = out / "hostile.trig"
    path.write_bytes(ox.serialize(ds, format=ox.RdfFormat.TRIG))
    return path
