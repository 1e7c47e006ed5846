"""The parent's part of graph.nquads: after entity resolution, each article's N-Quads templates
(rendered by the extraction workers) filled with the resolved IRIs, the article's own description,
its mentions and posts added, then the actors graph: the quads of graph.to_rdf.quads, in order, as
text. Nothing here creates an rdflib term."""
from __future__ import annotations

import re
from functools import lru_cache

from rdflib.namespace import ORG   # namespace strings only, read once

from graph.extraction_spool import without_entities
from graph.model import fact_keys
from graph.nquads import (_ID, ALT, LABEL, MENTIONS, TYPE, XSD_DATE,
                          XSD_INTEGER, _p, article_iri, iri, lit, text)
from graph.resolve import slug
from graph.to_rdf import ACTORS_GRAPH, CONTROL, digest, display_name, lang_of, meeting_label
from graph.vocab import AG, SCHEMA, TYPE_CLASSES

_PLACEHOLDER = re.compile(rb"\x00([ASEM])([^\x00]*)\x00")   # see graph.nquads: NUL, code, argument, NUL
_ACTORS_G = f"<{ACTORS_GRAPH}>"
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+$")

# the predicates and classes written here, made text once: an rdflib namespace's attribute is a new URIRef
# each time (1-3 µs; about ten an article and ten a post, 100,000 articles and 400,000 posts a large build)
(_ARTICLE, _NEWS_ARTICLE, _IDENTIFIER, _IN_LANGUAGE, _DATE_PUBLISHED, _HEADLINE, _URL_P, _PUBLISHER, _INPUT_FILE,
 _INPUT_RECORD, _SHA256) = map(_p, (AG.Article, SCHEMA.NewsArticle, SCHEMA.identifier, SCHEMA.inLanguage,
                                    SCHEMA.datePublished, SCHEMA.headline, SCHEMA.url, SCHEMA.publisher, AG.inputFile,
                                    AG.inputRecord, SCHEMA.sha256))
(_POST, _MEMBERSHIP, _MEMBER, _ORGANIZATION, _ROLE_P, _ROLE, _ORG_ROLE, _FIRST_SEEN, _LAST_SEEN) = map(_p, (
    AG.Post, ORG.Membership, ORG.member, ORG.organization, ORG.role, AG.Role, ORG.Role, AG.firstSeen, AG.lastSeen))
_DISPLAY_NAME, _GAZETTEER_ID, _KIND, _RESOLVED_BY, _NAME_KEY = map(_p, (
    AG.displayName, AG.gazetteerId, AG.kind, AG.resolvedBy, AG.nameKey))
_COUNTRY, _PART_OF = _p(AG.country), _p(AG.partOf)


@lru_cache(maxsize=None)
def _role(label: str) -> tuple:
    """(slug, IRI, label literal) of a role's label: a few hundred labels, each in thousands of posts."""
    key = slug(label)
    return key, iri(f"role/{key}"), text(label, lang_of(label))

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
    return r.iri(fx.article.id, d.person)[1:-1], r.iri(fx.article.id, d.org)[1:-1], _role(d.role)[0]


def quads_text(extractions, resolution, drop=False):
    """The whole graph as N-Quads text, one chunk (str) per article, then the actors graph: the
    quads of graph.to_rdf.quads in the same order. Extractions carry `rdf` (render_facts); DROP:
    each article's templates are let go once its chunk is written."""
    r = _Resolved(resolution)
    posts, post_dates, post_roles = {}, {}, {}
    for fx in without_entities(extractions):    # neither pass reads a spooled extraction's entities
        for f in fx.facts:
            if f.kind == "post":
                key = _post_key(fx, f, r)
                posts.setdefault(key, iri(f"post/{digest(*key)}"))
                post_roles.setdefault(key, f.data.role)
                if fx.article.published:
                    post_dates.setdefault(key, set()).add(fx.article.published)
    described = set()
    for fx in without_entities(extractions, ordered=True):
        yield _article_text(fx, r, posts, post_roles, post_dates, described)
        if drop:
            fx.rdf = None
    yield from actors_chunks(r, described, post_roles)


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
    add(art, TYPE, _ARTICLE)
    add(art, TYPE, _NEWS_ARTICLE)
    add(art, _IDENTIFIER, text(a.id))
    add(art, _IN_LANGUAGE, lit(a.language))
    if a.published:
        add(art, _DATE_PUBLISHED, lit(a.published.isoformat(), datatype=XSD_DATE))
    if a.title:
        add(art, _HEADLINE, text(a.title, a.language))
    if a.url and _URL.match(a.url):
        add(art, _URL_P, f"<{a.url}>")
    if a.source:
        add(art, _PUBLISHER, text(a.source))
    if getattr(a, "input", ""):
        add(art, _INPUT_FILE, text(a.input))
    if getattr(a, "record", 0):
        add(art, _INPUT_RECORD, lit(a.record, datatype=XSD_INTEGER))
    add(art, _SHA256, lit(a.sha256))


def _post_triples(add, s, key, role_label, seen_dates, label_of):
    """graph.to_rdf.post_triples."""
    person, org, _ = key
    _, role, role_text = _role(role_label)
    add(s, TYPE, _POST)
    add(s, TYPE, _MEMBERSHIP)
    add(s, _MEMBER, f"<{person}>")
    add(s, _ORGANIZATION, f"<{org}>")
    add(s, _ROLE_P, role)
    add(role, TYPE, _ROLE)
    add(role, TYPE, _ORG_ROLE)
    add(role, LABEL, role_text)
    names = [label_of.get(person), role_label, label_of.get(org)]
    add(s, LABEL, text(" — ".join(n for n in names if n), lang_of(role_label)))
    if seen_dates:
        add(s, _FIRST_SEEN, lit(min(seen_dates).isoformat(), datatype=XSD_DATE))
        add(s, _LAST_SEEN, lit(max(seen_dates).isoformat(), datatype=XSD_DATE))


# actors per chunk of the actors graph: one chunk for all (a 100k build's 78,000 actors, ~175 MB of text,
# encoded, turned into the union's triples and joined for the loader) raised the build's peak by 1.3 GB
# at the end of the load (2026-12-05); the load takes it in batches like the articles' chunks
ACTORS_PER_CHUNK = 2_000


def actors_chunks(r, described, post_roles, per: int = ACTORS_PER_CHUNK):
    """graph.to_rdf.actor_triples of every actor described, PER actors a chunk, then a chunk of each
    role's display name and keys: joined, the actors graph in to_rdf's order."""
    out = []
    add = lambda s, p, o: out.append(f"{s} {p} {o} {_ACTORS_G} .\n")   # noqa: E731
    for i, canon in enumerate(sorted(described), 1):
        _actor_triples(add, r.actors[canon], r)
        if i % per == 0:
            yield "".join(out)
            out.clear()
    role_names = {}
    for label in post_roles.values():
        role_names.setdefault(_role(label)[1][1:-1], set()).add(label)
    for role in sorted(role_names):
        shown = min(role_names[role])
        add(f"<{role}>", _DISPLAY_NAME, text(shown, lang_of(shown)))
        _key_triples(add, f"<{role}>", role_names[role])
    yield "".join(out)


def _actor_triples(add, actor, r):
    s = f"<{_ID}{actor.iri_path}>"
    own, standard = TYPE_CLASSES[actor.type]
    add(s, TYPE, _p(own))
    add(s, TYPE, _p(standard))
    for lang, label in sorted(actor.labels.items()):
        add(s, LABEL, text(label, lang))
    shown = display_name(actor.labels)
    if shown:
        add(s, _DISPLAY_NAME, text(*shown))
    for alt in sorted(actor.alt):
        add(s, ALT, text(alt, lang_of(alt)))
    _key_triples(add, s, [*actor.labels.values(), *actor.alt])
    if actor.gazetteer:
        add(s, _GAZETTEER_ID, lit(actor.gazetteer))
    if actor.kind:
        add(s, _KIND, lit(actor.kind))
    for how in sorted(actor.resolved_by):
        add(s, _RESOLVED_BY, lit(how))
    for prop, ref in ((_COUNTRY, actor.country), (_PART_OF, actor.part_of)):
        if ref and ref in r.actors:
            add(s, prop, r.actor_iri(ref))


def _key_triples(add, s, names):
    for key in sorted({CONTROL.sub(" ", n).lower() for n in names if n}):
        add(s, _NAME_KEY, lit(key))


def graph_of(chunk: str) -> str:
    """The IRI of the graph a chunk's quads are in ('' for an empty chunk): a chunk is one graph, named at
    the end of every line, and a line ends in ' <graph> .' and nowhere else (a literal holds no raw line end)."""
    end = chunk.find("\n")
    return chunk[chunk.rfind(" <", 0, end) + 2:end - 3] if end > 0 else ""


def triples_of(chunk: str) -> str:
    """An article's chunk (one graph, named at the end of every line) as N-Triples, for the union."""
    graph = graph_of(chunk)
    return chunk.replace(f" <{graph}> .\n", " .\n") if graph else chunk
