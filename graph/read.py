"""Read article files: decoding, the optional header block, language and publication date."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.errors import ArticleError

SUFFIXES = {".txt", ".md", ".text"}
MAX_BYTES = 64 * 1024 * 1024
HEADER_KEYS = {"title", "url", "published", "language", "source", "date", "author"}
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN = re.compile("[A-Za-z]")
ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def decode(raw: bytes, path) -> tuple[str, list]:
    """Bytes to text: UTF-8 (BOM removed), UTF-16 with BOM; anything else is refused."""
    warnings = []
    if not raw.strip():
        raise ArticleError(path, "empty file")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = raw.decode("utf-16")
        warnings.append("decoded as UTF-16")
    else:
        if raw[:4] == b"\x89PNG" or raw[:4] == b"%PDF" or raw[:2] == b"PK" or raw[:3] == b"GIF" or raw[:2] == b"\xff\xd8":
            raise ArticleError(path, "binary file (image, PDF or archive), not text")
        if b"\x00" in raw[:4096]:
            raise ArticleError(path, "binary file (NUL bytes), not text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ArticleError(path, f"not valid UTF-8 (byte {e.start}); save the file as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL.search(text):
        text = CONTROL.sub(" ", text)
        warnings.append("control characters replaced by spaces")
    return text, warnings


def strip_html(text: str) -> tuple[str, bool]:
    """An HTML page saved as text: keep the visible text of its body."""
    if not re.match(r"\s*(<!doctype html|<html|<head|<body)", text, re.I):
        return text, False
    text = re.sub(r"(?is)<(script|style|noscript|nav|header|footer|aside)\b.*?</\1>", " ", text)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</h\d>|</li>", "\n", text)
    text = re.sub(r"(?s)<[^>]+>", " ", text)
    import html
    return html.unescape(text), True


def split_header(text: str) -> tuple[dict, str, list]:
    """`---` / `key: value` lines / `---` at the top; returns (header, body, warnings)."""
    if not text.lstrip("\ufeff").startswith("---"):
        return {}, text, []
    lines = text.split("\n")
    try:
        end = next(i for i in range(1, min(len(lines), 60)) if lines[i].strip() == "---")
    except StopIteration:
        return {}, text, ["header block opened with '---' but never closed; read as body"]
    header, warnings = {}, []
    for line in lines[1:end]:
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            warnings.append(f"header line without 'key: value' ignored: {line.strip()[:60]!r}")
            continue
        header[key.strip().lower()] = value.strip()
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
    """Read one article file. Raises ArticleError with the file named when it cannot be used."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ArticleError(path, f"larger than {MAX_BYTES // 2**20} MB; split it")
        raw = path.read_bytes()
    except PermissionError:
        raise ArticleError(path, "cannot be read (permission denied)") from None
    except OSError as e:
        raise ArticleError(path, f"cannot be read ({e.strerror})") from None
    return parse_article(raw, path.name, str(path))


def parse_article(raw: bytes, name: str, path: str = "") -> Article:
    text, warnings = decode(raw, path or name)
    text, was_html = strip_html(text)
    if was_html:
        warnings.append("HTML page: markup removed, visible text kept")
    header, body, header_warnings = split_header(text)
    warnings += header_warnings
    if not body.strip():
        raise ArticleError(path or name, "no article text after the header")
    published, date_warnings = parse_published(header, body)
    language = header.get("language", "").lower()[:2]
    if language not in ("en", "ar"):
        language = detect_language(body)
    return Article(id=name, path=path or name, body=body, language=language, published=published,
                   title=header.get("title", ""), url=header.get("url", ""), source=header.get("source", ""),
                   sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(), warnings=warnings + date_warnings)


def find_articles(sources) -> tuple[list[Path], list[str]]:
    """Article files under the given files and folders (sorted, symlink loops refused)."""
    found, problems, seen_dirs = [], [], set()
    for src in sources:
        src = Path(src)
        if src.is_file():
            found.append(src)
            continue
        if not src.is_dir():
            problems.append(f"{src}: no such file or folder")
            continue
        stack = [src]
        while stack:
            folder = stack.pop()
            try:
                real = folder.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(f"{folder}: symlink loop or broken link; skipped")
                continue
            if real in seen_dirs:
                problems.append(f"{folder}: folder already visited (symlink loop); skipped")
                continue
            seen_dirs.add(real)
            try:
                entries = sorted(folder.iterdir())
            except OSError as e:
                problems.append(f"{folder}: cannot be listed ({e.strerror})")
                continue
            for entry in entries:
                if entry.name.startswith(".") or entry.name.lower() == "readme.md":
                    continue
                if entry.is_dir():
                    stack.append(entry)
                elif entry.suffix.lower() in SUFFIXES or entry.is_symlink() and entry.suffix.lower() in SUFFIXES:
                    found.append(entry)
    return sorted(set(found), key=lambda p: (p.name, str(p))), problems
