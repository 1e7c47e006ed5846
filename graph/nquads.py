"""The graph as N-Quads text, written without rdflib: the same quads as graph.to_rdf.quads, term for
term and in the same order, so the store bulk-loads them and the outputs stay byte-identical.

Split at entity resolution:

- in the extraction worker, `render_facts` turns each fact of one article into an N-Quads template
  (`ArticleQuads`): everything the fact says, its evidence sentences included, with a placeholder
  where the text depends on resolution (an actor's IRI, a post's IRI and its evidence IRIs, which
  hash the resolved IRIs, and a meeting label naming a resolved place). The worker then drops the
  sentences: no article text travels back or stays in the parent.
- in the parent, after resolution, `quads_text` fills the placeholders from the Resolution, and adds
  what spans articles (the article's own description, its mentions, posts seen in several articles,
  the actors graph and role names). Nothing here creates an rdflib term.

A placeholder is NUL, a letter, an argument, NUL (N-Quads text never holds a raw NUL):
A<local key> an actor's IRI, S the post's IRI, E<j> the IRI of the post's j-th evidence,
M a meeting's label literal. Literals are written by pyoxigraph (its terms print as N-Triples), IRIs
as the text they are: every one is minted from a slug or a digest (or a checked URL).
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD   # namespace strings only, read once

from graph.model import fact_keys
from graph.resolve import slug
from graph.to_rdf import (ACTORS_GRAPH, CONTROL, digest, display_name, lang_of, meeting_label)
from graph.vocab import AG, ID, SCHEMA, TYPE_CLASSES

_ID = str(ID)
_PLACEHOLDER = re.compile(rb"\x00([ASEM])([^\x00]*)\x00")
_ACTORS_G = f"<{ACTORS_GRAPH}>"


def _p(term) -> str:
    return f"<{term}>"


# predicates and classes, written once
TYPE, LABEL, ALT, MENTIONS, DERIVED, EVIDENCE, EVIDENCE_C, SENTENCE, RULE, ARTICLE = map(_p, (
    RDF.type, RDFS.label, SKOS.altLabel, SCHEMA.mentions, PROV.wasDerivedFrom, AG.evidence, AG.Evidence,
    AG.sentence, AG.rule, AG.article))
XSD_DATE, XSD_INTEGER = str(XSD.date), str(XSD.integer)
XSD_OF = {"date": XSD_DATE, "gYearMonth": str(XSD.gYearMonth), "gMonthDay": str(XSD.gMonthDay)}


def lit(value, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal (as rdflib's Literal(value, lang=…, datatype=…) is), escaped by pyoxigraph."""
    if lang:
        return str(ox.Literal(str(value), language=lang))
    if datatype:
        return str(ox.Literal(str(value), datatype=_datatype(datatype)))
    return str(ox.Literal(str(value)))


@lru_cache(maxsize=None)
def _datatype(iri: str):
    return ox.NamedNode(iri)


def text(value: str, lang: str | None = None) -> str:
    """graph.to_rdf.text: control characters removed."""
    return lit(CONTROL.sub(" ", value), lang)


def iri(path: str) -> str:
    return f"<{_ID}{path}>"


def article_iri(article_id: str) -> str:
    return iri(f"article/{slug(article_id)}-{digest(article_id)[:6]}")


@dataclass
class ArticleQuads:
    """One article's facts as N-Quads templates, in the order of ArticleFacts.facts: `facts` are the
    same Fact objects (so a fact dropped by a judgement drops its template), `ends` where each one's
    template ends in the text, and `packed` the templates one after another, zlib-compressed: the
    parent holds every article's until resolution is done, and the text repeats its IRIs line after
    line (about ten times smaller packed)."""
    facts: list = field(default_factory=list)
    ends: list = field(default_factory=list)
    packed: bytes = b""

    @classmethod
    def pack(cls, pairs) -> "ArticleQuads":
        facts, ends, end = [], [], 0
        for f, t in pairs:
            end += len(t)
            facts.append(f)
            ends.append(end)
        return cls(facts, ends, zlib.compress(b"".join(t for _, t in pairs), PACK_LEVEL))

    def templates(self) -> dict:
        """id(fact) -> its template (bytes)."""
        text, start, out = zlib.decompress(self.packed), 0, {}
        for f, end in zip(self.facts, self.ends):
            out[id(f)] = text[start:end]
            start = end
        return out

    def template_of(self, fact) -> bytes:
        t = self.templates().get(id(fact))    # ids of live objects: the very fact, not an equal one
        if t is None:
            raise KeyError(fact)
        return t


def current(rdf) -> bool:
    """Whether a cached extraction's `rdf` is rendered, in this layout (a cache may be older)."""
    return isinstance(rdf, ArticleQuads) and len(vars(rdf).get("ends", ())) == len(rdf.facts)


PACK_LEVEL = 1   # zlib: the fastest level already packs this text about tenfold


# ---------------------------------------------------------------- the worker's part


def render_facts(fx) -> ArticleQuads:
    """The templates of every fact of one extraction (fx.sentences still present)."""
    art = article_iri(fx.article.id)
    return ArticleQuads.pack([(f, _fact_template(fx, f, art).encode("utf-8")) for f in fx.facts])


def _actor(key: str) -> str:
    return f"\x00A{key}\x00"


def _fact_template(fx, fact, art) -> str:
    """graph.to_rdf.fact_triples, as text in the article's graph."""
    out = []
    add = lambda s, p, o: out.append(f"{s} {p} {o} {art} .\n")   # noqa: E731
    post = fact.kind == "post"
    s_iri = None if post else f"{_ID}{fact.kind}/{digest(fx.article.id, fact.kind, fact.sentence)}"
    s = "\x00S\x00" if post else f"<{s_iri}>"
    add(art, MENTIONS, s)
    add(s, DERIVED, art)
    lang = fx.article.language
    for j, (i, rule) in enumerate([(fact.sentence, fact.rule), *fact.more]):
        ev = f"\x00E{j}\x00" if post else iri(f"evidence/{digest(fx.article.id, s_iri, i, rule)}")
        add(s, EVIDENCE, ev)
        add(ev, TYPE, EVIDENCE_C)
        add(ev, SENTENCE, text(fx.sentences[i], lang))
        add(ev, RULE, lit(rule))
        add(ev, ARTICLE, art)
    d = fact.data
    if fact.kind == "meeting":
        add(s, TYPE, _p(AG.Meeting))
        add(s, TYPE, _p(SCHEMA.Event))
        add(s, _p(AG.meetingType), lit(d.type))
        if d.name or not d.place:
            label = meeting_label(d, None, None)
            add(s, LABEL, text(label, lang_of(label)))
        else:
            add(s, LABEL, "\x00M\x00")
        if d.date:
            _dates(add, s, _p(SCHEMA.startDate), d.date)
            _dates(add, s, _p(SCHEMA.endDate), d.date, "end")
        _links(add, s, d.place, ((SCHEMA.attendee, d.attendees), (SCHEMA.organizer, d.organizers)))
    elif fact.kind == "agreement":
        add(s, TYPE, _p(AG.Agreement))
        add(s, _p(AG.agreementType), lit(d.type))
        add(s, LABEL, text(d.type[:1].upper() + d.type[1:], lang_of(d.type)))
        if d.date:
            _dates(add, s, _p(AG.dateSigned), d.date)
        _links(add, s, d.place, ((AG.signatory, d.signatories), (AG.party, d.parties)))
    return "".join(out)


def _links(add, s, place, participants):
    """The fact's place, then each participant by property, as actor placeholders."""
    if place:
        add(s, _p(SCHEMA.location), _actor(place))
    for prop, keys in participants:
        for k in keys:
            add(s, _p(prop), _actor(k))


def _dates(add, s, prop, value, which="start"):
    lexical = value.start if which == "start" else value.end
    if lexical:
        add(s, prop, lit(lexical, datatype=XSD_OF[value.datatype]))
    if value.inferred and which == "start":
        add(s, _p(AG.inferredDatePart), lit(value.inferred))


# ---------------------------------------------------------------- the parent's part


class _Resolved:
    """The resolution's IRIs and first labels as N-Triples text, each computed once."""

    def __init__(self, resolution):
        self.actors, self.key_of = resolution.actors, resolution.key_of
        self._iri = {k: f"<{_ID}{a.iri_path}>" for k, a in self.actors.items()}
        self.label_of = {self._iri[k][1:-1]: next(iter(a.labels.values()), "") for k, a in self.actors.items()}

    def canon(self, article_id, local):
        return self.key_of[(article_id, local)]

    def iri(self, article_id, local) -> str:
        return self._iri[self.key_of[(article_id, local)]]

    def actor_iri(self, canon) -> str:
        return self._iri[canon]


def _post_key(fx, fact, r: _Resolved) -> tuple:
    d = fact.data
    return r.iri(fx.article.id, d.person)[1:-1], r.iri(fx.article.id, d.org)[1:-1], slug(d.role)


def quads_text(extractions, resolution, drop=False):
    """The whole graph as N-Quads text, one chunk (str) per article, then the actors graph: the
    quads of graph.to_rdf.quads in the same order. Extractions carry `rdf` (render_facts); DROP:
    each article's templates are let go once its chunk is written."""
    r = _Resolved(resolution)
    posts, post_dates, post_roles = {}, {}, {}
    for fx in extractions:
        for f in fx.facts:
            if f.kind == "post":
                key = _post_key(fx, f, r)
                posts.setdefault(key, iri(f"post/{digest(*key)}"))
                post_roles.setdefault(key, f.data.role)
                if fx.article.published:
                    post_dates.setdefault(key, set()).add(fx.article.published)
    described = set()
    for fx in sorted(extractions, key=lambda f: f.article.id):
        yield _article_text(fx, r, posts, post_roles, post_dates, described)
        if drop:
            fx.rdf = None
    yield _actors_text(r, described, post_roles)


def _article_text(fx, r, posts, post_roles, post_dates, described) -> str:
    aid, art = fx.article.id, article_iri(fx.article.id)
    out = []
    add = lambda s, p, o: out.append(f"{s} {p} {o} {art} .\n")   # noqa: E731
    _article_head(add, fx.article, art)
    used = set(fx.mentioned) | {k for f in fx.facts for k in fact_keys(f)}
    mentioned = set(fx.mentioned)
    for local in sorted(used):
        canon = r.canon(aid, local)
        if local in mentioned:
            add(art, MENTIONS, r.actor_iri(canon))
        described.add(canon)
    templates = fx.rdf.templates()
    for f in fx.facts:
        template = templates[id(f)]
        key = _post_key(fx, f, r) if f.kind == "post" else None
        out.append(_fill(template, fx, f, r, posts.get(key)))
        if key:
            _post_triples(add, posts[key], key, post_roles[key], post_dates.get(key), r.label_of)
    return "".join(out)


def _fill(template: bytes, fx, fact, r, post) -> str:
    aid = fx.article.id

    def value(m):
        code, arg = m.group(1), m.group(2).decode("utf-8")
        if code == b"A":
            return r.iri(aid, arg).encode("utf-8")
        if code == b"S":
            return post.encode("utf-8")
        if code == b"E":
            i, rule = [(fact.sentence, fact.rule), *fact.more][int(arg)]
            return iri(f"evidence/{digest(aid, post[1:-1], i, rule)}").encode("utf-8")
        label = meeting_label(fact.data, lambda k: r.iri(aid, k)[1:-1], r.label_of)
        return text(label, lang_of(label)).encode("utf-8")
    return _PLACEHOLDER.sub(value, template).decode("utf-8")


def _article_head(add, a, art):
    """graph.to_rdf.article_triples."""
    add(art, TYPE, _p(AG.Article))
    add(art, TYPE, _p(SCHEMA.NewsArticle))
    add(art, _p(SCHEMA.identifier), text(a.id))
    add(art, _p(SCHEMA.inLanguage), lit(a.language))
    if a.published:
        add(art, _p(SCHEMA.datePublished), lit(a.published.isoformat(), datatype=XSD_DATE))
    if a.title:
        add(art, _p(SCHEMA.headline), text(a.title, a.language))
    if a.url and re.match(r"https?://[^\s<>\"{}|\\^`]+$", a.url):
        add(art, _p(SCHEMA.url), f"<{a.url}>")
    if a.source:
        add(art, _p(SCHEMA.publisher), text(a.source))
    if getattr(a, "input", ""):
        add(art, _p(AG.inputFile), text(a.input))
    if getattr(a, "record", 0):
        add(art, _p(AG.inputRecord), lit(a.record, datatype=XSD_INTEGER))
    add(art, _p(SCHEMA.sha256), lit(a.sha256))


def _post_triples(add, s, key, role_label, seen_dates, label_of):
    """graph.to_rdf.post_triples."""
    person, org, _ = key
    role = iri(f"role/{slug(role_label)}")
    add(s, TYPE, _p(AG.Post))
    add(s, TYPE, _p(ORG.Membership))
    add(s, _p(ORG.member), f"<{person}>")
    add(s, _p(ORG.organization), f"<{org}>")
    add(s, _p(ORG.role), role)
    add(role, TYPE, _p(AG.Role))
    add(role, TYPE, _p(ORG.Role))
    add(role, LABEL, text(role_label, lang_of(role_label)))
    names = [label_of.get(person), role_label, label_of.get(org)]
    add(s, LABEL, text(" — ".join(n for n in names if n), lang_of(role_label)))
    if seen_dates:
        add(s, _p(AG.firstSeen), lit(min(seen_dates).isoformat(), datatype=XSD_DATE))
        add(s, _p(AG.lastSeen), lit(max(seen_dates).isoformat(), datatype=XSD_DATE))


def _actors_text(r, described, post_roles) -> str:
    """graph.to_rdf.actor_triples of every actor described, then each role's display name and keys."""
    out = []
    add = lambda s, p, o: out.append(f"{s} {p} {o} {_ACTORS_G} .\n")   # noqa: E731
    for canon in sorted(described):
        _actor_triples(add, r.actors[canon], r)
    role_names = {}
    for label in post_roles.values():
        role_names.setdefault(f"{_ID}role/{slug(label)}", set()).add(label)
    for role in sorted(role_names):
        shown = min(role_names[role])
        add(f"<{role}>", _p(AG.displayName), text(shown, lang_of(shown)))
        _key_triples(add, f"<{role}>", role_names[role])
    return "".join(out)


def _actor_triples(add, actor, r):
    s = f"<{_ID}{actor.iri_path}>"
    own, standard = TYPE_CLASSES[actor.type]
    add(s, TYPE, _p(own))
    add(s, TYPE, _p(standard))
    for lang, label in sorted(actor.labels.items()):
        add(s, LABEL, text(label, lang))
    shown = display_name(actor.labels)
    if shown:
        add(s, _p(AG.displayName), text(*shown))
    for alt in sorted(actor.alt):
        add(s, ALT, text(alt, lang_of(alt)))
    _key_triples(add, s, [*actor.labels.values(), *actor.alt])
    if actor.gazetteer:
        add(s, _p(AG.gazetteerId), lit(actor.gazetteer))
    if actor.kind:
        add(s, _p(AG.kind), lit(actor.kind))
    for how in sorted(actor.resolved_by):
        add(s, _p(AG.resolvedBy), lit(how))
    for prop, ref in ((AG.country, actor.country), (AG.partOf, actor.part_of)):
        if ref and ref in r.actors:
            add(s, _p(prop), r.actor_iri(ref))


def _key_triples(add, s, names):
    for key in sorted({CONTROL.sub(" ", n).lower() for n in names if n}):
        add(s, _p(AG.nameKey), lit(key))


def triples_of(chunk: str) -> str:
    """An article's chunk (one graph, named at the end of every line) as N-Triples, for the union.
    A line ends in ' <graph> .' and nowhere else: a literal holds no raw line end."""
    end = chunk.find("\n")
    if end < 0:
        return chunk
    graph = chunk[chunk.rfind(" <", 0, end):end]     # ' <graph> .'
    return chunk.replace(graph + "\n", " .\n")
