"""The large path's loading: the graph's N-Quads text (graph.nquads_fill) handed to Oxigraph's bulk
loader in bounded batches, and to graph.trig's writer (graph.trig_segments) in the order written."""
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


def load_and_write(st, parts: list, trig, batch: int = LOAD_BATCH, update=None, digests: dict | None = None):
    """The graph's quads (graph.nquads.quads_text), in order, bulk-loaded into store ST in batches of about
    BATCH characters (into its named graph, and as triples into the default graph: the union, where copies
    collapse) and written to graph.trig by TRIG (graph.trig_segments.TrigWriter: an article graph by itself,
    the actors graph as one stream at the end). Oxigraph's loader holds what one call is given in memory
    (its target is about 2 GB a thread, not settable from Python), so it is given bounded batches; it runs
    on another thread (without the GIL, given bytes) while the next batch is filled and written, one load
    at a time. Every load has ended when this returns.

    UPDATE (graph.store_update.StoreUpdate, whose store ST is): ST already holds the previous build's
    graphs; only the articles it lacks are loaded, changed ones are rewritten by UPDATE, and the actors
    graph is compared with what ST holds, then the graphs no longer built are removed. DIGESTS: filled
    with each article graph's digest (graph.store_update.digest), for the next build's update."""
    extractions, resolution = parts
    parts.clear()
    union, load, size = [], [], 0
    actors = []       # the actors graph's text: written to graph.trig as one block once all is read
    with ThreadPoolExecutor(1) as loader:
        loading = None
        for chunk in quads_text(extractions, resolution, drop=True):
            data = chunk.encode("utf-8")
            graph = graph_of(chunk)
            if graph == _ACTORS:
                actors.append(data)
                new = update is None
            else:
                value = digest(data)
                if digests is not None:
                    digests[graph] = value
                trig.graph(graph, value, data)
                new = update is None or update.article(graph, data, value)
            if new:
                union.append(triples_of(chunk).encode("utf-8"))
                load.append(data)
            size += len(chunk)
            if size >= batch:
                loading = _load(loader, loading, st, union, load)
                size = 0
        loading = _load(loader, loading, st, union, load)
        if loading is not None:
            loading.result()
    trig.stream(q for data in actors for q in ox.parse(input=data, format=ox.RdfFormat.N_QUADS))
    if update is not None:   # every load has ended
        text = b"".join(actors)
        del actors
        update.replace(_ACTORS, text)
        del text
        update.finish()


def _load(loader, loading, st, union: list, load: list):
    """The load of the batch started: the quads of LOAD (all the batch's, but in an incremental build), then
    their triples (UNION: N-Quads without a graph name, the default graph), in one call of the bulk loader
    (each call writes and syncs its files), once the previous batch's load has ended. The loader is
    lenient (it skips checking IRIs again): graph.trig's writer parses the text strictly."""
    data = b"".join([*load, *union])
    union.clear()
    load.clear()
    if not data:
        return loading
    if loading is not None:
        loading.result()
    return loader.submit(st.bulk_load, input=data, format=ox.RdfFormat.N_QUADS, lenient=True)


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

