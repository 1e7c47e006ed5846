"""Python's cyclic garbage collector during a build, which makes millions of small objects that live long.

CPython runs a full collection whenever the objects that survived the young ones have grown by a quarter,
and a full collection walks every tracked object alive. A large build's writing stage makes and drops
whole structures on top of the resolution and the actor graph, so those full passes walk the same long-lived
objects again and again, and find nothing to free: at 11,000 generated articles 26 full passes cost 5 s,
all but two freeing nothing (BENCHMARKS.md, 2026-12-06 evening).

`no_gc` turns collection off while a structure with no cyclic garbage is built (refcounting still frees
what is dropped). `frozen` moves the objects alive on entry, and those alive at each `keep()` inside it, out
of the collector's reach (gc.freeze) until it exits: they are still freed by refcounting when dropped, only
an unreachable cycle among them waits for the exit, where the collector sees them again.

`trim` hands the C heap's free pages back to the system once a stage has dropped a large structure: glibc
keeps them otherwise, for the process and for each thread's arena, and the next stage's peak adds to them.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
from contextlib import contextmanager


@contextmanager
def no_gc():
    """No automatic collection inside (as it was on exit)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def frozen():
    """The objects alive on entry (after one collection, so no garbage is kept) left out of collections until
    exit; `keep()` inside leaves out those alive then too. Exiting gives them all back to the collector."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def keep():
    """Leave the objects alive now out of collections (inside `frozen`, until it exits)."""
    gc.freeze()


def trim() -> bool:
    """The free memory at the top and inside the C heap (every arena) given back to the system: glibc's
    malloc_trim(0). False where the C library has none (musl, macOS): nothing is done."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.malloc_trim(0))
    except (OSError, AttributeError, TypeError):
        return False
