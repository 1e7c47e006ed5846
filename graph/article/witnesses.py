"""Who only stood by: the persons named after "in the presence of" / "بحضور" witness a signing, they do
not sign it (lexicon.yaml#witness_phrases_en, witness_phrases_ar; compiled in context.py).

A witness phrase covers the tagged sentence from its end to the next signing verb (lexicon.yaml#signer_verbs_*,
when the verb comes after it: "In the presence of X, A and B signed …") or to the sentence's end ("A signed
the MoU in the presence of X"; "signed by A in the presence of X": only A signs).
"""
from __future__ import annotations

import re

PERSON_SLOT = re.compile(r"⟦P(\d+)⟧")


def witness_spans(tagged: str, ctx) -> list:
    """(start, end) spans of the tagged sentence whose persons are witnesses."""
    spans = []
    for m in ctx.witness.finditer(tagged):
        verb = ctx.signing_verb.search(tagged, m.end())
        spans.append((m.start(), verb.start() if verb else len(tagged)))
    return spans


def witnesses(tagged: str, mentions: list, ctx) -> set:
    """Keys of the persons of the sentence named only inside witness phrases."""
    spans = witness_spans(tagged, ctx)
    if not spans:
        return set()
    inside, elsewhere = set(), set()
    for x in PERSON_SLOT.finditer(tagged):
        key = mentions[int(x.group(1))].attrs.get("key")
        (inside if any(a <= x.start() < b for a, b in spans) else elsewhere).add(key)
    return inside - elsewhere
