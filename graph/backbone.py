"""What the network view shows by default: the backbone of the actor graph.

The page holds the most central actors (graph.view.DEFAULT_TOP) and every link among them; it
first draws the SHOWN most central of those, and of their links the ones with at least
`min_weight` supporting articles, the smallest threshold that keeps the drawing to about
EDGES_PER_ACTOR links per actor (never fewer than EDGE_FLOOR links before a threshold rises).
Both thresholds are shown in the page and adjustable with sliders.
The layout is computed on that backbone (every actor of the page, the links at or above the
threshold), one connected component at a time (graph.layout.packed).
"""
from __future__ import annotations

SHOWN = 300          # actors drawn at first
EDGES_PER_ACTOR = 3
EDGE_FLOOR = 500


def shown_actors(ranked_iris: list, shown: int = SHOWN) -> set:
    """The first `shown` actors of a ranking (most central first)."""
    return set(ranked_iris[:shown])


def min_weight(H, shown: set) -> int:
    """The smallest link weight w such that the links among `shown` with weight >= w number at most
    max(EDGE_FLOOR, EDGES_PER_ACTOR * len(shown)) (1 when there are few links anyway)."""
    budget = max(EDGE_FLOOR, EDGES_PER_ACTOR * len(shown))
    weights = sorted((d["weight"] for u, v, d in H.edges(data=True) if u in shown and v in shown), reverse=True)
    if len(weights) <= budget:
        return 1
    return weights[budget] + 1   # every link heavier than the first one over the budget


def backbone(H, w: int):
    """H's actors with only the links of weight >= w."""
    B = H.__class__()
    B.add_nodes_from(H)
    B.add_edges_from((u, v, d) for u, v, d in H.edges(data=True) if d["weight"] >= w)
    return B
