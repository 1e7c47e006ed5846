"""A text's detected language and near-duplicate signature are found once and read back on a rebuild
(graph.reading_cache); a rebuild that reads them back gives the same facts and report."""
import os

import numpy as np
import pytest

from graph import read_extract as rx
from graph import reading_cache as rc
from graph.cache_db import CacheDB
from graph.read import read_article
from graph.ruleset import default_rules_dir, load_rules
from graph.sources.language import covered_languages, detector_languages
from test_read_extract import _facts, _folder, _new

RULES = load_rules()
CODES = detector_languages(default_rules_dir(), covered_languages(RULES))


def _article(tmp_path, name="a.txt", body=None):
    body = body or ("The Minister of Science of Xandria, Dr. Mira Vell, met the rector of the University of "
                    "Lakeside on 3 March 2024 to talk about research on water and energy for the coming years.")
    path = tmp_path / name
    path.write_text(f"Title\n\n{body}\n", encoding="utf-8")
    return read_article(path)


def _same(a: rc.TextFindings, b: rc.TextFindings) -> bool:
    return a.detected == b.detected and np.array_equal(a.signature, b.signature)


def _refuse(*args, **kwargs):
    raise AssertionError("found again")


def test_findings_are_kept_by_text_and_read_back_without_finding_them_again(tmp_path, monkeypatch):
    article = _article(tmp_path)
    cache = rc.ReadingCache(tmp_path / "cache", CODES)
    first = cache.of(article)
    assert first.detected == "en" and first.signature is not None
    assert _same(first, rc.find(article.body, CODES))
    monkeypatch.setattr(rc, "find", _refuse)
    again = rc.ReadingCache(tmp_path / "cache", CODES)
    assert _same(again.of(article), first) and again.reused == 1
    (tmp_path / "b.txt").write_bytes((tmp_path / "a.txt").read_bytes())
    renamed = read_article(tmp_path / "b.txt")   # the same text under another name: the same entry
    assert _same(again.of(renamed), first) and again.reused == 2


def test_an_entry_is_per_text_and_per_detector_languages(tmp_path):
    cache = rc.ReadingCache(tmp_path, CODES)
    a = _article(tmp_path, "a.txt")
    b = _article(tmp_path, "b.txt", "وقع وزير التعليم العالي مذكرة تفاهم مع رئيس الجامعة في العاصمة يوم الأحد.")
    found_a, found_b = cache.of(a), cache.of(b)
    assert (found_a.detected, found_b.detected) == ("en", "ar")
    assert cache.key(a.sha256) != cache.key(b.sha256)
    narrower = rc.ReadingCache(tmp_path, ("ar", "en"))
    assert narrower.key(a.sha256) != cache.key(a.sha256)
    narrower.of(a)
    assert narrower.reused == 0 and len(CacheDB(tmp_path).keys("r/")) == 3


def test_a_damaged_entry_is_found_again_and_written_anew(tmp_path):
    article = _article(tmp_path)
    cache = rc.ReadingCache(tmp_path / "cache", CODES)
    first = cache.of(article)
    cache.cache.put(cache.key(article.sha256), b"not a pickle")
    assert _same(cache.of(article), first) and cache.reused == 0
    assert _same(rc.ReadingCache(tmp_path / "cache", CODES).of(article), first)   # rewritten: read back whole


def test_without_a_folder_or_where_it_cannot_be_written_the_findings_are_still_given(tmp_path):
    article = _article(tmp_path)
    expected = rc.find(article.body, CODES)
    assert _same(rc.ReadingCache(None, CODES).of(article), expected)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    assert _same(rc.ReadingCache(blocked / "cache", CODES).of(article), expected)


@pytest.mark.skipif(os.name != "posix", reason="the reading workers fork")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rebuild_reads_languages_and_signatures_back_with_the_same_facts_and_report(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(rx, "PARALLEL_MIN", 5)
    paths = _folder(tmp_path / "in", 8)
    cache = tmp_path / "cache"
    cache.mkdir()
    first, first_report = _new(paths, jobs, cache)
    # every readable text once: the 8, the near-copy, the Dutch one and the clash (the copy is the same text)
    assert len(CacheDB(cache).keys("r/")) == 11
    monkeypatch.setattr(rc, "find", _refuse)        # forked workers inherit it
    again, report = _new(paths, jobs, cache)
    assert _facts(again) == _facts(first) and report.reused == len(first) == 10
    for field in ("problems", "articles_found", "skipped_languages", "near_duplicates"):
        assert getattr(report, field) == getattr(first_report, field), field
    assert report.skipped_languages == {"nl": ["dutch.txt"]} and report.near_duplicates
