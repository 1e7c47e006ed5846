"""`actorgraph judge ...`: the curator's judgements (graph/judgements.py) from the command line, and the
resolution section of `actorgraph explain --graph` (which actors an article's names became, which
spellings were joined and why, which judgements apply)."""
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


def resolution_lines(graph_path, article_id: str) -> list:
    """What resolution made of ARTICLE_ID's names in the build at GRAPH_PATH: each actor, how its
    spellings were joined (ag:resolvedBy: gazetteer, fuzzy rule with key and score, judgement)."""
    from graph.store import open_graph
    from graph.to_rdf import article_iri
    kg = open_graph(graph_path)
    art = article_iri(article_id)
    rows = kg.query(f"""SELECT ?a ?how WHERE {{ <{art}> schema:mentions ?a . ?a ag:resolvedBy ?how }}""")
    by_actor = {}
    for r in rows:
        by_actor.setdefault(r["a"].value, []).append(r["how"].value)
    if not by_actor:
        return [f"resolution: article {article_id} is not in the build at {graph_path}"]
    lines = [f"resolution (build at {graph_path}):"]
    for actor in sorted(by_actor):
        lines.append(f"  {J.short(actor)}")
        lines += [f"      {how}" for how in sorted(by_actor[actor])]
    return lines


def judgement_lines(graph_path, article_path, rules, judgements_path=None) -> list:
    """The judgements that touch one article: reject judgements of its facts (each fact's IRI as the build
    mints it) and merge/split judgements of the actors it names."""
    from graph.extract import extract_article
    from graph.read import read_article
    from graph.store import open_graph
    from graph.to_rdf import article_iri, fact_iri
    js = J.load_judgements(judgements_file(judgements_path, rules.folder))
    fx = extract_article(read_article(Path(article_path)), rules)
    kg = open_graph(graph_path)
    art = article_iri(fx.article.id)
    actor_of = {}
    for r in kg.query(f"""SELECT ?a ?n WHERE {{ <{art}> schema:mentions ?a .
                         {{ ?a rdfs:label ?n }} UNION {{ ?a skos:altLabel ?n }} }}"""):
        actor_of.setdefault(r["n"].value, r["a"].value)
    local_iri = {k: actor_of.get(next((n for n in e.names if n in actor_of), ""), "") for k, e in fx.entities.items()}
    facts = {}
    for f in fx.facts:
        try:
            facts[str(fact_iri(fx, f, lambda k: local_iri.get(k) or "?"))] = f
        except KeyError:
            continue
    from graph.curate import describe_fact
    lines = []
    mentioned = set(actor_of.values())
    for j in js.items:
        if j.kind == "reject" and j.targets[0] in facts:
            lines.append(f"  {j.describe()}: {describe_fact(fx, facts[j.targets[0]])} (left out of the graph)")
        elif j.kind != "reject" and mentioned & set(j.targets):
            lines.append(f"  {j.describe()}")
    return [f"judgements ({js.path}):", *(lines or ["  (none for this article)"])]


def rules_summary(rules_dir) -> list:
    """`rules check` lines for resolution.yaml and judgements.yaml (loading them validates them)."""
    from graph.resolution_rules import load_resolution
    res = load_resolution(rules_dir)
    js = J.load_judgements(J.default_path(rules_dir))
    p, o = res.persons, res.organizations
    return [f"resolution: {len(p.name_folds) + len(p.word_folds)} person folds, {len(o.word_map)} organisation "
            f"spellings, {len(o.phrases)} phrases ({Path(res.file).name})",
            f"judgements: {len(js.items)} ({', '.join(f'{len(js.of_kind(k))} {k}' for k in J.KINDS)})"]
