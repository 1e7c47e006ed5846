"""The large path's loading: the graph's N-Quads text (graph.nquads_fill) handed to Oxigraph's bulk
loader in bounded batches, and passed on, parsed, to the TriG writer in the order written."""
from __future__ import annotations

import io

import pyoxigraph as ox

from graph.nquads_fill import quads_text, triples_of


LOAD_BATCH = 16 << 20   # characters of N-Quads text per call of Oxigraph's bulk loader (it holds a call's all)


def loaded_batches(st, parts: list, batch: int = LOAD_BATCH):
    """The graph's quads (graph.nquads.quads_text), in order, each batch of about BATCH characters
    first bulk-loaded into store ST: into its named graph, and as triples into the default graph (the
    union, where copies collapse). Oxigraph's loader holds what one call is given in memory (its
    target is about 2 GB a thread, not settable from Python), so it is given bounded batches."""
    extractions, resolution = parts
    parts.clear()
    named, union, size = [], [], 0
    for chunk in quads_text(extractions, resolution, drop=True):
        named.append(chunk.encode("utf-8"))
        union.append(triples_of(chunk).encode("utf-8"))
        size += len(chunk)
        if size >= batch:
            yield from _load(st, named, union)
            named, union, size = [], [], 0
    yield from _load(st, named, union)


def _load(st, named: list, union: list):
    """One call of the bulk loader for a batch: its quads, then their triples (N-Quads without a graph
    name: the default graph), read one after the other without joining them (each call writes and
    syncs its files: one call, not two); then the quads parsed, for graph.trig."""
    if not named:
        return iter(())
    text, triples = b"".join(named), b"".join(union)
    named.clear()
    union.clear()
    # lenient: the loader skips checking IRIs again; the same text is parsed strictly for graph.trig
    st.bulk_load(input=_Chained(text, triples), format=ox.RdfFormat.N_QUADS, lenient=True)
    del triples
    return ox.parse(input=text, format=ox.RdfFormat.N_QUADS)


class _Chained(io.RawIOBase):
    """Two byte strings read as one file, without a copy of both."""

    def __init__(self, *parts: bytes):
        self.parts, self.at = [memoryview(p) for p in parts], 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        while self.parts and self.at >= len(self.parts[0]):
            self.parts.pop(0)
            self.at = 0
        if not self.parts:
            return 0
        n = min(len(buf), len(self.parts[0]) - self.at)
        buf[:n] = self.parts[0][self.at:self.at + n]
        self.at += n
        return n
