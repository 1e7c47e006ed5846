"""An Arabic person name the gazetteer does not know stops before words that cannot be part of a
personal name (an ordinal, a time phrase, a meeting or agreement noun with the article), and names
that legitimately carry the article ('عبد الله', 'الحسن') stay whole. Invented names and sentences."""
import pytest

from graph.article.persons import name_end_words_ar
from graph.extract import extract_article
from graph.normalize import fold
from graph.read import parse_article


def run(rules, body):
    raw = f"---\ntitle: invented\npublished: 2024-03-06\nlanguage: ar\nsource: test\n---\n\n{body}\n".encode()
    return extract_article(parse_article(raw, "invented.txt"), rules)


def persons(fx):
    return sorted(fx.entities[k].names[0] for k in fx.mentioned if fx.entities[k].type == "Person")


@pytest.mark.parametrize("sentence", [
    "وترأس الدكتور سامر خليل الدورة الخامسة لمجلس بيرزان.",                 # a meeting noun, then an ordinal
    "التقى الدكتور سامر خليل الاثنين الماضي وفدا من جامعة بيرزان.",       # a weekday, then a time word
    "وشارك الدكتور سامر خليل الاجتماع الثاني للجنة بيرزان.",              # a meeting noun with the article
    "ووقع الدكتور سامر خليل الاتفاقية مع جامعة بيرزان.",                  # an agreement noun with the article
    "وافتتح الدكتور سامر خليل الأسبوع الثالث من البرنامج.",              # an ordinal after a common noun
])
def test_a_name_stops_before_words_no_name_contains(rules, sentence):
    assert persons(run(rules, sentence)) == ["سامر خليل"]


@pytest.mark.parametrize("sentence, name", [
    ("استقبل الدكتور عبد الله الحسن وفدا من جامعة بيرزان.", "عبد الله الحسن"),
    ("استقبل الدكتور عبد الرحمن خليل الحسن وفدا من جامعة بيرزان.", "عبد الرحمن خليل الحسن"),
    ("وترأس الدكتور عبد العزيز سامر الدورة الخامسة لمجلس بيرزان.", "عبد العزيز سامر"),
    ("واستقبل الملك عبد الله الثاني بن خليل وفدا من جامعة بيرزان.", "عبد الله الثاني بن خليل"),   # a regnal ordinal
])
def test_names_with_the_article_stay_whole(rules, sentence, name):
    assert persons(run(rules, sentence)) == [name]


def test_the_end_words_come_from_the_lexicon(rules):
    words = name_end_words_ar(rules.lexicon, "ال")
    assert {fold(w) for w in ("الاثنين", "الماضي", "الدورة", "الاتفاقية", "اليوم", "عام")} <= words
    assert fold("دورة") not in words                  # a meeting noun without the article does not end a name
    assert not {fold(w) for w in ("الحسن", "الله", "الرحمن")} & words


def test_one_person_node_in_an_article_with_run_on_names(rules):
    body = ("وترأس الدكتور سامر خليل الدورة الخامسة لمجلس بيرزان في عمان.\n\n"
            "وقال الدكتور سامر خليل إن المجلس يعمل على توسيع التعاون.\n\n"
            "والتقى الدكتور سامر خليل الاثنين الماضي وفدا من جامعة بيرزان.")
    fx = run(rules, body)
    assert persons(fx) == ["سامر خليل"]
