"""A page of the `actor` named query answered from the facts that can come first, or from rows the build
kept (graph.actor_first_rows), gives the rows of the whole query, in its order, at every cut."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import graph.actor_first_rows as afr
from graph.cli import main
from graph.query import named_query, run_query
from graph.store import KnowledgeGraph, open_graph
from graph.summaries import write_summaries
from graph.vocab import PREFIXES, sparql_prologue

ROOT = Path(__file__).resolve().parents[1]
AG, ID = PREFIXES["ag"], PREFIXES["id"]
CUTS = [(1, 0), (3, 0), (4, 2), (10, 0), (25, 5), (200, 0)]


def page(key: str, limit: int, offset: int = 0, prologue: str = "") -> str:
    return prologue + named_query("actor").bind({"name": key}) + f"\nLIMIT {limit} OFFSET {offset}"


def whole(kg, key: str) -> list:
    return run_query(kg, named_query("actor").bind({"name": key})).rows


@pytest.fixture(scope="module")
def kg(seeds_build):
    return open_graph(seeds_build)


def invented(facts: int = 12) -> KnowledgeGraph:
    """An organisation in `facts` meetings whose rows tie on everything but the fact: the same label, two
    dates and no date, one evidence sentence, one article; and a second actor sharing a name key."""
    lines = [f'<{ID}org/big> <{AG}nameKey> "big" , "shared" ; <{PREFIXES["rdfs"]}label> "Big"@en .',
             f'<{ID}org/other> <{AG}nameKey> "shared" .']
    for i in range(facts):
        m = f"<{ID}meeting/m{i:02d}>"
        lines.append(f'{m} <{PREFIXES["schema"]}attendee> <{ID}org/big> ; <{PREFIXES["rdfs"]}label> "Talks"@en ; '
                     f'<{AG}evidence> <{ID}evidence/e{i:02d}> .')
        if i % 3:
            lines.append(f'{m} <{PREFIXES["schema"]}startDate> "2024-0{i % 3}-01"^^<{PREFIXES["xsd"]}date> .')
        lines.append(f'<{ID}evidence/e{i:02d}> <{AG}sentence> "They met." ; <{AG}article> "a1" .')
    store = ox.Store()
    store.load("\n".join(lines).encode(), format=ox.RdfFormat.TURTLE)
    return KnowledgeGraph(store, Path("invented"), "memory")


def test_recognises_the_actor_query_with_a_page_and_nothing_else():
    bound = named_query("actor").bind({"name": "OIC"})
    asked = afr.recognise(sparql_prologue() + bound + "\nLIMIT 100")
    assert (asked.key, asked.limit, asked.offset) == ('"oic"', 100, 0)
    asked = afr.recognise(bound + "\n  offset 20 LIMIT 7\n")
    assert (asked.limit, asked.offset) == (7, 20)
    assert afr.recognise(bound + "\nLIMIT 3 OFFSET 4").offset == 4
    assert afr.recognise(bound) is None                                    # no page: the whole answer
    assert afr.recognise("PREFIX ag: <http://example.org/>\n" + bound + "\nLIMIT 5") is None  # another ag:
    assert afr.recognise(bound.replace("?actor ?relation ?value .", "?actor ?relation ?x .") + "\nLIMIT 5") is None
    two_keys = bound.replace('"oic"', '"a"', 1).replace('"oic"', '"b"', 1)
    assert afr.recognise(two_keys + "\nLIMIT 5") is None
    assert afr.recognise("SELECT * WHERE { ?s ?p ?o } LIMIT 5") is None
    assert afr.recognise(bound + "\nLIMIT 5 } # x") is None


def test_every_seeds_actor_at_every_cut_gives_the_whole_querys_rows(kg, monkeypatch):
    monkeypatch.setattr(afr, "SMALL", 0)   # every actor takes the restricted way
    keys = [r[0].value for r in kg.query("SELECT DISTINCT ?k WHERE { ?a ag:nameKey ?k } ORDER BY ?k")]
    answered = 0
    for key in keys[::3]:
        rows = whole(kg, key)
        for limit, offset in CUTS:
            quick = afr.first_rows(kg, page(key, limit, offset))
            if quick is not None:
                answered += 1
                assert quick.variables == afr.columns()
                assert quick.rows == rows[offset:offset + limit], (key, limit, offset)
            assert run_query(kg, page(key, limit, offset)).rows == rows[offset:offset + limit]
    assert answered >= 0.9 * len(keys[::3]) * len(CUTS)


def test_small_actors_and_shared_names_are_left_to_the_store(kg):
    key = next(iter(kg.query("SELECT ?k WHERE { ?a ag:nameKey ?k } LIMIT 1")))[0].value
    assert afr.first_rows(kg, page(key, 10)) is None                       # seeds actors have < SMALL facts
    small = invented()
    big = ox.NamedNode(ID + "org/big")
    assert afr.more_incoming_than(small.store, big, 11) and not afr.more_incoming_than(small.store, big, 12)
    assert afr.first_rows(small, page("big", 10)) is None                   # 12 statements: the store's
    assert afr.first_rows(small, page("shared", 10)) is None                # two actors
    assert afr.first_rows(small, page("big", 10), max_rows=5) is None       # over the cap: the store says so


def test_a_cut_takes_the_relation_that_sorts_first_whatever_the_other_holds(monkeypatch):
    """An organisation named in 3 posts (org:organization) and 6 meetings (schema:attendee, dated earlier):
    actor.rq orders by relation first, so the first rows are the posts' however early the meetings are, and
    the facts are listed one relation at a time, stopping once the cut is reached."""
    monkeypatch.setattr(afr, "SMALL", 0)
    org, schema, rdfs = PREFIXES["org"], PREFIXES["schema"], PREFIXES["rdfs"]
    lines = [f'<{ID}org/big> <{AG}nameKey> "big" .']
    for i in range(3):
        lines.append(f'<{ID}post/p{i}> <{org}organization> <{ID}org/big> ; <{rdfs}label> "Post {i}"@en ; '
                     f'<{AG}firstSeen> "2025-0{i + 1}-01"^^<{PREFIXES["xsd"]}date> .')
    for i in range(6):
        lines.append(f'<{ID}meeting/m{i}> <{schema}attendee> <{ID}org/big> ; <{rdfs}label> "Talks {i}"@en ; '
                     f'<{schema}startDate> "2020-0{i + 1}-01"^^<{PREFIXES["xsd"]}date> .')
    store = ox.Store()
    store.load("\n".join(lines).encode(), format=ox.RdfFormat.TURTLE)
    kg = KnowledgeGraph(store, Path("invented"), "memory")
    rows = whole(kg, "big")
    facts = [r for r in rows if r[3] is not None]
    assert [r[1].value for r in facts] == [f"{org}organization"] * 3 + [f"{schema}attendee"] * 6
    asked = []
    listed = afr.ordered_keys
    monkeypatch.setattr(afr, "ordered_keys", lambda st, a: (asked.append(k[0].value) or k for k in listed(st, a)))
    for limit, offset in ((1, 0), (2, 0), (3, 0), (4, 0), (2, 2), (3, 3), (9, 0), (5, 6)):
        asked.clear()
        assert afr.first_rows(kg, page("big", limit, offset)).rows == rows[offset:offset + limit], (limit, offset)
        if limit + offset < 3:   # the meetings were never listed
            assert set(asked) == {f"{org}organization"}


def test_tied_rows_are_cut_the_same_way(monkeypatch):
    monkeypatch.setattr(afr, "SMALL", 0)
    kg = invented()
    rows = whole(kg, "big")
    facts = [r for r in rows if r[3] is not None]
    assert len(facts) == 12
    old_order = {(r[1].value, str(r[4]), r[2].value, r[5].value) for r in facts}
    assert len(old_order) == 3        # without ?byRest the rows tie in threes: a LIMIT would cut at random
    assert named_query("actor").text.rstrip().endswith("?bySentence ?byRest")
    for limit in range(1, 15):
        for offset in (0, 1, 5):
            assert afr.first_rows(kg, page("big", limit, offset)).rows == rows[offset:offset + limit]


def test_first_facts_keep_the_tie_run():
    keys = [("r1", "f1", None), ("r1", "f2", None), ("r1", "f3", "d1"), ("r1", "f3", "d2"), ("r1", "f4", "d2"),
            ("r2", "f1", None)]
    assert afr.first_facts(keys, 0) == []
    assert afr.first_facts(keys, 1) == ["f1", "f2"]                 # f2 ties with f1 on (r1, no date)
    assert afr.first_facts(keys, 3) == ["f1", "f2", "f3"]
    assert afr.first_facts(keys, 4) == ["f1", "f2", "f3", "f4"]     # f4 ties with f3 on (r1, d2)
    assert afr.first_facts(keys, 6) == ["f1", "f2", "f3", "f4"]     # f1 again under r2: each fact once
    assert afr.first_facts(keys, 60) == ["f1", "f2", "f3", "f4"]


@pytest.fixture
def kept_build(monkeypatch):
    """The invented graph with its kept rows written, BIG and KEEP made small enough to keep some."""
    monkeypatch.setattr(afr, "SMALL", 0)
    monkeypatch.setattr(afr, "BIG", 5)
    monkeypatch.setattr(afr, "KEEP", 3)
    kg = invented()
    kept = write_summaries(kg.store, [afr.NAME])
    assert kept[afr.NAME].rows == 3
    return kg


def test_kept_rows_answer_pages_within_them(kept_build):
    kg, big = kept_build, ox.NamedNode(ID + "org/big")
    rows = whole(kg, "big")
    assert afr.read_kept(kg.store, big, 3, 0) == rows[:3]
    assert afr.read_kept(kg.store, big, 2, 1) == rows[1:3]
    assert afr.read_kept(kg.store, big, 3, 1) is None                       # past the kept rows
    assert afr.read_kept(kg.store, ox.NamedNode(ID + "org/other"), 1, 0) is None
    for limit, offset in [(1, 0), (3, 0), (2, 1), (4, 0), (5, 7)]:
        assert afr.first_rows(kg, page("big", limit, offset)).rows == rows[offset:offset + limit]


def test_the_servers_actor_example_gives_the_cli_rows(seeds_build, monkeypatch):
    from starlette.testclient import TestClient
    from graph.serve.app import create_app, example_values
    monkeypatch.setattr(afr, "SMALL", 0)
    client = TestClient(create_app(seeds_build))
    page_html = client.get("/query").text
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page_html, re.S).group(1))
    text = {q["name"]: q["text"] for q in data["queries"]}["actor"]
    assert afr.recognise(text) is not None
    served = client.post("/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"})
    assert served.status_code == 200
    name = example_values(open_graph(seeds_build))["name"]
    r = CliRunner().invoke(main, ["query", "--graph", str(seeds_build), "--name", "actor", "--param",
                                  f"name={name}", "--format", "json"])
    assert r.exit_code == 0, r.output
    cli = json.loads(r.output)["results"]["bindings"]
    got = served.json()["results"]["bindings"]
    assert len(cli) > 10 and got == cli[:100]


def test_the_benchmark_runs_on_the_seeds(seeds_build):
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "actor_limit_bench.py"), "--build",
                        str(seeds_build), "--actors", "3", "--reps", "1", "--small", "0"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "same rows: 3/3" in r.stdout
