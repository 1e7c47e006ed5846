"""The identity of what a mention names within one article: a curated actor, a known person named in
part, a curated organisation named by the start of its name, a ministry (curated, or one per portfolio
and country), or a new local entity."""
from __future__ import annotations

from graph.article.context import content_words, script_of
from graph.model import ENTITY_OF, EntityType as ET, Mention, MentionType as M, curated_id, curated_key, is_local, \
    key_name, local_key
from graph.normalize import fold, name_key


def entity_key(st, m: Mention) -> str | None:
    """The key of the entity M names (registered in the article state), None for a title, date …"""
    ctx = st.ctx
    if m.type not in ENTITY_OF:
        return None
    if m.entity:
        ent = ctx.entities[m.entity]
        key = curated_key(ent.id)
        st.add(key, ET(ent.type), m.text, ent.id, m.rule)
        if ent.type == ET.ORGANIZATION and ent.country and ctx.ministry.search(m.text):
            named_country(st, m.text, ent.country)   # "Ministry of Foreign Affairs of Algeria" names Algeria too
        return key
    key = local_key(m.type, name_key(m.text))
    if m.type == M.PERSON and m.attrs.get("surname_of"):
        return st.add(m.attrs["surname_of"], ET.PERSON, m.text)
    if m.type == M.PERSON:
        key = person_key(st, m) or key
    if m.type == M.ORGANIZATION:
        gaz = curated_prefix(st, m.text)
        if gaz:
            return st.add(curated_key(gaz), ET.ORGANIZATION, m.text, gaz, "gazetteer:prefix-in-article")
    if m.type == M.ORGANIZATION and ctx.ministry.search(m.text):
        named = [h for h in ctx.gazetteer.find(m.text) if ctx.entities[h.entity].type == ET.COUNTRY]
        if named:   # "Ministry of Education of Brazil", "Brazilian Ministry of Education": one node per country
            h = named[0]
            core = (m.text[:h.start] + m.text[h.end:]).strip()
            core = ctx.ministry_tail.sub("", ctx.leading_the.sub("", core)).strip(" ,")
            if ctx.ministry.search(core):
                named_country(st, m.text)   # the article names the country too ("Ministry of Health of Kenya")
                return ministry(st, core, curated_key(h.entity), surface=m.text)
        gaz = curated_ministry(st, m.text, "")
        if gaz:
            return st.add(curated_key(gaz), ET.ORGANIZATION, m.text, gaz, "gazetteer:ministry-match")
    if key.endswith(":"):
        return None
    st.add(key, ENTITY_OF[m.type], m.text, "", m.rule)
    return key


def named_country(st, text, country=""):
    """The curated country named inside a ministry's name (the first one found, or COUNTRY when one of its
    names is in the text), as a mention of the article; its label is the country's own name."""
    ents = st.ctx.entities
    if country:
        ent = ents.get(country)
        folded = f" {fold(text)} "
        if ent is None or not any(f" {fold(n)} " in folded for n in [*ent.names.values(), *ent.aliases]):
            return
    else:
        ent = next((ents[h.entity] for h in st.ctx.gazetteer.find(text) if ents[h.entity].type == ET.COUNTRY), None)
        if ent is None:
            return
    st.mention(st.add(curated_key(ent.id), ET.COUNTRY, ent.names.get(script_of(text)) or ent.names["en"], ent.id,
                      f"gazetteer:{ent.id}"))


def curated_names(st, gaz_id) -> list:
    ent = st.ctx.entities.get(gaz_id)
    return [*ent.names.values(), *ent.aliases] if ent else []


def person_key(st, m: Mention) -> str | None:
    """A partial name ('Barzegar', 'السفير طارق') is the full name seen in the article."""
    words = name_key(m.text).split()
    if not words:
        return None
    for key, ent in st.entities.items():
        if ent.type != ET.PERSON:
            continue
        fulls = [key_name(key).split()] if is_local(key, M.PERSON) else \
            [name_key(n).split() for n in curated_names(st, ent.gazetteer)]
        for full in fulls:
            if len(words) < len(full) and (words == full[-len(words):] or words == full[:len(words)]):
                return key
    return None


def ministry(st, name, country_key, surface=""):
    """The ministry a title names ('Minister of X' -> 'Ministry of X'), or a ministry phrase with its
    country taken out; a curated one when the gazetteer knows it, else one node per (portfolio, country)."""
    ctx = st.ctx
    country = ctx.entities.get(curated_id(country_key)) if country_key else None
    arabic = script_of(name) == "ar"
    english = english_ministry(ctx, name) if arabic else ""
    of = ctx.of_en
    tries = [f"{name} {of} {country.names['en']}", f"{name} {country.names.get('ar', '')}",
             *(f"{d} {name}" for d in country.demonyms)] if country else [name]
    if english and country:
        tries.append(f"{english} {of} {country.names['en']}")
    qualified = (arabic_qualified(ctx, name, country) if arabic else f"{name} {of} {country.names['en']}") if country else ""
    for t in tries:
        hit = ctx.gazetteer.whole(t)   # the whole of t is one curated name
        if hit is not None:
            ent = ctx.entities[hit.entity]
            if ent.type == ET.ORGANIZATION:   # a name the text did not write (a title's) is no label of it
                return st.mention(st.add(curated_key(ent.id), ET.ORGANIZATION, surface or own_name(ctx, ent.id, name, qualified),
                                         ent.id, f"gazetteer:{ent.id}"))
    gaz = curated_ministry(st, name, country_key)
    if gaz:
        return st.mention(st.add(curated_key(gaz), ET.ORGANIZATION, surface or own_name(ctx, gaz, name, qualified),
                                 gaz, "gazetteer:ministry-match"))
    key = local_key(M.ORGANIZATION, name_key(english or name)) + (f"|{country_key}" if country_key else "")
    st.add(key, ET.ORGANIZATION, (qualified or name).strip(), "", "roles.yaml#ministry", country_key)
    st.add(key, ET.ORGANIZATION, surface)   # not the bare 'Ministry of X' of a title: many countries have one
    return st.mention(key)


def arabic_qualified(ctx, name: str, country) -> str:
    """'وزارة خارجية' + the country's name; a name ending in a definite word takes the place preposition first
    ('وزارة الصحة في ...'): a definite noun takes no genitive after it."""
    last = fold(name).split()[-1] if name.split() else ""
    art, link = fold(ctx.lx["definite_article_ar"][0]), ctx.lx["place_prepositions_ar"][0]
    return f"{name} {link} {country.names.get('ar', '')}" if last.startswith(art) else f"{name} {country.names.get('ar', '')}"


def own_name(ctx, gaz_id: str, name: str, qualified: str = "") -> str:
    """For a name the text did not write (a title's): QUALIFIED, the title's ministry with its country, else the
    curated entity's own name in NAME's script."""
    if qualified:
        return qualified
    names = ctx.entities[gaz_id].names
    return names.get(script_of(name)) or names["en"]


def english_ministry(ctx, name: str) -> str:
    """'وزارة التعليم العالي والبحث العلمي' -> 'Ministry of Higher Education and Scientific Research' ('' if unknown),
    from lexicon.yaml#portfolio_translations."""
    table = ctx.index["portfolios"]
    rest = ctx.ministry_head_ar.sub("", fold(name))
    parts, out = [p for p in ctx.portfolio_split_ar.split(rest) if p], []
    whole = table.get(rest)
    if whole:
        return f"{ctx.ministry_en} {ctx.of_en} {whole}"
    for part in parts:
        en = table.get(part) or table.get(ctx.article_ar + part)
        if not en:
            return ""
        out.append(en)
    return f"{ctx.ministry_en} {ctx.of_en} " + f" {ctx.and_en} ".join(out) if out else ""


def curated_prefix(st, name):
    """'the World Forum for Proximity', 'الأمانة العامة': the one curated body named in full in
    this article (or whose parent is) that starts with these words."""
    ctx = st.ctx
    key = fold(ctx.leading_the_cased.sub("", name))
    if len(key) < 6:
        return ""
    starts, equal = ctx.index["prefix"].get(key, set()), ctx.index["full"].get(key, set())
    hits = {e for e in starts if e in st.curated}
    hits |= {e for e in starts | equal if ctx.entities[e].part_of in st.curated}
    return hits.pop() if len(hits) == 1 else ""


def curated_ministry(st, name, country_key):
    """A curated ministry of a country the article names whose portfolio matches NAME's."""
    ctx = st.ctx
    want = content_words(name, ctx)
    if not want:
        return ""
    countries = {curated_id(country_key)} if country_key else st.countries
    scores = {}
    for country in sorted(countries):
        for ent_id, form_words, form_script in ctx.index["ministries"].get(country, ()):
            if form_script != script_of(name):
                continue
            score = len(want & form_words) / len(want | form_words)
            if want <= form_words or form_words <= want:
                score = max(score, 0.75)
            scores[ent_id] = max(scores.get(ent_id, 0.0), score)
    best_score = max(scores.values(), default=0.0)
    top = [e for e, s in scores.items() if s == best_score]
    if len(top) > 1:   # two countries' ministries alike: the one of the country the article's places are in
        here = {ctx.entities[curated_id(k)].country for k in st.mentioned if curated_id(k) in ctx.entities}
        top = [e for e in top if ctx.entities[e].country in here]
    return top[0] if best_score >= 0.6 and len(top) == 1 else ""
