"""Reading and extracting in the same worker processes, so that no article's text ever reaches the
parent (issue 19: at 100,000 articles the parent held ~1 GB of text through extraction, and each
worker forked from it counted that again).

Each worker, forked before anything is read, takes input files in turn: it reads a file
(graph.sources.read_many.read_one: its articles, and each text's detected language and near-duplicate
signature, found or taken from the reading cache, graph.reading_cache), screens each
article's language (graph.sources.language.check), takes its facts from the extraction cache or
extracts them (graph.extraction.extract_with) and writes them to the cache, and sends back the article without its body, the
signature, the language check and the facts, pickled; for a large build, pickled as the parent's spool keeps them
(graph.extraction_spool.SpoolRecord), so the parent only appends bytes. The parent takes the files back in input order
and does what graph.build.read_all then graph.extraction.extract_all do (the same text counted once, a
second article of the same name renamed, a language the rules do not cover skipped, near-duplicates
reported), so the build's result and its report are the same.
An article renamed for a clash of names is read and extracted again, in the parent, under its new name
(its facts' IRIs are made from the name)."""
from __future__ import annotations

import os
import pickle
import sys
from dataclasses import dataclass, replace
from multiprocessing import get_context

import click

from graph.cache_db import CacheDB, prepare
from graph.errors import ArticleError
from graph.extraction import _Plain, cache_key, extract_with, from_cache, warnings_of
from graph.extraction_spool import SpooledExtractions, SpoolRecord
from graph.reading_cache import ReadingCache
from graph.sources.language import LanguageCheck, check, covered_languages, detector_languages, taken
from graph.sources.read_many import Admission, near_duplicate_notes, read_one

PARALLEL_MIN = 40   # input files: below this, starting workers costs more than it saves
CHUNK = 8           # input files a worker takes per task


@dataclass
class ReadFacts:
    """One article (or error) of an input file, as a worker read and extracted it."""
    item: object                        # graph.read.Article, its body emptied, or ArticleError
    signature: object = None            # graph.sources.near_duplicates.signature of its text
    language: LanguageCheck | None = None
    facts: bytes | None = None          # the slim ArticleFacts, pickled (also what the cache holds)
    problem: str = ""                   # extraction failed: why
    reused: bool = False                # the facts came from the cache
    renamed_from: str = ""              # the parent gave the article a new name (another has its name)
    record: SpoolRecord | None = None   # for a spool, the facts pickled as the spool keeps them (not `facts`)


class Reader:
    """What a worker needs, made once: the rules, the languages, where the cache is."""

    def __init__(self, rules, rules_dir, cache_dir, fields, render, spooling=False):
        self.rules, self.cache_dir, self.fields, self.render = rules, cache_dir, fields, render
        self.spooling = spooling   # the facts go to a spool: sent as its records (SpoolRecord), not as one pickle
        self.covered = covered_languages(rules)
        self.codes = detector_languages(rules_dir or rules.folder, self.covered)
        self.cache = CacheDB(cache_dir)   # extractions and reading findings of texts seen before
        self.texts = ReadingCache(cache_dir, self.codes, self.cache)   # language and signature of a text

    def read(self, path) -> list[ReadFacts]:
        out = []
        for item, found in read_one(path, self.fields, self.texts.of):
            if isinstance(item, ArticleError):
                out.append(ReadFacts(item))
                continue
            signature = found.signature
            lang = check(item.body, item.declared_language, self.covered, self.codes, found.detected)
            if not lang.covered:
                item.body = ""
                out.append(ReadFacts(item, signature, lang))
                continue
            item.language = lang.language
            out.append(self._facts(item, signature, lang))
        return out

    def _facts(self, article, signature, lang) -> ReadFacts:
        cached = cache_key(article) if self.cache_dir else None
        hit = from_cache(self.cache, cached, self.render)
        if hit:
            article.body = ""
            if not self.spooling:
                return ReadFacts(article, signature, lang, hit[1], reused=True)
            fx = hit[0]
            fx.article = this_read(article)
            return ReadFacts(article, signature, lang, record=SpoolRecord.of(fx), reused=True)
        fx, problem = extract_with(self.rules, article, self.render)
        article.body = ""
        if fx is None:
            return ReadFacts(article, signature, lang, None, problem or "")
        # pickled whole only for the cache or the parent's list: a spool without a cache takes its record alone
        blob = pickle.dumps(fx, protocol=pickle.HIGHEST_PROTOCOL) if cached or not self.spooling else None
        if cached:   # written here, in parallel (an entry is keyed by text and name,
            self.cache.put(cached, blob)   # so one for a text the parent counts once does no harm)
        if self.spooling:
            return ReadFacts(article, signature, lang, record=SpoolRecord.of(fx), problem=problem or "")
        return ReadFacts(article, signature, lang, blob, problem or "")


_READER: Reader | None = None


def _init_worker(rules_dir, cache_dir, fields, render, spooling):
    global _READER
    from graph.ruleset import load_rules
    _READER = Reader(load_rules(rules_dir), rules_dir, cache_dir, fields, render, spooling)


def _read_in_worker(path):
    return _READER.read(path)


def read_and_extract(paths, rules, rules_dir, cache_dir, jobs, progress, report, fields=None, render=False,
                     spool_dir=None):
    """The slim extractions (graph.extraction.slim) of the articles of PATHS, in input order, as
    read_all followed by extract_all give them, with the same entries in REPORT; the files are read and
    extracted in JOBS worker processes (here below PARALLEL_MIN files). SPOOL_DIR: they are kept on disk
    there (graph.extraction_spool.SpooledExtractions), not in a list in memory."""
    paths = list(paths)
    report.problems += prepare(cache_dir)   # a damaged cache file put aside before the workers open it
    spool = SpooledExtractions(spool_dir) if spool_dir is not None else None
    jobs = jobs or os.cpu_count() or 1
    show = progress and len(paths) >= PARALLEL_MIN
    if jobs > 1 and len(paths) >= PARALLEL_MIN:
        ctx = get_context("fork" if sys.platform != "win32" else "spawn")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(rules_dir or rules.folder, cache_dir, fields,
                                                                render, spool is not None)) as pool:
            return _take(pool.imap(_read_in_worker, paths, chunksize=CHUNK), paths, rules, rules_dir,
                         cache_dir, report, fields, render, show, spool)
    reader = Reader(rules, rules_dir, cache_dir, fields, render, spool is not None)
    try:
        return _take(map(reader.read, paths), paths, rules, rules_dir, cache_dir, report, fields, render, show, spool)
    finally:
        reader.cache.close()   # the build then moves the cache's folder


@dataclass
class _Taken:
    """The parent's bookkeeping: problems kept apart by kind so the report lists them in the order
    read_all and extract_all give them; a Reader of its own for an article read again."""
    reading: list
    languages: list
    extraction: list
    reader: Reader | None = None


def _take(outcomes, paths, rules, rules_dir, cache_dir, report, fields, render, show, spool=None):
    """The extractions of OUTCOMES in input order: a list, or SPOOL with them added (a spool is read back
    once per pass; the report's extraction warnings are taken as they arrive)."""
    from graph.sources.near_duplicates import near_duplicates
    notes = _Taken([], [], [])
    admission, covered, kept, results = Admission(), covered_languages(rules), [], {}
    warned = {}
    found = 0
    with click.progressbar(outcomes, length=len(paths), label="extracting", file=sys.stderr) if show \
            else _Plain(outcomes) as bar:
        for path, reads in zip(paths, bar):
            for r in reads:
                found += 1
                if not _admitted(r, admission, covered, notes, report):
                    continue
                kept.append(r.item)
                if r.renamed_from:   # its facts' IRIs are made from its name: read and extracted again
                    notes.reader = notes.reader or Reader(rules, rules_dir, cache_dir, fields, render,
                                                          spool is not None)
                    r = _again(r, path, notes.reader, fields)
                fx = _facts(r, notes, report)
                if fx is None:
                    continue
                if spool is None:
                    results[r.item.id] = fx
                    continue
                spool.add(fx)        # a SpoolRecord: its pickles as the worker made them
                if fx.warnings:
                    warned[r.item.id] = fx
    if notes.reader is not None:
        notes.reader.cache.close()
    report.articles_found = max(report.articles_found, found)
    duplicates = near_duplicates(kept, signatures=admission.signatures) if len(kept) > 1 else []
    report.near_duplicates = duplicates
    report.problems += notes.reading + notes.languages + near_duplicate_notes(duplicates) + notes.extraction
    report.problems += warnings_of(kept, warned if spool is not None else results)
    return spool if spool is not None else [results[a.id] for a in kept if a.id in results]


def _admitted(r, admission, covered, notes, report) -> bool:
    """Whether read_all keeps R's article and the rules cover its language; the reading and language notes
    recorded, a clash of names resolved by a new name (R.renamed_from: the old)."""
    name = getattr(r.item, "id", "")
    if not admission.admit(r.item, r.signature, notes.reading):
        return False
    if r.item.id != name:
        r.renamed_from = name
    return taken(r.item, r.language, covered, report.skipped_languages, notes.languages)


def _again(r, path, reader, fields) -> ReadFacts:
    """A renamed article read again from PATH (which may hold others: the one with its text) and
    extracted here under its new name."""
    for item, _ in read_one(path, fields, findings=lambda a: None):   # the signature is R's already
        if not isinstance(item, ArticleError) and item.sha256 == r.item.sha256:
            article = replace(r.item, body=item.body)
            again = reader._facts(article, r.signature, r.language)
            again.item = r.item
            return again
    return ReadFacts(r.item, r.signature, r.language, problem=f"{r.item.path}: changed while it was read; skipped")


def _facts(r, notes, report):
    """The facts of an admitted article: the slim ArticleFacts, or for a spool its SpoolRecord."""
    if r.problem or (r.facts is None and r.record is None):
        notes.extraction.append(r.problem)
        return None
    if r.reused:
        report.reused += 1
    if r.record is not None:   # the worker set a reused article's metadata before pickling it
        return r.record
    fx = pickle.loads(r.facts)
    if r.reused:
        fx.article = this_read(r.item)
    return fx


def this_read(article):
    """ARTICLE as this read found it (title, URL, source …), for its extraction taken from the cache, which
    holds the metadata of the read that extracted it: without its body and its reading warnings."""
    return replace(article, body="", warnings=[])

