"""The graph as N-Quads text, written without rdflib: the same quads as graph.to_rdf.quads, term for
term and in the same order, so the store bulk-loads them and the outputs stay byte-identical.

Split at entity resolution:

- in the extraction worker, `render_facts` turns each fact of one article into an N-Quads template
  (`ArticleQuads`): everything the fact says, its evidence sentences included, with a placeholder
  where the text depends on resolution (an actor's IRI, a post's IRI and its evidence IRIs, which
  hash the resolved IRIs, and a meeting label naming a resolved place). The worker then drops the
  sentences: no article text travels back or stays in the parent.
- in the parent, after resolution, `graph.nquads_fill.quads_text` fills the placeholders from the Resolution, and adds
  what spans articles (the article's own description, its mentions, posts seen in several articles,
  the actors graph and role names). Nothing here creates an rdflib term.

A placeholder is NUL, a letter, an argument, NUL (N-Quads text never holds a raw NUL):
A<local key> an actor's IRI, S the post's IRI, E<j> the IRI of the post's j-th evidence,
M a meeting's label literal. Literals are written by pyoxigraph (its terms print as N-Triples), IRIs
as the text they are: every one is minted from a slug or a digest (or a checked URL).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD   # namespace strings only, read once

from graph.resolve import slug
from graph.to_rdf import CONTROL, digest, lang_of, meeting_label
from graph.vocab import AG, ID, SCHEMA

_ID = str(ID)


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
