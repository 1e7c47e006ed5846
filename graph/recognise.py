"""Recognise what the names in a sentence are: gazetteer names, roles, dates,
unknown persons and organisations, demonyms and event names.

The word lists come from rules/lexicon.yaml and rules/roles.yaml; this module
only knows the shapes of names (capitalised runs in English, honorific- or
role-anchored runs in Arabic). Each mention records the rule that found it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick

from graph.dates import DateParser
from graph.match import Gazetteer, is_arabic, longest_first
from graph.normalize import fold

UP = "A-ZÀ-ÖØ-ÞŞÇĞİŠŽČŁÑ"
LO = "a-zß-öø-ÿşçğıšžčāīūłñ"
CAP_WORD = rf"(?:H\.\s?E\.|[{UP}]{{2,}}[0-9]*(?:-[0-9]+)?(?![{LO}])|[{UP}][{LO}]+(?:[{UP}][{LO}]+)*(?:[-'’][{UP}{LO}][{LO}]*)*|[{UP}]\.|[{UP}](?![{LO}])|[{LO}][{UP}][{LO}]+)"
AR_WORD = r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u0640\u064b-\u065f]+"
TYPE_PRIORITY = {"O": 0, "C": 0, "L": 0, "E": 1, "P": 2, "R": 3, "D": 4, "T": 5}


@dataclass
class Mention:
    start: int
    end: int
    type: str               # P person, O organisation, C country, L place, R role, D demonym, E event, T date
    text: str
    entity: str = ""        # gazetteer id, when the name is curated
    rule: str = ""
    attrs: dict = field(default_factory=dict)


AR_WORD_RE = re.compile(AR_WORD)
ORG_HEAD_PREFIXED = re.compile(r"[a-z]{1,3}([A-Z][a-z]+)")
AR_PUNCT = re.compile(r"[،,.:؛()«»\"'!?؟\-–]")


def ar_fold(word: str) -> tuple:
    """An Arabic word folded, and folded without its proclitics (للمجلس -> المجلس, وبالتعاون -> التعاون)."""
    f = fold(word)
    bare = re.sub("^(?:و|ب|ف|ك)?(?:لل(?=[\u0621-\u064a]{2}))", "ال", f)
    bare = re.sub("^(?:و|ب|ف|ك|ل)(?=ال|[\u0621-\u064a]{3})", "", bare) if bare == f else bare
    return f, bare


def strip_marks(word: str) -> str:
    """Arabic word without diacritics and tatweel, letters unfolded (على stays apart from علي)."""
    return re.sub("[\u064b-\u065f\u0670\u0640]", "", word)


def alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


WORD_TOKEN = re.compile(r"\w+")
NON_SPACE = re.compile(r"\S+")


def substring_finder(words):
    """An automaton finding any of WORDS in a text (None when one of them is empty)."""
    if not words or "" in words:
        return None
    automaton = ahocorasick.Automaton()
    for w in words:
        automaton.add_word(w, w)
    automaton.make_automaton()
    return automaton


class WordAnchored:
    """A case-insensitive regex that can only start where one of a few words starts: its finditer,
    tried only at those words (the same matches as regex.finditer, without trying every position).

    `first_words` are the words a match can begin with. An ASCII word in the text is compared by its
    lower case; a non-ASCII one is always tried (IGNORECASE equates a few non-ASCII letters with
    ASCII ones), and a non-ASCII first word turns the shortcut off.
    """

    def __init__(self, regex: re.Pattern, first_words):
        self.regex = regex
        firsts = set()
        for w in first_words:
            m = WORD_TOKEN.match(w)
            if m is None or not w.isascii():
                firsts = None
                break
            firsts.add(m.group(0).lower())
        self.firsts = firsts
        self.automaton = substring_finder(firsts) if firsts else None   # the first words in ASCII text

    def _starts(self, s: str):
        """Offsets, in order, of the words of s a match may start at."""
        if self.automaton is not None and s.isascii():
            low = s.lower()   # same offsets in ASCII; \w is [A-Za-z0-9_]
            for end, word in self.automaton.iter(low):
                start = end - len(word) + 1
                if (start == 0 or not (low[start - 1].isalnum() or low[start - 1] == "_")) and \
                        (end + 1 == len(low) or not (low[end + 1].isalnum() or low[end + 1] == "_")):
                    yield start
            return
        firsts = self.firsts
        for w in WORD_TOKEN.finditer(s):
            word = w.group(0)
            if not word.isascii() or word.lower() in firsts:
                yield w.start()

    def match(self, s: str):
        """regex.match(s)."""
        if self.firsts is not None:
            w = WORD_TOKEN.match(s)
            if w is None or w.group(0).isascii() and w.group(0).lower() not in self.firsts:
                return None
        return self.regex.match(s)

    def finditer(self, s: str):
        if self.firsts is None:
            yield from self.regex.finditer(s)
            return
        match, pos = self.regex.match, 0
        for start in self._starts(s):
            if start < pos:
                continue
            m = match(s, start)
            if m is not None:
                yield m
                pos = m.end()


class Recogniser:
    """Everything compiled once per rule set."""

    def __init__(self, rules):
        lx = rules.lexicon
        self.gazetteer = Gazetteer(rules.entities)
        self.dates = DateParser(lx)
        self.lx = {k: {fold(w) for w in v} for k, v in lx.items()}
        self._ar_folds: dict = {}   # Arabic word -> ar_fold(word), filled as words are seen
        self.given_en = set(lx["given_names_en"])
        self.given_ar = {fold(w) for w in lx["given_names_ar"]}
        self.given_ar_raw = {strip_marks(w) for w in lx["given_names_ar"]}   # as written: "على" (on) is not "علي"
        self.org_heads_en = set(lx["org_heads_en"])
        self.meeting_heads = {w.title() for w in lx["meeting_nouns_en"] if " " not in w} - {"Council", "Assembly", "Call", "Audience"}
        self.org_heads_at = substring_finder(self.org_heads_en | self.meeting_heads)
        self.stop_en = set(lx["stop_words_en"])
        self.not_name_en = set(lx["not_name_words_en"])
        self.org_split = re.compile(r"(\s+and\s+the\s+|(?:'s|’s)\s+|\s+(?=(?:" + "|".join(
            re.escape(w) for w in sorted(self.stop_en) if w[0].isupper() and w != "The") + r")\b))")
        self.stop_ar_raw = {strip_marks(w) for w in lx["stop_words_ar"]}
        hon = alternation(lx["honorifics_en"])
        self.honorific_en = re.compile(rf"(?:(?<=\s)|^|(?<=[(,]))(?:{hon})(?:\s+(?:{hon}))*\s*$")
        self.honorific_ar = [fold(h) for h in sorted(lx["honorifics_ar"], key=len, reverse=True)]
        self.speech = re.compile(rf"^\s*(?:\([^)]*\)\s*)?,?\s*(?:{alternation(lx['speech_verbs_en'])})\b", re.I)
        particles = alternation(lx["particles_en"])
        self.name_run = re.compile(rf"(?<![\w’'])(?:{CAP_WORD}(?:\s+(?:(?:{particles})\s+)?{CAP_WORD}){{0,9}})(?:'s|’s)?")
        self.org_run = re.compile(
            rf"(?<![\w’'])(?:{CAP_WORD}|\d+(?:st|nd|rd|th))(?:(?:\s+|-)(?:(?:of|for|on|in|and|the|&|de|du|des|la|al|el|fi|wa)\s+)*(?:{CAP_WORD}|\d+(?:st|nd|rd|th)))*")
        self.lx_raw_lead = set(lx["org_lead_words_en"])
        self.org_lead = re.compile(rf"(?:(?:{alternation(lx['org_lead_words_en'])})\s+)+(?:the\s+)?")
        self.title_before_name = re.compile(rf"\b(?:{alternation(lx['titles_before_name_en'])})\s*,?\s*$", re.I)
        self.plural_title = re.compile(rf"(?:{alternation(lx['plural_titles_en'])})\s+(?:of|for)\s+(?:the\s+)?")
        self._roles(rules.roles, lx)
        town_en = rf"(?:^|(?<=\s))(?:{alternation(lx['town_prepositions_en'])})\s+(?P<town>[{UP}][{LO}]+(?:[-'’][{UP}][{LO}]+)?(?:\s+[{UP}][{LO}]+){{0,2}})"
        town_ar = rf"(?:^|(?<=\s))(?:{alternation(lx['town_prepositions_ar'])})\s+(?P<town>(?!ال)[\u0621-\u064a]{{3,}}(?<!ه)(?<!هم)(?<!ها))"
        # venues: "at the Velmora Grand Hotel", "في فندق فلانكند" (lexicon.yaml#venue_heads_*)
        self.venue_en = re.compile(rf"(?<![\w’'])(?:{alternation(lx['venue_heads_en'])})(?![\w’'])")
        self.venue_heads_ar = sorted({tuple(fold(w) for w in h.split()) for h in lx["venue_heads_ar"]}, key=len, reverse=True)
        self.cap_before = re.compile(rf"(?:^|(?<=\s))({CAP_WORD})\s+$")
        self.cap_after = re.compile(rf"\s+({CAP_WORD})(?![\w’'])")
        self.venue_context_en = re.compile(rf"(?:\b(?:{alternation(lx['town_prepositions_en'])})\s+(?:the\s+)?|\bthe\s+)$", re.I)
        self.town_before = {
            lang: (re.compile(town + r"\s*[,،]\s*$"), re.compile(town + rf"\s+(?:(?:{alternation(lx[f'town_date_links_{lang}'])})\s+)?$"))
            for lang, town in (("en", town_en), ("ar", town_ar))}

    # ------------------------------------------------------------------ roles
    def _roles(self, roles, lx):
        mods = alternation(roles["modifiers_en"])
        forms = alternation(f for f, *_ in roles["en"])
        pforms = alternation(f for f, _, port, _ in roles["en"] if port)
        pw = alternation(w for w in lx["portfolio_words_en"] if w not in ("and", "&", "the"))
        portfolio = rf"(?:{pw})(?:(?:\s*,\s*|\s+)(?:(?:and|&)\s+)?(?:{pw}))*"
        self.affairs = {w.lower() for w in lx.get("portfolio_affairs_en", [])}
        # a title matches only where every word of one of its forms is a word of the sentence: the gate holds
        # one word (the longest) of each form, case-folded, and a sentence with none of them has no title
        self.role_words = {max(WORD_TOKEN.findall(f.casefold()), key=len) for f, *_ in roles["en"]}
        self.role_pre = re.compile(rf"\b(?:{portfolio})\s+$", re.I)
        self.role_en = re.compile(
            rf"\b(?P<pre>)(?P<mods>(?:(?:{mods})\s+)*)(?P<head>{forms})\b"
            rf"(?P<port>\s+(?:of|for)\s+(?:the\s+)?{portfolio}(?!\s+(?:{alternation(lx['org_heads_en'])})\b))?", re.I)
        # a role starts with a modifier or a form, at a word boundary
        self.role_en_at = WordAnchored(self.role_en, [*roles["modifiers_en"], *(f for f, *_ in roles["en"])])
        self.role_table_en = {fold(f): (label, port, ministry) for f, label, port, ministry in roles["en"]}
        ar_forms = alternation(f for f, *_ in roles["ar"])
        after = alternation(roles["modifiers_after_ar"])
        self.role_ar = re.compile(rf"(?<![\u0621-\u064a])(?:و)?(?P<mods>(?:{alternation(roles['modifiers_ar'])})\s+)?(?P<head>{ar_forms})"
                                  rf"(?P<after>\s+(?:{after}))?(?![\u0621-\u064a])")
        self.role_table_ar = {fold(f): (label, port, ministry) for f, label, port, ministry in roles["ar"]}
        self.portfolio_ar = {fold(w) for w in lx["portfolio_words_ar"]}

    def find_roles(self, s: str, lang: str) -> list[Mention]:
        out = []
        words = set(WORD_TOKEN.findall(s.casefold()))
        for m in (self.role_en_at.finditer(s) if words & self.role_words else ()):
            mention = self._role_en(s, m)
            if mention:
                out.append(mention)
        if lang == "ar" or is_arabic(s):
            out += self._roles_ar(s)
        return out

    LOWER_OK = ("official", "officials", "an official", "authorities", "senior official")

    def _role_en(self, s, m):
        head = m.group("head")
        label, takes_portfolio, ministry = self.role_table_en.get(fold(head), (head, False, ""))
        pre, pre_start = "", m.start()
        if takes_portfolio:
            before = self.role_pre.search(s, max(0, m.start() - 120), m.start())
            if before and before.group(0)[:1].isupper():
                pre, pre_start = before.group(0).strip().rstrip(","), before.start()
        port = m.group("port") or ""
        if port and not takes_portfolio and not re.match(r"\s+for\b", port, re.I):
            port = ""
        lowercase = head[0].islower() and fold(head) not in self.LOWER_OK
        if lowercase and not port and not m.group("mods") and \
                not re.search(r"(?:\b(?:the|an?|as|his|her|its)|'s|’s|,)\s*$", s[:m.start("head")], re.I):
            return None
        if head in ("DG", "ASG") and not re.search(r"(?:'s|’s)\s*$", s[:m.start("head")]):
            return None  # DG, ASG only after a possessive: "ICESCO's DG"
        mods = " ".join(w.title() for w in m.group("mods").split())
        if pre and pre.lower() in self.affairs:
            pre = f"{pre} Affairs"
        port_text = re.sub(r"^\s*(?:of|for)\s+(?:the\s+)?", "", port, flags=re.I).strip() or pre
        start = pre_start if pre else m.start("mods") if m.group("mods") else m.start("head")
        end = m.end("port") if port else m.end("head")
        full = f"{mods} {label}".strip()
        if port_text:
            full += f" of {port_text}" if takes_portfolio else f" for {port_text}"
        attrs = {"label": full, "head": label}
        if takes_portfolio and port_text and ministry:
            attrs["ministry"] = f"{ministry} of {port_text}"
        return Mention(start, end, "R", s[start:end], rule="roles.yaml", attrs=attrs)

    def _roles_ar(self, s):
        out = []
        for m in self.role_ar.finditer(s):
            label, takes_portfolio, ministry = self.role_table_ar.get(fold(m.group("head")), (m.group("head"), False, ""))
            base = end = m.end()
            if m.group("after"):
                label = f"{label} {m.group('after').strip()}"
            words = []
            for w in re.finditer(rf"\s*({AR_WORD})", s[base:]):
                bare = re.sub("^(?:و|لل|ل)(?=ال|[\u0621-\u064a]{3})", "", fold(w.group(1)))
                if w.start() != end - base or bare in self.lx["org_heads_ar"] or fold(w.group(1)) in self.lx["org_heads_ar"]:
                    break   # "رئيس أكاديمية …", "المدير العام لأكاديمية …": the name of a body, not a portfolio
                if fold(w.group(1)) in self.portfolio_ar or bare in self.portfolio_ar or "ال" + bare in self.portfolio_ar:
                    words.append(w.group(1))
                    end = base + w.end()
                else:
                    break
            mods = (m.group("mods") or "").strip()
            text = s[m.start("head") if not mods else m.start("mods"):end]
            port = " ".join(words)
            attrs = {"label": text.strip(), "head": label}
            if takes_portfolio and port and ministry:
                attrs["ministry"] = f"{ministry} {port}"
            out.append(Mention(m.start("head") if not mods else m.start("mods"), end, "R", text.strip(), rule="roles.yaml", attrs=attrs))
        return out

    # ------------------------------------------------------------ gazetteer
    def find_gazetteer(self, s: str) -> list[Mention]:
        out = []
        for h in self.gazetteer.find(s):
            ent = self.gazetteer.entities[h.entity]
            kind = "D" if h.demonym else {"Organization": "O", "Country": "C", "Place": "L", "Person": "P"}[ent.type]
            out.append(Mention(h.start, h.end, kind, s[h.start:h.end], h.entity, f"gazetteer:{h.entity}"))
        return out

    # ------------------------------------------------------------------ venues
    def find_venues(self, s: str, found: list, toks: list | None) -> list[Mention]:
        """'at the Velmora Grand Hotel', 'في فندق فلانكند الكبير', 'فندق ملينيوم الشارقة': a venue head word
        (lexicon.yaml#venue_heads_*) with a name before or after it is a place, when a place preposition
        (or, in English, 'the') comes before it or a curated place or country is part of it. A curated place
        or country inside the venue is still named on its own (attrs 'places'); a venue that would cut a
        curated organisation or person, or whose name is only definite common nouns ('قاعة الاجتماعات'),
        is not one."""
        curated = [m for m in found if m.entity and m.type != "D"]
        spans = self._venues_en(s) + (self._venues_ar(s, toks, curated) if toks else [])
        out = []
        for start, end, lang, context in spans:
            inside = [c for c in curated if start <= c.start and c.end <= end and c.type in "LC"]
            if any(start < c.end and c.start < end and c not in inside for c in curated) or not (context or inside):
                continue
            attrs = {"places": list(dict.fromkeys(c.entity for c in inside))}
            out.append(Mention(start, end, "L", s[start:end], rule=f"lexicon.yaml#venue_heads_{lang}", attrs=attrs))
        return out

    def _venues_en(self, s):
        out = []
        for h in self.venue_en.finditer(s):
            start, end = h.start(), h.end()
            while len(s[start:end].split()) < 6:
                w = self.cap_before.search(s, 0, start)
                if not w or w.group(1) in self.stop_en or w.group(1) in self.lx_raw_lead:
                    break
                start = w.start(1)
            for _ in range(3):
                w = self.cap_after.match(s, end)
                if not w or w.group(1) in self.stop_en or self._org_head(w.group(1)):
                    break
                end = w.end(1)
            if (start, end) != h.span():
                out.append((start, end, "en", bool(self.venue_context_en.search(s, 0, start))))
        return out

    def _venues_ar(self, s, toks, curated):
        out, heads, verbs = [], self.venue_heads_ar, self.lx["verbs_ar"]
        for i, (st, en, f, bare, _) in enumerate(toks):
            for head in heads:
                n = len(head)
                if i + n > len(toks) or (f, *(t[2] for t in toks[i + 1:i + n])) != head and \
                        (bare, *(t[2] for t in toks[i + 1:i + n])) != head or any(t[4] for t in toks[i + 1:i + n]):
                    continue
                start = st if f == head[0] else st + len(f) - len(bare)
                context = start > st and s[st] == "ب" or (i > 0 and toks[i - 1][2] in self.lx["town_prepositions_ar"])
                j, end, proper = i + n, toks[i + n - 1][1], False
                while j < len(toks) and j - i - n < 4:
                    tst, ten, tf, tbare, punct = toks[j]
                    place = next((c for c in curated if c.start < ten and tst < c.end), None)
                    if punct or tf in self.lx["stop_words_ar"] or tf in verbs or tf in self.honorific_ar \
                            or tf in self.lx["org_heads_ar"] or tbare in self.lx["org_heads_ar"] or tf.startswith("و") \
                            or (place is not None and (place.type not in "LC" or place.start > tst)) \
                            or self.role_ar.fullmatch(s[tst:ten]):   # "ببيرو": a proclitic opens a phrase of its own
                        break
                    if place is not None:
                        end, proper = max(place.end, ten), True
                        break
                    end, j, proper = ten, j + 1, proper or not tbare.startswith("ال")
                if proper:
                    out.append((start, end, "ar", context))
                break
        return out

    # ---------------------------------------------------- unknown organisations
    def find_orgs_en(self, s: str) -> list[Mention]:
        out = []
        if self.org_heads_at is not None and next(self.org_heads_at.iter(s), None) is None:
            return out   # every name found below contains a head word (kinds in _org_or_event)
        for m in self.org_run.finditer(s):
            for start, text in self._org_pieces(m.start(), m.group(0)):
                mention = self._org_or_event(start, text)
                if mention:
                    out.append(mention)
        return out

    def _org_pieces(self, start, text):
        """Split a capitalised run at 'and the', stop words and possessives, and at 'and' between two
        named bodies ('Ministry of Foreign Affairs of Zambia and Pakistan Atomic Energy Commission')."""
        pieces, offset = [], 0
        for part in self.org_split.split(text):
            if part and not re.fullmatch(r"\s+and\s+the\s+|(?:'s|’s)\s+|\s+", part):
                pieces += self._split_and(start + offset, part)
            offset += len(part)
        return pieces

    def _split_and(self, start, text):
        for m in re.finditer(r"\s+(?:and|&)\s+", text):
            left, right = text[:m.start()], text[m.end():]
            if self._has_head(right) and (self._has_head(left) or not re.search(r"\s(?:of|for)\s", left)):
                return [(start, left), *self._split_and(start + m.end(), right)]
        return [(start, text)]

    def _has_head(self, text):
        return any(self._org_head(w) for w in text.split())

    def _org_head(self, word):
        """An English organisation head word: 'University', 'Universities', and one after a short
        lower-case prefix ('UK eUniversity', 'iUniversity')."""
        heads = self.org_heads_en
        if word in heads or word.rstrip("s") in heads:
            return True
        m = ORG_HEAD_PREFIXED.fullmatch(word)
        return m is not None and (m.group(1) in heads or m.group(1).rstrip("s") in heads)

    def _org_or_event(self, start, text):
        lead = self.org_lead.match(text)
        if lead:
            text, start = text[lead.end():], start + lead.end()
        people = self.plural_title.match(text)
        if people:   # "Secretaries General of the National Commissions": the people, then the body
            text, start = text[people.end():], start + people.end()
        role = self.role_en_at.match(text)
        if role:
            takes_portfolio = self.role_table_en.get(fold(role.group("head")), ("", False, ""))[1]
            role_end = role.end() if takes_portfolio else role.end("head")
            if role_end < len(text):
                cut = re.match(r"\s*(?:(?:of|for|at|to|with)\s+)?(?:the\s+)?", text[role_end:])
                text, start = text[role_end + cut.end():], start + role_end + cut.end()
        inner_role = next((r for r in self.role_en_at.finditer(text) if r.start() > 0 and r.group("head")[0].isupper()), None)
        if inner_role:
            text = text[:inner_role.start()].rstrip()
        text = re.sub(r"(?:\s+(?:of|for|on|in|and|the|&|de|al))+$", "", text)
        words = re.findall(r"[\w&'’.-]+", text)
        kinds = [("O" if self._org_head(w) else "E") for w in words if self._org_head(w) or w in self.meeting_heads]
        if not kinds or len(words) < 2 or not (text[:1].isupper() or text[:1].isdigit()):
            return None
        if kinds[0] == "O" and words[-1] in self.meeting_heads and (
                re.match(r"\d+(?:st|nd|rd|th)\s", text) or not re.search(r"\s(?:of|for|on)\s", text)):
            kinds[0] = "E"   # "10th World Water Forum", "Regional Forum": an event, not a body
        if kinds[0] == "O":
            text = re.sub(r"\s+and\s+[A-Z][\w-]*$", "", text)
        rule = "lexicon.yaml#org_heads_en" if kinds[0] == "O" else "lexicon.yaml#meeting_nouns_en"
        return Mention(start, start + len(text), kinds[0], text, rule=rule)

    def ar_tokens(self, s: str) -> list:
        """Arabic words of s: (start, end, folded, folded without proclitics, punctuation before)."""
        out, prev = [], 0
        folds = self._ar_folds
        for m in AR_WORD_RE.finditer(s):
            word = m.group(0)
            folded = folds.get(word)
            if folded is None:
                if len(folds) >= 100_000:
                    folds.clear()
                folded = folds[word] = ar_fold(word)
            gap = s[prev:m.start()]
            out.append((m.start(), m.end(), *folded, AR_PUNCT.search(gap) is not None))
            prev = m.end()
        return out

    def find_orgs_ar(self, s: str, taken: list, toks: list | None = None) -> list[Mention]:
        out, toks = [], self.ar_tokens(s) if toks is None else toks
        heads, verbs = self.lx["org_heads_ar"], self.lx["verbs_ar"]
        i = 0
        while i < len(toks):
            st, en, f, bare, _ = toks[i]
            if (f in heads or bare in heads or "ال" + bare in heads) and not any(a <= st < b for a, b in taken):
                # a proclitic before the head is not part of the name: "والمجلس التنفيذي" -> "المجلس التنفيذي"
                # ("للمجلس" is rewritten below, its "ال" being inside the "لل")
                start = st if f in heads or not f.endswith(bare) else st + len(f) - len(bare)
                definite = (f if f in heads else bare).startswith("ال")
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                if definite and (nxt is None or nxt[4] or not re.match("^(?:ال|لل|ل)", nxt[2])):
                    i += 1
                    continue
                if nxt is not None and not nxt[4] and nxt[2] in self.lx["staff_nouns_ar"]:
                    i += 1   # "هيئة التدريس": the teaching staff (lexicon.yaml#staff_nouns_ar), not a body
                    continue
                if not definite and nxt is not None and not nxt[4] and nxt[2].startswith("لل"):
                    i += 1   # "جامعة للحصول على": an indefinite head followed by "لل…" is "a university to …", not a name
                    continue
                j, end, at_verb = i + 1, en, False
                while j < len(toks) and j - i <= 6:
                    tst, ten, tf, tbare, punct = toks[j]
                    if not punct and (tf in verbs or (tf.startswith("و") and tf[1:] in verbs)):
                        at_verb = True
                        break
                    if punct or tf in self.lx["stop_words_ar"] or any(a <= tst < b for a, b in taken) or tf in self.honorific_ar \
                            or (j == i + 1 and tf.startswith("و") and not tf.startswith("وال")) \
                            or (tf != tbare and (tbare in heads or "ال" + tbare in heads)) or self.role_ar.fullmatch(s[tst:ten]):
                        break
                    end, j = ten, j + 1
                if at_verb and not definite and j + 1 < len(toks) and not toks[j + 1][4] \
                        and toks[j + 1][2] in self.lx["resumptive_ar"] and not any(t[3].startswith("ال") for t in toks[i + 1:j]):
                    i = j   # "برنامج زيارة يقوم بها": an indefinite noun and its relative clause, not a name
                    continue
                if not definite and self._described_not_named(s, toks[i + 1:j]):
                    i = j   # "لجنة متابعة لرصد …": an indefinite noun and what it is for, not a name
                    continue
                if j > i + 1:
                    text = s[start:end]
                    if f not in heads and f.startswith(("لل", "ولل")) and bare.startswith("ال"):
                        text = "ال" + s[st + f.index("لل") + 2:end]   # للمجلس التنفيذي -> المجلس التنفيذي
                    out.append(Mention(start, end, "O", text, rule="lexicon.yaml#org_heads_ar"))
                i = j
            else:
                i += 1
        return out

    def _described_not_named(self, s, words):
        """'لجنة متابعة لرصد تنفيذ القرارات', 'برنامج منح دراسية لطلاب الدراسات العليا': after an indefinite head,
        indefinite common words (one with the feminine ending ة, none definite, none a given name), then ل and an
        indefinite word (what the thing is for, or for whom): a description, not a name. 'معهد فلانكند لأبحاث
        الكيمياء' (no ة: named after a place or a person) stays a name."""
        for k, (st, en, f, bare, _) in enumerate(words):
            if bare.startswith("ال") or f.startswith("لل") or f in self.given_ar:
                return False
            if k and f.startswith("ل") and len(f) >= 4:
                return any(strip_marks(s[t[0]:t[1]]).endswith("ة") for t in words[:k])
        return False

    # ---------------------------------------------------------------- persons
    def find_persons_en(self, s: str, taken: list, roles: list = ()) -> list[Mention]:
        out = []
        for m in self.name_run.finditer(s):
            for start, end in self._free_pieces(m.start(), m.end(), taken):
                toks = [(t.start(), t.end(), t.group(0)) for t in NON_SPACE.finditer(s, start, end)]
                while toks and (toks[0][2] in self.stop_en or toks[0][2] in self.not_name_en or self.honorific_en.fullmatch(toks[0][2])
                                or toks[0][2].rstrip(".") in ("Dr", "Mr", "Prof", "Ms", "Mrs", "Engr", "HE")):
                    toks = toks[1:]
                while toks and (toks[-1][2] in self.stop_en or toks[-1][2] in self.not_name_en or toks[-1][2].islower()):
                    toks = toks[:-1]
                if not toks:
                    continue
                s0, e0 = toks[0][0], toks[-1][1]
                poss = re.search(r"(?:'s|’s)$", s[s0:e0])
                if poss:
                    e0 -= len(poss.group(0))
                words = s[s0:e0].split()
                if not words or any(w in self.org_heads_en or w in self.not_name_en for w in words) \
                        or all(w.isupper() and len(w) > 1 for w in words):
                    continue
                why = self._person_evidence(s, s0, e0, words) or self._next_to_role(s, s0, e0, words, roles)
                if why:
                    out.append(Mention(s0, e0, "P", s[s0:e0], rule=why,
                                       attrs={"honorific": bool(self.honorific_en.search(s[:s0]))}))
        return out

    def _person_evidence(self, s, start, end, words):
        before, after = s[:start], s[end:]
        if self.honorific_en.search(before):
            return "lexicon.yaml#honorifics_en"
        if len(words) < 2:
            return ""
        if words[0] in self.given_en:
            return "lexicon.yaml#given_names_en"
        if self.speech.match(after):
            return "lexicon.yaml#speech_verbs_en"
        if re.match(r"^\s*,\s*(?:the |an? |who is |as )?", after) and self.role_en.match(re.sub(r"^\s*,\s*(?:the |an? |who is |as )?", "", after)):
            return "roles.yaml#apposition"
        if self.title_before_name.search(before):
            return "roles.yaml#title-before-name"
        return ""

    def _next_to_role(self, s, start, end, words, roles):
        """'Minister of Higher Education, Zambry Abdul Kadir' / 'Zambry Abdul Kadir, the Minister'."""
        if len(words) < 2 or any(w.isupper() and len(w) > 1 for w in words):
            return ""
        for rs, re_ in roles:
            if re.fullmatch(r"\s*,?\s*(?:(?:Dr|Mr|Mrs|Ms|Prof|H\.\s?E)\.?\s+)*", s[re_:start]) or \
                    re.fullmatch(r"\s*,\s*(?:the\s+|an?\s+)?", s[end:rs]):
                return "roles.yaml#next-to-role"
        return ""

    @staticmethod
    def _free_pieces(start, end, taken):
        pieces, cur = [], start
        for s0, e0 in sorted(taken):
            if e0 <= cur or s0 >= end:
                continue
            if s0 > cur:
                pieces.append((cur, s0))
            cur = max(cur, e0)
        if cur < end:
            pieces.append((cur, end))
        return [(a, b) for a, b in pieces if b - a > 2]

    def find_persons_ar(self, s: str, taken: list, toks: list | None = None) -> list[Mention]:
        toks = self.ar_tokens(s) if toks is None else toks
        hon = set(self.honorific_ar)
        starts = {}
        for i, (st, en, f, bare, punct) in enumerate(toks):
            if f in hon:
                continue
            prev = toks[i - 1][2] if i else ""
            two = f"{toks[i - 2][2]} {prev}" if i > 1 else ""
            if i and (prev in hon or two in hon or prev.rstrip(".") in hon) and f not in hon:
                starts.setdefault(i, "lexicon.yaml#honorifics_ar")
            if f in self.given_ar or (i + 1 < len(toks) and f"{f} {toks[i + 1][2]}" in self.given_ar):
                starts.setdefault(i, "lexicon.yaml#given_names_ar")
            elif i and s[st] == "و" and (strip_marks(s[st + 1:en]) in self.given_ar_raw or (
                    i + 1 < len(toks) and f"{strip_marks(s[st + 1:en])} {strip_marks(s[toks[i + 1][0]:toks[i + 1][1]])}" in self.given_ar_raw)):
                starts.setdefault(i, "lexicon.yaml#given_names_ar+wa")   # "… الحاطوي وطارق عادل الزاتيشاي": "and" + a name
            if i and prev in self.lx["person_after_words_ar"] and not f.startswith("ال"):
                # "استقبل فلان", "برئاسة فلان": a person follows (not "برئاسة المؤتمر العام": a definite noun)
                starts.setdefault(i, "roles.yaml#after-verb-ar")
        out, used = [], set()
        for i in sorted(starts):
            if i in used or any(a <= toks[i][0] < b for a, b in taken) or strip_marks(s[toks[i][0]:toks[i][1]]) in self.stop_ar_raw:
                continue
            j = i
            while j < len(toks) and j - i < 5:
                st, en, f, bare, punct = toks[j]
                if j > i and (punct or f in hon or (j - i >= 2 and f.startswith("و") and f not in self.given_ar)):
                    break
                if strip_marks(s[st:en]) in self.stop_ar_raw or self.role_ar.fullmatch(s[st:en]) or any(a <= st < b for a, b in taken) \
                        or bare in self.lx["org_heads_ar"] or f in self.lx["org_heads_ar"] or re.search("[\u064b-\u0652]$", s[st:en]):
                    break
                j += 1
            n = j - i
            why = starts[i]
            if n >= 2 or (n == 1 and why == "lexicon.yaml#honorifics_ar"):
                used.update(range(i, j))
                st, en = toks[i][0], toks[j - 1][1]
                if why.endswith("+wa"):
                    st, why = st + 1, why[:-3]   # the name starts after the conjunction
                out.append(Mention(st, en, "P", s[st:en], rule=why, attrs={"honorific": why.endswith("honorifics_ar")}))
        return out

    # ------------------------------------------------------------ unknown towns
    def find_towns(self, s: str, chosen: list, lang: str) -> list[Mention]:
        """'in Velmoragrad, Peru', 'in Velmoragrad on 3 May', 'بمدينة فلانكند، بيرو': a name the gazetteer does
        not know, after a place preposition and before a curated country or a date, is a town
        (lexicon.yaml#town_prepositions_*, town_date_links_*). A stop word, an organisation head, a portfolio
        word or (Arabic) a word with the article or a pronoun suffix is not a town."""
        out = []
        before_country, before_date = self.town_before[lang]
        for m in chosen:
            if not ((m.type == "C" and m.entity) or m.type == "T"):
                continue
            hit = (before_country if m.type == "C" else before_date).search(s, max(0, m.start - 80), m.start)
            if not hit:
                continue
            st, en = hit.span("town")
            words = [fold(w) for w in hit.group("town").split()]
            if any(st < c.end and c.start < en for c in chosen) or any(
                    w in self.lx[f"stop_words_{lang}"] or w in self.lx[f"org_heads_{lang}"] or w in self.lx[f"portfolio_words_{lang}"]
                    or w in self.lx[f"meeting_nouns_{lang}"] for w in words):
                continue
            out.append(Mention(st, en, "L", s[st:en], rule=f"lexicon.yaml#town_prepositions_{lang}"))
        return out

    def _places_ending_names(self, chosen):
        """'Bahauddin Zakariya University, Multan': a curated town set off by a comma at the end of a curated
        organisation's name is still a place the article names (attrs 'places'; never a party, attendee or
        meeting place). Without the comma the town is part of the name ('Bayero University Kano')."""
        for m in chosen:
            if not (m.entity and m.type == "O"):
                continue
            comma = re.search(r"\S\s*[,،]\s*(?=\S)", m.text)
            if comma and " " in m.text[:comma.start()].strip():
                tail = m.text[comma.end():]
                hit = next(iter(self.gazetteer.find(tail)), None)
                if hit and hit.start == 0 and hit.end == len(tail) and not hit.demonym \
                        and self.gazetteer.entities[hit.entity].type == "Place":
                    m.attrs["places"] = [hit.entity]

    # ------------------------------------------------------------------ all
    def recognise(self, s: str, lang: str, published) -> list[Mention]:
        """All mentions in one sentence, without overlaps (longest, then by type priority)."""
        found = self.find_gazetteer(s)
        found += [Mention(*d.span, "T", s[d.span[0]:d.span[1]], rule="dates", attrs={"date": d}) for d in self.dates.find(s, published)]
        found += self.find_roles(s, lang)
        arabic = lang == "ar" or is_arabic(s)
        toks = self.ar_tokens(s) if arabic else None
        venues = self.find_venues(s, found, toks)
        # a venue is a place, not an organisation or event named like one ("Velmora Convention Centre")
        found += venues + [m for m in self.find_orgs_en(s) if not any(m.start < v.end and v.start < m.end for v in venues)]
        if arabic:
            found += self.find_orgs_ar(s, [(m.start, m.end) for m in found if (m.entity and m.type != "D") or m.type in "RTL"], toks)
        found = cut_roles_at_curated_names(s, cut_at_curated_places(s, found))
        chosen = resolve_overlaps(found, self._org_head)
        self._places_ending_names(chosen)
        chosen = sorted(chosen + self.find_towns(s, chosen, "ar" if arabic else "en"), key=lambda m: m.start)
        taken = [(m.start, m.end) for m in chosen]
        roles = [(m.start, m.end) for m in chosen if m.type == "R"]
        persons = self.find_persons_en(s, taken, roles)
        if arabic:
            persons += self.find_persons_ar(s, taken, toks)
        return join_ministry_country(s, sorted(resolve_overlaps(chosen + persons, self._org_head), key=lambda m: m.start))


def join_ministry_country(s: str, mentions: list) -> list:
    """'وزارة خارجية الأرجنتين': an unknown ministry phrase followed by a country is one name."""
    out = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and m.type == "C" and prev.type == "O" and not prev.entity \
                and re.match(r"(?:ال)?وزار[ةه]|Ministry\b", prev.text) and s[prev.end:m.start].strip() in ("", "في", "of"):
            out[-1] = Mention(prev.start, m.end, "O", s[prev.start:m.end], rule=prev.rule, attrs={"inner": [m.entity]})
            continue
        out.append(m)
    return out


def cut_at_curated_places(s: str, mentions: list) -> list:
    """'Meeting of OIC-15 Dialogue Platform in Almaty': an unknown phrase ends before 'in <curated place>'
    (also when the place runs on past the phrase: 'X Science Foundation in Dar' + 'Dar es Salaam')."""
    places = [m for m in mentions if m.entity and m.type in "LC"]
    for m in mentions:
        if m.entity or m.type not in "OE":
            continue
        for p in places:
            if m.start < p.start < m.end:
                cut = re.search(r"\s+(?:in|at)\s+(?:the\s+)?(?:city\s+of\s+)?$", s[m.start:p.start])
                if cut and m.start + cut.start() > m.start + 3:
                    m.end = m.start + cut.start()
                    m.text = s[m.start:m.end]
                    break
    return mentions


def cut_roles_at_curated_names(s: str, mentions: list) -> list:
    """'المدير العام لأكاديمية العلوم الماليزية': a title's portfolio words end where a curated name
    that runs on past the title begins (the word and its proclitic go to the name)."""
    curated = [m for m in mentions if m.entity and m.type in "OCL"]
    for r in mentions:
        if r.type != "R" or r.attrs.get("ministry"):
            continue
        for c in curated:
            if r.start < c.start < r.end < c.end:
                cut = c.start
                while cut > r.start and not s[cut - 1].isspace():
                    cut -= 1   # back to the start of the word the name begins in
                text = s[r.start:cut].rstrip()
                if text:
                    r.end, r.text = r.start + len(text), text
                    r.attrs["label"] = text
                break
    return mentions


def _country_qualifier(name, inner) -> bool:
    """'UK eUniversity', 'Pakistan Atomic Energy Commission': a country that opens an unknown
    organisation's name qualifies it and is not, by itself, a country the article speaks of (the gold
    lists such a country as optional at most). A ministry's country is kept: it names the ministry."""
    return (name.type == "O" and inner.type == "C" and inner.start == name.start
            and not re.search(r"\bMinistry\b|وزار[ةه]", name.text))


def resolve_overlaps(mentions: list, is_head=None) -> list:
    """Keep non-overlapping mentions: longest first, then the type priority, then the earliest.

    A curated (gazetteer) organisation is not swallowed by an unknown organisation phrase that starts
    where it starts unless a head word (`is_head`: lexicon.yaml#org_heads_en) follows the curated name
    inside the phrase: "OIC University Network" is a body of its own, "Organization of Islamic
    Countries OIC" is the curated name and its acronym.
    """
    curated_ends = {}
    for m in mentions:
        if m.entity and m.type == "O":
            curated_ends[m.start] = max(curated_ends.get(m.start, 0), m.end)
    mentions = [m for m in mentions if m.entity or m.type != "O" or m.start not in curated_ends
                or (is_head is not None and any(
                    is_head(w) for w in WORD_TOKEN.findall(m.text[curated_ends[m.start] - m.start:])))]
    chosen = []
    order = sorted(mentions, key=lambda m: (-(m.end - m.start), not m.entity, TYPE_PRIORITY.get(m.type, 9), m.start))
    for m in order:
        clash = [c for c in chosen if m.start < c.end and c.start < m.end]
        if not clash:
            chosen.append(m)
    inner = [m for m in mentions if m.entity and m not in chosen]
    for m in chosen:   # an event name keeps the curated names inside it as attributes
        if m.type in ("E", "O") and not m.entity:
            found = [i.entity for i in inner if m.start <= i.start and i.end <= m.end and i.type in "OCL"
                     and not _country_qualifier(m, i)]
            m.attrs["inner"] = list(dict.fromkeys(m.attrs.get("inner", []) + found))
    return sorted(chosen, key=lambda m: m.start)
