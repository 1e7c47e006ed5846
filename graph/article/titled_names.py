"""Names that only a title announces, in Arabic: a title and the holder's country ("الرئيس الصيني",
"ملك النرويج") are followed by the holder's name, even when it is a foreign name no list knows
("الرئيس الصيني شي جين بينغ", "ملك النرويج هارالد الخامس"). Heads of state and ministers of countries
outside the field are named this way.

The name is the Arabic words right after the country (no comma between): at most four, up to
punctuation, a meeting or agreement noun or a portfolio word (lexicon.yaml), a stop word, a verb, an
honorific, a title, an organisation head, a word already recognised, a stop word after a proclitic ("بوفد"),
or a word that starts with the conjunction (lexicon.yaml#conjunction_clitics_ar) after the first. A first word with the article (also after
a proclitic: "بالقاهرة") or the conjunction is not a name, nor is a lone word opening with a sequel clitic
(lexicon.yaml#sequel_clitics_ar: "فشكر", so he thanked).
"""
from __future__ import annotations

import re

from graph.article.shapes import strip_marks
from graph.model import Mention, MentionType as M

RULE = "roles.yaml#title-country-name-ar"
VOWEL_MARK_END = re.compile("[\u064b-\u0652]$")


def persons_after_title_ar(rec, s: str, chosen: list, toks: list) -> list:
    """Person mentions after 'title + country' in sentence s (chosen: the mentions so far, toks: words.ar_tokens(s))."""
    out, w = [], rec.words
    taken = [(m.start, m.end) for m in chosen]
    roles = [m for m in chosen if m.type == M.ROLE]
    nouns = w.title_name_enders_ar
    for m in chosen:
        if m.type not in (M.DEMONYM, M.COUNTRY) or not m.entity \
                or not any(r.end <= m.start and not s[r.end:m.start].strip() for r in roles):
            continue
        rest = [t for t in toks if t[0] >= m.end]
        if not rest or s[m.end:rest[0][0]].strip():
            continue   # "فلان، وزير خارجية اليابان، خطة عمل …": a comma closes the title, no name follows it
        j = 0
        while j < len(rest) and j < 4 and not _ends_name(rec, s, rest, j, nouns, taken):
            j += 1
        if j == 1 and rest[0][2].startswith(tuple(w.lx["sequel_clitics_ar"])):
            continue   # "أما السفير العراقي فشكر …": a conjunction and a verb, not a one-word name
        if j:
            st, en = rest[0][0], rest[j - 1][1]
            out.append(Mention(st, en, M.PERSON, s[st:en], rule=RULE, attrs={"honorific": False}))
    return out


def join_state_words(s: str, mentions: list, words) -> list:
    """'رئيس جمهورية كوريا الجنوبية', 'ملك مملكة …': a state word (lexicon.yaml#state_words_ar) right before a
    curated country is part of the country's name."""
    states = words.lx["state_words_ar"]
    out = []
    for m in mentions:
        if m.type == M.COUNTRY and m.entity:
            before = s[:m.start].rstrip()
            cut = max(before.rfind(" "), 0)
            word = before[cut:].strip()
            if word and words.ar_fold(word)[1] in states and not any(x.end > cut and x.start < m.start for x in out):
                start = m.start - (len(s[:m.start]) - cut) + (1 if before[cut:cut + 1] == " " else 0)
                m = Mention(start, m.end, M.COUNTRY, s[start:m.end], m.entity, m.rule, dict(m.attrs))
        out.append(m)
    return out


def _ends_name(rec, s, rest, j, nouns, taken) -> bool:
    """The j-th word after the country is not part of the name; nor is any word after a regnal ordinal
    ('ملك فلانيا فيليب السادس برقية …')."""
    w = rec.words
    st, en, f, bare, punct = rest[j]
    if j and rest[j - 1][2] in w.lx["ordinals_ar"]:
        return True
    conj = f.startswith(w.conj) and f not in w.given_ar
    article = bare.startswith(w.art) and w.art in s[st:en]   # not a name's hamza: "ألفونسو" folds to "الفونسو"
    if j == 0 and (article or conj) or j and (punct or conj):
        return True
    return f in nouns or bare in nouns or strip_marks(s[st:en]) in w.stop_ar_raw or f in w.lx["verbs_ar"] \
        or (j and bare != f and bare in w.lx["stop_words_ar"]) \
        or f in w.honorific_ar or f in w.lx["org_heads_ar"] or bare in w.lx["org_heads_ar"] \
        or rec.roles.role_ar.fullmatch(s[st:en]) is not None or any(a <= st < b for a, b in taken) \
        or VOWEL_MARK_END.search(s[st:en]) is not None
