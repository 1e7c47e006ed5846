"""Rule files are validated on load; errors name the file, the entry and the problem."""
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from graph.cli import main
from graph.errors import RuleError
from graph.ruleset import default_rules_dir, load_gazetteer, load_rules
from graph.vocab import AG

ROOT = Path(__file__).resolve().parents[1]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_shipped_rules_load(rules):
    assert len(rules.entities) > 900
    assert {"posts", "meetings", "agreements", "organisers"} <= set(rules.patterns)
    oic = next(e for e in rules.entities if e.id == "oic")
    assert oic.type == "Organization" and oic.names["en"] == "Organization of Islamic Cooperation"


def test_duplicate_alias_across_entries_is_refused(tmp_path):
    folder = write(tmp_path / "g", "a.yaml", """entities:
  - {id: one, type: Organization, name: {en: Alpha Council}, aliases: [ALC]}
  - {id: two, type: Organization, name: {en: Beta Council}, aliases: [alpha council]}
""")
    with pytest.raises(RuleError) as e:
        load_gazetteer(folder)
    assert "a.yaml" in str(e.value) and "'two'" in str(e.value) and "already belongs to 'one'" in str(e.value)


def test_arabic_variants_count_as_the_same_alias(tmp_path):
    folder = write(tmp_path / "g", "a.yaml", """entities:
  - {id: one, type: Organization, name: {en: One, ar: منظمة التعاون الإسلامي}}
  - {id: two, type: Organization, name: {en: Two, ar: منظمه التعاون الاسلامي}}
""")
    with pytest.raises(RuleError, match="already belongs to 'one'"):
        load_gazetteer(folder)


@pytest.mark.parametrize("entry, problem", [
    ("{id: x, type: Organization, name: {en: X}, colour: red}", "unknown key(s): colour"),
    ("{id: X Y, type: Organization, name: {en: X}}", "id must be lowercase"),
    ("{id: x, type: Spaceship, name: {en: X}}", "type must be one of"),
    ("{id: x, type: Place, name: {ar: س}}", "must give an English name"),
    ("{id: x, type: Place, name: {en: X}, country: atlantis}", "unknown id 'atlantis'"),
    ("{id: x, type: Place, name: {en: X}, aliases: [1, 2]}", "aliases must be a list of non-empty strings"),
])
def test_entity_problems_are_named(tmp_path, entry, problem):
    folder = write(tmp_path / "g", "bad.yaml", f"entities:\n  - {entry}\n")
    with pytest.raises(RuleError) as e:
        load_gazetteer(folder)
    assert "bad.yaml" in str(e.value) and problem in str(e.value)


def copy_rules(tmp_path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def test_bad_regular_expression_names_rule_and_position(tmp_path):
    folder = copy_rules(tmp_path)
    (folder / "patterns" / "extra.yaml").write_text("rules:\n  - id: broken\n    pattern: '{P:person} (unclosed'\n",
                                                    encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_rules(folder)
    assert "extra.yaml" in str(e.value) and "'broken'" in str(e.value) and "line 2" in str(e.value)
    assert "bad regular expression at position" in str(e.value)


def test_unknown_slot_and_word_list_are_refused(tmp_path):
    folder = copy_rules(tmp_path)
    (folder / "patterns" / "extra.yaml").write_text("rules:\n  - {id: s, pattern: '{Q:thing} met'}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="unknown slot"):
        load_rules(folder)
    (folder / "patterns" / "extra.yaml").write_text("rules:\n  - {id: s, pattern: '<no_such_list> met'}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="unknown word list <no_such_list>"):
        load_rules(folder)


def test_slot_names_may_hold_digits_and_a_bad_name_is_refused(tmp_path):
    folder = copy_rules(tmp_path)
    (folder / "patterns" / "extra.yaml").write_text("rules:\n  - {id: s, pattern: '{OC:party} and {OC:party2}'}\n", encoding="utf-8")
    [rule] = [r for rules in load_rules(folder).patterns.values() for r in rules if r.file == "extra.yaml"]
    assert rule.slots == {"party": "OC", "party2": "OC"} and rule.regex.fullmatch("⟦O3⟧ and ⟦C5⟧").group("party2") == "⟦C5⟧"
    for bad in ("{OC:Party}", "{OC:2nd}", "{OC:party-2}"):
        (folder / "patterns" / "extra.yaml").write_text(f"rules:\n  - {{id: s, pattern: '{bad} met'}}\n", encoding="utf-8")
        with pytest.raises(RuleError, match="bad slot"):
            load_rules(folder)


def test_invalid_yaml_names_the_line(tmp_path):
    folder = copy_rules(tmp_path)
    (folder / "furniture.yaml").write_text("rules:\n  - id: x\n    pattern: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_rules(folder)
    assert "furniture.yaml" in str(e.value) and re.search(r"line \d+", str(e.value))


def test_rules_check_cli_reports_by_file(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["rules", "check"])
    assert ok.exit_code == 0 and "every rule file is valid" in ok.output
    folder = copy_rules(tmp_path)
    (folder / "roles.yaml").write_text("roles:\n  - {label: Boss}\n", encoding="utf-8")
    bad = runner.invoke(main, ["rules", "check", "--rules", str(folder)])
    assert bad.exit_code == 1
    assert "roles.yaml" in bad.output and "needs 'label' and 'forms'" in bad.output and "Traceback" not in bad.output


def test_every_ontology_term_exists_in_the_ontology_file():
    onto = Graph().parse(ROOT / "ontology" / "actorgraph.ttl")
    declared = {str(s) for s in onto.subjects()}
    terms = [t for t in AG.__annotations__ if not t.startswith("_")]
    assert len(terms) > 25
    missing = [t for t in terms if str(AG._NS[t]) not in declared]
    assert missing == []
    with pytest.raises(AttributeError):
        AG.notATerm  # noqa: B018 - a misspelt term must fail, not mint an IRI
    assert URIRef(str(AG.Person)) in set(onto.subjects())


@pytest.mark.parametrize("text, entry", [
    ("org_lead_words_en: [The, A, 3]\n", "org_lead_words_en, entry 2 (3)"),
    ("titles_before_name_en: [Minister, '']\n", "titles_before_name_en, entry 1 ('')"),
    ("person_after_words_ar: [استقبل, null]\n", "person_after_words_ar, entry 1 (None)"),
    ("venue_heads_ar: [فندق, 12]\n", "venue_heads_ar, entry 1 (12)"),
    ("staff_nouns_ar: [التدريس, {a: b}]\n", "staff_nouns_ar, entry 1, line "),
    ("org_heads_en: University\n", "org_heads_en"),
])
def test_a_malformed_word_list_entry_is_named(tmp_path, text, entry):
    folder = copy_rules(tmp_path)
    lexicon = folder / "lexicon.yaml"
    key = text.split(":")[0]
    kept = [line for line in lexicon.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith(f"{key}:")]
    lexicon.write_text("".join(kept) + text, encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_rules(folder)
    assert "lexicon.yaml" in str(e.value) and f": {entry}" in str(e.value) and "must be" in str(e.value)


def test_a_missing_word_list_is_named(tmp_path):
    folder = copy_rules(tmp_path)
    lexicon = folder / "lexicon.yaml"
    kept = [line for line in lexicon.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("org_lead_words_en:")]
    lexicon.write_text("".join(kept), encoding="utf-8")
    with pytest.raises(RuleError, match=r"lexicon\.yaml: org_lead_words_en: missing word list"):
        load_rules(folder)
