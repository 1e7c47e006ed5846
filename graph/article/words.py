"""The lexicon compiled once per rule set: the word lists every recogniser shares (given names,
honorifics, stop words, organisation heads …), folded for look-up, and Arabic words tokenised."""
from __future__ import annotations

import re

from graph.article.shapes import AR_PUNCT, AR_WORD_RE, ORG_HEAD_PREFIXED, alternation, strip_marks, \
    substring_finder
from graph.normalize import fold


class Words:
    """Word lists of lexicon.yaml, read by name (graph.lexicon.LEXICON_LISTS says which must exist)."""

    def __init__(self, lx: dict):
        self.raw = lx
        self.lx = {k: {fold(w) for w in v} for k, v in lx.items()}
        self._ar_folds: dict = {}   # Arabic word -> ar_fold(word), filled as words are seen
        self._org_head: dict = {}   # word -> org_head(word), filled as words are seen
        # words of these lists end a name announced by a title in Arabic (graph/article/titled_names.py)
        self.title_name_enders_ar = {word for key in ("meeting_nouns_ar", "agreement_nouns_ar", "portfolio_words_ar")
                                     for phrase in self.lx[key] for word in phrase.split()}
        self.given_en = set(lx["given_names_en"])
        self.given_ar = {fold(w) for w in lx["given_names_ar"]}
        self.given_ar_raw = {strip_marks(w) for w in lx["given_names_ar"]}   # as written: "على" (on) is not "علي"
        self.org_heads_en = set(lx["org_heads_en"])
        self.meeting_heads = {w.title() for w in lx["meeting_nouns_en"] if " " not in w} - set(lx["meeting_nouns_not_heads_en"])
        self.org_heads_at = substring_finder(self.org_heads_en | self.meeting_heads)
        self.stop_en = set(lx["stop_words_en"])
        self.not_name_en = set(lx["not_name_words_en"])
        self.stop_ar_raw = {strip_marks(w) for w in lx["stop_words_ar"]}
        hon = alternation(lx["honorifics_en"])
        self.honorific_en = re.compile(rf"(?:(?<=\s)|^|(?<=[(,]))(?:{hon})(?:\s+(?:{hon}))*\s*$")
        self.honorific_ar = [fold(h) for h in sorted(lx["honorifics_ar"], key=len, reverse=True)]
        self.lead_en = set(lx["org_lead_words_en"])
        # Arabic clitics and the article: و (and), ال (the), ل (to/for), لل (ل + ال), the feminine ending ة
        self.art, self.conj = lx["definite_article_ar"][0], lx["conjunction_clitics_ar"][0]
        self.lam, self.lam_art = lx["lam_clitic_ar"][0], lx["lam_article_ar"][0]
        self.feminine = tuple(lx["feminine_endings_ar"])
        proclitics = alternation(lx["proclitics_ar"])
        self.fold_lam_article = re.compile(rf"^(?:{proclitics})?(?:{self.lam_art}(?=[\u0621-\u064a]{{2}}))")
        self.fold_proclitic = re.compile(rf"^(?:{alternation([*lx['proclitics_ar'], self.lam])})(?={self.art}|[\u0621-\u064a]{{3}})")
        # a definite head names a body only before a definite word ("المنظمة العربية", "المجلس الأعلى للجامعات"),
        # not before ل and an indefinite word ("المنظمة لتستعرض …", "المنظمة لبناء …": what it does, or for what)
        self.definite_next = re.compile(f"^(?:{alternation([self.art, self.lam_art])})")
        # the overlap policy's words (graph.article.overlaps)
        ministry_ar = alternation({v for w in lx["ministry_words_ar"] for v in (w, fold(w))})
        ministry_en = alternation(lx["ministry_words_en"])
        art = alternation(lx["definite_article_ar"])
        self.ministry_start = re.compile(rf"(?:{art})?(?:{ministry_ar})|(?:{ministry_en})\b")
        self.ministry_any = re.compile(rf"\b(?:{ministry_en})\b|{ministry_ar}")
        self.ministry_join_links = {"", *lx["ministry_join_links"]}
        self.place_cut = re.compile(rf"\s+(?:{alternation(lx['town_prepositions_en'])})\s+(?:the\s+)?"
                                    rf"(?:(?:{alternation(lx['city_words_en'])})\s+of\s+)?$")
        self.located_head = re.compile(rf"\b(?:{alternation(lx['located_heads_en'])})(?:\s+of\s+\S+(?:\s+\S+)?)?$")

    def org_head(self, word) -> bool:
        """An English organisation head word: 'University', 'Universities', and one after a short
        lower-case prefix ('UK eUniversity', 'iUniversity'). Kept per word (words recur in every text)."""
        known = self._org_head.get(word)
        if known is None:
            if len(self._org_head) >= 100_000:
                self._org_head.clear()
            known = self._org_head[word] = self._is_org_head(word)
        return known

    def _is_org_head(self, word) -> bool:
        heads = self.org_heads_en
        if word in heads or word.rstrip("s") in heads:
            return True
        m = ORG_HEAD_PREFIXED.fullmatch(word)
        return m is not None and (m.group(1) in heads or m.group(1).rstrip("s") in heads)

    def has_head(self, text) -> bool:
        return any(self.org_head(w) for w in text.split())

    def ar_fold(self, word: str) -> tuple:
        """An Arabic word folded, and folded without its proclitics (للمجلس -> المجلس, وبالتعاون -> التعاون)."""
        f = fold(word)
        bare = self.fold_lam_article.sub(self.art, f, count=1)
        bare = self.fold_proclitic.sub("", bare, count=1) if bare == f else bare
        return f, bare

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
                folded = folds[word] = self.ar_fold(word)
            gap = s[prev:m.start()]
            out.append((m.start(), m.end(), *folded, AR_PUNCT.search(gap) is not None))
            prev = m.end()
        return out
