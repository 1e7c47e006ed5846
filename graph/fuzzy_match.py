"""Compare two spellings of a person or an organisation: transliteration-aware keys and the rules of
resolution.yaml. A comparison gives a Match (rule, blocking key, score) or None; nothing here decides
which actors merge (graph/merge_actors.py does, across a whole build).

Persons: rapidfuzz for the ratio of two words, jellyfish (Jaro-Winkler) for the score of two names.
Organisations: the `fingerprints` package (OpenSanctions) for the key, rapidfuzz for a one-letter typo.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

import fingerprints
import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from graph.normalize import fold, name_key

# normality 2 (what fingerprints 1.2 uses; pinned in pyproject.toml so that no ICU build is needed) suggests
# PyICU for non-Latin scripts; only Latin names reach fingerprints here (see org_fingerprint).
warnings.filterwarnings("ignore", message="Install 'pyicu'")

ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass(frozen=True)
class Match:
    rule: str          # resolution.yaml#<rule>
    key: str           # the blocking key both names share
    score: float       # similarity of the two keys, 0..1 (rounded to 3 places)


@dataclass(frozen=True)
class PersonName:
    text: str
    words: tuple       # transliteration keys, particles left out
    joined: str = ""   # every word's key (particles kept) run together: "Abu-Bakr" and "Abubakr" are one

    @property
    def first(self) -> str:
        return self.words[0]

    @property
    def last(self) -> str:
        return self.words[-1]


def person_name(text: str, rules) -> PersonName:
    return PersonName(text, *_person_words(text, rules))


@lru_cache(maxsize=1 << 16)
def _person_words(text: str, rules) -> tuple:
    """(the transliteration keys of the name's words, particles left out; all the keys run together)."""
    key = name_key(text)
    for f in rules.name_folds:
        key = f.apply(key)
    raw = key.split()
    while len(raw) > rules.min_words and raw[-1] in rules.trailing_words:
        raw.pop()
    words, every = [], []
    for w in raw:
        particle = w in rules.particles
        if not ARABIC.search(w):
            for f in rules.word_folds:
                w = f.apply(w)
        if w:
            every.append(w)
            if not particle:
                words.append(w)
    return tuple(words), "".join(every)


def ran_on(text: str, rules) -> bool:
    """Whether a person name ends in words that never end a name (it ran on into a time phrase ...)."""
    words = name_key(text).split()
    return len(words) > rules.min_words and words[-1] in rules.trailing_words


def strip_article(word: str, rules) -> str:
    for p in rules.article_prefixes:
        if word.startswith(p) and len(word) - len(p) >= 3:
            return word[len(p):]
    return word


def skeleton(word: str, rules) -> str:
    """The consonants of a word's key (its article prefix dropped): the blocking key of persons."""
    return "".join(c for c in strip_article(word, rules) if c not in rules.vowels)


def distinct_ending(a: str, b: str, endings) -> bool:
    """One word is the other plus an ending that makes it another name (Karim / Karima / Karimi)."""
    short, long_ = sorted((a, b), key=len)
    return any(long_ == short + e for e in endings)


def word_match(a: str, b: str, rules) -> str:
    """'' when two word keys are one name, 'fuzzy' when they are close spellings, None when they differ."""
    if a == b:
        return ""
    sa, sb = strip_article(a, rules), strip_article(b, rules)
    if distinct_ending(sa, sb, rules.distinct_endings):
        return None
    if sa == sb:
        return ""
    if (ARABIC.search(sa + sb) or min(len(sa), len(sb)) < rules.fuzzy_word_min_letters
            or skeleton(sa, rules) != skeleton(sb, rules)):
        return None
    return "fuzzy" if fuzz.ratio(sa, sb) / 100 >= rules.fuzzy_word_similarity else None


def compare_persons(a: PersonName, b: PersonName, rules) -> Match | None:
    """Whether two person names are one person, by the rules of resolution.yaml (persons)."""
    if min(len(a.words), len(b.words)) < rules.min_words:
        return None
    key = f"{skeleton(a.first, rules)}|{skeleton(a.last, rules)}"
    score = round(jellyfish.jaro_winkler_similarity(" ".join(a.words), " ".join(b.words)), 3)
    if a.joined == b.joined and a.words != b.words and len(a.joined) >= rules.joined_min_letters:
        return Match("resolution.yaml#person-joined-words", a.joined, score)
    if len(a.words) == len(b.words):
        n = len(a.words)
        kinds = [(middle_match if 0 < i < n - 1 else word_match)(x, y, rules) for i, (x, y) in enumerate(zip(a.words, b.words))]
        if None in kinds:
            return None
        fuzzy = kinds.count("fuzzy")
        if "initial" in kinds and fuzzy == 0:
            return Match("resolution.yaml#person-initials", key, score)
        if fuzzy == 0:
            return Match("resolution.yaml#person-transliteration", key, score)
        if fuzzy <= rules.max_fuzzy_words and score >= rules.name_similarity:
            return Match("resolution.yaml#person-transliteration", key, score)
        return None
    short, long_ = sorted((a, b), key=lambda n: len(n.words))
    if word_match(short.first, long_.first, rules) is None or word_match(short.last, long_.last, rules) is None:
        return None
    if _subsequence(short.words[1:-1], long_.words[1:-1], rules):
        return Match("resolution.yaml#person-fewer-names", key, score)
    return None


def _subsequence(short, long_, rules) -> bool:
    i = 0
    for w in long_:
        if i < len(short) and middle_match(short[i], w, rules) is not None:
            i += 1
    return i == len(short)


def middle_match(a: str, b: str, rules) -> str:
    """word_match, and for a middle name also 'initial' when one is the other's initial (Salim M. Haddad /
    Salim Mohammed Haddad); a given name or a surname is never an initial."""
    one, other = sorted((a, b), key=len)
    if len(one) == 1 and len(other) > 1 and not ARABIC.search(a + b):
        return "initial" if other.startswith(one) else None
    return word_match(a, b, rules)


def person_blocks(name: PersonName, rules) -> tuple:
    if len(name.words) < rules.min_words:
        return ()
    return (f"P|{skeleton(name.first, rules)}|{skeleton(name.last, rules)}", f"PJ|{name.joined}")


# ------------------------------------------------------------------ organisations

@lru_cache(maxsize=1 << 16)
def org_words(text: str, rules) -> tuple:
    """The comparable words of an organisation name: folded, spellings and phrases made one, noise words dropped."""
    t = " ".join(re.sub(r"[^\w&\s]", " ", fold(text)).split())
    for regex, to in rules.phrases:
        t = regex.sub(to, t)
    words = [_fold_word(rules.word_map.get(w, w), rules) for w in t.split()]
    return tuple(w for w in words if w not in rules.ignore_words)


def _fold_word(word: str, rules) -> str:
    if len(word) >= rules.fold_min_letters and not ARABIC.search(word):
        for f in rules.word_folds:
            word = f.apply(word)
    return word


@lru_cache(maxsize=1 << 16)
def org_fingerprint(words: tuple) -> str:
    """The fingerprints package's key of the words (word order, case, punctuation, legal forms folded).
    Words left outside ASCII by folding (Arabic script, rare letters) are kept as they are, sorted:
    fingerprints would transliterate them (slowly, and Arabic into a lossy Latin)."""
    joined = " ".join(words)
    if not joined.isascii():
        return " ".join(sorted(set(words)))
    return fingerprints.generate(joined) or joined


def org_blocks(text: str, rules) -> tuple:
    """Blocking keys: the fingerprint, and the fingerprint with each one word left out (for a typo)."""
    words = org_words(text, rules)
    if not words:
        return ()
    fp = org_fingerprint(words)
    keys = [f"O|{fp}", f"OJ|{''.join(words)}"]
    if len(words) >= rules.typo_min_words:
        toks = sorted(set(words))
        keys += [f"O~|{' '.join(toks[:i] + toks[i + 1:])}" for i in range(len(toks))]
    return tuple(keys)


def compare_orgs(a: str, b: str, rules, guarded: frozenset = frozenset()) -> Match | None:
    """Whether two organisation names are one organisation, by the rules of resolution.yaml (organizations).
    GUARDED: folded words (countries, places, demonyms) that a typo must never change."""
    wa, wb = org_words(a, rules), org_words(b, rules)
    if not wa or not wb or all(w in rules.generic_words for w in wa) or all(w in rules.generic_words for w in wb):
        return None
    fa, fb = org_fingerprint(wa), org_fingerprint(wb)
    score = round(fuzz.ratio(" ".join(wa), " ".join(wb)) / 100, 3)
    if fa == fb:
        return Match("resolution.yaml#org-fingerprint", fa, score)
    if "".join(wa) == "".join(wb):     # a word written joined, hyphenated or apart ("Nano-technology")
        return Match("resolution.yaml#org-joined-words", "".join(wa), score)
    if len(wa) != len(wb) or len(wa) < rules.typo_min_words:
        return None
    ta, tb = sorted(set(wa)), sorted(set(wb))
    only_a, only_b = set(ta) - set(tb), set(tb) - set(ta)
    if len(only_a) != 1 or len(only_b) != 1:
        return None
    x, y = only_a.pop(), only_b.pop()
    if (min(len(x), len(y)) < rules.typo_min_letters or x in guarded or y in guarded
            or distinct_ending(x, y, rules.distinct_endings) or DamerauLevenshtein.distance(x, y) != 1):
        return None
    return Match("resolution.yaml#org-one-typo", " ".join(sorted(set(ta) & set(tb))), score)


def is_acronym(word: str) -> bool:
    """One word of at least two capitals, mostly capitals: OIC, ICESCO, IsDB."""
    caps = sum(c.isupper() for c in word)
    return " " not in word and word.isalpha() and caps >= 2 and 2 * caps >= len(word)


def parent_prefixed(name: str, acronyms: dict) -> tuple | None:
    """(parent key, bare name) when NAME starts with a known parent's acronym ("OIC Standing Committee",
    "OIC-Standing Committee")."""
    m = re.match(r"(\w+)(?:\s+|\s*-\s*)(\S.*)$", name.strip())
    if m and is_acronym(m.group(1)) and m.group(1) in acronyms and len(m.group(2).split()) >= 2:
        return acronyms[m.group(1)], m.group(2)
    return None
