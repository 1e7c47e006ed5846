"""who-met-whom counted from the store's statements (graph/who_met_whom.py) gives the rows of the query's own
text, in order: on the seeds and on an invented graph with the odd cases; its summary reads back the same."""
import pytest

from graph.query import named_query
from graph.store import open_graph
from graph.summaries import text_for
from graph.who_met_whom import rows as counted
from kept_readers import CUTS, invented_build, rows

# Ann attends and organises the same summit (one participant); Bo has two display names (takes part once per
# name, and meets himself across them, as the query's join does); Cy has no display name; Di only organises.
ODD = """<https://w3id.org/actorgraph/id/graph/a1> {
id:person/ann ag:displayName "Ann" . id:person/bo ag:displayName "Bo", "Bob" . id:person/di ag:displayName "Di" .
id:meeting/m1 schema:attendee id:person/ann, id:person/bo, id:person/cy ; schema:organizer id:person/ann .
id:meeting/m2 schema:attendee id:person/ann, id:person/cy ; schema:organizer id:person/di .
id:meeting/m3 schema:attendee id:person/bo, id:person/cy .
}
"""


def same(kg) -> int:
    want = rows(kg, named_query("who-met-whom").text)
    got = [(a, na, b, nb, str(n)) for a, na, b, nb, n in counted(kg.store)]
    assert got == [(a, na, b, nb, m.value) for a, na, b, nb, m in want]
    return len(want)


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    return invented_build(tmp_path_factory.mktemp("odd"), ODD)


def test_the_odd_cases_count_as_the_query_does(odd):
    assert same(odd) == 8
    # Cy, with no name, has the smallest key ("\u0001" and the IRI) and is A of every pair with him
    top = [(a.value.rsplit("/", 1)[1], b.value.rsplit("/", 1)[1], n) for a, _, b, _, n in counted(odd.store)[:4]]
    assert top == [("cy", "ann", 2), ("cy", "bo", 2), ("cy", "bo", 2), ("bo", "bo", 2)]


def test_the_seeds_count_as_the_query_does(seeds_build):
    assert same(open_graph(seeds_build)) > 20


def test_the_kept_summary_reads_back_the_query_rows(odd):
    q = named_query("who-met-whom")
    for cut in CUTS:
        assert rows(odd, text_for(odd, q) + cut) == rows(odd, q.text + cut)


def test_the_first_rows_are_the_first_of_all(seeds_build):
    store = open_graph(seeds_build).store
    everything = counted(store)
    assert counted(store, 7) == everything[:7] and len(everything) > 7
