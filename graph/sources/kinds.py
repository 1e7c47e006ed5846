"""Which reader a file name calls for: its suffix (before a final .gz)."""
from __future__ import annotations

KINDS = {
    ".txt": "text", ".md": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
}

ONE_ARTICLE = frozenset({"text", "html"})   # kinds of file that hold one article each (feeds and exports: many)


def _suffix(name: str) -> str:
    name = name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def input_kind(name: str) -> str | None:
    """'text', 'html', 'feed', 'jsonl', 'csv' for a file actorgraph reads (also gzipped, NAME.gz), else None.
    A plain-text article is read as it stands: `.txt.gz` is not one of them."""
    kind = KINDS.get(_suffix(name))
    if kind == "text" and name.lower().endswith(".gz"):
        return None
    return kind


def kind_names() -> str:
    return ", ".join(sorted(KINDS)) + "; pages, feeds and exports also gzipped (.gz)"
