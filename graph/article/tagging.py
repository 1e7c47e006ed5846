"""A sentence with its mentions replaced by typed slots (⟦P0⟧, ⟦R1⟧ …), what the pattern rules of
patterns/*.yaml are matched against, and the helpers that read a match back into mentions."""
from __future__ import annotations

import re

from graph.model import MentionType as M

DIGITS = re.compile(r"\d+")


def tag(sentence: str, mentions: list) -> str:
    """The sentence with each mention replaced by ⟦<type><index>⟧."""
    out, pos = [], 0
    for idx, m in enumerate(mentions):
        out.append(sentence[pos:m.start])
        out.append(f"⟦{m.type}{idx}⟧")
        pos = m.end
    out.append(sentence[pos:])
    return "".join(out)


def slot_of(m, mentions) -> str:
    return f"⟦{m.type}{mentions.index(m)}⟧"


def slot(match, name, mentions):
    """The mention a named slot of a pattern match holds (None when the slot is empty)."""
    value = match.groupdict().get(name)
    if not value:
        return None
    return mentions[int(DIGITS.search(value).group(0))]


def keys_in(tagged: str, kind: M, mentions, pattern=None) -> list:
    """Entity keys of the mentions of KIND slotted in TAGGED (in order), or of PATTERN's group 1."""
    regex = pattern or re.compile(rf"⟦{kind}(\d+)⟧")
    return [mentions[int(x)].attrs["key"] for x in regex.findall(tagged) if mentions[int(x)].attrs.get("key")]


def first_date(mentions):
    dates = [m.attrs["date"] for m in mentions if m.type == M.DATE]
    explicit = [d for d in dates if d.inferred != "day"]
    return (explicit or dates or [None])[0]


def place(st, mentions, tagged):
    """Where a sentence's fact happens: its first place, a curated place inside an organisation's name,
    or a country after a place preposition (lexicon.yaml#town_prepositions_en, #place_prepositions_ar)."""
    ents = st.ctx.entities
    places = [m for m in mentions if m.type == M.PLACE and m.attrs.get("key")]
    if places:
        return places[0].attrs["key"]
    for m in mentions:
        inner = [e for e in m.attrs.get("inner", []) if ents[e].type == "Place"]
        if m.type == M.ORGANIZATION and inner:
            return f"gaz:{inner[0]}"
    for m in mentions:
        if m.type == M.COUNTRY and m.attrs.get("key") and st.ctx.place_before.search(tagged[:tagged.find(slot_of(m, mentions))]):
            return m.attrs["key"]
    return ""
