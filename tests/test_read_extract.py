"""Reading and extracting in the same workers (graph.read_extract) gives what read_all then extract_all give:
the same facts, the same report, the same cache; no article text reaches the parent."""
import pickle

import pytest

from graph import read_extract as rx
from graph.build import Report, read_all
from graph.cache_db import CacheDB
from graph.extraction import cache_key, extract_all
from graph.find import find_articles
from graph.ruleset import default_rules_dir, load_rules
from test_read_many import _folder as read_many_folder

RULES = load_rules()


def _folder(tmp_path, n):
    """test_read_many's invented articles (N plain ones, a copy, an empty and a binary file, a near-copy),
    an article in a language the rules do not cover, and two files of the same name in two folders."""
    tmp_path.mkdir(parents=True)
    read_many_folder(tmp_path, n)
    (tmp_path / "dutch.txt").write_text("Titel\n\nDe minister van Wetenschap van Xandria heeft gisteren in de "
                                        "hoofdstad een overeenkomst ondertekend met de universiteit over het "
                                        "onderzoek naar water en energie in de komende jaren.\n", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "a0003.txt").write_text(
        "Clash\n\nThe Minister of Energy of Xandria, Dr. Omar Brightwater, met the rector of the University of "
        "Lakeside on 5 May 2024 in Velmora.\n", encoding="utf-8")
    return find_articles([tmp_path])[0]


def _old(paths, cache_dir=None):
    report = Report()
    articles = read_all(paths, report, RULES, None, jobs=1)
    return extract_all(articles, RULES, default_rules_dir(), cache_dir, 1, False, report, render=True), report


def _new(paths, jobs, cache_dir=None):
    report = Report()
    return rx.read_and_extract(paths, RULES, default_rules_dir(), cache_dir, jobs, False, report, render=True), report


def _facts(extractions):
    return [(fx.article.id, fx.article.sha256, fx.article.language, fx.article.title, _text(fx), fx.facts)
            for fx in extractions]


def _text(fx) -> bytes:
    import zlib
    return zlib.decompress(fx.rdf.packed)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_same_facts_and_report_as_reading_then_extracting(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(rx, "PARALLEL_MIN", 5)
    paths = _folder(tmp_path / "in", 12)
    (old, old_report), (new, new_report) = _old(paths), _new(paths, jobs)
    assert _facts(new) == _facts(old) and len(new) == 14   # 12 + near.txt + the renamed clash
    for field in ("problems", "articles_found", "skipped_languages", "near_duplicates"):
        assert getattr(new_report, field) == getattr(old_report, field), field
    assert new_report.skipped_languages == {"nl": ["dutch.txt"]}
    assert any("counted once" in p for p in new_report.problems)


def test_an_article_renamed_for_a_clash_of_names_has_facts_under_its_new_name(tmp_path, monkeypatch):
    monkeypatch.setattr(rx, "PARALLEL_MIN", 5)
    paths = _folder(tmp_path / "in", 6)
    new, report = _new(paths, 2)
    renamed = [fx for fx in new if fx.article.id.startswith("a0003.txt#")]
    from graph.nquads import article_iri
    assert len(renamed) == 1 and "Brightwater" in str(renamed[0].entities) and renamed[0].facts
    assert article_iri(renamed[0].article.id).encode() in _text(renamed[0])
    assert article_iri("a0003.txt").encode() not in _text(renamed[0])


def test_workers_send_the_parent_no_article_text(tmp_path):
    paths = _folder(tmp_path / "in", 3)
    reader = rx.Reader(RULES, default_rules_dir(), None, None, True)
    reads = [r for p in paths for r in reader.read(p)]
    articles = [r.item for r in reads if hasattr(r.item, "body")]
    assert len(articles) == len(paths) - 2 and all(a.body == "" for a in articles)   # empty and binary: errors
    assert all(pickle.loads(r.facts).article.body == "" for r in reads if r.facts)
    assert all(pickle.loads(r.facts).sentences == [] for r in reads if r.facts)


def test_the_workers_fill_the_cache_and_a_second_run_takes_everything_from_it(tmp_path, monkeypatch):
    monkeypatch.setattr(rx, "PARALLEL_MIN", 5)
    paths = _folder(tmp_path / "in", 8)
    cache, old_cache = tmp_path / "cache", tmp_path / "old-cache"
    cache.mkdir()
    old_cache.mkdir()
    first, _ = _new(paths, 2, cache)
    _old(paths, old_cache)
    kept = set(CacheDB(old_cache).keys())
    assert kept and kept <= set(CacheDB(cache).keys())   # and the copy's entry, keyed by its own name
    assert all(CacheDB(cache).get(cache_key(fx.article)) is not None for fx in first)
    again, report = _new(paths, 2, cache)
    assert report.reused == len(first) == 10 and _facts(again) == _facts(first)


def test_an_export_of_many_records_is_read_here_and_extracted_by_every_worker(tmp_path, monkeypatch):
    """One JSONL export would be read, and extracted, by one worker: the build reads it in this process."""
    import json
    from pathlib import Path

    from graph import build
    assert build.one_article_each([Path("a.txt"), Path("b.html"), Path("c.htm")])
    assert not build.one_article_each([Path("a.txt"), Path("feed.xml")])
    assert not build.one_article_each([Path("a.txt"), Path("export.jsonl.gz")])
    src = tmp_path / "in"
    src.mkdir()
    records = [{"id": f"r{i}", "text": f"The Minister of Science of Xandria, Dr. Person{i} Alpha, met the rector "
                                        f"of the University of Town{i} on 3 March 2024.", "language": "en"}
               for i in range(3)]
    (src / "export.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    def refuse(*a, **k):
        raise AssertionError("an export went to the reading workers")
    monkeypatch.setattr(rx, "read_and_extract", refuse)
    report = build.build_outputs([src], tmp_path / "out", jobs=2, progress=False)
    assert report.articles_built == 3
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.txt").write_text("Title\n\n" + records[0]["text"] + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="reading workers"):   # articles one a file: read by the workers
        build.build_outputs([plain], tmp_path / "out2", jobs=2, progress=False)
