"""What reading finds out from an article's text alone, kept so that a rebuild does not find it again: the
language the detector gives its text (graph.sources.language.detect_one) and its near-duplicate signature
(graph.sources.near_duplicates.signature). Both are pure functions of the text (and of the detector's
languages, part of the rules), and together they cost a worker 2.5 ms of an article it already has facts for
in the extraction cache, three quarters of reading it (lingua ~1.3 ms, MinHash ~1.1 ms; BENCHMARKS.md).

An entry sits in the extraction cache (one per rules fingerprint, graph.build; its rows, graph.cache_db),
keyed by the text's SHA-256 and the detector's languages; an entry that cannot be read is found again and
written anew, so a damaged cache costs time, never a wrong answer."""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from graph.cache_db import CacheDB


@dataclass(frozen=True)
class TextFindings:
    detected: str          # the detector's language of the text ('' if it could not tell)
    signature: object      # the MinHash signature (numpy array), None for a text without words


def find(body: str, codes: tuple) -> TextFindings:
    """What reading finds from BODY, with the detector restricted to CODES."""
    from graph.sources.language import detect_one
    from graph.sources.near_duplicates import signature
    return TextFindings(detect_one(body, codes), signature(body))


class ReadingCache:
    """TextFindings of articles by their text, from the cache in FOLDER (graph.cache_db) where it has them
    (None: no cache, always found)."""

    def __init__(self, folder: Path | None, codes: tuple, cache: CacheDB | None = None):
        self.folder, self.codes = (Path(folder) if folder else None), tuple(codes)
        self.cache = cache if cache is not None else CacheDB(self.folder)
        self._languages = hashlib.sha1(" ".join(self.codes).encode()).hexdigest()[:8]
        self.reused = 0    # entries read back (tests, benchmarks)

    def key(self, sha256: str) -> str | None:
        return f"r/{sha256}-{self._languages}" if self.folder else None

    def of(self, article) -> TextFindings:
        """ARTICLE's findings (it has .body and .sha256, the body's digest)."""
        key = self.key(article.sha256)
        if key is not None:
            blob = self.cache.get(key)
            try:
                found = pickle.loads(blob) if blob is not None else None
            except Exception:   # damaged, or from another version: found again below
                found = None
            if isinstance(found, TextFindings):
                self.reused += 1
                return found
        found = find(article.body, self.codes)
        if key is not None:   # a cache that cannot be written (full disk, read-only folder) costs time only
            self.cache.put(key, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
        return found
