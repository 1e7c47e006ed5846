"""One article through the pipeline:

    clean (furniture out, sentences split once)  -> sentences
    names.Recogniser.recognise, per sentence      -> mentions
    coreference (full names, surnames)            -> mentions
    entities.entity_key, per mention              -> keys, LocalEntity
    tagging.tag                                   -> tagged sentence
    posts / meetings / agreements                 -> Fact(Post | Meeting | Agreement)
    coreference.drop_unsupported_persons          -> ArticleFacts

`extract_article(article, rules)` is a pure function of one article and the rules (so it runs in
parallel and can be cached by content hash)."""
from __future__ import annotations

from graph.article.envoys import envoy_only_countries
from graph.article.agreements import find_agreements
from graph.article.clean import clean, cut_warning
from graph.article.context import context_for
from graph.article.coreference import drop_unsupported_persons, full_names_first, surname_index, surnames
from graph.article.entities import entity_key
from graph.article.meetings import find_meetings
from graph.article.posts import find_posts
from graph.article.state import ArticleState
from graph.article.tagging import tag
from graph.model import ACTORS, ArticleFacts, MentionType as M, curated_key

COUNTRY_MENTIONS = frozenset({M.COUNTRY, M.DEMONYM})


def extract_article(article, rules) -> ArticleFacts:
    """Every entity and fact one article states, with its evidence."""
    ctx = context_for(rules)
    st = ArticleState(article, ctx)
    cleaned = clean(article.body, rules.furniture, ctx.abbreviated)
    sentences = [s.text for s in cleaned.sentences]
    all_mentions = [ctx.rec.recognise(s, article.language, article.published) for s in sentences]
    st.countries = {m.entity for ms in all_mentions for m in ms if m.entity and m.type in COUNTRY_MENTIONS} \
        - envoy_only_countries(sentences, all_mentions, rules.lexicon)   # "received the Egyptian ambassador"
    st.curated = {m.entity for ms in all_mentions for m in ms if m.entity and m.type == M.ORGANIZATION}
    full_names_first(st, all_mentions)
    names, finder = surname_index(st)
    all_mentions = [surnames(s, ms, names, finder) for s, ms in zip(sentences, all_mentions)]
    for i, (s, mentions) in enumerate(zip(sentences, all_mentions)):
        key_mentions(st, mentions)
        tagged = tag(s, mentions)
        st.present = ctx.pattern_filter.present(tagged)
        find_posts(st, i, tagged, mentions)
        find_meetings(st, i, tagged, mentions)
        find_agreements(st, i, tagged, mentions)
        persons = [m for m in mentions if m.type == M.PERSON and m.attrs.get("key")]
        if persons:
            st.last_person = persons[-1].attrs["key"]
    drop_unsupported_persons(st)
    return ArticleFacts(article, sentences, all_mentions, st.entities, st.mentioned, st.facts,
                        cleaned.dropped, st.candidates, [cut_warning(cleaned.cut)] if cleaned.cut else [])


def key_mentions(st, mentions):
    """Each mention's entity key (attrs 'key'); the actors, and curated names inside names, are mentioned."""
    lang = st.article.language
    keys = [entity_key(st, m) for m in mentions]
    for m, k in zip(mentions, keys):
        m.attrs["key"] = k
        if k and k not in st.mentioned and m.type in ACTORS:
            st.mentioned.append(k)
        for inner in m.attrs.get("inner", []) + m.attrs.get("places", []):
            ik = curated_key(inner)
            ent = st.ctx.entities[inner]
            st.add(ik, ent.type, ent.names.get(lang, ent.names["en"]), inner, f"gazetteer:{inner}")
            st.mention(ik)
