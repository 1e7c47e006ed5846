"""Content negotiation: the media types each kind of answer can be written in, and the Accept header's pick.

A `format=` (or `output=`) request parameter names a format directly (`json`, `xml`, `csv`, `tsv`,
`turtle`, `ntriples`, `jsonld`, `trig`, `html`); one that does not fit the answer is ignored, as
SPARQLWrapper sends `format=json` with every query.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One way of writing an answer: its name, its media type, and pyoxigraph's format when it has one."""

    name: str
    media_type: str
    aliases: tuple = ()
    rdf: object = None  # ox.RdfFormat for graphs

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith(("json", "xml"))
        return f"{self.media_type}; charset=utf-8" if text else self.media_type


JSON = Format("json", "application/sparql-results+json", ("application/json",))
XML = Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"))
CSV = Format("csv", "text/csv")
TSV = Format("tsv", "text/tab-separated-values")
TURTLE = Format("turtle", "text/turtle", ("application/x-turtle", "application/turtle"), ox.RdfFormat.TURTLE)
NTRIPLES = Format("ntriples", "application/n-triples", ("text/plain",), ox.RdfFormat.N_TRIPLES)
JSONLD = Format("jsonld", "application/ld+json", ("application/json",), ox.RdfFormat.JSON_LD)
RDFXML = Format("rdfxml", "application/rdf+xml", (), ox.RdfFormat.RDF_XML)
TRIG = Format("trig", "application/trig", (), ox.RdfFormat.TRIG)
HTML = Format("html", "text/html", ("application/xhtml+xml",))

SOLUTIONS = (JSON, XML, CSV, TSV)           # SELECT and ASK, the first is the default
GRAPHS = (TURTLE, NTRIPLES, JSONLD, RDFXML)  # CONSTRUCT and DESCRIBE
NAMED_GRAPH = (TURTLE, TRIG, NTRIPLES, JSONLD)
RESOURCE = (HTML, TURTLE, JSONLD, NTRIPLES)
_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld", "rdf": "rdfxml",
            "srj": "json", "srx": "xml", "text": "tsv"}


def _accepted(header: str) -> list:
    """(media type, q) of an Accept header, highest q first, in the header's order among equals."""
    found = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            key, _, value = f.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        found.append((fields[0].lower(), q, i))
    return [(m, q) for m, q, _ in sorted(found, key=lambda t: (-t[1], t[2])) if q > 0]


def choose(offers: tuple, accept: str | None, asked: str | None = None) -> Format | None:
    """The format to answer in: `asked` (a format= name) when it is one of `offers`, else the best match
    of the Accept header (`*/*` and an absent header give the first offer), None if nothing fits."""
    if asked:
        name = _ALIASES.get(asked.lower(), asked.lower())
        for f in offers:
            if f.name == name or f.media_type == name or name in f.aliases:
                return f
    if not accept or not accept.strip():
        return offers[0]
    for media, _ in _accepted(accept):
        if media in ("*/*", "*"):
            return offers[0]
        for f in offers:
            if media == f.media_type or media in f.aliases:
                return f
        if media.endswith("/*"):
            for f in offers:
                if f.media_type.startswith(media[:-1]):
                    return f
    return None
