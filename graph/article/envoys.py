"""The country an envoy represents is not the country of the other titles of the article.

"The Minister of Higher Education received the Egyptian ambassador": the minister's ministry is not
Egypt's. A country named only right beside an envoy's title (lexicon.yaml#envoy_roles: "the Iraqi
Ambassador", "Ambassador of Iraq", "السفير العراقي", "سفير العراق") is left out of the countries a
title without a country of its own is looked up in; named anywhere else in the article, it stays.
"""
from __future__ import annotations

import re

from graph.model import MentionType as M
from graph.normalize import fold


def envoy_only_countries(sentences: list, all_mentions: list, lexicon: dict) -> set:
    """Gazetteer ids of the countries the article names only beside an envoy's title (a title mention, or
    the title's word in lower case right after a demonym: "the Egyptian ambassador")."""
    envoys = {fold(w) for w in lexicon["envoy_roles"]}
    word_after = re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in sorted(envoys, key=len, reverse=True)) + r")\b", re.I)
    beside, elsewhere = set(), set()
    for sentence, mentions in zip(sentences, all_mentions):
        for k, m in enumerate(mentions):
            if not (m.entity and m.type in (M.COUNTRY, M.DEMONYM)):
                continue
            near = [x for x in mentions[max(0, k - 1):k + 2] if x.type == M.ROLE and x is not m
                    and (x.end <= m.start <= x.end + 8 or m.end <= x.start <= m.end + 2)]
            if any(fold(x.attrs.get("head", "")) in envoys for x in near) or m.type == M.DEMONYM and word_after.match(sentence, m.end):
                beside.add(m.entity)
            else:
                elsewhere.add(m.entity)
    return beside - elsewhere
