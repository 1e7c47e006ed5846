"""Readers for the forms news arrives in: plain text (graph.read), saved web pages, RSS/Atom feeds and
JSONL/CSV exports. `read_inputs(path)` yields the articles of one input file (or the error of a record
or of the whole file) whatever its kind; `input_kind(name)` says which reader a file name calls for.
"""
from __future__ import annotations

from graph.sources.kinds import KINDS, input_kind, kind_names

__all__ = ["KINDS", "input_kind", "kind_names", "read_inputs"]


def read_inputs(path, fields=None):
    """Articles (graph.read.Article) of one input file, and ArticleError for each record or file that cannot
    be used (named by file and record or line); a file that fails as a whole yields one error."""
    from graph.errors import ArticleError
    kind = input_kind(path.name)
    try:
        if kind == "text":
            from graph.read import read_article
            yield read_article(path)
        elif kind == "html":
            from graph.sources.html import read_page_file
            yield read_page_file(path)
        elif kind == "feed":
            from graph.sources.feeds import read_feed
            yield from read_feed(path)
        elif kind in ("jsonl", "csv"):
            from graph.sources.records import read_records
            yield from read_records(path, kind, fields)
        else:
            yield ArticleError(path, f"not an input kind actorgraph reads ({kind_names()})")
    except ArticleError as e:
        yield e
