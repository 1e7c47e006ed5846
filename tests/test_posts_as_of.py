"""posts-as-of read from the rows the build keeps (graph/posts_as_of.py) gives the rows of the query's own text,
in order, for every date: on an invented organisation whose chair changes hands, and on the seeds; the query
page offers the reader and serves the same rows as `actorgraph query --name posts-as-of`."""
import re
from datetime import date, timedelta

import pytest

from graph.query import named_query
from graph.store import open_graph
from graph.summaries import text_for
from kept_readers import example, invented_build, post, rows, same_rows, served_and_cli


# The board's chair: Ana, then Ben arrives while Ana is still seen, then Cy and Dee arrive the same day
# while Ben is still seen (Ben is last seen after them); the board's secretary once; a person with no
# display name (named by IRI) at the fund.
BOARD = ("<https://w3id.org/actorgraph/id/graph/a1> {\n"
         + post(1, "ana", "chair", "board", "2020-01-01", "2020-06-01")
         + post(2, "ben", "chair", "board", "2020-03-01", "2021-01-01")
         + post(3, "cy", "chair", "board", "2020-09-01", "2020-10-01")
         + post(4, "dee", "chair", "board", "2020-09-01", "2020-12-01")
         + post(5, "eve", "secretary", "board", "2019-05-05", "2019-05-05")
         + post(6, "nameless", "chair", "fund", "2020-02-02", "2020-02-03")
         + "".join(f'id:person/{p} ag:displayName "{p.title()}" .\n' for p in ("ana", "ben", "cy", "dee", "eve"))
         + 'id:role/chair ag:displayName "Chair" . id:role/secretary ag:displayName "Secretary" .\n'
         + 'id:org/board ag:displayName "Board" . id:org/fund ag:displayName "Fund" .\n}\n')


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    return invented_build(tmp_path_factory.mktemp("board"), BOARD)


def test_every_date_gives_the_rows_of_the_query_text(board):
    day, seen = date(2019, 5, 1), set()
    while day <= date(2021, 2, 1):
        seen.add(tuple(r[0].value for r in rows(board, named_query("posts-as-of").bind({"date": day.isoformat()}))))
        same_rows(board, "posts-as-of", {"date": day.isoformat()})
        day += timedelta(days=3)
    # the changes of hands are all met: nobody, Eve alone, then Ana, Ana and Ben, Ben with the newcomers ...
    assert len(seen) >= 6 and () in seen


def test_the_reader_keeps_who_held_the_chair(board):
    q = named_query("posts-as-of")
    text = text_for(board, q).replace("$date", '"2020-09-15"^^xsd:date')
    names = [r[1].value for r in rows(board, text)]
    # Ben was last seen after Cy and Dee arrived, so all three count; Ana left before them; Eve's only sighting
    # (2019) was followed by no newcomer, so she still counts, as does the fund's chair (named by IRI)
    assert names == ["Ben", "Cy", "Dee", "Eve", "https://w3id.org/actorgraph/id/person/nameless"]


def test_seeds_rows_are_the_same_on_every_date_they_hold(seeds_build):
    kg = open_graph(seeds_build)
    days = {r[0].value for r in kg.query("SELECT DISTINCT ?d WHERE { ?p ag:firstSeen|ag:lastSeen ?d }")}
    assert len(days) >= 2
    found = 0
    for d in sorted(days):
        for shift in (-1, 0, 1):
            found += same_rows(kg, "posts-as-of", {"date": (date.fromisoformat(d) + timedelta(days=shift)).isoformat()})
    assert found > 0


def test_served_example_and_cli_give_the_same_rows(seeds_build):
    from starlette.testclient import TestClient
    from graph.serve.app import create_app
    text = example(TestClient(create_app(seeds_build)), "posts-as-of")
    assert "graph/summaries" in text and "GROUP BY" not in text
    day = re.search(r'"(\d{4}-\d\d-\d\d)"\^\^', text).group(1)
    served, cli = served_and_cli(seeds_build, "posts-as-of", "date", day, text)
    assert served == cli and cli.count("\n") > 2


def test_a_date_that_is_not_plain_keeps_nothing_and_the_query_runs_itself(tmp_path):
    kg = invented_build(tmp_path, BOARD.replace('"2019-05-05"^^xsd:date ;', '"2019-05"^^xsd:gYearMonth ;'))
    q = named_query("posts-as-of")
    assert text_for(kg, q) == q.text
