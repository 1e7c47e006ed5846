"""A synthetic actor graph shaped like a real one, for the centrality and view benchmarks.

Persons hold posts in organisations; meetings gather 2-6 actors chosen with
preferential attachment (a few hubs, many occasional actors); agreements bind
2-4 parties. Facts are plain dicts as graph.facts makes them, assembled with
graph.network.assemble, so the benchmarks exercise the real code paths.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from graph import network

ID = "https://w3id.org/actorgraph/id/"
TYPES = (("Person", "person", 0.6), ("Organization", "org", 0.3), ("Country", "country", 0.1))


def actors(n: int, rng: random.Random) -> dict:
    out = {}
    for i in range(n):
        kind, path = _pick_type(i, n)
        name = f"{kind} {i:05d} {rng.choice(['Alpha', 'Beta', 'Gamma', 'Delta'])}"
        out[f"{ID}{path}/a{i:05d}"] = {"type": kind, "label": name, "label_en": name, "label_ar": f"فاعل {i}"}
    return out


def _pick_type(i, n):
    edge = 0.0
    for kind, path, share in TYPES:
        edge += share
        if i < edge * n:
            return kind, path
    return TYPES[-1][:2]


def facts(actor_ids: list, rng: random.Random) -> list:
    out, urn = [], list(actor_ids)  # an actor appears in the urn once more per fact it joins
    persons = [a for a in actor_ids if "/person/" in a]
    orgs = [a for a in actor_ids if "/org/" in a]
    for i, p in enumerate(persons):
        out.append(_fact(f"post/p{i}", "post", {p: ["member"], rng.choice(orgs): ["organization"]}, rng))
    for i in range(int(len(actor_ids) * 0.6)):
        out.append(_fact(f"meeting/m{i}", "meeting", _group(urn, rng, 2, 6, "attendee"), rng))
    for i in range(int(len(actor_ids) * 0.1)):
        out.append(_fact(f"agreement/g{i}", "agreement", _group(urn, rng, 2, 4, "party"), rng))
    return out


def _group(urn, rng, lo, hi, role) -> dict:
    chosen, size = set(), rng.randint(lo, hi)
    while len(chosen) < size:
        chosen.add(rng.choice(urn))
    urn.extend(sorted(chosen))
    return {a: [role] for a in sorted(chosen)}


def _fact(path, kind, roles, rng) -> dict:
    day = date(2020, 1, 1) + timedelta(days=rng.randrange(2000))
    arts = sorted({f"art{rng.randrange(5000):05d}.txt" for _ in range(rng.randint(1, 2))})
    return {"id": ID + path, "kind": kind, "label": f"{kind} {path}", "detail": "", "place": "",
            "start": day.isoformat(), "end": day.isoformat(), "roles": roles, "actors": sorted(roles),
            "articles": arts, "evidence": [{"sentence": f"Sentence about {path}.", "article": arts[0]}]}


def actor_graph(n: int, seed: int = 1):
    """An actor graph with n actors."""
    rng = random.Random(seed)
    acts = actors(n, rng)
    return network.assemble(acts, facts(sorted(acts), rng), keep_isolates=True)
