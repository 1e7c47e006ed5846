"""An organisation named with and without its place is one actor (resolution.yaml#org-place-qualified,
graph/place_qualified.py); on invented names and articles, with the shipped gazetteer's countries and places."""
import shutil

import pytest

from graph.place_qualified import place_words, qualified_match
from graph.resolution_rules import load_resolution
from graph.ruleset import default_rules_dir, load_rules


@pytest.fixture(scope="module")
def res_rules():
    return load_resolution()


@pytest.fixture(scope="module")
def places(rules, res_rules):
    return place_words({e.id: e for e in rules.entities}, res_rules)


@pytest.mark.parametrize("bare, qualified, country, ministry", [
    ("Velmora Islamic University", "Velmora Islamic University Malaysia", "malaysia", False),
    ("Velmora Islamic University", "Velmora Islamic University in Kuala Lumpur", "malaysia", False),
    ("Velmora Islamic University", "Velmora Islamic University, Malaysia", "malaysia", False),
    ("Velmora Islamic University in Kuala Lumpur", "Velmora Islamic University Malaysia", "malaysia", False),
    ("جامعة فلمورا الإسلامية", "جامعة فلمورا الإسلامية بماليزيا", "malaysia", False),
    ("جامعة فلمورا الإسلامية", "جامعة فلمورا الإسلامية الماليزية", "malaysia", False),
    ("جامعة فلمورا الإسلامية في كوالالمبور", "جامعة فلمورا الإسلامية الماليزية", "malaysia", False),
    ("Ministry of Health", "Kenyan Ministry of Health", "kenya", True),
    ("Ministry of Higher Education", "Ministry of Higher Education and Scientific Research of Kenya", "kenya", True),
    ("وزارة التعليم العالي", "وزارة التعليم العالي والبحث العلمي الكينية", "kenya", True),
])
def test_a_name_with_its_place_is_the_bare_name(res_rules, places, bare, qualified, country, ministry):
    assert qualified_match(bare, qualified, f"gaz:{country}", places, res_rules.organizations, ministry)


@pytest.mark.parametrize("bare, qualified, country, ministry", [
    ("Velmora Islamic University", "Velmora Islamic University Islamabad", "malaysia", False),   # another country's
    ("Velmora University", "Velmora Islamic University Malaysia", "malaysia", False),           # a word more
    ("National University of Malaysia", "National University of Singapore", "singapore", False),
    ("Velmora University of Science", "Velmora University of Science and Technology Malaysia", "malaysia", False),
    ("Ministry of Education", "Ministry of Higher Education of Kenya", "kenya", True),          # another ministry
    ("Ministry of Health", "Ministry of Health", "kenya", True),                                 # no place at all
])
def test_other_names_or_places_are_not_the_bare_name(res_rules, places, bare, qualified, country, ministry):
    assert not qualified_match(bare, qualified, f"gaz:{country}", places, res_rules.organizations, ministry)


def resolved(rules, texts, gazetteer=None):
    from graph.extract import extract_article
    from graph.read import parse_article
    from graph.resolve import resolve
    fxs = [extract_article(parse_article(t.encode(), name), rules) for name, t in texts.items()]
    return resolve(fxs, gazetteer or {e.id: e for e in rules.entities})


def org_labels(res):
    return sorted(a.labels.get("en") or a.labels.get("ar") for a in res.actors.values() if a.type == "Organization")


KENYA = "Dr. Lorvan Quist, Minister of Health of Kenya, opened the clinic in Mombasa on Monday."
GHANA = "Dr. Tarek Amani, Minister of Health of Ghana, spoke in Accra on Friday."


def test_a_bare_ministry_of_an_article_tied_to_one_country_is_that_countrys(rules):
    res = resolved(rules, {
        "k1.txt": KENYA,
        "k2.txt": "The Ministry of Health announced in Nairobi on Tuesday that the clinic would open.",
        "k3.txt": "The Ministry of Higher Education said in Nairobi that Dr. Brelin Tosk, Minister of Higher "
                  "Education and Scientific Research of Kenya, would attend.",
    })
    assert org_labels(res) == ["Ministry of Health of Kenya", "Ministry of Higher Education and Scientific Research of Kenya"]
    rows = sorted((m.spelling, m.key) for m in res.merges)
    assert rows == [("Ministry of Health", "ministry health + kenya"),
                    ("Ministry of Higher Education", "ministry higher education + kenya")]
    assert {m.rule for m in res.merges} == {"resolution.yaml#org-place-qualified"}
    health = next(a for a in res.actors.values() if a.labels.get("en") == "Ministry of Health of Kenya")
    assert any(r.startswith("fuzzy-name:Ministry of Health (resolution.yaml#org-place-qualified, key 'ministry health + kenya'")
               for r in health.resolved_by)


def test_the_country_an_envoy_represents_does_not_tie_the_article(rules):
    res = resolved(rules, {"k1.txt": KENYA, "g1.txt": GHANA,
                           "k4.txt": "The Ministry of Health received the Ghanaian Ambassador, Dr. Velko Amari, "
                                     "in Nairobi on Monday."})
    [merge] = res.merges
    assert merge.into.endswith("ministry-of-health-kenya") and merge.spelling == "Ministry of Health"


@pytest.mark.parametrize("bare", [
    "The Ministry of Health said in Nairobi and in Accra that the clinics would open.",   # tied to two countries
    "The Ministry of Education said in Nairobi that the clinic would open.",               # another portfolio
    "The Ministry of Health said on Monday that the clinic would open.",                   # tied to no country
])
def test_a_bare_ministry_stays_apart_when_the_country_is_not_one(rules, bare):
    res = resolved(rules, {"k1.txt": KENYA, "g1.txt": GHANA, "x.txt": bare})
    assert res.merges == []
    assert "Ministry of Health of Ghana" in org_labels(res) and "Ministry of Health of Kenya" in org_labels(res)


@pytest.fixture(scope="module")
def two_universities(tmp_path_factory):
    """The shipped rules and two invented universities of one name, one in Malaysia, one in Islamabad."""
    folder = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(default_rules_dir(), folder)
    orgs = folder / "gazetteer" / "organizations.yaml"
    orgs.write_text(orgs.read_text(encoding="utf-8") + "\n".join([
        "- id: velmora-iu-malaysia", "  type: Organization", "  kind: university", "  name:",
        "    en: Velmora Islamic University Malaysia", "  country: malaysia",
        "- id: velmora-iu-islamabad", "  type: Organization", "  kind: university", "  name:",
        "    en: Velmora Islamic University Islamabad", "  country: pakistan", ""]), encoding="utf-8")
    return load_rules(folder)


def test_a_bare_university_joins_the_one_of_the_articles_country(two_universities):
    rules = two_universities
    known = "The Velmora Islamic University Malaysia and the Velmora Islamic University Islamabad met on Monday."
    res = resolved(rules, {"v0.txt": known,
                           "v1.txt": "Dr. Lorvan Quist, Rector of the Velmora Islamic University, spoke in Kuala Lumpur on Monday."})
    [merge] = res.merges
    assert merge.into.endswith("org/velmora-iu-malaysia") and merge.key == "velmora islamic university + malaysia"
    res = resolved(rules, {"v0.txt": known,
                           "v2.txt": "Dr. Lorvan Quist, Rector of the Velmora Islamic University, spoke in Islamabad on Monday."})
    [merge] = res.merges
    assert merge.into.endswith("org/velmora-iu-islamabad")


@pytest.mark.parametrize("texts", [
    {"v3.txt": "Dr. Lorvan Quist, Rector of the Velmora Islamic University, spoke on Monday."},           # no place
    {"v1.txt": "Dr. Lorvan Quist, Rector of the Velmora Islamic University, spoke in Kuala Lumpur on Monday.",
     "v2.txt": "Dr. Lorvan Quist, Rector of the Velmora Islamic University, spoke in Islamabad on Monday."},  # two places
])
def test_a_bare_university_stays_apart_when_its_country_is_unclear(two_universities, texts):
    known = "The Velmora Islamic University Malaysia and the Velmora Islamic University Islamabad met on Monday."
    res = resolved(two_universities, {"v0.txt": known, **texts})
    assert res.merges == []
    assert org_labels(res) == ["Velmora Islamic University", "Velmora Islamic University Islamabad",
                               "Velmora Islamic University Malaysia"]


@pytest.mark.parametrize("text, label", [
    ("التقى الدكتور سالم النوري وزير الصحة في كينيا بالوفد في نيروبي.", "وزارة الصحة في كينيا"),
    ("التقى الدكتور سالم النوري وزير التعليم العالي بكينيا بالوفد.", "وزارة التعليم العالي في كينيا"),
    ("التقى الدكتور سالم النوري وزير خارجية كينيا بالوفد في نيروبي.", "وزارة خارجية كينيا"),
])
def test_a_ministry_of_an_arabic_title_is_named_with_its_country_and_not_bare(rules, text, label):
    from graph.extract import extract_article
    from graph.read import parse_article
    fx = extract_article(parse_article(text.encode(), "t.txt"), rules)
    [ministry] = [e for e in fx.entities.values() if e.type == "Organization"]
    assert ministry.names == [label] and ministry.country == "gaz:kenya"   # the title's bare 'وزارة ...' is no name of it


def test_a_curated_ministry_named_by_a_title_keeps_the_titles_country(rules):
    from graph.extract import extract_article
    from graph.read import parse_article
    fx = extract_article(parse_article(b"Dr. Lorvan Quist, Minister of Higher Education of Qatar, spoke in Doha.", "q.txt"), rules)
    [ministry] = [e for e in fx.entities.values() if e.type == "Organization"]
    assert ministry.gazetteer and ministry.names == ["Ministry of Higher Education of Qatar"]   # never the bare name
