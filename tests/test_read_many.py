"""Reading many files in worker processes gives what reading them one by one gives (graph.sources.read_many)."""
import pickle

from graph.build import Report, read_all
from graph.errors import ArticleError
from graph.find import find_articles
from graph.sources import read_many as rm


def _folder(tmp_path, n):
    for i in range(n):
        body = (f"The Minister of Science of Xandria, Dr. Person{i} Alpha, met the rector of the University of "
                f"Town{i % 7} on 3 March 2024 to discuss cooperation in research number {i}. "
                + " ".join(f"w{i}x{j}" for j in range(120)) + ".")
        (tmp_path / f"a{i:04d}.txt").write_text(f"Title {i}\n\n{body}\n", encoding="utf-8")
    (tmp_path / "copy.txt").write_text((tmp_path / "a0001.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\xff\xfe" * 50)
    (tmp_path / "near.txt").write_text((tmp_path / "a0002.txt").read_text(encoding="utf-8").replace("cooperation",
                                                                                                     "co-operation"))
    return find_articles([tmp_path])[0]


def test_workers_read_the_same_articles_problems_and_near_duplicates_in_the_same_order(tmp_path, monkeypatch):
    monkeypatch.setattr(rm, "PARALLEL_MIN", 10)
    paths = _folder(tmp_path, 60)
    one, two = Report(), Report()
    a1, a2 = read_all(paths, one, fields=None, jobs=1), read_all(paths, two, fields=None, jobs=2)
    assert [(a.id, a.sha256, a.body, a.title) for a in a1] == [(a.id, a.sha256, a.body, a.title) for a in a2]
    assert one.problems == two.problems and one.articles_found == two.articles_found == 64
    assert any("empty.txt" in p for p in one.problems) and any("same text as" in p for p in one.problems)
    assert len(a1) == 61   # 60 + near.txt; the copy is counted once, the empty and binary files are skipped


def test_near_duplicates_from_the_readers_signatures_equal_those_computed_afresh(tmp_path, monkeypatch):
    from graph.ruleset import load_rules
    from graph.sources.near_duplicates import near_duplicates
    monkeypatch.setattr(rm, "PARALLEL_MIN", 10)
    paths = _folder(tmp_path, 30)
    report = Report()
    articles = read_all(paths, report, load_rules(), None, jobs=2)
    assert report.near_duplicates == near_duplicates(articles)
    assert [(d.first, d.second) for d in report.near_duplicates if "near" in d.first + d.second] == [("a0002.txt", "near.txt")]


def test_an_article_error_survives_the_trip_between_processes():
    e = pickle.loads(pickle.dumps(ArticleError("/x/y.txt", "not UTF-8 text")))
    assert (e.path, e.problem, str(e)) == ("/x/y.txt", "not UTF-8 text", "/x/y.txt: not UTF-8 text")
