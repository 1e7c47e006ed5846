"""Saved web pages (.html, .htm, also .gz): the story and its metadata by trafilatura, a main-text
extractor made for news pages (menus, share bars, related stories, comments and footers are left out).
Whatever furniture it keeps goes through the furniture rules at extraction, like any other text."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from graph.errors import ArticleError
from graph.read import BINARY_MAGIC, Article
from graph.sources.article import file_id, make_article, read_bytes

# A saved page carries scripts, styles and markup around a story of a few kilobytes.
MAX_PAGE_BYTES = 10 * 1024 * 1024
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
HTML_LANG = re.compile(r"""<html[^>]*?\slang\s*=\s*["']?\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?""", re.I)
META_LANG = re.compile(r"""<meta[^>]+(?:http-equiv\s*=\s*["']content-language["']|property\s*=\s*["']og:locale["'])"""
                       r"""[^>]*content\s*=\s*["']\s*([A-Za-z]{2,3})""", re.I)
TAG = re.compile(r"<(?:link|meta)\s[^>]*>", re.I)
ATTR = re.compile(r"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
MIN_WORDS = 6       # a page whose longest line has fewer words has no article body
NBSP = re.compile(r"&nbsp;|&#160;|&#[xX]0*[aA]0;|\xa0")
KEPT_SPACE = "\u2422"   # BLANK SYMBOL: a printable character the extractor neither folds nor drops
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(raw: bytes, where) -> tuple[str, list]:
    """A page's text: its BOM, else the charset it declares when the bytes bear it out, else UTF-8, else the
    encoding charset_normalizer finds. A declaration the bytes contradict (an encoding that lies) is reported."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), []
            except UnicodeDecodeError as e:
                raise ArticleError(where, f"not valid {encoding.upper()} despite its byte-order mark (byte {e.start})") from None
    head = raw[:4096]
    m = CHARSET.search(head) or XML_ENCODING.search(head)
    declared = m.group(1).decode("ascii") if m else ""
    codec = _codec(declared) if declared else None
    if declared and codec is None:
        warnings = [f"declares an unknown charset {declared!r}"]
    else:
        warnings = []
    utf8 = _try(raw, "utf-8")
    if codec:
        text = _try(raw, codec)
        if text is not None and (codec == "utf-8" or utf8 is None or utf8 == text or raw.isascii()):
            return text, warnings
        if utf8 is not None:   # valid UTF-8 with non-ASCII bytes is UTF-8, whatever the page says
            return utf8, [f"declares charset {declared!r} but its bytes are UTF-8; read as UTF-8"]
    elif utf8 is not None:
        return utf8, warnings
    from charset_normalizer import from_bytes
    # the least chaotic decoding, then the most coherent one; on a tie windows-1252, the web's legacy default
    found = list(from_bytes(raw))
    best = min(found, key=lambda r: (r.chaos, -r.coherence, r.encoding != "cp1252")) if found else None
    if best is None:
        raise ArticleError(where, "not text in any encoding (declared: " + (declared or "none") + ")")
    found = best.encoding
    said = f"declares charset {declared!r} but its bytes are not {declared}" if codec else "not UTF-8 and declares no charset"
    return str(best), warnings + [f"{said}; read as {found} (detected)"]


def _try(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def page_language(page: str) -> str:
    head = page[:65536]
    m = HTML_LANG.search(head) or META_LANG.search(head)
    return m.group(1).lower() if m else ""


def canonical_url(page: str) -> str:
    """<link rel="canonical" href>, else <meta property="og:url" content>, as the page writes it."""
    import html
    found = {}
    for tag in TAG.finditer(page[:262144]):
        attrs = {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "") for m in ATTR.finditer(tag.group(0))}
        if attrs.get("rel", "").lower() == "canonical" and attrs.get("href"):
            found.setdefault("canonical", attrs["href"].strip())
        elif attrs.get("property", "").lower() == "og:url" and attrs.get("content"):
            found.setdefault("og", attrs["content"].strip())
    return found.get("canonical") or found.get("og", "")


def parse_page(raw: bytes, name: str, where: str = "", record: int = 0) -> Article:
    """An Article from a saved page's bytes (NAME: its identifier). Raises ArticleError when the page holds
    no article body."""
    import trafilatura
    where = where or name
    if raw.startswith(BINARY_MAGIC) and not raw.startswith(b"\x1f\x8b"):
        raise ArticleError(where, "binary file (image, PDF, archive or program), not a web page")
    page, warnings = decode_page(raw, where)
    if not page.strip():
        raise ArticleError(where, "empty page")
    # A non-breaking space is visible spacing (two of them set headlines of a ticker apart): it is kept as a
    # space of its own, not folded into one with its neighbours by the extractor.
    page = NBSP.sub(KEPT_SPACE, page)
    try:
        doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, include_tables=True,
                                          include_images=False, include_links=False, deduplicate=False,
                                          # a date the page states in its metadata or markup, never a guess
                                          # from a copyright year or any number in the text
                                          date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as e:  # a page the parser cannot read at all
        raise ArticleError(where, f"not a web page trafilatura can read ({type(e).__name__}: {e})") from None
    text = ((getattr(doc, "text", None) or "") if doc is not None else "").replace(KEPT_SPACE, " ")
    title = (getattr(doc, "title", None) or "").replace(KEPT_SPACE, " ").strip()
    lines = text.split("\n")
    if lines and title and lines[0].strip() == title:   # the headline is metadata, not a sentence of the story
        lines = lines[1:]
    body = "\n".join(lines).strip()
    if not any(len(line.split()) >= MIN_WORDS for line in lines):   # menu entries, a copyright line
        raise ArticleError(where, "no article body found in the page (only menus, lists, scripts or furniture)")
    if not body:
        raise ArticleError(where, "no article body found in the page (only menus, lists, scripts or furniture)")
    return make_article(id=name, where=where, body=body, input=name, record=record, title=title,
                        url=(canonical_url(page) or getattr(doc, "url", None) or "").replace(KEPT_SPACE, " "), published=getattr(doc, "date", None) or "",
                        language=page_language(page),
                        source=(getattr(doc, "sitename", None) or "").replace(KEPT_SPACE, " "),
                        warnings=warnings)


def read_page_file(path: Path) -> Article:
    path = Path(path)
    raw = read_bytes(path, MAX_PAGE_BYTES)
    name = file_id(path)
    article = parse_page(raw, name, str(path))
    article.input = path.name
    return article
