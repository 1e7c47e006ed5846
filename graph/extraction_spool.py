"""The slim extractions of a large build kept on disk instead of in memory (issue 19: at 100,000
articles the building process held ~1.5 GB of them from extraction until the store was loaded, beside
Oxigraph's loader).

Each extraction is kept pickled, as the worker sent it, in one unnamed temporary file (removed by the
system when it is closed or the process ends); only its article's name and place in the file stay in
memory. Every pass over the extractions (resolution, the report, the N-Quads) reads them back one at a
time, in the order they were added (the input order, as a list of them has it) or in the order of their
articles' names (`in_article_order`, as the graph is written). An extraction read back is a new object
each time: a change made to it is not kept (`append` a changed one to another spool instead)."""
from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path


class SpooledExtractions:
    """A sequence of graph.model.ArticleFacts pickled into a temporary file in FOLDER."""

    def __init__(self, folder: Path | str | None = None):
        self.folder = folder
        self._file = tempfile.TemporaryFile(dir=folder)
        self._index = []   # (article id, offset, length), in the order added
        self._end = 0

    def append(self, fx, pickled: bytes | None = None):
        """Keep FX (or PICKLED: FX already pickled, as a worker sends it)."""
        data = pickled if pickled is not None else pickle.dumps(fx, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(data)
        self._index.append((fx.article.id, self._end, len(data)))
        self._end += len(data)

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self):
        return self._read(self._index)

    def in_article_order(self):
        """The extractions ordered by their article's name (names are unique within a build)."""
        return self._read(sorted(self._index))

    def empty_like(self) -> "SpooledExtractions":
        return SpooledExtractions(self.folder)

    def close(self):
        self._file.close()

    def _read(self, index):
        self._file.flush()
        fd = self._file.fileno()
        for _, offset, length in index:
            yield pickle.loads(os.pread(fd, length, offset))


def in_article_order(extractions):
    """EXTRACTIONS (a list or a SpooledExtractions) ordered by their article's name."""
    if isinstance(extractions, SpooledExtractions):
        return extractions.in_article_order()
    return sorted(extractions, key=lambda f: f.article.id)


def empty_like(extractions):
    """A new, empty container of EXTRACTIONS' kind: a list, or a spool in the same folder."""
    return extractions.empty_like() if isinstance(extractions, SpooledExtractions) else []


def as_list(extractions) -> list:
    """EXTRACTIONS as a list in memory (a spool read back whole, for the small build's writers)."""
    return list(extractions) if isinstance(extractions, SpooledExtractions) else extractions
