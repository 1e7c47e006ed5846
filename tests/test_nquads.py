"""Workers write the quads (graph.nquads): the N-Quads text filled after resolution holds the quads of
graph.to_rdf.quads term for term and in the same order, no sentence travels back from a worker, and a
build from it gives the same outputs on both the small (rdflib) and the large (Oxigraph) path."""
from __future__ import annotations

import pickle
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import nquads, nquads_fill
from graph.extraction import extract_with
from graph.read import read_article
from graph.resolve import resolve
from graph.to_rdf import ox_quads, quads

ROOT = Path(__file__).resolve().parents[1]

# an invented article whose facts need every placeholder: a post (its IRI and evidence hash resolved
# IRIs), a meeting in a named place without a name of its own (its label names the place), a quote
ARTICLE = """Title: Harbour talks in Valdoria
Date: 2025-03-04

Valdoria, March 4 (Agencies) - Ilona Verbeek, Secretary General of the Organization of Islamic Cooperation,
met the Foreign Minister of Iran, Abbas Araghchi, in Tehran on Monday. "We talk," she said.
Verbeek also received a delegation of the Arab League in Tehran on Tuesday.
The two sides signed a memorandum of understanding on maritime trade in Tehran.
"""


@pytest.fixture(scope="module")
def extracted(rules, tmp_path_factory):
    src = tmp_path_factory.mktemp("nq")
    (src / "900_invented.txt").write_text(ARTICLE, encoding="utf-8")
    paths = sorted((ROOT / "seeds").glob("*.txt")) + [src / "900_invented.txt"]
    plain, rendered = [], []
    for p in paths:
        fx, problem = extract_with(rules, read_article(p))
        assert problem is None
        plain.append(fx)
        fx, problem = extract_with(rules, read_article(p), render=True)
        rendered.append(pickle.loads(pickle.dumps(fx)))     # as it comes back from a worker process
    gaz = {e.id: e for e in rules.entities}
    return plain, resolve(plain, gaz), rendered, resolve(rendered, gaz)


def test_no_sentence_comes_back_from_a_rendering_worker(extracted):
    plain, _, rendered, _ = extracted
    assert any(s for fx in plain for s in fx.sentences)
    assert all(fx.sentences == [] and fx.article.body == "" for fx in rendered)
    cited = plain[-1].sentences[plain[-1].facts[0].sentence]
    assert cited.encode("utf-8") in b"".join(rendered[-1].rdf.templates().values())


def test_the_text_holds_the_quads_of_to_rdf_in_their_order(extracted):
    plain, res, rendered, res2 = extracted
    kinds = {f.kind for fx in plain for f in fx.facts}
    assert kinds == {"post", "meeting", "agreement"}
    assert any(f.kind == "meeting" and f.data.place and not f.data.name for fx in plain for f in fx.facts)
    expected = list(ox_quads(quads(plain, res)))
    text = "".join(nquads_fill.quads_text(rendered, res2))
    got = list(ox.parse(input=text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert len(got) == len(expected) > 500
    assert got == expected


def test_the_actors_graph_comes_in_chunks_of_a_bounded_number_of_actors(extracted):
    """nquads_fill.actors_chunks: the actors graph is not one chunk (at 100k it was ~175 MB, handed to
    the loader at once); its chunks hold PER actors each, and joined they are the one text."""
    _, _, rendered, res2 = extracted
    r = nquads_fill._Resolved(res2)
    described = set(res2.actors)
    post_roles = {("x",): "Minister of Science", ("y",): "Rector"}
    whole = "".join(nquads_fill.actors_chunks(r, described, post_roles, per=10 ** 9))
    chunks = list(nquads_fill.actors_chunks(r, described, post_roles, per=3))
    assert len(described) > 9 and len(chunks) == len(described) // 3 + 1
    assert "".join(chunks) == whole
    for chunk in chunks[:-1]:
        subjects = {line.split(" ", 1)[0] for line in chunk.splitlines()}
        assert len(subjects) == 3   # an actor's lines all name it as subject
    assert "/role/" in chunks[-1] and "/role/" not in "".join(chunks[:-1])


def test_a_rejected_fact_drops_its_template(extracted):
    import copy
    _, res, rendered, _ = extracted
    fx = copy.copy(rendered[-1])
    fx.facts = fx.facts[1:]
    text = "".join(nquads_fill.quads_text([fx], res))
    dropped = rendered[-1].rdf.template_of(rendered[-1].facts[0])
    assert dropped.split(b"\n")[3] not in text.encode("utf-8")   # its evidence sentence line


def test_literals_escape_as_n_triples():
    assert nquads.lit('say "hi"\\\n\r\x01') == '"say \\"hi\\"\\\\\\n\\r\\u0001"'
    assert nquads.lit("2025-01", datatype=nquads.XSD_OF["gYearMonth"]) == \
        '"2025-01"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    assert nquads.lit("x", datatype="http://www.w3.org/2001/XMLSchema#string") == '"x"'
    assert nquads.text("a\x01b", "en") == '"a b"@en'
    line = "<x:a> <x:b> " + nquads.lit("é\n\"") + " ."
    assert next(ox.parse(input=line.encode(), format=ox.RdfFormat.N_TRIPLES)).object == ox.Literal("é\n\"")
    assert nquads_fill.triples_of("<a> <b> <c> <g> .\n<a> <b> \"<g> .\" <g> .\n") == "<a> <b> <c> .\n<a> <b> \"<g> .\" .\n"


def test_adding_and_changing_articles_reuses_the_rendered_cache_and_equals_a_clean_build(tmp_path, monkeypatch):
    """The cache keeps each article's rendered quads: a rebuild with one article changed and one added
    extracts those two only, and its outputs (large path, straight into Oxigraph) equal a clean build's."""
    import shutil
    import graph.build as build
    monkeypatch.setattr(build, "LARGE_CORPUS", 1)
    src = tmp_path / "src"
    shutil.copytree(ROOT / "seeds", src)
    out = tmp_path / "out"
    build.build_outputs([src], out, jobs=1, progress=False)
    first = (out / "graph.trig").read_bytes()
    (src / "900_invented.txt").write_text(ARTICLE, encoding="utf-8")
    changed = sorted(src.glob("00*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nIlona Verbeek met Abbas Araghchi in Tehran.\n",
                       encoding="utf-8")
    report = build.build_outputs([src], out, jobs=1, progress=False)
    assert report.reused == 4 and report.articles_built == 6
    build.build_outputs([src], tmp_path / "clean", jobs=1, incremental=False, progress=False)
    for name in ("graph.trig", "graph.ttl", "centrality.csv", "network.html", "merges.csv", "manifest.json"):
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes(), name
    assert (out / "graph.trig").read_bytes() != first
    assert "Valdoria" in (out / "graph.trig").read_text(encoding="utf-8")


class _CountingStore:
    """A store that counts the bulk loader's calls, the characters it was given at most, and the calls
    running at once at most."""

    def __init__(self):
        self.store, self.calls, self.largest, self.running, self.most = ox.Store(), 0, 0, 0, 0

    def bulk_load(self, input, **kw):
        import threading
        import time
        data = input.read() if hasattr(input, "read") else input
        self.calls += 1
        self.running += 1
        self.most = max(self.most, self.running)
        self.largest = max(self.largest, len(data))
        self.on_main = getattr(self, "on_main", False) or threading.current_thread() is threading.main_thread()
        time.sleep(0.002)   # long enough for another call to start, were the loads not one at a time
        self.store.bulk_load(input=data, **kw)
        self.running -= 1


def test_the_store_is_loaded_in_bounded_batches_with_every_quad_in_order(extracted, tmp_path):
    """nquads_load.load_and_write: the loader is never given more than about one batch, yet the store
    holds every quad (named graphs, and the union in the default graph), and graph.trig holds the quads in
    to_rdf's order, as one serialization of them all would write them; each article's templates are let go
    once written."""
    import copy
    from graph.nquads_load import load_and_write
    from graph.outputs import dump_prefixes
    from graph.trig_segments import TrigWriter
    plain, res, rendered, res2 = extracted
    expected = list(ox_quads(quads(plain, res)))
    small, whole = _CountingStore(), _CountingStore()
    fxs = [copy.copy(fx) for fx in rendered]
    for store, batch, articles, name in ((small, 5_000, fxs, "small.trig"),
                                         (whole, 10**9, [copy.copy(fx) for fx in rendered], "whole.trig")):
        with TrigWriter(tmp_path / name, dump_prefixes()) as trig:
            load_and_write(store, [articles, res2], trig, batch=batch)
            trig.close(None)
        assert (tmp_path / name).read_bytes() == ox.serialize(expected, format=ox.RdfFormat.TRIG,
                                                              prefixes=dump_prefixes())
    assert list(ox.parse(path=str(tmp_path / "small.trig"), format=ox.RdfFormat.TRIG)) == expected
    assert all(fx.rdf is None for fx in fxs) and all(fx.rdf is not None for fx in rendered)
    assert whole.calls == 1 and small.calls > 5 and small.most == 1 and not small.on_main   # another thread, one load at a time
    longest_chunk = max(len(c) for c in nquads_fill.quads_text(rendered, res2))
    assert small.largest <= 3 * (5_000 + longest_chunk) and small.largest < whole.largest   # UTF-8: <= 3 bytes a character
    named = {q for q in small.store if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert named == set(expected) == {q for q in whole.store if not isinstance(q.graph_name, ox.DefaultGraph)}
    union = {q.triple for q in small.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert union == {q.triple for q in expected}


def test_quads_already_made_are_loaded_in_bounded_calls():
    """nquads_load.load_quads: each call of the bulk loader gets at most BATCH quads and their union
    copies; the store ends with every quad in its graph and every triple in the default graph."""
    from graph.nquads_load import load_quads
    g = ox.NamedNode("http://example.org/analysis")
    made = [ox.Quad(ox.NamedNode(f"http://example.org/a{i}"), ox.NamedNode("http://example.org/rank"),
                    ox.Literal(str(i)), g) for i in range(250)]

    class Counting:
        def __init__(self):
            self.store, self.sizes = ox.Store(), []

        def bulk_extend(self, quads):
            quads = list(quads)
            self.sizes.append(len(quads))
            self.store.bulk_extend(quads)
    st = Counting()
    load_quads(st, made, batch=100)
    assert st.sizes == [200, 200, 100]
    parsed = Counting()                                    # N-Quads text, parsed as it is loaded
    load_quads(parsed, ox.parse(input=ox.serialize(made, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS),
               batch=100)
    assert parsed.sizes == [200, 200, 100] and set(parsed.store) == set(st.store)
    assert set(st.store.quads_for_pattern(None, None, None, g)) == set(made)
    assert {q.triple for q in st.store.quads_for_pattern(None, None, None, ox.DefaultGraph())} == {q.triple for q in made}
