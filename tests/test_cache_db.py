"""graph.cache_db: the build's cache entries as rows of one SQLite file."""
import os
import shutil
from multiprocessing import get_context

import pytest
from click.testing import CliRunner

from conftest import ROOT
from graph import cache_db
from graph.cache_db import FILE, CacheDB, prepare
from graph.cli import main


def test_an_entry_is_read_back_as_written_and_replaced_whole(tmp_path):
    cache = CacheDB(tmp_path / "c")
    assert cache.get("x/a") is None and cache.keys() == [] and prepare(tmp_path / "c") == []
    assert not (tmp_path / "c").exists()   # looking makes no folder: the first entry written does
    cache.put("x/a", b"\x00first")
    cache.put("r/a", b"reading")
    cache.put("x/a", b"second")
    again = CacheDB(tmp_path / "c")   # another connection sees what was committed
    assert again.get("x/a") == b"second" and again.get("r/a") == b"reading"
    assert again.keys() == ["r/a", "x/a"] and again.keys("x/") == ["x/a"] and again.keys("y/") == []
    assert (tmp_path / "c" / FILE).is_file()


def _write_many(folder, tag, n):
    cache = CacheDB(folder)
    for i in range(n):
        cache.put(f"x/{tag}-{i:04d}", f"{tag}:{i}".encode() * 50)
    os._exit(0)   # as a pool's worker ends: no close


@pytest.mark.skipif(os.name != "posix", reason="forked writers")
def test_processes_writing_at_once_lose_no_entry(tmp_path):
    """They also make the file at once: none exists before."""
    ctx = get_context("fork")
    writers = [ctx.Process(target=_write_many, args=(tmp_path, tag, 300)) for tag in ("a", "b", "c")]
    for w in writers:
        w.start()
    for w in writers:
        w.join(60)
        assert w.exitcode == 0
    cache = CacheDB(tmp_path)
    assert len(cache.keys()) == 900
    assert cache.get("x/b-0123") == b"b:123" * 50 and cache.get("x/c-0299") == b"c:299" * 50


def _put_one(cache, key):
    cache.put(key, b"from the child")
    os._exit(0 if cache._pid == os.getpid() else 1)


@pytest.mark.skipif(os.name != "posix", reason="forked writer")
def test_a_connection_is_not_carried_across_a_fork(tmp_path):
    cache = CacheDB(tmp_path)
    cache.put("x/parent", b"p")
    parent = cache._db
    child = get_context("fork").Process(target=_put_one, args=(cache, "x/child"))
    child.start()
    child.join(60)
    assert child.exitcode == 0                 # the child opened its own
    assert cache._db is parent and cache.get("x/child") == b"from the child"


def test_a_damaged_file_is_put_aside_once_and_the_cache_starts_empty(tmp_path):
    CacheDB(tmp_path).put("x/a", b"kept")
    (tmp_path / FILE).write_bytes(b"this is not a database " * 100)
    for suffix in ("-wal", "-shm"):
        (tmp_path / (FILE + suffix)).unlink(missing_ok=True)
    notes = prepare(tmp_path)
    assert len(notes) == 1 and str(tmp_path / FILE) in notes[0] and "put aside" in notes[0]
    assert (tmp_path / (FILE + ".damaged")).read_bytes().startswith(b"this is not a database")
    cache = CacheDB(tmp_path)
    assert cache.get("x/a") is None
    cache.put("x/a", b"new")
    assert CacheDB(tmp_path).get("x/a") == b"new" and prepare(tmp_path) == []


def test_a_locked_file_is_not_taken_for_a_damaged_one(tmp_path, monkeypatch):
    """SQLite's OperationalError (locked, read-only) is a DatabaseError too: only a file that is not a database
    or is corrupt is put aside."""
    import sqlite3
    writer = CacheDB(tmp_path)
    writer.put("x/a", b"kept")
    writer.close()
    holder = sqlite3.connect(str(tmp_path / FILE), isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")   # a rollback journal: an exclusive lock keeps readers out too
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(cache_db, "TIMEOUT", 0.1)
    try:
        assert prepare(tmp_path) == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not (tmp_path / (FILE + ".damaged")).exists()
    assert CacheDB(tmp_path).get("x/a") == b"kept"


def test_where_nothing_can_be_written_every_entry_is_a_miss_and_nothing_fails(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("where the cache folder would be", encoding="utf-8")
    assert prepare(blocked / "cache") == []
    cache = CacheDB(blocked / "cache")
    cache.put("x/a", b"lost")
    assert cache.get("x/a") is None and cache.keys() == []
    none = CacheDB(None)
    none.put("x/a", b"lost")
    assert none.get("x/a") is None


def test_a_build_with_a_damaged_cache_says_so_rebuilds_and_gives_the_same_outputs(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(ROOT / "seeds", src)
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(src), "--out", str(out), "-q"])
    assert first.exit_code == 0, first.output
    [db] = (out / ".cache").glob(f"*/{FILE}")
    assert len(CacheDB(db.parent).keys("x/")) == 5 and len(CacheDB(db.parent).keys("r/")) == 5
    before = {name: (out / name).read_bytes() for name in ("graph.trig", "graph.ttl", "manifest.json")}
    db.write_bytes(b"garbage" * 1000)
    again = runner.invoke(main, ["build", str(src), "--out", str(out), "-q"])
    assert again.exit_code == 0, again.output
    assert f"{db}: the extraction cache could not be read" in again.output
    assert {name: (out / name).read_bytes() for name in before} == before
    [db] = (out / ".cache").glob(f"*/{FILE}")   # made anew, and filled again
    assert len(CacheDB(db.parent).keys("x/")) == 5

