"""The rows of persons-posts.rq and of posts-as-of's candidates (graph/posts_as_of.py), from one pass over the
posts' statements instead of two SPARQL joins.

Both queries join every post with its member, role, organization and dates, look three display names up per
row and sort every row by keys made of strings (at 100,000 articles: persons-posts 37 s of CPU, the
candidates 13 s, for 73,000 posts; one scan of each property here, shared by both, takes a few seconds). When
every post (`?post a ag:Post`) has one member, one role and one organization, all IRIs, at most one
ag:firstSeen and one ag:lastSeen, each a plain xsd:date (YYYY-MM-DD), and each of those persons, roles and
organizations at most one ag:displayName, a string, then each post gives at most one row of each query, the
queries' ORDER BY is a total order (it ends with the post), and Python compares the same strings and dates as
Oxigraph does (code point order; dates by value, an unbound date first). `scan` reads them, or gives None for
any other graph (then the summaries run the SPARQL text, graph/summaries.py); `persons_posts` and
`candidates` make the rows. tests/test_post_rows.py compares them, in order, with the queries' own text.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from graph.vocab import PREFIXES

AG, ORG = PREFIXES["ag"], PREFIXES["org"]
XSD_DATE = PREFIXES["xsd"] + "date"
STRINGS = {PREFIXES["xsd"] + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_PLAIN_DATE = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(frozen=True)
class Post:
    """One post's statements (first and last: its ag:firstSeen and ag:lastSeen terms, or None)."""

    post: ox.NamedNode
    person: ox.NamedNode
    role: ox.NamedNode
    organization: ox.NamedNode
    first: ox.Literal | None
    last: ox.Literal | None


@dataclass(frozen=True)
class Posts:
    """Every post; who of their members is an ag:Person; the display name of each of their persons, roles and
    organizations that has one."""

    posts: list
    persons: set
    names: dict


def _objects(store: ox.Store, iri: str) -> dict:
    """subject -> its objects of property `iri` (a SELECT decodes two terms a statement; quads_for_pattern four)."""
    found = defaultdict(list)
    for s, o in store.query(f"SELECT ?s ?o WHERE {{ ?s <{iri}> ?o }}"):
        found[s].append(o)
    return found


def _typed(store: ox.Store, cls: str) -> set:
    return {row[0] for row in store.query(f"SELECT ?s WHERE {{ ?s a <{AG}{cls}> }}")}


def _day(term) -> date | None:
    """The value of a plain xsd:date literal; None for anything else."""
    if not isinstance(term, ox.Literal) or term.datatype.value != XSD_DATE or not _PLAIN_DATE.fullmatch(term.value):
        return None
    try:
        return date.fromisoformat(term.value)
    except ValueError:
        return None


def _one(values: list, optional: bool = False):
    """The one value of a property; None when it has none (if `optional`); False when it does not fit."""
    if len(values) > 1 or (not values and not optional):
        return False
    return values[0] if values else None


def scan(store: ox.Store) -> Posts | None:
    """The posts, read by one index scan per property; None when the graph does not fit (see above: a post
    without a member, a role or an organization does not either)."""
    member, role, org = (_objects(store, ORG + p) for p in ("member", "role", "organization"))
    first, last = _objects(store, AG + "firstSeen"), _objects(store, AG + "lastSeen")
    posts, named = [], set()
    for post in _typed(store, "Post"):
        p = Post(post, _one(member.get(post, [])), _one(role.get(post, [])), _one(org.get(post, [])),
                 _one(first.get(post, []), True), _one(last.get(post, []), True))
        if any(not isinstance(t, ox.NamedNode) for t in (p.post, p.person, p.role, p.organization)):
            return None
        if any(t is False or (t is not None and _day(t) is None) for t in (p.first, p.last)):
            return None
        posts.append(p)
        named.update((p.person, p.role, p.organization))
    del member, role, org, first, last
    names = {}
    for actor, values in _objects(store, AG + "displayName").items():
        if actor in named:
            name = _one(values)
            if name is False or not isinstance(name, ox.Literal) or name.datatype.value not in STRINGS:
                return None
            names[actor] = name
    return Posts(posts, _typed(store, "Person"), names)


def _name(posts: Posts, actor: ox.NamedNode) -> ox.Literal:
    """COALESCE(?displayName, STR(?actor))."""
    return posts.names.get(actor) or ox.Literal(actor.value)


def persons_posts(posts: Posts) -> list:
    """persons-posts.rq's rows, in its order (ORDER BY ?byName ?firstSeen ?byRole ?post)."""
    rows = []
    for p in posts.posts:
        if p.person in posts.persons:
            name, role = _name(posts, p.person), _name(posts, p.role)
            key = (name.value + "\u0001", (0,) if p.first is None else (1, _day(p.first)), role.value + "\u0001",
                   p.post.value)
            rows.append((key, (p.person, name, role, _name(posts, p.organization), p.first, p.last, p.post)))
    rows.sort(key=lambda row: row[0])
    return [row for _, row in rows]


def arrivals(posts: Posts) -> dict:
    """(organization, role) -> the sorted firstSeen dates of its posts (graph/posts_as_of.ARRIVALS)."""
    found = defaultdict(list)
    for p in posts.posts:
        if p.first is not None:
            found[(p.organization, p.role)].append(_day(p.first))
    return {key: sorted(days) for key, days in found.items()}


def candidates(posts: Posts) -> list:
    """posts-as-of's candidate rows (graph/posts_as_of.CANDIDATES: the query's columns, then ?o and ?r), in
    its order (ORDER BY ?byNames)."""
    rows = []
    for p in posts.posts:
        if p.first is not None and p.last is not None:
            name, role, org = _name(posts, p.person), _name(posts, p.role), _name(posts, p.organization)
            key = "\u0001".join((org.value, role.value, name.value, p.post.value, p.person.value))
            rows.append((key, (p.person, name, role, org, p.first, p.last, p.post, p.organization, p.role)))
    rows.sort(key=lambda row: row[0])
    return [row for _, row in rows]
