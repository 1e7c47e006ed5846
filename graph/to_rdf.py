"""Map resolved facts onto RDF: one named graph per article, the contract's
standard terms (FOAF, ORG, schema.org, PROV) beside the ontology's own.

Triples come from generators; building the Dataset is a separate small step.
Every IRI is derived from content, so the same input gives the same graph.
"""
from __future__ import annotations

import hashlib
import re

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

from graph.model import fact_keys
from graph.resolve import slug
from graph.vocab import AG, ID, SCHEMA, TYPE_CLASSES, name_key

ANALYSIS_GRAPH = ID["graph/analysis"]
ACTORS_GRAPH = ID["graph/actors"]
XSD_OF = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gMonthDay": XSD.gMonthDay}
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def text(value: str, lang: str | None = None) -> Literal:
    """A literal with control characters removed (they cannot travel in every syntax)."""
    return Literal(CONTROL.sub(" ", value), lang=lang)


def digest(*parts) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{slug(article_id)}-{digest(article_id)[:6]}"]


def actor_iri(actor) -> URIRef:
    return ID[actor.iri_path]


def lang_of(s: str) -> str:
    return "ar" if re.search("[\u0600-\u06ff]", s) else "en"


def display_name(labels: dict) -> tuple | None:
    """(name, language) shown for an actor in listings: its English label, else its Arabic one."""
    for lang in ("en", "ar", *sorted(labels)):
        if labels.get(lang):
            return labels[lang], lang
    return None


def actor_triples(actor, actors):
    s = actor_iri(actor)
    own, standard = TYPE_CLASSES[actor.type]
    yield s, RDF.type, own
    yield s, RDF.type, standard
    for lang, label in sorted(actor.labels.items()):
        yield s, RDFS.label, text(label, lang)
    shown = display_name(actor.labels)
    if shown:   # one name per node, so a query lists it with one look-up instead of two and a COALESCE
        yield s, AG.displayName, text(*shown)
    for alt in sorted(actor.alt):
        yield s, SKOS.altLabel, text(alt, lang_of(alt))
    yield from key_triples(s, [*actor.labels.values(), *actor.alt])
    if actor.gazetteer:
        yield s, AG.gazetteerId, Literal(actor.gazetteer)
    if actor.kind:
        yield s, AG.kind, Literal(actor.kind)
    for how in sorted(actor.resolved_by):
        yield s, AG.resolvedBy, Literal(how)
    for prop, ref in ((AG.country, actor.country), (AG.partOf, actor.part_of)):
        if ref and ref in actors:
            yield s, prop, actor_iri(actors[ref])


def key_triples(s, names):
    """One ag:nameKey per distinct folded name (label or other spelling): the actor query seeks it."""
    for key in sorted({name_key(text(n)) for n in names if n}):
        yield s, AG.nameKey, Literal(key)


def article_triples(fx, art):
    a = fx.article
    yield art, RDF.type, AG.Article
    yield art, RDF.type, SCHEMA.NewsArticle
    yield art, SCHEMA.identifier, text(a.id)
    yield art, SCHEMA.inLanguage, Literal(a.language)
    if a.published:
        yield art, SCHEMA.datePublished, Literal(a.published.isoformat(), datatype=XSD.date)
    if a.title:
        yield art, SCHEMA.headline, text(a.title, a.language)
    if a.url and re.match(r"https?://[^\s<>\"{}|\\^`]+$", a.url):
        yield art, SCHEMA.url, URIRef(a.url)
    if a.source:
        yield art, SCHEMA.publisher, text(a.source)
    if getattr(a, "input", ""):   # the file it was read from; for a feed or an export, also the entry / line
        yield art, AG.inputFile, text(a.input)
    if getattr(a, "record", 0):
        yield art, AG.inputRecord, Literal(a.record)
    yield art, SCHEMA.sha256, Literal(a.sha256)


def evidence_triples(fx, art, fact_iri, sentence_index, rule):
    ev = ID[f"evidence/{digest(fx.article.id, fact_iri, sentence_index, rule)}"]
    yield fact_iri, AG.evidence, ev
    yield ev, RDF.type, AG.Evidence
    yield ev, AG.sentence, text(fx.sentences[sentence_index], fx.article.language)
    yield ev, AG.rule, Literal(rule)
    yield ev, AG.article, art


def date_triples(s, prop, value, which="start"):
    lexical = value.start if which == "start" else value.end
    if lexical:
        yield s, prop, Literal(lexical, datatype=XSD_OF[value.datatype])
    if value.inferred and which == "start":
        yield s, AG.inferredDatePart, Literal(value.inferred)


def post_key(fact, iri_of) -> tuple:
    d = fact.data
    return iri_of(d.person), iri_of(d.org), slug(d.role)


def fact_iri(fx, fact, iri_of) -> URIRef:
    """The IRI of a fact: a post by person, organisation and role (one across articles), else by article and sentence."""
    if fact.kind == "post":
        return ID[f"post/{digest(*post_key(fact, iri_of))}"]
    return ID[f"{fact.kind}/{digest(fx.article.id, fact.kind, fact.sentence)}"]


def fact_triples(fx, fact, art, iri_of, posts, label_of=None):
    d = fact.data
    s = posts[post_key(fact, iri_of)] if fact.kind == "post" else fact_iri(fx, fact, iri_of)
    yield art, SCHEMA.mentions, s
    yield s, PROV.wasDerivedFrom, art
    for i, rule in [(fact.sentence, fact.rule), *fact.more]:
        yield from evidence_triples(fx, art, s, i, rule)
    if fact.kind == "meeting":
        yield from meeting_triples(s, d, iri_of, label_of)
    elif fact.kind == "agreement":
        yield from agreement_triples(s, d, iri_of)


def meeting_label(d, iri_of, label_of) -> str:
    """The event's own name, else e.g. 'Reception in Dushanbe, 2024-09-12'."""
    if d.name:
        return d.name
    label = d.type.capitalize()
    if d.place and label_of:
        label += f" in {label_of.get(iri_of(d.place), '')}".rstrip()
    if d.date:
        label += f", {d.date.start}"
    return label


def meeting_triples(s, d, iri_of, label_of=None):
    yield s, RDF.type, AG.Meeting
    yield s, RDF.type, SCHEMA.Event
    yield s, AG.meetingType, Literal(d.type)
    label = meeting_label(d, iri_of, label_of)
    yield s, RDFS.label, text(label, lang_of(label))
    if d.date:
        yield from date_triples(s, SCHEMA.startDate, d.date)
        yield from date_triples(s, SCHEMA.endDate, d.date, "end")
    if d.place:
        yield s, SCHEMA.location, iri_of(d.place)
    for k in d.attendees:
        yield s, SCHEMA.attendee, iri_of(k)
    for k in d.organizers:
        yield s, SCHEMA.organizer, iri_of(k)


def agreement_triples(s, d, iri_of):
    yield s, RDF.type, AG.Agreement
    yield s, AG.agreementType, Literal(d.type)
    yield s, RDFS.label, text(d.type[:1].upper() + d.type[1:], lang_of(d.type))
    if d.date:
        yield from date_triples(s, AG.dateSigned, d.date)
    if d.place:
        yield s, SCHEMA.location, iri_of(d.place)
    for k in d.signatories:
        yield s, AG.signatory, iri_of(k)
    for k in d.parties:
        yield s, AG.party, iri_of(k)


def role_iri(role_label: str) -> URIRef:
    return ID[f"role/{slug(role_label)}"]


def post_triples(s, person, org, role_label, seen_dates, actors_by_iri):
    role = role_iri(role_label)
    yield s, RDF.type, AG.Post
    yield s, RDF.type, ORG.Membership
    yield s, ORG.member, person
    yield s, ORG.organization, org
    yield s, ORG.role, role
    yield role, RDF.type, AG.Role
    yield role, RDF.type, ORG.Role
    yield role, RDFS.label, text(role_label, lang_of(role_label))
    names = [actors_by_iri.get(person), role_label, actors_by_iri.get(org)]
    yield s, RDFS.label, text(" — ".join(n for n in names if n), lang_of(role_label))
    if seen_dates:
        yield s, AG.firstSeen, Literal(min(seen_dates).isoformat(), datatype=XSD.date)
        yield s, AG.lastSeen, Literal(max(seen_dates).isoformat(), datatype=XSD.date)


def quads(extractions, resolution):
    """Every quad of the graph: one named graph per article (its mentions, facts, posts and evidence)
    and one graph describing each actor once (types, labels, spellings, resolution) and giving each
    role its one display name (spellings that fold to one role IRI, 'Director-General' and
    'Director General', are both its labels)."""
    actors = resolution.actors
    posts, post_dates, post_roles = {}, {}, {}
    label_of = {actor_iri(a): next(iter(a.labels.values()), "") for a in actors.values()}
    for fx in extractions:
        iri_of = lambda k, aid=fx.article.id: actor_iri(actors[resolution.key_of[(aid, k)]])
        for f in fx.facts:
            if f.kind == "post":
                key = post_key(f, iri_of)
                posts.setdefault(key, fact_iri(fx, f, iri_of))
                post_roles.setdefault(key, f.data.role)
                if fx.article.published:
                    post_dates.setdefault(key, set()).add(fx.article.published)
    described = set()
    for fx in sorted(extractions, key=lambda f: f.article.id):
        art = article_iri(fx.article.id)
        iri_of = lambda k, aid=fx.article.id: actor_iri(actors[resolution.key_of[(aid, k)]])
        for t in article_triples(fx, art):
            yield (*t, art)
        used = set(fx.mentioned) | {k for f in fx.facts for k in fact_keys(f)}
        for local in sorted(used):
            canon = resolution.key_of[(fx.article.id, local)]
            if local in fx.mentioned:
                yield art, SCHEMA.mentions, actor_iri(actors[canon]), art
            described.add(canon)
        for f in fx.facts:
            for t in fact_triples(fx, f, art, iri_of, posts, label_of):
                yield (*t, art)
            if f.kind == "post":
                key = (iri_of(f.data.person), iri_of(f.data.org), slug(f.data.role))
                for t in post_triples(posts[key], key[0], key[1], post_roles[key], post_dates.get(key), label_of):
                    yield (*t, art)
    for canon in sorted(described):
        for t in actor_triples(actors[canon], actors):
            yield (*t, ACTORS_GRAPH)
    role_names = {}
    for label in post_roles.values():
        role_names.setdefault(role_iri(label), set()).add(label)
    for role in sorted(role_names):
        shown = min(role_names[role])
        yield role, AG.displayName, text(shown, lang_of(shown)), ACTORS_GRAPH
        for t in key_triples(role, role_names[role]):
            yield (*t, ACTORS_GRAPH)


def to_dataset(extractions, resolution) -> Dataset:
    """The whole graph as an rdflib Dataset."""
    ds = Dataset()
    for s, p, o, g in quads(extractions, resolution):
        ds.graph(g).add((s, p, o))
    return ds



def _ox_term(term):
    import pyoxigraph as ox
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None and term.datatype != XSD.string:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def to_store(extractions, resolution, store=None):
    """The same quads as `to_dataset`, loaded into a pyoxigraph Store (for corpora too large for rdflib)."""
    import pyoxigraph as ox
    store = store if store is not None else ox.Store()
    store.bulk_extend(ox_quads(quads(extractions, resolution)))
    return store


def ox_quads(rdflib_quads, limit=500_000):
    """pyoxigraph Quads of rdflib (s, p, o, g) tuples; a bounded cache reuses the frequent terms."""
    import pyoxigraph as ox
    cache = {}

    def term(t):
        key = (t, getattr(t, "language", None), getattr(t, "datatype", None)) if isinstance(t, Literal) else t
        v = cache.get(key)
        if v is None:
            if len(cache) >= limit:
                cache.clear()
            v = cache[key] = _ox_term(t)
        return v

    for s, p, o, g in rdflib_quads:
        yield ox.Quad(term(s), term(p), term(o), term(g))
