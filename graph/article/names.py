"""Recognition: every name in a sentence and what it is (gazetteer names, titles, dates, venues and
towns, unknown organisations, events and persons), settled into non-overlapping mentions by the
overlap policy (graph.article.overlaps). The finders are compiled once per rule set."""
from __future__ import annotations

from graph.article.orgs_ar import ArabicOrgFinder, join_clitic_parent, join_parent_inside
from graph.article.orgs_en import EnglishOrgFinder
from graph.article.overlaps import cut_at_curated_places, cut_roles_at_curated_names, join_ministry_country, settle
from graph.article.persons import PersonFinder
from graph.article.places import PlaceFinder
from graph.article.titled_names import join_state_words, persons_after_title_ar
from graph.article.roles import RoleFinder
from graph.article.triggers import TriggerScan
from graph.article.words import Words
from graph.dates import DateParser
from graph.match import Gazetteer, is_arabic
from graph.model import MENTION_OF, Mention, MentionType as M

NOT_OVERLAPPABLE = frozenset({M.ROLE, M.DATE, M.PLACE})   # spans an Arabic organisation name never runs into


class Recogniser:
    """Everything compiled once per rule set."""

    def __init__(self, rules):
        self.words = Words(rules.lexicon)
        self.gazetteer = Gazetteer(rules.entities, rules.lexicon)
        self.dates = DateParser(rules.lexicon)
        self.roles = RoleFinder(rules.roles, self.words)
        self.places = PlaceFinder(self.words, self.roles, self.gazetteer)
        self.orgs_en = EnglishOrgFinder(self.words, self.roles)
        self.orgs_ar = ArabicOrgFinder(self.words, self.roles)
        self.persons = PersonFinder(self.words, self.roles)
        self.triggers = TriggerScan(self.roles, self.dates, self.words, rules.lexicon["venue_heads_en"])

    def find_roles(self, s: str, lang: str) -> list[Mention]:
        return self.roles.find(s, lang, is_arabic(s))

    def find_gazetteer(self, s: str) -> list[Mention]:
        out = []
        for h in self.gazetteer.find(s):
            ent = self.gazetteer.entities[h.entity]
            kind = M.DEMONYM if h.demonym else MENTION_OF[ent.type]
            out.append(Mention(h.start, h.end, kind, s[h.start:h.end], h.entity, f"gazetteer:{h.entity}"))
        return out

    def recognise(self, s: str, lang: str, published) -> list[Mention]:
        """All mentions in one sentence, without overlaps (graph.article.overlaps.settle)."""
        org_head = self.words.org_head
        found = self.find_gazetteer(s)
        scan = self.triggers
        trig = scan.scan(s)   # the words of titles, dates, organisation and venue heads, one scan (None: not ASCII)
        dates = self.dates.find(s, published, trig.date_words if trig is not None and scan.dates else None)
        found += [Mention(*d.span, M.DATE, s[d.span[0]:d.span[1]], rule="dates", attrs={"date": d}) for d in dates]
        arabic = lang == "ar" or is_arabic(s)
        found += self.roles.find(s, lang, arabic, trig if scan.titles else None)
        toks = self.words.ar_tokens(s) if arabic else None
        venues = self.places.venues(s, found, toks, trig is None or not scan.venues or trig.venue_head)
        # a venue is a place, not an organisation or event named like one ("Velmora Convention Centre")
        orgs = self.orgs_en.find(s, trig is None or not scan.org_heads or trig.org_head)
        found += venues + [m for m in orgs if not any(m.start < v.end and v.start < m.end for v in venues)]
        if arabic:
            found += self.orgs_ar.find(s, [(m.start, m.end) for m in found
                                           if (m.entity and m.type != M.DEMONYM) or m.type in NOT_OVERLAPPABLE], toks,
                                       tuple(m.end for m in found if m.type == M.ROLE))
        found = cut_roles_at_curated_names(s, cut_at_curated_places(s, found, self.words))
        chosen = settle(found, self.words, org_head)
        if arabic:
            chosen = join_clitic_parent(s, join_parent_inside(s, chosen, self.gazetteer, toks), self.words)
        self.places.places_ending_names(chosen)
        chosen = sorted(chosen + self.places.towns(s, chosen, "ar" if arabic else "en"), key=lambda m: m.start)
        if arabic:
            chosen = join_state_words(s, chosen, self.words)   # "رئيس جمهورية كوريا الجنوبية"
        taken = [(m.start, m.end) for m in chosen]
        roles = [(m.start, m.end) for m in chosen if m.type == M.ROLE]
        persons = self.persons.find_en(s, taken, roles)
        if arabic:
            persons += self.persons.find_ar(s, taken, toks)
            persons += persons_after_title_ar(self, s, chosen, toks)   # "الرئيس الصيني شي جين بينغ"
        return join_ministry_country(s, sorted(settle(chosen + persons, self.words, org_head), key=lambda m: m.start), self.words)
