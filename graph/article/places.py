"""Places the gazetteer does not know: venues ('at the Velmora Grand Hotel', 'في فندق فلانكند') and towns
('in Velmoragrad, Peru'), and curated towns at the end of a curated organisation's name."""
from __future__ import annotations

import re

from graph.article.misspelt_countries import MisspeltCountries
from graph.article.shapes import CAP_WORD, LO, UP, alternation
from graph.article.overlaps import PLACES
from graph.model import Mention, MentionType, MentionType as M
from graph.normalize import fold


class PlaceFinder:
    def __init__(self, words, roles, gazetteer):
        lx = words.raw
        self.w, self.roles, self.gazetteer = words, roles, gazetteer
        self.misspelt = MisspeltCountries(gazetteer.entities.values(), lx)
        the = re.escape(lx["articles_en"][0])
        self.place_clitics = set(lx["place_clitics_ar"])   # "بفندق …": "at" written on the word
        town_en = rf"(?:^|(?<=\s))(?:{alternation(lx['town_prepositions_en'])})\s+(?P<town>[{UP}][{LO}]+(?:[-'’][{UP}][{LO}]+)?(?:\s+[{UP}][{LO}]+){{0,2}})"
        not_after = "".join(f"(?<!{re.escape(x)})" for x in lx["pronoun_suffixes_ar"])   # "فيه", "فيها": a pronoun, not a town
        town_ar = rf"(?:^|(?<=\s))(?:{alternation(lx['town_prepositions_ar'])})\s+(?P<town>(?!{words.art})[\u0621-\u064a]{{3,}}{not_after})"
        # venues: "at the Velmora Grand Hotel", "في فندق فلانكند" (lexicon.yaml#venue_heads_*)
        self.venue_en = re.compile(rf"(?<![\w’'])(?:{alternation(lx['venue_heads_en'])})(?![\w’'])")
        self.venue_heads_ar = sorted({tuple(fold(w) for w in h.split()) for h in lx["venue_heads_ar"]}, key=len, reverse=True)
        self.venue_heads_at: dict = {}   # first word -> the heads starting with it, in venue_heads_ar's order
        for k, head in enumerate(self.venue_heads_ar):
            self.venue_heads_at.setdefault(head[0], []).append((k, head))
        self.cap_before = re.compile(rf"(?:^|(?<=\s))({CAP_WORD})\s+$")
        self.cap_after = re.compile(rf"\s+({CAP_WORD})(?![\w’'])")
        self.venue_context_en = re.compile(rf"(?:\b(?:{alternation(lx['town_prepositions_en'])})\s+(?:{the}\s+)?|\b{the}\s+)$", re.I)
        self.town_before = {
            lang: (re.compile(town + r"\s*[,،]\s*$"), re.compile(town + rf"\s+(?:(?:{alternation(lx[f'town_date_links_{lang}'])})\s+)?$"))
            for lang, town in (("en", town_en), ("ar", town_ar))}

    # ------------------------------------------------------------------ venues
    def venues(self, s: str, found: list, toks: list | None, head_in_any_case: bool = True) -> list[Mention]:
        """'at the Velmora Grand Hotel', 'في فندق فلانكند الكبير', 'فندق ملينيوم الشارقة': a venue head word
        (lexicon.yaml#venue_heads_*) with a name before or after it is a place, when a place preposition
        (or, in English, 'the') comes before it or a curated place or country is part of it. A curated place
        or country inside the venue is still named on its own (attrs 'places'); a venue that would cut a
        curated organisation or person, or whose name is only definite common nouns ('قاعة الاجتماعات'),
        is not one. HEAD_IN_ANY_CASE: False when a scan already made found no English venue head in any case."""
        curated = [m for m in found if m.entity and m.type != M.DEMONYM]
        spans = (self._venues_en(s) if head_in_any_case else []) + (self._venues_ar(s, toks, curated) if toks else [])
        out = []
        for start, end, lang, context in spans:
            inside = [c for c in curated if start <= c.start and c.end <= end and c.type in PLACES]
            if any(start < c.end and c.start < end and c not in inside for c in curated) or not (context or inside):
                continue
            attrs = {"places": list(dict.fromkeys(c.entity for c in inside))}
            out.append(Mention(start, end, MentionType.PLACE, s[start:end], rule=f"lexicon.yaml#venue_heads_{lang}", attrs=attrs))
        return out

    def _venues_en(self, s):
        out = []
        for h in self.venue_en.finditer(s):
            start, end = h.start(), h.end()
            while len(s[start:end].split()) < 6:
                w = self.cap_before.search(s, 0, start)
                if not w or w.group(1) in self.w.stop_en or w.group(1) in self.w.lead_en:
                    break
                start = w.start(1)
            for _ in range(3):
                w = self.cap_after.match(s, end)
                if not w or w.group(1) in self.w.stop_en or self.w.org_head(w.group(1)):
                    break
                end = w.end(1)
            if (start, end) != h.span():
                out.append((start, end, "en", bool(self.venue_context_en.search(s, 0, start))))
        return out

    def _venues_ar(self, s, toks, curated):
        out, at, verbs = [], self.venue_heads_at, self.w.lx["verbs_ar"]
        for i, (st, en, f, bare, _) in enumerate(toks):
            heads = at.get(f, []) + (at.get(bare, []) if bare != f else [])   # only heads whose first word is here
            for _, head in sorted(heads) if len(heads) > 1 else heads:
                n = len(head)
                if i + n > len(toks) or (f, *(t[2] for t in toks[i + 1:i + n])) != head and \
                        (bare, *(t[2] for t in toks[i + 1:i + n])) != head or any(t[4] for t in toks[i + 1:i + n]):
                    continue
                start = st if f == head[0] else st + len(f) - len(bare)
                context = start > st and s[st] in self.place_clitics or (i > 0 and toks[i - 1][2] in self.w.lx["town_prepositions_ar"])
                j, end, proper = i + n, toks[i + n - 1][1], False
                while j < len(toks) and j - i - n < 4:
                    tst, ten, tf, tbare, punct = toks[j]
                    place = next((c for c in curated if c.start < ten and tst < c.end), None)
                    if punct or tf in self.w.lx["stop_words_ar"] or tf in verbs or tf in self.w.honorific_ar \
                            or tf in self.w.lx["org_heads_ar"] or tbare in self.w.lx["org_heads_ar"] or tf.startswith(self.w.conj) \
                            or (place is not None and (place.type not in PLACES or place.start > tst)) \
                            or self.roles.role_ar.fullmatch(s[tst:ten]):   # "ببيرو": a proclitic opens a phrase of its own
                        break
                    if place is not None:
                        end, proper = max(place.end, ten), True
                        break
                    end, j, proper = ten, j + 1, proper or not tbare.startswith(self.w.art)
                if proper:
                    out.append((start, end, "ar", context))
                break
        return out

    # ------------------------------------------------------------ unknown towns
    def towns(self, s: str, chosen: list, lang: str) -> list[Mention]:
        """'in Velmoragrad, Peru', 'in Velmoragrad on 3 May', 'بمدينة فلانكند، بيرو': a name the gazetteer does
        not know, after a place preposition and before a curated country or a date, is a town
        (lexicon.yaml#town_prepositions_*, town_date_links_*). A stop word, an organisation head, a portfolio
        word or (Arabic) a word with the article or a pronoun suffix is not a town."""
        out = []
        before_country, before_date = self.town_before[lang]
        for m in chosen:
            if not ((m.type == M.COUNTRY and m.entity) or m.type == M.DATE):
                continue
            hit = (before_country if m.type == M.COUNTRY else before_date).search(s, max(0, m.start - 80), m.start)
            if not hit:
                continue
            st, en = hit.span("town")
            words = [fold(w) for w in hit.group("town").split()]
            if any(st < c.end and c.start < en for c in chosen) or any(
                    w in self.w.lx[f"stop_words_{lang}"] or w in self.w.lx[f"org_heads_{lang}"] or w in self.w.lx[f"portfolio_words_{lang}"]
                    or w in self.w.lx[f"meeting_nouns_{lang}"] for w in words):
                continue
            country = self.misspelt.country_of(s[st:en])
            if country:   # "in Malysia on 3 May": a misspelt country, not a town
                out.append(Mention(st, en, MentionType.COUNTRY, s[st:en], country, 
                                   rule="lexicon.yaml#misspelt_country_min_ratio"))
                continue
            out.append(Mention(st, en, MentionType.PLACE, s[st:en], rule=f"lexicon.yaml#town_prepositions_{lang}"))
        return out

    def places_ending_names(self, chosen):
        """'Bahauddin Zakariya University, Multan': a curated town set off by a comma at the end of a curated
        organisation's name is still a place the article names (attrs 'places'; never a party, attendee or
        meeting place). Without the comma the town is part of the name ('Bayero University Kano')."""
        for m in chosen:
            if not (m.entity and m.type == M.ORGANIZATION):
                continue
            comma = re.search(r"\S\s*[,،]\s*(?=\S)", m.text)
            if comma and " " in m.text[:comma.start()].strip():
                tail = m.text[comma.end():]
                hit = self.gazetteer.whole(tail)
                if hit and not hit.demonym \
                        and self.gazetteer.entities[hit.entity].type == "Place":
                    m.attrs["places"] = [hit.entity]
