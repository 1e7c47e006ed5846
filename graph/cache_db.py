"""A build's cache entries (the extraction cache, graph.extraction, and the reading cache,
graph.reading_cache) as rows of one SQLite file in the cache's folder, instead of one file each.

A new article costs its worker two cache entries. As files, each was a temporary file created, written,
given its mode and renamed: ~0.3 ms a file in a folder of 60,000, and at 30,000 articles the workers spent
13-32% more CPU extracting with the cache than without it (BENCHMARKS.md, 2026-12-07). As a row, with
SQLite (the standard library's; made for many small blobs in one file) in write-ahead-log mode, an entry
is ~0.05 ms to write and is read back faster than a file.

- Every worker process writes through its own connection (SQLite's locking lets several processes write
  one file; each entry is its own short transaction, and a writer waits up to TIMEOUT for another's). A
  connection is opened in the process that uses it, never carried across a fork.
- Each write is atomic (a transaction): an entry is whole or absent. The file is not synced after each
  write (`synchronous=OFF`): a crash of the machine may lose recent entries or the file, which costs the
  next build time, never a wrong answer.
- The file is made by the first entry written (a look-up makes nothing). A file SQLite cannot read
  (damaged, or not a database) is put aside once by `prepare`, in the building process before its workers
  start, and the cache starts empty. Any other failure (a read-only folder, a
  full disk, a locked file past TIMEOUT) makes the entry a miss or leaves it unwritten: time, not answers.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

FILE = "cache.sqlite"
TIMEOUT = 60.0    # seconds a write waits for another process's write to end
# a rowid table, its key indexed: entries are blobs of a few kB, which a WITHOUT ROWID table (meant for rows
# under 1/20 of a page) writes 2x and reads 3x slower (20,000 blobs of 2-9 kB, 2026-12-07)
_SCHEMA = "CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, value BLOB NOT NULL)"


def prepare(folder: Path | None) -> list:
    """Make FOLDER's cache file, if there is one, usable before workers open it: when SQLite cannot read
    it, it is renamed aside (`cache.sqlite.damaged`) and made anew. What was found, as notes for the
    build's report (none when all is well, or there is no file yet: the first entry written makes it)."""
    if folder is None:
        return []
    path = Path(folder) / FILE
    if not path.is_file():
        return []
    try:
        _check(path)
        return []
    except sqlite3.OperationalError:   # locked past TIMEOUT, read-only, cannot open: not damaged, left as it is
        return []
    except sqlite3.DatabaseError as e:   # not a database, or corrupt
        damaged = path.with_name(FILE + ".damaged")
        for suffix in ("", "-wal", "-shm"):
            try:
                os.replace(f"{path}{suffix}", f"{damaged}{suffix}")
            except OSError:
                pass
        try:
            _check(path)
        except (sqlite3.Error, OSError):
            return [f"{path}: the extraction cache could not be read ({e}) nor made anew; this build "
                    f"extracts every article"]
        return [f"{path}: the extraction cache could not be read ({e}); put aside as {damaged.name}, "
                f"this build extracts every article again"]
    except OSError:   # a folder that cannot be written: every entry a miss, nothing kept
        return []


def _check(path: Path) -> None:
    db = _connect(path)
    try:
        db.execute("SELECT count(*) FROM (SELECT key FROM entry LIMIT 1)").fetchone()
    finally:
        db.close()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=TIMEOUT, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute(_SCHEMA)
    return db


class CacheDB:
    """The entries of the cache in FOLDER (None: no cache; every `get` a miss, every `put` dropped)."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None
        self._db, self._pid, self._broken = None, None, False

    def _connection(self, create: bool) -> sqlite3.Connection | None:
        """This process's connection; None without a cache, or (unless CREATE) before its file exists: a
        look-up makes no folder or file (a build with nothing to build leaves no output folder)."""
        if self.folder is None or self._broken:
            return None
        if self._db is None or self._pid != os.getpid():   # opened here, never a parent's across a fork
            if not create and not (self.folder / FILE).is_file():
                return None
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._db, self._pid = _connect(self.folder / FILE), os.getpid()
            except (sqlite3.Error, OSError):
                self._db, self._broken = None, True
        return self._db

    def get(self, key: str) -> bytes | None:
        db = self._connection(create=False)
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM entry WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return bytes(row[0]) if row else None

    def put(self, key: str, value: bytes) -> None:
        db = self._connection(create=True)
        if db is None:
            return
        try:
            db.execute("INSERT OR REPLACE INTO entry (key, value) VALUES (?, ?)", (key, value))
        except sqlite3.Error:   # read-only, full, or locked past TIMEOUT: the entry is found again next time
            pass

    def keys(self, prefix: str = "") -> list:
        """The keys held that begin with PREFIX, sorted (tests, tools)."""
        db = self._connection(create=False)
        if db is None:
            return []
        try:
            rows = db.execute("SELECT key FROM entry WHERE substr(key, 1, ?) = ? ORDER BY key",
                              (len(prefix), prefix)).fetchall()
        except sqlite3.Error:
            return []
        return [k for (k,) in rows]

    def close(self) -> None:
        """Close this process's connection (the folder can then be moved)."""
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None
