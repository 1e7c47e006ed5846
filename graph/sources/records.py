"""JSONL and CSV exports (.jsonl, .ndjson, .csv, also .gz), one article per record, streamed: a record is read,
turned into an article and let go, so a file of any size is never held whole (a line is capped at MAX_RECORD).

Which field is which comes from a FieldMap: `--field text=body --field published=date` on the command line,
defaults for the common names otherwise. Every record gets a stable identifier: its `id` field, else its URL,
else a hash of its text."""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
from dataclasses import dataclass, field, fields as dc_fields
from pathlib import Path

from graph.errors import ActorgraphError, ArticleError
from graph.read import MAX_BYTES
from graph.sources.article import content_id, make_article, unreadable

MAX_RECORD = MAX_BYTES          # one record holds one article
SAME_PROBLEM_SHOWN = 20         # then one line says how many more records of the file had it
HTML_BODY = re.compile(r"<(p|div|br|span|a|h[1-6]|li)\b[^>]*>", re.I)


@dataclass(frozen=True)
class FieldMap:
    """Candidate field (column) names for each part of an article, tried in order. A dotted name reaches
    into a JSON object (`source.name`)."""

    text: tuple = ("text", "body", "content", "full_text", "article")
    title: tuple = ("title", "headline")
    url: tuple = ("url", "link")
    published: tuple = ("published", "date", "published_at", "datePublished", "pubDate")
    language: tuple = ("language", "lang")
    source: tuple = ("source", "publisher", "site_name", "site")
    id: tuple = ("id",)

    @classmethod
    def parse(cls, specs) -> "FieldMap":
        """From `NAME=FIELD` strings (NAME: text, title, url, published, language, source, id)."""
        names = [f.name for f in dc_fields(cls)]
        given = {}
        for spec in specs or ():
            name, sep, column = str(spec).partition("=")
            name, column = name.strip(), column.strip()
            if not sep or not column:
                raise ActorgraphError(f"--field {spec!r}: write NAME=FIELD, e.g. --field text=body")
            if name not in names:
                raise ActorgraphError(f"--field {spec!r}: {name!r} is not one of {', '.join(names)}")
            given.setdefault(name, []).append(column)
        return cls(**{k: tuple(v) for k, v in given.items()})


def _get(record: dict, name: str):
    value = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _first(record: dict, names: tuple) -> str:
    for name in names:
        value = _get(record, name)
        if isinstance(value, dict):   # e.g. {"source": {"id": .., "name": ..}}
            value = value.get("name") or value.get("title")
        if value not in (None, "") and not isinstance(value, (list, dict)):
            return str(value)
    return ""


def record_article(record: dict, fmap: FieldMap, where: str, input_name: str, number: int):
    text = _first(record, fmap.text)
    if not text.strip():
        raise ArticleError(where, f"no text (looked for the field {' / '.join(fmap.text)}; "
                                  "name it with --field text=FIELD)" if not any(_get(record, n) is not None for n in fmap.text)
                           else "empty text")
    if HTML_BODY.search(text[:4096]):
        from graph.sources.feeds import fragment_text
        text = fragment_text(text)
    url = _first(record, fmap.url)
    ident = _first(record, fmap.id) or url or content_id(text)
    return make_article(id=ident, where=where, body=text, input=input_name, record=number,
                        title=_first(record, fmap.title), url=url, published=_first(record, fmap.published),
                        language=_first(record, fmap.language), source=_first(record, fmap.source))


def _open(path: Path):
    try:
        return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")
    except OSError as e:
        raise unreadable(path, e) from None


def read_records(path: Path, kind: str, fields=None):
    """Articles of a JSONL or CSV export, one by one, and an ArticleError for each record that cannot be
    used (file and line or row named); the same problem is shown for the first SAME_PROBLEM_SHOWN records."""
    path = Path(path)
    fmap = fields if isinstance(fields, FieldMap) else FieldMap.parse(fields)
    shown, more = {}, {}
    with _open(path) as f:
        items = _jsonl(f, path, fmap) if kind == "jsonl" else _csv(f, path, fmap)
        try:
            for item in items:
                if isinstance(item, ArticleError):
                    key = re.sub(r"\d+", "N", item.problem)[:60]
                    shown[key] = shown.get(key, 0) + 1
                    if shown[key] > SAME_PROBLEM_SHOWN:
                        more[key] = (more.get(key, (0, item.problem))[0] + 1, item.problem)
                        continue
                yield item
        except ArticleError as e:         # the file as a whole (a CSV without a text column)
            yield e
        except (OSError, EOFError, gzip.BadGzipFile) as e:   # a truncated or corrupt .gz, a read error
            yield ArticleError(path, f"cannot be read to the end ({getattr(e, 'strerror', None) or e}); "
                                     "the records before were read")
    for count, problem in more.values():
        yield ArticleError(path, f"{count} more records like this: {problem}")


def _lines(f):
    """(line number, bytes) of a binary file, each line at most MAX_RECORD bytes (a longer one: (n, None))."""
    n = 0
    while True:
        line = f.readline(MAX_RECORD + 1)
        if not line:
            return
        n += 1
        if len(line) > MAX_RECORD and not line.endswith(b"\n"):
            while True:            # skip the rest of the line without holding it
                rest = f.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield n, None
        else:
            yield n, line


def _jsonl(f, path, fmap):
    for n, line in _lines(f):
        where = f"{path}: line {n}"
        if line is None:
            yield ArticleError(where, f"longer than the {MAX_RECORD // 2**20} MB a record may have; skipped")
            continue
        if n == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as e:
            yield ArticleError(where, f"not valid UTF-8 (byte {e.start}); save the export as UTF-8")
            continue
        except ValueError as e:
            yield ArticleError(where, f"not JSON ({e.msg if hasattr(e, 'msg') else e}, column {getattr(e, 'colno', '?')})")
            continue
        if not isinstance(record, dict):
            yield ArticleError(where, f"a JSON object expected, not {type(record).__name__}")
            continue
        try:
            yield record_article(record, fmap, where, path.name, n)
        except ArticleError as e:
            yield e


def _csv(f, path, fmap):
    csv.field_size_limit(MAX_RECORD)
    text = io.TextIOWrapper(f, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise ArticleError(path, "empty CSV file (no header row)") from None
    except csv.Error as e:
        raise ArticleError(path, f"header row is not CSV ({e})") from None
    header = [h.strip() for h in header]
    if not any(name in header for name in fmap.text):
        raise ArticleError(path, f"no text column (looked for {' / '.join(fmap.text)}; the columns are "
                                 f"{', '.join(header[:20]) or 'none'}); name it with --field text=COLUMN")
    row = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            row += 1
            yield ArticleError(f"{path}: row {row} (line {reader.line_num})", f"not CSV ({e}); the rest of the file "
                                                                              "is not read")
            return
        row += 1
        where = f"{path}: row {row} (line {reader.line_num})"
        if not any(v.strip() for v in values):
            continue
        if any("\udc80" <= ch <= "\udcff" for v in values for ch in v):
            yield ArticleError(where, "not valid UTF-8; save the export as UTF-8")
            continue
        if len(values) != len(header):
            yield ArticleError(where, f"{len(values)} fields where the header has {len(header)}")
            continue
        try:
            yield record_article(dict(zip(header, values)), fmap, where, path.name, row)
        except ArticleError as e:
            yield e
