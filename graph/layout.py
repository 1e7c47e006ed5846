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


def layout(G, seed: int = 7, iterations: int | None = None) -> dict:
    """{node: (x, y)} as integers, centred on (0, 0)."""
    nodes = sorted(G)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v], math.log2(1 + d.get("weight", 1))) for u, v, d in G.edges(data=True)]
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
