"""The `actorgraph serve` command (registered on the main group by graph/cli.py)."""
from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import click

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: a free one), so the address printed is the one served."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # accepted connections inherit it: uvicorn writes a response's head and body apart, and with Nagle's
    # algorithm on, the body waited for the client's delayed ACK (40 ms a request, measured)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as e:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def register(main) -> None:
    from graph.cli import GRAPH_OPTION, run

    @main.command("serve")
    @GRAPH_OPTION
    @click.option("--host", default="127.0.0.1", show_default=True,
                  help="Address to listen on; anything but loopback exposes the graph to the network.")
    @click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
                  help="Port to listen on (0: any free port).")
    @click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
                  help="Seconds a SPARQL query may run before it is answered with an error.")
    @click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
                  help="Rows (or triples) an answer may hold; more is an error asking for a LIMIT.")
    @click.option("--max-query-bytes", type=click.IntRange(min=64), default=64 * 1024, show_default=True,
                  help="Largest query text accepted.")
    @click.option("--max-body-bytes", type=click.IntRange(min=256), default=256 * 1024, show_default=True,
                  help="Largest request body accepted.")
    @click.option("--cache-mb", type=click.IntRange(min=0), default=64, show_default=True,
                  help="Memory for answers kept for questions asked again (the graph does not change "
                       "while served); 0 keeps none.")
    def serve(graph_path, host, port, timeout, max_rows, max_query_bytes, max_body_bytes, cache_mb):
        """Serve the built graph read-only over HTTP: a SPARQL 1.1 endpoint (/sparql), the Graph Store
        Protocol's read side (/rdf-graphs/service?graph=IRI), a query page (/query), a page for every IRI the
        graph mints (/id/...) and the network view (/). Stop with Ctrl-C.

        \b
        Example:
          actorgraph serve --graph exports --port 8000
          curl 'http://127.0.0.1:8000/sparql' --data-urlencode 'query=SELECT * { ?s a ag:Person } LIMIT 5'
        """
        import uvicorn

        from graph.serve.app import create_app
        from graph.serve.sparql_protocol import Limits
        limits = Limits(timeout=timeout, max_rows=max_rows, max_query_bytes=max_query_bytes,
                        max_body_bytes=max_body_bytes, cache_bytes=cache_mb * 2**20)
        loopback = is_loopback(host)
        if not loopback:
            click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the graph "
                       "and read every article's sentences; the default, 127.0.0.1, keeps it to this machine",
                       err=True)
        hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None
        app = run(create_app, Path(graph_path), limits, hosts)
        sock = bind(host, port)
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"actorgraph serve: http://{shown}:{sock.getsockname()[1]}/ (SPARQL endpoint /sparql, "
                   f"query page /query); Ctrl-C stops", nl=True)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:   # uvicorn shuts down on Ctrl-C, then raises it again
            pass
        finally:
            sock.close()
        click.echo("actorgraph serve: stopped")
