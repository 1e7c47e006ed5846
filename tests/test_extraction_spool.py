"""A large build keeps its extractions on disk (graph.extraction_spool): read back, they are the ones a list
holds, in input order or in the order of the articles' names, and resolution and the N-Quads made from them
are the same; the temporary file leaves nothing behind."""
import pytest

from graph import read_extract as rx
from graph.extraction_spool import SpooledExtractions, as_list, empty_like, in_article_order
from graph.merge_actors import without_rejected
from graph.nquads_fill import quads_text
from graph.ruleset import default_rules_dir
from graph.to_rdf import actor_iri, fact_iri
from test_read_extract import RULES, _facts, _folder, _new


def _spooled(paths, jobs, folder):
    from graph.build import Report
    report = Report()
    return rx.read_and_extract(paths, RULES, default_rules_dir(), None, jobs, False, report, render=True,
                               spool_dir=folder), report


@pytest.mark.parametrize("jobs", [1, 2])
def test_spooled_extractions_are_the_listed_ones_with_the_same_report(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(rx, "PARALLEL_MIN", 5)
    paths = _folder(tmp_path / "in", 10)
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    (listed, old_report), (spooled, new_report) = _new(paths, jobs), _spooled(paths, jobs, spool_dir)
    assert isinstance(spooled, SpooledExtractions) and len(spooled) == len(listed) == 12
    assert _facts(spooled) == _facts(listed)
    assert _facts(spooled) == _facts(spooled)            # read back again: the same
    for field in ("problems", "articles_found", "skipped_languages", "near_duplicates", "reused"):
        assert getattr(new_report, field) == getattr(old_report, field), field
    assert _facts(in_article_order(spooled)) == _facts(in_article_order(listed))
    assert [fx.article.id for fx in in_article_order(spooled)] == sorted(fx.article.id for fx in listed)
    spooled.close()
    assert list(spool_dir.iterdir()) == []                # an unnamed file: nothing to clean up


def test_two_passes_at_once_and_a_changed_extraction_kept_in_a_new_spool(tmp_path, monkeypatch):
    monkeypatch.setattr(rx, "PARALLEL_MIN", 5)
    spooled, _ = _spooled(_folder(tmp_path / "in", 4), 1, tmp_path)
    pairs = list(zip(spooled, in_article_order(spooled)))  # two readers of one file, interleaved
    assert [a.article.id for a, _ in pairs] == [fx.article.id for fx in spooled]
    assert sorted(a.article.id for a, _ in pairs) == [b.article.id for _, b in pairs]
    first = next(iter(spooled))
    first.facts = []                                      # a change to what was read back is not kept ...
    assert next(iter(spooled)).facts
    again = empty_like(spooled)                          # ... it goes into another spool
    again.append(first)
    assert isinstance(again, SpooledExtractions) and next(iter(again)).facts == []
    assert empty_like([]) == [] and as_list(again)[0].article.id == first.article.id


def test_a_reject_judgement_drops_the_same_fact_from_a_spool_as_from_a_list(tmp_path, monkeypatch):
    from graph.resolve import resolve
    monkeypatch.setattr(rx, "PARALLEL_MIN", 5)
    paths = _folder(tmp_path / "in", 6)
    listed, _ = _new(paths, 1)
    spooled, _ = _spooled(paths, 1, tmp_path)
    gazetteer = {e.id: e for e in RULES.entities}
    res = resolve(listed, gazetteer)
    assert [a.iri_path for a in resolve(spooled, gazetteer).actors.values()] == \
        [a.iri_path for a in res.actors.values()]
    fx = next(f for f in listed if f.facts)
    iri_of = lambda k: actor_iri(res.actors[res.key_of[(fx.article.id, k)]])   # noqa: E731
    res.rejected = {str(fact_iri(fx, fx.facts[0], iri_of))}
    kept_list, kept_spool = without_rejected(listed, res), without_rejected(spooled, res)
    assert isinstance(kept_spool, SpooledExtractions)
    assert _facts(kept_spool) == _facts(kept_list)
    assert sum(len(f.facts) for f in kept_spool) == sum(len(f.facts) for f in listed) - 1
    assert "".join(quads_text(kept_spool, res)) == "".join(quads_text(kept_list, res))
    res.rejected = set()
    assert without_rejected(spooled, res) is spooled       # nothing rejected: no copy of the file
