"""Names that only a title announces, in Arabic: a title and the holder's country ("الرئيس الصيني",
"ملك النرويج") are followed by the holder's name, even when it is a foreign name no list knows
("الرئيس الصيني شي جين بينغ", "ملك النرويج هارالد الخامس"). Heads of state and ministers of countries
outside the field are named this way.

The name is the Arabic words right after the country (no comma between): at most four, up to
punctuation, a meeting or agreement noun or a portfolio word (lexicon.yaml), a stop word, a verb, an honorific, a title, an organisation head, a word already
recognised, or a word that starts with و after the first. A first word with the article (ال, also after
a proclitic: "بالقاهرة") or the conjunction و is not a name, nor is a lone word opening with ف ("فشكر", so he
thanked).
"""
from __future__ import annotations

import re

from graph.recognise import Mention, strip_marks

RULE = "roles.yaml#title-country-name-ar"
NOT_NAME_LISTS = ("meeting_nouns_ar", "agreement_nouns_ar", "portfolio_words_ar")   # words of these lists end a name


def persons_after_title_ar(rec, s: str, chosen: list, toks: list) -> list:
    """Person mentions after 'title + country' in sentence s (chosen: the mentions so far, toks: rec.ar_tokens(s))."""
    out = []
    taken = [(m.start, m.end) for m in chosen]
    roles = [m for m in chosen if m.type == "R"]
    lx = rec.lx
    nouns = {w for key in NOT_NAME_LISTS for phrase in lx[key] for w in phrase.split()}
    for m in chosen:
        if m.type not in "DC" or not m.entity or not any(r.end <= m.start and not s[r.end:m.start].strip() for r in roles):
            continue
        rest = [t for t in toks if t[0] >= m.end]
        if not rest or s[m.end:rest[0][0]].strip():
            continue   # "فلان، وزير خارجية اليابان، خطة عمل …": a comma closes the title, no name follows it
        j = 0
        while j < len(rest) and j < 4:
            st, en, f, bare, punct = rest[j]
            word = strip_marks(s[st:en])
            if f in nouns or bare in nouns or (j and punct) or (j == 0 and (bare.startswith("ال") or f.startswith("و") and f not in rec.given_ar)) or word in rec.stop_ar_raw or f in lx["verbs_ar"] \
                    or f in rec.honorific_ar or f in lx["org_heads_ar"] or bare in lx["org_heads_ar"] \
                    or rec.role_ar.fullmatch(s[st:en]) or any(a <= st < b for a, b in taken) \
                    or (j and f.startswith("و") and f not in rec.given_ar) or re.search("[\u064b-\u0652]$", s[st:en]):
                break
            j += 1
        if j == 1 and rest[0][2].startswith("ف"):
            continue   # "أما السفير العراقي فشكر …": the conjunction ف and a verb, not a one-word name
        if j:
            st, en = rest[0][0], rest[j - 1][1]
            out.append(Mention(st, en, "P", s[st:en], rule=RULE, attrs={"honorific": False}))
    return out
