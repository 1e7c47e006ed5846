"""Communities of the actor graph: Leiden (modularity, weighted by supporting articles) with igraph.

igraph's Leiden draws random numbers (node visiting order, refinement); it is run
with its random number generator set to a `random.Random(SEED)` and on the graph
built in one canonical order (nodes by IRI, edges by their two IRIs), so the same
actor graph gives the same communities whatever order the articles or workers
produced it in. The labels are then renumbered canonically: community 1 is the
largest, ties broken by the smallest IRI among the members; an actor without links
is a community of its own. Leiden is igraph's (C code: about a second at 100,000
actors), written for exactly this job, rather than a hand-written modularity search.
"""
from __future__ import annotations

import random

SEED = 42
RESOLUTION = 1.0


def detect(G, seed: int = SEED, resolution: float = RESOLUTION) -> dict:
    """{actor IRI: community number (1 = largest)} for every node of G."""
    nodes = sorted(G)
    if not nodes:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(min(index[u], index[v]), max(index[u], index[v]), d.get("weight", 1)) for u, v, d in G.edges(data=True)]
    return detect_indexed(nodes, edges, seed, resolution)


def detect_indexed(nodes: list, edges: list, seed: int = SEED, resolution: float = RESOLUTION) -> dict:
    """`detect` on numbers: `nodes` in IRI order, `edges` as (i, j, weight) with i < j (graph.compact_graph)."""
    import igraph
    if not nodes:
        return {}
    edges = sorted(edges)
    g = igraph.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in edges])
    weights = [w for _, _, w in edges]
    previous = igraph.set_random_number_generator(random.Random(seed))
    try:
        parts = g.community_leiden(objective_function="modularity", weights=weights or None,
                                   resolution=resolution, n_iterations=-1)
    finally:
        igraph.set_random_number_generator(previous if previous is not None else random)
    groups = {}
    for i, label in enumerate(parts.membership):
        groups.setdefault(label, []).append(i)   # members in IRI order: the first is the smallest IRI
    ordered = sorted(groups.values(), key=lambda members: (-len(members), members[0]))
    return {nodes[i]: number for number, members in enumerate(ordered, 1) for i in members}


def leading_members(communities: dict, score: dict, top: int = 3) -> dict:
    """{community: [its `top` IRIs with the highest `score`, ties by IRI]}: how the legend names it."""
    members = {}
    for iri, c in communities.items():
        members.setdefault(c, []).append(iri)
    return {c: sorted(ms, key=lambda m: (-score.get(m, 0), m))[:top] for c, ms in sorted(members.items())}
