"""The named queries without parameters are kept answered in the store (graph.summaries): reading a summary
gives the rows of the query's own text, in its order, also cut by LIMIT and OFFSET; graph.trig and the
dataset's quads do not hold them; the query page offers the readers."""
import json
import re

import pytest

from graph.store import open_graph
from graph.summaries import SUMMARY_GRAPH, has_summaries, reader, summarised, text_for

CUTS = ("", "\nLIMIT 3", "\nLIMIT 2 OFFSET 3", "\nOFFSET 1")


@pytest.fixture(scope="module")
def kg(seeds_build):
    return open_graph(seeds_build)


def rows(kg, text):
    return [tuple(r) for r in kg.query(text)]


def test_every_summary_gives_the_query_rows_in_order(kg):
    assert has_summaries(kg)
    assert set(summarised()) >= {"who-met-whom", "meetings", "persons-posts", "agreements", "central-actors"}
    nonempty = 0
    for name, q in summarised().items():
        assert text_for(kg, q) == reader(q) and "ORDER BY" not in reader(q)
        for cut in CUTS:
            want, got = rows(kg, q.text + cut), rows(kg, reader(q) + cut)
            assert got == want, (name, cut)
        full = rows(kg, q.text)
        nonempty += len(full) > 3
        assert [v.value for v in kg.query(reader(q)).variables] == [v.value for v in kg.query(q.text).variables]
    assert nonempty >= 4


def test_summaries_stay_out_of_the_exported_dataset(seeds_build, kg):
    assert "summary/" not in (seeds_build / "graph.trig").read_text(encoding="utf-8")
    store_only = open_graph(seeds_build / ".store")
    assert not any(q.graph_name == SUMMARY_GRAPH for q in store_only.quads())
    assert any(True for _ in kg.store.quads_for_pattern(None, None, None, SUMMARY_GRAPH))


def test_a_graph_without_summaries_runs_the_query_itself(seeds_build):
    in_memory = open_graph(seeds_build / "graph.trig")
    q = summarised()["who-met-whom"]
    assert not has_summaries(in_memory) and text_for(in_memory, q) == q.text


def test_query_page_offers_the_summary_readers(seeds_build):
    from starlette.testclient import TestClient
    from graph.serve.app import create_app
    page = TestClient(create_app(seeds_build)).get("/query").text
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S).group(1))
    offered = {q["name"]: q["text"] for q in data["queries"]}
    assert "graph/summaries" in offered["who-met-whom"] and offered["who-met-whom"].rstrip().endswith("LIMIT 100")
    assert "graph/summaries" not in offered["actor"]


def test_a_capped_summary_keeps_the_first_rows_and_says_so(seeds_build, tmp_path, monkeypatch):
    """A build keeps the first CAP rows of each query (here CAP is 3, on the seeds): any cut within them gives
    the query's rows, and the reader of a longer answer says it holds the first rows only."""
    import shutil

    import graph.summaries as summaries
    from graph.store import write_store
    monkeypatch.setattr(summaries, "CAP", 3)
    for name in ("graph.trig", "graph.ttl"):
        shutil.copy(seeds_build / name, tmp_path / name)
    write_store(tmp_path / "graph.trig", tmp_path)
    kg = open_graph(tmp_path)
    capped = 0
    for name, q in summarised().items():
        text = text_for(kg, q)
        over = len(rows(kg, q.text)) > 3
        capped += over
        assert ("kept its first 3 rows" in text) == over, name
        for cut in ("", "\nLIMIT 3", "\nLIMIT 2 OFFSET 1", "\nOFFSET 1", "\nLIMIT 1"):
            want = rows(kg, q.text)[:3]
            assert rows(kg, text + cut) == rows_of_cut(want, cut), (name, cut)
    assert capped >= 4


def rows_of_cut(rows_, cut: str) -> list:
    """`rows_` cut as LIMIT/OFFSET in `cut` would."""
    import re
    limit = re.search(r"LIMIT (\d+)", cut)
    offset = re.search(r"OFFSET (\d+)", cut)
    start = int(offset.group(1)) if offset else 0
    return rows_[start:start + int(limit.group(1))] if limit else rows_[start:]


def test_a_large_build_keeps_them_too(tmp_path, monkeypatch):
    """Above LARGE_CORPUS articles the build streams into the store (graph/outputs.py); it keeps the same
    summaries, so a large build's server reads them as a small one's does."""
    from pathlib import Path

    import graph.build as build
    monkeypatch.setattr(build, "LARGE_CORPUS", 1)
    build.build_outputs([Path(__file__).resolve().parents[1] / "seeds"], tmp_path / "big", jobs=1,
                        incremental=False, progress=False)
    kg = open_graph(tmp_path / "big")
    assert has_summaries(kg)
    for name, q in summarised().items():
        assert rows(kg, text_for(kg, q)) == rows(kg, q.text), name
