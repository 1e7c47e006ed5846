"""`actorgraph judge ...`: the curator's judgements (graph/judgements.py) from the command line."""
from __future__ import annotations

from pathlib import Path

import click

from graph import judgements as J
from graph.cli import GRAPH_OPTION, Fail, run

JUDGEMENTS_OPTION = click.option(
    "--judgements", "judgements_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="The judgements file (default: judgements.yaml in the --rules folder, else the shipped rules').")
RULES_DIR_OPTION = click.option("--rules", "rules_dir", type=click.Path(path_type=Path, exists=True, file_okay=False),
                                default=None, help="Folder of rule files whose judgements.yaml to use.")


def recording(fn):
    """The options of a command that records a judgement: --note, --judgements, --rules, --graph."""
    for option in reversed([click.option("--note", default="", help="Why (kept in the file)."),
                            JUDGEMENTS_OPTION, RULES_DIR_OPTION, GRAPH_OPTION]):
        fn = option(fn)
    return fn


def judgements_file(judgements_path, rules_dir) -> Path:
    return Path(judgements_path) if judgements_path else J.default_path(rules_dir)


def graph_iris(graph_path) -> set | None:
    """Every subject IRI of the built graph at GRAPH_PATH, or None when there is no build there."""
    from graph.store import open_graph
    if not Path(graph_path).exists():
        return None
    kg = run(open_graph, graph_path)
    return {row["s"].value for row in kg.query("SELECT DISTINCT ?s WHERE { ?s a ?t }")}


def _record(kind, targets, note, judgements_path, rules_dir, graph_path):
    path = judgements_file(judgements_path, rules_dir)
    known = graph_iris(graph_path)
    if known is not None:
        absent = [t for t in targets if J.full_iri(t) and J.full_iri(t) not in known]
        for t in absent:
            click.echo(f"warning: {t} is not in the graph at {graph_path}; recorded anyway", err=True)
    j = run(J.add, path, kind, list(targets), note)
    click.echo(f"{path}: {j.describe()}; rebuild to apply it")


def register(main):
    @main.group()
    def judge():
        """Curated judgements every build applies: merge, split, reject; undo and list them.

        \b
        Example:
          actorgraph judge merge id:person/hissein-taha id:person/hissein-brahim-taha
          actorgraph judge list
        """

    @judge.command("merge")
    @click.argument("actors", nargs=-1, required=True)
    @recording
    def judge_merge(actors, note, judgements_path, rules_dir, graph_path):
        """Make two or more actors (by IRI) one node in every build.

        \b
        Example:
          actorgraph judge merge id:person/h-taha https://w3id.org/actorgraph/id/person/hissein-taha
        """
        if len(actors) < 2:
            raise Fail("merge takes two or more actor IRIs")
        _record("merge", actors, note, judgements_path, rules_dir, graph_path)

    @judge.command("split")
    @click.argument("actor")
    @recording
    def judge_split(actor, note, judgements_path, rules_dir, graph_path):
        """Undo what resolution joined into ACTOR: each of its spellings (identity keys) is its own actor again.

        \b
        Example:
          actorgraph judge split id:person/hissein-brahim-taha
        """
        _record("split", [actor], note, judgements_path, rules_dir, graph_path)

    @judge.command("reject")
    @click.argument("fact")
    @recording
    def judge_reject(fact, note, judgements_path, rules_dir, graph_path):
        """Leave a post, meeting or agreement (by IRI) out of every build.

        \b
        Example:
          actorgraph judge reject id:post/0123456789abcdef --note "wrong organisation"
        """
        _record("reject", [fact], note, judgements_path, rules_dir, graph_path)

    @judge.command("undo")
    @click.argument("ident")
    @JUDGEMENTS_OPTION
    @RULES_DIR_OPTION
    def judge_undo(ident, judgements_path, rules_dir):
        """Take judgement IDENT back (it is removed from the file; the next build no longer applies it).

        \b
        Example:
          actorgraph judge undo j3
        """
        path = judgements_file(judgements_path, rules_dir)
        j = run(J.remove, path, ident)
        click.echo(f"{path}: removed {j.describe()}; rebuild to apply")

    @judge.command("list")
    @JUDGEMENTS_OPTION
    @RULES_DIR_OPTION
    def judge_list(judgements_path, rules_dir):
        """Every judgement of the file, one a line.

        \b
        Example:
          actorgraph judge list --judgements my-judgements.yaml
        """
        path = judgements_file(judgements_path, rules_dir)
        js = run(J.load_judgements, path)
        click.echo("\n".join(j.describe() for j in js.items) if js.items else f"{path}: no judgements")
