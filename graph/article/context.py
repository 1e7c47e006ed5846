"""What the article pipeline compiles once per rule set: the recogniser, the index of curated
organisations, the pattern filter and the sentence-level regexes built from lexicon.yaml."""
from __future__ import annotations

import re

from graph.article.clean import abbreviations
from graph.article.names import Recogniser
from graph.article.shapes import alternation
from graph.match import ARABIC_CHAR
from graph.normalize import fold, name_key
from graph.prefilter import Prefilter

_CONTEXTS: dict = {}


def context_for(rules) -> "Context":
    """One compiled context per rule set (kept with the rule set it was built from)."""
    cached = _CONTEXTS.get(id(rules))
    ctx = cached[1] if cached and cached[0] is rules else None
    if ctx is None:
        ctx = Context(rules)
        _CONTEXTS[id(rules)] = (rules, ctx)
    return ctx


def spaced(words) -> str:
    """An alternation of WORDS, the spaces inside an entry matching any run of white space."""
    return alternation(words).replace("\\ ", r"\s+")


class Context:
    def __init__(self, rules):
        lx = rules.lexicon
        self.rules = rules
        self.rec = Recogniser(rules)
        self.abbreviated = abbreviations(lx["abbreviations"])
        self.gazetteer = self.rec.gazetteer
        self.entities = self.gazetteer.entities
        self.lx = lx
        self.index = curated_index(rules.entities, self)
        for pair in lx["portfolio_translations"]:
            ar, _, en = pair.partition("=")
            self.index["portfolios"][fold(ar)] = en.strip()
        art, conj = lx["definite_article_ar"][0], alternation(lx["conjunction_clitics_ar"])
        the = re.escape(lx["articles_en"][0])
        self.article_ar, self.conj_ar = art, conj
        self.ministry = re.compile(rf"^(?:{the}\s+)?(?:[A-Z][\w-]+\s+)?(?:{alternation(lx['ministry_words_en'])})\b"
                                   rf"|^(?:{art})?(?:{alternation(lx['ministry_words_ar'])})", re.I)
        self.leading_the = re.compile(rf"^(?:{the}\s+)", re.I)
        self.leading_the_cased = re.compile(rf"^(?:{the}|{the.capitalize()})\s+")
        heads_ar = {v for w in lx["ministry_words_ar"] for v in (w, fold(w))}
        self.ministry_head_ar = re.compile(rf"^(?:{art})?(?:{alternation(heads_ar)})\s*")
        self.portfolio_split_ar = re.compile(rf"\s+(?:{conj})(?={art})")
        self.ministry_tail = re.compile(rf"\s+(?:{alternation(lx['ministry_country_links'])})(?:\s+{the})?$")
        self.back_reference = re.compile(
            rf"\b(?:{alternation(lx['back_reference_determiners_en'])})\s+(?:(?:{alternation(lx['back_reference_modifiers_en'])})\s+)?"
            rf"(?:{alternation(lx['back_reference_nouns_en'])})\b|(?:^|\s)(?:{alternation(lx['back_reference_nouns_ar'])})(?:\s|$)", re.I)
        self.generic_reference = re.compile(
            rf"\s+(?:{alternation(lx['generic_reference_links_en'])})\s+{the}\s+({alternation(lx['generic_reference_heads_en'])})\b"
            rf"(?!\s+(?:{alternation(lx['portfolio_links_en'])})\b)"
            rf"|\s*(?:{alternation(lx['generic_reference_proclitics_ar'])})({alternation(lx['generic_reference_heads_ar'])})(?![\u0621-\u064a])", re.I)
        prep_en, prep_ar = alternation(lx["town_prepositions_en"]), alternation(lx["place_prepositions_ar"])
        self.place_context = re.compile(
            rf"\b(?:{prep_en})\s+⟦L\d+⟧|(?:{prep_ar})\s*⟦L\d+⟧|⟦L\d+⟧(?:\s*,[^,]{{0,40}},)?\s+(?:(?:{spaced(lx['future_auxiliaries_en'])})\s+)?"
            rf"(?:{alternation(lx['host_verbs_en'])})|(?:{alternation(lx['host_verbs_ar'])})\s*⟦L", re.I)
        self.occasion_before = re.compile(rf"\b(?:{spaced(lx['occasion_links_en'])})\s+(?:the\s+)?$", re.I)
        self.host_after = re.compile(rf"\s+(?:(?:{spaced(lx['host_lead_words_en'])})\s+)?(?:{alternation(lx['host_verbs_en'])})", re.I)
        self.place_before = re.compile(rf"(?:\b(?:{prep_en})\s+|(?:{prep_ar})\s*)$")
        self.pronoun_start = re.compile(rf"^\s*(?:{alternation(lx['pronouns_en'])})\b", re.I)
        self.pronoun = re.compile(rf"\b(?:{alternation(lx['pronouns_en'])})\b", re.I)
        self.signed_by = re.compile(rf"\b(?:{alternation(lx['signed_by_verbs_en'])})\b[^.;]{{0,80}}?\b(?:{alternation(lx['agent_words_en'])})\b"
                                    rf"|{spaced(lx['signed_by_verbs_ar'])}")
        self.signing_verb = re.compile(rf"\b(?:{alternation(lx['signer_verbs_en'])})\b|{alternation(lx['signer_verbs_ar'])}")
        witness_words = [*lx["witness_phrases_en"], *lx["witness_phrases_ar"]]   # witnesses.py
        self.witness = re.compile(rf"(?:^|(?<=[\s,،(]))(?:{alternation(witness_words)})(?![\w\u0621-\u064a])", re.I)
        self.not_signer = re.compile(rf"⟦P(\d+)⟧(?!\s*(?:{alternation(lx['not_signer_verbs_en'])}))")
        organs(self, lx)
        self.event_phrases = list(lx["event_phrases_en"])
        self.event_words = set(lx["event_types_en"])
        self.generic_meetings = set(lx["generic_meeting_types"])
        self.weak_types = set(lx["weak_meeting_types_en"])
        self.plural_meetings = set(lx["plural_meeting_nouns_en"])
        # English names composed for ministries: "Ministry of Foreign Affairs", "… of Kenya", "… and …"
        self.ministry_en, self.of_en = lx["ministry_words_en"][0], lx["portfolio_links_en"][0]
        self.and_en = lx["and_en"][0]
        self.ordinal = re.compile(rf"^\d+(?:{alternation(lx['ordinal_suffixes_en'])})\s+")
        self.lead_org = re.compile(r"^\s*⟦O(\d+)⟧(?:'s|’s)")
        self.strip_article = re.compile(f"^{art}")
        self.pattern_filter = PatternFilter(rules.patterns, (self.place_context, self.back_reference))


class PatternFilter:
    """The pattern rules (and sentence-level regexes) a tagged sentence may match, from one scan
    for the words each needs (graph.prefilter reads them out of the rules' own regexes)."""

    def __init__(self, patterns: dict, sentence_regexes=()):
        self.patterns = patterns
        rules = [rule for kind in patterns.values() for rule in kind]
        self.prefilter = Prefilter([rule.regex for rule in rules] + list(sentence_regexes), every_requirement=True)
        self.need = {id(x): need for x, need in zip([*rules, *sentence_regexes], self.prefilter.needs)}
        self.more_needs = {id(x): more for x, more in zip([*rules, *sentence_regexes], self.prefilter.all_needs)}
        self.by_kind: dict = {}
        self.any_need: dict = {}   # (kind, lang) -> the words one of which every rule of KIND for LANG needs (None: some rule needs none)

    def present(self, tagged: str) -> set:
        return self.prefilter.present(tagged)

    def candidates(self, kind: str, lang: str, present: set | None) -> list:
        """The rules of KIND for LANG that may match a sentence with these literals, in file order."""
        rules = self.by_kind.get((kind, lang))
        if rules is None:
            rules = self.by_kind[kind, lang] = [(rule, self.need.get(id(rule)), self.more_needs.get(id(rule), []))
                                                for rule in self.patterns.get(kind, []) if rule.lang in ("any", lang)]
            needs = [need for _, need, _ in rules]
            self.any_need[kind, lang] = None if None in needs else frozenset().union(*needs)
        if present is None:
            return [rule for rule, _, _ in rules]
        any_need = self.any_need[kind, lang]
        if any_need is not None and any_need.isdisjoint(present):
            return []   # not one word any rule of KIND needs is in the sentence: none of them is run
        return [rule for rule, need, more in rules if (need is None or not need.isdisjoint(present))
                and (not more or all(not n.isdisjoint(present) for n in more))]

    def search(self, regex, tagged: str, present: set | None):
        """regex.search(tagged), skipped when a word the regex needs is absent."""
        need = self.need.get(id(regex))
        if present is None or (need is None or not need.isdisjoint(present)) \
                and all(not n.isdisjoint(present) for n in self.more_needs.get(id(regex), ())):
            return regex.search(tagged)
        return None


def organs(ctx, lx):
    """The regexes of Arabic chains of titles and of the organs of a body (graph/article/posts.py)."""
    art, lam, lam_art, conj = lx["definite_article_ar"][0], lx["lam_clitic_ar"][0], lx["lam_article_ar"][0], ctx.conj_ar
    letter, chain = r"[\u0621-\u064a\u0640]", alternation(lx["chain_proclitics_ar"])
    places = alternation([*lx["place_prepositions_ar"], *lx["place_clitics_ar"]])
    # after a title and its body: an acronym in brackets, where the body is, a comma or "، الذي يتولى", the next title
    # (where the body is, then a comma: "مدير جامعة X في السعودية، رئيس …"; without the comma the title may be another's)
    ctx.chain_role = re.compile(rf"(?:\s*\((?:⟦[OC]\d+⟧|[^()⟦⟧]{{1,30}})\))?(?:\s*(?:{places})\s*⟦[CL]\d+⟧(?=\s*[،,]))?"
                                rf"\s*(?:[،,]\s*(?:(?:{spaced(lx['chain_relatives_ar'])})\s+)?)?(?:{conj})?⟦R(\d+)⟧")
    ctx.chain_org = re.compile(rf"\s*(?:{chain})?[«\"'\s]*⟦[OCL](\d+)⟧")
    # "…، رئيس جامعة X الدكتور Y": a title right before a name is that person's ("، والدكتور Y" starts a new one)
    honorifics = [h for h in lx["honorifics_ar"] if not h.startswith(tuple(lx["conjunction_clitics_ar"]))]
    ctx.other_person = re.compile(rf"\s*(?:(?:{alternation(honorifics)})\s*)*⟦P")
    heads = alternation(lx["organ_heads_ar"])
    ctx.organ_heads = {fold(h) for h in lx["organ_heads_ar"]}
    ctx.organ_prefix = re.compile(f"^(?:{fold(lam_art)}|{fold(lam)}|{fold(art)})")
    ctx.organ_of_body = re.compile(
        rf"\s*(?:(?:{alternation(lx['session_nouns_ar'])})\s+{art}\u0640?(?:{letter}+|\d+)\s+)?"
        rf"(?:(?P<slot>⟦O\d+⟧)|(?P<words>(?:{lam_art}|{lam}|{art})?(?:{heads})(?!{letter})(?:\s+{art}{letter}+)?))"
        rf"(?:\s*(?:{chain})?\s*(?P<body>⟦O\d+⟧)|\s*(?:{alternation(lx['generic_reference_proclitics_ar'])})"
        rf"(?P<generic>{alternation(lx['generic_reference_heads_ar'])})(?!{letter}))?")
    ctx.signatory_lead = re.compile(rf"\s*(?:{spaced(lx['signatory_leads_ar'])})(?![\u0621-\u064a])")
    ctx.minister_refs = {fold(w) for w in lx["minister_title_refs_ar"]}
    ctx.ministry_head = fold(lx["ministry_words_ar"][0])
    ctx.organ_pair = re.compile(rf"⟦O(\d+)⟧\s*(?:{chain})\s*⟦O(\d+)⟧")


def script_of(text: str) -> str:
    return "ar" if ARABIC_CHAR.search(text) else "en"


def content_words(name: str, ctx) -> set:
    """The words of a ministry's name that say its portfolio (lexicon.yaml#ministry_function_words and
    demonyms, by their endings, left out)."""
    lx, words = ctx.lx, set()
    function, endings, keep = ctx.function_words, tuple(lx["demonym_endings_en"]), lx["not_demonyms_en"]
    for w in name_key(name).split():
        w = ctx.leading_conj.sub("", w)
        if w not in function and not w.endswith(endings) or w in keep:
            words.add(w.rstrip("s") if len(w) > 4 else w)
    return words


def curated_index(entities, ctx) -> dict:
    """Word-prefixes and full names of curated organisations; ministries by country with their portfolio words."""
    ctx.function_words = {fold(w) for w in ctx.lx["ministry_function_words"]}
    art, conj = ctx.lx["definite_article_ar"][0], alternation(ctx.lx["conjunction_clitics_ar"])
    ctx.leading_conj = re.compile(f"^(?:{conj})(?={art})")
    prefix, full, ministries = {}, {}, {}
    for ent in entities:
        if ent.type != "Organization":
            continue
        for form in [*ent.names.values(), *ent.aliases]:
            words = fold(form).split()
            full.setdefault(" ".join(words), set()).add(ent.id)
            for k in range(1, len(words)):
                prefix.setdefault(" ".join(words[:k]), set()).add(ent.id)
            if ent.kind == "ministry" and ent.country:
                have = content_words(form, ctx)
                if have:
                    ministries.setdefault(ent.country, []).append((ent.id, have, script_of(form)))
    return {"prefix": prefix, "full": full, "ministries": ministries, "portfolios": {}}
