"""Actor pages list an actor's facts and mentions a page at a time, the most recent first: page after page
gives every fact of the actor exactly once, in the order of a plain query over all of them."""
import pytest

from graph.serve import actor_page
from graph.serve.app import create_app
from graph.store import open_graph

ALL_FACTS = """SELECT ?fact ?kind ?start WHERE {
  ?fact ?rel $a . ?fact a ?kind . FILTER(?kind IN (ag:Post, ag:Meeting, ag:Agreement))
  OPTIONAL { ?fact schema:startDate|ag:dateSigned|ag:firstSeen ?start } }"""
ALL_MENTIONS = "SELECT ?article ?date WHERE { ?article schema:mentions $a OPTIONAL { ?article schema:datePublished ?date } }"
BUSY = """SELECT ?a (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f schema:attendee|org:member|ag:signatory|ag:party ?a }
          GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT 3"""
KINDS = {"https://w3id.org/actorgraph/ontology#" + k: k.lower() for k in ("Post", "Meeting", "Agreement")}


def expected(kg, iri):
    """Every fact of `iri` by kind, most recent first (ties: IRI descending), read without the page's queries."""
    facts = {}
    for fact, kind, start in (tuple(r) for r in actor_page._rows(kg, ALL_FACTS, iri)):
        old = facts.get(fact.value, (KINDS[kind.value], None))
        facts[fact.value] = (old[0], max(filter(None, (old[1], start and start.value)), default=None))
    out = {}
    for f, (kind, start) in sorted(facts.items(), key=lambda x: (x[1][1] or "", x[0]), reverse=True):
        out.setdefault(kind, []).append(f)
    mentions = sorted(((d.value if d else "", a.value) for a, d in (tuple(r) for r in actor_page._rows(kg, ALL_MENTIONS, iri))),
                      reverse=True)
    return out, [a for _, a in mentions]


@pytest.fixture(scope="module")
def kg(seeds_build):
    return open_graph(seeds_build)


def test_pages_list_every_fact_and_mention_once_most_recent_first(kg, monkeypatch):
    monkeypatch.setattr(actor_page, "FACTS_SHOWN", 1)
    monkeypatch.setattr(actor_page, "MENTIONS_SHOWN", 1)
    busy = [r[0].value for r in kg.query(BUSY)]
    assert busy
    for iri in busy:
        want_facts, want_mentions = expected(kg, iri)
        assert max(map(len, want_facts.values())) > 1, iri   # more than one page
        got, mentions, number = {}, [], 1
        while True:
            page = actor_page.read_page(kg, iri, number)
            assert page.totals == {k: len(v) for k, v in want_facts.items()}
            assert page.mention_count == len(want_mentions)
            for kind, facts in page.facts.items():
                assert len(facts) == 1
                got.setdefault(kind, []).extend(f.link.iri for f in facts)
                for f in facts:
                    assert f.evidence and all(e.sentence and e.rule for e in f.evidence), f.link.iri
                    assert f.others or f.kind == "post", f.link.iri
            mentions += [link.iri for link, _, _ in page.mentions]
            if not page.more:
                break
            number += 1
        assert got == want_facts
        assert mentions == want_mentions
        assert number > 1


def test_page_links_and_bad_page_numbers(seeds_build, kg, monkeypatch):
    from starlette.testclient import TestClient
    monkeypatch.setattr(actor_page, "FACTS_SHOWN", 1)
    iri = next(r[0].value for r in kg.query(BUSY))
    path = "/id/" + iri.split("/id/", 1)[1]
    client = TestClient(create_app(seeds_build))
    first = client.get(path, headers={"Accept": "text/html"})
    assert first.status_code == 200
    assert f'href="{path}?page=2"' in first.text and "?page=0" not in first.text
    second = client.get(path + "?page=2", headers={"Accept": "text/html"})
    assert second.status_code == 200 and f'href="{path}?page=1"' in second.text and 'start="2"' in second.text
    for bad in ("0", "-1", "x", "1e3", "100001"):
        r = client.get(path, params={"page": bad}, headers={"Accept": "text/html"})
        assert r.status_code == 400 and "page=" in r.text
