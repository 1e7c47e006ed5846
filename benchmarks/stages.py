"""The measured stages of one benchmark size. Each returns a dict of figures, or {"skipped": reason}.

Baselines run in this same process (or a forked child of it, with a time limit), on the
same input as the stage they are compared with.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from system import call_in_child, python_cmd, run_measured, stream_in_child

REPO = Path(__file__).resolve().parent.parent
KG_EVAL = REPO.parent / "shared" / "tools" / "kg_eval.py"
_ARTICLES: list = []   # shared with forked extraction workers
_RULES = None


def read_corpus(corpus: Path) -> tuple[list, int]:
    """Every readable article of the corpus (file reading is not part of the throughput), and the unreadable count."""
    from graph.errors import ActorgraphError
    from graph.read import find_articles, read_article
    paths, _ = find_articles([corpus])
    articles, bad = [], 0
    for p in paths:
        try:
            articles.append(read_article(p))
        except ActorgraphError:
            bad += 1
    return articles, bad


def _extract_range(bounds) -> int:
    from graph.extract import extract_article
    for a in _ARTICLES[bounds[0]:bounds[1]]:
        extract_article(a, _RULES)
    return bounds[1] - bounds[0]


def extraction(articles: list, jobs: int, per_core_max: int, all_cores_max: int) -> dict:
    """extract_article throughput on one core (the first per_core_max articles) and on `jobs` forked
    workers (the first all_cores_max)."""
    global _ARTICLES, _RULES
    try:
        from graph.extract import extract_article
        from graph.ruleset import load_rules
    except ImportError as e:
        return {"skipped": f"graph.extract / graph.ruleset not importable ({e})"}
    _RULES = load_rules()
    _ARTICLES = articles = articles[:all_cores_max]
    if articles:   # warm up (lazy automata, caches) before timing; forked workers inherit the warm state
        extract_article(articles[0], _RULES)
    sample = articles[:per_core_max]
    mb_one = sum(len(a.body.encode("utf-8")) for a in sample) / 1e6
    t0 = time.perf_counter()
    for a in sample:
        extract_article(a, _RULES)
    one = time.perf_counter() - t0
    mb_all = sum(len(a.body.encode("utf-8")) for a in articles) / 1e6
    step = max(1, len(articles) // (jobs * 8))
    chunks = [(i, min(i + step, len(articles))) for i in range(0, len(articles), step)]
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        done = sum(pool.map(_extract_range, chunks))
    wall = time.perf_counter() - t0
    return {"articles_one_core": len(sample), "mb_per_s_core": mb_one / one, "articles_per_s_core": len(sample) / one,
            "jobs": jobs, "articles_all": done, "mb_per_s_all": mb_all / wall, "articles_per_s_all": done / wall,
            "corpus_mb": mb_all, "rules": _RULES}


def bare_scan(articles: list, per_core_max: int, rules) -> dict:
    """The practical limit: casefold + one pyahocorasick pass over the gazetteer's names and aliases."""
    import ahocorasick
    names = {n.casefold() for e in rules.entities for n in [*e.names.values(), *e.aliases] if n}
    if not names:
        return {"skipped": "the gazetteer has no names yet"}
    auto = ahocorasick.Automaton()
    for n in names:
        auto.add_word(n, n)
    auto.make_automaton()
    sample = articles[:per_core_max]
    mb = sum(len(a.body.encode("utf-8")) for a in sample) / 1e6
    t0 = time.perf_counter()
    hits = sum(1 for a in sample for _ in auto.iter(a.body.casefold()))
    secs = time.perf_counter() - t0
    return {"aliases": len(names), "mb_per_s": mb / secs, "hits": hits}


def build(corpus: Path, out: Path, jobs: int, log: Path, checkout: Path = REPO, python: str | None = None) -> dict:
    """`actorgraph build` end to end in a subprocess (from scratch: --full), with the `graph` package of
    CHECKOUT (default: this one) run by PYTHON (default: this interpreter)."""
    cmd = [python or python_cmd()[0], "-m", "graph", "build", str(corpus), "--out", str(out), "--jobs", str(jobs),
           "--full", "--quiet"]
    env = dict(os.environ, PYTHONPATH=str(checkout))
    load = os.getloadavg()[0]
    r = run_measured(cmd, cwd=checkout, env=env, log_path=log)
    r.update(load_before=load, load_after=os.getloadavg()[0], finished=time.strftime("%Y-%m-%d %H:%M:%S"))
    manifest = out / "manifest.json"
    r["manifest"] = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    r["files"] = {p.name: p.stat().st_size for p in out.iterdir() if p.is_file()} if out.is_dir() else {}
    return r


def extraction_ab(corpus: Path, checkout: Path, python: str | None, limit: int, repeats: int) -> dict:
    """Extraction CPU speed of this checkout and of CHECKOUT on the same first LIMIT articles, one process each,
    alternating REPEATS times (benchmarks/extract_speed.py run with each checkout's `graph` package)."""
    script = Path(__file__).resolve().parent / "extract_speed.py"
    runs = {"this": [], "baseline": []}
    for _ in range(repeats):
        for side, repo, py in (("baseline", checkout, python), ("this", REPO, None)):
            cmd = [py or python_cmd()[0], str(script), str(corpus), side, "--limit", str(limit), "--json"]
            done = subprocess.run(cmd, cwd=repo, env=dict(os.environ, PYTHONPATH=str(repo)), capture_output=True,
                                  text=True, check=True)
            runs[side].append(json.loads(done.stdout.strip().splitlines()[-1]))
    mean = {side: statistics.mean(r["mb_per_s"] for r in rs) for side, rs in runs.items()}
    return {"runs": runs, "mb_per_s_core": mean["this"], "baseline_mb_per_s_core": mean["baseline"],
            "articles": runs["this"][0]["articles"], "mb": runs["this"][0]["mb"]}


COMPARED_OUTPUTS = ("graph.trig", "graph.ttl", "centrality.csv", "network.html", "merges.csv")


def same_outputs(out: Path, baseline_out: Path) -> dict:
    """For each output file: is it byte-identical in the two build folders?"""
    import filecmp
    return {name: (out / name).is_file() and (baseline_out / name).is_file()
            and filecmp.cmp(out / name, baseline_out / name, shallow=False) for name in COMPARED_OUTPUTS}


def store(out: Path) -> dict:
    """Time to load graph.trig into a fresh Oxigraph store (graph.store.write_store) and to open it."""
    try:
        from graph.store import open_graph, write_store
    except ImportError as e:
        return {"skipped": f"graph.store not importable ({e})"}
    trig = out / "graph.trig"
    if not trig.is_file():
        return {"skipped": "the build wrote no graph.trig"}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        write_store(trig, tmp)
        load = time.perf_counter() - t0
        t0 = time.perf_counter()
        kg = open_graph(tmp)
        n = len(kg)
        opened = time.perf_counter() - t0
        del kg
    return {"load_s": load, "open_s": opened, "quads": n, "trig_mb": trig.stat().st_size / 1e6}


# --- named queries -------------------------------------------------------------------------------

def query_params(kg, named) -> dict:
    """A value for each parameter of the named queries: dates -> the last day of 2024; an article ->
    the one with the most evidence sentences; anything else (an actor's name) -> the organisation
    holding the most posts. Each the heaviest case of its kind."""
    from graph.query import run_query
    rows = run_query(kg, "SELECT ?v WHERE { ?m org:organization ?x . ?x rdfs:label ?v } "
                         "GROUP BY ?v ORDER BY DESC(COUNT(?m)) LIMIT 1").rows
    actor = str(rows[0][0].value) if rows else "OIC"
    rows = run_query(kg, "SELECT ?v WHERE { ?e ag:article ?a . ?a schema:identifier ?v } "
                         "GROUP BY ?v ORDER BY DESC(COUNT(?e)) ?v LIMIT 1").rows
    article = str(rows[0][0].value) if rows else ""

    def value(name, dtype):
        return "2024-12-31" if dtype and dtype.endswith("date") else article if name == "article" else actor
    return {(q.name, p): value(p, dtype) for q in named.values() for p, dtype in q.params}


def _rdflib_queries(trig: str, texts: dict, repeats: int):
    import rdflib
    from graph.vocab import PREFIXES
    t0 = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(trig, format="trig")
    yield ("load", time.perf_counter() - t0)
    ns = {k: rdflib.Namespace(str(v)) for k, v in PREFIXES.items()}
    for name, text in texts.items():
        times = []
        try:
            for _ in range(repeats):
                t0 = time.perf_counter()
                list(ds.query(text, initNs=ns))
                times.append(time.perf_counter() - t0)
        except Exception as e:  # rdflib's own failure on this query: recorded, the others still run
            yield (name, f"rdflib failed: {e.__class__.__name__}: {e}"[:200])
            continue
        yield (name, statistics.median(times))


def queries(out: Path, timeout: float, repeats: int = 5, budget: float = 10.0) -> dict:
    """Median latency of every named query on the Oxigraph store (up to `repeats` runs while they
    take under `budget` seconds in all), and of the same text on rdflib's in-memory store."""
    try:
        from graph.query import named_queries, run_query
        from graph.store import open_graph
    except ImportError as e:
        return {"skipped": f"graph.query / graph.store not importable ({e})"}
    named = named_queries()
    if not named:
        return {"skipped": "no named queries in graph/queries/ yet"}
    kg = open_graph(out)
    values = query_params(kg, named)
    texts, rows = {}, {}
    for name, q in named.items():
        texts[name] = q.bind({p: values[(name, p)] for p, _ in q.params})
        times = []
        while len(times) < repeats and (len(times) < 1 or sum(times) < budget):  # a slow query runs once
            t0 = time.perf_counter()
            res = run_query(kg, texts[name])
            times.append(time.perf_counter() - t0)
        rows[name] = {"oxigraph_s": statistics.median(times), "runs": len(times), "rows": len(res.rows),
                      "params": {p: values[(name, p)] for p, _ in q.params}}
    del kg
    remaining, rdflib_load = dict(texts), None
    while remaining:   # a query that does not finish is marked and the rest are run in a fresh child
        for kind, msg in stream_in_child(_rdflib_queries, (str(out / "graph.trig"), remaining, 3), timeout,
                                         mem_limit=int(os.environ.get("BENCH_RDFLIB_MEM", 12 * 2**30))):
            if kind == "ok" and msg[0] == "load":
                rdflib_load = msg[1]
            elif kind == "ok":
                value = msg[1]
                rows[msg[0]].update(rdflib_s=value) if isinstance(value, float) else rows[msg[0]].update(rdflib_s=None, rdflib_note=value)
                remaining.pop(msg[0])
            else:
                what = f"did not finish in {timeout:.0f} s" if kind == "timeout" else msg
                if rdflib_load is None:  # the load itself failed: nothing more to try
                    for name in remaining:
                        rows[name]["rdflib_s"] = None
                    return {"queries": rows, "rdflib_load_s": None, "rdflib_note": f"load {what}"}
                first = next(iter(remaining))
                rows[first]["rdflib_s"], rows[first]["rdflib_note"] = None, what
                remaining.pop(first)
                break
    return {"queries": rows, "rdflib_load_s": rdflib_load}


# --- centrality, view ---------------------------------------------------------------------------

def _exact_betweenness(G):
    import networkx as nx
    t0 = time.perf_counter()
    values = nx.betweenness_centrality(G, normalized=True)
    return time.perf_counter() - t0, sorted(values, key=lambda n: (-values[n], n))[:10]


_VIEW_INPUT: tuple = ()   # (G, centrality result) for the view stage


def centrality(out: Path, timeout: float) -> dict:
    """Actor-graph projection, then one graph.centrality.compute() with each measure timed; NetworkX exact
    betweenness on the same graph as the baseline (in a child, with a time limit)."""
    global _VIEW_INPUT
    try:
        from graph import centrality as C
        from graph import network
        from graph.store import open_graph
    except ImportError as e:
        return {"skipped": f"graph.centrality / graph.network not importable ({e})"}
    t0 = time.perf_counter()
    kg = open_graph(out)   # the build's store, read as the build reads it (its default graph is the union)
    G = network.actor_graph(kg.store, union_default_graph=True)
    project = time.perf_counter() - t0
    del kg
    r = {"project_s": project, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    t0 = time.perf_counter()
    dict(G.degree()), dict(G.degree(weight="weight"))
    r["degree_s"] = time.perf_counter() - t0
    originals = {name: getattr(C, name) for name in ("betweenness", "pagerank", "eigenvector")}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                r[f"{name}_s"] = time.perf_counter() - t
        return wrapper
    try:
        for name, fn in originals.items():
            setattr(C, name, timed(name, fn))
        t0 = time.perf_counter()
        result = C.compute(G)
        r["all_s"] = time.perf_counter() - t0
    finally:
        for name, fn in originals.items():
            setattr(C, name, fn)
    r["betweenness_note"] = result.notes.get("betweenness")
    _VIEW_INPUT = (G, result)
    kind, value = call_in_child(_exact_betweenness, (G,), timeout)
    if kind == "ok":
        r["nx_exact_betweenness_s"] = value[0]
        ours = [row["iri"] for row in result.ranked("betweenness", top=10)]
        r["top10_overlap_with_exact"] = len(set(ours) & set(value[1]))
    else:
        r["nx_exact_betweenness_s"] = None
        r["nx_exact_note"] = f"did not finish in {timeout:.0f} s" if kind == "timeout" else value
    return r


def view(out: Path) -> dict:
    """The HTML network page (graph.view.render) for the actor graph and centrality of the previous stage."""
    try:
        from graph import view as V
    except ImportError as e:
        return {"skipped": f"graph.view not importable ({e})"}
    if not _VIEW_INPUT:
        return {"skipped": "no actor graph (the centrality stage did not run)"}
    t0 = time.perf_counter()
    html = V.render(*_VIEW_INPUT)
    secs = time.perf_counter() - t0
    built = out / "network.html"
    return {"seconds": secs, "bytes": len(html.encode("utf-8")), "built_bytes": built.stat().st_size if built.is_file() else None}


# --- recall on the planted facts -----------------------------------------------------------------

def _load_kg_eval():
    import importlib.util
    spec = importlib.util.spec_from_file_location("kg_eval", KG_EVAL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def article_subgraph(kg, names: list) -> str:
    """N-Triples of what a sample of articles states: each article node, what it mentions and derives,
    and one hop further (labels, types, roles), from the store's union graph."""
    import pyoxigraph as ox
    schema, prov = "https://schema.org/", "http://www.w3.org/ns/prov#"
    dg = ox.DefaultGraph()
    ident = ox.NamedNode(schema + "identifier")
    first = set()
    for name in names:
        for q in kg.store.quads_for_pattern(None, ident, ox.Literal(name), dg):
            a = q.subject
            first.add(a)
            first |= {m.object for m in kg.store.quads_for_pattern(a, ox.NamedNode(schema + "mentions"), None, dg)}
            first |= {m.subject for m in kg.store.quads_for_pattern(None, ox.NamedNode(prov + "wasDerivedFrom"), a, dg)}
    triples, second = [], set()
    for s in first:
        for q in kg.store.quads_for_pattern(s, None, None, dg):
            triples.append(q.triple)
            if isinstance(q.object, ox.NamedNode) and q.object not in first:
                second.add(q.object)
    for s in second:
        triples += [q.triple for q in kg.store.quads_for_pattern(s, None, None, dg)]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def recall(out: Path, gold_dir: Path, sample: int) -> dict:
    """kg_eval.evaluate on an evenly spaced sample of the generator's gold (the sampled articles' subgraph)."""
    if not KG_EVAL.is_file():
        return {"skipped": f"{KG_EVAL} not found"}
    try:
        from graph.store import open_graph
    except ImportError as e:
        return {"skipped": f"graph.store not importable ({e})"}
    import rdflib
    kg_eval = _load_kg_eval()
    paths = sorted(gold_dir.glob("*.json"))
    step = max(1, len(paths) // sample) if sample else 1
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in paths[::step][:sample or None]]
    t0 = time.perf_counter()
    g = rdflib.Graph()
    g.parse(data=article_subgraph(open_graph(out), [d["article"] for d in docs]), format="nt")
    res = kg_eval.evaluate(kg_eval.Index(g), docs)
    p, m, a = res["posts"], res["meetings"], res["agreements"]
    planted = p["gold"] + m["gold"] + a["gold"]
    found = p["linked"] + m["found"] + a["found"]
    e = res["entity_micro"]
    return {"articles": len(docs), "scoped": res["scoped_articles"], "entity_recall": e["r"], "entity_precision": e["p"],
            "by_type": {k: v["r"] for k, v in res["entities"].items()},
            "posts": p, "meetings": m, "agreements": a, "facts_planted": planted, "facts_found": found,
            "fact_recall": found / planted if planted else None, "relation_precision": res["relation_precision"],
            "duplicates": len(res["duplicates"]), "leaks": len(res["boilerplate_leaks"]),
            "missing_examples": res["missing"][:8], "seconds": time.perf_counter() - t0}
