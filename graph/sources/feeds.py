"""RSS 0.9x/1.0/2.0 and Atom feeds (.xml, .rss, .atom, also .gz), read by feedparser: each entry is one
article (its content, else its summary), with its title, link, publication date and the feed's title as
its publisher. An entry with nothing but a one-line summary is reported, not mined."""
from __future__ import annotations

import re
from pathlib import Path

from graph.errors import ArticleError
from graph.sources.article import content_id, make_article, read_bytes

MAX_FEED_BYTES = 64 * 1024 * 1024
# What closes a complete feed document; a malformed feed without it was cut off, and its last entry with it.
FEED_END = re.compile(rb"</(?:[\w-]+:)?(?:rss|feed|RDF)>\s*$")
HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")


def fragment_text(value: str, mime: str = "text/html") -> str:
    """The visible text of an HTML fragment (paragraphs on lines of their own); plain text as it is."""
    if "html" not in (mime or "") and "<" not in value:
        return value
    from graph.read import _Visible
    parser = _Visible()
    parser.feed(value)
    parser.close()
    # white space folds as a browser folds it; a non-breaking space is visible spacing and stays a space
    lines = (re.sub(r"[ \t]+", " ", line).replace("\xa0", " ").strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _detail_language(entry, feed_language: str) -> str:
    for key in ("content", "summary_detail", "title_detail"):
        detail = entry.get(key)
        detail = detail[0] if isinstance(detail, list) and detail else detail
        if detail and detail.get("language"):
            return detail["language"]
    return feed_language


def read_feed(path: Path):
    """The articles of one feed file, and an ArticleError for each entry (or the whole file) that cannot be used."""
    import feedparser
    path = Path(path)
    raw = read_bytes(path, MAX_FEED_BYTES)
    parsed = feedparser.parse(raw, sanitize_html=False, resolve_relative_uris=False)
    entries, problem = list(parsed.entries), ""
    if parsed.bozo and type(parsed.bozo_exception).__name__ not in HARMLESS:
        e = parsed.bozo_exception
        line = getattr(e, "getLineNumber", lambda: None)()
        problem = f"not a well-formed feed ({f'line {line}: ' if line else ''}{getattr(e, 'getMessage', lambda: e)()})"
        if not entries:
            raise ArticleError(path, problem)
    if not entries:
        if not parsed.version:
            raise ArticleError(path, "not an RSS or Atom feed (no channel, feed or entries)")
        raise ArticleError(path, "a feed without entries")
    if problem:
        if not FEED_END.search(raw):   # cut off: its last entry may be cut too, so it is not read
            yield ArticleError(f"{path}: entry {len(entries)}", f"{problem}; the feed is cut off, so its last "
                                                               "entry is not read (it may be incomplete)")
            entries = entries[:-1]
        else:
            yield ArticleError(path, f"{problem}; its {len(entries)} entries were read by feedparser's lenient "
                                     "parser (check them)")
    feed = parsed.feed
    publisher, feed_language = feed.get("title", ""), feed.get("language", "")
    from graph.sources.html import decode_page      # the same check of a declared encoding as for a page
    lie = decode_page(raw, path)[1]
    if type(parsed.get("bozo_exception")).__name__ == "CharacterEncodingOverride":
        lie.append(f"{parsed.bozo_exception}; read as {parsed.get('encoding', '?')}")
    for i, entry in enumerate(entries, 1):
        where = f"{path}: entry {i}"
        try:
            article = _entry_article(entry, i, where, path.name, publisher, feed_language)
        except ArticleError as e:
            yield e
            continue
        if lie:   # said once, on the first entry read: the declared encoding is not the bytes'
            article.warnings += [f"the feed {w}" for w in lie]
            lie = []
        yield article


def _entry_article(entry, i, where, input_name, publisher, feed_language):
    content = entry.get("content") or []
    body = "\n\n".join(fragment_text(c.get("value", ""), c.get("type", "")) for c in content).strip()
    if not body:
        detail = entry.get("summary_detail") or {}
        summary = fragment_text(entry.get("summary", ""), detail.get("type", "text/html"))
        if len([line for line in summary.split("\n") if line.strip()]) <= 1:
            raise ArticleError(where, "only a one-line summary, no article text; not mined"
                                      if summary.strip() else "no content and no summary")
        body = summary
    link = entry.get("link", "")
    ident = entry.get("id") or link or content_id(body)
    source = (entry.get("source") or {}).get("title") or publisher
    return make_article(id=ident, where=where, body=body, input=input_name, record=i,
                        title=fragment_text(entry.get("title", ""), (entry.get("title_detail") or {}).get("type", "")),
                        url=link, published=entry.get("published_parsed"),   # <updated> is when it last changed
                        language=_detail_language(entry, feed_language), source=source)
