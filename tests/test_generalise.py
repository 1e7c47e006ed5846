"""Generalising rules, each tested on invented sentences (names no gazetteer entry knows):
titles outside the common list, phrasings of meetings and agreements, titles taken for actors."""
import pytest

from graph.extract import extract_article
from graph.read import parse_article


def run(rules, body, lang="en"):
    raw = f"---\ntitle: invented\npublished: 2024-03-06\nlanguage: {lang}\nsource: test\n---\n\n{body}\n".encode()
    return extract_article(parse_article(raw, "invented.txt"), rules)


def posts(fx):
    return {(fx.entities[f.data.person].names[0], f.data.role, fx.entities[f.data.org].names[0])
            for f in fx.facts if f.kind == "post"}


def typed(fx, typ):
    return [fx.entities[k].names[0] for k in fx.mentioned if fx.entities[k].type == typ]


@pytest.mark.parametrize("sentence, person, role, org", [
    ("Velmor Tasken, Desk Officer at the Vartland Science Council, spoke.", "Velmor Tasken", "Desk Officer", "Vartland Science Council"),
    ("Dr. Orsa Kinnel, Programme Specialist of the Nordlan Research Foundation, spoke.", "Orsa Kinnel", "Programme Specialist",
     "Nordlan Research Foundation"),
    ("Marta Olsen, Senior Programme Officer at the Halvard Foundation, spoke.", "Marta Olsen", "Senior Programme Officer",
     "Halvard Foundation"),
    ("Lars Nyborg, an expert of the Velmor Institute, spoke.", "Lars Nyborg", "Expert", "Velmor Institute"),
])
def test_staff_titles_are_posts(rules, sentence, person, role, org):
    fx = run(rules, sentence)
    assert posts(fx) == {(person, role, org)}


def test_a_title_with_an_organisation_head_word_is_not_a_body(rules):
    fx = run(rules, "Marta Olsen, Senior Programme Officer at the Halvard Foundation, met Lars Nyborg, Project Officer, in Oslo.")
    orgs = typed(fx, "Organization")
    assert orgs == ["Halvard Foundation"]
    assert not any("Officer" in name for name in typed(fx, "Person") + orgs)


def test_arabic_prime_minister_without_article_is_a_post(rules):
    fx = run(rules, "وألقى كلمة الافتتاح الدكتور سامر خليل رئيس وزراء تايلاند.", "ar")
    assert posts(fx) == {("سامر خليل", "رئيس وزراء", "تايلاند")}


@pytest.mark.parametrize("sentence, person, role, org", [
    ("Jon Tarrel was elected President of the Halvard University Network.", "Jon Tarrel", "President", "Halvard University Network"),
    ("Mr. Tom Berrick has been appointed Director of the Velmor Institute.", "Tom Berrick", "Director", "Velmor Institute"),
    ("Dr. Orsa Kinnel, professor of chemistry at Harvard University, spoke.", "Orsa Kinnel", "Professor", "Harvard University"),
    ("Dr. Orsa Kinnel, a lecturer in islamic studies at the University of Halvard, spoke.", "Orsa Kinnel", "Lecturer",
     "University of Halvard"),
])
def test_elected_and_field_titles_are_posts(rules, sentence, person, role, org):
    assert posts(run(rules, sentence)) == {(person, role, org)}


def test_an_election_at_a_general_assembly_is_a_meeting(rules):
    fx = run(rules, "Jon Tarrel was elected President of the Halvard University Network at its General Assembly.")
    [meeting] = [f for f in fx.facts if f.kind == "meeting"]
    assert meeting.rule == "meetings.yaml#elected-at"
    assert "P:jon tarrel" in meeting.data.attendees


@pytest.mark.parametrize("sentence, noun", [
    ("The Velmor Institute and the Halvard University signed a cooperation programme.", "programme"),
    ("The Velmor Institute and the Halvard University signed a joint work plan for 2025.", "work plan"),
])
def test_a_signed_plan_or_programme_is_an_agreement(rules, sentence, noun):
    fx = run(rules, sentence)
    [agreement] = [f.data for f in fx.facts if f.kind == "agreement"]
    assert agreement.type == noun
    assert agreement.parties == ["O:velmor institute", "O:halvard university"]


def test_arabic_body_name_ends_before_the_agreement_noun(rules):
    fx = run(rules, "وقعت جامعة فلانكند ومعهد بارينا مذكرة تفاهم بحضور الدكتور سامر خليل.", "ar")
    assert typed(fx, "Organization") == ["جامعة فلانكند", "معهد بارينا"]
    [agreement] = [f.data for f in fx.facts if f.kind == "agreement"]
    assert agreement.type == "مذكرة تفاهم"


def test_arabic_honorific_with_conjunction_starts_a_person(rules):
    fx = run(rules, "جرى توقيع الاتفاقية بحضور الدكتور سامر خليل والدكتور ماهر نبيل.", "ar")
    assert typed(fx, "Person") == ["سامر خليل", "ماهر نبيل"]


@pytest.mark.parametrize("heading", ["Related Stories", "Related", "More from Velmor Times", "Other news"])
def test_a_related_stories_block_of_headlines_is_furniture(rules, heading):
    body = (f"Dr. Orsa Kinnel, President of the Halvard University, met Dr. Tom Berrick in Rabat on Monday.\n\n{heading}\n"
            "Velmor Tasken named coach of the Oslo football club\nHeavy rain expected in Bergen this weekend")
    fx = run(rules, body)
    assert [fx.entities[k].names[0] for k in fx.mentioned] == ["Orsa Kinnel", "Halvard University", "Tom Berrick", "Rabat"]
    assert len(fx.dropped) == 3


@pytest.mark.parametrize("sentence, signers", [
    ("In the presence of Dr. Orsa Kinnel, the Velmor Institute and the Halvard University signed a memorandum of understanding.", []),
    ("The MoU was signed by Dr. Tom Berrick in the presence of Dr. Orsa Kinnel.", ["P:tom berrick"]),
    ("Dr. Tom Berrick and Dr. Lena Voss signed the agreement in the presence of Dr. Orsa Kinnel.", ["P:tom berrick", "P:lena voss"]),
])
def test_witnesses_of_a_signing_are_not_signatories(rules, sentence, signers):
    fx = run(rules, sentence)
    [agreement] = [f.data for f in fx.facts if f.kind == "agreement"]
    assert agreement.signatories == signers
    assert "P:orsa kinnel" in fx.mentioned


def test_arabic_witnesses_of_a_signing_are_not_signatories(rules):
    fx = run(rules, "وقع الدكتور سامر خليل والدكتور ماهر نبيل مذكرة تفاهم بحضور الدكتور رامي فلانكي.", "ar")
    [agreement] = [f.data for f in fx.facts if f.kind == "agreement"]
    assert agreement.signatories == ["P:سامر خليل", "P:ماهر نبيل"]


@pytest.mark.parametrize("sentence, kind", [
    ("Dr. Orsa Kinnel receives Tom Berrick at her office in Rabat.", "reception"),
    ("A delegation led by Tom Berrick visits Rabat.", "visit"),
])
def test_a_name_after_a_reception_or_a_leader_is_a_person_and_attends(rules, sentence, kind):
    fx = run(rules, sentence)
    assert "Tom Berrick" in typed(fx, "Person")
    [meeting] = [f.data for f in fx.facts if f.kind == "meeting"]
    assert meeting.type == kind and "P:tom berrick" in meeting.attendees and meeting.place == "gaz:rabat"


def test_arabic_date_word_inside_another_word_is_not_a_date(rules):
    fx = run(rules, "وشارك الدكتور سامر خليل في المؤتمر الخامس في القاهرة.", "ar")
    [meeting] = [f.data for f in fx.facts if f.kind == "meeting"]
    assert meeting.date is None   # "الخامس" (fifth) ends with "امس" (yesterday)
    fx = run(rules, "وشارك الدكتور سامر خليل في المؤتمر أمس في القاهرة.", "ar")
    [meeting] = [f.data for f in fx.facts if f.kind == "meeting"]
    assert meeting.date.start == "2024-03-05"


@pytest.mark.parametrize("sentence, person, country", [
    ("واستقبل الرئيس الصيني شي جين بينغ وفدا من الجامعة.", "شي جين بينغ", "الصين"),
    ("وحضر الحفل ملك النرويج هارالد الخامس.", "هارالد الخامس", "النرويج"),
    ("وصرح رئيس الوزراء الهندي ناريندرا مودي بأن التعاون مستمر.", "ناريندرا مودي", "الهند"),
])
def test_arabic_name_announced_by_title_and_country_is_a_person_with_a_post(rules, sentence, person, country):
    fx = run(rules, sentence, "ar")
    assert person in typed(fx, "Person")
    assert any(p == person and o == country for p, _, o in posts(fx))


@pytest.mark.parametrize("sentence", [
    "أما السفير العراقي فشكر الجامعة على الدعم.",
    "وشارك السفير العراقي بالقاهرة في الاجتماع.",
    "وحضر ملك المغرب وحضرها رؤساء الجامعات.",
    "وأعلن وزير خارجية اليابان، خطة عمل للفترة المقبلة.",
    "واستقبل وزير الخارجية الياباني خطة عمل الجامعة.",
])
def test_words_after_title_and_country_that_are_not_names(rules, sentence):
    assert typed(run(rules, sentence, "ar"), "Person") == []


def test_arabic_name_title_demonym_is_a_post_of_that_country(rules):
    fx = run(rules, "والتقى الدكتور سامر خليل، السفير العراقي بالقاهرة، وفد الجامعة.", "ar")
    assert ("سامر خليل", "السفير", "العراق") in posts(fx)


@pytest.mark.parametrize("sentence", [
    "وأشار إلى أن الوزارة تسعى إلى توفير أفضل الظروف للطلاب في مصر.",        # زار inside الوزارة
    "وبعد إلقاء كلمة الافتتاح أشاد الدكتور سامر خليل بالجامعة في القاهرة.",   # لقاء inside إلقاء
])
def test_arabic_meeting_words_inside_other_words_make_no_meeting(rules, sentence):
    assert [f for f in run(rules, sentence, "ar").facts if f.kind == "meeting"] == []


@pytest.mark.parametrize("sentence, kind", [
    ("وزار الدكتور سامر خليل جامعة فلانكند في القاهرة.", "visit"),
    ("والتقى الدكتور سامر خليل الدكتور ماهر نبيل في القاهرة.", "meeting"),
    ("عقد الاجتماع في القاهرة بحضور الدكتور سامر خليل.", "meeting"),
])
def test_arabic_meeting_words_with_proclitics_still_make_a_meeting(rules, sentence, kind):
    [meeting] = [f.data for f in run(rules, sentence, "ar").facts if f.kind == "meeting"]
    assert meeting.type == kind and meeting.place == "gaz:cairo"


def test_a_session_named_in_a_title_is_not_a_meeting(rules):
    fx = run(rules, "وتحدث الدكتور سامر خليل، مدير جامعة فلانكند في المملكة العربية السعودية، رئيس الدورة السابعة للمؤتمر العام.", "ar")
    assert [f for f in fx.facts if f.kind == "meeting"] == []


@pytest.mark.parametrize("sentence, kind", [
    ("وشارك الدكتور سامر خليل في الدورة السابعة للمؤتمر العام في الرباط.", "session"),
    ("ويشارك الدكتور سامر خليل، رئيس الجامعة، بمؤتمر دولي في الرباط.", "conference"),
    ("وشارك الدكتور سامر خليل في أعمال الندوة في الرباط.", "conference"),
])
def test_arabic_session_and_conference_words_still_make_meetings(rules, sentence, kind):
    [meeting] = [f.data for f in run(rules, sentence, "ar").facts if f.kind == "meeting"]
    assert meeting.type == kind and meeting.place == "gaz:rabat"


@pytest.mark.parametrize("body, lang", [
    ("تستضيف جامعة فلانكند في دولة الإمارات العربية المتحدة الدورة الخامسة لمجلس الجامعات. "
     "وتحدث في الجلسة الافتتاحية الدكتور سامر خليل، رئيس جامعة فلانكند، في الشارقة.", "ar"),
    ("Delegates from the Velmor Institute met in Saudi Arabia on Monday. The talks continued in Jeddah with Dr. Orsa Kinnel.", "en"),
])
def test_a_town_inside_the_meetings_country_continues_the_meeting(rules, body, lang):
    meetings = [f.data for f in run(rules, body, lang).facts if f.kind == "meeting"]
    assert len(meetings) == 1 and meetings[0].place in ("gaz:uae", "gaz:saudi-arabia")


def test_a_town_in_another_country_starts_another_meeting(rules):
    body = "Delegates from the Velmor Institute met in Saudi Arabia on Monday. A session was then held in Rabat with Dr. Orsa Kinnel."
    assert len([f for f in run(rules, body).facts if f.kind == "meeting"]) == 2


@pytest.mark.parametrize("sentence, person, role, org", [
    ("The meeting was attended by the visiting Vice Chancellor of Halvard University Prof. Lena Voss.", "Lena Voss",
     "Vice Chancellor", "Halvard University"),
    ("Dr. Tom Berrick, currently serving as Dean of the Faculty of Science at the Velmor University, spoke.", "Tom Berrick",
     "Dean", "Faculty of Science"),
    ("Dr. Tom Berrick, Director of the Science Sector of the Velmor Organization, spoke.", "Tom Berrick", "Director",
     "Science Sector of the Velmor Organization"),
])
def test_faculty_sector_and_serving_as_posts(rules, sentence, person, role, org):
    assert posts(run(rules, sentence)) == {(person, role, org)}


@pytest.mark.parametrize("body, lang", [
    ("Orsa Kinnel, the Minister of Higher Education, received the Egyptian ambassador in Accra.", "en"),
    ("Orsa Kinnel, the Minister of Higher Education, received Tom Berrick, Ambassador of Egypt, in Accra.", "en"),
    ("استقبل الدكتور سامر خليل وزير التعليم العالي السفير المصري في أكرا.", "ar"),
])
def test_an_envoys_country_is_not_the_ministers(rules, body, lang):
    fx = run(rules, body, lang)
    [minister] = [f.data for f in fx.facts if f.kind == "post" and f.data.role.startswith(("Minister", "وزير"))]
    assert minister.org != "gaz:mohesr-egypt"


def test_a_ministers_own_demonym_still_names_the_ministry(rules):
    fx = run(rules, "Orsa Kinnel, the Egyptian Minister of Higher Education, received the Iraqi ambassador in Cairo.")
    [minister] = [f.data for f in fx.facts if f.kind == "post"]
    assert minister.org == "gaz:mohesr-egypt"


@pytest.mark.parametrize("body, lang, country", [
    ("The forum was held in Malysia on 3 May.", "en", "malaysia"),
    ("The forum was held in Indonisia on 3 May.", "en", "indonesia"),
    ("عقد المنتدى في كازخستان يوم 3 مايو.", "ar", "kazakhstan"),
])
def test_a_misspelt_country_is_that_country_not_a_town(rules, body, lang, country):
    fx = run(rules, body, lang)
    assert typed(fx, "Place") == [] and f"gaz:{country}" in fx.mentioned


def test_an_unknown_town_unlike_any_country_stays_a_town(rules):
    assert typed(run(rules, "The conference opened in Velmoragrad on 3 May."), "Place") == ["Velmoragrad"]


def test_a_bad_misspelling_threshold_is_refused(rules):
    from graph.article.misspelt_countries import MisspeltCountries
    with pytest.raises(ValueError, match="misspelt_country_min_ratio"):
        MisspeltCountries(rules.entities, {"misspelt_country_min_ratio": ["high"]})
    lexicon = {"misspelt_country_min_ratio": ["0.86"], "letter_skeletons_ar": rules.lexicon["letter_skeletons_ar"]}
    assert MisspeltCountries(rules.entities, lexicon).country_of("Pakistn") == "pakistan"


@pytest.mark.parametrize("sentence", ["Dr. Tom Berrick won the Mustafa Prize in 2021.", "He received the Abdullah Award for Science."])
def test_a_prize_named_after_a_person_is_not_a_person(rules, sentence):
    assert not any("Prize" in n or "Award" in n for n in typed(run(rules, sentence), "Person"))


@pytest.mark.parametrize("sentence, expected", [
    ("Dr. Tom Berrick, the newly elected President of the Halvard University Network, spoke.",
     {("Tom Berrick", "President", "Halvard University Network")}),
    ("Dr. Tom Berrick, the outgoing Rector of the Velmor University, spoke.", {("Tom Berrick", "Rector", "Velmor University")}),
    ("Dr. Tom Berrick, the friend of the President of the Velmor University, spoke.", set()),
])
def test_a_title_after_a_lower_case_phrase_is_a_post(rules, sentence, expected):
    assert posts(run(rules, sentence)) == expected


@pytest.mark.parametrize("sentence, place", [
    ("The MoU was signed at the Faisal Masjid campus in Islamabad on Friday.", "Faisal Masjid"),
    ("Dr. Tom Berrick prayed at the King Fahd Mosque in Velmoragrad on 3 May.", "King Fahd Mosque"),
])
def test_a_building_named_after_a_person_is_a_place_not_a_person(rules, sentence, place):
    fx = run(rules, sentence)
    assert place in typed(fx, "Place") and place not in typed(fx, "Person")


@pytest.mark.parametrize("body, lang", [
    ("وأكد الدكتور سامر خليل، رئيس الجامعة، أهمية الوثيقة الختامية لمؤتمر القمة.", "ar"),
    ("Dr. Tom Berrick recalled the resolutions of the summit held in Velmoragrad.", "en"),
])
def test_a_meeting_named_only_as_the_source_of_a_document_is_not_a_meeting(rules, body, lang):
    assert [f for f in run(rules, body, lang).facts if f.kind == "meeting"] == []


@pytest.mark.parametrize("body, lang, kind", [
    ("وافتتح الدكتور سامر خليل، رئيس الجامعة، أعمال المؤتمر في الرباط.", "ar", "conference"),
    ("Dr. Tom Berrick addressed the summit in Rabat.", "en", "summit"),
])
def test_a_meeting_word_without_a_document_before_it_is_a_meeting(rules, body, lang, kind):
    [meeting] = [f.data for f in run(rules, body, lang).facts if f.kind == "meeting"]
    assert meeting.type == kind and meeting.place == "gaz:rabat"
