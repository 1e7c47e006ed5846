"""The first rows of the `actor` named query for an actor with many facts, without sorting all of them.

graph/queries/actor.rq sorts every row of the actor before a LIMIT cuts them: a country named in thousands
of meetings costs seconds (China at 100k articles: 1.5 s, and 20 clients asking at once queue behind it).
Its order begins with the fact's relation and date, and a fact's (relation, fact, date) keys are cheap to
list and sort, while each row's value and evidence are not. So, for a query that is actor.rq bound to one
name key with a LIMIT (what the query page, and the load generator, send):

- an actor with at most SMALL incoming statements is left to the store (sorting its rows is cheap);
- an actor the build kept rows for (more than BIG incoming statements: its first KEEP rows, written by
  `kept_quads` into the summaries graph, graph/summaries.py) is answered from them when the page lies
  within them (`read_kept`);
- otherwise the query runs on the facts that can come first (`restricted`): its keys are listed in the
  query's order, the first LIMIT+OFFSET of them and every key tied with the last on (relation, date) are
  kept (`first_facts`: each key has one row or more, so no other fact's row can be among the first
  LIMIT+OFFSET), and the same query, with `VALUES ?fact { … }` before its fact pattern, sorts only those.

actor.rq's ORDER BY is total (it ends with ?byRest), so each way gives the rows the whole query gives, in
its order: tests/test_actor_first_rows.py checks this on every actor of the seeds, at every cut.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from graph.query import Result, named_query
from graph.ranked import ranked_quads
from graph.store import SUMMARIES
from graph.vocab import ID, PREFIXES

NAME = "actor"
SMALL = 500      # incoming statements up to which the store sorts the actor's rows itself
BIG = 2_000      # incoming statements past which the build keeps the actor's first rows
KEEP = 200       # rows kept per such actor
SUMMARY_GRAPH = ox.NamedNode(SUMMARIES)
_KEY_AT = "?actor ag:nameKey $name ."    # in each branch of actor.rq: where the actor is found by its key
_FACTS_AT = "    ?fact ?relation ?actor ."  # the fact pattern the fact list is put before
_LITERAL = r'"(?:[^"\\\n]|\\.)*"'
_PREFIX = re.compile(r"\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.I)
_PAGE = re.compile(r"\s*(?:LIMIT\s+(\d+)(?:\s+OFFSET\s+(\d+))?|OFFSET\s+(\d+)\s+LIMIT\s+(\d+))\s*", re.I)
_DATE_AT = re.compile(r"^\s*OPTIONAL \{ \?fact (\S+) \?date \}$", re.M)  # actor.rq's date of a fact
_RELATIONS = "SELECT DISTINCT ?relation WHERE {{ ?fact ?relation <{actor}> }}"
_KEYS = """SELECT DISTINCT ?relation ?fact ?date WHERE {{{values}
  ?fact ?relation <{actor}> .
  OPTIONAL {{ ?fact {dates} ?date }}
  BIND(CONCAT(STR(?relation), "\\u0001") AS ?byRelation)
}}
ORDER BY ?byRelation ?date"""


@dataclass(frozen=True)
class ActorQuery:
    """A query recognised as actor.rq bound to one name key, with a page of its rows."""

    text: str      # the query as sent
    key: str       # the name key's literal, as written in the query
    limit: int
    offset: int


@lru_cache(maxsize=1)
def _template() -> str:
    text = named_query(NAME).text
    if text.count(_KEY_AT) != 2 or text.count(_FACTS_AT + "\n") != 1 or len(_DATE_AT.findall(text)) != 1:
        raise RuntimeError(f"graph/queries/{NAME}.rq changed: graph/actor_first_rows.py looks for "
                           f"{_KEY_AT!r} in both branches, {_FACTS_AT.strip()!r} once and one fact's date")
    return text


def keys_query(actor: ox.NamedNode, relation: ox.NamedNode | None = None) -> str:
    """The (relation, fact, date) keys of the facts about `actor` (with `relation` only, if given), in
    actor.rq's order of its fact rows (the date as actor.rq reads it)."""
    values = f"\n  VALUES ?relation {{ {relation} }}" if relation is not None else ""
    return _KEYS.format(actor=actor.value, dates=_DATE_AT.search(_template()).group(1), values=values)


def ordered_keys(store: ox.Store, actor: ox.NamedNode):
    """The keys of keys_query(actor), in its order, one relation at a time: actor.rq orders by relation
    first (as text), so a caller that stops early (`first_facts`) leaves the later relations' facts
    unsorted. At 100k articles the first relation of the 133 biggest actors holds 18% of their 362,637 keys."""
    relations = sorted((row[0] for row in store.query(_RELATIONS.format(actor=actor.value))),
                       key=lambda r: r.value + "\u0001")   # actor.rq's ?byRelation
    for relation in relations:
        yield from ((r, f, d) for r, f, d in store.query(keys_query(actor, relation), prefixes=PREFIXES))


@lru_cache(maxsize=1)
def _body() -> re.Pattern:
    """actor.rq as bound to any one key (the same key in both places), whitespace at its end aside."""
    first, middle, last = _template().rstrip().split("$name")
    return re.compile(re.escape(first) + f"({_LITERAL})" + re.escape(middle) + r"\1" + re.escape(last))


@lru_cache(maxsize=1)
def columns() -> list:
    """actor.rq's projected variables."""
    return named_query(NAME).columns()


def recognise(text: str) -> ActorQuery | None:
    """`text` as an ActorQuery: predeclared PREFIX lines (each meaning what it means by default), actor.rq
    bound to one key, then `LIMIT n [OFFSET m]` in either order; None for any other query."""
    at = 0
    while m := _PREFIX.match(text, at):
        if PREFIXES.get(m.group(1) or "") != m.group(2):
            return None
        at = m.end()
    while text[at:at + 1].isspace():
        at += 1
    body = _body().match(text, at)
    if body is None:
        return None
    page = _PAGE.fullmatch(text, body.end())
    if page is None:
        return None
    limit, offset = (page.group(1), page.group(2)) if page.group(1) else (page.group(4), page.group(3))
    return ActorQuery(text, body.group(1), int(limit), int(offset or 0))


def actors_named(kg, key: str) -> list:
    """The actors (up to two) with the name key written as the literal `key`."""
    return [row[0] for row in kg.query(f"SELECT ?a WHERE {{ ?a ag:nameKey {key} }} LIMIT 2")]


def more_incoming_than(store: ox.Store, actor: ox.NamedNode, n: int) -> bool:
    """Whether more than `n` statements of the graph have `actor` as object. The store skips the first `n`
    itself (counting them as Python quads took 19.5 s over the 78,390 actors of a 100k build; this, 3.8 s)."""
    return bool(store.query(f"ASK {{ {{ SELECT ?fact WHERE {{ ?fact ?relation {actor} }} OFFSET {n} LIMIT 1 }} }}"))


def first_rows(kg, text: str, max_rows: int | None = None) -> Result | None:
    """The answer of `text` when it is a page of one big actor's rows (see the module's text); None when
    the store should evaluate it as it is."""
    asked = recognise(text)
    if asked is None or asked.limit == 0 or (max_rows is not None and asked.limit > max_rows):
        return None
    actors = actors_named(kg, asked.key)
    if len(actors) != 1 or not isinstance(actors[0], ox.NamedNode) or not more_incoming_than(kg.store, actors[0], SMALL):
        return None
    rows = read_kept(kg.store, actors[0], asked.limit, asked.offset)
    if rows is None:
        return restricted(kg, asked, actors[0])
    return Result("select", variables=columns(), rows=rows)


def first_facts(keys, wanted: int) -> list:
    """The facts of the first `wanted` keys (relation, fact, date), in the query's order, and of every
    key after them tied with the last on (relation, date); each fact once, in order of first key."""
    facts, seen, last = [], set(), None
    for i, (relation, fact, date) in enumerate(keys):
        if i >= wanted and (relation, date) != last:
            break
        last = (relation, date)
        if fact not in seen:
            seen.add(fact)
            facts.append(fact)
    return facts


def on_first_facts(store: ox.Store, text: str, actor: ox.NamedNode, wanted: int) -> str:
    """`text` (actor.rq for `actor`) with `VALUES ?fact { … }` listing the facts of its first `wanted` rows."""
    listed = " ".join(str(f) for f in first_facts(ordered_keys(store, actor), wanted))
    return text.replace(_FACTS_AT + "\n", f"    VALUES ?fact {{ {listed} }}\n{_FACTS_AT}\n", 1)


def restricted(kg, asked: ActorQuery, actor: ox.NamedNode) -> Result:
    """`asked` evaluated on the facts of `actor` that can be among its first LIMIT+OFFSET rows."""
    answer = kg.query(on_first_facts(kg.store, asked.text, actor, asked.limit + asked.offset))
    return Result("select", variables=[v.value for v in answer.variables], rows=[tuple(r) for r in answer])


def _ns(actor: ox.NamedNode) -> str:
    return f"{ID}summary/{NAME}/{actor.value[len(str(ID)):]}"


def _whole_text(actor: ox.NamedNode) -> str:
    """actor.rq for one actor by its IRI (what any key of that actor alone gives)."""
    return _template().replace(_KEY_AT, f"VALUES ?actor {{ {actor} }}")


def kept_quads(store: ox.Store):
    """The kept rows of every actor with more than BIG incoming statements, in IRI order: the first KEEP
    rows of actor.rq for it, as graph.ranked writes rows (with `#more` when it has more), evaluated on the
    facts of its first KEEP+1 rows (if it has more keys than that, those facts give more rows than KEEP)."""
    actors = sorted({q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(PREFIXES["ag"] + "nameKey"),
                                                                        None, ox.DefaultGraph())
                     if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(str(ID))})
    for value in actors:
        actor = ox.NamedNode(value)
        if not more_incoming_than(store, actor, BIG):
            continue
        text = on_first_facts(store, _whole_text(actor), actor, KEEP + 1)
        answer = store.query(f"{text}\nLIMIT {KEEP + 1}", prefixes=PREFIXES)
        yield from ranked_quads((tuple(row) for row in answer), columns(), _ns(actor), SUMMARY_GRAPH, KEEP)


def read_kept(store: ox.Store, actor: ox.NamedNode, limit: int, offset: int) -> list | None:
    """Rows OFFSET..OFFSET+LIMIT of `actor`'s kept rows; None when none were kept or the page goes past them."""
    ns = _ns(actor)
    more = ox.Quad(ox.NamedNode(ns), ox.NamedNode(ns + "#more"), ox.Literal(True), SUMMARY_GRAPH) in store
    rank = ox.NamedNode(ns + "#rank")
    if not any(True for _ in store.quads_for_pattern(ox.NamedNode(f"{ns}/0"), rank, None, SUMMARY_GRAPH)):
        return None
    if more and offset + limit > KEEP:
        return None
    where = {ox.NamedNode(f"{ns}#{name}"): i for i, name in enumerate(columns())}
    rows = []
    for i in range(offset, offset + limit):
        row, found = [None] * len(where), False
        for q in store.quads_for_pattern(ox.NamedNode(f"{ns}/{i}"), None, None, SUMMARY_GRAPH):
            found = True
            if q.predicate in where:
                row[where[q.predicate]] = q.object
        if not found:
            break
        rows.append(tuple(row))
    return rows
