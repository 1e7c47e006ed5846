"""graph.ttl of an incremental build: the previous build's graph.ttl with the block of every subject whose
triples did not change copied, and only the changed subjects serialized again from the store.

A large build's graph.ttl is Oxigraph's Turtle dump of the store's default graph (the union): 690 MB and
118 s of one core at 100,000 articles, most of it decoding every term of ~6.4M triples. The dump writes
the prefix declarations, then one block a subject (`<s> p o ;` and lines starting with a tab, ending ` .`),
subjects in the order of the store's key for them, each block depending on nothing but that subject's
triples. An update adding 1,000 articles changes the triples of about a tenth of the subjects (the
centrality figures of every actor among them), so:

1. the previous graph.ttl is read once: its digest checked against the record the previous build left in
   its store folder (RECORD), its subjects listed;
2. the order the dump would give is asked of Oxigraph itself: the old subjects and the new ones, one
   triple each, loaded into a scratch store whose key order is the same, and read back in order (no
   assumption about how Oxigraph encodes a term);
3. the file is read again and written out in that order: an untouched subject's block copied, a touched
   or new one serialized from the store (its triples in key order, as the dump reads them).

TOUCHED is the set of subjects of every triple an update added to or removed from any named graph
(graph.store_update.StoreUpdate.touched): the union changes only there. Whenever something does not fit
(no record, another pyoxigraph or set of prefixes, a digest that differs, a subject that is not an IRI, the
old subjects not in the scratch store's order), the store is dumped as before. tests/test_turtle_blocks.py
compares the result with a dump byte for byte."""
from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox

from graph.atomic import write_bytes_atomic

RECORD = "actorgraph-ttl-digest.tsv"   # in the store folder: what graph.ttl beside the folder should hold
READ = 16 << 20       # bytes of the previous graph.ttl read at once
ORDER_BATCH = 8 << 20   # bytes of N-Triples text a call of the scratch store's bulk loader
SERIALIZE = 5_000     # touched subjects serialized in one call
_TURTLE = ox.RdfFormat.TURTLE
_DEFAULT = ox.DefaultGraph()
_SUBJECT = re.compile(rb"\n<([^>\n]*)>")   # a block's first line (after a newline): its subject, written in full
_NOT_A_BLOCK_LINE = re.compile(rb"\n[^<\t]")      # a line neither opening a block nor continuing one
_PAIRING = b"> <urn:actorgraph:order> <urn:actorgraph:order> .\n"


class _Misfit(Exception):
    """The previous graph.ttl cannot be used: dump instead."""


def _prefixes_digest(prefixes: dict) -> str:
    declared = "".join(f"{p}\t{ns}\n" for p, ns in sorted(prefixes.items())).encode("utf-8")
    return hashlib.blake2b(declared, digest_size=16).hexdigest()


def _record_header(prefixes: dict) -> str:
    return f"actorgraph ttl digest 1, pyoxigraph {ox.__version__}, prefixes {_prefixes_digest(prefixes)}"


def declarations(prefixes: dict) -> bytes:
    """The prefix declarations Oxigraph's Turtle writer opens a non-empty output with."""
    probe = ox.Triple(ox.NamedNode("urn:actorgraph:probe"), ox.NamedNode("urn:actorgraph:probe"),
                      ox.NamedNode("urn:actorgraph:probe"))
    out = ox.serialize([probe], format=_TURTLE, prefixes=prefixes)
    at = out.find(b"<urn:actorgraph:probe>")
    if at < 0 or not out.startswith(b"<urn:actorgraph:probe> ", at):
        raise _Misfit
    return out[:at]


def write_record(store_dir: Path, prefixes: dict, size: int, digest: str) -> None:
    write_bytes_atomic(Path(store_dir) / RECORD,
                       f"{_record_header(prefixes)}\n{size}\t{digest}\n".encode("utf-8"))


def read_record(store_dir: Path, prefixes: dict) -> tuple | None:
    """(size, digest) of the graph.ttl the build that wrote STORE_DIR left beside it; None when it left no
    record this version can use."""
    try:
        lines = (Path(store_dir) / RECORD).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if len(lines) != 2 or lines[0] != _record_header(prefixes):
        return None
    size, tab, digest = lines[1].partition("\t")
    if not tab or not size.isdigit() or len(digest) != 32:
        return None
    return int(size), digest


def _file_digest(path: Path) -> tuple:
    h, size = hashlib.blake2b(digest_size=16), 0
    with open(path, "rb") as f:
        while data := f.read(READ):
            h.update(data)
            size += len(data)
    return size, h.hexdigest()


def dump(store: ox.Store, path: Path, prefixes: dict, store_dir: Path | None) -> None:
    """The store's default graph dumped to PATH (Oxigraph's Turtle), and its record written into STORE_DIR
    (None: not kept)."""
    store.dump(str(path), _TURTLE, from_graph=_DEFAULT, prefixes=prefixes)
    if store_dir is not None:
        write_record(store_dir, prefixes, *_file_digest(path))


def write(store: ox.Store, path: Path, prefixes: dict, store_dir: Path | None,
          previous: Path | None = None, touched: set | None = None) -> int:
    """graph.ttl at PATH: the store's default graph as Oxigraph's dump writes it. With PREVIOUS (the store
    folder of the build this one updates, whose graph.ttl is beside it) and TOUCHED (the subjects, as
    UTF-8 bytes, of every triple added to or removed from the store since that build), the blocks of the
    other subjects are copied from the previous graph.ttl. How many were copied (0: dumped)."""
    if previous is not None and touched is not None:
        try:
            return _copy(store, Path(path), prefixes, store_dir, Path(previous), touched)
        except _Misfit:
            pass
    dump(store, path, prefixes, store_dir)
    return 0


class _Hashing:
    """The previous graph.ttl, read in parts, each part hashed as it is read."""

    def __init__(self, path: Path):
        self.file = open(path, "rb")
        self.hash, self.size = hashlib.blake2b(digest_size=16), 0

    def read(self, n: int) -> bytes:
        data = self.file.read(n)
        self.hash.update(data)
        self.size += len(data)
        return data

    def close(self) -> None:
        self.file.close()


def _blocks(old: _Hashing, start: bytes):
    """(subject, block) of each block of OLD after the declarations START, which it checks; _Misfit when a
    line neither opens a block with an IRI nor continues one."""
    if old.read(len(start)) != start:
        raise _Misfit
    carry = b""
    while data := old.read(READ):
        data = carry + data
        cut = data.rfind(b"\n<")
        if cut < 0:
            carry = data
            continue
        yield from _split(data[:cut + 1])
        carry = data[cut + 1:]
    if carry:
        if not carry.endswith(b"\n"):
            raise _Misfit
        yield from _split(carry)


def _split(part: bytes):
    if not part.startswith(b"<") or _NOT_A_BLOCK_LINE.search(part, 0, len(part) - 1):
        raise _Misfit
    first = _SUBJECT.match(b"\n" + part[:part.find(b"\n") + 1])   # PART starts with a block
    if first is None:
        raise _Misfit
    previous, a = first.group(1), 0
    for m in _SUBJECT.finditer(part):   # a match starts at the newline before a block
        yield previous, part[a:m.start() + 1]
        previous, a = m.group(1), m.start() + 1
    yield previous, part[a:]


def _copy(store, path: Path, prefixes: dict, store_dir, previous: Path, touched: set) -> int:
    record = read_record(previous, prefixes)
    old_path = previous.parent / "graph.ttl"
    if record is None or not old_path.is_file():
        raise _Misfit
    start = declarations(prefixes)
    with tempfile.TemporaryDirectory(prefix=".ttl-order-", dir=path.parent) as scratch:
        order = ox.Store(str(Path(scratch) / "order"))
        try:
            new = _load_order(order, old_path, start, record, touched)
            copied = _merge(store, order, path, prefixes, store_dir, old_path, start, record, touched, new)
        except _Misfit:   # handled here, so that nothing holds the scratch store once the block is left
            copied = None
        finally:
            del order     # closed before its folder goes
    if copied is None:
        raise _Misfit
    return copied


def _load_order(order: ox.Store, old_path: Path, start: bytes, record: tuple, touched: set) -> set:
    """Every subject of the previous graph.ttl and every touched one, one triple each, into the scratch store
    ORDER; the touched subjects the previous graph.ttl lacks. _Misfit when the file is not the one recorded."""
    new, text, size = set(touched), [], 0
    old = _Hashing(old_path)
    try:
        for subject, _ in _blocks(old, start):
            new.discard(subject)
            text.append(b"<" + subject + _PAIRING)
            size += len(subject) + 60
            if size >= ORDER_BATCH:
                order.bulk_load(input=b"".join(text), format=ox.RdfFormat.N_TRIPLES, lenient=True)
                text, size = [], 0
    finally:
        old.close()
    if (old.size, old.hash.hexdigest()) != record:
        raise _Misfit
    text.extend(b"<" + subject + _PAIRING for subject in sorted(new))
    order.bulk_load(input=b"".join(text), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return new


def _merge(store, order, path: Path, prefixes, store_dir, old_path, start, record, touched, new) -> int:
    """PATH written in ORDER's order from the previous graph.ttl's blocks and the store; its record into
    STORE_DIR. _Misfit when the previous file's subjects are not in ORDER's order, or changed meanwhile."""
    listed = path.parent / f".ttl-order-{path.name}.nt"   # ORDER's subjects, dumped without the GIL (the view
    order.dump(str(listed), ox.RdfFormat.N_TRIPLES, from_graph=_DEFAULT)   # and the summaries run meanwhile)
    try:
        fresh = _serialized(store, [s for s in _subjects_in(listed) if s in touched], prefixes, start)
        out = _Output(path, start)
        old, copied = _Hashing(old_path), 0
        try:
            blocks = _blocks(old, start)
            for subject in _subjects_in(listed):
                if subject not in new:
                    found, block = next(blocks, (None, None))
                    if found != subject:
                        raise _Misfit
                    if subject not in touched:
                        out.put(block)
                        copied += 1
                        continue
                found, block = next(fresh)
                out.put(block)
            if next(blocks, None) is not None:
                raise _Misfit
        finally:
            old.close()
            out.close()
    finally:
        listed.unlink(missing_ok=True)
    if (old.size, old.hash.hexdigest()) != record:
        raise _Misfit
    if store_dir is not None:
        write_record(store_dir, prefixes, out.size, out.hash.hexdigest())
    return copied


class _Output:
    """The new graph.ttl: the declarations before the first block (none when there is no block), the blocks
    gathered into large writes, everything hashed for the record."""

    def __init__(self, path: Path, start: bytes):
        self.file, self.start = open(path, "wb"), start
        self.hash, self.size = hashlib.blake2b(digest_size=16), 0
        self.parts, self.pending = [], 0

    def put(self, block: bytes) -> None:
        if block:
            if not self.size and not self.parts:
                self.parts.append(self.start)
            self.parts.append(block)
            self.pending += len(block)
            if self.pending >= 1 << 20:
                self._write()

    def _write(self) -> None:
        data = b"".join(self.parts)
        self.file.write(data)
        self.hash.update(data)
        self.size += len(data)
        self.parts, self.pending = [], 0

    def close(self) -> None:
        if not self.file.closed:
            self._write()
            self.file.close()


def _subjects_in(listed: Path):
    """The subjects of N-Triples file LISTED, in its order, read in parts."""
    with open(listed, "rb") as f:
        carry = b"\n"
        while data := f.read(READ):
            data = carry + data
            cut = data.rfind(b"\n")
            yield from _SUBJECT.findall(data, 0, cut)   # each line's subject, after the newline before it
            carry = data[cut:]
        if carry != b"\n":
            raise _Misfit


def _serialized(store: ox.Store, subjects: list, prefixes: dict, start: bytes):
    """(subject, its block as the dump writes it; empty when it has no triple left) for each of SUBJECTS,
    in this order: SERIALIZE subjects' triples serialized in one call and cut at each subject's first line.
    The quads found are checked to have the subject asked for (tests/test_store_update.py: pyoxigraph
    0.5.13's prefix scans can run past a key ending in byte 0xFF)."""
    for i in range(0, len(subjects), SERIALIZE):
        batch, triples, stated = subjects[i:i + SERIALIZE], [], []
        for s in batch:
            node = ox.NamedNode(s.decode("utf-8"))
            found = [q.triple for q in store.quads_for_pattern(node, None, None, _DEFAULT) if q.subject == node]
            if found:
                triples.extend(found)
                stated.append(s)
        out = ox.serialize(triples, format=_TURTLE, prefixes=prefixes) if triples else b""
        if triples and not out.startswith(start):
            raise _Misfit
        at, cuts = len(start), {}
        for k, s in enumerate(stated):
            head = b"<" + s + b"> "
            if k == 0:
                if not out.startswith(head, at):
                    raise _Misfit
            else:
                at = out.find(b"\n" + head, at)
                if at < 0:
                    raise _Misfit
                at += 1
            cuts[s] = at
        ends = [*(cuts[s] for s in stated[1:]), len(out)]
        blocks = {s: out[cuts[s]:end] for s, end in zip(stated, ends)}
        for s in batch:
            yield s, blocks.get(s, b"")
