"""What a page about one IRI shows, read from the store by that IRI (a seek, never a scan).

An actor (person, organization, country, place) gets its names in every script, its types,
its centrality figures, the posts, meetings and agreements it takes part in (dates, places,
the other participants) with each fact's evidence sentences, articles and rules, and the
articles that mention it. Any other IRI the graph mints (a meeting, an article, a role ...)
gets its statements and the statements that point at it. The IRI enters a query only as pyoxigraph
writes a NamedNode (which refuses anything that is not an IRI).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from graph.results import compact
from graph.vocab import AG, ID, PREFIXES

ID_NS = str(ID)
AGNS = str(AG._NS)
ACTOR_TYPES = {AGNS + t: t for t in ("Person", "Organization", "Country", "Place")}
FACT_KINDS = {"ag:Post": "post", "ag:Meeting": "meeting", "ag:Agreement": "agreement"}
FACTS_SHOWN = 10       # per kind and page (?page=2 lists the next ones)
MENTIONS_SHOWN = 25    # per page
STATEMENTS_SHOWN = 500
FIGURES = ("pagerank", "degree", "weightedDegree", "betweenness", "eigenvector")
ROLE_WORDS = {
    "http://schema.org/attendee": "attendee", "https://schema.org/attendee": "attendee",
    "https://schema.org/organizer": "organizer", AGNS + "signatory": "signatory", AGNS + "party": "party",
    "http://www.w3.org/ns/org#member": "member", "http://www.w3.org/ns/org#organization": "organization",
    "http://www.w3.org/ns/org#role": "role",
}

_NAMES = """SELECT ?p ?o ?on WHERE { $a ?p ?o OPTIONAL { ?o ag:displayName ?on } }"""
# The kind of a fact is a FILTER, not VALUES: with VALUES first Oxigraph listed every post, meeting and
# agreement of the graph and looked the actor up in each (370 ms a query at 10k articles; 0.2 ms so).
# A page lists FACTS_SHOWN facts of each kind, the most recent first, and links to the next page: the list of
# every fact (kind and date only, _FACT_LIST) is cheap, the details (_DETAILS, _PARTIES, _EVIDENCE) are read
# for the listed facts only, seeded by VALUES ?fact (the largest actors of a 10k build had 300+ facts, and
# reading every fact's participants and evidence was most of a 250 ms page).
# The list seeks each relation a fact has to an actor (graph/facts.py: only posts have org:member and
# org:organization, only meetings schema:attendee and schema:organizer, only agreements ag:signatory and ag:party),
# not `?fact ?rel $a`, which also reads every article that mentions the actor (thousands for a country) and
# looks its type up; the place of a meeting or agreement is checked by type (3-7x faster at 10k articles).
_KIND_OF = (("org:member", "ag:Post", "ag:firstSeen"), ("org:organization", "ag:Post", "ag:firstSeen"),
            ("schema:attendee", "ag:Meeting", "schema:startDate"), ("schema:organizer", "ag:Meeting", "schema:startDate"),
            ("ag:signatory", "ag:Agreement", "ag:dateSigned"), ("ag:party", "ag:Agreement", "ag:dateSigned"))
_LOCATED = "ag:Meeting ag:Agreement"


def _facts_of(kind: str) -> str:
    """The pattern of `kind`'s facts of the actor $a (?fact, ?rel, ?start)."""
    parts = [f"{{ ?fact {rel} $a BIND({rel} AS ?rel) OPTIONAL {{ ?fact {date} ?start }} }}"
             for rel, k, date in _KIND_OF if k == kind]
    if kind in _LOCATED.split():
        date = next(d for _, k, d in _KIND_OF if k == kind)
        parts.append(f"{{ ?fact schema:location $a . ?fact a {kind} BIND(schema:location AS ?rel) "
                     f"OPTIONAL {{ ?fact {date} ?start }} }}")
    return " UNION ".join(parts)


# One page of a kind's facts, sorted by the store on the date (an inline value) and the IRI, so that only the
# page's rows are read back; and how many there are.
_FACT_PAGE = {k: f"SELECT ?fact (SAMPLE(?rel) AS ?r) (MAX(?start) AS ?s) WHERE {{ {_facts_of(k)} }} GROUP BY ?fact "
                 f"ORDER BY DESC(?s) DESC(?fact) LIMIT $limit OFFSET $offset"
              for k in FACT_KINDS}
_FACT_COUNT = {k: f"SELECT (COUNT(DISTINCT ?fact) AS ?n) WHERE {{ {_facts_of(k)} }}" for k in FACT_KINDS}
_DETAILS = """SELECT ?fact ?label ?end ?place ?placeName WHERE { VALUES ?fact { $facts }
  OPTIONAL { ?fact rdfs:label ?label }
  OPTIONAL { ?fact schema:endDate|ag:lastSeen ?end }
  OPTIONAL { ?fact schema:location ?place OPTIONAL { ?place ag:displayName ?placeName } }
}"""
_PARTIES = """SELECT ?fact ?role ?x ?xn WHERE { VALUES ?fact { $facts }
  ?fact ?role ?x . FILTER(?role IN (schema:attendee, schema:organizer, ag:signatory, ag:party,
                                    org:member, org:organization, org:role))
  OPTIONAL { ?x ag:displayName ?xn }
}"""
_EVIDENCE = """SELECT ?fact ?sentence ?rule ?article ?ident ?headline WHERE { VALUES ?fact { $facts }
  ?fact ag:evidence ?e . ?e ag:sentence ?sentence ; ag:rule ?rule ; ag:article ?article .
  OPTIONAL { ?article schema:identifier ?ident } OPTIONAL { ?article schema:headline ?headline }
}"""
_MENTIONS = """SELECT ?article ?ident ?date ?headline WHERE {
  { SELECT ?article ?date WHERE { ?article schema:mentions $a OPTIONAL { ?article schema:datePublished ?date } }
    ORDER BY DESC(?date) DESC(?article) LIMIT $limit OFFSET $offset }
  ?article schema:identifier ?ident . OPTIONAL { ?article schema:headline ?headline }
} ORDER BY DESC(?date) DESC(?article)"""
_MENTION_COUNT = """SELECT (COUNT(*) AS ?n) WHERE { ?article schema:mentions $a }"""
_INCOMING = """SELECT ?s ?p ?sn WHERE { ?s ?p $a OPTIONAL { ?s ag:displayName|schema:identifier ?sn } }"""


@dataclass(frozen=True)
class Link:
    """A node as a page shows it: its name, and its page on this server when the graph minted it."""

    iri: str
    name: str
    href: str | None = None


@dataclass
class Evidence:
    sentence: str
    rule: str
    article: Link


@dataclass
class Fact:
    """A post, meeting or agreement the actor takes part in (as `relation`)."""

    link: Link
    kind: str
    relation: str
    start: str | None = None
    end: str | None = None
    place: Link | None = None
    others: list = field(default_factory=list)     # (role word, Link)
    evidence: list = field(default_factory=list)   # Evidence


@dataclass
class Statement:
    predicate: str
    value: str
    link: Link | None = None
    lang: str | None = None


@dataclass
class Page:
    """Everything shown about one IRI."""

    iri: str
    title: str
    kind: str                                      # Person, Organization, Country, Place or "resource"
    names: list = field(default_factory=list)      # (text, language, "label"/"other spelling")
    types: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    links: list = field(default_factory=list)      # (property word, Link): country, part of
    facts: dict = field(default_factory=dict)      # kind -> [Fact] of this page, most recent first
    totals: dict = field(default_factory=dict)     # kind -> how many facts of that kind the actor has
    number: int = 1                                # which page of the fact and mention lists (1: the most recent)
    mentions: list = field(default_factory=list)   # (Link to the article, date, headline), this page's
    mention_count: int = 0
    statements: list = field(default_factory=list)  # Statement, for any IRI
    incoming: list = field(default_factory=list)    # (property, Link)

    @property
    def is_actor(self) -> bool:
        return self.kind in ACTOR_TYPES.values()

    @property
    def first(self) -> int:
        """Index (0-based) of this page's first fact in each kind's list."""
        return (self.number - 1) * FACTS_SHOWN

    @property
    def more(self) -> bool:
        """Whether a next page lists more facts or mentions."""
        return (any(n > self.number * FACTS_SHOWN for n in self.totals.values())
                or self.mention_count > self.number * MENTIONS_SHOWN)

    def timeline(self) -> list:
        """The dated facts as vis-timeline items (plain data: the page script sets every text itself)."""
        items = []
        for kind, facts in self.facts.items():
            for f in facts:
                start = calendar_date(f.start)
                if not start:
                    continue
                end = calendar_date(f.end)
                item = {"id": len(items), "kind": kind, "text": f.link.name, "start": start, "href": f.link.href}
                if end and end > start:
                    item["end"] = end
                items.append(item)
        return items


def href(iri: str) -> str | None:
    """This server's path for an IRI the graph minted (https://w3id.org/actorgraph/id/... -> /id/...)."""
    return "/id/" + iri[len(ID_NS):] if iri.startswith(ID_NS) and len(iri) > len(ID_NS) else None


def calendar_date(value: str | None) -> str | None:
    """An xsd:date as is, an xsd:gYearMonth as its first day; a date without a year is not placed."""
    if not value or value.startswith("--"):
        return None
    if len(value) == 7:
        return value + "-01"
    return value[:10] if len(value) >= 10 else None


def _rows(kg, text: str, iri: str, seeds=(), limit: int = 0, offset: int = 0):
    """`text` with $a standing for <iri> and $facts for the IRIs `seeds` (written by pyoxigraph, which
    refuses an invalid IRI), $limit and $offset for numbers: a constant in the pattern is what lets the store
    seek it."""
    text = text.replace("$facts", " ".join(str(ox.NamedNode(s)) for s in seeds))
    text = text.replace("$limit", str(int(limit))).replace("$offset", str(int(offset)))
    return kg.store.query(text.replace("$a", str(ox.NamedNode(iri))), prefixes=PREFIXES)


def _v(term):
    return None if term is None else term.value


def _link(term, name_term=None) -> Link:
    iri = term.value
    name = name_term.value if name_term is not None else (compact(iri) if isinstance(term, ox.NamedNode) else iri)
    return Link(iri, name, href(iri) if isinstance(term, ox.NamedNode) else None)


def _word(iri: str) -> str:
    return ROLE_WORDS.get(iri) or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def read_page(kg, iri: str, number: int = 1) -> Page | None:
    """Page `number` of `iri` (its facts and mentions from the (number-1)*FACTS_SHOWN-th most recent on),
    or None when the graph says nothing about it."""
    page = Page(iri, iri, "resource", number=max(1, number))
    labels, display = [], None
    for p, o, on in (tuple(r) for r in _rows(kg, _NAMES, iri)):
        prop = p.value
        if prop == PREFIXES["rdf"] + "type":
            page.types.append(compact(o.value))
            page.kind = ACTOR_TYPES.get(o.value, page.kind)
        elif prop == PREFIXES["rdfs"] + "label":
            labels.append((o.value, o.language or "", "label"))
        elif prop == PREFIXES["skos"] + "altLabel":
            labels.append((o.value, o.language or "", "other spelling"))
        elif prop == AGNS + "displayName":
            display = o.value
        elif prop.startswith(AGNS) and prop[len(AGNS):] in FIGURES:
            page.figures[prop[len(AGNS):]] = o.value
        elif prop in (AGNS + "country", AGNS + "partOf"):
            page.links.append((_word(prop), _link(o, on)))
        if len(page.statements) < STATEMENTS_SHOWN and prop != AGNS + "nameKey":
            page.statements.append(Statement(compact(prop), o.value if not isinstance(o, ox.NamedNode) else "",
                                             _link(o, on) if isinstance(o, ox.NamedNode) else None,
                                             getattr(o, "language", None)))
    page.names = sorted(set(labels), key=lambda n: (n[2] != "label", n[1] != "en", n[1], n[0]))
    page.title = display or next((n[0] for n in page.names), None) or compact(iri)
    if page.is_actor:
        _read_facts(kg, page)
        _read_mentions(kg, page)
    else:
        for s, p, sn in (tuple(r) for r in _rows(kg, _INCOMING + f" LIMIT {STATEMENTS_SHOWN}", iri)):
            page.incoming.append((compact(p.value), _link(s, sn)))
    if not page.statements and not page.incoming:
        return None
    return page


def _count(kg, text: str, iri: str) -> int:
    return next(int(r[0].value) for r in _rows(kg, text, iri))


def _read_facts(kg, page: Page) -> None:
    facts = {}
    for kind_iri, kind in FACT_KINDS.items():
        total = _count(kg, _FACT_COUNT[kind_iri], page.iri)
        if not total:
            continue
        page.totals[kind] = total
        shown = [Fact(Link(f.value, compact(f.value), href(f.value)), kind, _word(rel.value), _v(start))
                 for f, rel, start in (tuple(r) for r in _rows(kg, _FACT_PAGE[kind_iri], page.iri,
                                                               limit=FACTS_SHOWN, offset=page.first))]
        if shown:
            page.facts[kind] = shown
            facts.update((f.link.iri, f) for f in shown)
    if not facts:
        return
    for fact, label, end, place, place_name in (tuple(r) for r in _rows(kg, _DETAILS, page.iri, facts)):
        f = facts[fact.value]
        if label is not None and f.link.name == compact(f.link.iri):
            f.link = Link(f.link.iri, label.value, f.link.href)
        f.end = f.end or _v(end)
        if place is not None and f.place is None:
            f.place = _link(place, place_name)
    seen = set()
    for fact, role, x, xn in (tuple(r) for r in _rows(kg, _PARTIES, page.iri, facts)):
        key = (fact.value, role.value, x.value)
        if x.value != page.iri and key not in seen:
            seen.add(key)
            facts[fact.value].others.append((_word(role.value), _link(x, xn)))
    for fact, sentence, rule, article, ident, headline in (tuple(r) for r in _rows(kg, _EVIDENCE, page.iri, facts)):
        name = _v(ident) or compact(article.value)
        facts[fact.value].evidence.append(Evidence(sentence.value, rule.value, Link(article.value, name,
                                                                                   href(article.value))))
    for f in facts.values():
        f.others.sort(key=lambda o: (o[0], o[1].name, o[1].iri))
        f.evidence.sort(key=lambda e: (e.article.name, e.rule, e.sentence))


def _read_mentions(kg, page: Page) -> None:
    page.mention_count = _count(kg, _MENTION_COUNT, page.iri)
    first = (page.number - 1) * MENTIONS_SHOWN
    if page.mention_count > first:
        page.mentions = [(Link(a.value, i.value, href(a.value)), _v(d), _v(h)) for a, i, d, h in
                         (tuple(r) for r in _rows(kg, _MENTIONS, page.iri, limit=MENTIONS_SHOWN, offset=first))]


def describe(kg, iri: str, cap: int) -> list:
    """The triples a linked-data client gets for `iri`: what it says, and what points at it (at most
    `cap` of those: a country is the object of every article that mentions it)."""
    node = ox.NamedNode(iri)
    out = [q.triple for q in kg.store.quads_for_pattern(node, None, None, ox.DefaultGraph())]
    out += [q.triple for q in islice(kg.store.quads_for_pattern(None, None, node, ox.DefaultGraph()), cap)]
    return out
