"""Writing query results: an aligned table, CSV, TSV, SPARQL 1.1 Results JSON, Turtle.

The table is for people: IRIs shortened with the project's prefixes, control
characters shown as escapes (no text from an article can drive the terminal),
right-to-left cells isolated (FSI ... PDI) so Arabic keeps its order without
reordering the columns around it, and widths measured in terminal cells.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata

import pyoxigraph as ox

from graph.errors import QueryError
from graph.vocab import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "turtle")
MAX_CELL = 80
FSI, PDI = "\u2068", "\u2069"
_BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def compact(iri: str) -> str:
    """`id:person/x` for an IRI in a known namespace, else `<iri>`."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        local = iri[len(ns):]
        if iri.startswith(ns) and local and all(c.isalnum() or c in "-_./" for c in local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def plain(term) -> str:
    """A term as a person reads it: literal text, shortened IRI, `_:id` for blank nodes."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def cell_width(text: str) -> int:
    """Terminal cells taken by `text`: 0 for marks and format characters, 2 for wide CJK."""
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _safe(text: str) -> str:
    """Control and bidi-override characters made visible as escapes."""
    out = []
    for ch in text:
        if ch in _BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch, f"\\u{ord(ch):04x}"))
        else:
            out.append(ch)
    return "".join(out)


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def table_cell(term) -> str:
    """One table cell: safe, shortened to MAX_CELL cells, right-to-left text isolated."""
    text = _safe(plain(term))
    if cell_width(text) > MAX_CELL:
        while cell_width(text) > MAX_CELL - 1:
            text = text[:-1]
        text += "…"
    return f"{FSI}{text}{PDI}" if _is_rtl(text) else text


def _rows(result):
    if result.kind == "graph":
        return [(t.subject, t.predicate, t.object) for t in result.triples]
    return result.rows


def format_table(result) -> str:
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    header = list(result.variables)
    cells = [[table_cell(t) for t in row] for row in _rows(result)]
    widths = [max([cell_width(h)] + [cell_width(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values):
        return "  ".join(v + " " * (w - cell_width(v)) for v, w in zip(values, widths)).rstrip()

    lines = [line(header), line(["-" * w for w in widths])] + [line(r) for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def format_csv(result) -> str:
    """SPARQL 1.1 CSV results: plain values (IRIs in full), one header line of variable names."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    writer.writerow(result.variables)
    for row in _rows(result):
        writer.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value)
                         for t in row])
    return buf.getvalue()


def format_tsv(result) -> str:
    """SPARQL 1.1 TSV results: `?var` header, terms written in N-Triples syntax."""
    if result.kind == "ask":
        return f"?boolean\n{'true' if result.boolean else 'false'}\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in _rows(result)]
    return "\n".join(lines) + "\n"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def format_json(result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                for row in _rows(result)]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1)


def format_turtle(result) -> str:
    if result.kind != "graph":
        raise QueryError("turtle output is for CONSTRUCT and DESCRIBE queries; use table, csv, tsv or json")
    return ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")


def render(result, fmt: str | None = None) -> str:
    """The result in `fmt` (default: turtle for CONSTRUCT/DESCRIBE, else table)."""
    fmt = fmt or ("turtle" if result.kind == "graph" else "table")
    writers = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json,
               "turtle": format_turtle}
    if fmt not in writers:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt](result)
