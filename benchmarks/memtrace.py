"""Sample a process tree's memory from outside, every second, until the process ends.

    python benchmarks/memtrace.py PID OUT

Each line of OUT: seconds since the start, the summed RSS of the process and its children (MiB), the
process's own RSS (MiB), and how many children it has. Sampling from another process sees what
build_stages.py (a thread of the build) misses while a native call holds the GIL.
"""
import sys
import time

import psutil


def main(pid: int, out: str):
    p, t0 = psutil.Process(pid), time.time()
    with open(out, "w") as f:
        while True:
            try:
                kids = p.children(recursive=True)
                own = p.memory_info().rss
                total = own + sum(c.memory_info().rss for c in kids if c.is_running())
            except psutil.Error:
                break
            f.write(f"{time.time() - t0:.0f} {total / 2**20:.0f} {own / 2**20:.0f} {len(kids)}\n")
            f.flush()
            time.sleep(1)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
