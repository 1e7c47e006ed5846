"""Agreements: a sentence that names an agreement and its signing (patterns/agreements.yaml). The type is
the agreement noun; signatories are the persons after 'signed by' / 'وقعها' (lexicon.yaml#signed_by_verbs_*),
else those before the signing verb (#signer_verbs_*); parties are the rule's slots and the bodies named.
Rule fields steer it: `requires: [previous_agreement]` (the agreement of an earlier sentence),
`flags: [previous_signer]` (the person last named signed), `flags: [background]` (an agreement cited, not signed now)."""
from __future__ import annotations

import re

from graph.article.witnesses import witnesses
from graph.article.tagging import first_date, place, slot
from graph.article.meetings import add_meeting
from graph.model import BODIES, Agreement, FactKind, Meeting, MentionType as M, curated_key, dedupe

PERSON_SLOT = re.compile(r"⟦P(\d+)⟧")
SPACES = re.compile(r"\s+")


def find_agreements(st, i, tagged, mentions):
    ctx, lang = st.ctx, st.article.language
    for rule, m in st.matches("agreements", tagged, lang):
        noun = (m.groupdict().get("noun") or "agreement").lower()
        earlier = st.facts_of(FactKind.AGREEMENT)
        if "previous_agreement" in rule.requires:
            if not earlier:
                continue
            noun = earlier[-1].data.type
        stood_by = witnesses(tagged, mentions, ctx)   # "in the presence of X": X does not sign
        signers = [k for k in signatories(st, tagged, mentions, m) if k not in stood_by]
        parties = [x.attrs["key"] for name in ("party", "party2") if (x := slot(m, name, mentions)) is not None and x.attrs.get("key")]
        parties += [x.attrs["key"] for x in mentions if x.type in BODIES and x.attrs.get("key") and not st.is_news_agency(x)]
        parties += [curated_key(e) for x in mentions if x.type in (M.EVENT, M.ORGANIZATION) for e in x.attrs.get("inner", [])
                    if ctx.entities[e].type in ("Country", "Organization")]
        if "previous_signer" in rule.flags and not signers and st.last_person:
            signers = [st.last_person]
        data = Agreement(SPACES.sub(" ", noun), signers, dedupe(parties), first_date(mentions), place(st, mentions, tagged),
                         "background" in rule.flags)
        add_agreement(st, i, rule.name, data)
        present = [x.attrs["key"] for x in mentions if x.type == M.PERSON and x.attrs.get("key")]
        if any(x.type == M.PLACE and x.attrs.get("key") == data.place and is_venue(st, x) for x in mentions):
            signing_meeting(st, i, rule.name, data, present)
        return


def is_venue(st, mention) -> bool:
    """A venue (lexicon.yaml#venue_heads_en, or a curated place of kind venue), not a town: a signing at a
    venue is an occasion of its own; 'signed … in Lima' is not."""
    ent = st.ctx.entities.get(mention.entity) if mention.entity else None
    return "venue_heads" in (mention.rule or "") or bool(ent and ent.kind == "venue")


def signing_meeting(st, i, rule, data: Agreement, present):
    """'A and B signed their MoU at the Velmora campus, with X in attendance': a signing the sentence places
    at a venue is itself a meeting of its signatories, the persons present and the parties, unless a
    meeting of this sentence already holds it (lexicon.yaml#signing_meeting_types_en names its type)."""
    if data.background or not data.place or st.article.language != "en":
        return
    if any(i == f.sentence or any(j == i for j, _ in f.more) for f in st.facts_of(FactKind.MEETING)):
        return
    people = dedupe([*data.signatories, *present, *data.parties])
    if people:
        add_meeting(st, i, rule, Meeting(st.ctx.lx["signing_meeting_types_en"][0], "", people, [], data.place, data.date))


def _keys(mentions, found) -> list:
    return [mentions[int(x)].attrs["key"] for x in found if mentions[int(x)].attrs.get("key")]


def signatories(st, tagged, mentions, m):
    ctx = st.ctx
    by = ctx.signed_by.search(tagged)
    if by:
        return _keys(mentions, PERSON_SLOT.findall(tagged[by.end():]))
    verb = ctx.signing_verb.search(tagged)
    before = tagged[:verb.start()] if verb else ""
    signers = _keys(mentions, ctx.not_signer.findall(before))
    if not signers and verb and m.groupdict().get("noun") and verb.end() <= m.start("noun"):
        # verb first (Arabic): "وقع رئيس جامعة X فلان والسيد فلان، رئيس Y، خطة عمل …" — the subjects
        # stand between the signing verb and the agreement noun
        signers = _keys(mentions, PERSON_SLOT.findall(tagged[verb.end():m.start("noun")]))
    if not signers and verb and m.groupdict().get("noun") and verb.end() <= m.start("noun"):
        lead = ctx.signatory_lead.match(tagged, m.end("noun"))
        if lead:   # "ووقع الاتفاقية كل من فلان … وفلان …" (lexicon.yaml#signatory_leads_ar)
            signers = _keys(mentions, PERSON_SLOT.findall(tagged[lead.end():]))
    return signers


def add_agreement(st, i, rule, data: Agreement):
    for f in st.facts_of(FactKind.AGREEMENT):
        d = f.data
        if d.background != data.background:
            continue
        if data.background and set(d.parties) != set(data.parties):
            continue
        if d.type == data.type or not data.signatories or not d.signatories or set(d.signatories) & set(data.signatories):
            d.signatories = dedupe(d.signatories + data.signatories)
            d.parties = dedupe(d.parties + data.parties)
            d.date = d.date or data.date
            d.place = d.place or data.place
            f.more.append((i, rule))
            return
    st.add_fact(FactKind.AGREEMENT, i, rule, data)
