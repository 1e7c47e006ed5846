"""A stand-in for graph.validate's worker function that ends its process without an answer, as the system's
out-of-memory killer would (imported by name in a spawned worker: tests/ is on its path)."""
import os


def stop(text, shapes):
    os._exit(3)
