"""Entity resolution across articles: one node per real-world actor.

Curated names resolve through the gazetteer id. Other names resolve by their
identity key (case, Arabic letter variants, diacritics, honorifics, 'Al-'
folded); persons also by a looser key (hyphens, doubled letters) when exactly
one candidate shares the first and last name. Every merge records why.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from graph.normalize import label_honorifics, loose_key, name_key

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


def script(text: str) -> str:
    return "ar" if re.search("[\u0600-\u06ff]", text) else "en"


def slug(text: str) -> str:
    s = re.sub(r"[^\w]+", "-", text.casefold(), flags=re.UNICODE).strip("-_")
    return s[:80] or hashlib.sha1(text.encode()).hexdigest()[:12]


def resolve(extractions, gazetteer) -> Resolution:
    """Canonical actors for every local entity of every article (deterministic order)."""
    actors, key_of = {}, {}
    persons_by_loose: dict = {}
    for fx in sorted(extractions, key=lambda f: f.article.id):
        for local in fx.entities.values():
            canon = _canonical(local, actors, persons_by_loose)
            key_of[(fx.article.id, local.key)] = canon
            _merge(actors, canon, local, gazetteer, key_of, fx.article.id)
    for a in actors.values():
        if a.country and not a.country.startswith("gaz:") and a.country not in actors:
            a.country = ""
    _assign_iris(actors)
    return Resolution(actors, key_of)


def _canonical(local, actors, persons_by_loose) -> str:
    if local.gazetteer or local.type != "Person":
        return local.key
    if local.key in actors:
        return local.key
    words = local.key[2:].split()
    loose = (loose_key(words[0]), loose_key(words[-1]), loose_key(local.key[2:])) if words else ("", "", "")
    same = persons_by_loose.get(loose[2])
    if same:
        return same[0]
    firsts = persons_by_loose.get("_fl", {}).get(loose[:2], [])   # a dict lookup: resolution stays linear
    if len(firsts) == 1 and len(words) >= 2:
        return firsts[0]
    persons_by_loose.setdefault(loose[2], []).append(local.key)
    persons_by_loose.setdefault("_fl", {}).setdefault(loose[:2], []).append(local.key)
    return local.key


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
    elif canon != local.key:
        a.resolved_by.add(f"fuzzy-name:{local.key[2:]}")
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
