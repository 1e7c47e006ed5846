"""Machine facts and process helpers for the benchmark: a measured subprocess, a function in a forked child with a time limit."""
from __future__ import annotations

import importlib.metadata
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import threading
import time
import traceback
from datetime import datetime, timezone

LIBRARIES = ["rdflib", "pyoxigraph", "networkx", "pyahocorasick", "pyvis", "PyYAML", "pyshacl", "click", "psutil",
             "igraph", "networkit", "nx-parallel"]


def environment() -> dict:
    """Date, machine (cores, memory, CPU), Python and library versions."""
    cpu = ""
    try:
        cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "")
    except OSError:
        pass
    mem = 0
    try:
        mem = next(int(ln.split()[1]) * 1024 for ln in open("/proc/meminfo") if ln.startswith("MemTotal"))
    except OSError:
        pass
    versions = {}
    for lib in LIBRARIES:
        try:
            versions[lib] = importlib.metadata.version(lib)
        except importlib.metadata.PackageNotFoundError:
            pass
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "memory_gib": round(mem / 2**30, 1), "cpu": cpu or platform.processor(),
            "platform": platform.platform(), "python": platform.python_version(), "libraries": versions}


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (0 when psutil is missing or it is gone)."""
    try:
        import psutil
        root = psutil.Process(pid)
        procs = [root] + root.children(recursive=True)
    except Exception:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except Exception:
            pass
    return total


def run_measured(cmd: list, cwd=None, env=None, log_path=None) -> dict:
    """Run a command; wall time, exit code, ru_maxrss of its tree (the largest single process,
    from wait4) and the sampled peak of the whole tree's summed RSS (every 0.2 s)."""
    out = open(log_path, "wb") if log_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    peak, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if log_path:
        out.close()
    return {"seconds": wall, "exit": proc.returncode, "maxrss_bytes": usage.ru_maxrss * 1024,
            "tree_rss_peak_bytes": peak[0], "cpu_seconds": usage.ru_utime + usage.ru_stime}


def _child(conn, fn, args, mem_limit):
    if mem_limit:
        resource.setrlimit(resource.RLIMIT_AS, (mem_limit, mem_limit))
    try:
        for message in fn(*args):
            conn.send(("ok", message))
        conn.send(("done", None))
    except BaseException as e:  # reported to the parent, which decides
        conn.send(("error", f"{e.__class__.__name__}: {e}"[:300] or traceback.format_exc(limit=1)))
    finally:
        conn.close()


def stream_in_child(fn, args: tuple, timeout: float, mem_limit: int = 0):
    """Run a generator function in a forked child; yield its messages. A message that does not come
    within `timeout` seconds ends the child and yields ("timeout", None); a failure yields ("error", text)."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args, mem_limit), daemon=True)
    proc.start()
    send.close()
    try:
        while True:
            if not recv.poll(timeout):
                yield "timeout", None
                return
            try:
                kind, message = recv.recv()
            except EOFError:
                yield "error", f"child process ended (exit code {proc.exitcode}, killed or out of memory?)"
                return
            if kind == "done":
                return
            yield kind, message
            if kind == "error":
                return
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        recv.close()


def call_in_child(fn, args: tuple, timeout: float, mem_limit: int = 0):
    """fn(*args) in a forked child: ("ok", value) | ("timeout", None) | ("error", text)."""
    def once(*a):
        yield fn(*a)
    for kind, message in stream_in_child(once, args, timeout, mem_limit):
        return kind, message
    return "error", "no answer"


def python_cmd(*args) -> list:
    return [sys.executable, *args]
