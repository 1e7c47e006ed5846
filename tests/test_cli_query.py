"""The query, export and validate commands (click's CliRunner): thin wrappers, clean errors."""
import json
import shutil
from pathlib import Path

import rdflib
from click.testing import CliRunner

from graph.cli import main
from graph.store import write_store

FIXTURE = Path(__file__).parent / "fixtures" / "small.trig"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def build(tmp_path):
    shutil.copy(FIXTURE, tmp_path / "graph.trig")
    write_store(tmp_path / "graph.trig", tmp_path)
    return tmp_path


def test_query_list_and_named_query(tmp_path):
    folder = build(tmp_path)
    listed = invoke("query", "--list")
    assert listed.exit_code == 0 and "actor --param name=..." in listed.output
    r = invoke("query", "--graph", folder, "--name", "actor", "--param", "name=OIC", "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert {b["actor"]["value"] for b in data["results"]["bindings"]} == {"https://w3id.org/actorgraph/id/org/oic"}


def test_query_from_text_and_file(tmp_path):
    folder = build(tmp_path)
    r = invoke("query", "--graph", folder, "SELECT ?n WHERE { ?p a ag:Country ; rdfs:label ?n FILTER(LANG(?n)='en') } ORDER BY ?n")
    assert r.exit_code == 0 and r.output.splitlines()[2:] == ["Iran", "Iraq", "(2 rows)"]
    f = tmp_path / "q.rq"
    f.write_text("ASK { ?m a ag:Meeting }", encoding="utf-8")
    assert invoke("query", "--graph", folder, "--file", f).output == "yes\n"


def test_query_errors_are_one_clean_message(tmp_path):
    folder = build(tmp_path)
    for args, expected in [
        (["DELETE WHERE { ?s ?p ?o }"], "SPARQL UPDATE (DELETE) is refused"),
        (["SELECT * WHERE { SERVICE <http://e.invalid/> { ?s ?p ?o } }"], "--allow-service"),
        (["SELECT * WHERE { ?s ?p }"], "malformed SPARQL at line 1, column"),
        (["--name", "nope"], "no named query 'nope'"),
        ([], "give exactly one of"),
    ]:
        r = invoke("query", "--graph", folder, *args)
        assert r.exit_code == 1 and expected in r.output and "Traceback" not in r.output
    r = invoke("query", "--graph", tmp_path / "missing", "ASK {}")
    assert r.exit_code == 1 and "no such graph" in r.output


def test_export_to_stdout_and_file(tmp_path):
    folder = build(tmp_path)
    r = invoke("export", "--graph", folder, "--format", "ntriples", "-o", "-")
    assert r.exit_code == 0 and len(rdflib.Graph().parse(data=r.stdout, format="nt")) == 245   # the distinct triples of fixtures/small.trig
    r = invoke("export", "--graph", folder, "--format", "gexf", "-o", tmp_path / "a.gexf")
    assert r.exit_code == 0 and (tmp_path / "a.gexf").stat().st_size > 0
    r = invoke("export", "--graph", folder, "--format", "csv", "-o", "-")
    assert r.exit_code == 1 and "give -o a folder" in r.output


def test_validate_passes_and_fails(tmp_path):
    folder = build(tmp_path)
    ok = invoke("validate", "--graph", folder)
    assert ok.exit_code == 0 and ok.output.startswith("valid:")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ag: <https://w3id.org/actorgraph/ontology#> .\n"
                   "<https://w3id.org/actorgraph/id/meeting/x> a ag:Meeting .\n", encoding="utf-8")
    r = invoke("validate", "--graph", bad)
    assert r.exit_code == 1 and "at least one participant" in r.output and "id:meeting/x" in r.output


def test_every_help_ends_with_an_example():
    for command in ("query", "export", "validate"):
        r = invoke(command, "--help")
        assert r.exit_code == 0 and "Example:" in r.output and "actorgraph " + command in r.output
