"""Posts: a person holds a title at an organisation (patterns/posts.yaml). The organisation is the
rule's slot, the ministry the title implies, an organisation the sentence opens with, one a generic
reference names ('Director-General of the Organization'), or the organisation named just before."""
from __future__ import annotations

from graph.article.entities import curated_ministry, ministry
from graph.article.context import script_of
from graph.article.tagging import DIGITS, slot, slot_of
from graph.article.titled_names import RULE as TITLED_RULE
from graph.model import EntityType as ET, FactKind, Mention, MentionType as M, Post, curated_id, curated_key
from graph.normalize import fold



def find_posts(st, i, tagged, mentions):
    lang = st.article.language
    seen = set()
    if lang == "ar":
        note_organ_parents(st, tagged, mentions)
    for rule, m in st.matches("posts", tagged, lang):
        person = slot(m, "person", mentions)
        if person is None and "previous_person" in rule.requires:
            person_key = st.last_person
        else:
            person_key = person.attrs.get("key") if person else None
        role = slot(m, "role", mentions)
        if not person_key or role is None or role.start in seen or object_title(person, role, tagged, mentions):
            continue
        organ = organ_post(st, role, tagged, mentions) if lang == "ar" else None
        if m.groupdict().get("organ") and (organ is None or tagged[organ[2]:m.end("organ")].strip()):
            continue   # a rule written for the head of an organ: the organ and its body are all there is before the name
        org = slot(m, "org", mentions) or slot(m, "country", mentions)
        org_key, role, end = organ or (post_org(st, role, org, m, tagged, mentions), role, m.end())
        if not org_key or (person is None and held_by_another(st, person_key, role, org_key)):
            continue
        seen.add(role.start)
        unit = slot(m, "unit", mentions)
        if unit is not None and organ is None:
            role = Mention(role.start, unit.end, M.ROLE, role.text, attrs={**role.attrs, "label": f"{role.attrs['label']} {unit.text}"})
        add_post(st, i, rule.name, person_key, role, org_key)
        second_ministry(st, i, rule.name, person_key, role, org_key)
        if lang == "ar":
            chain(st, i, rule, person_key, max(m.end(), end), tagged, mentions, seen)


def object_title(person, role, tagged, mentions) -> bool:
    """'استقبل الرئيس الكوري فلان وزير التعليم الماليزي': a name its title and country announce takes no
    second title after it without a comma; that title is the verb's object (graph/article/titled_names.py)."""
    if person is None or person.rule != TITLED_RULE or role.start < person.end:
        return False
    a, b = tagged.find(slot_of(person, mentions)), tagged.find(slot_of(role, mentions))
    return 0 <= a < b and not any(c in tagged[a:b] for c in "،,")


def chain(st, i, rule, person_key, pos, tagged, mentions, seen):
    """Arabic chains of posts: 'فلان عضو المجلس الأعلى حاكم الشارقة الرئيس الأعلى لجامعة الشارقة', 'فلان، مدير
    جامعة …، عضو هيئة …، رئيس المجلس التنفيذي لاتحاد …' (lexicon.yaml#chain_proclitics_ar, #chain_relatives_ar).
    A title followed by another person's name is that person's, and ends the chain."""
    ctx = st.ctx
    while True:
        m = ctx.chain_role.match(tagged, pos)
        if not m:
            return
        role = mentions[int(m.group(1))]
        organ = organ_post(st, role, tagged, mentions)
        if organ is None:
            o = ctx.chain_org.match(tagged, m.end())
            if not o:
                return
            organ = mentions[int(o.group(1))].attrs.get("key"), role, o.end()
        org_key, role, pos = organ
        if ctx.other_person.match(tagged, pos):
            return
        if org_key and role.start not in seen:
            seen.add(role.start)
            add_post(st, i, f"{rule.name}+chain", person_key, role, org_key)


def note_organ_parents(st, tagged, mentions):
    """'المجلس التنفيذي لاتحاد …': the organ (an unknown body whose head is lexicon.yaml#organ_heads_ar) belongs
    to the body after it; a later bare 'رئيس المجلس التنفيذي' is a post in that body."""
    for m in st.ctx.organ_pair.finditer(tagged):
        organ, body = mentions[int(m.group(1))], mentions[int(m.group(2))]
        if is_organ(st, organ) and body.type == M.ORGANIZATION and body.attrs.get("key"):
            st.organ_parents.setdefault(organ.attrs.get("key"), body.attrs["key"])


def is_organ(st, mention) -> bool:
    words = fold(mention.text).split()
    return not mention.entity and bool(words) and st.ctx.organ_prefix.sub("", words[0]) in st.ctx.organ_heads


def organ_post(st, role, tagged, mentions):
    """(body key, role with the organ in its label, end in TAGGED) when the title heads an organ or a session
    of a body: 'رئيس المجلس التنفيذي لاتحاد …', 'رئيس الدورة السابعة للمؤتمر العام للاتحاد', 'رئيس المجلس
    التنفيذي' (the organ named with its body earlier); None otherwise."""
    here = slot_of(role, mentions) if role in mentions else ""
    pos = tagged.find(here) if here else -1
    m = st.ctx.organ_of_body.match(tagged, pos + len(here)) if pos >= 0 else None
    if m is None:
        return None
    organ = mentions[int(DIGITS.search(m.group("slot")).group(0))] if m.group("slot") else None
    if organ is not None and not is_organ(st, organ):
        return None
    if m.group("body"):
        body = mentions[int(DIGITS.search(m.group("body")).group(0))]
        key = body.attrs.get("key") if body.type == M.ORGANIZATION else None
    elif m.group("generic"):
        key = body_named(st, fold(m.group("generic")))
    else:
        key = st.organ_parents.get(organ.attrs.get("key")) if organ is not None else None
    if not key:
        return None
    unit_end = m.end("slot") if organ is not None else m.end("words")
    unit = tagged[m.start():unit_end].strip().replace(slot_of(organ, mentions), organ.text) if organ is not None \
        else tagged[m.start():unit_end].strip()
    label = f"{role.attrs['label']} {unit}"
    return key, Mention(role.start, role.end, M.ROLE, role.text, attrs={**role.attrs, "label": label}), m.end()


def post_org(st, role, org, m, tagged, mentions):
    if role.attrs.get("head") in st.ctx.lx["state_roles_en"]:
        return state_country(st, role, org, mentions)
    title_ministry = role.attrs.get("ministry")
    country = country_near(role, org, mentions)
    if title_ministry and (org is None or org.type in (M.COUNTRY, M.DEMONYM)):
        return ministry(st, title_ministry, country)
    if org is not None and org.attrs.get("key"):
        return org.attrs["key"]
    if org is not None and org.type == M.DEMONYM and org.entity:   # "الرئيس الصيني فلان": the demonym's country
        names = st.ctx.entities[org.entity].names
        return st.mention(st.add(curated_key(org.entity), ET.COUNTRY, names.get(script_of(org.text)) or names["en"],
                                 org.entity, f"gazetteer:{org.entity}"))
    lead = st.ctx.lead_org.match(tagged)
    if lead and mentions[int(lead.group(1))].attrs.get("key"):
        return mentions[int(lead.group(1))].attrs["key"]
    named = generic_reference(st, tagged, role, mentions) or ministry_of_minister(st, role)
    if named:
        return named
    person = slot(m, "person", mentions)
    if person is not None and any(f.data.person == person.attrs.get("key") for f in st.facts_of(FactKind.POST)):
        return None   # the nearest-organisation guess is only for people with no stated post
    before = [x for x in mentions if x.type == M.ORGANIZATION and x.end <= role.start and x.attrs.get("key")
              and not st.is_news_agency(x)]
    return before[-1].attrs["key"] if before else None


def generic_reference(st, tagged, role, mentions):
    """'Director-General of the Organization', 'رئيس الجامعة': the body of that kind named last in the article
    (lexicon.yaml#generic_reference_heads_*)."""
    if role not in mentions:
        return None
    here = slot_of(role, mentions)
    pos = tagged.find(here)
    if pos < 0:
        return None
    m = st.ctx.generic_reference.match(tagged[pos + len(here):])
    if not m:
        return None
    return body_named(st, fold(m.group(1) or m.group(2)).rstrip("s"))


def ministry_of_minister(st, role):
    """'مساعد الوزير', 'مستشار الوزير': a post in the ministry named last in the article
    (lexicon.yaml#minister_title_refs_ar)."""
    words = fold(role.attrs.get("head", "")).split()
    return body_named(st, st.ctx.ministry_head) if words and words[-1] in st.ctx.minister_refs else None


def body_named(st, head):
    """The organisation named last in the article with HEAD (folded) among the words of one of its names."""
    art = st.ctx.strip_article
    for key in reversed(st.mentioned):
        ent = st.entities.get(key)
        if ent and ent.type == ET.ORGANIZATION and any(
                head in [fold(w).rstrip("s") for w in art.sub("", fold(n)).split()] or
                head in [art.sub("", w).rstrip("s") for w in fold(n).split()] for n in ent.names):
            return key
    return None


def held_by_another(st, person_key, role, org_key) -> bool:
    """'The OIC Secretary-General praised …' after another person was named: the title refers back to whoever
    the article already gave it, and a person with a stated post of another title is not given this one."""
    label = role.attrs["label"]
    for f in st.facts_of(FactKind.POST):
        if f.data.person != person_key and f.data.org == org_key and f.data.role == label:
            return True
        if f.data.person == person_key and f.data.org != org_key:
            return True
    return False


def second_ministry(st, i, rule, person_key, role, org_key):
    """'Prime Minister and Foreign Minister X' holds the country's post and, where the gazetteer knows the
    country's ministry the second title heads, a post there too."""
    second = role.attrs.get("second") or {}
    country = st.entities.get(org_key)
    if not second.get("ministry") or country is None or country.type != ET.COUNTRY or not curated_id(org_key):
        return
    gaz = curated_ministry(st, second["ministry"], org_key)
    if gaz:
        key = st.mention(st.add(curated_key(gaz), ET.ORGANIZATION, second["ministry"], gaz, "gazetteer:ministry-match"))
        add_post(st, i, rule, person_key, Mention(role.start, role.end, M.ROLE, role.text, attrs=second), key)


def state_country(st, role, org, mentions):
    """A head of state or government holds the post for a country, never for an organisation
    (lexicon.yaml#state_roles_en): the country of the title, else the sentence's only country, else the
    article's only one."""
    near = country_near(role, org, mentions)
    if near:
        return near
    here = {x.attrs.get("key") for x in mentions if x.type == M.COUNTRY and x.attrs.get("key")}
    if len(here) == 1:
        return next(iter(here))
    named = [curated_key(c) for c in sorted(st.countries) if curated_key(c) in st.entities]
    return st.mention(named[0]) if not here and len(named) == 1 else None


def country_near(role, org, mentions):
    if org is not None and org.type == M.COUNTRY:
        return org.attrs.get("key")
    for x in mentions:
        if x.type == M.DEMONYM and (abs(x.end - role.start) <= 2 or 0 <= x.start - role.end <= 2) and x.entity:
            # "Iraqi Minister of …", "وزير التربية الوطنية المغربي"
            return curated_key(x.entity)
    after = [x for x in mentions if x.type == M.COUNTRY and 0 <= x.start - role.end <= 8]
    if after:
        return after[0].attrs.get("key")
    return ""


def add_post(st, i, rule, person_key, role, org_key):
    for f in st.facts_of(FactKind.POST):
        if f.data.person == person_key and f.data.org == org_key:
            if len(role.attrs["label"]) > len(f.data.role):
                f.data.role = role.attrs["label"]
            f.more.append((i, rule))
            return
    st.add_fact(FactKind.POST, i, rule, Post(person_key, org_key, role.attrs["label"]))
