"""Helpers for the tests of the readers of kept answers (tests/test_posts_as_of.py, tests/test_actor_reader.py):
an invented graph written to a build folder, and a comparison of a named query with its reader."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main
from graph.query import named_query
from graph.store import open_graph, write_store
from graph.summaries import text_for

PREFIXES = """@prefix ag: <https://w3id.org/actorgraph/ontology#> .
@prefix id: <https://w3id.org/actorgraph/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
CUTS = ("", "\nLIMIT 1", "\nLIMIT 3", "\nLIMIT 2 OFFSET 3", "\nOFFSET 1", "\nLIMIT 100")


def invented_build(folder: Path, trig: str):
    """A store built from `trig` (with the summaries a build keeps), opened as a build is; `id:person/ann`
    is written as Turtle wants it (`id:person\\/ann`)."""
    folder.mkdir(parents=True, exist_ok=True)
    trig = re.sub(r"\bid:([\w-]+)/", r"id:\1\\/", trig)
    (folder / "graph.trig").write_text(PREFIXES + trig, encoding="utf-8")
    write_store(folder / "graph.trig", folder)
    return open_graph(folder)


def post(n, person, role, org, first=None, last=None) -> str:
    """TriG of a post `id:post/n` (ag:firstSeen and ag:lastSeen when given)."""
    dates = "".join(f' ; ag:{p} "{d}"^^xsd:date' for p, d in (("firstSeen", first), ("lastSeen", last)) if d)
    return (f"id:post/{n} a ag:Post ; org:member id:person/{person} ; org:role id:role/{role} ; "
            f"org:organization id:org/{org}{dates} .\n")


def rows(kg, text: str) -> list:
    return [tuple(r) for r in kg.query(text)]


def same_rows(kg, name: str, values: dict) -> int:
    """Assert the named query `name` and the reader the query page offers give the same rows in the same
    order, whole and cut by LIMIT/OFFSET; the number of rows."""
    q = named_query(name)
    kept = text_for(kg, q)
    assert kept != q.text, f"no reader kept for {name}"
    written, read = q.bind(values), replace(q, text=kept).bind(values)
    for cut in CUTS:
        assert rows(kg, read + cut) == rows(kg, written + cut), (name, values, cut)
    return len(rows(kg, written))


def example(client, name: str) -> str:
    """The text the server's query page offers for the named query `name`."""
    page = client.get("/query").text
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S).group(1))
    return next(q["text"] for q in data["queries"] if q["name"] == name)


def served_and_cli(build: Path, name: str, param: str, value: str, text: str) -> tuple:
    """CSV of `text` posted to the server's /sparql, and of `actorgraph query --name NAME --param PARAM=VALUE`."""
    from starlette.testclient import TestClient
    from graph.serve.app import create_app
    served = TestClient(create_app(build)).post("/sparql", data={"query": text}, headers={"Accept": "text/csv"})
    cli = CliRunner().invoke(main, ["query", "--graph", str(build), "--name", name, "--param", f"{param}={value}",
                                    "--format", "csv"])
    assert served.status_code == 200 and cli.exit_code == 0, (served.text, cli.output)
    return served.text.replace("\r\n", "\n").strip(), cli.output.replace("\r\n", "\n").strip()
