"""Shapes of words and names, and the small matching tools the recognisers share: capitalised
words, Arabic words with their proclitics, alternations of listed words, and a regex that is only
tried where one of its first words starts.
"""
from __future__ import annotations

import re

import ahocorasick

from graph.prefilter import IGNORECASE_ASCII

IGNORECASE_ASCII_LETTERS = frozenset(chr(c) for c in IGNORECASE_ASCII)


UP = "A-ZÀ-ÖØ-ÞŞÇĞİŠŽČŁÑ"
LO = "a-zß-öø-ÿşçğıšžčāīūłñ"
CAP_WORD = rf"(?:H\.\s?E\.|[{UP}]{{2,}}[0-9]*(?:-[0-9]+)?(?![{LO}])|[{UP}][{LO}]+(?:[{UP}][{LO}]+)*(?:[-'’][{UP}{LO}][{LO}]*)*|[{UP}]\.|[{UP}](?![{LO}])|[{LO}][{UP}][{LO}]+)"
AR_WORD = r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u0640\u064b-\u065f]+"
AR_WORD_RE = re.compile(AR_WORD)
ORG_HEAD_PREFIXED = re.compile(r"[a-z]{1,3}([A-Z][a-z]+)")
AR_PUNCT = re.compile(r"[،,.:؛()«»\"'!?؟\-–]")


MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")


def strip_marks(word: str) -> str:
    """Arabic word without diacritics and tatweel, letters unfolded (على stays apart from علي)."""
    return MARKS.sub("", word)


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


def ascii_free(word: str) -> bool:
    """WORD is ASCII, or none of its non-ASCII letters matches an ASCII one under re.IGNORECASE (its lower or
    upper case is not ASCII, and it is none of the letters re equates with ASCII ones: 'ı', 'ſ', 'K', 'İ')."""
    return all(c.isascii() or not (c in IGNORECASE_ASCII_LETTERS or any(x.isascii() for x in c.lower() + c.upper()))
               for c in word)


class WordAnchored:
    """A case-insensitive regex that can only start where one of a few words starts: its finditer,
    tried only at those words (the same matches as regex.finditer, without trying every position).

    `first_words` are the words a match can begin with. An ASCII word in the text is compared by its
    lower case; a non-ASCII one is always tried (IGNORECASE equates a few non-ASCII letters with
    ASCII ones). A non-ASCII first word ('Attaché') cannot start a match in ASCII text, so ASCII text
    is still scanned for the ASCII first words only; a first word with a letter IGNORECASE equates
    with an ASCII one ('ſ', 'K') turns the shortcut off.
    """

    def __init__(self, regex: re.Pattern, first_words):
        self.regex = regex
        firsts = set()
        for w in first_words:
            m = WORD_TOKEN.match(w)
            if m is None or not ascii_free(m.group(0)):
                firsts = None
                break
            firsts.add(m.group(0).lower())
        self.firsts = firsts
        ascii_firsts = {w for w in firsts if w.isascii()} if firsts else set()
        self.automaton = substring_finder(ascii_firsts) if ascii_firsts else None   # the first words in ASCII text

    def _starts(self, s: str):
        """Offsets, in order, of the words of s a match may start at."""
        if s.isascii() and self.automaton is None:
            return   # every first word is non-ASCII: none starts in ASCII text
        if s.isascii():
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

    def finditer(self, s: str, starts=None):
        """STARTS: the offsets _starts(s) would give, found by a scan already made (graph.article.triggers)."""
        if self.firsts is None:
            yield from self.regex.finditer(s)
            return
        match, pos = self.regex.match, 0
        for start in self._starts(s) if starts is None else starts:
            if start < pos:
                continue
            m = match(s, start)
            if m is not None:
                yield m
                pos = m.end()
