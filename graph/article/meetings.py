"""Meetings: a sentence with a meeting trigger (patterns/meetings.yaml) or an event name, and the actors
it names; organisers from patterns/organisers.yaml. A sentence that refers back ('the conference',
lexicon.yaml#back_reference_*) or adds nothing new extends the article's latest meeting."""
from __future__ import annotations

from graph.article.tagging import first_date, place, slot, slot_of
from graph.model import PARTICIPANTS, FactKind, Meeting, MentionType as M, curated_id, curated_key, dedupe, is_local
from graph.normalize import name_key


def find_meetings(st, i, tagged, mentions):
    ctx, lang = st.ctx, st.article.language
    triggered = list(st.matches("meetings", tagged, lang))
    events = [m for m in mentions if m.type == M.EVENT]
    if not triggered and not events:
        return   # no trigger and no event name: nothing below can make a meeting (the searches are skipped)
    anchored = any(m.type == M.DATE for m in mentions) or bool(st.search(ctx.place_context, tagged))
    hits = [(r, m) for r, m in triggered if anchored or not weak_trigger(ctx, r, m, lang)]
    has_meeting = bool(st.facts_of(FactKind.MEETING))
    back = st.search(ctx.back_reference, tagged)
    if back and events and has_meeting and back.start() < tagged.find(slot_of(events[0], mentions)):
        events = []   # "The conference is scheduled …, coinciding with the Islamic Unity Week": the same meeting
    refers_back = bool(back) and not events and has_meeting
    if not hits and not events:
        return
    actors = [m for m in mentions if m.type in PARTICIPANTS and m.attrs.get("key") and not st.is_news_agency(m)]
    organizers = set()
    for rule, m in st.matches("organisers", tagged, lang):
        org = slot(m, "organizer", mentions)
        if org is not None and org.attrs.get("key") and org.type != M.PLACE:
            organizers.add(org.attrs["key"])
    inner = [curated_key(e) for ev in events for e in ev.attrs.get("inner", [])
             if ctx.entities[e].type in ("Country", "Organization")]
    attendees = [a.attrs["key"] for a in actors if a.attrs["key"] not in organizers] + inner
    if st.last_person and not any(a.type == M.PERSON for a in actors) and ctx.pronoun.search(tagged):
        attendees.append(st.last_person)   # "Speaking at the launch, he said …"
    if events and not any(a.type == M.PERSON for a in actors):
        attendees += signed_there(st, i, tagged, slot_of(events[0], mentions))
    if not attendees and not organizers and not events and not anchored:
        return
    rule, first = hits[0] if hits else (None, None)
    mtype = rule.type if rule else event_type(ctx, events[0].text)
    bilateral = any("bilateral" in r.requires for r, _ in hits)
    if bilateral and pronoun_subject(st, tagged):
        attendees.insert(0, st.last_person)   # "He met X": the visitor of the meeting under way meets X there
        bilateral = False
    data = Meeting(mtype, events[0].text if events else "", dedupe(attendees), sorted(organizers),
                   place(st, mentions, tagged) or host_country(st, mentions, tagged), first_date(mentions),
                   bilateral, refers_back)
    add_meeting(st, i, rule.name if rule else "lexicon.yaml#meeting_nouns_en", data)


def pronoun_subject(st, tagged) -> bool:
    """The sentence opens with 'He'/'She' and the person last named attends the article's latest meeting."""
    meetings = st.facts_of(FactKind.MEETING)
    return bool(st.last_person and meetings and st.last_person in meetings[-1].data.attendees
                and st.ctx.pronoun_start.match(tagged))


def signed_there(st, i, tagged, event_slot):
    """'… put their names to it. This happened during the Velmora Forum': an agreement signed in this or the
    previous sentence was signed at the event the sentence names after an occasion word
    (lexicon.yaml#occasion_links_en), so its signatories and parties attend it."""
    at = tagged.find(event_slot)
    if at < 0 or not st.ctx.occasion_before.search(tagged[:at]):
        return []
    signed = [f for f in st.facts_of(FactKind.AGREEMENT) if i - 1 <= max([f.sentence, *(j for j, _ in f.more)]) <= i
              and not f.data.background]
    return [k for f in signed[-1:] for k in [*f.data.signatories, *f.data.parties]]


def host_country(st, mentions, tagged):
    """'Peru was proud to host …', 'Peru hosted the forum': the country that hosts is where the meeting is
    (lexicon.yaml#host_lead_words_en, #host_verbs_en)."""
    for m in mentions:
        if m.type == M.COUNTRY and m.attrs.get("key"):
            here = tagged.find(slot_of(m, mentions))
            if here >= 0 and st.ctx.host_after.match(tagged, here + len(slot_of(m, mentions))):
                return m.attrs["key"]
    return ""


def add_meeting(st, i, rule, data: Meeting):
    meetings = st.facts_of(FactKind.MEETING)
    target = None
    for f in reversed(meetings):
        if data.name and f.data.name and same_event(st.ctx, data.name, f.data.name):
            target = f
            break
    if target is None and meetings and data.refers_back and not data.bilateral \
            and not elsewhere(st.ctx, data.place, meetings[-1].data.place):
        target = meetings[-1]   # "the conference …" — unless this sentence puts it in another place
    if target is None and meetings and not data.name:
        last = meetings[-1].data
        new_date = data.date and last.date and data.date.start != last.date.start
        new_place = data.place and last.place and data.place != last.place \
            and not within(st.ctx, data.place, last.place)   # Sharjah after the UAE: the same meeting
        people = {k for k in data.attendees if is_local(k, M.PERSON)}
        new_people = data.bilateral and people and not people <= set(last.attendees)
        if not (new_date or new_place or new_people):
            target = meetings[-1]
    if target is None:
        if data.attendees or data.organizers or data.name or data.type not in st.ctx.lx["bare_meeting_types_en"]:
            st.add_fact(FactKind.MEETING, i, rule, data)
        return   # "A reception was held in X": no participant, no name; it only adds to a meeting already found
    t = target.data
    t.attendees = dedupe(t.attendees + data.attendees)
    t.organizers = sorted(set(t.organizers) | set(data.organizers))
    t.place = t.place or data.place
    t.date = t.date or data.date
    t.name = t.name or data.name
    generic = st.ctx.generic_meetings
    if t.type in generic and data.type not in generic:
        t.type = data.type
    target.more.append((i, rule))


def within(ctx, a, b):
    """One curated place lies in the other (its country or parent): 'Sharjah' and 'United Arab Emirates'."""
    def up(key):
        ent = ctx.entities.get(curated_id(key))
        return {curated_key(x) for x in (ent.country, ent.part_of) if x} if ent else set()
    return a in up(b) or b in up(a)


def elsewhere(ctx, a, b):
    """Two towns or venues named, neither the other nor in it. A country is no evidence: "the rectors
    of the University of X in Bangladesh joined the meeting" does not move the meeting."""
    ents = ctx.entities

    def town(key):
        return is_local(key, M.PLACE) or curated_id(key) in ents and ents[curated_id(key)].type == "Place"
    if not a or not b or a == b or not town(a) or not town(b):
        return False

    def around(key):
        ent = ents.get(curated_id(key)) if curated_id(key) else None
        return {key} | ({curated_key(x) for x in (ent.country, ent.part_of) if x} if ent else set())
    return not (a in around(b) or b in around(a))


def event_type(ctx, name: str) -> str:
    """'2nd Iran-Iraq Science Week' -> 'science week'; '10th World Water Forum' -> 'forum'
    (lexicon.yaml#event_types_en: a type of one word, or of two words the name holds)."""
    words = name.lower().split()
    for t in ctx.event_phrases:
        if all(w in words for w in t.split()):
            return t
    for w in reversed(words):
        if w.rstrip("s") in ctx.event_words:
            return w.rstrip("s")
    return "event"


def weak_trigger(ctx, rule, m, lang) -> bool:
    """A plural meeting noun ('workshops, conferences') names no particular meeting
    (lexicon.yaml#weak_meeting_types_en, #plural_meeting_nouns_en)."""
    word = m.group(0).lower()
    return lang == "en" and rule.type in ctx.weak_types and word.endswith("s") and word not in ctx.plural_meetings


def same_event(ctx, a: str, b: str) -> bool:
    fa, fb = name_key(ctx.ordinal.sub("", a)), name_key(ctx.ordinal.sub("", b))
    return fa == fb or fa in fb or fb in fa
