"""Find gazetteer names in text: one Aho-Corasick scan over the folded text.

Aliases written in capitals (OIC, UN) must match case-sensitively; Arabic
aliases may carry the clitics و ب ل ف ك (and لل for ال) in front of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from graph.normalize import FoldedText, fold

ARABIC_RANGE = ("\u0600", "\u06ff")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entity: str        # gazetteer id
    alias: str         # the alias as curated
    demonym: bool = False


ARABIC_CHAR = re.compile("[\u0600-\u06ff]")


def is_arabic(s: str) -> bool:
    return ARABIC_CHAR.search(s) is not None


def alias_forms(alias: str, article: str = "", lam_article: str = "") -> list[str]:
    """Folded forms of an alias to look for: one with the Arabic article (ال…, lexicon.yaml#definite_article_ar)
    also with the preposition glued to it (لل…, #lam_article_ar)."""
    key = fold(alias)
    forms = [key]
    if article and is_arabic(key) and key.startswith(article) and len(key) > 3:
        forms.append(lam_article + key[len(article):])
    return forms


class Gazetteer:
    """An automaton over every alias of every entity."""

    def __init__(self, entities, lexicon: dict | None = None):
        """LEXICON gives the Arabic proclitics a name may carry (#proclitics_ar) and the article's forms;
        without it names are matched as written only."""
        lx = lexicon or {}
        self.clitics = set(lx.get("proclitics_ar", [])) | set(lx.get("lam_clitic_ar", []))
        article, lam_article = (lx.get("definite_article_ar") or [""])[0], (lx.get("lam_article_ar") or [""])[0]
        self.entities = {e.id: e for e in entities}
        self.automaton = ahocorasick.Automaton()
        table: dict = {}
        for e in entities:
            names = [(a, False) for a in [*e.names.values(), *e.aliases]] + [(d, True) for d in e.demonyms]
            for alias, demonym in names:
                for form in alias_forms(alias, article, lam_article):
                    table.setdefault(form, []).append((e.id, alias, demonym, alias.isupper() and not is_arabic(alias)))
        for form, owners in table.items():
            self.automaton.add_word(form, (len(form), owners))
        if table:
            self.automaton.make_automaton()
        self.empty = not table
        # ASCII text folds to ASCII: only the ASCII forms can be found in it, by a smaller automaton (a faster scan)
        ascii_forms = {form: owners for form, owners in table.items() if form.isascii()}
        self.ascii_automaton = ahocorasick.Automaton() if ascii_forms else None
        for form, owners in ascii_forms.items():
            self.ascii_automaton.add_word(form, (len(form), owners))
        if ascii_forms:
            self.ascii_automaton.make_automaton()

    def find(self, text: str) -> list[Hit]:
        """Every whole-word alias occurrence, longest first where they overlap."""
        if self.empty:
            return []
        ft = FoldedText(text)
        folded = ft.text
        hits = []
        n = len(folded)
        automaton = self.automaton
        if folded.isascii():
            if self.ascii_automaton is None:
                return []
            automaton = self.ascii_automaton
        for end_index, (length, owners) in automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if end < n and folded[end].isalnum():   # _boundary's first test, inline: most hits end inside a word
                continue
            if not self._boundary(folded, start, end):
                continue
            s, e = ft.span(start, end)
            for ent_id, alias, demonym, case_sensitive in owners:
                if case_sensitive and text[s:e] != alias:
                    continue
                hits.append(Hit(s, e, ent_id, alias, demonym))
                break
        return longest_first(hits) if len(hits) > 1 else hits

    def whole(self, text: str) -> Hit | None:
        """find(text)[0] when that hit spans all of TEXT, else None: one look-up of the folded text, no scan.
        (A hit spanning the whole text is the longest and the first; no other hit maps to the whole text.)"""
        if self.empty:
            return None
        ft = FoldedText(text)
        found = self.automaton.get(ft.text, None) if ft.text else None
        if found is None:
            return None
        s, e = ft.span(0, len(ft.text))
        if s != 0 or e != len(text):
            return None
        for ent_id, alias, demonym, case_sensitive in found[1]:
            if not case_sensitive or text[s:e] == alias:
                return Hit(s, e, ent_id, alias, demonym)
        return None

    def _boundary(self, folded: str, start: int, end: int) -> bool:
        if end < len(folded) and folded[end].isalnum():
            return False
        if start == 0 or not folded[start - 1].isalnum():
            return True
        if not is_arabic(folded[start]):
            return False
        # Arabic proclitics (lexicon.yaml#proclitics_ar): up to two glued to the name
        i = start - 1
        while i >= 0 and start - i <= 2 and folded[i] in self.clitics:
            i -= 1
        return i < 0 or not folded[i].isalnum()


def longest_first(hits: list) -> list:
    """Non-overlapping hits: the longest span wins, then the earliest (spaCy's rule)."""
    chosen, taken = [], []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(h.end <= s or h.start >= e for s, e in taken):
            chosen.append(h)
            taken.append((h.start, h.end))
    return sorted(chosen, key=lambda h: h.start)
