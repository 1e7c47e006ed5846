"""An organisation named with its place, and the same one named without it (resolution.yaml#org-place-qualified).

"International X University in Kuala Lumpur", "International X University, Malaysia", "... بماليزيا" and
"... الماليزية" are one university; the bare "International X University" of an article that is about
Malaysia is the same one too, when the build knows exactly one such university of Malaysia. So is a
ministry named without its country ("Ministry of Health", a title's "Minister of Health") in an article
tied to one country only, and a ministry named by its first portfolio only ("Ministry of Higher Education"
for "... and Scientific Research").

The countries an article is tied to: the countries it names and the countries of the places it names,
less the countries its envoys represent (an ambassador is a guest: "the Iraqi Ambassador in Cairo").
A name made only of generic words (a ministry, "National University") needs an article tied to that one
country; another needs only that the article names it. Two candidates of one name, or a candidate of
another country than the actor's own, merge nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from graph.fuzzy_match import Match, strip_article
from graph.normalize import fold


@dataclass(frozen=True)
class PlaceWords:
    by_country: dict        # country key -> the folded word tuples of its names and its places' (longest first)
    links: frozenset        # folded words that join a name to its place ("in", "في")
    proclitics: tuple       # letters that join a place to the word before it ("بماليزيا")


def place_words(gazetteer, rules) -> PlaceWords:
    """The names, aliases and demonyms of every country and of the places curated in it, as word tuples."""
    org = rules.organizations
    out = {}
    for ent in (gazetteer or {}).values():
        country = ent.id if ent.type == "Country" else ent.country if ent.type == "Place" else ""
        if not country:
            continue
        tuples = out.setdefault(f"gaz:{country}", set())
        for name in [*ent.names.values(), *ent.aliases, *ent.demonyms]:
            words = tuple(_words(name, org))
            if words:
                tuples.add(words)
    return PlaceWords({k: tuple(sorted(v, key=lambda t: (-len(t), t))) for k, v in out.items()},
                      org.location_links, org.location_proclitics)


def _words(text: str, org) -> list:
    return [org.word_map.get(w, w) for w in re.sub(r"[^\w&]", " ", fold(text)).split()]


def ties_of(fx, resolution, rules) -> set:
    """The country keys the article of extraction FX is tied to (named, or the country of a place it
    names), less the countries that an envoy of the article represents."""
    actors, key_of = resolution.actors, resolution.key_of
    envoys = rules.organizations.envoy_words
    aid, ties = fx.article.id, set()
    for local in fx.mentioned:
        a = actors.get(key_of.get((aid, local), ""))
        if a is None:
            continue
        if a.type == "Country":
            ties.add(a.id)
        elif a.type == "Place" and a.country:
            ties.add(a.country)
    for f in fx.facts:
        role = getattr(f.data, "role", None)
        if role is None:
            continue
        org = actors.get(key_of.get((aid, f.data.org), ""))
        if org is not None and org.type == "Country" and any(
                strip_article(w, rules.persons) in envoys or w in envoys for w in fold(role).split()):
            ties.discard(org.id)
    return ties


def core(words: list, country: str, places: PlaceWords) -> tuple:
    """WORDS without a name of COUNTRY (or of a place in it) and its link words at their start and end."""
    names = places.by_country.get(country, ())
    words = list(words)

    def cut_end(ws):
        if ws and ws[-1] in places.links:
            return ws[:-1]
        for t in names:
            i = len(ws) - len(t)
            if i > 0 and (tuple(ws[i:]) == t or (tuple(ws[i + 1:]) == t[1:]
                                                 and any(ws[i] == p + t[0] for p in places.proclitics))):
                return ws[:i]
        return None

    def cut_start(ws):
        if ws and ws[0] in places.links:
            return ws[1:]
        for t in names:
            if len(ws) > len(t) and tuple(ws[:len(t)]) == t:
                return ws[len(t):]
        return None
    for cut in (cut_end, cut_start):
        while (shorter := cut(words)) is not None and shorter:
            words = shorter
    return tuple(words)


def qualified_match(bare: str, qualified: str, country: str, places: PlaceWords, org, ministry: bool) -> str:
    """The shared core when QUALIFIED is BARE with the place of COUNTRY (or a ministry's further portfolios)."""
    a, b = _words(bare, org), _words(qualified, org)
    return _shared(a, b, core(a, country, places), core(b, country, places), org, ministry)


class _Cores:
    """_words and core of each name and country, each computed once: the pairs compared run to millions
    in a large build (one bare name against every organisation of its country), the names to thousands."""

    def __init__(self, places: PlaceWords, org):
        self.places, self.org, self.words, self.cores = places, org, {}, {}

    def of(self, name: str, country: str) -> tuple:
        ws = self.words.get(name)
        if ws is None:
            ws = self.words[name] = tuple(_words(name, self.org))
        c = self.cores.get((ws, country))
        if c is None:
            c = self.cores[(ws, country)] = core(ws, country, self.places)
        return ws, c

    def match(self, bare: str, qualified: str, country: str, ministry: bool) -> str:
        """qualified_match, from the names' words and cores computed once."""
        a, ca = self.of(bare, country)
        b, cb = self.of(qualified, country)
        return _shared(a, b, ca, cb, self.org, ministry)


def _shared(a, b, ca, cb, org, ministry: bool) -> str:
    if not ca or len(cb) < len(ca) or (len(ca) == len(a) and len(cb) == len(b)):
        return ""
    keep = [w for w in ca if w not in org.ignore_words]
    if keep == [w for w in cb if w not in org.ignore_words]:
        return " ".join(keep)
    if ministry and cb[:len(ca)] == ca and _conjoined(cb[len(ca)], org):
        return " ".join(keep)
    return ""


def _conjoined(word: str, org) -> bool:
    return word in org.conjunctions or any(word.startswith(p) and len(word) - len(p) >= 3
                                           for p in org.conjunction_proclitics)


def place_qualified_pairs(actors, rules, gazetteer, mentions, ties, names_of) -> dict:
    """{(key a, key b): Match} for a bare organisation name and the one organisation of the article's
    country that is the same name with its place."""
    org = rules.organizations
    places = place_words(gazetteer, rules)
    cores = _Cores(places, org)
    qualified = {}
    for key in sorted(actors):
        b = actors[key]
        if b.type == "Organization" and b.country in places.by_country:
            qualified.setdefault(b.country, []).append(key)
    out = {}
    for key in sorted(actors):
        a = actors[key]
        arts = sorted(mentions.get(key, ()))
        if a.type != "Organization" or a.gazetteer or not arts:
            continue
        names = names_of(a)
        name_words = [_words(n, org) for n in names]
        generic = all(w in org.generic_words or w in org.ignore_words for ws in name_words for w in ws)
        ministry = any(ws and ws[0] in org.ministry_words for ws in name_words)
        countries = set.intersection(*(ties.get(art, set()) for art in arts))
        if generic:
            countries = {c for c in countries if all(ties.get(art) == {c} for art in arts)}
        if a.country:
            countries &= {a.country}
        found = {}
        for country in sorted(countries):
            for other in qualified.get(country, ()):
                if other == key:
                    continue
                shared = next((s for x in names for y in names_of(actors[other])
                               for s in [cores.match(x, y, country, ministry)] if s), "")
                if shared:
                    found[other] = f"{shared} + {country.removeprefix('gaz:')}"
        if len(found) == 1:
            [(other, why)] = found.items()
            out[tuple(sorted((key, other)))] = Match("resolution.yaml#org-place-qualified", why, 1.0)
    return out
