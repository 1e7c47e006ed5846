"""Which actors of a build are compared for fuzzy merging, and how a pair scores: blocking by key
(graph/fuzzy_match.py), a parent's acronym before a bare name under the same parent, and pairs that are
ambiguous (a short name fitting two different actors) dropped. graph/merge_actors.py joins the pairs."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from graph.extraction_spool import without_entities

from graph.fuzzy_match import (Match, compare_orgs, compare_persons, is_acronym, org_blocks, org_fingerprint,
                               org_words, parent_prefixed, person_blocks, person_name)
from graph.normalize import fold, name_key
from graph.place_qualified import place_qualified_pairs, ties_of

MAX_BLOCK = 300          # a block larger than this (a very common name part) is compared in slices


def names_of(actor) -> list:
    return sorted({*actor.labels.values(), *actor.alt})


@dataclass
class Mentions:
    """Who names whom, from one pass over a build's extractions after the first resolution pass."""
    articles: dict           # actor key -> the set of articles that name it
    ties: dict               # article id -> the country keys it is tied to (place_qualified.ties_of)


def mentions_of(resolution, extractions, rules) -> Mentions:
    """The articles naming each actor and each article's ties, in one pass (a spool's entities not read)."""
    key_of, out = resolution.key_of, Mentions({}, {})
    for fx in without_entities(extractions):
        aid = fx.article.id
        for local in fx.mentioned:
            canon = key_of.get((aid, local))
            if canon:
                out.articles.setdefault(canon, set()).add(aid)
        out.ties[aid] = ties_of(fx, resolution, rules)
    return out


def candidate_pairs(actors, rules, gazetteer, mentions, ties=None) -> dict:
    """{(key a, key b): Match} for every pair of actors some rule joins (a < b). TIES: article -> the
    countries it is tied to (graph/place_qualified.py), for org-place-qualified."""
    blocks = {}
    for key in sorted(actors):
        a = actors[key]
        for name in names_of(a):
            if a.type == "Person":
                keys = person_blocks(person_name(name, rules.persons), rules.persons)
            elif a.type == "Organization":
                keys = org_blocks(name, rules.organizations)
            else:
                keys = ()
            for b in keys:
                blocks.setdefault(b, set()).add(key)
    guarded = _guarded_words(gazetteer, rules)
    pairs = {}
    for block in sorted(blocks):
        members = sorted(blocks[block])
        for i in range(0, len(members), MAX_BLOCK):
            chunk = members[max(0, i - 1): i + MAX_BLOCK]
            for a, b in combinations(chunk, 2):
                if (a, b) not in pairs:
                    m = compare_actors(actors[a], actors[b], rules, guarded)
                    if m:
                        pairs[(a, b)] = m
    pairs.update(_parent_prefix_pairs(actors, rules, gazetteer, mentions, pairs))
    if ties is not None:
        for pair, m in place_qualified_pairs(actors, rules, gazetteer, mentions, ties, names_of).items():
            pairs.setdefault(pair, m)
    _drop_ambiguous(pairs, actors, rules, guarded)
    return pairs


def compare_actors(a, b, rules, guarded=frozenset()) -> Match | None:
    """The best match between any spelling of A and any of B (None when two gazetteer entries)."""
    if a.type != b.type or (a.gazetteer and b.gazetteer):
        return None
    if a.type == "Organization" and ((a.country and b.country and a.country != b.country)
                                     or ("ministry" in (a.kind, b.kind) and a.country != b.country)):
        return None
    best = None
    for x in names_of(a):
        for y in names_of(b):
            if a.type == "Person":
                m = compare_persons(person_name(x, rules.persons), person_name(y, rules.persons), rules.persons)
            else:
                m = compare_orgs(x, y, rules.organizations, guarded)
            if m and (best is None or (m.score, m.rule) > (best.score, best.rule)):
                best = m
    return best


def _guarded_words(gazetteer, rules) -> frozenset:
    """Folded words of country and place names and demonyms: a typo may never change one."""
    words = set()
    for ent in (gazetteer or {}).values():
        if ent.type in ("Country", "Place"):
            for name in [*ent.names.values(), *ent.aliases, *ent.demonyms]:
                words.update(org_words(name, rules.organizations))
    return frozenset(words)


def _parent_prefix_pairs(actors, rules, gazetteer, mentions, pairs) -> dict:
    """'OIC Standing Committee on X' and 'Standing Committee on X', when the parent is the same."""
    acronyms = {}
    for key, a in actors.items():
        if a.type == "Organization" and a.gazetteer:
            for name in names_of(a):
                if is_acronym(name):
                    acronyms.setdefault(name, key)
    by_print = {}
    for key in sorted(actors):
        if actors[key].type == "Organization":
            for name in names_of(actors[key]):
                by_print.setdefault(org_fingerprint(org_words(name, rules.organizations)), set()).add(key)
    named_in = {}       # article -> the actors it names
    for k, arts in mentions.items():
        for art in arts:
            named_in.setdefault(art, set()).add(k)
    out = {}
    for key in sorted(actors):
        a = actors[key]
        if a.type != "Organization":
            continue
        for name in names_of(a):
            hit = parent_prefixed(name, acronyms)
            if not hit:
                continue
            parent, bare = hit
            for other in sorted(by_print.get(org_fingerprint(org_words(bare, rules.organizations)), ())):
                b = actors[other]
                if other in (key, parent) or (a.gazetteer and b.gazetteer):
                    continue
                same_parent = (b.part_of == parent) or (
                    other in mentions and all(parent in named_in[art] for art in mentions[other]))
                if same_parent:
                    pair = tuple(sorted((key, other)))
                    out.setdefault(pair, Match("resolution.yaml#org-parent-prefix",
                                               f"{name.strip()[:-len(bare)].strip(' -')} + {fold(bare)}", 1.0))
    return out


def _drop_ambiguous(pairs, actors, rules, guarded):
    """A shorter person name that fits two people who are not one joins neither."""
    partners = {}
    for (a, b), m in pairs.items():
        if m.rule.endswith("person-fewer-names"):
            short, long_ = sorted((a, b), key=lambda k: _words(actors[k], rules))
            partners.setdefault(short, set()).add(long_)
    for short, longs in partners.items():
        if len(longs) < 2:
            continue
        if any(_pair(pairs, x, y) is None and compare_actors(actors[x], actors[y], rules, guarded) is None
               for x, y in combinations(sorted(longs), 2)):
            for long_ in longs:
                pairs.pop(tuple(sorted((short, long_))), None)


def _words(actor, rules) -> int:
    return max((len(name_key(n).split()) for n in names_of(actor)), default=0)


def _pair(pairs, a, b):
    return pairs.get((a, b) if a < b else (b, a))
