"""Coreference within an article: full names first, so a partial name ('Barzegar', 'السفير طارق') is the
person named in full; a surname standing alone after the full name is that person; a lone word no
honorific, title or fact supports is dropped."""
from __future__ import annotations

import re

from graph.article.persons import abbreviations
from graph.article.shapes import substring_finder
from graph.model import EntityType as ET, Mention, MentionType as M, curated_key, fact_keys, is_local, key_name, local_key
from graph.normalize import name_key


def full_names_first(st, all_mentions):
    """Register multi-word and curated person names first so partial names resolve to them."""
    for mentions in all_mentions:
        for m in mentions:
            if m.type == M.PERSON and m.entity:
                st.add(curated_key(m.entity), ET.PERSON, m.text, m.entity, m.rule)
            elif m.type == M.PERSON and len(name_key(m.text).split()) >= 2:
                st.add(local_key(M.PERSON, name_key(m.text)), ET.PERSON, m.text, "", m.rule)


def surname_index(st):
    """Surnames of the persons named in full so far -> their keys, and the surnames by their first word."""
    names = {}
    honorifics = re.compile(rf"^(?:(?:{abbreviations(st.ctx.lx['honorifics_en'])})\.?\s+)+")
    for key, ent in st.entities.items():
        if ent.type == ET.PERSON:
            for n in ent.names:
                words = honorifics.sub("", n).split()
                if len(words) >= 2 and len(words[-1]) >= 4 and words[-1][:1].isupper():
                    names.setdefault(words[-1].rstrip(".,"), set()).add(key)
    return names, SurnameFinder(sorted(names, key=len, reverse=True))


def surnames(sentence, mentions, names, finder):
    """'Osmanova' alone, after 'Dr. Farida Osmanova' earlier in the article, is that person."""
    if not names:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    added = []
    for start, end, name in finder.finditer(sentence):
        keys = names[name]
        if len(keys) == 1 and not any(a < end and start < b for a, b in taken):
            added.append(Mention(start, end, M.PERSON, name, rule="coreference:surname",
                                 attrs={"surname_of": next(iter(keys))}))
    return sorted(mentions + added, key=lambda x: x.start) if added else mentions


def drop_unsupported_persons(st):
    """A lone word that no honorific, role or fact supports is not kept as a person."""
    used = {k for f in st.facts for k in fact_keys(f)}
    for key in list(st.mentioned):
        ent = st.entities[key]
        if ent.type == ET.PERSON and is_local(key, M.PERSON) and len(key_name(key).split()) < 2 and key not in used \
                and "honorific" not in ent.rule:
            st.mentioned.remove(key)
            st.candidates.append((ent.names[0], "Person", "single word, no honorific or fact"))


WORD_TOKEN = re.compile(r"\w+")
WORD_OR_HYPHEN = re.compile(r"[\w-]")


def _is_word(ch: str) -> bool:
    r"""ch matches \w (str.isalnum() is the regex engine's test for letters and digits)."""
    return ch.isalnum() or ch == "_"


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
        self.firsts = substring_finder(set(self.by_first)) if self.by_first else None   # one scan finds the first words

    def finditer(self, sentence: str):
        """(start, end, name) of each match."""
        if self.regex is not None:
            for m in self.regex.finditer(sentence):
                yield m.start(), m.end(), m.group(1)
            return
        by_first, pos, n = self.by_first, 0, len(sentence)
        if self.firsts is None:
            return
        for last, first in self.firsts.iter(sentence):   # a first word standing as a whole word (\w+) of the sentence
            start = last + 1 - len(first)
            if start < pos or (start and (sentence[start - 1] in "’'-" or _is_word(sentence[start - 1]))) \
                    or last + 1 < n and _is_word(sentence[last + 1]):
                continue
            for name in by_first[first]:
                end = start + len(name)
                if sentence.startswith(name, start) and not WORD_OR_HYPHEN.match(sentence, end):
                    yield start, end, name
                    pos = end
                    break
