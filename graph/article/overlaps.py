"""The overlap policy: which of two mentions that overlap is kept, and how a mention is cut where a
curated name begins. Every recogniser proposes spans; `settle` alone decides.

Precedence, in order (`settle`):
  1. a curated name (gazetteer) is not swallowed by an unknown organisation phrase that starts where it
     starts, unless an organisation head word follows it inside the phrase ("OIC University Network");
  2. the longer span;
  3. a curated name over an unknown one;
  4. the type: organisation = country = place > event > person > title > demonym > date;
  5. the earlier span.
Before settling, the cuts: an unknown organisation or event phrase ends before 'in <curated place>'
(`cut_at_curated_places`); a title's portfolio words end where a curated name begins
(`cut_roles_at_curated_names`). After settling, an unknown ministry and the country that follows it are
one name (`join_ministry_country`).
"""
from __future__ import annotations


from graph.article.shapes import WORD_TOKEN
from graph.model import Mention, MentionType as M

TYPE_PRIORITY = {M.ORGANIZATION: 0, M.COUNTRY: 0, M.PLACE: 0, M.EVENT: 1, M.PERSON: 2, M.ROLE: 3, M.DEMONYM: 4, M.DATE: 5}
PLACES = frozenset({M.PLACE, M.COUNTRY})
NAMED_BODIES = frozenset({M.ORGANIZATION, M.EVENT})
CURATED_NAMES = frozenset({M.ORGANIZATION, M.COUNTRY, M.PLACE})


def join_ministry_country(s: str, mentions: list, words) -> list:
    """'وزارة خارجية الأرجنتين': an unknown ministry phrase followed by a country is one name."""
    out = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and m.type == M.COUNTRY and prev.type == M.ORGANIZATION and not prev.entity \
                and words.ministry_start.match(prev.text) and s[prev.end:m.start].strip() in words.ministry_join_links:
            out[-1] = Mention(prev.start, m.end, M.ORGANIZATION, s[prev.start:m.end], rule=prev.rule, attrs={"inner": [m.entity]})
            continue
        out.append(m)
    return out


def cut_at_curated_places(s: str, mentions: list, words) -> list:
    """'Meeting of OIC-15 Dialogue Platform in Almaty': an unknown phrase ends before 'in <curated place>'
    (also when the place runs on past the phrase: 'X Science Foundation in Dar' + 'Dar es Salaam')."""
    places = [m for m in mentions if m.entity and m.type in PLACES]
    for m in mentions:
        if m.entity or m.type not in NAMED_BODIES:
            continue
        for p in places:
            if m.start < p.start < m.end:
                cut = words.place_cut.search(s[m.start:p.start])
                if cut and words.located_head.search(s[m.start:m.start + cut.start()]):
                    break   # "Embassy of X in Y": where the body sits is part of its name (#located_heads_en)
                if cut and m.start + cut.start() > m.start + 3:
                    m.end = m.start + cut.start()
                    m.text = s[m.start:m.end]
                    break
    return mentions


def cut_roles_at_curated_names(s: str, mentions: list) -> list:
    """'المدير العام لأكاديمية العلوم الماليزية': a title's portfolio words end where a curated name
    that runs on past the title begins (the word and its proclitic go to the name)."""
    curated = [m for m in mentions if m.entity and m.type in CURATED_NAMES]
    for r in mentions:
        if r.type != M.ROLE or r.attrs.get("ministry"):
            continue
        for c in curated:
            if r.start < c.start < r.end < c.end:
                cut = c.start
                while cut > r.start and not s[cut - 1].isspace():
                    cut -= 1   # back to the start of the word the name begins in
                text = s[r.start:cut].rstrip()
                if text:
                    r.end, r.text = r.start + len(text), text
                    r.attrs["label"] = text
                break
    return mentions


def _country_qualifier(name, inner, words) -> bool:
    """'UK eUniversity', 'Pakistan Atomic Energy Commission': a country that opens an unknown
    organisation's name qualifies it and is not, by itself, a country the article speaks of (the gold
    lists such a country as optional at most). A ministry's country is kept: it names the ministry."""
    return (name.type == M.ORGANIZATION and inner.type == M.COUNTRY and inner.start == name.start
            and not words.ministry_any.search(name.text))


def settle(mentions: list, words, is_head=None) -> list:
    """Keep non-overlapping mentions: longest first, then the type priority, then the earliest.

    A curated (gazetteer) organisation is not swallowed by an unknown organisation phrase that starts
    where it starts unless a head word (`is_head`: lexicon.yaml#org_heads_en) follows the curated name
    inside the phrase: "OIC University Network" is a body of its own, "Organization of Islamic
    Countries OIC" is the curated name and its acronym.
    """
    curated_ends = {}
    for m in mentions:
        if m.entity and m.type == M.ORGANIZATION:
            curated_ends[m.start] = max(curated_ends.get(m.start, 0), m.end)
    mentions = [m for m in mentions if m.entity or m.type != M.ORGANIZATION or m.start not in curated_ends
                or (is_head is not None and any(
                    is_head(w) for w in WORD_TOKEN.findall(m.text[curated_ends[m.start] - m.start:])))]
    chosen = []
    order = sorted(mentions, key=lambda m: (-(m.end - m.start), not m.entity, TYPE_PRIORITY.get(m.type, 9), m.start))
    for m in order:
        clash = [c for c in chosen if m.start < c.end and c.start < m.end]
        if not clash:
            chosen.append(m)
    inner = [m for m in mentions if m.entity and not any(c.start == m.start and c.end == m.end and c == m for c in chosen)]   # m not in chosen
    for m in chosen:   # an event name keeps the curated names inside it as attributes
        if m.type in NAMED_BODIES and not m.entity:
            found = [i.entity for i in inner if m.start <= i.start and i.end <= m.end and i.type in CURATED_NAMES
                     and not _country_qualifier(m, i, words)]
            m.attrs["inner"] = list(dict.fromkeys(m.attrs.get("inner", []) + found))
    return sorted(chosen, key=lambda m: m.start)


