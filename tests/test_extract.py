"""Extraction on articles written for the tests (names no rule or gazetteer entry knows)."""
from pathlib import Path

import pytest

from graph.extract import extract_article
from graph.read import read_article

DATA = Path(__file__).parent / "data"


def facts(fx, kind):
    return [vars(f.data) for f in fx.facts if f.kind == kind]


def names(fx, keys):
    return [fx.entities[k].names[0] for k in keys]


@pytest.fixture(scope="module")
def english(rules):
    return extract_article(read_article(DATA / "invented_en.txt"), rules)


@pytest.fixture(scope="module")
def arabic(rules):
    return extract_article(read_article(DATA / "invented_ar.txt"), rules)


def test_unknown_persons_are_found_by_honorific_and_by_role(english):
    persons = [k for k in english.mentioned if english.entities[k].type == "Person"]
    assert names(english, persons) == ["Farida Osmanova", "Zambry Abdul Kadir"]
    assert english.entities["P:farida osmanova"].rule == "lexicon.yaml#honorifics_en"


def test_posts_with_curated_and_inferred_organisations(english):
    posts = {(english.entities[p["person"]].names[0], p["role"], p["org"]) for p in facts(english, "post")}
    assert posts == {("Farida Osmanova", "Director-General", "gaz:isdb"),
                     ("Zambry Abdul Kadir", "Minister of Higher Education", "gaz:mohe-malaysia")}


def test_meeting_has_weekday_date_resolved_against_publication(english):
    [meeting] = facts(english, "meeting")
    assert meeting["type"] == "meeting"
    assert (meeting["date"].start, meeting["date"].inferred) == ("2024-03-04", "day")
    assert meeting["place"] == "gaz:kuala-lumpur"
    assert {"P:farida osmanova", "P:zambry abdul kadir"} <= set(meeting["attendees"])


def test_agreement_signatories_resolved_from_surnames(english):
    [mou] = facts(english, "agreement")
    assert mou["type"] == "memorandum of understanding"
    assert mou["signatories"] == ["P:farida osmanova", "P:zambry abdul kadir"]
    [agreement_fact] = [f for f in english.facts if f.kind == "agreement"]
    assert agreement_fact.rule == "agreements.yaml#signed-noun"
    assert "signed by Osmanova and Kadir" in english.sentences[agreement_fact.more[0][0]]


def test_page_furniture_never_reaches_the_graph(english):
    assert [rule for rule, _ in english.dropped] == ["read-also"]
    assert not any("Paris" in n or "Ramsay" in n for e in english.entities.values() for n in e.names)


def test_arabic_persons_posts_and_reception(arabic):
    persons = [k for k in arabic.mentioned if arabic.entities[k].type == "Person"]
    assert names(arabic, persons) == ["يوسف بن علي الهاشمي", "كمال الدين أحمد"]
    posts = {(p["person"], p["role"], p["org"]) for p in facts(arabic, "post")}
    assert posts == {("P:يوسف بن علي الهاشمي", "وزير التعليم العالي", "O:ministry of higher education|gaz:bahrain"),
                     ("P:كمال الدين احمد", "الأمين العام المساعد للشؤون العلمية", "gaz:oic")}
    ministry = arabic.entities["O:ministry of higher education|gaz:bahrain"]
    assert ministry.country == "gaz:bahrain" and ministry.rule == "roles.yaml#ministry"
    [meeting] = facts(arabic, "meeting")
    assert (meeting["type"], meeting["place"], meeting["date"].start) == ("reception", "gaz:manama", "2024-03-03")


def test_every_fact_keeps_its_sentence_and_rule(english, arabic):
    for fx in (english, arabic):
        for f in fx.facts:
            assert f.rule.split("#")[0] in {"posts.yaml", "meetings.yaml", "agreements.yaml"} or f.rule.startswith("lexicon")
            assert fx.sentences[f.sentence]


def test_two_people_with_similar_names_stay_apart(rules, tmp_path):
    from graph.read import parse_article
    from graph.resolve import resolve
    a = parse_article("Dr. Karim Najafi spoke. Mr. Karim Najafian, the Director of the Iranian Space Agency, said.".encode(), "a.txt")
    b = parse_article("Dr. Karim Najafi met Ambassador Omar Haddad in Amman.".encode(), "b.txt")
    fa, fb = extract_article(a, rules), extract_article(b, rules)
    res = resolve([fa, fb], {e.id: e for e in rules.entities})
    persons = {k for k, v in res.actors.items() if v.type == "Person"}
    assert {"P:karim najafi", "P:karim najafian", "P:omar haddad"} <= persons
    assert res.key_of[("a.txt", "P:karim najafi")] == res.key_of[("b.txt", "P:karim najafi")]


def test_spelling_variants_across_articles_become_one_node(rules):
    from graph.read import parse_article
    from graph.resolve import resolve
    a = parse_article("Minister Hossein Simaei-Sarraf said the plan works.".encode(), "a.txt")
    b = parse_article("Dr. Hossein Simaei Saraf visited Baghdad.".encode(), "b.txt")
    fa, fb = extract_article(a, rules), extract_article(b, rules)
    res = resolve([fa, fb], {e.id: e for e in rules.entities})
    key = res.key_of[("a.txt", "P:hossein simaei sarraf")]
    assert res.key_of[("b.txt", "P:hossein simaei saraf")] == key
    actor = res.actors[key]
    assert actor.labels["en"] == "Hossein Simaei-Sarraf" and "Hossein Simaei Saraf" in actor.alt
    assert any(r.startswith("fuzzy-name") for r in actor.resolved_by)


def test_cross_script_names_join_through_the_gazetteer(rules):
    from graph.read import parse_article
    from graph.resolve import resolve
    a = parse_article("استقبل الأمين العام لمنظمة التعاون الإسلامي، حسين إبراهيم طه، الوفد.".encode(), "a.txt")
    b = parse_article("Hissein Brahim Taha, the Secretary General of the OIC, said.".encode(), "b.txt")
    res = resolve([extract_article(a, rules), extract_article(b, rules)], {e.id: e for e in rules.entities})
    actor = res.actors["gaz:hissein-brahim-taha"]
    assert actor.labels == {"en": "Hissein Brahim Taha", "ar": "حسين إبراهيم طه"}
    assert res.key_of[("a.txt", "gaz:hissein-brahim-taha")] == res.key_of[("b.txt", "gaz:hissein-brahim-taha")]


def described(fx):
    return {line for f in fx.facts for line in [__import__("graph.curate", fromlist=["x"]).describe_fact(fx, f)]}


def test_more_english_shapes(rules):
    fx = extract_article(read_article(DATA / "invented_en_2.txt"), rules)
    facts_ = described(fx)
    assert "post: M. Iqbal Choudhary — Coordinator General — COMSTECH" in facts_          # role then org, no "of"
    assert "post: Omar Jahangir — Vice Chancellor — Islamic University of Technology" in facts_
    assert "post: Abdul Aziz Ahmad — Ambassador — Republic of Indonesia" in facts_         # "Ambassador of X to Y, Name"
    assert "post: Salim M. AlMalik — Director-General — ICESCO" in facts_                   # "ICESCO Director-General, Dr. X"
    [mou] = facts(fx, "agreement")
    assert (mou["date"].start, mou["place"]) == ("2022-05-05", "gaz:islamabad")
    assert mou["signatories"] == ["gaz:iqbal-choudhary", "P:omar jahangir"]
    forum = [m for m in facts(fx, "meeting") if m["name"] == "10th World Water Forum"]
    assert forum and (forum[0]["date"].start, forum[0]["date"].end) == ("2024-05-18", "2024-05-25")
    # "General Secretariat" alone is the curated body whose parent the article names
    assert fx.entities["gaz:oic-general-secretariat"].rule == "gazetteer:prefix-in-article"


def test_arabic_signatories_and_generic_references(rules):
    fx = extract_article(read_article(DATA / "invented_ar_2.txt"), rules)
    facts_ = described(fx)
    assert "post: أحمد بن حامد نقادي — رئيس — جامعة الملك عبد العزيز" in facts_            # "رئيس الجامعة" = the university named
    assert "post: عسكر موسينوف — الأمين العام المساعد للشؤون العلمية والتكنولوجية — منظمة التعاون الإسلامي" in facts_
    [mou] = facts(fx, "agreement")
    assert mou["type"] == "مذكرة تفاهم"
    assert mou["signatories"] == ["gaz:salim-almalik", "P:احمد بن حامد نقادي"]
    assert {"gaz:icesco", "gaz:kau"} <= set(mou["parties"])
    [conf] = facts(fx, "meeting")
    assert (conf["place"], conf["date"].start, conf["date"].inferred) == ("gaz:tashkent", "2022-11-08", "day")


def test_one_ministry_node_across_phrasings_and_scripts(rules):
    from graph.read import parse_article
    from graph.resolve import resolve
    texts = {"a.txt": "استقبل محمد علي حسن، وزير خارجية زامبيا، الوفد.",
             "b.txt": "Zambia's Minister of Foreign Affairs, Peter Mwale, said the plan works.",
             "c.txt": "Dr. Omar Haddad, an official with the Ministry of Foreign Affairs of Zambia, spoke."}
    fxs = [extract_article(parse_article(t.encode(), n), rules) for n, t in texts.items()]
    orgs = {fx.article.id: [f.data.org for f in fx.facts if f.kind == "post"] for fx in fxs}
    assert orgs == {n: ["O:ministry of foreign affairs|gaz:zambia"] for n in texts}
    res = resolve(fxs, {e.id: e for e in rules.entities})
    actor = res.actors["O:ministry of foreign affairs|gaz:zambia"]
    assert actor.country == "gaz:zambia" and actor.labels["en"] == "Ministry of Foreign Affairs of Zambia"
    assert actor.labels["ar"] == "وزارة خارجية زامبيا"


def invented(rules, body, lang="en"):
    from graph.read import parse_article
    text = f"---\ntitle: t\npublished: 2024-03-06\nlanguage: {lang}\n---\n\n{body}\n"
    return extract_article(parse_article(text.encode(), "a.txt"), rules)


def test_agreement_between_two_named_parties(rules):
    fx = invented(rules, "The cooperation agreement between the Velmora Institute of Science and the "
                         "Tesmara Robotics Company covers joint research.")
    [agreement] = [f for f in fx.facts if f.kind == "agreement"]
    assert agreement.rule == "agreements.yaml#agreement-between"
    assert agreement.data.parties == ["O:velmora institute of science", "O:tesmara robotics company"]


def test_a_title_that_is_only_an_acronym_is_found(rules):
    # no other word of any title in the sentence: the role gate must still let "CEO" through
    fx = invented(rules, "Tesmara Robotics Company CEO Lorvan Quist opened a plant in Brelin.")
    assert described(fx) == {"post: Lorvan Quist — Chief Executive Officer — Tesmara Robotics Company"}
    from graph.article.names import Recogniser
    roles = Recogniser(rules).find_roles("Velmora Trust CEO Ilse Varga spoke; Brelin MP Ilse Varga spoke", "en")
    assert [r.text for r in roles] == ["CEO", "MP"]


def test_arabic_verb_first_signing_at_a_ceremony(rules):
    fx = invented(rules, "وقع رئيس جامعة الملك عبد العزيز الدكتور طارق سليم الفيروني والسيد يوسف حامد القرطاوي، "
                         "رئيس أكاديمية العلوم التركية، خطة عمل مشتركة خلال حفل أقيم في القاهرة يوم 3 مارس 2024.", "ar")
    [plan] = facts(fx, "agreement")
    assert plan["type"] == "خطة عمل" and plan["signatories"] == ["P:طارق سليم الفيروني", "P:يوسف حامد القرطاوي"]
    [ceremony] = facts(fx, "meeting")
    assert (ceremony["type"], ceremony["place"], ceremony["date"].start) == ("ceremony", "gaz:cairo", "2024-03-03")


def test_arabic_name_after_and_and_a_title_before_a_curated_name(rules):
    fx = invented(rules, "شارك في الندوة الدكتور سليم كمال الدواري وطارق حامد البرقوني، الأمين العام لأكاديمية العلوم التركية.", "ar")
    persons = sorted(k for k, e in fx.entities.items() if e.type == "Person")
    assert persons == ["P:سليم كمال الدواري", "P:طارق حامد البرقوني"]   # "و" + a given name starts a name
    assert "post: طارق حامد البرقوني — الأمين العام — أكاديمية العلوم التركية" in described(fx)
    fx = invented(rules, "وأكد الطرفان وعلى رأسهم الوفد أهمية التعاون.", "ar")
    assert not [k for k, e in fx.entities.items() if e.type == "Person"]   # "وعلى" (and on) is not "علي"


def test_an_arabic_conference_in_another_town_is_a_new_meeting(rules):
    fx = invented(rules, "عقد المؤتمر الدولي للطاقة في القاهرة يوم 3 مارس 2024 بحضور الدكتور طارق سليم الفيروني.\n\n"
                         "نظمت جامعة الملك عبد العزيز في الرياض يوم 5 مارس 2024 أعمال المؤتمر الدولي الثاني حول المياه، "
                         "بمشاركة السيد يوسف حامد القرطاوي.", "ar")
    assert [(m["place"], m["date"].start) for m in facts(fx, "meeting")] == [("gaz:cairo", "2024-03-03"), ("gaz:riyadh", "2024-03-05")]


def test_an_unknown_town_before_a_country_or_a_date(rules):
    fx = invented(rules, "Dr. Lorvan Quist met Dr. Ilse Varga at the ministry's offices in Velmoragrad, Peru on 18 June 2018. "
                         "Quist received Varga in Tesmarabad on 20 June 2018. The talks were held in Education, Peru.")
    places = sorted(k for k, e in fx.entities.items() if e.type == "Place")
    assert places == ["L:tesmarabad", "L:velmoragrad"]   # "Education" is a portfolio word, not a town
    assert [m["place"] for m in facts(fx, "meeting")][:2] == ["L:velmoragrad", "L:tesmarabad"]
    fx = invented(rules, "استقبل الدكتور طارق سليم الفيروني في مكتبه بمدينة فلانكند، بيرو يوم 3 مارس 2024 الدكتور يوسف حامد القرطاوي. "
                         "ثم عقد في مكتبه يوم 5 مارس 2024 لقاء مع الوفد.", "ar")
    assert sorted(k for k, e in fx.entities.items() if e.type == "Place") == ["L:فلانكند"]   # not "مكتبه" (his office)


def test_titles_and_unknown_phrases_give_way_to_names(rules):
    from graph.article.names import Recogniser
    import datetime
    rec = Recogniser(rules)
    en = rec.recognise("Mr. Lorvan Quist paid a visit to Velmora Science Foundation in Dar es Salaam, Tanzania.", "en",
                       datetime.date(2024, 3, 6))
    assert [(m.type, m.text) for m in en if m.type in "OL"] == [("O", "Velmora Science Foundation"), ("L", "Dar es Salaam")]
    ar = rec.recognise("بمشاركة رئيس أكاديمية فلانكند للعلوم السيد طارق سليم الفيروني.", "ar", datetime.date(2024, 3, 6))
    assert [(m.type, m.text) for m in ar if m.type in "RO"] == [("R", "رئيس"), ("O", "أكاديمية فلانكند للعلوم")]


def test_vice_titles_keep_their_vice(rules):
    fx = invented(rules, "Prof. Lorvan Quist, the Deputy Vice-Chancellor of Cairo University, received Dr. Ilse Varga, "
                         "Vice-Rector of Al-Azhar University.")
    assert {line for line in described(fx) if line.startswith("post")} == {
        "post: Lorvan Quist — Deputy Vice Chancellor — Cairo University", "post: Ilse Varga — Vice Rector — Al-Azhar University"}


def test_a_ministry_of_a_country_names_the_country(rules):
    fx = invented(rules, "Dr. Lorvan Quist, an official with the Ministry of Higher Education of Peru, met Dr. Ilse Varga, "
                         "an official with the Ministry of Foreign Affairs of Algeria.")
    assert {"gaz:peru", "gaz:algeria"} <= set(fx.mentioned)
    assert fx.entities["gaz:peru"].names == ["Peru"] and fx.entities["gaz:algeria"].names == ["Algeria"]


def test_a_country_that_opens_an_organisation_name_qualifies_it(rules):
    fx = invented(rules, "Tesmara Robotics Company signed an agreement with Universiti Teknologi Malaysia, "
                         "The Velmora Academy and UK eUniversity in Kuala Lumpur on 18 June 2018. "
                         "Officials of the Pakistan Ministry of Foreign Affairs attended.")
    [agreement] = [f for f in fx.facts if f.kind == "agreement"]
    parties = names(fx, agreement.data.parties)
    assert {"Velmora Academy", "UK eUniversity"} <= set(parties)    # split at 'and': two bodies
    assert not any(" and " in p for p in parties)
    assert "gaz:united-kingdom" not in fx.mentioned and "gaz:united-kingdom" not in agreement.data.parties
    assert "gaz:pakistan" in fx.mentioned   # a ministry's country still names the ministry


def test_arabic_organisation_phrases_end_at_conjunctions_verbs_and_purpose(rules):
    from graph.article.names import Recogniser
    import datetime
    rec = Recogniser(rules)

    def orgs(s):
        return [m.text for m in rec.recognise(s, "ar", datetime.date(2024, 3, 6)) if m.type == "O" and not m.entity]
    # the conjunction و before a definite head is not part of the name
    assert orgs("ناقش المؤتمر العام لأكاديمية فلانكند للعلوم والمجلس التنفيذي لها خطة العام.") == \
        ["أكاديمية فلانكند للعلوم", "المجلس التنفيذي"]
    # a verb ends the phrase: "جامعة فلانكند تنظم ندوة" is the university, not "… تنظم ندوة"
    assert orgs("جامعة فلانكند تنظم ندوة دولية.") == ["جامعة فلانكند"]
    # an indefinite head with a relative clause ("a programme of a visit he makes") is not a name
    assert orgs("وتأتي المشاركة في إطار برنامج زيارة يقوم بها الوفد إلى بيرو.") == []
    # an indefinite head followed by "لل…" ("seven universities to obtain") is not a name
    assert orgs("وبت المجلس في طلبات تقدمت بها سبع جامعة للحصول على العضوية.") == []


def test_a_plural_title_opening_a_name_is_people_not_a_body(rules):
    fx = invented(rules, "Taking part in the meeting are the Secretaries General of the Velmora Science Councils "
                         "and the Members of the Tesmara National Assembly.")
    orgs = sorted(e.names[0] for e in fx.entities.values() if e.type == "Organization")
    assert orgs == ["Tesmara National Assembly", "Velmora Science Councils"]


def test_a_town_after_a_comma_in_a_curated_name_is_still_named(rules):
    import dataclasses
    from graph.ruleset import Entity
    velmora = Entity("velmora-institute", "Organization", {"en": "Velmora Institute of Science"},
                     ["Velmora Institute of Science, Kuala Lumpur", "Velmora Institute of Science Kuala Lumpur"])
    with_velmora = dataclasses.replace(rules, entities=[*rules.entities, velmora])
    fx = invented(with_velmora, "Velmora Institute of Science, Kuala Lumpur signed an agreement with the "
                                "Tesmara Robotics Company.")
    assert "gaz:velmora-institute" in fx.mentioned and "gaz:kuala-lumpur" in fx.mentioned
    [agreement] = facts(fx, "agreement")
    assert "gaz:kuala-lumpur" not in agreement["parties"] and "gaz:velmora-institute" in agreement["parties"]
    # without the comma the town is part of the name, not a place of its own
    fx = invented(with_velmora, "Velmora Institute of Science Kuala Lumpur opened a laboratory.")
    assert "gaz:velmora-institute" in fx.mentioned and "gaz:kuala-lumpur" not in fx.mentioned


def test_a_phrase_opening_with_a_curated_name_is_a_body_only_with_a_head_after_it(rules):
    from graph.article.names import Recogniser
    import datetime
    rec = Recogniser(rules)

    def mentions(s):
        return [(m.type, m.text, m.entity) for m in rec.recognise(s, "en", datetime.date(2024, 3, 6)) if m.type in "OC"]
    # a head word (lexicon.yaml#org_heads_en) after the curated name: a body of its own, the curated name inside it
    assert mentions("The OIC Velmora Science Network opened its portal.") == [("O", "OIC Velmora Science Network", "")]
    # no head word after it: the curated name and its acronym, not a new body
    assert mentions("Tesmara Kello, envoy of the Organization of Islamic Cooperation OIC, spoke.") == \
        [("O", "Organization of Islamic Cooperation", "oic"), ("O", "OIC", "oic")]


def test_word_lists_moved_out_of_the_code_are_read_from_the_lexicon(rules):
    # lexicon.yaml#org_lead_words_en: a lead word is not part of the name
    fx = invented(rules, "During the Velmora Science Council session, members spoke.")
    assert [e.names[0] for e in fx.entities.values() if e.type == "Organization"] == ["Velmora Science Council"]
    # lexicon.yaml#titles_before_name_en: a title right before a capitalised run makes it a person
    fx = invented(rules, "The delegation was led by the Rector, Velmar Tosk.")
    assert [e.names[0] for e in fx.entities.values() if e.type == "Person"] == ["Velmar Tosk"]
    # lexicon.yaml#person_after_words_ar (folded like the text: "برئاسة" is "برياسه"): a person follows,
    # but not a definite noun ("برئاسة المؤتمر العام")
    fx = invented(rules, "عقد الاجتماع برئاسة فلان تيسماري في مقر الجامعة.\n\nوجرى ذلك برئاسة المؤتمر العام.", "ar")
    assert [e.names[0] for e in fx.entities.values() if e.type == "Person"] == ["فلان تيسماري"]


def test_a_venue_is_a_place_and_its_curated_city_is_still_named(rules):
    def places(fx):
        return sorted(fx.entities[k].names[0] for k in fx.mentioned if fx.entities[k].type == "Place")

    def orgs(fx):
        return sorted(fx.entities[k].names[0] for k in fx.mentioned if fx.entities[k].type == "Organization")
    fx = invented(rules, "The Velmora Science Council met at the Tesmara Convention Centre on 3 May. "
                         "Delegates stayed at Hotel Kelvarin Lima.")
    assert places(fx) == ["Hotel Kelvarin Lima", "Lima", "Tesmara Convention Centre"]
    assert orgs(fx) == ["Velmora Science Council"]   # the Convention Centre is a venue, not a body
    [meeting] = facts(fx, "meeting")
    assert fx.entities[meeting["place"]].names[0] == "Tesmara Convention Centre"
    # a surname is not a venue: no place preposition or 'the' before it and no curated place in it
    fx = invented(rules, "Stuart Hall said the programme would grow.")
    assert places(fx) == []
    fx = invented(rules, "تنطلق أعمال الدورة الثالثة لمجلس أكاديمية فلانكند للعلوم، ويستضيفها فندق تيسماري الشارقة. "
                         "وعقدت جلسة ثانية في قاعة كيلفارين الكبرى ببيرو، وأخرى في قاعة الاجتماعات.", "ar")
    assert places(fx) == ["الشارقة", "فندق تيسماري الشارقة", "قاعة كيلفارين الكبرى"]   # not "قاعة الاجتماعات" (common nouns)
    assert "gaz:peru" in fx.mentioned and not any("فندق" in o or "قاعة" in o for o in orgs(fx))


def test_arabic_indefinite_descriptions_and_staff_are_not_organisations(rules):
    from graph.article.names import Recogniser
    import datetime
    rec = Recogniser(rules)

    def orgs(s):
        return [m.text for m in rec.recognise(s, "ar", datetime.date(2024, 3, 6)) if m.type == "O" and not m.entity]
    # an indefinite head, indefinite common words (one ending in ة), then ل + what it is for: a description
    assert orgs("وقرر المجتمعون تشكيل لجنة مراجعة لتقييم مشاريع الطاقة.") == []
    assert orgs("وأعلن المعهد عن برنامج منح بحثية لباحثي الجامعات الناشئة.") == []
    # lexicon.yaml#staff_nouns_ar: the teaching staff of a body, not a body
    assert orgs("وحضر اللقاء الطلاب وأعضاء هيئة التدريس.") == []
    # a name (no ة before the ل, or a definite word) stays a name
    assert orgs("وزار الوفد معهد فلانكند لأبحاث الكيمياء.") == ["معهد فلانكند لأبحاث الكيمياء"]
    assert orgs("ووقع الاتفاق مع هيئة تيسمارا للطاقة.") == ["هيئة تيسمارا للطاقة"]


def test_arabic_titles_are_gated_by_their_forms(rules):
    # the Arabic title regex runs only where one of its forms is in the sentence; where one is, the title is found
    from graph.article.names import Recogniser
    roles = Recogniser(rules).roles
    assert [r.text for r in roles._roles_ar("استقبل رئيس جامعة برقاش الدكتور سليم حداد")] == ["رئيس"]
    [minister] = roles._roles_ar("وقال وزير التعليم العالي إن الطلاب سيعودون")
    assert (minister.text, minister.attrs["ministry"]) == ("وزير التعليم العالي", "وزارة التعليم العالي")
    assert roles.role_ar_gate.present("ناقش الطرفان سبل التعاون في البحث العلمي") == set()
    assert roles._roles_ar("ناقش الطرفان سبل التعاون في البحث العلمي") == []
