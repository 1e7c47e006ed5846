"""graph.store_update: an incremental large build rewrites only the graphs that changed in a copy of the
previous build's store, and ends with the quads of a clean build's store, union included."""
import shutil

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import graph.build as build
from conftest import ROOT
from graph.cli import main
from graph.store import STORE_DIR
from graph.store_update import DIGESTS, StoreUpdate, read_digests, write_digests

OUTPUTS = ("graph.trig", "graph.ttl", "centrality.csv", "network.html", "merges.csv")
RENAMED = "003_cc9320cca218a934.txt"   # Dr. Kais Hammami, renamed below: his old label must leave the union


def quads(folder):
    st = ox.Store.read_only(str(folder / STORE_DIR))
    return sorted(str(q) for q in st.quads_for_pattern(None, None, None, None)), \
        sorted(g.value for g in st.named_graphs())


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(build, "LARGE_CORPUS", 1)


def seeds_but(tmp_path, held_back: str):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "seeds", src)
    (src / held_back).rename(tmp_path / held_back)
    return src


def test_an_incremental_build_updates_the_previous_store_to_a_clean_builds_quads(tmp_path, large):
    held = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))[0]
    src = seeds_but(tmp_path, held)
    out = tmp_path / "out"
    first = build.build_outputs([src], out, jobs=1, progress=False)
    assert first.store_update is None                       # nothing to update: loaded as a clean build
    assert read_digests(out / STORE_DIR)                    # and the digests kept for the next one
    (tmp_path / held).rename(src / held)                    # an article added,
    deleted = sorted(p.name for p in src.glob("*.txt") if p.name not in (held, RENAMED))[0]
    (src / deleted).unlink()                                # one deleted,
    text = (src / RENAMED).read_text(encoding="utf-8")      # and one changed
    assert "Dr. Kais Hammami" in text
    (src / RENAMED).write_text(text.replace("Dr. Kais Hammami", "Dr. Qais Hammami"), encoding="utf-8")
    report = build.build_outputs([src], out, jobs=1, progress=False)
    kept, rewritten = report.store_update
    assert kept >= 1 and rewritten >= 1
    assert 1 <= report.trig_copied <= kept                  # unchanged articles' blocks of graph.trig copied
    build.build_outputs([src], tmp_path / "clean", jobs=1, incremental=False, progress=False)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes(), name
    assert quads(out) == quads(tmp_path / "clean")
    union = ox.Store.read_only(str(out / STORE_DIR)).query(
        'ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), "Kais Hammami")) }')
    assert not bool(union)
    assert (out / STORE_DIR / DIGESTS).read_bytes() == (tmp_path / "clean" / STORE_DIR / DIGESTS).read_bytes()


def test_a_value_changed_in_a_graph_leaves_the_union_even_where_oxigraph_finds_it_twice(tmp_path):
    """A figure of the analysis graph that changed from 255 to 323: the union drops 255. On disk, pyoxigraph
    0.5.13 answers the pattern (s, p, 255) with the quads of (s, p, 323) once 255 is gone from the graph."""
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    s, p = ox.NamedNode("https://example.org/actor"), ox.NamedNode("https://example.org/degree")
    g = "https://example.org/analysis"
    st = ox.Store(str(tmp_path / "s"))
    old = ox.Triple(s, p, ox.Literal("255", datatype=integer))
    st.bulk_extend([ox.Quad(s, p, old.object, ox.NamedNode(g)), ox.Quad(s, p, old.object)])
    update = StoreUpdate(st, {})
    update.replace(g, {ox.Triple(s, p, ox.Literal("323", datatype=integer))})
    update.finish()
    assert [q.object.value for q in st.quads_for_pattern(s, p, None, ox.DefaultGraph())] == ["323"]


@pytest.mark.parametrize("group", [1, 1_000])
def test_a_figure_written_otherwise_but_equal_keeps_its_union_copy(tmp_path, monkeypatch, group):
    """The store keeps a double's value: "0.0" written into it reads back as "0", so a graph's new "0.0" and
    its old "0" differ as Python triples yet are one quad; it stays in the union (asked of the graph's
    predicate at once, or triple by triple)."""
    import graph.store_update as su
    monkeypatch.setattr(su, "GROUP", group)
    double = ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")
    s, p, g = ox.NamedNode("https://example.org/actor"), ox.NamedNode("https://example.org/betweenness"), \
        "https://example.org/analysis"
    st = ox.Store(str(tmp_path / "s"))
    st.bulk_extend([ox.Quad(s, p, ox.Literal("0.0", datatype=double), ox.NamedNode(g)),
                    ox.Quad(s, p, ox.Literal("0.0", datatype=double))])
    assert [q.object.value for q in st.quads_for_pattern(s, p, None, ox.DefaultGraph())] == ["0"]
    update = StoreUpdate(st, {})
    update.replace(g, {ox.Triple(s, p, ox.Literal("0.0", datatype=double))})
    update.finish()
    assert len(list(st.quads_for_pattern(s, p, None, ox.DefaultGraph()))) == 1
    assert len(list(st.quads_for_pattern(s, p, None, ox.NamedNode(g)))) == 1


def test_a_full_build_or_a_store_without_digests_loads_everything(tmp_path, large):
    src, out = ROOT / "seeds", tmp_path / "out"
    build.build_outputs([src], out, jobs=1, progress=False)
    assert build.build_outputs([src], out, jobs=1, progress=False).store_update == (5, 0)
    assert build.build_outputs([src], out, jobs=1, incremental=False, progress=False).store_update is None
    (out / STORE_DIR / DIGESTS).unlink()                   # a store some other command wrote
    assert build.build_outputs([src], out, jobs=1, progress=False).store_update is None
    assert (out / STORE_DIR / DIGESTS).is_file()
    assert build.build_outputs([src], out, jobs=1, incremental=False, progress=False).trig_copied == 0   # --full
    trig = (out / "graph.trig").read_bytes()
    (out / "graph.trig").write_bytes(trig.replace(b"Hammami", b"Hammamy"))   # graph.trig edited by hand
    assert build.build_outputs([src], out, jobs=1, progress=False).trig_copied > 0
    assert (out / "graph.trig").read_bytes() == trig                         # what was edited written again


def test_digests_that_cannot_be_trusted_are_not_used(tmp_path):
    write_digests(tmp_path, {"https://example.org/a": "0" * 64})
    assert read_digests(tmp_path) == {"https://example.org/a": "0" * 64}
    path = tmp_path / DIGESTS
    path.write_text(path.read_text().replace("pyoxigraph", "pyoxigraph 0.0.1 then"), encoding="utf-8")
    assert read_digests(tmp_path) is None                  # another writer's
    write_digests(tmp_path, {"https://example.org/a": "0" * 64})
    path.write_bytes(path.read_bytes()[:-10])
    assert read_digests(tmp_path) is None                  # cut short
    assert StoreUpdate.start(tmp_path / "nowhere", tmp_path / "new") is None
    assert StoreUpdate.start(tmp_path, tmp_path / "new") is None   # digests, but no store: loads everything
    assert not (tmp_path / "new").exists()


def test_replace_keeps_a_union_triple_another_graph_still_states(tmp_path):
    st = ox.Store(str(tmp_path / "s"))
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    shared, own = ox.Triple(s, p, ox.Literal("both")), ox.Triple(s, p, ox.Literal("only a"))
    a, b = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    for t, g in ((shared, a), (own, a), (shared, b)):
        st.add(ox.Quad(t.subject, t.predicate, t.object, g))
        st.add(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
    update = StoreUpdate(st, {a.value: "0" * 64, b.value: "0" * 64})
    update.replace(a.value, set())
    update.seen.update({b.value})
    update.finish()
    default = {q.triple for q in st.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert default == {shared}
    assert [g.value for g in st.named_graphs()] == [b.value]


@pytest.mark.parametrize("group", [1, 1_000])
def test_many_figures_dropped_at_once_leave_the_union_unless_another_graph_states_them(tmp_path, monkeypatch, group):
    """Above GROUP triples of one graph and predicate, one query asks whether any other graph uses the
    predicate: here one does, for one of the figures, which the union keeps; the rest leave it."""
    import graph.store_update as su
    monkeypatch.setattr(su, "GROUP", group)
    p, a, b = (ox.NamedNode(f"https://example.org/{n}") for n in ("degree", "analysis", "article"))
    actors = [ox.NamedNode(f"https://example.org/actor{i}") for i in range(5)]
    st = ox.Store(str(tmp_path / "s"))
    old = [ox.Triple(s, p, ox.Literal(str(i))) for i, s in enumerate(actors)]
    st.bulk_extend([*(ox.Quad(t.subject, t.predicate, t.object, a) for t in old),
                    ox.Quad(old[2].subject, p, old[2].object, b), *(ox.Quad(t.subject, t.predicate, t.object) for t in old)])
    rank = ox.NamedNode("https://example.org/rank")   # a predicate no other graph uses
    st.bulk_extend([q for s in actors for q in (ox.Quad(s, rank, ox.Literal("1"), a), ox.Quad(s, rank, ox.Literal("1")))])
    update = StoreUpdate(st, {})
    update.replace(a.value, {ox.Triple(actors[0], p, ox.Literal("9"))})
    update.finish()
    assert sorted(q.object.value for q in st.quads_for_pattern(None, p, None, ox.DefaultGraph())) == ["2", "9"]
    assert not list(st.quads_for_pattern(None, rank, None, None))


def test_the_previous_summaries_leave_the_store_in_parts_and_nothing_else_does(tmp_path, monkeypatch):
    import graph.store_update as su
    from graph.store import SUMMARIES
    monkeypatch.setattr(su, "SUMMARIES_PER_DELETE", 10)
    deletes = []
    st = ox.Store(str(tmp_path / "s"))
    kept = ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("x"))
    st.bulk_extend([kept, *(ox.Quad(ox.NamedNode(f"https://example.org/row{i}"), ox.NamedNode("https://example.org/rank"),
                                    ox.Literal(str(i)), ox.NamedNode(SUMMARIES)) for i in range(25))])
    update_of = st.update
    monkeypatch.setattr(ox.Store, "update", lambda self, text: (deletes.append(text), update_of(text))[1], raising=False)
    update = StoreUpdate(st, {})
    update.summaries_removed()
    assert len(deletes) == 3                              # 25 quads, 10 a transaction
    assert list(st) == [kept]
    assert not st.contains_named_graph(ox.NamedNode(SUMMARIES))


def test_the_cli_says_what_it_reused(tmp_path, large):
    out = tmp_path / "out"
    CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--out", str(out), "--jobs", "1"])
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "store: the previous build's, 5 article graphs kept, 0 rewritten" in result.output
    assert "graph.trig: 4 article graphs copied from the previous build's" in result.output   # all but the first


@pytest.mark.parametrize("remove_batch,add_batch", [(2, 3), (10_000, 50_000)])
def test_replace_by_text_in_small_parts_gives_the_graph_and_union_a_set_would(tmp_path, monkeypatch, remove_batch,
                                                                               add_batch):
    """A graph replaced by N-Quads text (another graph name in it, a line repeated), its removals and
    additions made a few at a time: the graph holds the text's triples once each, and the union keeps
    exactly what some named graph states."""
    import graph.store_update as su
    monkeypatch.setattr(su, "REMOVE_BATCH", remove_batch)
    monkeypatch.setattr(su, "ADD_BATCH", add_batch)
    ex = "https://example.org/"
    p = ox.NamedNode(ex + "p")
    a, b = ox.NamedNode(ex + "a"), ox.NamedNode(ex + "b")
    t = [ox.Triple(ox.NamedNode(f"{ex}s{i}"), p, ox.Literal(f"v{i}")) for i in range(9)]
    st = ox.Store(str(tmp_path / "s"))
    held_a, held_b = t[0:6], t[4:7]                        # t4 and t5 in both graphs
    st.bulk_extend([*(ox.Quad(x.subject, x.predicate, x.object, a) for x in held_a),
                    *(ox.Quad(x.subject, x.predicate, x.object, b) for x in held_b),
                    *(ox.Quad(x.subject, x.predicate, x.object) for x in {*held_a, *held_b})])
    wanted = [t[0], t[1], t[7], t[8], t[7]]               # keeps t0, t1; drops t2-t5; adds t7, t8 (twice)
    text = ox.serialize([ox.Quad(x.subject, x.predicate, x.object, b) for x in wanted], format=ox.RdfFormat.N_QUADS)
    update = StoreUpdate(st, {})
    update.replace(a.value, text)
    update.finish()
    assert sorted(str(q.triple) for q in st.quads_for_pattern(None, None, None, a)) == \
        sorted(str(x) for x in {t[0], t[1], t[7], t[8]})
    assert {q.triple for q in st.quads_for_pattern(None, None, None, ox.DefaultGraph())} == \
        {t[0], t[1], t[4], t[5], t[6], t[7], t[8]}         # t4, t5 still stated by b; t2, t3 by none


def test_what_several_graphs_lack_is_written_in_few_calls_of_the_loader(tmp_path, monkeypatch):
    """The additions of every replaced graph are gathered, ADD_BATCH quads a call of the bulk loader: each
    call writes and ingests files of its own, so a call per changed article slowed a 100k update by minutes
    and left the store's reads slow until compacted."""
    import graph.store_update as su
    monkeypatch.setattr(su, "ADD_BATCH", 5)
    st = ox.Store(str(tmp_path / "s"))
    calls = []
    load = st.bulk_extend
    update = StoreUpdate(st, {})
    monkeypatch.setattr(update, "store", type("Counting", (), {
        "bulk_extend": lambda self, quads: (calls.append(len(quads)), load(quads))[1],
        "__getattr__": lambda self, name: getattr(st, name)})())
    p = ox.NamedNode("https://example.org/p")
    for g in range(4):                                     # 4 graphs, 3 new triples each: 12 quads to add
        update.replace(f"https://example.org/g{g}", [ox.Triple(ox.NamedNode(f"https://example.org/s{g}{i}"), p,
                                                               ox.Literal(str(i))) for i in range(3)])
    assert calls == []                                     # nothing written before `finish`
    update.finish()
    assert calls == [10, 10, 4]                            # 5 quads and their union copies a call
    assert len(list(st.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 12
    assert len(st) == 24
