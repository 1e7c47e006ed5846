"""lexicon.yaml: named word lists. Every list the code reads is named in LEXICON_LISTS and must be
present; each entry must be a non-empty string. Errors name the list and the entry."""
from __future__ import annotations

from pathlib import Path

from graph.errors import RuleError


# Word lists the recognisers read (lexicon.yaml must define each; a pattern may use any list).
LEXICON_LISTS = (
    "honorifics_en", "honorifics_ar", "particles_en", "given_names_en", "given_names_ar", "org_heads_en", "org_heads_ar",
    "stop_words_en", "stop_words_ar", "verbs_ar", "resumptive_ar", "staff_nouns_ar", "plural_titles_en", "org_lead_words_en",
    "titles_before_name_en", "person_after_words_ar", "venue_heads_en", "venue_heads_ar", "not_name_words_en", "town_prepositions_en",
    "town_date_links_en", "town_prepositions_ar", "town_date_links_ar", "speech_verbs_en", "meeting_nouns_en",
    "meeting_nouns_ar", "portfolio_words_en", "portfolio_words_ar", "months_en", "months_ar", "weekdays_en", "weekdays_ar",
    "meeting_nouns_not_heads_en", "portfolio_joiners_en", "conjunctions_en", "and_en", "articles_en", "portfolio_links_en",
    "charge_links_en", "lowercase_titles_en", "possessive_only_titles_en", "title_determiners_en", "apposition_links_en",
    "name_connectors_en", "trailing_connectors_en", "role_org_links_en", "event_links_en", "conjunction_clitics_ar",
    "portfolio_proclitics_ar", "definite_article_ar", "portfolio_translations", "ministry_words_en", "ministry_words_ar",
    "ministry_country_links", "ministry_function_words", "demonym_endings_en", "not_demonyms_en",
    "back_reference_determiners_en", "back_reference_modifiers_en", "back_reference_nouns_en", "back_reference_nouns_ar",
    "generic_reference_links_en", "generic_reference_heads_en", "generic_reference_proclitics_ar",
    "generic_reference_heads_ar", "place_prepositions_ar", "future_auxiliaries_en", "host_verbs_en", "host_verbs_ar",
    "pronouns_en", "signed_by_verbs_en", "signed_by_verbs_ar", "signer_verbs_en", "signer_verbs_ar", "not_signer_verbs_en",
    "chain_proclitics_ar", "event_phrases_en", "event_types_en", "generic_meeting_types", "weak_meeting_types_en",
    "plural_meeting_nouns_en", "proclitics_ar", "lam_clitic_ar", "lam_article_ar", "place_clitics_ar", "pronoun_suffixes_ar",
    "feminine_endings_ar", "ministry_join_links", "city_words_en", "ordinal_suffixes_en", "range_words_en", "range_words_ar",
    "range_from_ar", "year_words_ar", "not_date_after_en", "weekday_lead_words_en", "future_weekday_words_en",
    "weekday_lead_words_ar", "tomorrow_words_ar", "relative_days_en", "relative_days_ar", "current_month_ar", "ordinals_ar", "name_end_time_words_ar", "future_markers",
    "abbreviations", "agent_words_en", "name_key_drop_words", "label_honorifics_en",
    "witness_phrases_en", "witness_phrases_ar", "person_after_words_en", "envoy_roles", "misspelt_country_min_ratio",
    "sequel_clitics_ar", "organ_heads_ar", "session_nouns_ar", "chain_relatives_ar",
    "org_heads_after_title_ar", "minister_title_refs_ar", "construct_nouns_ar",
    "letter_skeletons_ar", "state_words_ar", "signatory_leads_ar")
LEXICON_LISTS += ("located_heads_en", "title_organs_en", "state_roles_en", "host_lead_words_en",
                  "occasion_links_en", "bare_meeting_types_en",
                  "signing_meeting_types_en")   # English extraction (issue 16)


def load_lexicon(path: Path) -> dict:
    """Word lists (honorifics, given names, org heads, triggers …): key -> list of non-empty strings."""
    from graph.ruleset import load_yaml
    data = load_yaml(path)
    out = {}
    for key, value in data.items():
        if key == "__line__":
            continue
        if not isinstance(value, list):
            raise RuleError(path, key, "must be a list of strings")
        for i, v in enumerate(value):
            if not isinstance(v, str) or not v.strip():
                entry = f"{key}, entry {i}, line {v.pop('__line__')}" if isinstance(v, dict) and "__line__" in v \
                    else f"{key}, entry {i} ({v!r})"
                raise RuleError(path, entry, "must be a non-empty string (quote words YAML "
                                                                 "reads as numbers, booleans or null: 'On', 'No', '3')")
        out[key] = value
    missing = [key for key in LEXICON_LISTS if key not in out]
    if missing:
        raise RuleError(path, missing[0], "missing word list (the recognisers read it)")
    return out
