"""graph.trig_segments: graph.trig written graph by graph equals one serialization of all its quads, and an
incremental build copies the blocks of unchanged graphs from the previous graph.trig only when both the
text they were written from and the bytes found still match."""
import hashlib

import pyoxigraph as ox
import pytest

from graph import trig_segments
from graph.trig_segments import SEGMENTS, TrigWriter, _Declaring, read_segments

EX = "https://example.org/"
PREFIXES = {"ex": EX + "vocab#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
P, NAME, WHEN = (ox.NamedNode(EX + "vocab#" + n) for n in ("mentions", "name", "when"))
DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


@pytest.fixture(autouse=True, params=[1, 1_000, 1 << 22], ids=["a call a graph", "a call a few", "one call"])
def batch(request, monkeypatch):
    """Graphs serialized one a call, a few a call, and all in one call: the blocks are found either way."""
    monkeypatch.setattr(trig_segments, "BATCH", request.param)


def article(n: int, names: tuple) -> list:
    """An invented article graph: the article mentions each name, each a person with a label."""
    g = ox.NamedNode(f"{EX}article/{n}")
    quads = [ox.Quad(g, WHEN, ox.Literal(f"2026-01-{n % 28 + 1:02d}", datatype=DATE), g)]
    for name in names:
        person = ox.NamedNode(f"{EX}person/{name.replace(' ', '-')}")
        quads += [ox.Quad(g, P, person, g), ox.Quad(person, NAME, ox.Literal(name, language="en"), g)]
    return quads


def actors(names) -> list:
    g = ox.NamedNode(EX + "actors")
    return [ox.Quad(ox.NamedNode(f"{EX}person/{n.replace(' ', '-')}"), NAME, ox.Literal(n), g) for n in names]


def text(quads) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def write(path, graphs: dict, tail: list, previous=None, store=None):
    """GRAPHS (IRI -> quads) one at a time, then TAIL streamed in two chunks, then an analysis graph declared
    again; the writer, closed, its SEGMENTS written into STORE."""
    with TrigWriter(path, PREFIXES, previous) as w:
        for iri, quads in graphs.items():
            data = text(quads)
            w.graph(iri, hashlib.sha256(data).hexdigest(), data)
        w.stream(iter([*tail[:1], *tail[1:]]))
        w.stream(analysis(), declare=True)
        w.close(store)
    return w


def analysis() -> list:
    g = ox.NamedNode(EX + "analysis")
    return [ox.Quad(ox.NamedNode(EX + "person/Amina-Yusuf"), ox.NamedNode(EX + "vocab#degree"),
                    ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), g)]


def expected(graphs: dict, tail: list) -> bytes:
    """What one serialization of everything writes, then the analysis graph with its prefixes again."""
    body = ox.serialize([q for quads in graphs.values() for q in quads] + tail, format=ox.RdfFormat.TRIG,
                        prefixes=PREFIXES)
    return body + ox.serialize(analysis(), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)


def corpus():
    graphs = {f"{EX}article/{n}": article(n, names) for n, names in enumerate(
        [("Amina Yusuf", "Omar Farouk"), ("Leila Haddad",), ("Amina Yusuf", "Tariq Nasser", "Sami Aziz"),
         ("Omar Farouk",), ("Sami Aziz", "Leila Haddad")])}
    return graphs, actors(["Amina Yusuf", "Leila Haddad", "Omar Farouk", "Sami Aziz", "Tariq Nasser"])


def test_graph_by_graph_is_one_serialization_of_all(tmp_path):
    graphs, tail = corpus()
    w = write(tmp_path / "graph.trig", graphs, tail, store=tmp_path)
    assert (tmp_path / "graph.trig").read_bytes() == expected(graphs, tail)
    assert w.copied == 0
    segments = read_segments(tmp_path, PREFIXES)
    whole = (tmp_path / "graph.trig").read_bytes()
    for iri in graphs:   # each article's block, where SEGMENTS says, opens and closes its graph
        s = segments[iri]
        assert whole[s.offset:s.offset + s.length].startswith(f"<{iri}> {{\n".encode())
        assert whole[s.offset:s.offset + s.length].endswith(b"}\n")


def test_unchanged_blocks_are_copied_and_the_result_is_a_clean_write(tmp_path):
    graphs, tail = corpus()
    old = tmp_path / "old"
    (old / ".store").mkdir(parents=True)
    write(old / "graph.trig", graphs, tail, store=old / ".store")
    graphs[f"{EX}article/1"] = article(1, ("Leila Haddad", "Yara Khalil"))        # changed
    items = list(graphs.items())
    graphs = dict([*items[:2], (f"{EX}article/9", article(9, ("Omar Farouk",))), *items[2:]])   # one new
    del graphs[f"{EX}article/3"]                                                    # one removed
    w = write(tmp_path / "new.trig", graphs, tail, previous=old / ".store", store=tmp_path)
    assert (tmp_path / "new.trig").read_bytes() == expected(graphs, tail)
    assert w.copied == 2    # articles 2 and 4; article 0's block is the first, written after the prefixes


def test_a_block_whose_bytes_changed_is_written_again(tmp_path):
    graphs, tail = corpus()
    old = tmp_path / "old"
    (old / ".store").mkdir(parents=True)
    write(old / "graph.trig", graphs, tail, store=old / ".store")
    trig = (old / "graph.trig").read_bytes()
    assert trig.count(b"Tariq Nasser") == 2
    (old / "graph.trig").write_bytes(trig.replace(b"Tariq Nasser", b"Tariq Nasira", 1))   # same length
    w = write(tmp_path / "new.trig", graphs, tail, previous=old / ".store")
    assert (tmp_path / "new.trig").read_bytes() == expected(graphs, tail)
    assert w.copied == 3    # articles 1, 3 and 4; article 2's bytes no longer have their digest


@pytest.mark.parametrize("change", ["version", "prefixes", "cut"])
def test_segments_another_writer_left_are_not_used(tmp_path, change):
    graphs, tail = corpus()
    old = tmp_path / "old"
    (old / ".store").mkdir(parents=True)
    write(old / "graph.trig", graphs, tail, store=old / ".store")
    assert read_segments(old / ".store", PREFIXES)
    path = old / ".store" / SEGMENTS
    if change == "version":
        path.write_text(path.read_text().replace(f"pyoxigraph {ox.__version__}", "pyoxigraph 0.0.1"))
    elif change == "cut":
        path.write_bytes(path.read_bytes()[:-5])   # inside the last block digest
    other = {**PREFIXES, "ex": EX + "other#"} if change == "prefixes" else PREFIXES
    assert read_segments(old / ".store", other) is None
    with TrigWriter(tmp_path / "new.trig", other, old / ".store") as w:
        for iri, quads in graphs.items():
            data = text(quads)
            w.graph(iri, hashlib.sha256(data).hexdigest(), data)
    assert w.copied == 0


def test_prefix_declarations_are_left_out_however_the_serializer_cuts_its_writes():
    data = ox.serialize(actors(["Amina Yusuf", "Sami Aziz"]), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    body = data[data.index(b"\n<") + 1:]
    for declare, wanted in ((False, body), (True, data)):
        got = []
        out = _Declaring(got.append, declare)
        for i in range(len(data)):           # a byte a write
            assert out.write(data[i:i + 1]) == 1
        out.flush()
        assert b"".join(got) == wanted
    nothing = []
    out = _Declaring(nothing.append, False)
    out.flush()
    assert nothing == []
