"""Rules are data: a curator teaches actorgraph new words by editing a copy of the rule files alone,
and no word of a language is written in graph/**/*.py."""
from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main
from graph.ruleset import default_rules_dir

ROOT = Path(__file__).resolve().parents[1]

ENGLISH = ("Maestro Velkan said the plan was ready.\n\n"
           "Lorvan Quist, Hackmaster of the Velmora Institute of Science, spoke at the Brelin Hackathon on 3 May 2024.\n")
ARABIC = ("قال مرشد جامعة فلانكند الدكتور طارق سليم الفيروني إن العمل مستمر.\n\n"
          "صادق رئيس جامعة فلانكند على مذكرة تفاهم مع أكاديمية برلين للعلوم.\n")


def add_words(rules: Path):
    """One new word of each kind, in the data only."""
    lexicon = rules / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    text = text.replace('honorifics_en: ["Dr",', 'honorifics_en: ["Maestro", "Dr",', 1)          # an honorific
    text = text.replace("meeting_nouns_en: [meeting,", "meeting_nouns_en: [hackathon, meeting,", 1)  # a meeting noun
    text = text.replace("sign_verbs_ar: [", "sign_verbs_ar: [صادق, ", 1)                        # a signing verb
    lexicon.write_text(text, encoding="utf-8")
    roles = rules / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8") +
                     "  - {label: Hackmaster, forms: [Hackmaster]}\n"                             # a title
                     "  - {label: Hackmaster, lang: ar, forms: [مرشد]}\n", encoding="utf-8")       # an Arabic title


def build(tmp_path: Path, name: str, rules: Path) -> str:
    src = tmp_path / f"src-{name}"
    src.mkdir()
    (src / "en.txt").write_text("---\nlanguage: en\npublished: 2024-05-04\n---\n" + ENGLISH, encoding="utf-8")
    (src / "ar.txt").write_text("---\nlanguage: ar\npublished: 2024-05-04\n---\n" + ARABIC, encoding="utf-8")
    out = tmp_path / f"out-{name}"
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(out), "--rules", str(rules), "--jobs", "1", "-q"])
    assert result.exit_code == 0, result.output
    return (out / "graph.ttl").read_text(encoding="utf-8")


def test_new_words_in_the_rule_files_alone_give_new_facts(tmp_path):
    plain = tmp_path / "rules-plain"
    shutil.copytree(default_rules_dir(), plain, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    taught = tmp_path / "rules-taught"
    shutil.copytree(plain, taught)
    add_words(taught)
    before, after = build(tmp_path, "plain", plain), build(tmp_path, "taught", taught)
    # the title: a post of Lorvan Quist (English) and of طارق سليم الفيروني (Arabic), role Hackmaster
    assert "id/role/hackmaster" in after and "id/role/hackmaster" not in before
    assert re.search(r'"Lorvan Quist — Hackmaster — Velmora Institute of Science"', after)
    assert "\"طارق سليم الفيروني — مرشد — جامعة فلانكند\"@ar" in after and "مرشد —" not in before
    # the meeting noun: the Brelin Hackathon is a meeting, dated
    assert re.search(r'rdfs:label "Brelin Hackathon"', after) and "Brelin Hackathon" not in before
    # the signing verb: a memorandum of understanding
    assert 'ag:agreementType "مذكرة تفاهم"' in after and "ag:agreementType" not in before
    # the honorific: a person named by one word after it
    assert "id/person/velkan" in after and "id/person/velkan" not in before


# ------------------------------------------------------------------------------------ no words in code
ARABIC_LETTERS = re.compile("[\u0621-\u064a]{2,}")
ENGLISH_ALTERNATION = re.compile(r"(?<![\\\w])[A-Za-z]{2,}\|[A-Za-z]{2,}(?![\w\]])")
# Allowed, explicitly: Arabic letter normalisation tables (one letter to another, no word: graph/normalize.py) and
# SPARQL protocol code (query forms and endpoint paths: graph/query.py, graph/remote.py, graph/remote_http.py;
# the actor pages' SPARQL with its property paths: graph/serve/actor_page.py), and HTML markup (tag names, not
# words of a language: graph/sources/html.py, graph/sources/records.py).
ALLOWED = {"graph/normalize.py", "graph/query.py", "graph/remote.py", "graph/remote_http.py",
           "graph/serve/actor_page.py", "graph/sources/html.py", "graph/sources/records.py"}


def docstring_nodes(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            yield node.body[0].value


def words_in_code(path: Path) -> list:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n) for n in docstring_nodes(tree)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if ARABIC_LETTERS.search(node.value) or ENGLISH_ALTERNATION.search(node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_no_word_of_a_language_in_code():
    found = []
    for path in sorted((ROOT / "graph").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        if rel not in ALLOWED:
            found += words_in_code(path)
    assert found == []


def test_the_scan_finds_words(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""A docstring may say وزارة."""\nX = r"\\b(?:he|she)\\b"\nY = "وزارة"\nZ = r"\\d+(?:st|nd)"\n',
                      encoding="utf-8")
    assert [line.split(":")[1] for line in words_in_code(sample)] == ["2", "3", "4"]


def test_modules_and_classes_are_small():
    """No module under graph/ over about 300 lines (320), no class over 200."""
    big = []
    for path in sorted((ROOT / "graph").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 320:
            big.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno > 200:
                big.append(f"{path.relative_to(ROOT)}: class {node.name}")
    assert big == []


def test_flags_and_word_lists_are_validated_with_file_and_entry(tmp_path):
    import pytest

    from graph.errors import RuleError
    from graph.ruleset import load_rules
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    agreements = rules / "patterns" / "agreements.yaml"
    good = agreements.read_text(encoding="utf-8")
    agreements.write_text(good.replace("flags: [background]", "flags: [backgroud]"), encoding="utf-8")
    with pytest.raises(RuleError, match=r"agreements\.yaml.*under-agreement-with.*unknown flags value 'backgroud'"):
        load_rules(rules)
    agreements.write_text(good, encoding="utf-8")
    lexicon = rules / "lexicon.yaml"
    lexicon.write_text(re.sub(r"(?m)^signer_verbs_en: .*$", "", lexicon.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(RuleError, match=r"lexicon\.yaml.*signer_verbs_en.*missing word list"):
        load_rules(rules)
