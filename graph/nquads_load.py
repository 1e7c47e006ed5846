"""The large path's loading: the graph's N-Quads text (graph.nquads_fill) handed to Oxigraph's bulk
loader in bounded batches, and passed on, parsed, to the TriG writer in the order written."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

from graph.nquads_fill import quads_text, triples_of


# characters of N-Quads text per call of Oxigraph's bulk loader (it holds a call's all); two batches are in
# flight (one loading, the next filled). gen10k, 2026-12-04: the load stage 18.2 s one batch at a time (16M),
# 13.6 s overlapped with 16M batches (peak 766 MiB), 13.7 s with 8M (661 MiB; 597 MiB before)
LOAD_BATCH = 8 << 20


def loaded_batches(st, parts: list, batch: int = LOAD_BATCH):
    """The graph's quads (graph.nquads.quads_text), in order, each batch of about BATCH characters also
    bulk-loaded into store ST: into its named graph, and as triples into the default graph (the union,
    where copies collapse). Oxigraph's loader holds what one call is given in memory (its target is about
    2 GB a thread, not settable from Python), so it is given bounded batches; it runs on another thread
    (without the GIL, given bytes) while the next batch is filled and this one is parsed and written, one
    load at a time. Every load has ended when the last quad has been yielded."""
    extractions, resolution = parts
    parts.clear()
    named, union, size = [], [], 0
    with ThreadPoolExecutor(1) as loader:
        loading = None
        for chunk in quads_text(extractions, resolution, drop=True):
            named.append(chunk.encode("utf-8"))
            union.append(triples_of(chunk).encode("utf-8"))
            size += len(chunk)
            if size >= batch:
                text, loading = _load(loader, loading, st, named, union)
                yield from ox.parse(input=text, format=ox.RdfFormat.N_QUADS)
                named, union, size = [], [], 0
        text, loading = _load(loader, loading, st, named, union)
        yield from ox.parse(input=text, format=ox.RdfFormat.N_QUADS)
        if loading is not None:
            loading.result()


def _load(loader, loading, st, named: list, union: list) -> tuple:
    """(the batch's N-Quads text, the load of the batch started): its quads, then their triples (N-Quads
    without a graph name: the default graph), in one call of the bulk loader (each call writes and syncs
    its files), once the previous batch's load has ended. The text is parsed again, strictly, for
    graph.trig (the loader is lenient: it skips checking IRIs again)."""
    text = b"".join(named)
    if not text:
        return text, loading
    data = b"".join([text, *union])
    named.clear()
    union.clear()
    if loading is not None:
        loading.result()
    return text, loader.submit(st.bulk_load, input=data, format=ox.RdfFormat.N_QUADS, lenient=True)


# quads per call of the bulk loader for quads already made (the centrality figures: at 100k articles
# ~620,000, and with their union copies in one call the build's memory rose by ~1 GB for seconds)
LOAD_QUADS = 100_000


def load_quads(st, quads: list, batch: int = LOAD_QUADS):
    """QUADS bulk-loaded into store ST, BATCH at a time: each into its named graph and, as a triple,
    into the default graph (the union, where copies collapse)."""
    for lo in range(0, len(quads), batch):
        part = quads[lo:lo + batch]
        st.bulk_extend([*part, *(ox.Quad(q.subject, q.predicate, q.object) for q in part)])

