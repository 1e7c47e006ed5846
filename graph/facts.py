"""Actors and facts (posts, meetings, agreements) read from the RDF as plain dicts.

A fact dict: id, kind ("post" | "meeting" | "agreement"), label, detail (role,
meeting type or agreement type), place, start/end (ISO dates or None), roles
({actor IRI: [role, ...]}), actors (sorted IRIs), articles (sorted article
identifiers) and evidence ([{"sentence", "article"}], sorted).
"""
from __future__ import annotations

import calendar
import re
import sys
from dataclasses import dataclass
from datetime import date

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import FOAF, ORG, PROV

from graph.errors import ActorgraphError
from graph.vocab import AG, SCHEMA

ACTOR_CLASSES = {"Person": (AG.Person, FOAF.Person), "Organization": (AG.Organization, ORG.Organization),
                 "Country": (AG.Country, SCHEMA.Country)}
ACTOR_KEYS = ("type", "label", "label_en", "label_ar")
FACT_ROLES = {  # kind: (class, [(property, role)], start property, end property)
    "post": (AG.Post, [(ORG.member, "member"), (ORG.organization, "organization")], AG.firstSeen, AG.lastSeen),
    "meeting": (AG.Meeting, [(SCHEMA.attendee, "attendee"), (SCHEMA.organizer, "organizer")],
                SCHEMA.startDate, SCHEMA.endDate),
    "agreement": (AG.Agreement, [(AG.signatory, "signatory"), (AG.party, "party")], AG.dateSigned, None),
}
# the properties read per fact, looked up once (a namespace attribute costs a Python call)
_MEETING_TYPE, _AGREEMENT_TYPE, _EVIDENCE, _ARTICLE, _SENTENCE = (
    AG.meetingType, AG.agreementType, AG.evidence, AG.article, AG.sentence)
_LABEL, _MEMBER, _ORGANIZATION, _ROLE, _LOCATION, _IDENTIFIER, _DERIVED_FROM = (
    RDFS.label, ORG.member, ORG.organization, ORG.role, SCHEMA.location, SCHEMA.identifier, PROV.wasDerivedFrom)
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class BadDate(ActorgraphError):
    """A --since/--until value that is not YYYY, YYYY-MM or YYYY-MM-DD."""


def label(g, node, lang=None) -> str:
    """The smallest rdfs:label in `lang` ("" for untagged labels; tags compared case-blind), or ""."""
    found = sorted(str(o) for o in g.objects(node, _LABEL) if (o.language or "").lower() == (lang or ""))
    return found[0] if found else ""


def display_name(g, node) -> str:
    """English label, else Arabic, else untagged, else the IRI's last segment."""
    return label(g, node, "en") or label(g, node, "ar") or label(g, node) or str(node).rstrip("/").rsplit("/", 1)[-1]


def actors(g) -> dict:
    """{IRI: {type, label, label_en, label_ar}} for every typed actor."""
    found = {}
    for kind, classes in ACTOR_CLASSES.items():
        for cls in classes:
            for s in g.subjects(RDF.type, cls):
                if isinstance(s, URIRef) and str(s) not in found:
                    found[str(s)] = {"type": kind, "label": display_name(g, s),
                                     "label_en": label(g, s, "en"), "label_ar": label(g, s, "ar")}
    return found


def facts(g, actor_iris: set) -> list:
    """Every post, meeting and agreement with at least one actor, sorted by IRI."""
    return [fact(g, core) for core in fact_cores(g, actor_iris)]


@dataclass(frozen=True)
class FactCore:
    """What the actor graph needs of a fact (graph.compact_graph): no labels, places or evidence."""
    node: object                 # the fact's subject (URIRef, or BNode)
    kind: str                    # "post" | "meeting" | "agreement"
    start: str | None            # ISO dates
    end: str | None
    roles: dict                  # {actor IRI: [role, ...]}, both sorted
    articles: tuple              # sorted article identifiers

    @property
    def id(self) -> str:
        return str(self.node)


def fact_cores(g, actor_iris: set) -> list:
    """The FactCore of every post, meeting and agreement with at least one actor, sorted by IRI
    (a subject typed as two kinds gives two, post before meeting before agreement)."""
    return list(iter_fact_cores(g, actor_iris))


def iter_fact_cores(g, actor_iris: set):
    """fact_cores one at a time, each fact read when its turn comes."""
    kinds = list(FACT_ROLES)
    for _, order, s in sorted((str(s), order, s) for order, kind in enumerate(kinds)
                              for s in set(g.subjects(RDF.type, FACT_ROLES[kind][0]))):
        kind = kinds[order]
        _, _, start_p, end_p = FACT_ROLES[kind]
        roles = fact_roles(g, s, kind, actor_iris)
        if roles:
            start, end = _dates(g, s, start_p, end_p)
            yield FactCore(s, kind, start, end, roles, tuple(_articles(g, s)))


def fact_roles(g, s, kind: str, actor_iris) -> dict:
    """{actor IRI: [role, ...]} of fact s (a `kind`), both sorted; actors not in `actor_iris` left out."""
    roles = {}
    for prop, role in FACT_ROLES[kind][1]:
        for o in g.objects(s, prop):
            if str(o) in actor_iris:
                roles.setdefault(str(o), []).append(role)
    return {a: sorted(r) for a, r in sorted(roles.items())}


def fact(g, core: FactCore) -> dict:
    """The fact dict (see the module's docstring) of a FactCore, its labels and evidence read from g."""
    s, kind = core.node, core.kind
    return {"id": core.id, "kind": kind, "label": _fact_label(g, s, kind), "detail": _detail(g, s, kind),
            "place": " / ".join(sorted(display_name(g, p) for p in g.objects(s, _LOCATION))),
            "start": core.start, "end": core.end, "roles": core.roles, "actors": list(core.roles),
            "articles": list(core.articles), "evidence": _evidence(g, s)}


def _fact_label(g, s, kind) -> str:
    if kind != "post":
        return label(g, s, "en") or label(g, s) or label(g, s, "ar") or kind
    member = ", ".join(sorted(display_name(g, m) for m in g.objects(s, _MEMBER)))
    org = ", ".join(sorted(display_name(g, o) for o in g.objects(s, _ORGANIZATION)))
    return f"{member}: {_detail(g, s, kind)}, {org}".strip(" ,:")


def _detail(g, s, kind) -> str:
    if kind == "post":
        return ", ".join(sorted(display_name(g, r) for r in g.objects(s, _ROLE)))
    prop = _MEETING_TYPE if kind == "meeting" else _AGREEMENT_TYPE
    return ", ".join(sorted(str(o) for o in g.objects(s, prop)))


def article_id(g, article) -> str:
    """schema:identifier of an article, else the IRI's last segment."""
    ids = sorted(str(o) for o in g.objects(article, _IDENTIFIER))
    return sys.intern(ids[0] if ids else str(article).rstrip("/").rsplit("/", 1)[-1])  # shared by many facts


def _articles(g, s) -> list:
    arts = set(g.objects(s, _DERIVED_FROM))
    if not arts:
        arts = {a for ev in g.objects(s, _EVIDENCE) for a in g.objects(ev, _ARTICLE)}
    return sorted({article_id(g, a) for a in arts})


def _evidence(g, s) -> list:
    out = []
    for ev in g.objects(s, _EVIDENCE):
        art = ", ".join(sorted(article_id(g, a) for a in g.objects(ev, _ARTICLE)))
        out += [{"sentence": str(t), "article": art} for t in g.objects(ev, _SENTENCE)]
    return sorted(out, key=lambda e: (e["article"], e["sentence"]))


def _dates(g, s, start_p, end_p):
    periods = [p for o in g.objects(s, start_p) if (p := period(str(o)))]
    if end_p is not None:
        periods += [p for o in g.objects(s, end_p) if (p := period(str(o)))]
    if not periods:
        return None, None
    return min(p[0] for p in periods).isoformat(), max(p[1] for p in periods).isoformat()


def period(text: str):
    """(first day, last day) of "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None for anything else."""
    m = _PERIOD.match(text.strip())
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if d:
            return date(y, mo, d), date(y, mo, d)
        if mo:
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None


def window(since=None, until=None):
    """(lo, hi) dates for a --since/--until pair; open ends become date.min / date.max."""
    def bound(value, end):
        if value is None or value == "":
            return date.max if end else date.min
        if isinstance(value, date):
            return value
        p = period(str(value))
        if p is None:
            raise BadDate(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
        return p[1] if end else p[0]
    return bound(since, False), bound(until, True)


def overlaps(fact: dict, lo: date, hi: date) -> bool:
    """Whether a fact's period meets [lo, hi]; undated facts only pass an open window."""
    if lo == date.min and hi == date.max:
        return True
    if fact["start"] is None:
        return False
    return date.fromisoformat(fact["start"]) <= hi and date.fromisoformat(fact["end"]) >= lo
