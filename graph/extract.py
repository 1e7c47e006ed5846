"""Apply the pattern rules to an article: posts, meetings and agreements, each
with the sentence that states it and the rule that fired.

`extract_article(article, rules)` is a pure function of one article and the
rules (so it runs in parallel and can be cached by content hash).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.clean import clean
from graph.normalize import fold, name_key
from graph.prefilter import Prefilter
from graph.recognise import Mention, Recogniser

_RECOGNISERS: dict = {}


@dataclass
class LocalEntity:
    key: str                 # article-independent identity key, e.g. "gaz:oic", "P:karim najafi barzegar"
    type: str                # Person | Organization | Country | Place
    names: list              # surface forms seen, in order
    gazetteer: str = ""
    rule: str = ""
    country: str = ""        # key of the country (ministries inferred from a title)


@dataclass
class Fact:
    kind: str                # post | meeting | agreement
    sentence: int            # index into ArticleFacts.sentences
    rule: str
    data: dict
    more: list = field(default_factory=list)   # (sentence, rule) of further evidence


@dataclass
class ArticleFacts:
    article: object
    sentences: list
    mentions: list           # per sentence: list of Mention
    entities: dict           # key -> LocalEntity
    mentioned: list          # keys of entities the article's story names (in order)
    facts: list
    dropped: list            # furniture removed
    candidates: list         # (name, type guess, sentence) the rules saw but could not type/resolve


def recogniser_for(rules) -> Recogniser:
    """One compiled recogniser per rule set (kept with the rule set it was built from)."""
    cached = _RECOGNISERS.get(id(rules))
    rec = cached[1] if cached and cached[0] is rules else None
    if rec is None:
        rec = Recogniser(rules)
        _RECOGNISERS[id(rules)] = (rules, rec)
        rec.prefix_index = curated_index(rules.entities)
        for pair in rules.lexicon.get("portfolio_translations", []):
            ar, _, en = pair.partition("=")
            rec.prefix_index["portfolios"][fold(ar)] = en.strip()
        rec.pattern_filter = PatternFilter(rules.patterns)
    return rec


class PatternFilter:
    """The pattern rules (and sentence-level regexes) a tagged sentence may match, from one scan
    for the words each needs."""

    def __init__(self, patterns: dict):
        self.patterns = patterns
        rules = [rule for kind in patterns.values() for rule in kind]
        self.prefilter = Prefilter([rule.regex for rule in rules] + list(SENTENCE_REGEXES))
        self.need = {id(x): need for x, need in zip([*rules, *SENTENCE_REGEXES], self.prefilter.needs)}
        self.by_kind: dict = {}

    def present(self, tagged: str) -> set:
        return self.prefilter.present(tagged)

    def candidates(self, kind: str, lang: str, present: set | None) -> list:
        """The rules of KIND for LANG that may match a sentence with these literals, in file order."""
        rules = self.by_kind.get((kind, lang))
        if rules is None:
            rules = self.by_kind[kind, lang] = [(rule, self.need.get(id(rule))) for rule in self.patterns.get(kind, [])
                                                if rule.lang in ("any", lang)]
        return [rule for rule, need in rules if need is None or present is None or not need.isdisjoint(present)]

    def search(self, regex, tagged: str, present: set | None):
        """regex.search(tagged), skipped when a word the regex needs is absent."""
        need = self.need.get(id(regex))
        if need is None or present is None or not need.isdisjoint(present):
            return regex.search(tagged)
        return None


def curated_index(entities) -> dict:
    """Word-prefixes and full names of curated organisations; ministries by country with their portfolio words."""
    prefix, full, ministries = {}, {}, {}
    for ent in entities:
        if ent.type != "Organization":
            continue
        for form in [*ent.names.values(), *ent.aliases]:
            words = fold(form).split()
            full.setdefault(" ".join(words), set()).add(ent.id)
            for k in range(1, len(words)):
                prefix.setdefault(" ".join(words[:k]), set()).add(ent.id)
            if ent.kind == "ministry" and ent.country:
                have = content_words(form)
                if have:
                    ministries.setdefault(ent.country, []).append((ent.id, have, script_of(form)))
    return {"prefix": prefix, "full": full, "ministries": ministries, "portfolios": {}}


TYPE_OF = {"P": "Person", "O": "Organization", "C": "Country", "L": "Place"}


class ArticleExtractor:
    def __init__(self, article, rules):
        self.article, self.rules = article, rules
        self.rec = recogniser_for(rules)
        self.entities: dict = {}
        self.mentioned: list = []
        self.facts: list = []
        self.candidates: list = []
        self.last_person = None
        self.present = None      # literals of the pattern rules found in the current tagged sentence

    # ------------------------------------------------------------ entities
    def entity_key(self, m: Mention) -> str | None:
        if m.type not in TYPE_OF:
            return None
        if m.entity:
            ent = self.rec.gazetteer.entities[m.entity]
            key = f"gaz:{ent.id}"
            self._add(key, TYPE_OF.get({"Organization": "O", "Country": "C", "Place": "L", "Person": "P"}[ent.type]),
                      m.text, ent.id, m.rule)
            if ent.type == "Organization" and ent.country and MINISTRY.search(m.text):
                self.named_country(m.text, ent.country)   # "Ministry of Foreign Affairs of Algeria" names Algeria too
            return key
        key = f"{m.type}:{name_key(m.text)}"
        if m.type == "P" and m.attrs.get("surname_of"):
            return self._add(m.attrs["surname_of"], "Person", m.text)
        if m.type == "P":
            key = self.person_key(m) or key
        if m.type == "O":
            gaz = self.curated_prefix(m.text)
            if gaz:
                return self._add(f"gaz:{gaz}", "Organization", m.text, gaz, "gazetteer:prefix-in-article")
        if m.type == "O" and MINISTRY.search(m.text):
            named = [h for h in self.rec.gazetteer.find(m.text)
                     if self.rec.gazetteer.entities[h.entity].type == "Country"]
            if named:   # "Ministry of Education of Brazil", "Brazilian Ministry of Education": one node per country
                h = named[0]
                core = (m.text[:h.start] + m.text[h.end:]).strip()
                core = re.sub(r"\s+(?:of|in|في)(?:\s+the)?$", "", re.sub(r"^(?:the\s+)", "", core, flags=re.I)).strip(" ,")
                if MINISTRY.search(core):
                    self.named_country(m.text)   # the article names the country too ("Ministry of Health of Kenya")
                    return self.ministry(core, f"gaz:{h.entity}", surface=m.text)
            gaz = self.curated_ministry(m.text, "")
            if gaz:
                return self._add(f"gaz:{gaz}", "Organization", m.text, gaz, "gazetteer:ministry-match")
        if key.endswith(":"):
            return None
        self._add(key, TYPE_OF[m.type], m.text, "", m.rule)
        return key

    def named_country(self, text, country=""):
        """The curated country named inside a ministry's name (the first one found, or COUNTRY when one of its
        names is in the text), as a mention of the article; its label is the country's own name."""
        ents = self.rec.gazetteer.entities
        if country:
            ent = ents.get(country)
            folded = f" {fold(text)} "
            if ent is None or not any(f" {fold(n)} " in folded for n in [*ent.names.values(), *ent.aliases]):
                return
        else:
            ent = next((ents[h.entity] for h in self.rec.gazetteer.find(text) if ents[h.entity].type == "Country"), None)
            if ent is None:
                return
        self._mention(self._add(f"gaz:{ent.id}", "Country", ent.names.get(script_of(text)) or ent.names["en"], ent.id,
                                f"gazetteer:{ent.id}"))

    def _add(self, key, typ, text, gaz="", rule="", country=""):
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = LocalEntity(key, typ, [], gaz, rule, country)
        clean_text = re.sub(r"\s+", " ", text).strip(" ,.،")
        if clean_text and clean_text not in ent.names:
            ent.names.append(clean_text)
        return key

    def person_key(self, m: Mention) -> str | None:
        """A partial name ('Barzegar', 'السفير طارق') is the full name seen in the article."""
        words = name_key(m.text).split()
        if not words:
            return None
        for key, ent in self.entities.items():
            if ent.type != "Person":
                continue
            fulls = [key[2:].split()] if key.startswith("P:") else \
                [name_key(n).split() for n in self._curated_names(ent.gazetteer)]
            for full in fulls:
                if len(words) < len(full) and (words == full[-len(words):] or words == full[:len(words)]):
                    return key
        return None

    def _curated_names(self, gaz_id):
        ent = self.rec.gazetteer.entities.get(gaz_id)
        return [*ent.names.values(), *ent.aliases] if ent else []

    # -------------------------------------------------------------- main
    def run(self) -> ArticleFacts:
        a = self.article
        cleaned = clean(a.body, self.rules.furniture)
        sentences = [s.text for s in cleaned.sentences]
        all_mentions = [self.rec.recognise(s, a.language, a.published) for s in sentences]
        self.countries = {m.entity for ms in all_mentions for m in ms if m.entity and m.type in "CD"}
        self.curated = {m.entity for ms in all_mentions for m in ms if m.entity and m.type == "O"}
        self._full_names_first(all_mentions)
        surnames = self._surname_index()
        all_mentions = [self._surnames(s, ms, *surnames) for s, ms in zip(sentences, all_mentions)]
        for i, (s, mentions) in enumerate(zip(sentences, all_mentions)):
            keys = [self.entity_key(m) for m in mentions]
            for m, k in zip(mentions, keys):
                m.attrs["key"] = k
                if k and k not in self.mentioned and m.type in "POCL":
                    self.mentioned.append(k)
                for inner in m.attrs.get("inner", []) + m.attrs.get("places", []):
                    ik = f"gaz:{inner}"
                    ent = self.rec.gazetteer.entities[inner]
                    self._add(ik, ent.type, ent.names.get(a.language, ent.names["en"]), inner, f"gazetteer:{inner}")
                    if ik not in self.mentioned:
                        self.mentioned.append(ik)
            tagged = tag(s, mentions)
            self.present = self.rec.pattern_filter.present(tagged)
            self.posts(i, s, tagged, mentions)
            self.meetings(i, s, tagged, mentions)
            self.agreements(i, s, tagged, mentions)
            persons = [m for m in mentions if m.type == "P" and m.attrs.get("key")]
            if persons:
                self.last_person = persons[-1].attrs["key"]
        self._drop_unsupported_persons()
        return ArticleFacts(a, sentences, all_mentions, self.entities, self.mentioned, self.facts,
                            cleaned.dropped, self.candidates)

    def _full_names_first(self, all_mentions):
        """Register multi-word and curated person names first so partial names resolve to them."""
        for mentions in all_mentions:
            for m in mentions:
                if m.type == "P" and m.entity:
                    self._add(f"gaz:{m.entity}", "Person", m.text, m.entity, m.rule)
                elif m.type == "P" and len(name_key(m.text).split()) >= 2:
                    self._add(f"P:{name_key(m.text)}", "Person", m.text, "", m.rule)

    def _surname_index(self):
        """Surnames of the persons named in full so far -> their keys, and the surnames by their first word."""
        names = {}
        for key, ent in self.entities.items():
            if ent.type == "Person":
                for n in ent.names:
                    words = re.sub(r"^(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)+", "", n).split()
                    if len(words) >= 2 and len(words[-1]) >= 4 and words[-1][:1].isupper():
                        names.setdefault(words[-1].rstrip(".,"), set()).add(key)
        return names, SurnameFinder(sorted(names, key=len, reverse=True))

    def _surnames(self, sentence, mentions, names, finder):
        """'Osmanova' alone, after 'Dr. Farida Osmanova' earlier in the article, is that person."""
        if not names:
            return mentions
        taken = [(m.start, m.end) for m in mentions]
        added = []
        for start, end, name in finder.finditer(sentence):
            keys = names[name]
            if len(keys) == 1 and not any(a < end and start < b for a, b in taken):
                added.append(Mention(start, end, "P", name, rule="coreference:surname",
                                     attrs={"surname_of": next(iter(keys))}))
        return sorted(mentions + added, key=lambda x: x.start) if added else mentions

    def _drop_unsupported_persons(self):
        """A lone word that no honorific, role or fact supports is not kept as a person."""
        used = {k for f in self.facts for k in fact_keys(f)}
        for key in list(self.mentioned):
            ent = self.entities[key]
            if ent.type == "Person" and key.startswith("P:") and len(key[2:].split()) < 2 and key not in used \
                    and not any("honorific" in r for r in [ent.rule]):
                self.mentioned.remove(key)
                self.candidates.append((ent.names[0], "Person", "single word, no honorific or fact"))

    # -------------------------------------------------------------- rules
    def matches(self, kind, tagged, lang):
        rules = self.rec.pattern_filter.candidates(kind, lang, self.present)
        gate = GATES.get(kind)
        if not rules or gate is not None and not gate.search(tagged):
            return
        for rule in rules:
            for m in rule.regex.finditer(tagged):
                yield rule, m

    def search(self, regex, tagged):
        return self.rec.pattern_filter.search(regex, tagged, self.present)

    def posts(self, i, s, tagged, mentions):
        lang = self.article.language
        seen = set()
        for rule, m in self.matches("posts", tagged, lang):
            person = slot(m, "person", mentions)
            if person is None and "previous_person" in rule.requires:
                person_key = self.last_person
            else:
                person_key = person.attrs.get("key") if person else None
            role = slot(m, "role", mentions)
            if not person_key or role is None or role.start in seen:
                continue
            org = slot(m, "org", mentions) or slot(m, "country", mentions)
            org_key = self.post_org(role, org, m, tagged, mentions)
            if not org_key:
                continue
            seen.add(role.start)
            unit = slot(m, "unit", mentions)
            if unit is not None:
                role = Mention(role.start, unit.end, "R", role.text, attrs={**role.attrs, "label": f"{role.attrs['label']} {unit.text}"})
            self.add_post(i, rule.name, person_key, role, org_key)
            if lang == "ar":
                self.chain(i, rule, person_key, m.end(), tagged, mentions, seen)

    def chain(self, i, rule, person_key, pos, tagged, mentions, seen):
        """Arabic chains of posts: 'فلان عضو المجلس الأعلى حاكم الشارقة الرئيس الأعلى لجامعة الشارقة'."""
        link = re.compile(r"\s*(?:و)?⟦R(\d+)⟧\s*(?:لـ|ل|ب)?[«\"'\s]*⟦[OCL](\d+)⟧")
        while True:
            m = link.match(tagged, pos)
            if not m:
                return
            role, org = mentions[int(m.group(1))], mentions[int(m.group(2))]
            if org.attrs.get("key") and role.start not in seen:
                seen.add(role.start)
                self.add_post(i, f"{rule.name}+chain", person_key, role, org.attrs["key"])
            pos = m.end()

    def post_org(self, role, org, m, tagged, mentions):
        ministry = role.attrs.get("ministry")
        country = self._country_near(role, org, m, mentions)
        if ministry and (org is None or org.type in "CD"):
            return self.ministry(ministry, country)
        if org is not None and org.attrs.get("key"):
            return org.attrs["key"]
        lead = re.match(r"^\s*⟦O(\d+)⟧(?:'s|’s)", tagged)
        if lead and mentions[int(lead.group(1))].attrs.get("key"):
            return mentions[int(lead.group(1))].attrs["key"]
        named = self._generic_reference(tagged, role, mentions)
        if named:
            return named
        person = slot(m, "person", mentions)
        if person is not None and any(f.kind == "post" and f.data["person"] == person.attrs.get("key") for f in self.facts):
            return None   # the nearest-organisation guess is only for people with no stated post
        before = [x for x in mentions if x.type == "O" and x.end <= role.start and x.attrs.get("key")
                  and not self._is_news_agency(x)]
        return before[-1].attrs["key"] if before else None

    def _generic_reference(self, tagged, role, mentions):
        """'Director-General of the Organization', 'رئيس الجامعة': the body of that kind named last in the article."""
        idx = mentions.index(role) if role in mentions else -1
        pos = tagged.find(f"⟦R{idx}⟧")
        if pos < 0:
            return None
        after = tagged[pos + len(f"⟦R{idx}⟧"):]
        m = GENERIC_REFERENCE.match(after)
        if not m:
            return None
        head = fold(m.group(1) or m.group(2)).rstrip("s")
        for key in reversed(self.mentioned):
            ent = self.entities.get(key)
            if ent and ent.type == "Organization" and any(
                    head in [fold(w).rstrip("s") for w in re.sub("^ال", "", fold(n)).split()] or
                    head in [re.sub("^ال", "", w).rstrip("s") for w in fold(n).split()] for n in ent.names):
                return key
        return None

    def _country_near(self, role, org, m, mentions):
        if org is not None and org.type == "C":
            return org.attrs.get("key")
        for x in mentions:
            if x.type == "D" and abs(x.end - role.start) <= 2 and x.entity:
                return f"gaz:{x.entity}"
        after = [x for x in mentions if x.type == "C" and 0 <= x.start - role.end <= 8]
        if after:
            return after[0].attrs.get("key")
        return ""

    def ministry(self, name, country_key, surface=""):
        """The ministry a title names ('Minister of X' -> 'Ministry of X'), or a ministry phrase with its
        country taken out; a curated one when the gazetteer knows it, else one node per (portfolio, country)."""
        country = self.rec.gazetteer.entities.get(country_key[4:]) if country_key else None
        arabic = bool(re.search("[\u0600-\u06ff]", name))
        english = self.english_ministry(name) if arabic else ""
        tries = [f"{name} of {country.names['en']}", f"{name} {country.names.get('ar', '')}",
                 *(f"{d} {name}" for d in country.demonyms)] if country else [name]
        if english and country:
            tries.append(f"{english} of {country.names['en']}")
        for t in tries:
            hits = self.rec.gazetteer.find(t)
            if hits and hits[0].start == 0 and hits[0].end == len(t):
                ent = self.rec.gazetteer.entities[hits[0].entity]
                if ent.type == "Organization":
                    return self._mention(self._add(f"gaz:{ent.id}", "Organization", surface or name, ent.id,
                                                   f"gazetteer:{ent.id}"))
        gaz = self.curated_ministry(name, country_key)
        if gaz:
            return self._mention(self._add(f"gaz:{gaz}", "Organization", surface or name, gaz, "gazetteer:ministry-match"))
        key = f"O:{name_key(self.english_ministry(name) if arabic else name)}" + (f"|{country_key}" if country_key else "")
        qualified = (f"{name} {country.names.get('ar', '')}" if arabic else f"{name} of {country.names['en']}") if country else name
        self._add(key, "Organization", qualified.strip(), "", "roles.yaml#ministry", country_key)
        self._add(key, "Organization", surface or name)
        return self._mention(key)

    def english_ministry(self, name: str) -> str:
        """'وزارة التعليم العالي والبحث العلمي' -> 'Ministry of Higher Education and Scientific Research' ('' if unknown)."""
        table = self.rec.prefix_index["portfolios"]
        rest = re.sub(r"^(?:ال)?وزار[ةه]\s*", "", fold(name))
        parts, out = [p for p in re.split(r"\s+و(?=ال)", rest) if p], []
        whole = table.get(rest)
        if whole:
            return f"Ministry of {whole}"
        for part in parts:
            en = table.get(part) or table.get("ال" + part)
            if not en:
                return ""
            out.append(en)
        return "Ministry of " + " and ".join(out) if out else ""

    def _mention(self, key):
        if key not in self.mentioned:
            self.mentioned.append(key)
        return key

    def curated_prefix(self, name):
        """'the World Forum for Proximity', 'الأمانة العامة': the one curated body named in full in
        this article (or whose parent is) that starts with these words."""
        key = fold(re.sub(r"^(?:the|The)\s+", "", name))
        if len(key) < 6:
            return ""
        index = self.rec.prefix_index
        starts, equal = index["prefix"].get(key, set()), index["full"].get(key, set())
        hits = {e for e in starts if e in self.curated}
        hits |= {e for e in starts | equal if self.rec.gazetteer.entities[e].part_of in self.curated}
        return hits.pop() if len(hits) == 1 else ""

    def curated_ministry(self, name, country_key):
        """A curated ministry of a country the article names whose portfolio matches NAME's."""
        want = content_words(name)
        if not want:
            return ""
        countries = {country_key[4:]} if country_key else self.countries
        best, best_score, tie = "", 0.0, False
        for country in sorted(countries):
            for ent_id, form_words, form_script in self.rec.prefix_index["ministries"].get(country, ()):
                if form_script != script_of(name):
                    continue
                score = len(want & form_words) / len(want | form_words)
                if want <= form_words or form_words <= want:
                    score = max(score, 0.75)
                if score > best_score:
                    best, best_score, tie = ent_id, score, False
                elif score == best_score and ent_id != best:
                    tie = True
        return best if best_score >= 0.6 and not tie else ""

    def _is_news_agency(self, m):
        ent = self.rec.gazetteer.entities.get(m.entity) if m.entity else None
        return bool(ent and ent.kind == "news-agency")

    def add_post(self, i, rule, person_key, role, org_key):
        for f in self.facts:
            if f.kind == "post" and f.data["person"] == person_key and f.data["org"] == org_key:
                if len(role.attrs["label"]) > len(f.data["role"]):
                    f.data["role"] = role.attrs["label"]
                f.more.append((i, rule))
                return
        self.facts.append(Fact("post", i, rule, {"person": person_key, "org": org_key, "role": role.attrs["label"]}))

    # ------------------------------------------------------------ meetings
    def meetings(self, i, s, tagged, mentions):
        lang = self.article.language
        anchored = any(m.type == "T" for m in mentions) or bool(self.search(PLACE_CONTEXT, tagged))
        hits = [(r, m) for r, m in self.matches("meetings", tagged, lang) if anchored or not weak_trigger(r, m, lang)]
        events = [m for m in mentions if m.type == "E"]
        back = self.search(BACK_REFERENCE, tagged)
        if back and events and self._has_meeting() and back.start() < tagged.find(f"⟦E{mentions.index(events[0])}⟧"):
            events = []   # "The conference is scheduled …, coinciding with the Islamic Unity Week": the same meeting
        refers_back = bool(back) and not events and self._has_meeting()
        if not hits and not events:
            return
        actors = [m for m in mentions if m.type in "POC" and m.attrs.get("key") and not self._is_news_agency(m)]
        organizers = set()
        for rule, m in self.matches("organisers", tagged, lang):
            org = slot(m, "organizer", mentions)
            if org is not None and org.attrs.get("key") and org.type != "L":
                organizers.add(org.attrs["key"])
        inner = [f"gaz:{e}" for ev in events for e in ev.attrs.get("inner", [])
                 if self.rec.gazetteer.entities[e].type in ("Country", "Organization")]
        attendees = [a.attrs["key"] for a in actors if a.attrs["key"] not in organizers] + inner
        if self.last_person and not any(a.type == "P" for a in actors) and PRONOUN.search(tagged):
            attendees.append(self.last_person)   # "Speaking at the launch, he said …"
        if not attendees and not organizers and not events and not anchored:
            return
        rule, first = hits[0] if hits else (None, None)
        mtype = rule.type if rule else event_type(events[0].text)
        data = {"type": mtype, "name": events[0].text if events else "", "attendees": dedupe(attendees),
                "organizers": sorted(organizers), "place": self.place(mentions, tagged), "date": first_date(mentions),
                "bilateral": any("bilateral" in r.requires for r, _ in hits), "refers_back": refers_back}
        self.add_meeting(i, rule.name if rule else "lexicon.yaml#meeting_nouns_en", data)

    def _has_meeting(self):
        return any(f.kind == "meeting" for f in self.facts)

    def place(self, mentions, tagged):
        places = [m for m in mentions if m.type == "L" and m.attrs.get("key")]
        if places:
            return places[0].attrs["key"]
        for m in mentions:
            inner = [e for e in m.attrs.get("inner", []) if self.rec.gazetteer.entities[e].type == "Place"]
            if m.type == "O" and inner:
                return f"gaz:{inner[0]}"
        for m in mentions:
            if m.type == "C" and m.attrs.get("key") and re.search(r"(?:\b(?:in|at)\s+|في\s*)$", tagged[:tagged.find(f"⟦C{mentions.index(m)}⟧")]):
                return m.attrs["key"]
        return ""

    def add_meeting(self, i, rule, data):
        meetings = [f for f in self.facts if f.kind == "meeting"]
        target = None
        for f in reversed(meetings):
            if data["name"] and f.data["name"] and same_event(data["name"], f.data["name"]):
                target = f
                break
        if target is None and meetings and data.get("refers_back") and not data["bilateral"] \
                and not self._elsewhere(data["place"], meetings[-1].data["place"]):
            target = meetings[-1]   # "the conference …" — unless this sentence puts it in another place
        if target is None and meetings and not data["name"]:
            last = meetings[-1]
            new_date = data["date"] and last.data["date"] and data["date"].start != last.data["date"].start
            new_place = data["place"] and last.data["place"] and data["place"] != last.data["place"]
            people = {k for k in data["attendees"] if k.startswith("P:")}
            new_people = data["bilateral"] and people and not people <= set(last.data["attendees"])
            if not (new_date or new_place or new_people):
                target = last
        if target is None:
            self.facts.append(Fact("meeting", i, rule, data))
            return
        t = target.data
        t["attendees"] = dedupe(t["attendees"] + data["attendees"])
        t["organizers"] = sorted(set(t["organizers"]) | set(data["organizers"]))
        t["place"] = t["place"] or data["place"]
        t["date"] = t["date"] or data["date"]
        t["name"] = t["name"] or data["name"]
        if t["type"] in ("meeting", "event") and data["type"] not in ("meeting", "event"):
            t["type"] = data["type"]
        target.more.append((i, rule))

    def _elsewhere(self, a, b):
        """Two towns or venues named, neither the other nor in it. A country is no evidence: "the rectors
        of the University of X in Bangladesh joined the meeting" does not move the meeting."""
        ents = self.rec.gazetteer.entities

        def town(key):
            return key.startswith("L:") or key.startswith("gaz:") and key[4:] in ents and ents[key[4:]].type == "Place"
        if not a or not b or a == b or not town(a) or not town(b):
            return False

        def around(key):
            ent = ents.get(key[4:]) if key.startswith("gaz:") else None
            return {key} | ({f"gaz:{x}" for x in (ent.country, ent.part_of) if x} if ent else set())
        return not (a in around(b) or b in around(a))

    # ---------------------------------------------------------- agreements
    def agreements(self, i, s, tagged, mentions):
        lang = self.article.language
        for rule, m in self.matches("agreements", tagged, lang):
            noun = (m.groupdict().get("noun") or "agreement").lower()
            earlier = [f for f in self.facts if f.kind == "agreement"]
            if rule.id in ("ar-signed-it", "signed-it"):
                if not earlier:
                    continue
                noun = earlier[-1].data["type"]
            signers = self.signatories(tagged, mentions, m)
            parties = [x.attrs["key"] for name in ("party", "party2") if (x := slot(m, name, mentions)) is not None and x.attrs.get("key")]
            parties += [x.attrs["key"] for x in mentions if x.type in "OC" and x.attrs.get("key") and not self._is_news_agency(x)]
            parties += [f"gaz:{e}" for x in mentions if x.type in "EO" for e in x.attrs.get("inner", [])
                        if self.rec.gazetteer.entities[e].type in ("Country", "Organization")]
            if rule.id == "signing-ceremony" and not signers and self.last_person:
                signers = [self.last_person]
            data = {"type": re.sub(r"\s+", " ", noun), "signatories": signers, "parties": dedupe(parties),
                    "date": first_date(mentions), "place": self.place(mentions, tagged),
                    "background": rule.id.startswith("under")}
            self.add_agreement(i, rule.name, data)
            return

    def signatories(self, tagged, mentions, m):
        by = re.search(r"\b(?:signed|inked|concluded)\b[^.;]{0,80}?\bby\b|وقعها|وقعه|وقعاها|وقّعها|وقع(?:ها)?\s+عن", tagged)
        if by:
            after = tagged[by.end():]
            return [mentions[int(x)].attrs["key"] for x in re.findall(r"⟦P(\d+)⟧", after) if mentions[int(x)].attrs.get("key")]
        verb = re.search(r"\b(?:signed|inked|sign)\b|وقع|توقيع", tagged)
        before = tagged[:verb.start()] if verb else ""
        signers = [mentions[int(x)].attrs["key"] for x in re.findall(r"⟦P(\d+)⟧(?!\s*(?:said|told|noted))", before)
                   if mentions[int(x)].attrs.get("key")]
        if not signers and verb and m.groupdict().get("noun") and verb.end() <= m.start("noun"):
            # verb first (Arabic): "وقع رئيس جامعة X فلان والسيد فلان، رئيس Y، خطة عمل …" — the subjects
            # stand between the signing verb and the agreement noun
            signers = [mentions[int(x)].attrs["key"] for x in re.findall(r"⟦P(\d+)⟧", tagged[verb.end():m.start("noun")])
                       if mentions[int(x)].attrs.get("key")]
        return signers

    def add_agreement(self, i, rule, data):
        for f in self.facts:
            if f.kind != "agreement" or f.data["background"] != data["background"]:
                continue
            if data["background"] and set(f.data["parties"]) != set(data["parties"]):
                continue
            if f.data["type"] == data["type"] or not data["signatories"] or not f.data["signatories"] \
                    or set(f.data["signatories"]) & set(data["signatories"]):
                f.data["signatories"] = dedupe(f.data["signatories"] + data["signatories"])
                f.data["parties"] = dedupe(f.data["parties"] + data["parties"])
                f.data["date"] = f.data["date"] or data["date"]
                f.data["place"] = f.data["place"] or data["place"]
                f.more.append((i, rule))
                return
        self.facts.append(Fact("agreement", i, rule, data))


MINISTRY = re.compile(r"^(?:the\s+)?(?:[A-Z][\w-]+\s+)?Ministry\b|^(?:ال)?وزارة", re.I)
FUNCTION_WORDS = {"of", "and", "the", "for", "ministry", "federal", "وزاره", "وزارة", "و", "ال"}


def script_of(text: str) -> str:
    return "ar" if re.search("[\u0600-\u06ff]", text) else "en"


def content_words(name: str) -> set:
    words = set()
    for w in name_key(name).split():
        w = re.sub("^و(?=ال)", "", w)
        if w not in FUNCTION_WORDS and not w.endswith(("ian", "ani", "aqi", "ese", "ish")) or w in ("scientific",):
            words.add(w.rstrip("s") if len(w) > 4 else w)
    return words


BACK_REFERENCE = re.compile(r"\b(?:the|this|that)\s+(?:(?:opening|closing|final|first|second|same|whole)\s+)?(?:conference|meeting|summit|event|gathering|session|webinar|forum|ceremony|launch|visit|talks)\b|(?:^|\s)(?:المؤتمر|الاجتماع|اللقاء|الملتقى|الندوة)(?:\s|$)", re.I)
GENERIC_REFERENCE = re.compile(r"\s+(?:of|for|at)\s+the\s+(Organi[sz]ation|University|Ministry|Bank|Centre|Center|Committee|Council|Commission|Academy|Agency|Forum|Federation|Union|Network)\b(?!\s+(?:of|for)\b)"
                               r"|\s*(?:لل|ل|ال)(منظمة|جامعة|وزارة|مركز|لجنة|مجلس|هيئة|أكاديمية|اتحاد|شبكة|بنك)(?![\u0621-\u064a])", re.I)
GATES = {   # a pattern file is only tried on sentences that can match it
    "posts": re.compile("⟦R\\d+⟧"),
    "agreements": re.compile(r"sign|ink|conclud|seal|agreement|accord|treaty|memorandum|mou|وقع|وقّع|توقيع|أبرم|ابرم|اتفاق|مذكرة", re.I),
    "organisers": re.compile(r"organi[sz]|host|conven|arrang|sponsor|held by|partnership|cooperation|coordination|collaboration"
                             r"|نظم|تنظيم|تستضيف|يستضيف|تحتضن|يحتضن|برعاية", re.I),
}
PLACE_CONTEXT = re.compile(r"\b(?:in|at)\s+⟦L\d+⟧|في\s*⟦L\d+⟧|⟦L\d+⟧(?:\s*,[^,]{0,40},)?\s+(?:will\s+|is\s+to\s+|to\s+)?host|(?:تستضيف|تحتضن|يستضيف)\s*⟦L", re.I)
PRONOUN = re.compile(r"\b(?:he|she)\b", re.I)
SENTENCE_REGEXES = (PLACE_CONTEXT, BACK_REFERENCE)   # searched in every tagged sentence: prefiltered


def event_type(name: str) -> str:
    """'2nd Iran-Iraq Science Week' -> 'science week'; '10th World Water Forum' -> 'forum'."""
    words = name.lower().split()
    if "week" in words:
        return "science week" if "science" in words else "week"
    for w in reversed(words):
        if w.rstrip("s") in ("conference", "summit", "forum", "meeting", "session", "congress", "symposium",
                             "seminar", "workshop", "webinar", "expo", "exhibition", "festival", "assembly", "dialogue"):
            return w.rstrip("s")
    return "event"


def weak_trigger(rule, m, lang) -> bool:
    """A plural meeting noun ('workshops, conferences') names no particular meeting."""
    word = m.group(0).lower()
    return lang == "en" and rule.type in ("conference", "webinar", "meeting", "summit", "session") \
        and word.endswith("s") and word not in ("talks", "discussions", "consultations")


WORD_TOKEN = re.compile(r"\w+")
WORD_OR_HYPHEN = re.compile(r"[\w-]")


class SurnameFinder:
    """Names standing alone in a sentence: the matches of (?<![\\w’'-])(name|…)(?![\\w-]) (NAMES in
    the order the alternation tries them), looked for only where a word starts with a name's first word."""

    def __init__(self, names: list):
        self.by_first: dict | None = {}
        for name in names:
            first = WORD_TOKEN.match(name)
            if first is None:   # a name that does not start with a word character: use the regex itself
                self.by_first = None
                break
            self.by_first.setdefault(first.group(0), []).append(name)
        self.regex = None if self.by_first is not None or not names else \
            re.compile(r"(?<![\w’'-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")

    def finditer(self, sentence: str):
        """(start, end, name) of each match."""
        if self.regex is not None:
            for m in self.regex.finditer(sentence):
                yield m.start(), m.end(), m.group(1)
            return
        by_first, pos = self.by_first, 0
        for w in WORD_TOKEN.finditer(sentence):
            start = w.start()
            if start < pos or w.group(0) not in by_first or (start and sentence[start - 1] in "’'-"):
                continue
            for name in by_first[w.group(0)]:
                end = start + len(name)
                if sentence.startswith(name, start) and not WORD_OR_HYPHEN.match(sentence, end):
                    yield start, end, name
                    pos = end
                    break


def tag(sentence: str, mentions: list) -> str:
    """The sentence with each mention replaced by ⟦<type><index>⟧."""
    out, pos = [], 0
    for idx, m in enumerate(mentions):
        out.append(sentence[pos:m.start])
        out.append(f"⟦{m.type}{idx}⟧")
        pos = m.end
    out.append(sentence[pos:])
    return "".join(out)


def slot(match, name, mentions):
    value = match.groupdict().get(name)
    if not value:
        return None
    return mentions[int(re.search(r"\d+", value).group(0))]


def first_date(mentions):
    dates = [m.attrs["date"] for m in mentions if m.type == "T"]
    explicit = [d for d in dates if d.inferred != "day"]
    return (explicit or dates or [None])[0]


def same_event(a: str, b: str) -> bool:
    fa, fb = name_key(re.sub(r"^\d+(?:st|nd|rd|th)\s+", "", a)), name_key(re.sub(r"^\d+(?:st|nd|rd|th)\s+", "", b))
    return fa == fb or fa in fb or fb in fa


def dedupe(items):
    seen, out = set(), []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def fact_keys(f: Fact):
    d = f.data
    if f.kind == "post":
        return [d["person"], d["org"]]
    if f.kind == "meeting":
        return d["attendees"] + d["organizers"] + ([d["place"]] if d["place"] else [])
    return d["signatories"] + d["parties"] + ([d["place"]] if d["place"] else [])


def extract_article(article, rules) -> ArticleFacts:
    """Every entity and fact one article states, with its evidence."""
    return ArticleExtractor(article, rules).run()
