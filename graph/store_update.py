"""An incremental build's store: the previous build's store, copied (Oxigraph's backup: hard links to its
immutable files, instant), with only the named graphs whose quads changed rewritten, instead of every
quad bulk-loaded again. The result holds the same quads as a clean build's store, the union in its default
graph included (tests/test_store_update.py compares them quad for quad).

How a changed graph is found without reading the store: the store's folder keeps the SHA-256 of each
article graph's N-Quads text (graph.nquads_fill.quads_text, one chunk an article) in DIGESTS. An article
whose text has the same digest is left as it is; a new one is loaded as a clean build loads it; a changed
one, the actors graph and the analysis graph are compared with what the store holds, triple by triple,
and only the difference is written. A triple removed from a named graph is removed from the union too
unless another named graph still states it. An article no longer built loses its graph.

The digests live inside the store's folder, so whatever replaces the store replaces them, and a store
without them (an older build's, or one written by `write_store`) is simply not reused: the build loads
everything, as a clean build does. They name the pyoxigraph version that wrote the store.
"""
from __future__ import annotations

import hashlib
import shutil
import threading
from pathlib import Path

import pyoxigraph as ox

from graph.atomic import write_bytes_atomic
from graph.store import SUMMARIES

DIGESTS = "actorgraph-graph-digests.tsv"
_HEADER = f"actorgraph graph digests 1, pyoxigraph {ox.__version__}"
_DEFAULT = ox.DefaultGraph()
_SUMMARIES = ox.NamedNode(SUMMARIES)
SUMMARIES_PER_DELETE = 50_000   # quads of the previous summaries deleted a transaction
GROUP = 1_000   # triples a graph no longer states with one predicate, above which `_elsewhere` is asked first
REMOVE_BATCH = 10_000   # triples removed from a graph before their union copies are looked at (`replace`)
ADD_BATCH = 50_000      # quads to add kept as objects before they are made N-Quads text (`_add`)


def digest(chunk: bytes) -> str:
    return hashlib.sha256(chunk).hexdigest()


def read_digests(store_dir: Path) -> dict | None:
    """graph IRI -> digest of its text, as the build that wrote STORE_DIR left them; None when it left none
    this version can trust (missing, unreadable, another format or pyoxigraph)."""
    try:
        lines = (Path(store_dir) / DIGESTS).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or lines[0] != _HEADER:
        return None
    digests = {}
    for line in lines[1:]:
        iri, tab, value = line.partition("\t")
        if not tab or len(value) != 64:
            return None
        digests[iri] = value
    return digests


def write_digests(store_dir: Path, digests: dict) -> None:
    text = "".join(f"{iri}\t{value}\n" for iri, value in sorted(digests.items()))
    write_bytes_atomic(Path(store_dir) / DIGESTS, f"{_HEADER}\n{text}".encode("utf-8"))


class StoreUpdate:
    """The previous build's store, copied to a new folder, being brought to the new build's quads.

    `article(graph, chunk, digest)` for each article graph's text, in any order, says whether the text must
    be loaded as new (the graph is not in the store) and keeps a changed one for later; `replace(graph,
    triples)` makes any other named graph hold exactly TRIPLES (the actors graph, the analysis graph): it
    removes at once what the graph no longer states (with its union copy, unless another named graph
    states it) and keeps what it lacks; `finish()` replaces the changed articles, removes the graphs no
    longer built, then writes what every `replace` kept. Those are called once the caller's bulk loads have
    ended: Oxigraph's bulk loader is not transactional, and removals during a load give "weird results"
    (its documentation). The one write beside the loads is the removal of the previous summaries graph,
    whose quads no load writes."""

    def __init__(self, store: ox.Store, previous: dict):
        self.store, self.previous = store, previous
        # the previous build's query summaries are made again from the new graph (graph.summaries); removing
        # them deletes quad by quad (a 10k build's 420,000: 20 s) without the GIL, so it runs on its own thread
        # while the graph is written, and `summaries_removed` waits for it
        self._removing = None
        if store.contains_named_graph(_SUMMARIES):
            self._removing = threading.Thread(target=self._remove_summaries, name="summaries")
            self._removing.start()
        self.seen = set()     # the article graphs of the new build
        self.pending = []     # (graph, text) of the changed articles, rewritten by `finish`
        self.added = []       # N-Quads text of the quads to add, written with their union copies by `finish`
        self._adding = []     # quads to add not yet made text (`_add`)
        self.changed = 0      # article graphs rewritten (tests, benchmarks)
        self.kept = 0         # article graphs left as they were

    @classmethod
    def start(cls, previous_dir: Path | None, store_dir: Path) -> "StoreUpdate | None":
        """A copy of the store in PREVIOUS_DIR at STORE_DIR, to update; None (nothing made) when there is
        no previous store with digests this version trusts, or it cannot be copied."""
        if previous_dir is None or not Path(previous_dir).is_dir():
            return None
        previous = read_digests(previous_dir)
        if previous is None:
            return None
        try:
            ox.Store.read_only(str(previous_dir)).backup(str(store_dir))
            return cls(ox.Store(str(store_dir)), previous)
        except (OSError, ValueError, RuntimeError):   # damaged or locked: this build loads everything
            shutil.rmtree(store_dir, ignore_errors=True)
            return None

    def _remove_summaries(self) -> None:
        """The summaries graph removed SUMMARIES_PER_DELETE quads a transaction, each flushed: as one
        transaction (`remove_graph`) every deletion is held in memory, and unflushed they fill RocksDB's
        write buffers (a 101k build's 1.23M summary quads: +1,720 MiB at the peak as one, +949 MiB in parts,
        +278 MiB in flushed parts; BENCHMARKS.md). Should it fail, graph.summaries removes what is left."""
        g, per = _SUMMARIES.value, SUMMARIES_PER_DELETE
        delete = (f"DELETE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} "
                  f"WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} LIMIT {per} }} }}")
        while any(True for _ in self.store.quads_for_pattern(None, None, None, _SUMMARIES)):
            self.store.update(delete)
            self.store.flush()   # the deletions out of RocksDB's write buffers, one per index
        self.store.remove_graph(_SUMMARIES)

    def summaries_removed(self) -> None:
        """Return once the previous build's query summaries are out of the store."""
        if self._removing is not None:
            self._removing.join()
            self._removing = None

    def article(self, graph: str, chunk: bytes, value: str) -> bool:
        """Article graph GRAPH has the quads of CHUNK (its N-Quads text, whose digest is VALUE): True when
        the graph is new and CHUNK must be loaded as a clean build loads it (its quads, and their union
        copies); a changed one is kept for `finish`, an unchanged one left as it is."""
        self.seen.add(graph)
        before = self.previous.get(graph)
        if before == value:
            self.kept += 1
            return False
        if before is None:
            return True
        self.changed += 1
        self.pending.append((graph, chunk))
        return False

    def finish(self) -> None:
        """Once every article graph of the new build has been given and loaded: the changed ones rewritten,
        those the build no longer has removed, then what every `replace` found missing written (to its graph
        and the union). Every removal, with its union copy, comes before every addition: a triple added
        again, or the same term written otherwise (Oxigraph keeps a double's value, so "0.0" and "0" are one
        term, where their texts differ), gets its union copy back."""
        for graph, chunk in self.pending:
            self.replace(graph, chunk)
        self.pending = []
        for graph in sorted(set(self.previous) - self.seen):
            self.replace(graph, b"")
        self.previous = {g: v for g, v in self.previous.items() if g in self.seen}   # removed: not twice
        self._write()
        self.store.flush()   # the removals out of RocksDB's write buffers (one per index) and into files

    def _elsewhere(self, graph: str, predicate: str) -> bool:
        """Whether a named graph other than GRAPH states anything with PREDICATE: when none does, the triples
        GRAPH no longer states with it are stated by none (a 100k build's centrality figures change by the
        hundred thousand: one query each predicate, instead of a look-up each triple)."""
        return bool(self.store.query(f"ASK {{ GRAPH ?g {{ ?s <{predicate}> ?o }} FILTER(?g != <{graph}>) }}"))

    def _stated(self, t) -> bool:
        """Whether a named graph states triple T. The quads found are compared with T: on disk, pyoxigraph
        0.5.13's quads_for_pattern with an absent integer literal whose encoding ends in byte 0xFF (255,
        511, ...) bound also gives the quads of the next value (tests/test_store_update.py)."""
        return any(q.triple == t and not isinstance(q.graph_name, ox.DefaultGraph)
                   for q in self.store.quads_for_pattern(t.subject, t.predicate, t.object, None))

    def replace(self, graph: str, triples) -> None:
        """Make named graph GRAPH hold TRIPLES: N-Quads or N-Triples text (bytes), or a collection of
        ox.Triple or ox.Quad (graph names are left out). What it held and TRIPLES lack is removed now, from
        the graph, and from the union unless another named graph states it; what it lacked is added, to the
        graph and to the union, by `finish`.

        The two sides are compared by a 16-byte digest of each triple's N-Triples text (the text is the
        triple: two triples are equal when their texts are), not as sets of ox.Triple: at 100k articles the
        actors and analysis graphs hold ~500,000 triples each, 350 MiB as a set of ox.Triple, 40 MiB as
        digests. Each side is read twice instead: once for its digests, once for what the other lacks."""
        name = ox.NamedNode(graph)
        new = {_key(t) for t in _triples(triples)}
        old, gone, alone = set(), [], {}
        for q in self.store.quads_for_pattern(None, None, None, name):   # a snapshot: removals do not disturb it
            key = _key(q.triple)
            old.add(key)
            if key not in new:
                gone.append(q.triple)
                if len(gone) >= REMOVE_BATCH:
                    self._remove(name, gone, alone)
                    gone = []
        self._remove(name, gone, alone)
        if not new and old:
            self.store.remove_graph(name)
        del new
        for t in _triples(triples):
            key = _key(t)
            if key not in old:
                old.add(key)   # written once, however often TRIPLES repeats it
                self._add(ox.Quad(t.subject, t.predicate, t.object, name))

    def _remove(self, name: ox.NamedNode, triples: list, alone: dict) -> None:
        """TRIPLES out of named graph NAME, and out of the union where no other named graph states them.
        Where GROUP or more share a predicate, one query asks whether another graph uses it at all (ALONE
        keeps the answers: removals cannot change a no, and additions come after them)."""
        by_predicate = {}
        for t in triples:
            self.store.remove(ox.Quad(t.subject, t.predicate, t.object, name))
            by_predicate.setdefault(t.predicate.value, []).append(t)
        for predicate, group in sorted(by_predicate.items()):
            if predicate not in alone and len(group) >= GROUP:
                alone[predicate] = not self._elsewhere(name.value, predicate)
            by_itself = alone.get(predicate, False)
            for t in group:
                if by_itself or not self._stated(t):
                    self.store.remove(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT))

    def _add(self, quad: ox.Quad | None) -> None:
        """QUAD kept to be written by `finish`; ADD_BATCH of them are kept as N-Quads text, not as objects.
        None: what is kept so far made text."""
        if quad is not None:
            self._adding.append(quad)
        if self._adding and (quad is None or len(self._adding) >= ADD_BATCH):
            self.added.append(ox.serialize(self._adding, format=ox.RdfFormat.N_QUADS))
            self._adding = []

    def _write(self) -> None:
        """The quads to add, each into its graph and the union (graph.nquads_load.load_quads), ADD_BATCH
        quads and their union copies a call of the bulk loader. The calls gather every replaced graph's
        quads: each call writes and ingests files of its own, ~0.6 s at 100k articles, so one call per
        changed article (300 of them) took 200 s."""
        from graph.nquads_load import load_quads   # it imports this module
        self._add(None)
        load_quads(self.store, (q for text in self.added for q in ox.parse(input=text, format=ox.RdfFormat.N_QUADS)),
                   ADD_BATCH)
        self.added = []


def _key(triple: ox.Triple) -> bytes:
    """A 16-byte digest of TRIPLE's N-Triples text: two triples have one text exactly when they are equal
    as ox.Triple, and 2^128 values leave a collision among a graph's millions out of reach."""
    return hashlib.blake2b(str(triple).encode("utf-8"), digest_size=16).digest()


def _triples(triples):
    """The ox.Triple of TRIPLES: N-Quads text (bytes), parsed, or a collection of ox.Triple or ox.Quad
    (whose graph is left out)."""
    if isinstance(triples, (bytes, bytearray)):
        return (q.triple for q in ox.parse(input=bytes(triples), format=ox.RdfFormat.N_QUADS))
    return (t.triple if isinstance(t, ox.Quad) else t for t in triples)
