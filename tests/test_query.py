"""graph.query and graph.results: safe SPARQL, named queries (value by value), result formats."""
import csv
import io
import json
import re
from pathlib import Path

import pytest

from graph.errors import QueryError
from graph.query import check_query, named_queries, named_query, parse_named, query_text, run_query
from graph.results import cell_width, format_table, render, table_cell
from graph.store import open_graph

FIXTURE = Path(__file__).parent / "fixtures" / "small.trig"
ID = "https://w3id.org/actorgraph/id/"
SEEDS_BUILD = None  # set by the seeds test below when a build is available


@pytest.fixture(scope="module")
def kg():
    return open_graph(FIXTURE)


def rows(kg, query_name, **params):
    result = run_query(kg, named_query(query_name).bind(params))
    return [{v: (t.value if t is not None else None) for v, t in zip(result.variables, row)} for row in result.rows]


def split(value):
    return sorted(value.split("; ")) if value else []


def test_every_shipped_query_has_a_description_and_parses(kg):
    queries = named_queries()
    assert set(queries) >= {"persons-posts", "meetings", "agreements", "who-met-whom", "central-actors",
                            "actor", "posts-as-of", "evidence", "communities"}
    for q in queries.values():
        assert q.description
        run_query(kg, q.bind({p: "2025-01-01" for p, _ in q.params}))


def test_persons_posts(kg):
    got = [(r["name"], r["role"], r["organization"], r["firstSeen"], r["lastSeen"]) for r in rows(kg, "persons-posts")]
    assert got == [
        ("Hissein Brahim Taha", "Secretary General", "Organization of Islamic Cooperation", "2025-01-20", "2025-02-10"),
        ("Karim Najafi Barzegar", "Deputy Minister", "Ministry of Foreign Affairs of Iran", "2025-02-10", "2025-02-10"),
        ("علي حسيني", "Ambassador", "Iran", "2025-01-20", "2025-01-20"),
    ]


def test_meetings(kg):
    got = rows(kg, "meetings")
    assert [(r["meeting"], r["label"], r["type"], r["start"], r["end"], r["place"]) for r in got] == [
        (ID + "meeting/m2", "مؤتمر كربلاء", "conference", "2025-01-18", "2025-01-20", "Karbala"),
        (ID + "meeting/m1", "Taha meets Barzegar in Tehran", "meeting", "2025-02-09", None, "Tehran"),
    ]
    assert split(got[0]["attendees"]) == ["Hissein Brahim Taha", "Iran", "Iraq"]
    assert split(got[0]["organizers"]) == []
    assert split(got[1]["attendees"]) == ["Hissein Brahim Taha", "Karim Najafi Barzegar"]
    assert split(got[1]["organizers"]) == ["Organization of Islamic Cooperation"]


def test_agreements(kg):
    [r] = rows(kg, "agreements")
    assert (r["label"], r["type"], r["date"], r["place"]) == ("Karbala action plan", "action plan", "2025-01-18", "Karbala")
    assert split(r["signatories"]) == ["Hissein Brahim Taha", "علي حسيني"]
    assert split(r["parties"]) == ["Iran", "Iraq"]


def test_who_met_whom(kg):
    """Each pair once, A the first of the two names in alphabetical order; most meetings first, then by names."""
    got = [(r["nameA"], r["nameB"], r["meetings"]) for r in rows(kg, "who-met-whom")]
    assert got == [
        ("Hissein Brahim Taha", "Iran", "1"), ("Hissein Brahim Taha", "Iraq", "1"),
        ("Hissein Brahim Taha", "Karim Najafi Barzegar", "1"),
        ("Hissein Brahim Taha", "Organization of Islamic Cooperation", "1"), ("Iran", "Iraq", "1"),
        ("Karim Najafi Barzegar", "Organization of Islamic Cooperation", "1")]


def test_who_met_whom_without_display_names(tmp_path):
    """A graph from elsewhere, with no ag:displayName: every pair is still listed once, ordered by IRI,
    and an actor that both attends and organises a meeting counts it once."""
    ttl = tmp_path / "plain.ttl"
    ttl.write_text("""@prefix schema: <https://schema.org/> .
@prefix id: <https://w3id.org/actorgraph/id/> .
id:m1 schema:attendee id:c, id:a ; schema:organizer id:b, id:a .
id:m2 schema:attendee id:b, id:c .
""", encoding="utf-8")
    got = [(r["actorA"][len(ID):], r["nameA"], r["actorB"][len(ID):], r["nameB"], r["meetings"])
           for r in rows(open_graph(ttl), "who-met-whom")]
    assert got == [("b", None, "c", None, "2"), ("a", None, "b", None, "1"), ("a", None, "c", None, "1")]


def test_central_actors_ranked_by_pagerank_then_degree(kg):
    got = [(r["name"], r["type"].rsplit("#")[-1], r["pagerank"], r["degree"]) for r in rows(kg, "central-actors")]
    assert got == [("Hissein Brahim Taha", "Person", "0.25", "6"), ("Iran", "Country", "0.18", "4"),
                   ("Organization of Islamic Cooperation", "Organization", "0.18", "3"),
                   ("Iraq", "Country", "0.14", "3"), ("Karim Najafi Barzegar", "Person", "0.1", "3"),
                   ("علي حسيني", "Person", "0.1", "3"), ("Ministry of Foreign Affairs of Iran", "Organization", "0.05", "1")]


def test_communities_largest_first_members_by_pagerank(kg):
    got = [(r["community"], r["size"], r["name"], r["type"].rsplit("#")[-1], r["pagerank"])
           for r in rows(kg, "communities")]
    assert got == [("1", "4", "Hissein Brahim Taha", "Person", "0.25"),
                   ("1", "4", "Organization of Islamic Cooperation", "Organization", "0.18"),
                   ("1", "4", "Karim Najafi Barzegar", "Person", "0.1"),
                   ("1", "4", "Ministry of Foreign Affairs of Iran", "Organization", "0.05"),
                   ("2", "3", "Iran", "Country", "0.18"), ("2", "3", "Iraq", "Country", "0.14"),
                   ("2", "3", "علي حسيني", "Person", "0.1")]


def test_actor_by_alias_in_any_case_with_evidence(kg):
    got = rows(kg, "actor", name="bARZEGAR")
    assert {r["actor"] for r in got} == {ID + "person/karim-najafi-barzegar"}
    facts = {(r["relation"].rsplit("/", 1)[-1].rsplit("#", 1)[-1], r["value"], r["sentence"])
             for r in got if r["sentence"]}
    assert facts == {
        ("member", "Karim Najafi Barzegar, Deputy Minister, Ministry of Foreign Affairs of Iran",
         "Deputy Foreign Minister Karim Najafi Barzegar received him."),
        ("attendee", "Taha meets Barzegar in Tehran", "Taha met Barzegar in Tehran on Sunday.")}
    direct = {(r["relation"].rsplit("#", 1)[-1], r["value"]) for r in got if r["fact"] is None}
    assert ("altLabel", "Barzegar") in direct and ("pagerank", "0.1") in direct


def test_actor_matches_arabic_labels_and_nothing_else(kg):
    assert {r["actor"] for r in rows(kg, "actor", name="علي حسيني")} == {ID + "person/ali-hosseini"}
    assert rows(kg, "actor", name="nobody at all") == []


def test_posts_as_of_a_date(kg):
    def names(d):
        return [r["name"] for r in rows(kg, "posts-as-of", date=d)]
    assert names("2025-01-01") == []
    assert names("2025-02-01") == ["علي حسيني", "Hissein Brahim Taha"]
    assert names("2025-03-01") == ["علي حسيني", "Karim Najafi Barzegar", "Hissein Brahim Taha"]


def test_evidence_of_one_article(kg):
    got = rows(kg, "evidence", article="001_aaaa.txt")
    assert [(r["fact"], r["type"], r["label"], r["rule"], r["sentence"]) for r in got] == [
        (ID + "meeting/m1", "https://w3id.org/actorgraph/ontology#Meeting", "Taha meets Barzegar in Tehran",
         "meetings.yaml#met-in", "Taha met Barzegar in Tehran on Sunday."),
        (ID + "post/p1", "https://w3id.org/actorgraph/ontology#Post", None,
         "posts.yaml#role-of-org", "OIC Secretary General Hissein Brahim Taha arrived in Tehran."),
        (ID + "post/p2", "https://w3id.org/actorgraph/ontology#Post", None,
         "posts.yaml#role-person", "Deputy Foreign Minister Karim Najafi Barzegar received him.")]
    # p1 is stated by both articles: each article's query gives its own sentence
    second = rows(kg, "evidence", article="002_bbbb.txt")
    assert [r["fact"] for r in second].count(ID + "post/p1") == 1
    assert [r["sentence"] for r in second if r["fact"] == ID + "post/p1"] != [got[1]["sentence"]]
    assert rows(kg, "evidence", article="no-such-file.txt") == []


def test_parameters_are_literals_never_query_text(kg):
    hostile = 'x") } } SELECT * WHERE { ?s ?p ?o } #'
    assert rows(kg, "actor", name=hostile) == []
    with pytest.raises(QueryError, match="missing: name"):
        named_query("actor").bind({})
    with pytest.raises(QueryError, match="not a date"):
        named_query("posts-as-of").bind({"date": "last week"})


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "delete where { ?s ?p ?o }",
    "PREFIX e: <http://e/> LOAD <http://e/x>", "CLEAR ALL", "DROP GRAPH <http://e/g>",
    "# a comment\nWITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_updates_are_refused(kg, update):
    with pytest.raises(QueryError, match="UPDATE .* refused"):
        run_query(kg, update)


def test_service_is_refused_unless_allowed():
    q = "SELECT * WHERE { SERVICE <http://example.invalid/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="SERVICE calls are refused"):
        check_query(q)
    check_query(q, allow_service=True)
    check_query('SELECT * WHERE { ?s rdfs:label "SERVICE" } # SERVICE in a comment')


def test_malformed_query_names_line_and_column(kg):
    with pytest.raises(QueryError) as e:
        run_query(kg, "SELECT ?s\nWHERE {\n  ?s ?p ?o\n  FILTER(?o = )\n}")
    head, shown, caret = str(e.value).splitlines()
    m = re.match(r"malformed SPARQL at line (\d+), column (\d+): expected ", head)
    line, col = int(m.group(1)), int(m.group(2))
    assert line in (4, 5)  # Oxigraph reports the furthest point its parser reached
    assert shown == "  " + ["SELECT ?s", "WHERE {", "  ?s ?p ?o", "  FILTER(?o = )", "}"][line - 1]
    assert caret == "  " + " " * (col - 1) + "^"


def test_timeout_gives_a_query_error(kg):
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    with pytest.raises(QueryError, match="timed out after 0.05 s"):
        run_query(kg, slow, timeout=0.05)
    assert run_query(kg, "ASK { ?s a ag:Person }", timeout=30).boolean is True


def test_prefixes_are_predeclared(kg):
    result = run_query(kg, "SELECT ?p WHERE { ?p a foaf:Person ; skos:altLabel ?a }")
    assert [r[0].value for r in result.rows] == [ID + "person/karim-najafi-barzegar"]


def test_named_query_header_is_required():
    with pytest.raises(QueryError, match="first line"):
        parse_named("bad", "SELECT * WHERE { ?s ?p ?o }")
    q = parse_named("ok", "# description: d\n# param: when xsd:date\n# param: who\nSELECT ...")
    assert q.params == [("when", "http://www.w3.org/2001/XMLSchema#date"), ("who", None)]


def test_query_text_needs_exactly_one_source(tmp_path):
    with pytest.raises(QueryError, match="exactly one"):
        query_text()
    with pytest.raises(QueryError, match="exactly one"):
        query_text("ASK {}", name="meetings")
    with pytest.raises(QueryError, match="NAME=VALUE"):
        query_text(name="actor", params=["oops"])
    f = tmp_path / "q.rq"
    f.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert query_text(file=f) == "ASK { ?s ?p ?o }"


def test_json_is_w3c_sparql_results(kg):
    data = json.loads(render(run_query(kg, named_query("agreements").bind({})), "json"))
    assert data["head"]["vars"] == ["agreement", "label", "type", "date", "place", "signatories", "parties"]
    [b] = data["results"]["bindings"]
    assert b["agreement"] == {"type": "uri", "value": ID + "agreement/a1"}
    assert b["date"] == {"type": "literal", "value": "2025-01-18",
                         "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    assert b["place"] == {"type": "literal", "value": "Karbala", "xml:lang": "en"}
    assert json.loads(render(run_query(kg, "ASK { ?s a ag:Meeting }"), "json")) == {"head": {}, "boolean": True}


def test_csv_and_tsv(kg):
    result = run_query(kg, "SELECT ?p ?l WHERE { ?p a ag:Person ; rdfs:label ?l FILTER(LANG(?l) = 'ar') } ORDER BY ?l")
    table = list(csv.reader(io.StringIO(render(result, "csv"))))
    assert table[0] == ["p", "l"] and ["%sperson/ali-hosseini" % ID, "علي حسيني"] in table
    tsv = render(result, "tsv").splitlines()
    assert tsv[0] == "?p\t?l" and f"<{ID}person/ali-hosseini>\t\"علي حسيني\"@ar" in tsv


def test_turtle_for_construct_only(kg):
    result = run_query(kg, "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a ag:Country ; rdfs:label ?l }")
    text = render(result)
    assert text.count("@prefix") > 3 and '"العراق"@ar' in text
    with pytest.raises(QueryError, match="CONSTRUCT and DESCRIBE"):
        render(run_query(kg, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), "turtle")


def test_table_aligns_wide_and_rtl_text_and_escapes_controls(kg):
    assert cell_width("abc") == 3 and cell_width("e\u0301") == 1 and cell_width("漢字") == 4
    assert table_cell(None) == ""
    result = run_query(kg, "SELECT ?p ?l WHERE { ?p a ag:Person ; rdfs:label ?l } ORDER BY ?p ?l")
    lines = format_table(result).splitlines()
    rule = lines[1]
    assert lines[0].startswith("p") and set(rule) <= {"-", " "}
    ar = [line for line in lines if "علي حسيني" in line][0]
    assert "\u2068علي حسيني\u2069" in ar  # isolated, characters kept in logical order
    assert all(cell_width(line) <= len(rule) for line in lines[2:-1])
    assert lines[-1] == "(4 rows)"


def test_table_never_passes_terminal_controls_through():
    import pyoxigraph as ox
    cell = table_cell(ox.Literal("red\x1b[31m\nnext\u202eevil"))
    assert "\x1b" not in cell and "\n" not in cell and "\u202e" not in cell
    assert "\\u001b" in cell and "\\n" in cell


SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds_graph(tmp_path_factory):
    from graph.build import build_outputs
    out = tmp_path_factory.mktemp("seeds-build")
    build_outputs([SEEDS], out, rules_dir=None, jobs=1, incremental=False, progress=False)
    return open_graph(out)


def test_named_queries_on_the_seeds_build(seeds_graph):
    assert seeds_graph.kind == "store"
    [agreement] = rows(seeds_graph, "agreements")
    assert (agreement["date"], agreement["place"]) == ("2025-01-18", "Karbala")
    assert split(agreement["signatories"]) == ["Haider Abd Dahed", "Omid Rezaei-Far"]
    pairs = {(r["nameA"], r["nameB"]): r["meetings"] for r in rows(seeds_graph, "who-met-whom")}
    assert pairs[("Iran", "Iraq")] == "2"
    posts = {(r["name"], r["role"], r["organization"]) for r in rows(seeds_graph, "persons-posts")}
    assert ("Karim Najafi Barzegar", "Secretary General", "InterIslamic Network for Virtual Universities") in posts
    barzegar = rows(seeds_graph, "actor", name="karim najafi barzegar")
    assert any(r["sentence"] and "Barzegar" in r["sentence"] for r in barzegar)
    meetings = {r["label"]: r for r in rows(seeds_graph, "meetings")}
    assert meetings["2nd Iran-Iraq Science Week"]["start"] == "2025-01-18"
    assert {"Iran", "Iraq"} <= set(split(meetings["2nd Iran-Iraq Science Week"]["attendees"]))
    central = rows(seeds_graph, "central-actors")
    assert len(central) > 20 and all(r["pagerank"] for r in central)
    assert float(central[0]["pagerank"]) >= float(central[-1]["pagerank"])
    ev = rows(seeds_graph, "evidence", article="000_87fdbbdcd52c58ae.txt")
    assert ev and all(r["sentence"] and r["rule"] for r in ev)
    assert any(r["label"] == "International Islamic Unity Conference" and r["rule"] == "meetings.yaml#webinar"
               for r in ev)
    assert rows(seeds_graph, "posts-as-of", date="2023-12-31")[0]["name"] == "Naim Qassem"


def _normal(value):
    """A cell as text, a '; '-joined list in sorted order (GROUP_CONCAT's order is the engine's), a
    number as a float (Oxigraph writes the double 0.0 back as 0)."""
    if value is None:
        return None
    if re.fullmatch(r"-?\d+(\.\d+)?(E-?\d+)?", str(value)):
        return repr(float(value))
    return "; ".join(sorted(str(value).split("; ")))


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_give_the_same_rows_on_rdflib(kg, name):
    """The shipped queries are plain SPARQL 1.1: rdflib's engine returns what Oxigraph does (before, the
    lists of meetings and agreements raised NotBoundError there when a meeting had no organizer)."""
    import rdflib

    from graph.vocab import PREFIXES
    params = {"date": "2025-02-01", "name": "barzegar", "article": "001_aaaa.txt"}
    nq = named_query(name)
    text = nq.bind({p: params[p] for p, _ in nq.params})
    ds = rdflib.Dataset(default_union=True)
    ds.parse(FIXTURE, format="trig")
    theirs = sorted(tuple(_normal(v) for v in row) for row in ds.query(text, initNs=PREFIXES))
    ours = sorted(tuple(_normal(t.value if t is not None else None) for t in row)
                  for row in run_query(kg, text).rows)
    assert ours == theirs
    assert ours or name == "actor", "every shipped query should answer on the fixture"
