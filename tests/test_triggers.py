"""The shared word scan (graph/article/triggers.py): titles, dates, organisations and venues found from one scan
of an ASCII sentence equal what each recogniser finds scanning on its own; other sentences are not scanned."""
from datetime import date

import pytest

from graph.article.names import Recogniser
from graph.article.triggers import TriggerScan

SENTENCES = [
    "Deputy Minister of Higher Education Velm Tarosk met the Cultural Attache of Brelin on 3 May 2024.",
    "The Velmora Trust CEO, Ilse Varga, said on Monday that the Brelin Science Council would host a forum.",
    "Talks were held at the Velmora Grand Hotel in Tesmara yesterday between the two sides.",
    "VICE PRESIDENT Orvan Quist opened the Tesmara Institute of Robotics on 12-14 March.",
    "Participants stressed the importance of joint research programmes and the exchange of students.",
    "the minister's deputy, a secretary-general and an ambassador-at-large spoke at the hotel",
    "2024-05-03: the Brelin University senate met; hotels, centres and institutes were closed.",
    "",
]


@pytest.fixture(scope="module")
def rec(rules):
    return Recogniser(rules)


def test_one_scan_finds_what_each_recogniser_finds(rec):
    scan = rec.triggers
    assert scan.titles and scan.dates and scan.org_heads and scan.venues   # the shipped rules can all be scanned for
    for s in SENTENCES:
        trig = scan.scan(s)
        assert trig is not None
        assert [vars(m) for m in rec.roles.find(s, "en", False, trig)] == [vars(m) for m in rec.roles.find(s, "en", False)]
        assert rec.dates.find(s, date(2024, 5, 6), trig.date_words) == rec.dates.find(s, date(2024, 5, 6))
        assert [vars(m) for m in rec.orgs_en.find(s, trig.org_head)] == [vars(m) for m in rec.orgs_en.find(s)]
        assert [vars(m) for m in rec.places.venues(s, [], None, trig.venue_head)] == \
            [vars(m) for m in rec.places.venues(s, [], None)]


def test_what_the_scan_reports(rec):
    trig = rec.triggers.scan("Deputy Minister Velm Tarosk met the ambassador at the Velmora Grand Hotel on 3 May.")
    assert trig.title_word and trig.title_starts[0] == 0 and trig.venue_head and trig.date_words
    s = "Participants stressed the need to talk."
    trig = rec.triggers.scan(s)
    assert not trig.title_word and not trig.venue_head and not trig.org_head and rec.roles.find(s, "en", False, trig) == []
    assert rec.triggers.scan("Ministerial talks") .title_starts == []   # 'minister' inside a word starts no title
    assert rec.triggers.scan("وزير التعليم العالي") is None and rec.triggers.scan("the Attaché said") is None


def test_rules_whose_words_cannot_be_scanned_for_fall_back(rules):
    import copy
    changed = copy.deepcopy(rules)
    changed.lexicon["venue_heads_en"] = [*changed.lexicon["venue_heads_en"], "Hôtel"]
    rec = Recogniser(changed)
    assert not rec.triggers.venues and rec.triggers.titles
    s = "Talks were held at the Velmora Grand Hôtel."
    assert [m.text for m in rec.recognise(s, "en", None) if m.rule.startswith("lexicon.yaml#venue")] == ["Velmora Grand Hôtel"]
    assert TriggerScan(rec.roles, rec.dates, rec.words, []).venues is False


def test_a_hit_reports_each_kind_its_word_has():
    from graph.article.triggers import DATE_WORD, ORG_HEAD, TITLE_START, TITLE_WORD, VENUE_HEAD, summary
    assert summary(8, [(TITLE_WORD, None), (TITLE_START, None), (DATE_WORD, 3), (DATE_WORD, 7)]) == \
        (8, (3, 7), False, False, True, True)
    assert summary(5, [(ORG_HEAD, None), (VENUE_HEAD, None)]) == (5, (), True, True, False, False)
