"""Who only stood by: the persons named after "in the presence of" / "بحضور" witness a signing, they do
not sign it (lexicon.yaml#witness_phrases_en, witness_phrases_ar).

A witness phrase covers the tagged sentence from its end to the next signing verb (when the verb comes
after it: "In the presence of X, A and B signed …") or to the sentence's end ("A signed the MoU in the
presence of X"; "signed by A in the presence of X": only A signs).
"""
from __future__ import annotations

import re

from graph.recognise import alternation

_COMPILED: dict = {}


def witness_regex(lexicon: dict) -> re.Pattern:
    """The alternation of both languages' witness phrases, compiled once per lexicon."""
    key = id(lexicon)
    cached = _COMPILED.get(key)
    if cached is None or cached[0] is not lexicon:
        words = [*lexicon.get("witness_phrases_en", []), *lexicon.get("witness_phrases_ar", [])]
        cached = _COMPILED[key] = (lexicon, re.compile(rf"(?:^|(?<=[\s,،(]))(?:{alternation(words)})(?![\w\u0621-\u064a])", re.I))
    return cached[1]


SIGN_VERB = re.compile(r"\b(?:signed|inked|sign|signs)\b|وقع|توقيع", re.I)


def witness_spans(tagged: str, regex: re.Pattern) -> list:
    """(start, end) spans of the tagged sentence whose persons are witnesses."""
    spans = []
    for m in regex.finditer(tagged):
        verb = SIGN_VERB.search(tagged, m.end())
        spans.append((m.start(), verb.start() if verb else len(tagged)))
    return spans


PERSON_SLOT = re.compile(r"⟦P(\d+)⟧")


def witnesses(tagged: str, mentions: list, lexicon: dict) -> set:
    """Keys of the persons of the sentence named only inside witness phrases."""
    spans = witness_spans(tagged, witness_regex(lexicon))
    if not spans:
        return set()
    inside, elsewhere = set(), set()
    for x in PERSON_SLOT.finditer(tagged):
        key = mentions[int(x.group(1))].attrs.get("key")
        (inside if any(a <= x.start() < b for a, b in spans) else elsewhere).add(key)
    return inside - elsewhere
