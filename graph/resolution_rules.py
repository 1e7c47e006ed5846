"""Load and validate graph/rules/resolution.yaml: the folds, word lists and thresholds of entity resolution.

Every problem is a RuleError naming the file, the entry (and its line) and the problem.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import RuleError
from graph.normalize import fold
from graph.ruleset import compile_regex, default_rules_dir, load_yaml, where

FILE = "resolution.yaml"
PERSON_NUMBERS = {"min_words": (int, 1, 10), "name_similarity": (float, 0.5, 1.0),
                  "fuzzy_word_similarity": (float, 0.5, 1.0), "fuzzy_word_min_letters": (int, 2, 30),
                  "max_fuzzy_words": (int, 0, 5), "joined_min_letters": (int, 4, 40)}
PERSON_LISTS = ("particles", "trailing_words", "article_prefixes", "distinct_endings")
ORG_NUMBERS = {"typo_min_letters": (int, 2, 30), "typo_min_words": (int, 1, 20), "fold_min_letters": (int, 1, 30)}
ORG_LISTS = ("ignore_words", "distinct_endings", "generic_words", "location_links", "location_proclitics",
             "conjunctions", "conjunction_proclitics")
LEXICON_WORDS = {"ministry_words": ("ministry_words_en", "ministry_words_ar"), "envoy_words": ("envoy_roles",)}
ORG_GROUPS = ("spellings", "equivalent_words", "equivalent_phrases")


@dataclass(frozen=True, eq=False)
class Fold:
    id: str
    regex: re.Pattern
    replace: str

    def apply(self, text: str) -> str:
        return self.regex.sub(self.replace, text)


@dataclass(frozen=True, eq=False)
class PersonRules:
    min_words: int
    name_similarity: float
    fuzzy_word_similarity: float
    fuzzy_word_min_letters: int
    max_fuzzy_words: int
    joined_min_letters: int
    vowels: frozenset
    particles: frozenset
    trailing_words: frozenset
    article_prefixes: tuple
    distinct_endings: tuple
    name_folds: tuple
    word_folds: tuple


@dataclass(frozen=True, eq=False)
class OrgRules:
    typo_min_letters: int
    typo_min_words: int
    fold_min_letters: int
    word_map: dict          # folded word -> the word it is written as for comparison
    phrases: tuple          # (compiled regex of a folded phrase, replacement), longest first
    ignore_words: frozenset
    distinct_endings: tuple
    generic_words: frozenset
    location_links: frozenset         # org-place-qualified: "in", "في" between a name and its place
    location_proclitics: tuple        # ... a letter joined to the place ("بماليزيا")
    conjunctions: frozenset           # ... a ministry's further portfolios ("and", "و...")
    conjunction_proclitics: tuple
    ministry_words: frozenset         # lexicon.yaml#ministry_words_en/_ar (folded)
    envoy_words: frozenset            # lexicon.yaml#envoy_roles (folded)
    word_folds: tuple                 # British / American spelling of a word, as a rule


@dataclass(frozen=True, eq=False)
class ResolutionRules:
    file: str
    persons: PersonRules
    organizations: OrgRules


def load_resolution(folder: Path | None = None) -> ResolutionRules:
    """The resolution rules of FOLDER (default, and for a rules folder without the file: the shipped rules)."""
    path = Path(folder or default_rules_dir()) / FILE
    if not path.exists():
        path = default_rules_dir() / FILE
    data = load_yaml(path)
    unknown = set(data) - {"persons", "organizations", "__line__"}
    if unknown:
        raise RuleError(path, "file", f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    return ResolutionRules(str(path), _persons(path, _section(path, data, "persons")),
                           _orgs(path, _section(path, data, "organizations"), _lexicon_words(path.parent)))


def _lexicon_words(folder: Path) -> dict:
    """The words of lexicon.yaml that resolution reads too (one list for extraction and resolution)."""
    from graph.lexicon import load_lexicon
    path = folder / "lexicon.yaml"
    lexicon = load_lexicon(path if path.exists() else default_rules_dir() / "lexicon.yaml")
    return {k: frozenset(fold(w) for name in names for w in lexicon.get(name, ())) for k, names in LEXICON_WORDS.items()}


def _section(path, data, name) -> dict:
    sec = data.get(name)
    if not isinstance(sec, dict):
        raise RuleError(path, name, "missing or not a mapping")
    return sec


def _number(path, sec, section, key, kind, lo, hi):
    value = sec.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise RuleError(path, f"{section}.{key}", f"must be a {'whole number' if kind is int else 'number'}, not {value!r}")
    if not lo <= value <= hi:
        raise RuleError(path, f"{section}.{key}", f"must be between {lo} and {hi}, not {value}")
    return kind(value)


def _words(path, sec, section, key) -> list:
    value = sec.get(key)
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise RuleError(path, f"{section}.{key}", "must be a list of non-empty words (quote numbers and symbols)")
    return [fold(w) for w in value]


def _folds(path, sec, section, key) -> tuple:
    raw = sec.get(key)
    if not isinstance(raw, list):
        raise RuleError(path, f"{section}.{key}", "must be a list of {id, pattern, replace}")
    out, seen = [], set()
    for i, entry in enumerate(raw):
        w = f"{section}.{key} {where(entry, i)}"
        if not isinstance(entry, dict) or not {"id", "pattern", "replace"} <= set(entry):
            raise RuleError(path, w, "needs id, pattern and replace")
        extra = set(entry) - {"id", "pattern", "replace", "comment", "__line__"}
        if extra:
            raise RuleError(path, w, f"unknown key(s): {', '.join(sorted(extra))}")
        if not isinstance(entry["replace"], str) or entry["id"] in seen:
            raise RuleError(path, w, "replace must be text and ids unique")
        seen.add(entry["id"])
        regex = compile_regex(path, w, entry["pattern"])
        try:
            regex.sub(entry["replace"], "")
        except (re.error, IndexError) as e:
            raise RuleError(path, w, f"bad replacement: {e}") from None
        out.append(Fold(str(entry["id"]), regex, entry["replace"]))
    return tuple(out)


def _persons(path, sec) -> PersonRules:
    nums = {k: _number(path, sec, "persons", k, *spec) for k, spec in PERSON_NUMBERS.items()}
    lists = {k: _words(path, sec, "persons", k) for k in PERSON_LISTS}
    if not isinstance(sec.get("vowels"), str) or not sec["vowels"].isalpha():
        raise RuleError(path, "persons.vowels", "must be a string of letters")
    return PersonRules(**nums, vowels=frozenset(sec["vowels"]), particles=frozenset(lists["particles"]),
                       trailing_words=frozenset(lists["trailing_words"]),
                       article_prefixes=tuple(sorted(lists["article_prefixes"], key=len, reverse=True)),
                       distinct_endings=tuple(lists["distinct_endings"]),
                       name_folds=_folds(path, sec, "persons", "name_folds"),
                       word_folds=_folds(path, sec, "persons", "word_folds"))


def _orgs(path, sec, lexicon_words) -> OrgRules:
    nums = {k: _number(path, sec, "organizations", k, *spec) for k, spec in ORG_NUMBERS.items()}
    lists = {k: _words(path, sec, "organizations", k) for k in ORG_LISTS}
    word_map, phrases = {}, []
    for group in ORG_GROUPS:
        raw = sec.get(group)
        if not isinstance(raw, list):
            raise RuleError(path, f"organizations.{group}", "must be a list of lists of equivalent spellings")
        for i, forms in enumerate(raw):
            w = f"organizations.{group} entry {i}"
            if not isinstance(forms, list) or len(forms) < 2 or not all(isinstance(f, str) and f.strip() for f in forms):
                raise RuleError(path, w, "must list two or more equivalent spellings")
            folded = [" ".join(fold(f).split()) for f in forms]
            for f in folded[1:]:
                if " " in f or group == "equivalent_phrases":
                    phrases.append((f, folded[0]))
                elif word_map.get(f, folded[0]) != folded[0]:
                    raise RuleError(path, w, f"{f!r} is already written as {word_map[f]!r}")
                else:
                    word_map[f] = folded[0]
    folds = _folds(path, sec, "organizations", "word_folds")
    phrases.sort(key=lambda p: (-len(p[0]), p[0]))
    compiled = tuple((re.compile(r"(?<!\w)" + re.escape(f).replace(r"\ ", r"\s+") + r"(?!\w)"), to)
                     for f, to in phrases)
    return OrgRules(**nums, word_map=word_map, phrases=compiled, ignore_words=frozenset(lists["ignore_words"]),
                    distinct_endings=tuple(lists["distinct_endings"]),
                    location_links=frozenset(lists["location_links"]),
                    location_proclitics=tuple(lists["location_proclitics"]),
                    conjunctions=frozenset(lists["conjunctions"]),
                    conjunction_proclitics=tuple(lists["conjunction_proclitics"]), **lexicon_words,
                    word_folds=folds,
                    generic_words=_generic(lists["generic_words"], word_map, folds, nums["fold_min_letters"]))


def _generic(words, word_map, folds, min_letters) -> frozenset:
    """Generic words as written and as organisation names are compared (spellings and word folds applied)."""
    out = set()
    for w in words:
        w = word_map.get(w, w)
        out.add(w)
        if len(w) >= min_letters:
            for f in folds:
                w = f.apply(w)
            out.add(w)
    return frozenset(out)
