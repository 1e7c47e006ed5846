"""Read article files: decoding, the optional header block, language and publication date."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from graph.errors import ArticleError

SUFFIXES = {".txt", ".md", ".text"}
# A news article is a few kilobytes; extraction runs at roughly 100 KB/s, so a file beyond this is refused
# (before it is read) rather than stalling the build: it is a dump, a book or a mistake, not one article.
MAX_BYTES = 2 * 1024 * 1024
HEADER_KEYS = {"title", "url", "published", "language", "source", "date", "author"}
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN = re.compile("[A-Za-z]")
ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/")
# C0/C1 controls (but tab and line ends), noncharacters; bidi embeddings/overrides/isolates, which reorder
# what a reader sees without being text ("Trojan Source"); the marks LRM/RLM/ALM are kept.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ufdd0-\ufdef]")
BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"BZh", b"\x7fELF",
                b"\xd0\xcf\x11\xe0", b"7z\xbc\xaf", b"Rar!", b"OggS", b"ID3", b"RIFF", b"\x00\x00\x01\x00")


@dataclass
class Article:
    """One article: its file name (identifier), body text and metadata."""

    id: str
    path: str
    body: str
    language: str
    published: date | None = None
    title: str = ""
    url: str = ""
    source: str = ""
    sha256: str = ""
    warnings: list = field(default_factory=list)
    declared_language: str = ""   # as the header, page, feed or record gives it (graph.sources.language decides)
    input: str = ""               # the input file's name (a feed or export holds many articles)
    record: int = 0               # its entry (feed) or line/row (export), from 1; 0 for a one-article file


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like UTF-16 text saved without a BOM, else None."""
    sample = raw[:4096]
    if len(raw) % 2 or len(sample) < 16:  # too short to tell
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(raw: bytes, path) -> tuple[str, list]:
    """Bytes to text: UTF-8 (BOM removed), UTF-16/32 with BOM, UTF-16 without BOM; anything else is refused.

    Line ends become \\n (CRLF, lone CR, NEL, U+2028/9); control characters become spaces."""
    warnings = []
    if not raw.strip():
        raise ArticleError(path, "empty file")
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        encoding = "utf-32"
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    else:
        encoding = _utf16_without_bom(raw) if b"\x00" in raw[:4096] else None
    if encoding:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as e:
            raise ArticleError(path, f"not valid {encoding.upper()} (byte {e.start}): {e.reason}; "
                                     "save the file as UTF-8") from None
        warnings.append(f"decoded as {encoding.upper()}")
    else:
        if raw.startswith(BINARY_MAGIC):
            raise ArticleError(path, "binary file (image, PDF, archive or program), not text")
        if raw[:4096].count(0) > max(2, len(raw[:4096]) // 100):  # a stray NUL is replaced like any control
            raise ArticleError(path, "binary file (NUL bytes), not text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ArticleError(path, f"not valid UTF-8 (byte {e.start}); save the file as UTF-8") from None
    text = LINE_BREAKS.sub("\n", text.lstrip("\ufeff"))
    controls = len(CONTROL.findall(text[:65536]))
    if controls > 0.1 * min(len(text), 65536):
        raise ArticleError(path, "binary file (mostly control characters), not text")
    if controls or CONTROL.search(text):
        text = CONTROL.sub(" ", text)
        warnings.append("control characters replaced by spaces")
    if BIDI_CONTROL.search(text):
        text = BIDI_CONTROL.sub("", text)
        warnings.append("bidirectional override/isolate characters removed")
    return text, warnings


HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body|<meta\s|<title)",
                        re.I | re.S)


class _Visible(HTMLParser):
    """The visible text of a page (linear in its size, whatever its markup), and its <title>."""

    HIDDEN = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "head", "svg",
              "iframe", "object", "button", "form", "select"}
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote",
             "pre", "table", "ul", "ol", "dd", "dt", "figcaption", "main", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.title_parts, self.hidden, self.in_title = [], [], [], False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in self.HIDDEN:
            self.hidden.append(tag)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in self.HIDDEN:
            if tag in self.hidden:  # close the innermost open element of that name (and anything left open in it)
                del self.hidden[len(self.hidden) - 1 - self.hidden[::-1].index(tag):]
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
        elif not self.hidden:
            self.parts.append(data)


def strip_html(text: str) -> tuple[str, bool]:
    """An HTML page saved as text: keep the visible text of its body (scripts, styles, menus dropped)."""
    text, _, was_html = _strip_html(text)
    return text, was_html


def _strip_html(text: str) -> tuple[str, str, bool]:
    if not HTML_START.match(text[:65536]):
        return text, "", False
    parser = _Visible()
    parser.feed(text)
    parser.close()
    body = "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    title = re.sub(r"\s+", " ", "".join(parser.title_parts)).strip()
    return CONTROL.sub(" ", body), CONTROL.sub(" ", title), True


def split_header(text: str) -> tuple[dict, str, list]:
    """`---` / `key: value` lines / `---` at the top; returns (header, body, warnings)."""
    if not re.match(r"---[ \t]*\n", text.lstrip("\ufeff")):
        return {}, text, []
    lines = text.lstrip("\ufeff").split("\n", 61)
    try:
        end = next(i for i in range(1, min(len(lines), 60)) if lines[i].strip() == "---")
    except StopIteration:
        return {}, text, ["header block opened with '---' but never closed; read as body"]
    header, warnings = {}, []
    for line in lines[1:end]:
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or not re.fullmatch(r"[a-z_][a-z0-9_ -]*", key):
            warnings.append(f"header line without 'key: value' ignored: {line.strip()[:60]!r}")
            continue
        if key in header:
            warnings.append(f"header key {key!r} given twice; the first is used")
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1].strip()
        header[key] = value
    return header, "\n".join(lines[end + 1:]), warnings


def detect_language(text: str) -> str:
    ar, la = len(ARABIC.findall(text[:20000])), len(LATIN.findall(text[:20000]))
    return "ar" if ar > la else "en"


def parse_published(header: dict, body: str) -> tuple[date | None, list]:
    value = header.get("published") or header.get("date") or ""
    m = ISO_DATE.search(value)
    if not m and value and value.lower() not in ("unknown", "n/a", "none", ""):
        return None, [f"publication date {value!r} not understood (use YYYY-MM-DD)"]
    if not m and not value:  # a date the text carries at its start, e.g. " date 2023-10-02 Islam Times"
        m = ISO_DATE.search(body[:200]) or URL_DATE.search(body.split("\n\n", 1)[0][:400])
    if not m:
        return None, []
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), []
    except ValueError:
        return None, [f"publication date {m.group(0)!r} is not a real date"]


def read_article(path: Path) -> Article:
    """Read one article file (plain text, or a saved web page). Raises ArticleError with the file named when it
    cannot be used. A feed or an export holds many articles: graph.sources.read_inputs reads those."""
    from graph.sources import input_kind
    path = Path(path)
    if input_kind(path.name) == "html":
        from graph.sources.html import read_page_file
        return read_page_file(path)
    if input_kind(path.name) in ("feed", "jsonl", "csv"):
        raise ArticleError(path, "a feed or export holds many articles; read it with graph.sources.read_inputs")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(path, f"{size / 2**20:.1f} MB is larger than the {MAX_BYTES // 2**20} MB an article "
                                     "may have; split it into articles")
        raw = path.read_bytes()
    except PermissionError:
        raise ArticleError(path, "cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise ArticleError(path, "is a folder, not a file") from None
    except OSError as e:
        raise ArticleError(path, f"cannot be read ({e.strerror or e})") from None
    if len(raw) > MAX_BYTES:  # it grew since stat
        raise ArticleError(path, f"larger than the {MAX_BYTES // 2**20} MB an article may have; split it into articles")
    return parse_article(raw, path.name, str(path))


def text_name(name: str) -> str:
    """A file name as text fit for the graph: undecodable bytes (surrogate escapes) as U+FFFD, controls as spaces."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return BIDI_CONTROL.sub("", CONTROL.sub(" ", LINE_BREAKS.sub(" ", name.replace("\n", " "))))


def parse_article(raw: bytes, name: str, path: str = "") -> Article:
    """An Article from a file's bytes (name: its identifier). Raises ArticleError when it holds no usable text."""
    where = path or name
    name = text_name(name)
    text, warnings = decode(raw, where)
    text, html_title, was_html = _strip_html(text)
    if was_html:
        warnings.append("HTML page: markup removed, visible text kept")
    header, body, header_warnings = split_header(text)
    warnings += header_warnings
    if not body.strip():
        raise ArticleError(where, "no article text after the header block" if header else "no text (only white space)")
    published, date_warnings = parse_published(header, body)
    given = header.get("language", "").strip()
    language = given[:2].lower()      # graph.sources.language checks it against the text and the rules
    if language not in ("en", "ar"):
        language = detect_language(body)
    return Article(id=name, path=where, body=body, language=language, published=published,
                   title=header.get("title", "") or html_title, url=header.get("url", ""),
                   source=header.get("source", ""), sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
                   warnings=warnings + date_warnings, declared_language=given, input=name)


from graph.find import find_articles  # noqa: E402,F401  (its home is graph/find.py; kept importable here)
