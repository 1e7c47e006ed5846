"""The command line for SPARQL servers: `push`, and `--endpoint` on `query`, `centrality` and `view`.

`register(main)` (called at the end of graph/cli.py) adds the `push` command.
`or_endpoint(remote_callback)` is the decorator graph/cli.py puts on `query`, `centrality` and `view`: it
declares `--endpoint URL --user U --password-env VAR` (plus `--graph-store URL` for centrality and view);
without --endpoint a command runs exactly as written; with it, the same work is done against the server,
reusing graph.query/results, graph.network, graph.centrality and graph.view.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from graph.cli_common import GRAPH_OPTION, run

ENDPOINT = click.Option(["--endpoint"], metavar="URL", default=None,
                        help="Ask this SPARQL 1.1 endpoint instead of a local build (http:// or https://).")
USER = click.Option(["--user"], metavar="USER", default=None, help="User name for the server (digest or basic auth).")
PASSWORD_ENV = click.Option(["--password-env"], metavar="VAR", default=None,
                            help="Environment variable holding the password (prompted for when omitted).")
GRAPH_STORE = click.Option(["--graph-store"], metavar="URL", default=None,
                           help="Graph Store endpoint (default: guessed from --endpoint for Virtuoso, Fuseki, GraphDB).")


def credentials(user, password_env):
    """Credentials from --user/--password-env; asks for the password (hidden) when only --user is given."""
    from graph.remote_http import Credentials
    if user and not password_env:
        return Credentials(user, click.prompt(f"password for {user}", hide_input=True, err=True))
    return run(Credentials.from_env, user, password_env)


def remote_query(endpoint, creds, graph_store, sparql, query_file, query_name, list_queries, params, fmt,
                  timeout, allow_service, **_):
    from graph import query as q
    from graph.remote import answer_remote
    if list_queries:
        click.echo(run(q.list_text))
        return
    text = run(q.query_text, sparql, query_file, query_name, params)
    click.echo(run(answer_remote, endpoint, text, fmt, creds=creds, timeout=timeout, allow_service=allow_service))


def remote_actor_graph(endpoint, creds, graph_store, since=None, until=None):
    """The actor graph (graph.network) of the graph shared on a server."""
    from graph import facts, network
    from graph.remote import fetch_dataset
    run(facts.window, since, until)  # refuse a bad date before downloading
    return network.actor_graph(run(fetch_dataset, endpoint, graph_store, creds))


def remote_centrality(endpoint, creds, graph_store, measure, actor_type, top, since, until, fmt, **_):
    from graph import centrality
    result = run(centrality.compute, remote_actor_graph(endpoint, creds, graph_store, since, until), since, until)
    if fmt == "csv":
        click.echo(centrality.to_csv(result, measure, actor_type, top), nl=False)
    else:
        click.echo(centrality.to_table(result, measure, actor_type, top))


def remote_view(endpoint, creds, graph_store, out, size_by, lang, top, no_open, **_):
    import webbrowser
    from graph import view
    out = out or Path("network.html")
    html = run(view.render, remote_actor_graph(endpoint, creds, graph_store), size_by=size_by, lang=lang, top_n=top,
               title=f"actorgraph network: {endpoint}")
    out.write_text(html, encoding="utf-8")
    click.echo(f"wrote {out}")
    if not no_open:
        webbrowser.open(out.resolve().as_uri())


def or_endpoint(remote_callback, with_graph_store: bool):
    """Decorate a local command's function (under @main.command): it takes --endpoint (and the auth options,
    listed after its own); with --endpoint, `remote_callback` runs instead."""
    def decorate(local):
        @functools.wraps(local)
        def callback(endpoint, user, password_env, graph_store=None, **kw):
            return _dispatch(local, remote_callback, endpoint, user, password_env, graph_store, kw)
        added = [ENDPOINT, GRAPH_STORE, USER, PASSWORD_ENV] if with_graph_store else [ENDPOINT, USER, PASSWORD_ENV]
        # click lists __click_params__ in reverse: these come after the command's own options
        callback.__click_params__ = [*reversed(added), *getattr(local, "__click_params__", [])]
        return callback
    return decorate


def _dispatch(local, remote_callback, endpoint, user, password_env, graph_store, kw):
    ctx = click.get_current_context()
    if endpoint is None:
        if user or password_env or graph_store:
            raise click.UsageError("--user, --password-env and --graph-store go with --endpoint URL")
        return local(**kw)
    if ctx.get_parameter_source("graph_path") == ParameterSource.COMMANDLINE:
        raise click.UsageError("give either --graph PATH (a local build) or --endpoint URL, not both")
    return remote_callback(endpoint, credentials(user, password_env), graph_store, **kw)



def push_command(endpoint, graph_store, graph_path, user, password_env, force, batch, quiet):
    """Upload a built graph to a SPARQL server, one named graph per article (Graph Store HTTP Protocol).

    Re-pushing replaces only the articles whose facts changed; graphs that other
    people pushed are left in place. Exit code 1 if any graph failed (the server
    keeps its previous version of those).

    \b
    Example:
      export VIRTUOSO_PASSWORD=...
      actorgraph push --endpoint http://localhost:8890/sparql --user dba --password-env VIRTUOSO_PASSWORD
      actorgraph push --endpoint http://fuseki:3030/team/sparql --graph exports
    """
    from graph.push import push
    from graph.remote import graph_store_url
    creds = credentials(user, password_env)
    store = run(graph_store_url, endpoint, graph_store, authenticated=creds is not None)
    bar = None if quiet else (lambda total: click.progressbar(length=total, label="pushing graphs", file=sys.stderr))
    report = run(push, graph_path, store, creds, force=force, batch=batch, progress=bar)
    click.echo(report.text())
    if report.failed:
        sys.exit(1)


def register(main: click.Group) -> None:
    """Add `push` to the CLI group."""
    options = [click.option("--endpoint", required=True, metavar="URL", help="The server's SPARQL query endpoint."),
               click.option("--graph-store", metavar="URL", default=None, help=GRAPH_STORE.help), GRAPH_OPTION,
               click.option("--user", metavar="USER", default=None, help=USER.help),
               click.option("--password-env", metavar="VAR", default=None, help=PASSWORD_ENV.help),
               click.option("--force", is_flag=True, help="Send every graph, even those the server already has."),
               click.option("--batch", type=click.IntRange(min=1), default=50, show_default=True,
                            help="Graphs sent between two updates of the server's push manifest."),
               click.option("--quiet", "-q", is_flag=True, help="No progress bar.")]
    cmd = push_command
    for option in reversed(options):
        cmd = option(cmd)
    main.command("push")(cmd)
