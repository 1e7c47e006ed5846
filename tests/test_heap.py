"""graph.heap: the collector kept off long-lived objects during a build, and given them back after."""
import gc

import pytest

from graph import heap


def test_frozen_leaves_the_objects_alive_out_until_it_exits_even_on_an_error():
    assert gc.get_freeze_count() == 0
    kept = [[i] for i in range(1000)]
    with pytest.raises(RuntimeError):
        with heap.frozen():
            assert gc.get_freeze_count() >= len(kept)
            more = [[i] for i in range(1000)]
            before = gc.get_freeze_count()
            heap.keep()
            assert gc.get_freeze_count() >= before + len(more)
            raise RuntimeError("a build that fails")
    assert gc.get_freeze_count() == 0


def test_a_cycle_dropped_inside_frozen_is_collected_once_it_exits():
    import weakref

    class Node:
        pass
    with heap.frozen():
        a, b = Node(), Node()
        a.other, b.other = b, a
        heap.keep()
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is not None          # frozen: the collector does not see the cycle
    gc.collect()
    assert gone() is None


def test_no_gc_turns_collection_off_inside_and_back_as_it_was():
    assert gc.isenabled()
    with heap.no_gc():
        assert not gc.isenabled()
        with heap.no_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_trim_gives_the_c_heap_back_where_the_c_library_can():
    import ctypes
    import sys
    assert heap.trim() is (sys.platform == "linux" and hasattr(ctypes.CDLL("libc.so.6"), "malloc_trim"))


def test_trim_does_nothing_without_malloc_trim(monkeypatch):
    import ctypes

    class NoTrim:                                          # a C library such as musl's
        def __init__(self, name):
            self.name = name
    monkeypatch.setattr(ctypes, "CDLL", NoTrim)
    assert heap.trim() is False
