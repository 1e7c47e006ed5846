"""Fuzzy, explainable entity resolution across articles (graph/fuzzy_match.py, graph/merge_actors.py,
graph/rules/resolution.yaml), on invented names and articles."""
import random
import shutil
from pathlib import Path

import pytest

from graph.errors import RuleError
from graph.fuzzy_match import compare_orgs, compare_persons, person_name
from graph.resolution_rules import load_resolution
from graph.ruleset import default_rules_dir


@pytest.fixture(scope="module")
def res_rules():
    return load_resolution()


def persons(a, b, rules):
    return compare_persons(person_name(a, rules.persons), person_name(b, rules.persons), rules.persons)


@pytest.mark.parametrize("a, b", [
    ("Kareem Al-Haddad", "Karim Haddad"),                 # ee/i, with and without Al-
    ("Youssef Abdel Rahman Nouri", "Yusuf Abdulrahman Nuri"),   # ou/u, Abdel / Abdul, space
    ("Mahmoud El-Sayed Bakri", "Mahmood Elsayed Bakri"),  # ou/oo, El- joined
    ("Mahmoud El-Sayed Bakri", "Mahmud Sayed Bakri"),     # with and without El-
    ("Hossein Tavakkoli-Rad", "Hossein Tavakoli Rad"),    # doubled letters, hyphen / space
    ("Mohsen Abd al-Karim Zubairi", "Mohsin Abdulkarim Zubairi"),
    ("Nasreddin Brahim Talbi", "Nasreddin Ibrahim Talbi"),  # a middle name without its first vowel
    ("Ahmed Qasim Farouk", "Ahmad Kasim Faruk"),
    ("سليم عبد الكريم النعيمي", "سليم عبدالكريم النعيمي"),          # Arabic: عبد joined or not
    ("سليم عبد الكريم النعيمي", "سليم عبد الكريم النعيمي يوم الاثنين"),   # a name run on into a time phrase
    ("سليم عبد الكريم النعيمي", "سليم عبد الكريم النعيمي خطة عمل"),       # ... or into the thing signed
    ("سليم عبد الكريم النعيمي", "سليم عبد الكريم النعيمي الأسبوع الماضي"),  # ... or into "last week"
    ("سليم عبد الكريم النعيمي", "سليم عبد الكريم النعيمي الذي"),           # ... or into a relative pronoun
    ("Tamer Al-Zanany", "Tamir El-Zanani"),               # a final y / i, and El- / Al-
    ("Yehia Darwani", "Yahya Darwani"),                   # ia / ya at a name's end
    ("Darvish Ghalamkar", "Darvish Qalamkar"),            # Persian gh / q
    ("Jawad Tavasoli", "Javad Tavassoli"),                # w / v
    ("Hussain Ghaderi", "Hussein Qaderi"),                # ai / ei
    ("Seyed Jalal Tavana", "Jalal Tavana"),               # a title of descent is no name
])
def test_transliterations_of_one_name_match(res_rules, a, b):
    m = persons(a, b, res_rules)
    assert m is not None and m.rule == "resolution.yaml#person-transliteration"
    assert 0.85 <= m.score <= 1.0 and "|" in m.key


@pytest.mark.parametrize("a, b", [
    ("Samir Haddad", "Amir Haddad"),          # same surname, different given names
    ("Omar Haddad", "Khalid Haddad"),
    ("Omar Haddad", "Omar Nasser"),           # same given name, different surnames
    ("Karim Haddad", "Karima Haddad"),        # another gender
    ("Jamil Rostami", "Jamila Rostami"),
    ("Karim Haddad", "Karim Haddadi"),        # a family name formed from another
    ("Hassan Nouri", "Hussein Nouri"),        # two names, not two spellings
    ("Haddad", "Haddad"),                     # a surname alone is nobody in particular
    ("Hassan Tavana", "Hassanali Tavana"),    # a name joined to another is another name
    ("Jalal Abutaleb Zorani", "Jalal Abu Bakr Zorani"),
    ("Yahya Darwani", "Yasmin Darwani"),
])
def test_different_people_who_share_a_name_part_stay_apart(res_rules, a, b):
    assert persons(a, b, res_rules) is None


@pytest.mark.parametrize("a, b", [
    ("Hesham Abu-Bakr Zorani", "Hisham Abubakr Zorani"),     # hyphen / joined
    ("Gholamreza Tavana", "Gholam Reza Tavana"),             # joined / apart
    ("Abdelaziz Benkiran", "Abdel-Aziz Ben Kiran"),          # ... with a particle
])
def test_words_joined_or_apart_are_one_name(res_rules, a, b):
    m = persons(a, b, res_rules)
    assert m is not None and m.rule == "resolution.yaml#person-joined-words"
    assert persons(a, b.replace("Zorani", "Zarani").replace("Tavana", "Tavani").replace("Kiran", "Kirani"), res_rules) is None


def test_a_middle_initial_is_the_middle_name_it_begins(res_rules):
    assert persons("Tarek M. Zubairi", "Tarek Mahmoud Zubairi", res_rules).rule == "resolution.yaml#person-initials"
    assert persons("Tarek M Zubairi", "Tarek Mahmoud Ali Zubairi", res_rules).rule == "resolution.yaml#person-fewer-names"
    assert persons("Tarek M. Zubairi", "Tarek K. Zubairi", res_rules) is None          # two initials
    assert persons("Tarek M. Zubairi", "Tarek Karim Zubairi", res_rules) is None       # another middle name
    assert persons("T. Zubairi", "Tarek Zubairi", res_rules) is None                   # a given name is no initial
    assert persons("Tarek Zubairi M.", "Tarek Zubairi Mahmoud", res_rules) is None      # nor a last name


def test_a_shorter_name_matches_the_fuller_one(res_rules):
    m = persons("Tarek Zubairi", "Tarek Ali Zubairi", res_rules)
    assert m.rule == "resolution.yaml#person-fewer-names" and m.key == "trk|zbr"
    assert persons("Tarek Zubairi", "Tarek Ali Hamdi", res_rules) is None


@pytest.mark.parametrize("a, b, rule", [
    ("Islamic Organisation for Food Security", "Islamic Organization of Food Security", "org-fingerprint"),
    ("Regional Centre for Water Programmes", "Regional Center for Water Programs", "org-fingerprint"),
    ("Caspian Institute of Arts & Crafts", "Caspian Institute of Arts and Crafts", "org-fingerprint"),
    ("Tabriz University of Medical Sciences", "University of Medical Sciences Tabriz", "org-fingerprint"),
    ("Federation of Caspian Universities", "Federation of Caspian Univeristies", "org-one-typo"),
    ("Caspian Institute of Paediatric Labour Analysis", "Caspian Institute for Pediatric Labor Analysis", "org-fingerprint"),
    ("Caspian Forum for Interfaith Dialogue", "Caspian Forum of Interfaith Dialog", "org-fingerprint"),
    ("Caspian Authority on Marine Fisheries", "Caspian Marine Fisheries Authority", "org-fingerprint"),
    ("Caspian Centre of Excellence in Nano-technology", "Caspian Center for Excellence in Nanotechnology", "org-joined-words"),
])
def test_organisation_spellings_match(res_rules, a, b, rule):
    m = compare_orgs(a, b, res_rules.organizations)
    assert m is not None and m.rule == f"resolution.yaml#{rule}"


@pytest.mark.parametrize("a, b", [
    ("Ministry of Foreign Affairs", "Ministry of Affairs Foreign"),     # generic words alone name no one
    ("Caspian Islamic University of Malaysia", "Caspian Islamic University of Malaysian"),  # a guarded word
    ("Tabriz Medical University", "Tabriz Dental University"),
    ("Islamic Academy of Caspian Arts", "Islamic Academy of Caspian Law"),
    ("Caspian Centre of Marine Sciences", "Caspian Centre of Marine Studies"),
    ("Caspian Nano Technology Park", "Caspian Nanotechnology Institute"),
])
def test_different_organisations_stay_apart(res_rules, a, b):
    assert compare_orgs(a, b, res_rules.organizations, frozenset({"malaysia", "malaysian"})) is None


# ------------------------------------------------------------------ across articles

ARTICLES = {
    "a1.txt": "Dr. Kareem Al-Haddad, the Rector of the University of Tabriz, visited Dushanbe on Monday. "
              "He met Dr. Samir Nouri, the President of the Tajik Academy of Sciences.",
    "a2.txt": "Dr. Karim Haddad, the Rector of the University of Tabriz, said the plan works. "
              "Dr. Amir Nouri welcomed the delegation.",
    "a3.txt": "Dr. Karima Haddad, the Dean of the Faculty of Law of the University of Tabriz, spoke in Baku.",
}


def extracted(rules, texts):
    from graph.extract import extract_article
    from graph.read import parse_article
    return [extract_article(parse_article(t.encode(), name), rules) for name, t in texts.items()]


def person_labels(res):
    return sorted(a.labels.get("en", "") for a in res.actors.values() if a.type == "Person")


def test_resolution_merges_spellings_keeps_people_apart_and_says_why(rules):
    from graph.resolve import resolve
    res = resolve(extracted(rules, ARTICLES), {e.id: e for e in rules.entities})
    assert person_labels(res) == ["Amir Nouri", "Kareem Al-Haddad", "Karima Haddad", "Samir Nouri"]
    [merge] = res.merges
    assert merge.spelling == "Karim Haddad" and merge.rule == "resolution.yaml#person-transliteration"
    assert merge.into.endswith("person/kareem-alhaddad") and merge.merged.endswith("person/karim-haddad")
    kareem = next(a for a in res.actors.values() if a.labels.get("en") == "Kareem Al-Haddad")
    assert "Karim Haddad" in kareem.alt
    assert any(r.startswith("fuzzy-name:Karim Haddad (resolution.yaml#person-transliteration, key 'krm|hdd'")
               for r in kareem.resolved_by)


def test_resolution_does_not_depend_on_article_order(rules):
    from graph.resolve import resolve
    fxs = extracted(rules, ARTICLES)
    gaz = {e.id: e for e in rules.entities}
    first = resolve(fxs, gaz)
    for seed in (1, 2):
        shuffled = fxs[:]
        random.Random(seed).shuffle(shuffled)
        again = resolve(shuffled, gaz)
        assert again.merges == first.merges and again.key_of == first.key_of
        assert {k: a.iri_path for k, a in again.actors.items()} == {k: a.iri_path for k, a in first.actors.items()}


def test_a_short_name_that_fits_two_people_joins_neither(rules):
    from graph.resolve import resolve
    texts = {"b1.txt": "Dr. Tarek Ali Zubairi, the Rector of the University of Tabriz, spoke.",
             "b2.txt": "Dr. Tarek Hamdi Zubairi, the Dean of the Faculty of Law of the University of Tabriz, spoke.",
             "b3.txt": "Dr. Tarek Zubairi said the plan works."}
    res = resolve(extracted(rules, texts), {e.id: e for e in rules.entities})
    assert person_labels(res) == ["Tarek Ali Zubairi", "Tarek Hamdi Zubairi", "Tarek Zubairi"]
    assert res.merges == []
    res2 = resolve(extracted(rules, {k: v for k, v in texts.items() if k != "b2.txt"}), {e.id: e for e in rules.entities})
    assert person_labels(res2) == ["Tarek Ali Zubairi"]
    assert res2.merges[0].rule == "resolution.yaml#person-fewer-names"


def test_parent_acronym_prefix_merges_only_under_the_same_parent(rules):
    from graph.resolve import resolve
    texts = {"c1.txt": "The OIC Standing Committee on Marine Research met in Jeddah on Monday.",
             "c2.txt": "The OIC said the Standing Committee on Marine Research met in Dakar."}
    res = resolve(extracted(rules, texts), {e.id: e for e in rules.entities})
    rows = [m for m in res.merges if m.rule == "resolution.yaml#org-parent-prefix"]
    assert len(rows) == 1 and rows[0].key.startswith("OIC + ")
    lone = {"c1.txt": texts["c1.txt"], "c3.txt": "The Standing Committee on Marine Research met in Dakar."}
    res = resolve(extracted(rules, lone), {e.id: e for e in rules.entities})
    assert not [m for m in res.merges if m.rule == "resolution.yaml#org-parent-prefix"]


@pytest.mark.parametrize("prefixed", ["OIC-Standing Committee on Marine Research"])
def test_a_parent_acronym_joined_by_a_hyphen_is_a_prefix_too(rules, prefixed):
    from graph.resolve import resolve
    texts = {"c1.txt": f"The {prefixed} met in Jeddah on Monday.",
             "c2.txt": "The OIC said the Standing Committee on Marine Research met in Dakar."}
    res = resolve(extracted(rules, texts), {e.id: e for e in rules.entities})
    [row] = [m for m in res.merges if m.rule == "resolution.yaml#org-parent-prefix"]
    assert row.key == "OIC + standing committee on marine research"


def test_acronyms_are_mostly_capitals():
    from graph.fuzzy_match import is_acronym
    assert [w for w in ["OIC", "IsDB", "ICESCO", "Oic", "Standing", "O", "OIC2"] if is_acronym(w)] == ["OIC", "IsDB", "ICESCO"]


def test_a_malformed_resolution_file_names_file_and_entry(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    path = folder / "resolution.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("pattern: '(\\w)\\1+'", "pattern: '(\\w'"), encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_resolution(folder)
    assert "resolution.yaml" in str(e.value) and "doubled-letters" in str(e.value) and "line" in str(e.value)
    path.write_text(text.replace("name_similarity: 0.85", "name_similarity: high"), encoding="utf-8")
    with pytest.raises(RuleError, match="persons.name_similarity: must be a number"):
        load_resolution(folder)


def test_a_name_that_ran_on_joins_its_person_under_the_clean_name(rules):
    from graph.resolve import resolve
    texts = {"d1.txt": "وقع الدكتور سليم عبد الكريم النعيمي خطة عمل مع الجامعة.",
             "d2.txt": "وقع الدكتور سليم عبد الكريم النعيمي خطة عمل مع المعهد.",
             "d3.txt": "قال الدكتور سليم عبد الكريم النعيمي إن الخطة جيدة."}
    res = resolve(extracted(rules, texts), {e.id: e for e in rules.entities})
    people = [a for a in res.actors.values() if a.type == "Person"]
    assert [a.labels["ar"] for a in people] == ["سليم عبد الكريم النعيمي"]
    [merge] = res.merges
    assert merge.spelling.startswith("سليم عبد الكريم النعيمي خطة") and merge.rule.endswith("person-transliteration")


def test_a_short_name_an_initial_and_the_full_name_are_one_person(rules):
    from graph.resolve import resolve
    texts = {"i1.txt": "Dr. Tarek M. Zubairi, the Rector of the University of Tabriz, spoke.",
             "i2.txt": "Dr. Tarek Mahmoud Zubairi, the Rector of the University of Tabriz, visited Baku.",
             "i3.txt": "Dr. Tarek Zubairi said the plan works."}
    res = resolve(extracted(rules, texts), {e.id: e for e in rules.entities})
    assert person_labels(res) == ["Tarek Mahmoud Zubairi"]
    assert {m.rule for m in res.merges} <= {"resolution.yaml#person-initials", "resolution.yaml#person-fewer-names"}
