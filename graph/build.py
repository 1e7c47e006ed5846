"""The pipeline: articles -> facts -> resolved actors -> RDF -> exports.

Outputs are written into a temporary folder beside OUT and swapped in at the
end with one atomic exchange of the two folders (Linux renameat2; elsewhere two
renames that the next build repairs if interrupted between them), so a build
killed at any moment leaves the previous OUT intact and consistent; a lock keeps
two builds out of the same folder. manifest.json records the SHA-256 of every
output. Extraction results are cached by content hash (and rule fingerprint):
a rebuild re-extracts only what changed. The same input gives byte-identical
graph.ttl, graph.trig, centrality.csv, network.html and manifest.json.
"""
from __future__ import annotations

import os
import re
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from graph.extraction import extract_all, rules_fingerprint
from graph.extraction_spool import as_list, counted
from graph.errors import ActorgraphError, BuildLocked
from graph.find import find_articles
from graph.sources import kind_names
from graph.ruleset import default_rules_dir, load_rules
from graph.resolve import resolve
from graph.outputs import MANIFEST, OUTPUTS, bind_prefixes, write_exports_text, write_large, write_manifest, \
    write_merges  # noqa: F401
from graph.store import STORE_DIR
from graph.swap import recover, swap_in
from graph.to_rdf import to_dataset, to_store

@dataclass
class Report:
    articles_found: int = 0
    articles_built: int = 0
    problems: list = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    reused: int = 0
    violations: int = 0
    merges: int = 0
    seconds: float = 0.0
    out: str = ""
    skipped_languages: dict = field(default_factory=dict)   # language -> ids of the articles skipped for it
    near_duplicates: list = field(default_factory=list)     # graph.sources.near_duplicates.NearDuplicate
    store_update: tuple | None = None   # (article graphs kept, rewritten) when the previous store was reused
    trig_copied: int = 0   # article blocks of graph.trig copied from the previous build's (graph.trig_segments)

    def text(self, quiet=False) -> str:
        lines = [f"warning: {printable(p)}" for p in self.problems]
        if quiet:
            return "\n".join(lines)
        plural = {"Country": "countries", "Person": "persons", "Organization": "organizations", "Place": "places"}
        ents = ", ".join(f"{n} {plural.get(t, t.lower() + 's')}" for t, n in sorted(self.entities.items())) or "none"
        lines += [
            f"articles: {self.articles_built} built of {self.articles_found} found"
            + (f" ({self.reused} unchanged, reused)" if self.reused else ""),
            f"entities: {ents}; {self.merges} spellings merged into another actor (merges.csv)",
            f"posts: {self.facts['post']}, meetings: {self.facts['meeting']}, agreements: {self.facts['agreement']}",
            *(["skipped, language not covered by the rules: " + "; ".join(
                f"{lang} {len(ids)} ({', '.join(ids[:5])}{', …' if len(ids) > 5 else ''})"
                for lang, ids in sorted(self.skipped_languages.items()))] if self.skipped_languages else []),
            *([f"near-duplicates (both built): {len(self.near_duplicates)} pair(s): " + "; ".join(
                f"{d.first} ~ {d.second} ({d.similarity:.2f})" for d in self.near_duplicates[:10])
               + ("; …" if len(self.near_duplicates) > 10 else "")] if self.near_duplicates else []),
            *([f"store: the previous build's, {self.store_update[0]} article graphs kept, "
               f"{self.store_update[1]} rewritten"] if self.store_update else []),
            *([f"graph.trig: {self.trig_copied} article graphs copied from the previous build's"]
              if self.trig_copied else []),
            f"warnings: {len(self.problems)}, SHACL violations: {self.violations}",
            f"written to {self.out}/ (graph.ttl, graph.trig, network.html, centrality.csv, manifest.json, merges.csv, .store) in {self.seconds:.1f} s",
        ]
        return "\n".join(lines)


def printable(message: str) -> str:
    """One line of printable text whatever a file name holds (undecodable bytes, line ends, controls)."""
    message = str(message).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
                  lambda m: m.group(0).encode("unicode_escape").decode("ascii"), message)


def one_article_each(paths) -> bool:
    """Whether every input file holds one article (text, a saved page): then the workers that extract also
    read (graph.read_extract); one export of many records would be read, and extracted, by one worker."""
    from graph.sources.kinds import ONE_ARTICLE, input_kind
    return all(input_kind(Path(p).name) in ONE_ARTICLE for p in paths)


def read_all(paths, report, rules=None, fields=None, jobs=1):
    """Readable, distinct articles in languages the rules cover (a file whose text another file already has
    is reported, not counted twice; two different files with the same name get distinct identifiers; an
    article in another language is skipped and listed; near-identical pairs are reported, both kept).
    A feed or an export gives many articles; each record that cannot be used is reported by file and number.
    Files are read in JOBS processes (graph.sources.read_many), in the same order whatever JOBS."""
    from graph.sources.read_many import Admission, read_many
    articles, admission, found = [], Admission(), 0
    for a, sig in read_many(paths, fields, jobs):
        found += 1
        if admission.admit(a, sig, report.problems):
            articles.append(a)
    report.articles_found = max(report.articles_found, found)
    if rules is not None:
        from graph.sources.language import screen
        from graph.sources.near_duplicates import near_duplicates
        from graph.sources.read_many import near_duplicate_notes
        articles, report.skipped_languages, notes = screen(articles, rules)
        report.problems += notes
        report.near_duplicates = (near_duplicates(articles, signatures=admission.signatures)
                                  if len(articles) > 1 else [])
        report.problems += near_duplicate_notes(report.near_duplicates)
    return articles


LARGE_CORPUS = 2_000    # articles: above this the graph goes straight into Oxigraph (rdflib needs GBs and minutes)


def extract_and_resolve(articles, rules, rules_dir=None, cache_dir=None, jobs=1, progress=False, report=None,
                        dask=None, judgements=None, render=False):
    """Articles -> (extractions, resolution), the judgements applied (default: the rules folder's
    judgements.yaml). No files written (but the cache). RENDER: the workers write each article's facts
    as N-Quads (graph.nquads) and send back no sentence text."""
    from graph.judgements import default_path, load_judgements
    report = report or Report()
    judgements = judgements if judgements is not None else load_judgements(default_path(rules.folder))
    extractions = extract_all(articles, rules, rules_dir, cache_dir, jobs, progress, report, dask, render)
    return resolve_all(extractions, rules, report, judgements)


def resolve_all(extractions, rules, report, judgements):
    """(extractions, resolution) across articles, the judgements applied."""
    from graph.merge_actors import without_rejected
    from graph.resolution_rules import load_resolution
    resolution = resolve(extractions, {e.id: e for e in rules.entities}, load_resolution(rules.folder), judgements,
                         report.problems.append)
    return without_rejected(extractions, resolution, judgements, report.problems.append), resolution


def build_graph(articles, rules, rules_dir=None, cache_dir=None, jobs=1, progress=False, report=None, large=None,
                judgements=None):
    """Articles -> (graph, extractions, resolution): the graph is an rdflib Dataset, or for a large
    corpus an in-memory pyoxigraph Store holding the same quads. No files written (but the cache)."""
    extractions, resolution = extract_and_resolve(articles, rules, rules_dir, cache_dir, jobs, progress, report,
                                                  judgements=judgements)
    large = len(extractions) > LARGE_CORPUS if large is None else large
    graph = to_store(extractions, resolution) if large else to_dataset(extractions, resolution)
    return graph, extractions, resolution


def build_outputs(sources, out, rules_dir=None, jobs=0, incremental=True, progress=True, fields=None,
                  dask=None, judgements_path=None) -> Report:
    """Build the graph of SOURCES and write every export into OUT (atomically). FIELDS: `NAME=FIELD` strings
    naming the fields of JSONL/CSV exports (graph.sources.records.FieldMap); DASK: a DaskTarget to extract on;
    the judgements of JUDGEMENTS_PATH (default: judgements.yaml in the rules folder) are applied."""
    from graph.judgements import default_path, load_judgements
    from graph.resolution_rules import load_resolution
    started = time.perf_counter()
    out = Path(out)
    if out.is_symlink():  # write into the folder the link points at; keep the link
        out = out.resolve()
    rules_dir = Path(rules_dir) if rules_dir else default_rules_dir()
    judgements = load_judgements(Path(judgements_path) if judgements_path else default_path(rules_dir))
    rules = load_rules(rules_dir)            # a bad rule file stops here: nothing is written
    load_resolution(rules_dir)
    if out.exists() and not out.is_dir():
        raise ActorgraphError(f"{out}: exists and is not a folder; choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out.parent / f".{out.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(f"{out}: another build is writing into this folder; try again when it has finished") from None
    try:
        recover(out)
        return _build_locked(sources, out, rules, rules_dir, jobs, incremental, progress, started, fields, dask,
                             judgements)
    finally:
        lock.release()


def _build_locked(sources, out, rules, rules_dir, jobs, incremental, progress, started, fields=None,
                  dask=None, judgements=None):
    report = Report(out=str(out))
    try:
        paths, problems = find_articles(sources)
        report.problems += problems
        report.articles_found = len(paths)
        from graph.sources.records import FieldMap
        cache_dir = out / ".cache" / rules_fingerprint(rules_dir) if incremental else None
        if dask is None and one_article_each(paths):   # read and extracted in the same workers: no article
            # text in this process (a feed or an export of many records is read here, extracted in workers)
            from graph.read_extract import read_and_extract
            extractions = read_and_extract(paths, rules, rules_dir, cache_dir, jobs, progress, report,
                                           FieldMap.parse(fields), render=True,
                                           spool_dir=out.parent if len(paths) > LARGE_CORPUS else None)
            extractions, resolution = resolve_all(extractions, rules, report, judgements)
        else:              # read here, extracted in workers or on the cluster
            articles = read_all(paths, report, rules, FieldMap.parse(fields), jobs or os.cpu_count() or 1)
            extractions, resolution = extract_and_resolve(articles, rules, rules_dir, cache_dir, jobs, progress,
                                                          report, dask, judgements, render=True)
            del articles
        report.articles_built = len(extractions)
        if not extractions:
            report.problems.append("no article could be built; the previous outputs are left as they were"
                                   if paths else f"no article files ({kind_names()}) found; nothing was written")
            return report
        report.entities = Counter(a.type for a in resolution.actors.values())
        count = counted(extractions)     # a large build's spool counted them as they were added: no pass
        report.facts = Counter(count.facts)
        built = [{"id": aid, "sha256": sha256} for aid, sha256 in count.articles]
        merges, report.merges = resolution.merges, len(resolution.merges)
        tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            large = len(extractions) > LARGE_CORPUS
            parts = [extractions if large else as_list(extractions), resolution]
            del extractions, resolution      # the writers drop them once the graph's text is written
            if large:   # an incremental build reuses the previous build's store (graph.store_update)
                write_large(parts, tmp, report, out / STORE_DIR if incremental else None)
            else:
                write_exports_text(parts, tmp, report)
            write_merges(merges, tmp / "merges.csv")
            write_manifest(tmp, built, report)
            if cache_dir and cache_dir.is_dir():   # its parent made first: shutil.move copies when it is missing
                (tmp / ".cache").mkdir()
                shutil.move(str(cache_dir), str(tmp / ".cache" / cache_dir.name))
            swap_in(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        report.seconds = time.perf_counter() - started
        return report
    finally:
        report.problems = list(dict.fromkeys(report.problems))  # each problem once
