"""Text folding for matching: Arabic letter variants, diacritics, tatweel, case, hyphens, apostrophes.

`fold` gives the comparison key of a name. `FoldedText` folds a whole text while
remembering where every folded character came from, so that a match in the
folded text maps back to the original span.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

AR_VARIANTS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ک": "ك", "ی": "ي"}
LATIN_BASE = {chr(c): unicodedata.normalize("NFD", chr(c))[0] for c in range(0xC0, 0x250)
              if len(unicodedata.normalize("NFD", chr(c))) > 1}
# one-to-one replacements: Arabic variants, dashes to spaces, typographic quotes, whitespace
ONE_TO_ONE = str.maketrans({**LATIN_BASE, **AR_VARIANTS, **{c: " " for c in "-‐‑‒–—―_/\n\r\t\u00a0'’`´"}, "İ": "i"})
# the mapped characters, when no replacement is itself mapped (so replacing them one by one equals translate)
_MAPPED = {chr(k): v for k, v in ONE_TO_ONE.items()}
MAPPED_CHAR = re.compile("[" + "".join(map(re.escape, sorted(_MAPPED))) + "]") \
    if all(isinstance(v, str) and v not in _MAPPED for v in _MAPPED.values()) else None


def one_to_one(text: str) -> str:
    """text.translate(ONE_TO_ONE): by str.replace of the few mapped characters TEXT holds, which is several
    times faster on Arabic text than translate's look-up of every character."""
    if MAPPED_CHAR is None:
        return text.translate(ONE_TO_ONE)
    for ch in set(MAPPED_CHAR.findall(text)):
        text = text.replace(ch, ONE_TO_ONE[ord(ch)])
    return text


# characters removed before matching: diacritics, tatweel, apostrophes, format controls
DELETABLE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640,،\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
SPACES = re.compile(r"\s+")
# the same folding for ASCII text (ASCII letters map to ASCII), done on bytes
_ASCII_PAIRS = {chr(k): (v if isinstance(v, str) else chr(v)) for k, v in ONE_TO_ONE.items() if k < 128}
ASCII_ONE_TO_ONE = bytes.maketrans("".join(_ASCII_PAIRS).encode("ascii"), "".join(_ASCII_PAIRS.values()).encode("ascii")) \
    if all(len(v) == 1 and v.isascii() for v in _ASCII_PAIRS.values()) else None
ASCII_DELETABLE = [chr(c) for c in range(128) if DELETABLE.match(chr(c))]
ASCII_DELETABLE_RE = re.compile("[" + "".join(map(re.escape, ASCII_DELETABLE)) + "]") if ASCII_DELETABLE else re.compile("(?!)")
AL_PREFIX = re.compile(r"\bal\s+(?=\w)")


@lru_cache(maxsize=None)
def identity_words(key: str) -> frozenset:
    """A word list of the packaged lexicon.yaml, read once. Identity keys (and so IRIs) use the packaged lists
    whatever --rules says, so one name keeps one IRI across rule folders."""
    from importlib import resources

    import yaml
    data = yaml.safe_load((resources.files("graph.rules") / "lexicon.yaml").read_text(encoding="utf-8"))
    return frozenset(data[key])


def _name_key_drops() -> frozenset:
    return identity_words("name_key_drop_words")


@lru_cache(maxsize=1 << 16)   # names and words recur across sentences and articles
def fold(text: str) -> str:
    """Fold for matching: NFKC, lower case, Arabic variants, no diacritics, hyphens as spaces."""
    if text.isascii() and ASCII_ONE_TO_ONE is not None:   # NFKC leaves ASCII as it is
        t = text.encode("ascii").translate(ASCII_ONE_TO_ONE).decode("ascii")
        if ASCII_DELETABLE_RE.search(t):
            t = DELETABLE.sub("", t)
        t = t.lower()
    else:
        t = one_to_one(unicodedata.normalize("NFKC", text))
        t = DELETABLE.sub("", t).lower()
    return SPACES.sub(" ", t).strip()


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """Identity key of a name: folded, punctuation and honorifics (lexicon.yaml#name_key_drop_words) dropped,
    'Al-X' joined to 'alx'."""
    t = re.sub(r"\bal\s+(?=\w)", "al", fold(text))
    t = re.sub(r"[^\w\s]", " ", t)
    drop = _name_key_drops()
    words = [w for w in t.split() if w not in drop]
    return " ".join(words)


@lru_cache(maxsize=None)
def label_honorifics() -> re.Pattern:
    """Honorifics taken off the front of a person's label (lexicon.yaml#label_honorifics_en)."""
    words = sorted(identity_words("label_honorifics_en"), key=lambda w: (-len(w), w))
    alt = "|".join(re.escape(w).replace("\\ ", " ?") for w in words)
    return re.compile(rf"^(?:(?:{alt})\.?\s+)+")


def loose_key(text: str) -> str:
    """A looser key for fuzzy merges: no spaces, doubled letters collapsed, 'ee'/'ei' folded."""
    t = name_key(text).replace(" ", "")
    t = re.sub(r"(.)\1+", r"\1", t)
    return t.replace("ei", "e").replace("ou", "u").replace("oo", "u")


class FoldedText:
    """A folded copy of a text whose offsets map back to the original."""

    def __init__(self, text: str):
        self.original = text
        if text.isascii() and ASCII_ONE_TO_ONE is not None:
            low = text.encode("ascii").translate(ASCII_ONE_TO_ONE).decode("ascii").lower()
            if not ASCII_DELETABLE_RE.search(low):
                self._deleted, self.text = [], low
                return
            self._deleted = [m.start() for m in DELETABLE.finditer(low)]   # ASCII: lengths kept, already lower case
            self.text = DELETABLE.sub("", low)
            return
        else:
            t = one_to_one(unicodedata.normalize("NFC", text))
        if len(t) != len(text):  # NFC changed the length: keep offsets, skip composition
            t = one_to_one(text)
        low = t.lower()
        if len(low) != len(t):  # rare letters whose lower case is longer: fold them one by one
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in t)
        self._deleted = [m.start() for m in DELETABLE.finditer(low)]
        self.text = DELETABLE.sub("", low)

    def to_original(self, i: int) -> int:
        """Original offset of folded offset i (an end offset maps past the last kept character)."""
        d = self._deleted
        if len(d) < 8:   # few deletions (commas): walk them; the same offset as the search below
            o = i
            for x in d:
                if x > o:
                    break
                o += 1
            return o
        lo, hi = i, i + len(d)
        while lo < hi:  # smallest o with o - deletions_before(o) >= i and o not deleted
            mid = (lo + hi) // 2
            if mid - bisect.bisect_left(d, mid) < i:
                lo = mid + 1
            else:
                hi = mid
        while lo < len(self.original) and d and bisect.bisect_left(d, lo) < len(d) and d[bisect.bisect_left(d, lo)] == lo:
            lo += 1
        return lo

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the folded span [start, end)."""
        s = self.to_original(start)
        e = self.to_original(end - 1) + 1 if end > start else s
        return s, e
