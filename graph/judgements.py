"""Curated judgements, as nomenklatura keeps them: a curator's decisions that every build applies.

A judgements file (YAML, kept beside the rules: graph/rules/judgements.yaml by default) lists entries

    - id: j1
      merge: [https://w3id.org/actorgraph/id/person/a, https://w3id.org/actorgraph/id/person/b]
    - id: j2
      split: https://w3id.org/actorgraph/id/person/c
    - id: j3
      reject: https://w3id.org/actorgraph/id/post/0123456789abcdef

  merge   the actors are one node (whatever resolution said; two gazetteer entries too);
  split   every spelling resolution joined into that actor is its own actor again: the actors that
          the first pass made (one per identity key: a gazetteer entry, or one spelling up to case,
          honorifics and 'Al-') are never fuzzily merged with one another; a merge judgement still applies;
  reject  the fact (a post, meeting or agreement, by IRI) is left out of the graph.

Targets are the IRIs the graph mints (content-derived, the same in every build); an actor that
resolution merged into another is still found by the IRI it had on its own. A judgement whose target
is not in the build is reported as a warning naming it, never dropped silently. A malformed file is
refused as a whole (RuleError with file, line and problem), so a build never applies half of it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph.errors import RuleError
from graph.ruleset import default_rules_dir, load_yaml
from graph.vocab import ID

FILE = "judgements.yaml"
KINDS = ("merge", "split", "reject")
ID_RE = re.compile(r"^j[0-9]+$")
ACTOR_SEGMENTS = ("person", "org", "country", "place")    # the IRI paths graph.to_rdf mints for actors
FACT_SEGMENTS = ("post", "meeting", "agreement")         # ... and for facts
IRI_RE = re.compile(r"^[a-z]+/[^\s<>\"{}|\\^`]+$")
HEADER = ("# Curated judgements: decisions a curator made about the graph; every build applies them.\n"
          "# Written by `actorgraph judge merge`, `judge split` and `judge reject`; taken back by `judge undo ID`.\n"
          "# merge: [actor IRI, actor IRI, ...]   split: actor IRI   reject: fact IRI (post, meeting, agreement)\n")


@dataclass(frozen=True)
class Judgement:
    id: str
    kind: str                  # merge | split | reject
    targets: tuple             # full IRIs
    note: str = ""
    line: int = 0

    def describe(self) -> str:
        what = " + ".join(short(t) for t in self.targets)
        return f"{self.id} {self.kind} {what}" + (f" ({self.note})" if self.note else "")


@dataclass
class Judgements:
    path: Path | None
    items: list = field(default_factory=list)

    def of_kind(self, kind) -> list:
        return [j for j in self.items if j.kind == kind]


def default_path(rules_dir=None) -> Path:
    return Path(rules_dir or default_rules_dir()) / FILE


def full_iri(text: str) -> str:
    """A target as the graph writes it: 'person/x', 'id:person/x' or the full IRI -> the full IRI."""
    t = str(text).strip()
    if t.startswith("<") and t.endswith(">"):
        t = t[1:-1]
    if t.startswith(str(ID)):
        t = t[len(str(ID)):]
    elif t.startswith("id:"):
        t = t[3:]
    return str(ID) + t if IRI_RE.match(t) else ""


def short(iri: str) -> str:
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def load_judgements(path) -> Judgements:
    """The judgements of PATH (a missing file is no judgement at all); the whole file or nothing."""
    path = Path(path)
    if not path.exists():
        return Judgements(path)
    data = load_yaml(path)
    raw = data.get("judgements") or []
    if set(data) - {"judgements", "__line__"} or not isinstance(raw, list):
        raise RuleError(path, "file", "must hold one key, judgements: a list of {id, merge | split | reject, note}")
    items, seen = [], {}
    for i, entry in enumerate(raw):
        j = _judgement(path, entry, i)
        if j.id in seen:
            raise RuleError(path, f"line {j.line}", f"judgement id {j.id!r} already used on line {seen[j.id]}")
        seen[j.id] = j.line
        items.append(j)
    return Judgements(path, items)


def _judgement(path, entry, i) -> Judgement:
    if not isinstance(entry, dict):
        raise RuleError(path, f"entry {i}", "a judgement must be a mapping with id and one of merge, split, reject")
    line = entry.get("__line__", 0)
    where = f"line {line} (entry {i}{', id ' + repr(entry['id']) if 'id' in entry else ''})"
    extra = set(entry) - {"id", "note", "__line__", *KINDS}
    if extra:
        raise RuleError(path, where, f"unknown key(s): {', '.join(sorted(map(str, extra)))}")
    if not isinstance(entry.get("id"), str) or not ID_RE.match(entry["id"]):
        raise RuleError(path, where, "id must be 'j' and a number, e.g. j7")
    kinds = [k for k in KINDS if k in entry]
    if len(kinds) != 1:
        raise RuleError(path, where, "give exactly one of merge, split, reject")
    kind, value = kinds[0], entry[kinds[0]]
    values = value if isinstance(value, list) else [value]
    if kind == "merge" and (not isinstance(value, list) or len(value) < 2):
        raise RuleError(path, where, "merge takes a list of two or more actor IRIs")
    if kind != "merge" and isinstance(value, list):
        raise RuleError(path, where, f"{kind} takes one IRI")
    iris = [full_iri(v) if isinstance(v, str) else "" for v in values]
    bad = next((v for v, iri in zip(values, iris) if not iri), None)
    if bad is not None or (kind != "reject" and any(short(x).split("/")[0] not in ACTOR_SEGMENTS for x in iris)):
        raise RuleError(path, where, f"not an {'fact' if kind == 'reject' else 'actor'} IRI of the graph: {bad or values!r}")
    if kind == "reject" and short(iris[0]).split("/")[0] not in FACT_SEGMENTS:
        raise RuleError(path, where, f"reject takes a post, meeting or agreement IRI, not {values[0]!r}")
    if len(set(iris)) != len(iris):
        raise RuleError(path, where, "the same IRI twice")
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise RuleError(path, where, "note must be text")
    return Judgement(entry["id"], kind, tuple(iris), note, line)


def save(judgements: Judgements):
    """Write the file atomically (a temporary file renamed over it)."""
    path = judgements.path
    entries = []
    for j in judgements.items:
        e = {"id": j.id, j.kind: list(j.targets) if j.kind == "merge" else j.targets[0]}
        if j.note:
            e["note"] = j.note
        entries.append(e)
    text = HEADER + yaml.safe_dump({"judgements": entries}, allow_unicode=True, sort_keys=False, width=200)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def add(path, kind: str, targets, note: str = "") -> Judgement:
    """Append a judgement to the file at PATH (validated as a whole first) and return it."""
    js = load_judgements(path)
    iris = tuple(full_iri(t) for t in targets)
    number = max((int(j.id[1:]) for j in js.items), default=0) + 1
    entry = {"id": f"j{number}", kind: list(targets) if kind == "merge" else targets[0], "note": note}
    j = _judgement(Path(path), {k: v for k, v in entry.items() if v != ""}, len(js.items))
    js.items.append(Judgement(j.id, kind, iris, note))
    save(js)
    return js.items[-1]


def remove(path, ident: str) -> Judgement:
    """Take judgement IDENT back (removed from the file); an unknown id is an error."""
    js = load_judgements(path)
    found = [j for j in js.items if j.id == ident]
    if not found:
        raise RuleError(path, ident, "no such judgement (see `actorgraph judge list`)")
    js.items = [j for j in js.items if j.id != ident]
    save(js)
    return found[0]


def rules_summary(rules_dir) -> list:
    """`rules check` lines for resolution.yaml and judgements.yaml (loading them validates them)."""
    from graph.resolution_rules import load_resolution
    res = load_resolution(rules_dir)
    js = load_judgements(default_path(rules_dir))
    p, o = res.persons, res.organizations
    return [f"resolution: {len(p.name_folds) + len(p.word_folds)} person folds, {len(o.word_map)} organisation "
            f"spellings, {len(o.word_folds)} organisation folds, {len(o.phrases)} phrases ({Path(res.file).name})",
            f"judgements: {len(js.items)} ({', '.join(f'{len(js.of_kind(k))} {k}' for k in KINDS)})"]
