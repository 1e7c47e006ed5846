"""SPARQL over a built graph: read-only, SERVICE refused unless allowed, a timeout, named queries.

Queries run on Oxigraph (see graph.store). The prefixes of graph.vocab are
predeclared, so `?p a foaf:Person` works without a PREFIX block; they are
passed to the parser rather than prepended, so error positions are the user's.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

import pyoxigraph as ox

from graph.errors import QueryError, QueryRefused, QueryTimeout, TooManyRows
from graph.vocab import PREFIXES, name_key

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_SKIP = re.compile(r'<[^<>"{}|^`\\\s]*>|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*", re.I)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
XSD = "http://www.w3.org/2001/XMLSchema#"
KEY = "key"  # a `# param: NAME key` parameter is bound as its ag:nameKey


@dataclass
class Result:
    """A query's answer: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str  # "select", "ask" or "graph"
    variables: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # tuples of pyoxigraph terms (None when unbound)
    boolean: bool | None = None
    triples: list = field(default_factory=list)


def _code_only(text: str) -> str:
    """The query with IRIs, strings and comments blanked out, so keywords can be searched."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return _SKIP.sub(" ", text)


def check_query(text: str, allow_service: bool = False) -> None:
    """Refuse SPARQL UPDATE always, and SERVICE unless allowed, with a clear message."""
    code = _code_only(text)
    words = code[_PROLOGUE.match(code).end():].split(None, 1)
    if words and words[0].upper() in UPDATE_WORDS:
        raise QueryRefused(f"SPARQL UPDATE ({words[0].upper()}) is refused: the graph is read-only; "
                         "change the graph by rebuilding it from its articles")
    if re.search(r"\bSERVICE\b", code, re.I) and not allow_service:
        raise QueryRefused("federated SERVICE calls are refused: they would fetch remote URLs; "
                         "pass --allow-service (allow_service=True) to permit them")


def syntax_error(text: str, message: str) -> QueryError:
    """A QueryError naming the line and column, with the offending line and a caret under it."""
    m = _POSITION.match(message)
    if not m:
        return QueryError(f"malformed SPARQL: {message}")
    line, col, detail = int(m.group(1)), int(m.group(2)), m.group(3).splitlines()[0]
    if len(detail) > 160:
        detail = detail[:157] + "..."
    lines = text.splitlines() or [""]
    shown = lines[min(line, len(lines)) - 1]
    caret = " " * max(min(col, len(shown) + 1) - 1, 0) + "^"
    return QueryError(f"malformed SPARQL at line {line}, column {col}: {detail}\n  {shown}\n  {caret}")


def _collect(kg, text: str, cancel: threading.Event, max_rows: int | None = None) -> Result:
    """The answer's rows (or triples), until `cancel` is set; more than `max_rows` raises TooManyRows,
    after the store's iterator is let go (it must be dropped by the thread that made it, and an error's
    traceback travels to the caller's thread). A page of a big actor's rows is answered from the facts
    that can come first (graph.actor_first_rows), the same rows as the store's whole sort gives."""
    from graph.actor_first_rows import first_rows  # it reads the named queries of this module
    quick = first_rows(kg, text, max_rows)
    if quick is not None:
        return quick
    answer = kg.query(text)
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    graph = isinstance(answer, ox.QueryTriples)
    names = ["subject", "predicate", "object"] if graph else [v.value for v in answer.variables]
    items, over = [], False
    for item in answer:   # a solution iterates its values in the order of `names`, None if unbound
        if cancel.is_set():
            break
        if max_rows is not None and len(items) >= max_rows:
            over = True
            break
        items.append(item if graph else tuple(item))
    answer = item = None
    if over:
        raise TooManyRows(f"the result has more than {max_rows:,} rows, the cap set for this server or call; "
                          "add a LIMIT (and OFFSET to page), or narrow the query")
    if graph:
        return Result("graph", variables=names, triples=items)
    return Result("select", variables=names, rows=items)


def _evaluate(kg, text: str, max_rows: int | None = None) -> Result:
    return _collect(kg, text, threading.Event(), max_rows)


def _with_timeout(kg, text: str, timeout: float, max_rows: int | None = None) -> Result:
    """Evaluate in a worker thread (Oxigraph releases the GIL); give up after `timeout` seconds."""
    out, cancel = {}, threading.Event()

    def work():
        try:
            out["result"] = _collect(kg, text, cancel, max_rows)
        except BaseException as e:  # handed to the caller's thread
            out["error"] = e

    worker = threading.Thread(target=work, daemon=True, name="sparql-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        cancel.set()
        raise QueryTimeout(f"query timed out after {timeout:g} s (raise --timeout, or narrow the query)")
    if "error" in out:
        raise out["error"]
    return out["result"]


def run_query(kg, text: str, *, allow_service: bool = False, timeout: float | None = None,
              max_rows: int | None = None) -> Result:
    """Run a read-only SPARQL query on an opened graph (graph.store.open_graph); more than `max_rows`
    rows (or triples) is an error, not a silent cut."""
    check_query(text, allow_service)
    try:
        return _with_timeout(kg, text, timeout, max_rows) if timeout else _evaluate(kg, text, max_rows)
    except SyntaxError as e:
        raise syntax_error(text, str(e)) from None
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"query failed: {e}") from None


@dataclass
class NamedQuery:
    """A shipped query: graph/queries/NAME.rq, first line `# description: ...`, `# param: NAME [TYPE]` lines.

    TYPE is an xsd datatype (the value is checked and written as a typed literal), or `key`: the value is
    written folded as ag:nameKey is (graph.vocab.name_key), so the query matches it by equality."""

    name: str
    description: str
    params: list  # (name, datatype IRI or None)
    text: str

    def columns(self) -> list:
        """The projected variables, read by parsing the query (no evaluation)."""
        return [v.value for v in ox.Store().query(self.text, prefixes=PREFIXES).variables]

    def bind(self, values: dict) -> str:
        """The query text with each `$param` replaced by a safely written RDF literal."""
        missing = [p for p, _ in self.params if p not in values]
        unknown = sorted(set(values) - {p for p, _ in self.params})
        if missing or unknown:
            wanted = ", ".join(f"--param {p}=..." for p, _ in self.params) or "no parameters"
            raise QueryError(f"query {self.name!r} takes {wanted}"
                             + (f"; missing: {', '.join(missing)}" if missing else "")
                             + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
        text = self.text
        for p, dtype in self.params:
            term = str(_literal(p, values[p], dtype))
            text = re.sub(rf"\${re.escape(p)}\b", lambda _m: term, text)
        return text


def _literal(param: str, value: str, dtype: str | None) -> ox.Literal:
    if dtype == KEY:
        return ox.Literal(name_key(value))
    if dtype == XSD + "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"parameter {param}: {value!r} is not a date like 2025-02-10") from None
    return ox.Literal(value, datatype=ox.NamedNode(dtype)) if dtype else ox.Literal(value)


def parse_named(name: str, text: str) -> NamedQuery:
    """Read a .rq file's header: `# description: ...` on the first line, then `# param:` lines."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# description:"):
        raise QueryError(f"queries/{name}.rq: the first line must be '# description: ...'")
    params = []
    for line in lines[1:]:
        if line.startswith("# param:"):
            parts = line.split(":", 1)[1].split()
            dtype = parts[1].replace("xsd:", XSD) if len(parts) > 1 else None
            params.append((parts[0], dtype))
    return NamedQuery(name, lines[0].split(":", 1)[1].strip(), params, text)


def named_queries() -> dict:
    """Every query shipped in graph/queries/, by name."""
    found = {}
    for entry in resources.files("graph.queries").iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = parse_named(name, entry.read_text(encoding="utf-8"))
    return dict(sorted(found.items()))


def named_query(name: str) -> NamedQuery:
    """One shipped query; an unknown name lists the known ones."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; known: {', '.join(queries)}")
    return queries[name]


def parse_params(pairs) -> dict:
    """`NAME=VALUE` strings (from --param) as a dict."""
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: write NAME=VALUE, e.g. --param name=Barzegar")
        values[key.strip()] = value
    return values


def query_text(sparql=None, file=None, name=None, params=()) -> str:
    """The text to run: a SPARQL string, a .rq file, or a named query with its parameters bound."""
    if sum(x is not None for x in (sparql, file, name)) != 1:
        raise QueryError("give exactly one of: a SPARQL query, --file FILE or --name NAME (see --list)")
    values = parse_params(params)
    if name is not None:
        return named_query(name).bind(values)
    if values:
        raise QueryError("--param is for named queries (--name NAME)")
    if file is not None:
        try:
            return open(file, encoding="utf-8-sig").read()
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"{file}: cannot read the query: {e}") from None
    return sparql


def list_text() -> str:
    """The named queries, one a line: name, parameters, description."""
    queries = named_queries().values()
    heads = {q.name: q.name + "".join(f" --param {p}=..." for p, _ in q.params) for q in queries}
    width = max(map(len, heads.values()), default=0)
    return "\n".join(f"{heads[q.name]:<{width}}  {q.description}" for q in queries)


def answer(graph_path, text: str, fmt=None, *, timeout=None, allow_service=False) -> str:
    """Open the graph at `graph_path`, run `text`, and render the result in `fmt`."""
    from graph.results import render
    from graph.store import open_graph
    result = run_query(open_graph(graph_path), text, allow_service=allow_service, timeout=timeout)
    return render(result, fmt).rstrip("\n")
