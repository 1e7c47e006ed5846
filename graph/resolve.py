"""Entity resolution across articles: one node per real-world actor.

Curated names resolve through the gazetteer id. Other names resolve by their
identity key (case, Arabic letter variants, diacritics, honorifics, 'Al-'
folded); then graph/merge_actors.py joins spellings by the rules of
resolution.yaml (transliteration, fewer names, organisation fingerprints) and
applies the curator's judgements. Every merge records why.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from graph.extraction_spool import entities_of
from graph.normalize import label_honorifics, name_key

TYPE_PATH = {"Person": "person", "Organization": "org", "Country": "country", "Place": "place"}


@dataclass
class Actor:
    id: str                      # canonical key
    type: str
    iri_path: str                # e.g. "org/oic"
    labels: dict                 # lang -> preferred label
    alt: set = field(default_factory=set)
    gazetteer: str = ""
    kind: str = ""
    country: str = ""            # canonical key of the country
    part_of: str = ""
    resolved_by: set = field(default_factory=set)


@dataclass
class Resolution:
    actors: dict                 # canonical key -> Actor
    key_of: dict                 # (article id, local key) -> canonical key
    merges: list = field(default_factory=list)      # merge_actors.Merge rows: what resolution joined and why
    rejected: set = field(default_factory=set)      # fact IRIs a judgement rejected


def script(text: str) -> str:
    return "ar" if re.search("[\u0600-\u06ff]", text) else "en"


def slug(text: str) -> str:
    s = re.sub(r"[^\w]+", "-", text.casefold(), flags=re.UNICODE).strip("-_")
    return s[:80] or hashlib.sha1(text.encode()).hexdigest()[:12]


def resolve(extractions, gazetteer, rules=None, judgements=None, warn=None) -> Resolution:
    """Canonical actors for every local entity of every article (deterministic order). RULES: the
    resolution rules (default: the shipped resolution.yaml); JUDGEMENTS: a judgements.Judgements."""
    from graph.merge_actors import refine
    from graph.resolution_rules import load_resolution
    actors, key_of = {}, {}
    for aid, entities in entities_of(extractions, ordered=True):   # a spool's facts are not read here
        for local in entities.values():
            canon = local.key
            key_of[(aid, local.key)] = canon
            _merge(actors, canon, local, gazetteer, key_of, aid)
    for a in actors.values():
        if a.country and not a.country.startswith("gaz:") and a.country not in actors:
            a.country = ""
    _assign_iris(actors)
    res = Resolution(actors, key_of)
    res.merges, res.rejected = refine(res, extractions, gazetteer, rules or load_resolution(), judgements, warn)
    return res


def _merge(actors, canon, local, gazetteer, key_of, article_id):
    a = actors.get(canon)
    if a is None:
        a = actors[canon] = Actor(canon, local.type, "", {})
        if local.gazetteer:
            ent = gazetteer[local.gazetteer]
            a.labels = dict(ent.names)
            a.alt.update(ent.aliases)
            a.gazetteer, a.kind = ent.id, ent.kind
            a.country = f"gaz:{ent.country}" if ent.country else ""
            a.part_of = f"gaz:{ent.part_of}" if ent.part_of else ""
            a.resolved_by.add(f"gazetteer:{ent.id}")
        else:
            a.resolved_by.add("name")
            a.country = local.country
            if local.rule == "roles.yaml#ministry":
                a.kind = "ministry"
                a.resolved_by.add("ministry-title")
    for name in local.names:
        lang = script(name)
        shown = strip_honorifics(name) if local.type == "Person" else name
        if lang not in a.labels:
            a.labels[lang] = shown
        elif _better(shown, a.labels[lang], local.type):
            a.alt.add(a.labels[lang])
            a.labels[lang] = shown
        if shown != a.labels.get(lang):
            a.alt.add(shown)
        if name != shown:
            a.alt.add(name)


def strip_honorifics(name: str) -> str:
    return label_honorifics().sub("", name, count=1).strip()


def _better(new: str, old: str, typ: str) -> bool:
    """The fuller spelling wins for persons (more words), the first seen otherwise."""
    return typ == "Person" and len(name_key(new).split()) > len(name_key(old).split())


def _assign_iris(actors):
    used = {}
    for key in sorted(actors):
        a = actors[key]
        base = a.gazetteer or slug(re.sub(r"^[A-Z]:", "", key).replace("|gaz:", " "))
        path = f"{TYPE_PATH[a.type]}/{base}"
        if path in used and used[path] != key:
            path += "-" + hashlib.sha1(key.encode()).hexdigest()[:8]
        used[path] = key
        a.iri_path = path
        for lang in list(a.labels):
            a.alt.discard(a.labels[lang])
        if not a.labels:
            a.labels["en"] = name_key(key)
