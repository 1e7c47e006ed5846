"""English extraction classes of issue 16, each on invented sentences (names no gazetteer entry knows):
diplomatic staff and embassies, portfolios in parentheses, a title run into an organ, heads of state,
long official names, named meetings."""
import pytest

from test_generalise import posts, run, typed


@pytest.mark.parametrize("sentence, person, role, org", [
    ("The delegation included Second Secretary Velmoran Embassy in Peru Mr. Orsik Talvane.",
     "Orsik Talvane", "Second Secretary", "Velmoran Embassy in Peru"),
    ("Orsik Talvane, Counsellor at the Embassy of Peru in Velmora, spoke.", "Orsik Talvane", "Counsellor",
     "Embassy of Peru in Velmora"),
    ("Orsik Talvane, Third Secretary of the Embassy of Peru in Chile, spoke.", "Orsik Talvane", "Third Secretary",
     "Embassy of Peru in Chile"),
])
def test_diplomatic_staff_post_at_the_whole_embassy_name(rules, sentence, person, role, org):
    fx = run(rules, sentence)
    assert posts(fx) == {(person, role, org)}
    assert org in typed(fx, "Organization")


@pytest.mark.parametrize("sentence, person, role", [
    ("Those present from the Velmora Research Council side included Adviser (Planning and Budget) Dr. Orsik Talvane.",
     "Orsik Talvane", "Advisor (Planning and Budget)"),
    ("Those present from the Velmora Research Council side included Adviser (Curriculum, Quality and Halvard Academy of "
     "Learning) Engr. Orsik Talvane.", "Orsik Talvane", "Advisor (Curriculum, Quality and Halvard Academy of Learning)"),
])
def test_a_portfolio_in_parentheses_stays_with_the_title(rules, sentence, person, role):
    fx = run(rules, sentence)
    assert posts(fx) == {(person, role, "Velmora Research Council")}
    assert typed(fx, "Organization") == ["Velmora Research Council"]



@pytest.mark.parametrize("sentence, person, role, org", [
    ("The delegation was made up of Chairman Research Committee, Ministry of Science of the Republic of Peru, "
     "Mr. Orsik Talvane; and others.", "Orsik Talvane", "Chairman", "Research Committee"),
    ('The delegation was made up of Chairman Board of JSC "Velmora Fund" Republic of Peru Mr. Orsik Talvane.',
     "Orsik Talvane", "Chairman Board", "Velmora Fund"),
])
def test_a_title_run_into_an_organ_posts_at_the_named_body(rules, sentence, person, role, org):
    fx = run(rules, sentence)
    assert posts(fx) == {(person, role, org)}
    assert not any(name.startswith("Board") for name in typed(fx, "Organization"))


def test_heads_of_state_hold_their_post_for_the_country_not_a_body(rules):
    fx = run(rules, "The Velmora Science Academy met in Peru. HE the Deputy Premier and Minister of State for Cabinet "
                    "Affairs Orsik Talvane said Peru was proud to host it. He praised HH the Emir Sheikh Tamar bin Halvard "
                    "Al Nessa and HH the Heir Apparent Sheikh Jorin bin Tamar Al Nessa. President of the Velmora Science "
                    "Academy Prof Lune Barsk saluted HH the Emir Sheikh Tamar bin Halvard Al Nessa for his support to the "
                    "Academy.")
    got = posts(fx)
    assert ("Tamar bin Halvard Al Nessa", "Emir", "Peru") in got
    assert ("Jorin bin Tamar Al Nessa", "Heir Apparent", "Peru") in got
    assert any(p == "Orsik Talvane" and r.startswith("Deputy Prime Minister and") and o == "Peru" for p, r, o in got)
    assert not any(o == "Velmora Science Academy" and p != "Lune Barsk" for p, r, o in got)


def test_a_head_of_state_with_no_country_named_has_no_post(rules):
    fx = run(rules, "Peru and Chile attended. The Velmora Science Academy thanked HH the Emir Sheikh Tamar bin Halvard "
                    "Al Nessa for his support to the Academy.")
    assert not any(p == "Tamar bin Halvard Al Nessa" for p, _, _ in posts(fx))


def test_two_titles_joined_by_and_are_one_title(rules):
    fx = run(rules, "Lune Barsk, President and CEO of the Velmora Holdings Group, spoke.")
    assert posts(fx) == {("Lune Barsk", "President and Chief Executive Officer", "Velmora Holdings Group")}


def test_a_body_its_acronym_and_a_meeting_noun_name_one_event_hosted_by_a_country(rules):
    fx = run(rules, "The 7th Velmora Academy of Letters (VAL) Conference got under way here on Saturday. Delivering the "
                    "keynote, Orsik Talvane said Peru was proud to host this yearly gathering.")
    meetings = [f.data for f in fx.facts if f.kind == "meeting"]
    assert len(meetings) == 1
    assert meetings[0].name == "7th Velmora Academy of Letters (VAL) Conference"
    assert fx.entities[meetings[0].place].names[0] == "Peru"
    assert "Velmora Academy of Letters (VAL) Conference" not in typed(fx, "Organization")


def test_a_prime_minister_and_foreign_minister_holds_both_posts(rules):
    fx = run(rules, "Orsik Talvane thanked HE the Prime Minister and Foreign Minister Sheikh Lune bin Barsk Al Nessa "
                    "of Pakistan.")
    got = posts(fx)
    assert {(p, o) for p, _, o in got} == {("Lune bin Barsk Al Nessa", "Pakistan"),
                                           ("Lune bin Barsk Al Nessa", "Ministry of Foreign Affairs")}


@pytest.mark.parametrize("sentence, org", [
    ("He cited the Velmora Science and Technology Park (VSTP), which carries out applied research.",
     "Velmora Science and Technology Park"),
    ("He cited the Halvard Education and Research Foundation, which funds projects.", "Halvard Education and Research Foundation"),
])
def test_two_fields_joined_by_and_stay_inside_one_name(rules, sentence, org):
    assert typed(run(rules, sentence), "Organization") == [org]


def test_and_between_two_named_bodies_still_splits(rules):
    fx = run(rules, "Delegates of the Velmora Science Council and Halvard Technology Institute met.")
    assert set(typed(fx, "Organization")) == {"Velmora Science Council", "Halvard Technology Institute"}


def test_a_lower_case_title_after_a_body_before_a_speech_verb_is_the_speakers_post(rules):
    fx = run(rules, "Speaking on Tuesday, Orsik Talvane praised the plan. The plan centres on research, the Velmora "
                    "University chancellor said.")
    assert posts(fx) == {("Orsik Talvane", "Chancellor", "Velmora University")}


def test_a_title_that_refers_back_goes_to_its_holder_not_the_last_person_named(rules):
    fx = run(rules, "Velmora Council Secretary-General Orsik Talvane met the Rector of the Halvard University, "
                    "Prof. Lune Barsk, in Peru. The Velmora Council Secretary-General praised the university.")
    assert posts(fx) == {("Orsik Talvane", "Secretary General", "Velmora Council"),
                         ("Lune Barsk", "Rector", "Halvard University")}


def test_parties_that_now_have_a_memorandum_and_signers_of_the_document(rules):
    fx = run(rules, "The Velmora Research Centre and the Halvard Institute of Technology (HIT) now have a Memorandum of "
                    "Understanding (MoU) that puts their cooperation in writing. Orsik Talvane, Director General of the "
                    "Velmora Research Centre, and Prof. Lune Barsk, Rector of HIT, put their names to the document on "
                    "16 January 2024.")
    agreements = [f.data for f in fx.facts if f.kind == "agreement"]
    assert len(agreements) == 1
    names = lambda keys: {fx.entities[k].names[0] for k in keys}
    assert names(agreements[0].signatories) == {"Orsik Talvane", "Lune Barsk"}
    assert {"Velmora Research Centre", "Halvard Institute of Technology"} <= names(agreements[0].parties)
    assert agreements[0].date.start == "2024-01-16"


def test_the_signers_of_an_agreement_attend_the_event_it_was_signed_during(rules):
    fx = run(rules, "Orsik Talvane, Director General of the Velmora Research Centre, and Prof. Lune Barsk, Rector of the "
                    "Halvard University, signed a memorandum of understanding on 16 January 2024. This happened in the "
                    "course of the Annual Coordination Meeting of Halvard Universities, which convened in Lima, Peru.")
    meetings = [f.data for f in fx.facts if f.kind == "meeting"]
    assert len(meetings) == 1
    people = {fx.entities[k].names[0] for k in meetings[0].attendees}
    assert {"Orsik Talvane", "Lune Barsk", "Velmora Research Centre", "Halvard University"} <= people
    assert fx.entities[meetings[0].place].names[0] == "Lima"


def test_who_is_also_a_member_of_a_board_is_a_post(rules):
    fx = run(rules, "Dr. Orsik Talvane, who is also a member of the Board of Governors (BoG), the top body of the "
                    "institute, came to attend the meeting.")
    assert posts(fx) == {("Orsik Talvane", "Member", "Board of Governors")}


@pytest.mark.parametrize("sentence, org", [
    ("The speech was given by Mr Orsik Talvane, Director of the Secretariat of the Governing Council, General Assembly "
     "and Regional Ministerial Conferences.", "Secretariat of the Governing Council, General Assembly and Regional "
                                              "Ministerial Conferences"),
    ("The speech was given by Mr Orsik Talvane, Director of the Velmora Ministry of Education, Culture and Science.",
     "Velmora Ministry of Education, Culture and Science"),
])
def test_a_body_of_a_list_of_organs_or_fields_is_one_name(rules, sentence, org):
    fx = run(rules, sentence)
    assert typed(fx, "Organization") == [org]
    assert posts(fx) == {("Orsik Talvane", "Director", org)}


def test_a_list_of_separate_bodies_is_not_one_name(rules):
    fx = run(rules, "Delegates came from the Velmora Ministry of Health, the Halvard Science Council and Peru.")
    assert "Velmora Ministry of Health" in typed(fx, "Organization")
    assert not any("," in name for name in typed(fx, "Organization"))


def meetings_of(fx):
    return [(f.data.type, sorted(fx.entities[k].names[0] for k in f.data.attendees)) for f in fx.facts if f.kind == "meeting"]


def test_he_met_during_a_visit_is_the_same_meeting(rules):
    fx = run(rules, "Dr. Ahmed Talvane, Rector of the Velmora University, visited the Halvard Academy in Lima on 3 May. "
                    "He met Dr. Omar Barsk, President of the Halvard Academy.")
    assert meetings_of(fx) == [("visit", ["Ahmed Talvane", "Halvard Academy", "Omar Barsk", "Velmora University"])]


def test_a_bare_event_with_no_participant_is_no_meeting(rules):
    fx = run(rules, "On 5 May, a reception was held in Lima. The visit ended in Cusco on 6 May.")
    assert meetings_of(fx) == []


def test_a_conference_a_city_will_host_stands_alone(rules):
    fx = run(rules, "Lima, the Peruvian capital, will host an international conference on water next week.")
    assert [t for t, _ in meetings_of(fx)] == ["conference"]


def test_a_signing_at_a_venue_is_a_meeting_of_those_present(rules):
    fx = run(rules, "A statement said that the Velmora University and the Halvard Academy had signed their MoU at the "
                    "Grand Velmora Hotel, with Rector of the Velmora University, Dr Ahmed Talvane, in attendance.")
    assert meetings_of(fx) == [("ceremony", ["Ahmed Talvane", "Halvard Academy", "Velmora University"])]


@pytest.mark.parametrize("sentence", [
    "The Velmora University and the Halvard Academy signed a memorandum of understanding.",
    "The Velmora University and the Halvard Academy signed a memorandum of understanding in Lima on 3 May.",
])
def test_a_signing_with_no_venue_is_no_extra_meeting(rules, sentence):
    fx = run(rules, sentence)
    assert meetings_of(fx) == []
    assert [f.kind for f in fx.facts] == ["agreement"]


@pytest.mark.parametrize("sentence, org", [
    ("Dr. Lune Barsk, Director of the Velmora Science Council's Grants Unit, spoke.", "Grants Unit"),
    ("Dr. Lune Barsk, Director of the Grants Unit of the Velmora Science Council, spoke.",
     "Grants Unit of the Velmora Science Council"),
])
def test_an_officer_of_a_unit_holds_the_post_at_the_unit_not_its_parent(rules, sentence, org):
    assert posts(run(rules, sentence)) == {("Lune Barsk", "Director", org)}
