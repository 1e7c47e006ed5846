"""Curated judgements through the command line: merge, split, reject, each taken back, on invented articles."""
import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.errors import RuleError
from graph.judgements import load_judgements

ID = "https://w3id.org/actorgraph/id/"
ARTICLES = {
    "a1.txt": "title: Rector visits Dushanbe\ndate: 2025-03-02\n\n"
              "Dr. Kareem Al-Haddad, the Rector of the University of Tabriz, visited Dushanbe on Monday. "
              "He met Dr. Samir Nouri, the President of the Tajik Academy of Sciences.\n",
    "a2.txt": "title: Plan\ndate: 2025-04-02\n\n"
              "Dr. Karim Haddad, the Rector of the University of Tabriz, said the plan works. "
              "Dr. Amir Nouri welcomed the delegation.\n",
}


@pytest.fixture()
def work(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    return tmp_path


def cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


def build(work):
    result = cli("build", work / "src", "--out", work / "out", "--jobs", 1, "-q", "--judgements", work / "j.yaml")
    assert result.exit_code == 0, result.output
    return result.output


def judge(work, *args):
    result = cli("judge", *args, "--judgements", work / "j.yaml", *(
        ["--graph", work / "out"] if args[0] in ("merge", "split", "reject") else []))
    assert result.exit_code == 0, result.output
    return result.output


def persons(work):
    out = cli("query", "--graph", work / "out", "--format", "csv",
              "SELECT ?p WHERE { ?p a foaf:Person } ORDER BY ?p").output
    return [line.strip()[len(ID):] for line in out.splitlines()[1:] if line.strip()]


def merges(work):
    with open(work / "out" / "merges.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def member_of(work, person):
    return cli("query", "--graph", work / "out", "--format", "csv",
               f"SELECT ?m WHERE {{ ?m org:member <{ID}{person}> }}").output.split()[1:]


def test_merge_split_reject_round_trip(work):
    """Each judgement applied by a rebuild, then taken back: the graph is as before (three builds for all three)."""
    build(work)
    assert persons(work) == ["person/amir-nouri", "person/kareem-alhaddad", "person/samir-nouri"]
    [row] = merges(work)
    assert (row["spelling"], row["rule"], row["key"]) == ("Karim Haddad", "resolution.yaml#person-transliteration", "krm|hdd")
    posts = member_of(work, "person/kareem-alhaddad")
    assert len(posts) == 1 and posts[0].startswith(ID + "post/")

    out = judge(work, "merge", "id:person/samir-nouri", "person/amir-nouri", "--note", "one man, two spellings")
    assert "j1 merge person/samir-nouri + person/amir-nouri" in out
    assert "j2 split person/kareem-alhaddad" in judge(work, "split", "person/kareem-alhaddad")
    assert "j3 reject post/" in judge(work, "reject", posts[0])
    build(work)
    # merge: the two nodes are one; split: the joined spelling is its own node again; reject: the post is gone
    assert persons(work) == ["person/kareem-alhaddad", "person/karim-haddad", "person/samir-nouri"]
    [row] = merges(work)
    assert (row["actor"], row["merged"], row["rule"]) == (ID + "person/samir-nouri", ID + "person/amir-nouri", "j.yaml#j1")
    assert member_of(work, "person/kareem-alhaddad") == []
    explained = cli("explain", work / "src" / "a2.txt", "--graph", work / "out", "--judgements", work / "j.yaml").output
    assert "judgement:j1 merge Amir Nouri" in explained
    assert "j1 merge person/samir-nouri + person/amir-nouri (one man, two spellings)" in explained
    explained = cli("explain", work / "src" / "a1.txt", "--graph", work / "out", "--judgements", work / "j.yaml").output
    assert "j3 reject post/" in explained and "(left out of the graph)" in explained
    assert [line.split()[0] for line in judge(work, "list").splitlines()] == ["j1", "j2", "j3"]

    for ident in ("j1", "j2", "j3"):
        judge(work, "undo", ident)
    assert load_judgements(work / "j.yaml").items == []
    build(work)
    assert persons(work) == ["person/amir-nouri", "person/kareem-alhaddad", "person/samir-nouri"]
    assert [r["spelling"] for r in merges(work)] == ["Karim Haddad"]
    assert member_of(work, "person/kareem-alhaddad") == posts


def test_a_judgement_whose_target_is_gone_is_reported(work):
    (work / "j.yaml").write_text("judgements:\n  - {id: j4, merge: [person/nobody-here, person/amir-nouri]}\n"
                                 "  - {id: j5, reject: meeting/0000000000000000}\n"
                                 "  - {id: j6, merge: [person/amir-nouri, org/university-of-tabriz]}\n", encoding="utf-8")
    out = build(work)
    assert "judgement j6 (merge) joins actors of different types (Organization, Person); not applied" in out
    assert "person/amir-nouri" in persons(work)
    assert "judgement j4 (merge) names https://w3id.org/actorgraph/id/person/nobody-here, which is not in this build" in out
    assert "judgement j5 (reject) names https://w3id.org/actorgraph/id/meeting/0000000000000000" in out


MALFORMED = [
    ("judgements:\n  - {id: j1, merge: [person/a]}\n", "line 2 (entry 0, id 'j1'): merge takes a list of two or more"),
    ("judgements:\n  - {id: j1, split: person/a}\n  - {id: j1, split: person/b}\n", "line 3: judgement id 'j1' already used on line 2"),
    ("judgements:\n  - {id: j1, split: person/a, reject: post/b}\n", "give exactly one of merge, split, reject"),
    ("judgements:\n  - {id: j1, reject: person/a}\n", "reject takes a post, meeting or agreement IRI"),
    ("judgements:\n  - {id: j1, merge: [person/a, person/b]\n", "line 3: not valid YAML"),
    ("judgements:\n  - {id: 7, split: person/a}\n", "line 2 (entry 0, id 7): id must be 'j' and a number"),
]


@pytest.mark.parametrize("text, problem", MALFORMED)
def test_a_malformed_judgements_file_names_file_line_and_problem(tmp_path, text, problem):
    (tmp_path / "j.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_judgements(tmp_path / "j.yaml")
    assert str(e.value).startswith(str(tmp_path / "j.yaml")) and problem in str(e.value)


def test_a_build_with_a_malformed_judgements_file_applies_none_of_it(work):
    (work / "j.yaml").write_text("judgements:\n  - {id: j1, split: person/samir-nouri}\n"
                                 "  - {id: j2, merge: [person/a]}\n", encoding="utf-8")
    result = cli("build", work / "src", "--out", work / "out", "--jobs", 1, "-q", "--judgements", work / "j.yaml")
    assert result.exit_code == 1 and f"{work / 'j.yaml'}: line 3" in result.output
    assert not (work / "out").exists()      # refused before anything was written
    assert cli("judge", "undo", "j1", "--judgements", work / "j.yaml").exit_code == 1   # nor edited


def test_undo_of_an_unknown_judgement_fails(work):
    result = cli("judge", "undo", "j9", "--judgements", work / "j.yaml")
    assert result.exit_code == 1 and "no such judgement" in result.output


def test_rules_check_validates_resolution_and_judgements(tmp_path):
    import shutil
    from graph.ruleset import default_rules_dir
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    (folder / "judgements.yaml").write_text("judgements:\n  - {id: j1, split: person/a}\n  - {id: j2, reject: post/b}\n",
                                           encoding="utf-8")
    result = cli("rules", "check", "--rules", folder)
    assert result.exit_code == 0, result.output
    assert "judgements: 2 (0 merge, 1 split, 1 reject)" in result.output
    assert "resolution: 22 person folds, 16 organisation spellings, 8 organisation folds" in result.output
    (folder / "judgements.yaml").write_text("judgements:\n  - {id: j1, split: [person/a]}\n", encoding="utf-8")
    result = cli("rules", "check", "--rules", folder)
    assert result.exit_code == 1 and "judgements.yaml: line 2 (entry 0, id 'j1'): split takes one IRI" in result.output
