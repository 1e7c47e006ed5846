"""Reading many input files at once: each file's articles (or errors) in input order, with each article's
near-duplicate signature (graph.sources.near_duplicates.signature) computed beside its reading. With
`jobs` > 1 and enough files the files are read in that many worker processes; the result is the same
whatever the number of workers, since the parent takes the files' results back in input order."""
from __future__ import annotations

from multiprocessing import get_context

PARALLEL_MIN = 200      # files: below this, starting workers costs more than it saves
CHUNK = 32              # files a worker reads per task


class Admission:
    """Which articles a build takes, in input order: a file that cannot be read is reported and skipped, a
    text another file already has is counted once, a second article of the same name gets a new one
    (graph.build.read_all, graph.read_extract). `signatures` keeps each admitted text's signature."""

    def __init__(self):
        self.by_hash, self.by_id, self.signatures = {}, {}, {}

    def admit(self, a, signature, problems: list) -> bool:
        """Whether article A (or an ArticleError) is taken; what there is to say of it goes to PROBLEMS.
        A clashing name is changed on A itself."""
        from graph.errors import ArticleError
        if isinstance(a, ArticleError):
            problems.append(f"{a.path}: {a.problem}; skipped")
            return False
        if a.warnings:
            problems.append(f"{a.path}: " + "; ".join(a.warnings))
        if a.sha256 in self.by_hash:
            problems.append(f"{a.path}: same text as {self.by_hash[a.sha256]}; counted once")
            return False
        if a.id in self.by_id:
            new_id = f"{a.id}#{a.sha256[:8]}"
            problems.append(f"{a.path}: another article is also named {a.id} ({self.by_id[a.id]}); "
                            f"identified as {new_id}")
            a.id = new_id
        self.by_hash[a.sha256] = a.path
        self.by_id[a.id] = a.path
        self.signatures[a.sha256] = signature
        return True


def near_duplicate_notes(pairs) -> list:
    """The report's line for each near-duplicate pair (graph.sources.near_duplicates.NearDuplicate)."""
    return [f"{d.first} and {d.second} are near-duplicates ({d.similarity:.2f} of their word shingles alike); "
            "both built" for d in pairs]


def read_one(path, fields=None, findings=None) -> list:
    """[(Article, signature) or (ArticleError, None)] of one input file; a file that cannot be read at
    all is one ArticleError. FINDINGS: what to pair each article with instead of its signature (a
    function of the article: graph.reading_cache.ReadingCache.of)."""
    from graph.errors import ArticleError
    from graph.sources import read_inputs
    if findings is None:
        from graph.sources.near_duplicates import signature
        findings = lambda a: signature(a.body)   # noqa: E731
    items = []
    try:
        for item in read_inputs(path, fields):
            items.append((item, None if isinstance(item, ArticleError) else findings(item)))
    except Exception as e:   # one unreadable input must not stop the build
        items.append((ArticleError(path, f"could not be read ({type(e).__name__}: {e})"), None))
    return items


def _read_one_job(job):
    return read_one(*job)


def read_many(paths, fields=None, jobs: int = 1):
    """(Article or ArticleError, signature) for every input of PATHS, in order."""
    paths = list(paths)
    if jobs <= 1 or len(paths) < PARALLEL_MIN:
        for path in paths:
            yield from read_one(path, fields)
        return
    with get_context("fork").Pool(jobs) as pool:
        for items in pool.imap(_read_one_job, [(p, fields) for p in paths], chunksize=CHUNK):
            yield from items
