"""One Article from the fields a page, a feed entry or an export record gives: the same text
normalisation as a plain-text file (graph.read.decode), a publication date, a stable identifier."""
from __future__ import annotations

import gzip
import hashlib
import re
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

from graph.errors import ArticleError
from graph.read import MAX_BYTES, Article, decode, detect_language, parse_published, text_name

ISO = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")


def content_id(body: str) -> str:
    """The identifier of a record with neither id nor URL: a hash of its text (the same text, the same id)."""
    return "sha256-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def published_date(value) -> tuple[date | None, list]:
    """A publication date from ISO 8601 ('2024-03-01', '2024-03-01T08:00:00Z'), RFC 822 ('Fri, 01 Mar 2024
    08:00:00 GMT') or a date/struct_time; (None, [warning]) for anything else that is not empty."""
    if value is None or value == "":
        return None, []
    if isinstance(value, date):
        return value, []
    if hasattr(value, "tm_year"):
        try:
            return date(value.tm_year, value.tm_mon, value.tm_mday), []
        except ValueError:
            return None, [f"publication date {value!r} is not a real date"]
    value = str(value).strip()
    m = ISO.match(value)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), []
        except ValueError:
            return None, [f"publication date {value!r} is not a real date"]
    try:
        return parsedate_to_datetime(value).date(), []
    except (TypeError, ValueError, IndexError):
        return parse_published({"published": value}, "")


def make_article(*, id: str, where: str, body: str, input: str, record: int = 0, title: str = "", url: str = "",
                 published=None, language: str = "", source: str = "", warnings=()) -> Article:
    """An Article whose text went through the plain-text reader's normalisation (line ends, controls, bidi
    overrides). Raises ArticleError (naming WHERE) when there is no text."""
    if not body or not body.strip():
        raise ArticleError(where, "no article text")
    text, decode_warnings = decode(body.encode("utf-8", "surrogatepass"), where)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()
    day, date_warnings = published_date(published)
    if day is None and not date_warnings:
        day, date_warnings = parse_published({}, text)
    declared = (language or "").strip()
    one_line = lambda s: re.sub(r"\s+", " ", s or "").strip()
    return Article(id=text_name(id), path=where, body=text, language=detect_language(text),
                   published=day, title=one_line(title), url=one_line(url), source=one_line(source),
                   sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                   warnings=[*warnings, *decode_warnings, *date_warnings],
                   declared_language=declared, input=text_name(input), record=record)


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes (gunzipped when it ends in .gz), refused beyond LIMIT bytes (of text, after gunzip)."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ArticleError(path, f"{size / 2**20:.1f} MB is larger than the {limit // 2**20} MB one file "
                                     "of this kind may have")
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as f:
                raw = f.read(limit + 1)
        else:
            raw = path.read_bytes()
    except ArticleError:
        raise
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise unreadable(path, e) from None
    if len(raw) > limit:
        raise ArticleError(path, f"larger than the {limit // 2**20} MB one file of this kind may have (unpacked)")
    return raw


def unreadable(path, e: Exception) -> ArticleError:
    """The error for a file that cannot be opened or read to the end."""
    if isinstance(e, PermissionError):
        return ArticleError(path, "cannot be read (permission denied)")
    if isinstance(e, IsADirectoryError):
        return ArticleError(path, "is a folder, not a file")
    return ArticleError(path, f"cannot be read ({getattr(e, 'strerror', None) or e})")


def file_id(path: Path) -> str:
    """A one-article file's identifier: its name, without a final .gz."""
    name = path.name
    return name[:-3] if name.lower().endswith(".gz") else name
