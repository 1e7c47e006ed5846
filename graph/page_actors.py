"""Which actors a page of the network view holds: all of them, or TOP_N of them, the most central by the
size measure, of which each actor type keeps at least TYPE_SHARE (all of its actors when it has fewer).

At 100,000 generated articles the 2,000 actors ranked highest by PageRank were organisations and countries
only, and a page without a single person can neither find nor draw who met whom (BENCHMARKS.md, 2026-12-08).
"""
from __future__ import annotations

TYPE_SHARE = 0.2


def top_subgraph(G, result, size_by="pagerank", top_n=None):
    """G itself, or the `top_n` actors ranked highest by `size_by` and the links among them."""
    if not top_n or top_n >= len(G):
        return G
    return G.subgraph(top_actors(G, result, size_by, top_n, G))


def top_actors(G, result, size_by, top_n, present) -> list:
    """The IRIs of every actor of G, or of `top_n` of them (those in `present`) in the order of `size_by`:
    the highest ranked of each type up to its floor (`type_floor`), then the highest ranked of any type."""
    if not top_n or top_n >= len(G):
        return list(G)
    ranked = [r for r in result.ranked(size_by) if r["iri"] in present]
    floor, taken, chosen = type_floor(top_n), {}, set()
    for r in ranked:
        if taken.get(r["type"], 0) < floor:
            taken[r["type"]] = taken.get(r["type"], 0) + 1
            chosen.add(r["iri"])
    for r in ranked:
        if len(chosen) >= top_n:
            break
        chosen.add(r["iri"])
    return [r["iri"] for r in ranked if r["iri"] in chosen]


def type_floor(top_n: int) -> int:
    """The actors of each type a page of `top_n` keeps at least, when the graph has that many."""
    return int(top_n * TYPE_SHARE)
