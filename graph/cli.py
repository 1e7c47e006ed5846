"""The `actorgraph` command line: thin wrappers over library calls.

Library errors (graph.errors.ActorgraphError) become click errors here and
nowhere else. Each command's help ends with an example.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from graph import remote_cli
from graph.cli_common import GRAPH_OPTION, Fail, run  # noqa: F401  (Fail, run: imported from here by command modules)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="actorgraph")
def main():
    """actorgraph: news articles -> a knowledge graph of actors, posts, meetings and agreements.

    \b
    Example:
      actorgraph build seeds --out exports
      actorgraph query --name meetings
    """


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="Folder to write graph.ttl, graph.trig, network.html, centrality.csv and the store into.")
@click.option("--rules", "rules_dir", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
              help="Folder of rule files (default: the curated rules shipped with actorgraph).")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes for extraction (0: all cores).")
@click.option("--full", is_flag=True, help="Re-extract every article, ignoring the cache of unchanged ones.")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@click.option("--field", "fields", multiple=True, metavar="NAME=FIELD",
              help="Field of a JSONL/CSV export holding NAME (text, title, url, published, language, source, id).")
@click.option("--dask", "dask_spec", metavar="tcp://HOST:8786|local:N", default=None,
              help="Extract on a Dask distributed cluster (a scheduler's address, or local:N worker processes); "
                   "resolution and writing stay here, the graph is the same as a local build's.")
@click.option("--judgements", "judgements_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Curated judgements to apply (default: judgements.yaml in the rules folder).")
def build(sources, out, rules_dir, jobs, full, quiet, fields, dask_spec, judgements_path):
    """Read articles (default: seeds/) and write the graph and its views into OUT.

    SOURCES are files or folders of .txt/.md articles, saved web pages (.html, .htm), RSS/Atom feeds
    (.xml, .rss, .atom), JSONL and CSV exports (.jsonl, .csv); pages, feeds and exports also as .gz.

    \b
    Example:
      actorgraph build                       # seeds/ -> exports/
      actorgraph build seeds --out /tmp/seeds-graph --jobs 2
      actorgraph build news.csv --field text=body --field published=date
      actorgraph build seeds --out /tmp/seeds-dask --dask local:2 --dask tcp://scheduler:8786
    """
    from graph.build import build_outputs
    from graph.distribute import DaskTarget
    dask = run(DaskTarget.parse, dask_spec) if dask_spec else None
    report = run(build_outputs, list(sources) or [Path("seeds")], out, rules_dir=rules_dir, jobs=jobs,
                 incremental=not full, progress=not quiet, fields=fields, dask=dask, judgements_path=judgements_path)
    text = report.text(quiet=quiet)
    if text:
        click.echo(text)
    if report.articles_built == 0:
        sys.exit(1)


# Further commands are registered by their modules below (one module per area).


MEASURE_CHOICE = click.Choice(["degree", "weighted_degree", "betweenness", "pagerank", "eigenvector"])


@main.command("centrality")
@remote_cli.or_endpoint(remote_cli.remote_centrality, with_graph_store=True)
@GRAPH_OPTION
@click.option("--measure", type=MEASURE_CHOICE, default="pagerank", show_default=True, help="Rank by this measure.")
@click.option("--type", "actor_type", type=click.Choice(["Person", "Organization", "Country"]), default=None,
              help="Only actors of this type (ranks within the type).")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Show only the N highest.")
@click.option("--since", default=None, help="Only facts dated from (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", default=None, help="Only facts dated until (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def centrality_cmd(graph_path, measure, actor_type, top, since, until, fmt):
    """Rank actors by centrality in the actor graph (overall or within one type).

    \b
    Example:
      actorgraph centrality --measure pagerank --type Organization --top 10
    """
    from graph import centrality
    result = run(centrality.from_path, graph_path, since=since, until=until)
    if fmt == "csv":
        click.echo(centrality.to_csv(result, measure, actor_type, top), nl=False)
    else:
        click.echo(centrality.to_table(result, measure, actor_type, top))


@main.command("view")
@remote_cli.or_endpoint(remote_cli.remote_view, with_graph_store=True)
@GRAPH_OPTION
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="HTML file to write (default: network.html in the build folder).")
@click.option("--size-by", type=MEASURE_CHOICE, default="pagerank", show_default=True, help="Size nodes by this measure.")
@click.option("--lang", type=click.Choice(["en", "ar"]), default="en", show_default=True, help="Label language.")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the N most central actors.")
@click.option("--no-open", is_flag=True, help="Write the file without opening a browser.")
def view_cmd(graph_path, out, size_by, lang, top, no_open):
    """Write the offline HTML network of actors and open it in the system browser.

    \b
    Example:
      actorgraph view --lang ar --top 200 --out /tmp/network.html
    """
    import webbrowser
    from graph import view
    out = out or view.default_out(graph_path)
    from graph.atomic import write_bytes_atomic   # a reader sees the old page or the new one, never a part
    write_bytes_atomic(out, run(view.render_path, graph_path, size_by=size_by, lang=lang, top_n=top).encode("utf-8"))
    click.echo(f"wrote {out}")
    if not no_open:
        webbrowser.open(out.resolve().as_uri())


# --- query, export, validate (graph/query.py, graph/export.py, graph/validate.py) ---

@main.command()
@remote_cli.or_endpoint(remote_cli.remote_query, with_graph_store=False)
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Read the SPARQL query from a .rq file.")
@click.option("--name", "query_name", help="Run a named query shipped with actorgraph (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of a named query, e.g. --param name=Barzegar (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle"]), default=None,
              help="Output format [default: table; turtle for CONSTRUCT/DESCRIBE].")
@GRAPH_OPTION
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Give up after this many seconds.")
@click.option("--allow-service", is_flag=True,
              help="Permit federated SERVICE calls (they fetch remote URLs; refused by default).")
def query(sparql, query_file, query_name, list_queries, params, fmt, graph_path, timeout, allow_service):
    """Ask the built graph a read-only SPARQL question (prefixes ag:, id:, foaf:, org:, schema:,
    skos:, prov:, rdf:, rdfs:, xsd:, owl:, dcterms: are predeclared).

    \b
    Example:
      actorgraph query 'SELECT ?p ?name WHERE { ?p a ag:Person ; rdfs:label ?name }'
      actorgraph query --name actor --param name=Barzegar --format csv
    """
    from graph import query as q
    if list_queries:
        click.echo(run(q.list_text))
        return
    text = run(q.query_text, sparql, query_file, query_name, params)
    click.echo(run(q.answer, graph_path, text, fmt, timeout=timeout, allow_service=allow_service))


@main.command()
@click.option("--format", "fmt", required=True,
              type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld", "graphml", "gexf", "csv"]),
              help="RDF (turtle, trig, nquads, ntriples, jsonld) or the actor network (graphml, gexf, csv).")
@click.option("-o", "--output", "out", required=True,
              help="File to write ('-' for stdout); for csv, a folder that gets nodes.csv, edges.csv and evidence.csv.")
@GRAPH_OPTION
def export(fmt, out, graph_path):
    """Write the built graph in another format.

    \b
    Example:
      actorgraph export --format jsonld -o graph.jsonld
      actorgraph export --format graphml -o actors.graphml   # open in Gephi
      actorgraph export --format csv -o network/             # nodes.csv, edges.csv, evidence.csv
    """
    from graph.export import export as write
    from graph.store import open_graph
    done = run(write, run(open_graph, graph_path), fmt, out)
    if done:
        click.echo(done, err=True)


@main.command()
@GRAPH_OPTION
@click.option("--jobs", "-j", type=int, default=0, show_default=True,
              help="Worker processes checking a large build's slices (0: one per core).")
def validate(graph_path, jobs):
    """Check the built graph against the SHACL shapes in ontology/shapes.ttl; exit 1 on violations.

    A build of more than 300,000 triples is checked in slices of whole subjects, in --jobs worker
    processes; the report is the same whatever the number.

    \b
    Example:
      actorgraph validate --graph exports
    """
    from graph.validate import validate as check
    report = run(check, graph_path, jobs=jobs)
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


# ---------------------------------------------------------------- curator's loop
RULES_OPTION = click.option("--rules", "rules_dir", type=click.Path(path_type=Path, exists=True, file_okay=False),
                            default=None, help="Folder of rule files (default: the shipped rules).")


@main.command()
@click.argument("article", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@RULES_OPTION
@click.option("--graph", "graph_path", type=click.Path(path_type=Path, exists=True), default=None,
              help="A build: also show how its actors were resolved (merges, their rule, key, score) and the judgements.")
@click.option("--judgements", "judgements_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="With --graph: the judgements file (default: judgements.yaml in the rules folder).")
def explain(article, rules_dir, graph_path, judgements_path):
    """Every fact found in ARTICLE, with the sentence and the rule or alias behind it.

    \b
    Example:
      actorgraph explain seeds/004_ff6e602a6a76843f.txt
      actorgraph explain seeds/004_ff6e602a6a76843f.txt --graph exports   # with resolution and judgements
    """
    from graph import curate
    from graph.ruleset import load_rules
    rules = run(load_rules, rules_dir)
    click.echo(run(curate.explain, article, rules))
    if graph_path:
        from graph import explain_resolution as why
        from graph.read import read_article
        click.echo("\n".join(run(why.resolution_lines, graph_path, run(read_article, article).id)
                             + run(why.judgement_lines, graph_path, article, rules, judgements_path)))


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@RULES_OPTION
@click.option("--top", type=int, default=50, show_default=True, help="How many names to list.")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print gazetteer entries to paste into graph/rules/gazetteer/.")
def candidates(sources, rules_dir, top, as_yaml):
    """Names the rules saw but could not type or resolve, most frequent first.

    \b
    Example:
      actorgraph candidates seeds --top 20
      actorgraph candidates seeds --yaml >> my-additions.yaml
    """
    from graph import curate
    from graph.ruleset import load_rules
    rows = run(curate.candidates, list(sources) or [Path("seeds")], run(load_rules, rules_dir), top)
    click.echo(curate.as_gazetteer_yaml(rows) if as_yaml else curate.table(rows))


@main.group()
def rules():
    """Check and score the curated rule files.

    \b
    Example:
      actorgraph rules check
    """


@rules.command("check")
@RULES_OPTION
def rules_check(rules_dir):
    """Validate every rule file; problems are reported by file and entry.

    \b
    Example:
      actorgraph rules check --rules graph/rules
    """
    from graph import curate
    from graph.ruleset import load_rules
    click.echo("\n".join(run(curate.check_rules, run(load_rules, rules_dir))))
    click.echo("ok: every rule file is valid")


@rules.command("score")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Folder of gold *.json annotations.")
@click.option("--scorer", type=click.Path(path_type=Path), default=Path("tools/kg_eval.py"), show_default=True,
              help="The kg_eval.py scorer (a copy of the shared one ships in tools/).")
@RULES_OPTION
def rules_score(sources, gold_dir, scorer, rules_dir):
    """Recall and precision of each pattern file's facts alone, against gold.

    \b
    Example:
      actorgraph rules score seeds --gold gold/seeds
    """
    from graph import curate
    from graph.ruleset import load_rules
    rows = run(curate.rule_scores, list(sources) or [Path("seeds")], gold_dir, run(load_rules, rules_dir), scorer)
    click.echo(curate.table(rows))


# --- SPARQL servers: `push` (graph/remote_cli.py; --endpoint on query/centrality/view is declared above) ---
remote_cli.register(main)

from graph.serve import cli as serve_cli  # noqa: E402  (`serve`: graph/serve/)
serve_cli.register(main)

from graph import judge_cli  # noqa: E402  (curated judgements: `judge merge|split|reject|undo|list`)

judge_cli.register(main)
