"""One word scan per sentence, shared by the recognisers that each scanned the sentence for their own words:
titles (the title-word gate and the words a title can start with, roles.yaml), dates (the words the date
patterns need, graph.prefilter), unknown organisations (lexicon.yaml#org_heads_en and meeting heads) and venues
(#venue_heads_en). One Aho-Corasick automaton (pyahocorasick, as the gazetteer) holds all of these words, lower
case; each recogniser reads the hits it needs instead of scanning again.

The scan is for ASCII sentences, where lower case is IGNORECASE's and casefold's comparison and a word boundary
is an ASCII test; any other sentence gets None and each recogniser scans as before. The words come from the rule
files through the recognisers built from them: nothing here is a word of any language.

Every answer is a superset test or exactly the old one: a title starts only at a whole word the old scan found; a
date pattern runs only when the date prefilter's words are found (the same ids); an organisation or venue head
written in any case is in the lower-cased sentence whenever it is in the sentence as written.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import ahocorasick

TITLE_WORD, TITLE_START, DATE_WORD, ORG_HEAD, VENUE_HEAD = range(5)


@dataclass
class Triggers:
    """What one ASCII sentence holds of the recognisers' words."""
    title_word: bool = False                          # a whole word of a title form (roles.yaml)
    title_starts: list = field(default_factory=list)  # offsets of whole words a title can start with, in order
    date_words: set = field(default_factory=set)      # ids of the date prefilter's words found (graph.dates)
    org_head: bool = False                            # an organisation or meeting head, in any case
    venue_head: bool = False                          # a venue head, in any case


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class TriggerScan:
    def __init__(self, roles, dates, words, venue_heads_en):
        table: dict = {}

        def add(word, kind, value=None):
            table.setdefault(word, []).append((kind, value))
        for w in roles.role_words:
            if w.isascii():
                add(w, TITLE_WORD)
        firsts = roles.role_en_at.firsts
        self.titles = firsts is not None   # else the title regex is tried everywhere (graph.article.shapes.WordAnchored)
        for w in firsts or ():
            if w.isascii():
                add(w, TITLE_START)
        self.dates = dates.prefilter.automaton is not None
        if self.dates:
            for w, i in dates.prefilter.automaton.items():
                add(w, DATE_WORD, i)
        heads = words.org_heads_en | words.meeting_heads
        self.org_heads = words.org_heads_at is not None and all(h.isascii() for h in heads)
        for h in heads if self.org_heads else ():
            add(h.lower(), ORG_HEAD)
        self.venues = bool(venue_heads_en) and all(h.isascii() for h in venue_heads_en)
        for h in venue_heads_en if self.venues else ():
            add(h.lower(), VENUE_HEAD)
        self.automaton = None
        if table and "" not in table:
            self.automaton = ahocorasick.Automaton()
            for w, kinds in table.items():
                self.automaton.add_word(w, summary(len(w), kinds))
            self.automaton.make_automaton()

    def scan(self, s: str) -> Triggers | None:
        """The recognisers' words in S (None: S is not ASCII, or the words cannot be scanned for: scan as before)."""
        if self.automaton is None or not s.isascii():
            return None
        low = s.lower()   # ASCII: the same offsets
        n = len(low)
        found = Triggers()
        starts = found.title_starts
        for end, (length, date_ids, org_head, venue_head, title_word, title_start) in self.automaton.iter(low):
            if date_ids:
                found.date_words.update(date_ids)
            if org_head:
                found.org_head = True
            if venue_head:
                found.venue_head = True
            if not (title_word or title_start):
                continue
            start = end - length + 1
            if (start == 0 or not _is_word_char(low[start - 1])) and (end + 1 == n or not _is_word_char(low[end + 1])):
                if title_word:
                    found.title_word = True
                if title_start and (not starts or starts[-1] != start):
                    starts.append(start)
        return found


def summary(length: int, kinds: list) -> tuple:
    """What a hit of one word tells: (length, its date ids, organisation head, venue head, title word, title start)."""
    got = {kind for kind, _ in kinds}
    return (length, tuple(value for kind, value in kinds if kind == DATE_WORD), ORG_HEAD in got, VENUE_HEAD in got,
            TITLE_WORD in got, TITLE_START in got)
