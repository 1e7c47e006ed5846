"""The resolution part of `actorgraph explain ARTICLE --graph BUILD`: which actors the article's names
became in the build, how each was resolved (gazetteer, fuzzy rule with key and score, judgement), and
the judgements that touch the article (a rejected fact is shown with the fact it leaves out)."""
from __future__ import annotations

from pathlib import Path

from graph import judgements as J


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
    js = J.load_judgements(Path(judgements_path) if judgements_path else J.default_path(rules.folder))
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
