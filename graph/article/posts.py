"""Posts: a person holds a title at an organisation (patterns/posts.yaml). The organisation is the
rule's slot, the ministry the title implies, an organisation the sentence opens with, one a generic
reference names ('Director-General of the Organization'), or the organisation named just before."""
from __future__ import annotations

from graph.article.entities import curated_ministry, ministry
from graph.article.context import script_of
from graph.article.tagging import slot, slot_of
from graph.model import EntityType as ET, FactKind, Mention, MentionType as M, Post, curated_id, curated_key
from graph.normalize import fold



def find_posts(st, i, tagged, mentions):
    lang = st.article.language
    seen = set()
    for rule, m in st.matches("posts", tagged, lang):
        person = slot(m, "person", mentions)
        if person is None and "previous_person" in rule.requires:
            person_key = st.last_person
        else:
            person_key = person.attrs.get("key") if person else None
        role = slot(m, "role", mentions)
        if not person_key or role is None or role.start in seen:
            continue
        org = slot(m, "org", mentions) or slot(m, "country", mentions)
        org_key = post_org(st, role, org, m, tagged, mentions)
        if not org_key or (person is None and held_by_another(st, person_key, role, org_key)):
            continue
        seen.add(role.start)
        unit = slot(m, "unit", mentions)
        if unit is not None:
            role = Mention(role.start, unit.end, M.ROLE, role.text, attrs={**role.attrs, "label": f"{role.attrs['label']} {unit.text}"})
        add_post(st, i, rule.name, person_key, role, org_key)
        second_ministry(st, i, rule.name, person_key, role, org_key)
        if lang == "ar":
            chain(st, i, rule, person_key, m.end(), tagged, mentions, seen)


def chain(st, i, rule, person_key, pos, tagged, mentions, seen):
    """Arabic chains of posts: 'فلان عضو المجلس الأعلى حاكم الشارقة الرئيس الأعلى لجامعة الشارقة'
    (lexicon.yaml#chain_proclitics_ar)."""
    link = st.ctx.chain_link
    while True:
        m = link.match(tagged, pos)
        if not m:
            return
        role, org = mentions[int(m.group(1))], mentions[int(m.group(2))]
        if org.attrs.get("key") and role.start not in seen:
            seen.add(role.start)
            add_post(st, i, f"{rule.name}+chain", person_key, role, org.attrs["key"])
        pos = m.end()


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
    named = generic_reference(st, tagged, role, mentions)
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
    art = st.ctx.strip_article
    head = fold(m.group(1) or m.group(2)).rstrip("s")
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
        if x.type == M.DEMONYM and abs(x.end - role.start) <= 2 and x.entity:
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
