"""The data a page carries as JSON inside a <script> element (graph.view's network page, graph.serve's
pages): escaped so that it cannot end the element or start markup, whole or in parts."""
from __future__ import annotations

import json


def safe_json(obj) -> str:
    """JSON that cannot end its <script> element or start markup inside it."""
    return _escaped(_dumps(obj))


def safe_json_parts(obj, items: int = 500):
    """safe_json(obj) in parts: a dict's values one by one (keys sorted, as safe_json), and a list value
    ITEMS elements a part; joined, the same text."""
    if not isinstance(obj, dict):
        yield safe_json(obj)
        return
    yield "{"
    for i, key in enumerate(sorted(obj)):
        value = obj[key]
        yield ("," if i else "") + safe_json(key) + ":"
        if isinstance(value, list) and len(value) > items:
            yield "["
            for lo in range(0, len(value), items):
                yield ("," if lo else "") + _escaped(_dumps(value[lo:lo + items])[1:-1])   # the items, without [ ]
            yield "]"
        else:
            yield safe_json(value)
    yield "}"


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _escaped(text: str) -> str:
    """Each character that could end a <script> element or start markup, as a JSON escape (one
    character each: a text escaped in pieces is the text escaped whole)."""
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text
