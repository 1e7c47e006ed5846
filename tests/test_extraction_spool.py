"""A large build keeps its extractions on disk (graph.extraction_spool): read back, they are the ones a list
holds, in input order or in the order of the articles' names, and resolution and the N-Quads made from them
are the same; the temporary file leaves nothing behind."""
from collections import Counter

import pytest

from graph import read_extract as rx
from graph.extraction_spool import SpooledExtractions, as_list, counted, empty_like, in_article_order
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
    assert counted(kept_spool) == counted(kept_list) != counted(spooled) == counted(listed)   # kept as added
    assert sum(counted(kept_spool).facts.values()) == sum(counted(spooled).facts.values()) - 1
    assert counted(spooled).articles == [(f.article.id, f.article.sha256) for f in listed]
    assert counted(spooled).facts == Counter(f.kind for fx in spooled for f in fx.facts) and counted(spooled).facts
    assert "".join(quads_text(kept_spool, res)) == "".join(quads_text(kept_list, res))
    res.rejected = set()
    assert without_rejected(spooled, res) is spooled       # nothing rejected: no copy of the file


def test_a_pass_reads_only_the_entities_or_everything_but_them_and_finds_what_the_whole_read_holds(
        tmp_path, monkeypatch):
    from graph.extraction_spool import entities_of, without_entities
    monkeypatch.setattr(rx, "PARALLEL_MIN", 5)
    paths = _folder(tmp_path / "in", 6)
    listed, _ = _new(paths, 1)
    spooled, _ = _spooled(paths, 1, tmp_path)
    assert all(fx.entities for fx in listed) and all(fx.entities for fx in spooled)   # kept whole by append
    for ordered in (False, True):
        whole = list(in_article_order(spooled) if ordered else spooled)
        assert list(spooled.entities(ordered)) == [(fx.article.id, fx.entities) for fx in whole]
        assert list(entities_of(spooled, ordered)) == list(entities_of(listed, ordered))
        rest = list(without_entities(spooled, ordered))
        assert [fx.entities for fx in rest] == [{}] * len(whole)
        assert _facts(rest) == _facts(whole) == _facts(without_entities(listed, ordered))
        assert [fx.mentioned for fx in rest] == [fx.mentioned for fx in whole]
        assert all(fx.rdf.facts == fx.facts and fx.rdf.template_of(fx.facts[0]) for fx in rest if fx.facts)
    assert list(without_entities(listed)) == listed and next(without_entities(listed)).entities


TIED = {"g.txt": "Dr. Tarek Amani, Minister of Health of Ghana, spoke in Accra on Friday.",
        "e.txt": "The Ministry of Health received the Ghanaian Ambassador, Dr. Velko Amari, in Nairobi on Monday."}


def test_one_pass_finds_the_articles_naming_each_actor_and_each_articles_ties(tmp_path, monkeypatch):
    from graph.merge_candidates import mentions_of
    from graph.place_qualified import ties_of
    from graph.resolution_rules import load_resolution
    from graph.resolve import resolve
    from graph.find import find_articles
    (tmp_path / "in").mkdir()
    for name, text in TIED.items():
        (tmp_path / "in" / name).write_text(f"Title\n\n{text}\n", encoding="utf-8")
    paths = find_articles([tmp_path / "in"])[0] + _folder(tmp_path / "more", 4)
    listed, _ = _new(paths, 1)
    spooled, _ = _spooled(paths, 1, tmp_path)
    res, rules = resolve(listed, {e.id: e for e in RULES.entities}), load_resolution()
    named = mentions_of(res, spooled, rules)
    assert named == mentions_of(res, listed, rules)
    assert named.ties == {fx.article.id: ties_of(fx, res, rules) for fx in listed}
    assert named.ties["g.txt"] == {"gaz:ghana"}
    assert named.ties["e.txt"] == {"gaz:kenya"}           # not Ghana, the country its envoy represents
    for fx in listed:
        for local in fx.mentioned:
            assert fx.article.id in named.articles[res.key_of[(fx.article.id, local)]]
    assert sum(map(len, named.articles.values())) == len({(fx.article.id, res.key_of[(fx.article.id, k)])
                                                          for fx in listed for k in fx.mentioned})


class _ByValue:
    """Pickles as Enum's own __reduce_ex__ does (what older cache files hold): the class called with the value."""

    def __init__(self, member):
        self.member = member

    def __reduce__(self):
        return type(self.member), (self.member.value,)


def test_the_models_enums_pickle_as_references_and_older_pickles_still_load():
    import pickle
    from graph.model import EntityType, FactKind, MentionType
    for member in [*MentionType, *EntityType, *FactKind]:
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            blob = pickle.dumps([member, member], protocol=protocol)
            assert pickle.loads(blob) == [member, member] and pickle.loads(blob)[0] is member
        assert f"{type(member).__name__}.{member.name}".encode() in pickle.dumps(member, protocol=5)
        assert pickle.loads(pickle.dumps(_ByValue(member), protocol=5)) is member


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rebuild_from_the_cache_spools_what_a_list_holds_with_this_reads_metadata(tmp_path, monkeypatch, jobs):
    """The workers send a spool's records pickled (SpoolRecord), also for articles taken from the cache, whose
    metadata (here a new title) is this read's; the renamed clash is extracted again under its new name."""
    monkeypatch.setattr(rx, "PARALLEL_MIN", 5)
    paths = _folder(tmp_path / "in", 8)
    cache = tmp_path / "cache"
    cache.mkdir()
    _new(paths, jobs, cache)                                  # fills the cache
    retitled = next(p for p in paths if p.name == "a0001.txt")
    header = "---\ntitle: A New Title\nsource: Invented Wire\n---\n"   # same name, same body text: a cache hit
    retitled.write_text(header + retitled.read_text(encoding="utf-8"), encoding="utf-8")
    _new(paths, jobs, cache)                                  # what a first rebuild adds to the cache, added
    listed, list_report = _new(paths, jobs, cache)
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    report = __import__("graph.build", fromlist=["Report"]).Report()
    spooled = rx.read_and_extract(paths, RULES, default_rules_dir(), cache, jobs, False, report, render=True,
                                  spool_dir=spool_dir)
    assert report.reused == list_report.reused == len(spooled) == len(listed) == 10   # every one from the cache
    assert _facts(spooled) == _facts(listed)
    assert [fx.entities for fx in spooled] == [fx.entities for fx in listed]
    assert next((fx.article.title, fx.article.source) for fx in spooled if fx.article.id == "a0001.txt") == \
        ("A New Title", "Invented Wire")
    assert any(fx.article.id.startswith("a0003.txt#") and fx.facts for fx in spooled)
    assert counted(spooled) == counted(listed)
    assert report.problems == list_report.problems


def test_a_worker_sends_a_spools_records_and_the_spool_keeps_them_as_appended_extractions(tmp_path):
    from graph.extraction_spool import SpoolRecord
    paths = _folder(tmp_path / "in", 3)
    reader = rx.Reader(RULES, default_rules_dir(), None, None, True, spooling=True)
    reads = [r for p in paths for r in reader.read(p) if r.record is not None]
    assert reads and all(r.facts is None and isinstance(r.record, SpoolRecord) for r in reads)
    by_records, by_append = SpooledExtractions(tmp_path), SpooledExtractions(tmp_path)
    for r in reads:
        by_records.add(r.record)
        by_append.append(pickle_round_trip(r.record))
    assert _facts(by_records) == _facts(by_append) and counted(by_records) == counted(by_append)
    assert [e for _, e in by_records.entities()] == [e for _, e in by_append.entities()]
    assert sum(counted(by_records).facts.values()) == sum(len(r.record.kinds) for r in reads) > 0


def pickle_round_trip(record):
    """The extraction a record holds, unpickled whole."""
    import pickle
    fx = pickle.loads(record.rest)
    fx.entities = pickle.loads(record.entities)
    return fx


@pytest.mark.parametrize("with_cache", [False, True])
def test_a_worker_pickles_an_extraction_whole_only_for_the_cache(tmp_path, monkeypatch, with_cache):
    """Spooling without a cache (`build --full`), the worker's one pickling is the record's; with a cache, each
    new extraction is also pickled whole, once, for its cache file."""
    import pickle
    import types
    whole = []
    monkeypatch.setattr(rx, "pickle", types.SimpleNamespace(
        HIGHEST_PROTOCOL=pickle.HIGHEST_PROTOCOL, loads=pickle.loads,
        dumps=lambda obj, **kw: whole.append(obj) or pickle.dumps(obj, **kw)))
    paths = _folder(tmp_path / "in", 3)
    cache = tmp_path / "cache" if with_cache else None
    if cache:
        cache.mkdir()
    reader = rx.Reader(RULES, default_rules_dir(), cache, None, True, spooling=True)
    reads = [r for p in paths for r in reader.read(p) if r.record is not None]
    assert reads and all(r.facts is None for r in reads)
    assert len(whole) == (len(reads) if with_cache else 0)
    if cache:   # and what was pickled whole is what the cache keeps
        from graph.cache_db import CacheDB
        kept = CacheDB(cache)
        assert sorted(kept.get(k) for k in kept.keys("x/")) == \
            sorted(pickle.dumps(fx, protocol=pickle.HIGHEST_PROTOCOL) for fx in whole)
