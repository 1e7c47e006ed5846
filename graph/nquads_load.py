"""The large path's loading: the graph's N-Quads text (graph.nquads_fill) handed to Oxigraph's bulk
loader in bounded batches, and passed on, parsed, to the TriG writer in the order written."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import islice

import pyoxigraph as ox

from graph.nquads_fill import graph_of, quads_text, triples_of
from graph.store_update import digest
from graph.to_rdf import ACTORS_GRAPH


# characters of N-Quads text per call of Oxigraph's bulk loader (it holds a call's all); two batches are in
# flight (one loading, the next filled). gen10k, 2026-12-04: the load stage 18.2 s one batch at a time (16M),
# 13.6 s overlapped with 16M batches (peak 766 MiB), 13.7 s with 8M (661 MiB; 597 MiB before)
LOAD_BATCH = 8 << 20
_ACTORS = str(ACTORS_GRAPH)


def loaded_batches(st, parts: list, batch: int = LOAD_BATCH, update=None, digests: dict | None = None):
    """The graph's quads (graph.nquads.quads_text), in order, each batch of about BATCH characters also
    bulk-loaded into store ST: into its named graph, and as triples into the default graph (the union,
    where copies collapse). Oxigraph's loader holds what one call is given in memory (its target is about
    2 GB a thread, not settable from Python), so it is given bounded batches; it runs on another thread
    (without the GIL, given bytes) while the next batch is filled and this one is parsed and written, one
    load at a time. Every load has ended when the last quad has been yielded.

    UPDATE (graph.store_update.StoreUpdate, whose store ST is): ST already holds the previous build's
    graphs; only the articles it lacks are loaded, changed ones are rewritten by UPDATE, and the actors
    graph is compared with what ST holds, then the graphs no longer built are removed. DIGESTS: filled
    with each article graph's digest (graph.store_update.digest), for the next build's update."""
    extractions, resolution = parts
    parts.clear()
    named, union, load, size = [], [], [], 0
    actors = []       # with UPDATE: the actors graph's text, compared once all is read
    with ThreadPoolExecutor(1) as loader:
        loading = None
        for chunk in quads_text(extractions, resolution, drop=True):
            data = chunk.encode("utf-8")
            named.append(data)
            graph = graph_of(chunk)
            if graph == _ACTORS and update is not None:
                actors.append(data)
            elif graph == _ACTORS or _to_load(graph, data, update, digests):
                union.append(triples_of(chunk).encode("utf-8"))
                load.append(data)
            size += len(chunk)
            if size >= batch:
                text, loading = _load(loader, loading, st, named, union, load)
                yield from ox.parse(input=text, format=ox.RdfFormat.N_QUADS)
                named, union, load, size = [], [], [], 0
        text, loading = _load(loader, loading, st, named, union, load)
        yield from ox.parse(input=text, format=ox.RdfFormat.N_QUADS)
        if loading is not None:
            loading.result()
    if update is not None:   # every load has ended
        text = b"".join(actors)
        del actors
        update.replace(_ACTORS, text)
        del text
        update.finish()


def _to_load(graph: str, data: bytes, update, digests: dict | None) -> bool:
    """Whether article graph GRAPH, whose N-Quads text is DATA, is to be loaded (all are, but in an
    incremental build: those new to the store); its digest kept in DIGESTS."""
    value = digest(data)
    if digests is not None:
        digests[graph] = value
    return update is None or update.article(graph, data, value)


def _load(loader, loading, st, named: list, union: list, load: list) -> tuple:
    """(the batch's N-Quads text, the load of the batch started): the quads of LOAD (all of NAMED, but in an
    incremental build), then their triples (UNION: N-Quads without a graph name, the default graph), in one
    call of the bulk loader (each call writes and syncs its files), once the previous batch's load has
    ended. The text is parsed again, strictly, for graph.trig (the loader is lenient: it skips checking
    IRIs again)."""
    text = b"".join(named)
    data = b"".join([*load, *union])
    named.clear()
    union.clear()
    load.clear()
    if not data:
        return text, loading
    if loading is not None:
        loading.result()
    return text, loader.submit(st.bulk_load, input=data, format=ox.RdfFormat.N_QUADS, lenient=True)


# quads per call of the bulk loader for quads already made (the centrality figures: at 100k articles
# ~620,000, and with their union copies in one call the build's memory rose by ~1 GB for seconds)
LOAD_QUADS = 100_000


def load_quads(st, quads, batch: int = LOAD_QUADS):
    """QUADS (any iterable: a list, or N-Quads text parsed as it goes) bulk-loaded into store ST, BATCH at
    a time: each into its named graph and, as a triple, into the default graph (the union, where copies
    collapse)."""
    quads = iter(quads)
    while part := list(islice(quads, batch)):
        st.bulk_extend([*part, *(ox.Quad(q.subject, q.predicate, q.object) for q in part)])

