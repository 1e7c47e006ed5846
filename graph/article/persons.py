"""Persons the gazetteer does not know: a capitalised run (English) or a run of Arabic words, with
evidence that it is a person: an honorific, a given name, a speech verb, a title next to it, or (Arabic)
a verb such as 'استقبل' before it (lexicon.yaml#person_after_words_ar)."""
from __future__ import annotations

import re

from graph.article.shapes import CAP_WORD, NON_SPACE, alternation, strip_marks
from graph.model import Mention, MentionType
from graph.normalize import fold

POSSESSIVE_END = re.compile(r"(?:'s|’s)$")
VOWEL_MARK_END = re.compile("[\u064b-\u0652]$")


def abbreviations(words) -> str:
    """An alternation of the abbreviated forms of WORDS (those written with a final '.'), dot left off,
    a space inside optional ('H. E' and 'H.E')."""
    stems = {w[:-1] for w in words if w.endswith(".") and len(w) > 2}
    return "|".join(re.escape(w).replace("\\ ", r"\s?") for w in sorted(stems, key=len, reverse=True))


def fixed_words(words) -> str:
    """An alternation of WORDS each followed by one space."""
    return "|".join(re.escape(w) + " " for w in sorted(set(words), key=len, reverse=True))


class PersonFinder:
    def __init__(self, words, roles):
        lx = words.raw
        self.w, self.roles = words, roles
        self.speech = re.compile(rf"^\s*(?:\([^)]*\)\s*)?,?\s*(?:{alternation(lx['speech_verbs_en'])})\b", re.I)
        particles = alternation(lx["particles_en"])
        self.name_run = re.compile(rf"(?<![\w’'])(?:{CAP_WORD}(?:\s+(?:(?:{particles})\s+)?{CAP_WORD}){{0,9}})(?:'s|’s)?")
        self.title_before_name = re.compile(rf"\b(?:{alternation(lx['titles_before_name_en'])})\s*,?\s*$", re.I)
        self.person_after = re.compile(rf"\b(?:{alternation(lx['person_after_words_en'])})\s*$", re.I)
        self.apposition = re.compile(rf"^\s*,\s*(?:{fixed_words(lx['apposition_links_en'])})?")
        self.abbreviated = abbreviations(lx["honorifics_en"])
        self.role_then_name = re.compile(rf"\s*,?\s*(?:(?:{self.abbreviated})\.?\s+)*")
        articles = alternation(lx["articles_en"])
        self.name_then_role = re.compile(rf"\s*,\s*(?:(?:{articles})\s+)?")
        self.conj_ar = tuple(lx["conjunction_clitics_ar"])
        self.article_ar = lx["definite_article_ar"][0]
        self.name_end_ar = name_end_words_ar(lx, self.article_ar)
        self.ordinals_ar = {fold(x) for x in lx["ordinals_ar"]}

    # ------------------------------------------------------------------ English
    def find_en(self, s: str, taken: list, roles: list = ()) -> list[Mention]:
        w, out = self.w, []
        for m in self.name_run.finditer(s):
            for start, end in free_pieces(m.start(), m.end(), taken):
                toks = [(t.start(), t.end(), t.group(0)) for t in NON_SPACE.finditer(s, start, end)]
                while toks and (toks[0][2] in w.stop_en or toks[0][2] in w.not_name_en or w.honorific_en.fullmatch(toks[0][2])):
                    toks = toks[1:]
                while toks and (toks[-1][2] in w.stop_en or toks[-1][2] in w.not_name_en or toks[-1][2].islower()):
                    toks = toks[:-1]
                if not toks:
                    continue
                s0, e0 = toks[0][0], toks[-1][1]
                poss = POSSESSIVE_END.search(s[s0:e0])
                if poss:
                    e0 -= len(poss.group(0))
                words = s[s0:e0].split()
                if not words or any(x in w.org_heads_en or x in w.not_name_en for x in words) \
                        or all(x.isupper() and len(x) > 1 for x in words):
                    continue
                why = self._evidence(s, s0, e0, words) or self._next_to_role(s, s0, e0, words, roles)
                if why:
                    out.append(Mention(s0, e0, MentionType.PERSON, s[s0:e0], rule=why,
                                       attrs={"honorific": bool(w.honorific_en.search(s[:s0]))}))
        return out

    def _evidence(self, s, start, end, words):
        before, after = s[:start], s[end:]
        if self.w.honorific_en.search(before):
            return "lexicon.yaml#honorifics_en"
        if len(words) < 2:
            return ""
        if words[0] in self.w.given_en:
            return "lexicon.yaml#given_names_en"
        if self.speech.match(after):
            return "lexicon.yaml#speech_verbs_en"
        if self.apposition.match(after) and self.roles.role_en.match(self.apposition.sub("", after, count=1)):
            return "roles.yaml#apposition"
        if self.title_before_name.search(before):
            return "roles.yaml#title-before-name"
        if self.person_after.search(before):
            return "lexicon.yaml#person_after_words_en"   # "received Velmor Tasken", "a delegation led by …"
        return ""

    def _next_to_role(self, s, start, end, words, roles):
        """'Minister of Higher Education, Zambry Abdul Kadir' / 'Zambry Abdul Kadir, the Minister'."""
        if len(words) < 2 or any(w.isupper() and len(w) > 1 for w in words):
            return ""
        for rs, re_ in roles:
            if self.role_then_name.fullmatch(s[re_:start]) or self.name_then_role.fullmatch(s[end:rs]):
                return "roles.yaml#next-to-role"
        return ""

    # ------------------------------------------------------------------ Arabic
    def find_ar(self, s: str, taken: list, toks: list | None = None) -> list[Mention]:
        w = self.w
        toks = w.ar_tokens(s) if toks is None else toks
        hon = set(w.honorific_ar)
        art, conj = self.article_ar, self.conj_ar
        starts = {}
        for i, (st, en, f, bare, punct) in enumerate(toks):
            if f in hon:
                continue
            prev = toks[i - 1][2] if i else ""
            two = f"{toks[i - 2][2]} {prev}" if i > 1 else ""
            if i and (prev in hon or two in hon or prev.rstrip(".") in hon) and f not in hon:
                starts.setdefault(i, "lexicon.yaml#honorifics_ar")
            if f in w.given_ar or (i + 1 < len(toks) and f"{f} {toks[i + 1][2]}" in w.given_ar):
                starts.setdefault(i, "lexicon.yaml#given_names_ar")
            elif i and s[st] in conj and (strip_marks(s[st + 1:en]) in w.given_ar_raw or (
                    i + 1 < len(toks) and f"{strip_marks(s[st + 1:en])} {strip_marks(s[toks[i + 1][0]:toks[i + 1][1]])}" in w.given_ar_raw)):
                starts.setdefault(i, "lexicon.yaml#given_names_ar+wa")   # "… الحاطوي وطارق عادل الزاتيشاي": "and" + a name
            if i and prev in w.lx["person_after_words_ar"] and not f.startswith(art):
                # "استقبل فلان", "برئاسة فلان": a person follows (not "برئاسة المؤتمر العام": a definite noun)
                starts.setdefault(i, "roles.yaml#after-verb-ar")
        out, used = [], set()
        for i in sorted(starts):
            if i in used or any(a <= toks[i][0] < b for a, b in taken) or strip_marks(s[toks[i][0]:toks[i][1]]) in w.stop_ar_raw:
                continue
            j = i
            while j < len(toks) and j - i < 5:
                st, en, f, bare, punct = toks[j]
                if j > i and (punct or f in hon or self._ends_name(toks, j)
                              or (j - i >= 2 and f.startswith(conj) and f not in w.given_ar)):
                    break
                if strip_marks(s[st:en]) in w.stop_ar_raw or self.roles.role_ar.fullmatch(s[st:en]) or any(a <= st < b for a, b in taken) \
                        or bare in w.lx["org_heads_ar"] or f in w.lx["org_heads_ar"] or VOWEL_MARK_END.search(s[st:en]):
                    break
                j += 1
            n = j - i
            why = starts[i]
            if n >= 2 or (n == 1 and why == "lexicon.yaml#honorifics_ar"):
                used.update(range(i, j))
                st, en = toks[i][0], toks[j - 1][1]
                if why.endswith("+wa"):
                    st, why = st + 1, why[:-3]   # the name starts after the conjunction
                out.append(Mention(st, en, MentionType.PERSON, s[st:en], rule=why, attrs={"honorific": why.endswith("honorifics_ar")}))
        return out

    def _ends_name(self, toks, j) -> bool:
        """Token j (not the first of a name) cannot be part of an Arabic personal name: a time word or a
        meeting/agreement noun with the article, an ordinal (unless regnal, after a given name: 'محمد
        السادس'), or a definite noun an ordinal follows ('الأسبوع الثالث'). Given names stay ('عبد الله')."""
        given, f, bare, prev = self.w.given_ar, toks[j][2], toks[j][3], toks[j - 1][2]
        before_prev = f"{toks[j - 2][2]} {prev}" if j > 1 else ""
        if f in given or f"{prev} {f}" in given:
            return False
        if f in self.name_end_ar or bare in self.name_end_ar:
            return True
        if f in self.ordinals_ar or bare in self.ordinals_ar:
            return prev not in given and before_prev not in given
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        return f.startswith(self.article_ar) and nxt is not None and not nxt[4] and nxt[2] in self.ordinals_ar


def name_end_words_ar(lx, article) -> set:
    """Folded words an Arabic person name cannot run on into ('… الدورة', '… الاثنين الماضي'): time
    words, weekdays, months, relative days, year words, and the meeting and agreement nouns written with
    the article (one-word entries; alternatives split on '|'). Ordinals: PersonFinder._ends_name."""
    plain = [*lx["name_end_time_words_ar"], *lx["weekdays_ar"], *lx["months_ar"],
             *lx["year_words_ar"], *lx["current_month_ar"], *(d.split("=")[0] for d in lx["relative_days_ar"])]
    nouns = [n for n in (*lx["meeting_nouns_ar"], *lx["agreement_nouns_ar"]) if n.startswith(article)]
    words = {alt.strip() for entry in (*plain, *nouns) for alt in entry.split("|")}
    return {fold(x) for x in words if x and " " not in x}


def free_pieces(start, end, taken):
    """The parts of [start, end) no taken span covers, longer than two characters."""
    pieces, cur = [], start
    for s0, e0 in sorted(taken):
        if s0 >= end:
            break   # sorted by start: the rest start later still
        if e0 <= cur:
            continue
        if s0 > cur:
            pieces.append((cur, s0))
        cur = max(cur, e0)
    if cur < end:
        pieces.append((cur, end))
    return [(a, b) for a, b in pieces if b - a > 2]
