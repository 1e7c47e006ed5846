"""persons-posts' rows and posts-as-of's candidates made from one scan of the posts' statements
(graph/post_rows.py) are the rows of the queries' own text, in order: on the seeds and on an invented graph
with the odd cases that still fit; a graph that does not fit is not scanned, and its summaries still read back
the query's rows (made by the query itself)."""
import pytest

from graph import post_rows, posts_as_of
from graph.query import named_query
from graph.store import open_graph
from graph.summaries import text_for
from graph.vocab import PREFIXES
from kept_readers import CUTS, invented_build, post, rows


# Ann holds two posts of the same name at the same board (ties broken by the post); Bo's name is tagged
# @en; Cy has no display name and the fund none either (named by IRI); Di is no ag:Person (a candidate of
# posts-as-of, not a row of persons-posts); Ed's post has no dates (a row of persons-posts only); Fay's name
# sorts before Ann's only with its last character.
POSTS = [("ann", "chair", "board", "2020-01-01", "2020-06-01"), ("ann", "chair", "board", "2020-01-01", "2020-06-01"),
         ("bo", "chair", "board", "2020-03-01", "2021-01-01"), ("cy", "secretary", "fund", "2019-05-05", "2019-05-05"),
         ("di", "chair", "board", "2020-09-01", "2020-12-01"), ("ed", "secretary", "board"),
         ("fay", "chair", "fund", "2018-02-02", "2020-02-03")]
FITS = ("<https://w3id.org/actorgraph/id/graph/a1> {\n"
        + "".join(post(n, *p) for n, p in enumerate(POSTS, 1))
        + "".join(f"id:person/{p} a ag:Person .\n" for p in ("ann", "bo", "cy", "ed", "fay"))
        + 'id:person/ann ag:displayName "Ann" . id:person/bo ag:displayName "Bo"@en . id:person/di ag:displayName "Di" .\n'
        + 'id:person/ed ag:displayName "Ed" . id:person/fay ag:displayName "An" .\n'
        + 'id:role/chair ag:displayName "Chair" . id:role/secretary ag:displayName "Secretary" .\n'
        + 'id:org/board ag:displayName "Board" .\n}\n')


def same_as_queries(kg) -> int:
    posts = post_rows.scan(kg.store)
    assert posts is not None
    want = rows(kg, named_query("persons-posts").text)
    assert post_rows.persons_posts(posts) == want
    candidates = rows(kg, PREFIX + posts_as_of.CANDIDATES)
    assert post_rows.candidates(posts) == candidates
    assert post_rows.arrivals(posts) == posts_as_of._arrivals(kg.store)
    return len(want) + len(candidates)


PREFIX = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def test_the_seeds_rows_are_the_queries_rows(seeds_build):
    assert same_as_queries(open_graph(seeds_build)) > 10


def test_the_odd_cases_that_fit(tmp_path):
    kg = invented_build(tmp_path, FITS)
    assert same_as_queries(kg) == 6 + 6
    names = [r[1].value for r in post_rows.persons_posts(post_rows.scan(kg.store))]
    assert names == ["An", "Ann", "Ann", "Bo", "Ed", "https://w3id.org/actorgraph/id/person/cy"]


@pytest.mark.parametrize("change", [
    ('"2019-05-05"^^xsd:date ; ag:lastSeen', '"2019-05-05"^^xsd:date, "2019-05-06"^^xsd:date ; ag:lastSeen'),
    ('"Ann" .', '"Ann", "Anna" .'),
    ('"Chair" .', '"1"^^xsd:integer .'),
    ('ag:firstSeen "2020-03-01"^^xsd:date', 'ag:firstSeen "20200301"^^xsd:date'),
    ("org:member id:person/ed ;", "org:member id:person/ed, id:person/ann ;"),
    ("post/6 a ag:Post ; org:member id:person/ed ;", "post/6 a ag:Post ;"),
])
def test_a_graph_that_does_not_fit_runs_the_queries(tmp_path, change):
    kg = invented_build(tmp_path, FITS.replace(*change))
    assert post_rows.scan(kg.store) is None
    q = named_query("persons-posts")
    assert text_for(kg, q) != q.text and rows(kg, q.text)
    for cut in CUTS:
        assert rows(kg, text_for(kg, q) + cut) == rows(kg, q.text + cut), (change, cut)
