"""graph.turtle_blocks: an update's graph.ttl, made of the previous graph.ttl's blocks of the subjects it did
not touch and the touched ones serialized again, is byte for byte the dump of the new store; whatever does
not fit (no record, a file changed since, another order) gives the dump."""
import pyoxigraph as ox
import pytest

from graph import turtle_blocks as tb
from graph.outputs import dump_prefixes

EX = "https://w3id.org/actorgraph/id/"
AG = "https://w3id.org/actorgraph/ontology#"
PREFIXES = dump_prefixes()


def n(local):
    return ox.NamedNode(EX + local)


def p(local):
    return ox.NamedNode(AG + local)


def invented(k: int = 60):
    """Triples of K invented subjects: labels with quotes, newlines and Arabic, figures, links."""
    out = []
    for i in range(k):
        s = n(f"person/invented-{i}")
        out += [ox.Triple(s, p("label"), ox.Literal(f'Name "{i}"\nline', language="en")),
                ox.Triple(s, p("label"), ox.Literal(f"اسم {i}", language="ar")),
                ox.Triple(s, p("degree"), ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
                ox.Triple(s, p("knows"), n(f"person/invented-{(i * 7) % k}"))]
    out.append(ox.Triple(n("org/جامعة-مثال"), p("label"), ox.Literal("جامعة مثال", language="ar")))
    return out


def store_of(path, triples):
    st = ox.Store(str(path))
    st.bulk_extend([ox.Quad(t.subject, t.predicate, t.object) for t in triples])
    return st


def dumped(st, tmp_path, name="dump.ttl"):
    st.dump(str(tmp_path / name), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
    return (tmp_path / name).read_bytes()


@pytest.fixture
def previous(tmp_path):
    """A previous build's folder: its store (with the record) and graph.ttl beside it."""
    folder = tmp_path / "old"
    folder.mkdir()
    st = store_of(folder / ".store", invented())
    tb.write(st, folder / "graph.ttl", PREFIXES, folder / ".store")
    del st
    return folder


def changed(tmp_path, previous):
    """The new store: one subject's label changed, one subject gone, two subjects new; the touched set."""
    triples = invented()
    old_label = ox.Triple(n("person/invented-3"), p("label"), ox.Literal('Name "3"\nline', language="en"))
    gone = n("person/invented-5")
    triples = [t for t in triples if t != old_label and t.subject != gone]
    triples += [ox.Triple(n("person/invented-3"), p("label"), ox.Literal("Renamed", language="en")),
                ox.Triple(n("meeting/new-1"), p("attendee"), n("person/invented-3")),
                ox.Triple(n("meeting/new-2"), p("attendee"), n("person/invented-4"))]
    touched = {s.encode() for s in (EX + "person/invented-3", EX + "person/invented-5", EX + "meeting/new-1",
                                     EX + "meeting/new-2")}
    new_dir = tmp_path / "new"
    new_dir.mkdir()
    return store_of(new_dir / ".store", triples), new_dir, touched


def test_the_untouched_blocks_copied_and_the_touched_serialized_give_the_dump(tmp_path, previous):
    st, new_dir, touched = changed(tmp_path, previous)
    copied = tb.write(st, new_dir / "graph.ttl", PREFIXES, new_dir / ".store", previous / ".store", touched)
    assert copied == 61 - 2      # 61 subjects before, 3 and 5 touched; the new ones serialized
    assert (new_dir / "graph.ttl").read_bytes() == dumped(st, tmp_path)
    assert b"Renamed" in (new_dir / "graph.ttl").read_bytes()
    assert tb.read_record(new_dir / ".store", PREFIXES) == tb._file_digest(new_dir / "graph.ttl")
    assert not list(new_dir.glob(".ttl-order-*"))   # the scratch store removed


def test_nothing_touched_copies_every_block(tmp_path, previous):
    st = store_of(tmp_path / "same", invented())
    assert tb.write(st, tmp_path / "graph.ttl", PREFIXES, None, previous / ".store", set()) == 61
    assert (tmp_path / "graph.ttl").read_bytes() == (previous / "graph.ttl").read_bytes()


def test_a_subject_touched_but_unchanged_is_serialized_to_the_same_block(tmp_path, previous):
    st = store_of(tmp_path / "same", invented())
    every = {f"{EX}person/invented-{i}".encode() for i in range(0, 60, 2)}
    assert tb.write(st, tmp_path / "graph.ttl", PREFIXES, None, previous / ".store", every) == 31
    assert (tmp_path / "graph.ttl").read_bytes() == (previous / "graph.ttl").read_bytes()


def _rewrite(previous, data: bytes):
    (previous / "graph.ttl").write_bytes(data)
    tb.write_record(previous / ".store", PREFIXES, *tb._file_digest(previous / "graph.ttl"))


@pytest.mark.parametrize("spoil", ["no record", "file changed", "blocks swapped", "other prefixes", "not touched"])
def test_what_does_not_fit_is_dumped(tmp_path, previous, spoil):
    st, new_dir, touched = changed(tmp_path, previous)
    prefixes = PREFIXES
    if spoil == "no record":
        (previous / ".store" / tb.RECORD).unlink()
    elif spoil == "file changed":      # a byte changed after the record was written
        data = (previous / "graph.ttl").read_bytes()
        (previous / "graph.ttl").write_bytes(data.replace(b"invented-9>", b"invented-8>", 1))
    elif spoil == "blocks swapped":    # a file whose record fits, but whose subjects are not in the store's order
        data = (previous / "graph.ttl").read_bytes()
        start = tb.declarations(PREFIXES)
        blocks = [b"<" + b for b in data[len(start):].split(b"\n<")]
        blocks = [b if b.endswith(b"\n") else b + b"\n" for b in blocks]
        blocks[0] = blocks[0][1:]
        blocks[0], blocks[1] = blocks[1], blocks[0]
        _rewrite(previous, start + b"".join(blocks))
    elif spoil == "other prefixes":
        prefixes = {k: v for k, v in PREFIXES.items() if k != "foaf"}
    elif spoil == "not touched":
        touched = None
    copied = tb.write(st, new_dir / "graph.ttl", prefixes, new_dir / ".store", previous / ".store", touched)
    assert copied == 0
    expected = st.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes)
    assert (new_dir / "graph.ttl").read_bytes() == expected
    assert tb.read_record(new_dir / ".store", prefixes) == tb._file_digest(new_dir / "graph.ttl")


def test_a_blank_node_subject_is_not_copied(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    triples = [*invented(5), ox.Triple(ox.BlankNode("b1"), p("label"), ox.Literal("anonymous"))]
    st = store_of(folder / ".store", triples)
    tb.write(st, folder / "graph.ttl", PREFIXES, folder / ".store")
    assert tb.write(st, tmp_path / "graph.ttl", PREFIXES, None, folder / ".store", set()) == 0
    assert (tmp_path / "graph.ttl").read_bytes() == (folder / "graph.ttl").read_bytes()


def test_an_empty_graph_is_dumped_empty(tmp_path, previous):
    st = ox.Store(str(tmp_path / "empty"))
    everything = {f"{EX}person/invented-{i}".encode() for i in range(60)} | {f"{EX}org/جامعة-مثال".encode()}
    assert tb.write(st, tmp_path / "graph.ttl", PREFIXES, None, previous / ".store", everything) == 0
    assert (tmp_path / "graph.ttl").read_bytes() == b""
