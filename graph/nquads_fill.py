"""The parent's part of graph.nquads: after entity resolution, each article's N-Quads templates
(rendered by the extraction workers) filled with the resolved IRIs, the article's own description,
its mentions and posts added, then the actors graph: the quads of graph.to_rdf.quads, in order, as
text. Nothing here creates an rdflib term."""
from __future__ import annotations

import re

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
        role_names.setdefault(f"{_ID}role/{slug(label)}", set()).add(label)
    for role in sorted(role_names):
        shown = min(role_names[role])
        add(f"<{role}>", _p(AG.displayName), text(shown, lang_of(shown)))
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


def graph_of(chunk: str) -> str:
    """The IRI of the graph a chunk's quads are in ('' for an empty chunk): a chunk is one graph, named at
    the end of every line, and a line ends in ' <graph> .' and nowhere else (a literal holds no raw line end)."""
    end = chunk.find("\n")
    return chunk[chunk.rfind(" <", 0, end) + 2:end - 3] if end > 0 else ""


def triples_of(chunk: str) -> str:
    """An article's chunk (one graph, named at the end of every line) as N-Triples, for the union."""
    graph = graph_of(chunk)
    return chunk.replace(f" <{graph}> .\n", " .\n") if graph else chunk
