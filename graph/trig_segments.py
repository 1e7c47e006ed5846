"""graph.trig written graph by graph, so that an incremental build copies the block of every article graph
whose text did not change from the previous build's graph.trig instead of parsing and serializing it again.

Oxigraph's TriG serializer writes a graph's quads, when they come one after the other, as one block
`<graph> { ... }` that depends on nothing but those quads (in their order), the prefixes and the serializer
itself: serializing each article graph on its own and joining the blocks after one prefix header gives the
bytes of one serialization of the whole stream (tests/test_trig_segments.py). A large build's graph.trig
is about 1 GB at 100,000 articles, and parsing its N-Quads text again and serializing it is most of what
writing it costs; an unchanged article's block is read back instead.

SEGMENTS, kept in the store's folder beside the graph digests (graph.store_update), says for each article
graph where its block is in graph.trig, the digest of the text it was written from and a digest of the block
itself. A block is copied only when the new text has the same digest and the bytes found in the previous
graph.trig still have the block's digest; any other block (and everything, when the previous build left no
SEGMENTS this version trusts: another pyoxigraph, other prefixes) is serialized from the text.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyoxigraph as ox

from graph.atomic import write_atomic

SEGMENTS = "actorgraph-trig-segments.tsv"
BATCH = 4 << 20   # bytes of N-Quads text of the graphs serialized in one call
_TRIG = ox.RdfFormat.TRIG
_NQUADS = ox.RdfFormat.N_QUADS


def _block_digest(block: bytes) -> str:
    return hashlib.blake2b(block, digest_size=16).hexdigest()


def _header(prefixes: dict) -> str:
    """The first line of SEGMENTS: its format, the serializer, and the prefixes the blocks abbreviate with."""
    declared = "".join(f"{p}\t{ns}\n" for p, ns in sorted(prefixes.items())).encode("utf-8")
    return f"actorgraph trig segments 1, pyoxigraph {ox.__version__}, prefixes {_block_digest(declared)}"


class Segment:
    """Where one graph's block is in a graph.trig, the digest of the text it was written from, and its own."""
    __slots__ = ("offset", "length", "text", "block")

    def __init__(self, offset: int, length: int, text: str, block: str):
        self.offset, self.length, self.text, self.block = offset, length, text, block


def read_segments(store_dir: Path, prefixes: dict) -> dict | None:
    """graph IRI -> Segment as the build that wrote STORE_DIR left them; None when it left none this version
    can use (missing, unreadable, another format, serializer or set of prefixes)."""
    try:
        lines = (Path(store_dir) / SEGMENTS).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or lines[0] != _header(prefixes):
        return None
    found = {}
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) != 5 or not fields[1].isdigit() or not fields[2].isdigit() \
                or len(fields[3]) != 64 or len(fields[4]) != 32:
            return None
        found[fields[0]] = Segment(int(fields[1]), int(fields[2]), fields[3], fields[4])
    return found


class TrigWriter:
    """graph.trig at PATH, written one graph at a time (`graph`), or as a stream of quads (`stream`: the
    actors and the analysis graphs, whose text comes in several chunks); `close` writes SEGMENTS into
    STORE_DIR. PREVIOUS: the store folder of the build this one replaces (its SEGMENTS, whose graph.trig is
    beside it), or None."""

    def __init__(self, path: Path, prefixes: dict, previous: Path | None = None):
        self.prefixes = prefixes
        self.file = open(path, "wb", buffering=1 << 20)
        self.offset = 0
        self.declared = False        # the prefix declarations written
        self.segments = {}           # graph IRI -> Segment, of this graph.trig
        self.copied = 0              # blocks copied from the previous graph.trig (tests, benchmarks)
        self.pending, self.pending_size = [], 0   # (IRI, digest, text) of graphs to serialize, in order
        self.previous, self._old = None, None
        if previous is not None:
            self.previous = read_segments(previous, prefixes)
            if self.previous is not None:
                try:
                    self._old = os.open(Path(previous).parent / "graph.trig", os.O_RDONLY)
                except OSError:
                    self.previous = None

    def _write(self, data: bytes) -> None:
        self.file.write(data)
        self.offset += len(data)

    def graph(self, iri: str, text_digest: str, text: bytes) -> None:
        """Article graph IRI, whose N-Quads text (one graph, whole; no other chunk of it) is TEXT with digest
        TEXT_DIGEST: its block copied from the previous graph.trig, or serialized with the graphs around it
        that cannot be copied (one serializer call for BATCH bytes of text: a call a graph cost about 1.5x the CPU
        of one serialization of them all, benchmarks/trig_copy_bench.py)."""
        old = self.previous.get(iri) if self.previous else None
        if old is not None and old.text == text_digest:
            self._flush()
            block = self._read(old) if self.declared else None   # the first block comes after the prefixes
            if block is not None:
                self.copied += 1
                self._block(iri, text_digest, block)
                return
        if text:
            self.pending.append((iri, text_digest, text))
            self.pending_size += len(text)
            if self.pending_size >= BATCH:
                self._flush()

    def _read(self, old: Segment) -> bytes | None:
        """The previous graph.trig's block OLD, when its bytes are still what was written; else None."""
        try:
            block = os.pread(self._old, old.length, old.offset)
        except OSError:
            return None
        return block if len(block) == old.length and _block_digest(block) == old.block else None

    def _flush(self) -> None:
        """The graphs kept for serializing, serialized in one call, each graph's block found by its name (a
        block opens with `<graph> {` on a line of its own; any other line of a block starts with a tab)."""
        if not self.pending:
            return
        pending, self.pending, self.pending_size = self.pending, [], 0
        out = ox.serialize(ox.parse(input=b"".join(text for _, _, text in pending), format=_NQUADS),
                           format=_TRIG, prefixes=self.prefixes)
        end = _declarations_end(out)
        if not self.declared:
            self._write(out[:end])
            self.declared = end > 0
        starts = [end]
        for iri, _, _ in pending[1:]:
            starts.append(out.index(b"\n<" + iri.encode("utf-8") + b"> {\n", starts[-1]) + 1)
        view = memoryview(out)
        for (iri, text_digest, _), a, b in zip(pending, starts, [*starts[1:], len(out)]):
            self._block(iri, text_digest, view[a:b])

    def _block(self, iri: str, text_digest: str, block) -> None:
        self.segments[iri] = Segment(self.offset, len(block), text_digest, _block_digest(block))
        self._write(block)

    def stream(self, quads, declare: bool = False) -> None:
        """QUADS, serialized as they come (a graph whose text comes in several chunks stays one block).
        DECLARE: the prefixes declared again before them (TriG allows it); they are declared anyway when
        nothing has been written yet."""
        self._flush()
        out = _Declaring(self._write, declare or not self.declared)
        ox.serialize(quads, out, _TRIG, prefixes=self.prefixes)
        out.flush()
        self.declared = self.declared or out.declared

    def close(self, store_dir: Path | None) -> None:
        """graph.trig closed; SEGMENTS written into STORE_DIR (None: not kept). The segments are let go (at
        100k articles the old and the new ones hold ~80 MiB, which the view and the summaries need)."""
        self._flush()
        self._release()
        self.previous = None
        if store_dir is not None:
            write_atomic(Path(store_dir) / SEGMENTS, self._write_segments)
        self.segments = {}

    def _write_segments(self, f) -> None:
        f.write(f"{_header(self.prefixes)}\n".encode("utf-8"))
        for iri, s in self.segments.items():
            f.write(f"{iri}\t{s.offset}\t{s.length}\t{s.text}\t{s.block}\n".encode("utf-8"))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._release()

    def _release(self) -> None:
        """graph.trig and the previous one closed (once: `close`, then the with-block's end)."""
        if not self.file.closed:
            self.file.close()
        if self._old is not None:
            os.close(self._old)
            self._old = None


def _declarations_end(data: bytes) -> int | None:
    """Where the prefix declarations Oxigraph writes first (`@prefix p: <ns> .` lines) end in DATA; None when
    DATA may end inside them."""
    i = 0
    while data.startswith(b"@prefix ", i):
        j = data.find(b"\n", i)
        if j < 0:
            return None
        i = j + 1
    return None if len(data) - i < 8 and b"@prefix ".startswith(data[i:]) and i < len(data) else i


class _Declaring:
    """A file for ox.serialize that passes what it is given to WRITE, without the prefix declarations
    when DECLARE is false."""

    def __init__(self, write, declare: bool):
        self.write_on, self.declare = write, declare
        self.pending = b""      # the start, until the declarations are known to have ended
        self.started = False
        self.declared = False

    def write(self, data: bytes) -> int:
        if self.started:
            self.write_on(data)
            return len(data)
        self.pending += data
        end = _declarations_end(self.pending)
        if end is not None and end < len(self.pending):
            self._start(end)
        return len(data)

    def _start(self, end: int) -> None:
        self.started, self.declared = True, end > 0 and self.declare
        self.write_on(self.pending if self.declare else self.pending[end:])
        self.pending = b""

    def flush(self) -> None:
        if not self.started and self.pending:
            end = _declarations_end(self.pending)
            self._start(len(self.pending) if end is None else end)
