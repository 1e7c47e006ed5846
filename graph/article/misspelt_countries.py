"""A name the town rules would take for an unknown town may be a misspelt country ("in Malysia on 3 May",
"في كازخستان يوم 3 مايو"): when it is one letter or two away from a curated country's name, it is that
country, not a new town.

The comparison is difflib's ratio (Python's standard, maintained sequence matcher) between folded
names of the same first letter and a length within two letters, averaged with the ratio between the same
names with the dots of their Arabic letters left out (lexicon.yaml#letter_skeletons_ar: "ماليزبا" differs from
"ماليزيا" by the dots of one letter); the threshold is lexicon.yaml#misspelt_country_min_ratio (a number
written as text, e.g. '0.86').
"""
from __future__ import annotations

from difflib import SequenceMatcher

from graph.normalize import fold


class MisspeltCountries:
    def __init__(self, entities, lexicon: dict):
        raw = lexicon["misspelt_country_min_ratio"][0]   # a required list (graph/lexicon.py)
        try:
            self.min_ratio = float(raw)
        except ValueError:
            raise ValueError(f"lexicon.yaml#misspelt_country_min_ratio: {raw!r} is not a number between 0 and 1") from None
        if not 0 < self.min_ratio <= 1:
            raise ValueError(f"lexicon.yaml#misspelt_country_min_ratio: {raw!r} is not a number between 0 and 1")
        self.skeleton = str.maketrans({c: group[0] for group in lexicon["letter_skeletons_ar"] for c in group})
        self.by_first: dict = {}
        for ent in entities:
            if ent.type != "Country":
                continue
            for name in [*ent.names.values(), *ent.aliases]:
                key = fold(name)
                if len(key) >= 5:
                    self.by_first.setdefault(key[0], []).append((key, ent.id))

    def country_of(self, name: str) -> str:
        """The curated country id NAME is a misspelling of ('' when none, or when two are as close)."""
        key = fold(name)
        if len(key) < 5:
            return ""
        best, best_ratio, tie = "", 0.0, False
        for other, ent_id in self.by_first.get(key[0], ()):
            if abs(len(other) - len(key)) > 2:
                continue
            ratio = (SequenceMatcher(None, key, other).ratio()
                     + SequenceMatcher(None, key.translate(self.skeleton), other.translate(self.skeleton)).ratio()) / 2
            if ratio > best_ratio:
                best, best_ratio, tie = ent_id, ratio, False
            elif ratio == best_ratio and ent_id != best:
                tie = True
        return best if best_ratio >= self.min_ratio and not tie else ""
