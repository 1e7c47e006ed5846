"""The slim extractions of a large build kept on disk instead of in memory (issue 19: at 100,000
articles the building process held ~1.5 GB of them from extraction until the store was loaded, beside
Oxigraph's loader).

Each extraction is kept pickled, as the worker sent it, in one unnamed temporary file (removed by the
system when it is closed or the process ends); only its article's name and place in the file stay in
memory. Every pass over the extractions (resolution, the report, the N-Quads) reads them back one at a
time, in the order they were added (the input order, as a list of them has it) or in the order of their
articles' names (`in_article_order`, as the graph is written). An extraction read back is a new object
each time: a change made to it is not kept (`append` a changed one to another spool instead).

Each extraction is kept as two pickles one after the other: its local entities, and the rest (the
article, the facts and their N-Quads templates …). A pass that needs only one of the two reads only that
one (`entities`, `without_entities`): unpickling the whole extraction for each of six passes took most of
a 100k build's resolution stage, which only the first pass (graph.resolve) needs the entities for.

The two pickles are made where the extraction is (`SpoolRecord.of`): the reader's workers send them, so the
building process appends bytes (`add`) instead of unpickling each extraction and pickling it again, work that
ran on its one core while the workers waited (graph.read_extract)."""
from __future__ import annotations

import copy
import os
import pickle
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Counted:
    """What a build's report counts of its extractions: the facts of each kind, and each article's
    (name, sha256) in the extractions' order."""
    facts: Counter = field(default_factory=Counter)
    articles: list = field(default_factory=list)

    def add(self, fx):
        self.facts.update(f.kind for f in fx.facts)
        self.articles.append((fx.article.id, fx.article.sha256))

    def add_record(self, record: "SpoolRecord"):
        self.facts.update(record.kinds)
        self.articles.append((record.article_id, record.sha256))


@dataclass
class SpoolRecord:
    """One extraction as a spool keeps it, its two pickles made where it was extracted, with what the
    building process needs to know of it without unpickling: its article's name and digest, the kind of
    each fact (the report's count) and its warnings (the report's lines)."""
    article_id: str
    sha256: str
    entities: bytes     # the pickled local entities
    rest: bytes         # the rest of the extraction, pickled with its entities left empty
    kinds: list
    warnings: list

    @classmethod
    def of(cls, fx) -> "SpoolRecord":
        """FX pickled as a spool keeps it (FX unchanged: the rest is a shallow copy without the entities)."""
        rest = copy.copy(fx)
        rest.entities = {}
        return cls(fx.article.id, fx.article.sha256, pickle.dumps(fx.entities, protocol=pickle.HIGHEST_PROTOCOL),
                   pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL), [f.kind for f in fx.facts],
                   list(getattr(fx, "warnings", None) or []))


class SpooledExtractions:
    """A sequence of graph.model.ArticleFacts pickled into a temporary file in FOLDER."""

    def __init__(self, folder: Path | str | None = None):
        self.folder = folder
        self._file = tempfile.TemporaryFile(dir=folder)
        self._index = []   # (article id, offset, length of the entities' pickle, length of the rest's), as added
        self._end = 0
        self.counted = Counted()   # as they are added: the report needs no pass over the file

    def append(self, fx):
        """Keep FX (unchanged: its entities are pickled apart from a shallow copy without them)."""
        self.add(SpoolRecord.of(fx))

    def add(self, record: SpoolRecord):
        """Keep the extraction RECORD holds, pickled already (SpoolRecord.of)."""
        self._file.write(record.entities)
        self._file.write(record.rest)
        self._index.append((record.article_id, self._end, len(record.entities), len(record.rest)))
        self._end += len(record.entities) + len(record.rest)
        self.counted.add_record(record)

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self):
        return self._read(self._index)

    def in_article_order(self):
        """The extractions ordered by their article's name (names are unique within a build)."""
        return self._read(sorted(self._index))

    def entities(self, ordered: bool = False):
        """(article id, its local entities) of each extraction, in the order added or (ORDERED) of the
        articles' names; nothing else of the extractions is read."""
        fd = self._flushed()
        for aid, offset, n_entities, _ in (sorted(self._index) if ordered else self._index):
            yield aid, pickle.loads(os.pread(fd, n_entities, offset))

    def without_entities(self, ordered: bool = False):
        """The extractions with their `entities` left empty (not read), in the order added or (ORDERED) of
        the articles' names."""
        fd = self._flushed()
        for _, offset, n_entities, n_rest in (sorted(self._index) if ordered else self._index):
            yield pickle.loads(os.pread(fd, n_rest, offset + n_entities))

    def empty_like(self) -> "SpooledExtractions":
        return SpooledExtractions(self.folder)

    def close(self):
        self._file.close()

    def _flushed(self) -> int:
        self._file.flush()
        return self._file.fileno()

    def _read(self, index):
        fd = self._flushed()
        for _, offset, n_entities, n_rest in index:
            data = os.pread(fd, n_entities + n_rest, offset)
            fx = pickle.loads(memoryview(data)[n_entities:])
            fx.entities = pickle.loads(memoryview(data)[:n_entities])
            yield fx


def in_article_order(extractions):
    """EXTRACTIONS (a list or a SpooledExtractions) ordered by their article's name."""
    if isinstance(extractions, SpooledExtractions):
        return extractions.in_article_order()
    return sorted(extractions, key=lambda f: f.article.id)


def entities_of(extractions, ordered: bool = False):
    """(article id, its local entities) of each of EXTRACTIONS (a list or a SpooledExtractions), in their
    order or (ORDERED) in the order of the articles' names; of a spool, only the entities are read."""
    if isinstance(extractions, SpooledExtractions):
        return extractions.entities(ordered)
    return ((fx.article.id, fx.entities) for fx in (in_article_order(extractions) if ordered else extractions))


def without_entities(extractions, ordered: bool = False):
    """EXTRACTIONS, in their order or (ORDERED) in the order of the articles' names, for a pass that does
    not read `entities`: of a spool, read back without them (left empty); a list's, as they are."""
    if isinstance(extractions, SpooledExtractions):
        return extractions.without_entities(ordered)
    return in_article_order(extractions) if ordered else iter(extractions)


def counted(extractions) -> Counted:
    """The report's count of EXTRACTIONS (a spool's was kept as they were added)."""
    if isinstance(extractions, SpooledExtractions):
        return extractions.counted
    out = Counted()
    for fx in extractions:
        out.add(fx)
    return out


def empty_like(extractions):
    """A new, empty container of EXTRACTIONS' kind: a list, or a spool in the same folder."""
    return extractions.empty_like() if isinstance(extractions, SpooledExtractions) else []


def as_list(extractions) -> list:
    """EXTRACTIONS as a list in memory (a spool read back whole, for the small build's writers)."""
    return list(extractions) if isinstance(extractions, SpooledExtractions) else extractions
