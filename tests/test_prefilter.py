"""The regex prechecks only skip patterns that cannot match."""
import re

from graph.prefilter import Prefilter, all_required_literals, lowered, required_literals
from graph.article.shapes import WordAnchored


def test_required_literals():
    assert required_literals(re.compile(r"\b(?:met|meets|held talks)\b", re.I)) == {"met", "meets", "held talks"}
    assert required_literals(re.compile(r"\bwebinars?\b")) == {"webinar"}
    assert required_literals(re.compile(r"(?:signed\s+)?by")) == {"by"}
    assert required_literals(re.compile(r"(?:a|bc)?\d+")) is None
    assert required_literals(re.compile(r"x*")) is None


def test_ignorecase_letters_outside_ascii():
    assert lowered("MİNİSTER ıs ſ \u212a") == "minister is s k"
    rx = re.compile(r"\bminister\b", re.I)
    pf = Prefilter([rx])
    for text in ("the MİNİSTER said", "Minister", "the minıster"):
        assert bool(rx.search(text)) == pf.may_match(0, pf.present(text))


def test_prefilter_never_hides_a_match():
    patterns = [re.compile(p, re.I) for p in (r"\bsummits?\b", r"(?<!General )\bassembly\b", r"⟦R\d+⟧\s+of", r"[0-9]+")]
    pf = Prefilter(patterns)
    for text in ("the Summit opened", "General Assembly", "an assembly", "⟦R1⟧ of ⟦O2⟧", "no match here", "in 2024"):
        present = pf.present(text)
        for i, rx in enumerate(patterns):
            if rx.search(text):
                assert pf.may_match(i, present), (text, rx.pattern)


def test_every_requirement_never_hides_a_match():
    patterns = [re.compile(p, re.I) for p in (r"⟦P\d+⟧\s*,\s*⟦R\d+⟧\s+(?:of|at)\s+⟦O\d+⟧", r"(?:signed|inked)\s+(?:an?\s+)?(?:accord|treaty)",
                                              r"\bsigned\b", r"(?:⟦P\d+⟧\s*)?⟦R\d+⟧")]
    assert all_required_literals(patterns[0]) == [{"⟦p"}, {"⟦r"}, {"⟦o"}]   # 'of', 'at', ',' are found nearly everywhere
    assert all_required_literals(patterns[1]) == [{"signed", "inked"}, {"accord", "treaty"}]
    assert all_required_literals(patterns[3]) == [{"⟦r"}]
    pf = Prefilter(patterns, every_requirement=True)
    assert pf.all_needs[1] == [frozenset(pf.present("signed inked"))]   # the clause `needs` holds (accord, treaty) is not repeated
    texts = ("⟦P0⟧, ⟦R1⟧ of ⟦O2⟧", "⟦P0⟧, ⟦R1⟧ of ⟦C2⟧", "⟦R1⟧ of ⟦O2⟧", "they signed an accord", "they signed a deal",
             "inked a Treaty", "treaty signed", "")
    for text in texts:
        present = pf.present(text)
        for i, rx in enumerate(patterns):
            passes = pf.may_match(i, present) and all(not n.isdisjoint(present) for n in pf.all_needs[i])
            assert passes or not rx.search(text), (text, rx.pattern)
    present = pf.present("⟦P0⟧, ⟦R1⟧ of ⟦C2⟧")
    assert pf.may_match(0, present) and not all(not n.isdisjoint(present) for n in pf.all_needs[0])   # no ⟦O: skipped


def test_word_anchored_finditer_is_finditer():
    rx = re.compile(r"\b(?:(?:deputy|vice)\s+)*(?:minister|vice president|co-founder)\b", re.I)
    at = WordAnchored(rx, ["deputy", "vice", "minister", "vice president", "co-founder"])
    for text in ("the Deputy Minister met the Vice President", "Co-founder and co-founders", "aminister",
                 "Deputy deputy MINISTER", "the mınister", ""):
        assert [m.span() for m in at.finditer(text)] == [m.span() for m in rx.finditer(text)]


def test_word_anchored_with_non_ascii_first_words():
    """A non-ASCII first word ('Attaché') keeps the shortcut: ASCII text is scanned for the ASCII first words, other
    text tries every non-ASCII word; a first word with a letter IGNORECASE equates with an ASCII one turns it off."""
    rx = re.compile(r"\b(?:(?:deputy|cultural)\s+)*(?:minister|attaché)\b", re.I)
    at = WordAnchored(rx, ["deputy", "cultural", "minister", "Attaché"])
    assert at.firsts == {"deputy", "cultural", "minister", "attaché"}
    for text in ("the Cultural Attaché met the Deputy Minister", "the Cultural ATTACHÉ", "an Attache, not an attaché",
                 "Deputy deputy MINISTER", "the mınister", "Attaché", "وزير Attaché", ""):
        assert [m.span() for m in at.finditer(text)] == [m.span() for m in rx.finditer(text)], text
    assert at.match("Attaché Kabir").span() == rx.match("Attaché Kabir").span() and at.match("Attache") is None
    only_accented = WordAnchored(re.compile("attaché", re.I), ["Attaché"])
    assert list(only_accented.finditer("Attache attache")) == [] and \
        [m.span() for m in only_accented.finditer("an ATTACHÉ")] == [(3, 10)]
    assert WordAnchored(re.compile("ſecretary|minister", re.I), ["ſecretary", "minister"]).firsts is None   # ſ is s: no shortcut


def test_surname_finder_is_the_alternation():
    from graph.article.coreference import SurnameFinder
    for names in (["Osmanova", "Barzegar", "Al-Hashimi"], ["O'Brien", "Brien"], ["Ⓐbc", "Osmanova"]):
        rx = re.compile(r"(?<![\w’'-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
        finder = SurnameFinder(names)
        for text in ("Osmanova said Barzegar-x and Al-Hashimi's", "O'Brien met Brien, not Brient or -Brien",
                     "Ⓐbc Osmanova", "'Osmanova Osmanova"):
            assert list(finder.finditer(text)) == [(m.start(), m.end(), m.group(1)) for m in rx.finditer(text)]


def test_ascii_folding_shortcut():
    import unicodedata
    from graph.normalize import DELETABLE, ONE_TO_ONE, SPACES, FoldedText, fold
    for text in ("Al-Azhar's  University, Cairo/Egypt", "plain text", "tab\there_x`y ,"):
        slow = DELETABLE.sub("", unicodedata.normalize("NFKC", text).translate(ONE_TO_ONE)).lower()
        assert fold(text) == SPACES.sub(" ", slow).strip()
        ft = FoldedText(text)
        assert ft.text == slow and [ft.to_original(i) for i in range(len(slow))] == \
            [i for i, c in enumerate(text) if not DELETABLE.match(c)]


def test_gazetteer_whole_is_find_spanning_the_text():
    from graph.match import Gazetteer
    from graph.ruleset import Entity
    lexicon = {"proclitics_ar": ["و", "ب"], "definite_article_ar": ["ال"], "lam_article_ar": ["لل"], "lam_clitic_ar": ["ل"]}
    gaz = Gazetteer([Entity("velmora-ministry", "Organization", {"en": "Velmora Ministry of Tides", "ar": "وزارة المد"}, ["VMT"]),
                     Entity("velmora", "Country", {"en": "Velmora"}, [], demonyms=["Velmoran"]),
                     Entity("tides-council", "Organization", {"en": "Tides Council"}, ["المجلس الأعلى"])], lexicon)
    for text in ("Velmora Ministry of Tides", "velmora ministry of tides", "Velmora Ministry-of Tides", "VMT", "vmt", "Velmoran",
                 ",Velmora", "Velmora,", "Velmora Ministry of Tides of Velmora", "وزارة المد", "للمجلس الأعلى", "Tides", ""):
        hits = gaz.find(text)
        expected = hits[0] if hits and hits[0].start == 0 and hits[0].end == len(text) else None
        assert gaz.whole(text) == expected, text
    assert gaz.whole("Velmoran").demonym and gaz.whole("vmt") is None


def test_gazetteer_scans_ascii_text_with_the_ascii_forms_only(rules):
    """ASCII folded text is scanned by the automaton of the ASCII forms alone: the same hits as the whole one."""
    import copy
    from graph.match import Gazetteer
    gaz = Gazetteer(rules.entities, rules.lexicon)
    whole = copy.copy(gaz)
    whole.ascii_automaton = gaz.automaton   # the full automaton for every text
    assert len(gaz.ascii_automaton) < len(gaz.automaton)
    for text in ("The OIC and UNESCO met in Lima, Peru, with the Ministry of Higher Education of Malaysia.",
                 "Ankara and Türkiye, São Paulo: accents fold to ASCII", "وزارة التعليم العالي في ماليزيا والقاهرة",
                 "unity fund, la unesco", ""):
        assert gaz.find(text) == whole.find(text), text
    assert gaz.find("The OIC met in Lima") and not Gazetteer([], {}).find("The OIC met in Lima")
