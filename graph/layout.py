"""A seeded force-directed layout in pure Python (networkx's spring_layout needs NumPy).

Fruchterman-Reingold with the grid variant of their paper: nodes repel only
within a radius of 2 ideal edge lengths, found through a grid of cells, so an
iteration costs O(nodes + edges) instead of O(nodes^2). A weak pull towards
the centre keeps separate components and isolated actors on screen. The same
graph and seed give the same integer positions.
"""
from __future__ import annotations

import math
import random

K = 150.0         # ideal edge length, in screen pixels (nodes are up to 76 px wide)
GRAVITY = 0.02


def layout(G, seed: int = 7, iterations: int | None = None, pull=None) -> dict:
    """{node: (x, y)} as integers, centred on (0, 0).

    An edge pulls its ends with log2(1 + weight), times `pull(u, v)` when given."""
    nodes = sorted(G)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    # in index order: a subgraph view iterates its nodes in the order of a set, which the hash seed decides
    edges = sorted((min(index[u], index[v]), max(index[u], index[v]),
                    math.log2(1 + d.get("weight", 1)) * (pull(u, v) if pull else 1)) for u, v, d in G.edges(data=True))
    rng = random.Random(seed)
    side = K * math.sqrt(n) * 1.5
    xs = [rng.uniform(-side / 2, side / 2) for _ in nodes]
    ys = [rng.uniform(-side / 2, side / 2) for _ in nodes]
    rounds = iterations if iterations is not None else (60 if n <= 1000 else 40 if n <= 2500 else 25)
    for step in range(rounds):
        temperature = side / 8 * (1 - step / rounds) + 1
        dx, dy = _repulsion(xs, ys)
        _attraction(xs, ys, edges, dx, dy)
        _move(xs, ys, dx, dy, temperature)
    return {v: (round(xs[i]), round(ys[i])) for v, i in index.items()}


def _repulsion(xs, ys):
    """Forces K^2/d between nodes closer than 2K (pairs found through a grid of 2K cells)."""
    cell = 2 * K
    grid = {}
    for i, (x, y) in enumerate(zip(xs, ys)):
        grid.setdefault((math.floor(x / cell), math.floor(y / cell)), []).append(i)
    dx, dy = [0.0] * len(xs), [0.0] * len(xs)
    for (cx, cy), members in grid.items():
        for ox, oy in ((0, 0), (1, 0), (-1, 1), (0, 1), (1, 1)):
            others = grid.get((cx + ox, cy + oy))
            if others:
                _repel(members, others, (ox, oy) == (0, 0), xs, ys, dx, dy)
    return dx, dy


def _repel(members, others, same, xs, ys, dx, dy):
    limit = 4 * K * K
    for a, i in enumerate(members):
        for j in (members[a + 1:] if same else others):
            ex, ey = xs[i] - xs[j], ys[i] - ys[j]
            d2 = ex * ex + ey * ey
            if d2 >= limit:
                continue
            if d2 < 1e-6:
                ex, ey, d2 = (i - j) * 1e-3, 1e-3, 1e-6 * (1 + (i - j) ** 2)
            f = K * K / d2
            dx[i] += ex * f
            dy[i] += ey * f
            dx[j] -= ex * f
            dy[j] -= ey * f


def _attraction(xs, ys, edges, dx, dy):
    """Forces d^2/K along each edge (stronger for heavier edges) and a pull to the centre."""
    for i, j, w in edges:
        ex, ey = xs[i] - xs[j], ys[i] - ys[j]
        f = math.sqrt(ex * ex + ey * ey) / K * w
        dx[i] -= ex * f
        dy[i] -= ey * f
        dx[j] += ex * f
        dy[j] += ey * f
    for i in range(len(xs)):
        dx[i] -= xs[i] * GRAVITY
        dy[i] -= ys[i] * GRAVITY


def _move(xs, ys, dx, dy, temperature):
    """Move each node along its force, by at most `temperature`."""
    for i in range(len(xs)):
        d = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
        if d > 0:
            step = min(d, temperature) / d
            xs[i] += dx[i] * step
            ys[i] += dy[i] * step


GAP = K           # pixels between packed components


def packed(G, seed: int = 7, pull=None) -> tuple:
    """({node: (x, y)}, [component, ...]): each connected component laid out on its own (`layout`),
    then packed, so that far-flung small components cannot squash the large one into a corner.

    Components come largest first (ties by smallest node); the largest is centred on (0, 0) and the
    others fill rows beneath it, each row about as wide as the largest component (single actors in a
    grid of ideal edge lengths). `pull` as for `layout`. The same graph and seed give the same positions."""
    parts = sorted((sorted(c) for c in _components(G)), key=lambda c: (-len(c), c[0]))
    pos, boxes = {}, []
    for c in parts:
        local = layout(G.subgraph(c), seed=seed, pull=pull) if len(c) > 1 else {c[0]: (0, 0)}
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        boxes.append((c, local, min(xs), min(ys), max(xs), max(ys)))
    if not boxes:
        return pos, parts
    _, first, x0, y0, x1, y1 = boxes[0]
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    pos.update({v: (x - cx, y - cy) for v, (x, y) in first.items()})
    row_width = max(x1 - x0, 12 * K)
    left, x, y, row_height = -row_width // 2, -row_width // 2, (y1 - y0) // 2 + GAP, 0
    for c, local, bx0, by0, bx1, by1 in boxes[1:]:
        w, h = bx1 - bx0, by1 - by0
        if x > left and x + w > left + row_width:
            x, y, row_height = left, y + row_height + GAP, 0
        pos.update({v: (round(x + px - bx0), round(y + py - by0)) for v, (px, py) in local.items()})
        x += w + GAP
        row_height = max(row_height, h)
    return pos, parts


def _components(G):
    import networkx as nx
    return nx.connected_components(G)


def extend(G, pos: dict, order: list, seed: int = 7) -> dict:
    """Positions for the nodes of G not in `pos`, without moving those that are: taken in `order`, each
    goes near the weighted mean of its placed neighbours (within an ideal edge length, seeded); a node
    with none goes into a grid of ideal edge lengths below everything placed. Returns every position."""
    rng = random.Random(seed)
    pos = dict(pos)
    lonely = []
    for v in order:
        if v in pos:
            continue
        near = [(pos[u], math.log2(1 + d.get("weight", 1))) for u, d in G[v].items() if u in pos]
        if not near:
            lonely.append(v)
            continue
        total = sum(w for _, w in near)
        x = sum(p[0] * w for p, w in near) / total
        y = sum(p[1] * w for p, w in near) / total
        angle, r = rng.uniform(0, 2 * math.pi), K * math.sqrt(rng.uniform(0.25, 1))
        pos[v] = (round(x + r * math.cos(angle)), round(y + r * math.sin(angle)))
    if lonely:
        xs, ys = [p[0] for p in pos.values()] or [0], [p[1] for p in pos.values()] or [0]
        per_row = max(1, int((max(xs) - min(xs)) // K) + 1)
        for i, v in enumerate(lonely):
            pos[v] = (round(min(xs) + (i % per_row) * K), round(max(ys) + GAP + (i // per_row) * K))
    return pos
