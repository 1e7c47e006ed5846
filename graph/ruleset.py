"""Load and validate the curated rule files (gazetteer, roles, lexicon, patterns, furniture).

Rules are data; this module only checks their shape and turns them into plain
Python objects. Every problem is reported as RuleError(file, entry, problem).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from graph.errors import RuleError
from graph.lexicon import LEXICON_LISTS, load_lexicon  # noqa: F401  (part of the loader's API)
from graph.normalize import fold

ENTITY_TYPES = {"Person", "Organization", "Country", "Place"}
ENTITY_KEYS = {"id", "type", "kind", "name", "aliases", "demonyms", "country", "part_of"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SLOT_RE = re.compile(r"\{([A-Z]+)(?::([a-z_][a-z0-9_]*))?\}")
SLOT_LIKE_RE = re.compile(r"\{[A-Z]+:[^}]*\}")   # anything shaped like a named slot, to catch a bad name
SLOT_TYPES = {"P", "O", "C", "OC", "L", "LC", "R", "D", "E", "A", "X", "T"}
PATTERN_KEYS = {"id", "lang", "pattern", "comment", "kind", "type", "examples", "requires", "flags"}
# what a rule's `requires:` and `flags:` may say (the code reads these names, never a rule's id)
REQUIRES = {"previous_person": "posts: no {P:person} slot; the person last named holds the title",
            "bilateral": "meetings: a meeting between the actors named (a new set of people is a new meeting)",
            "previous_agreement": "agreements: the agreement of an earlier sentence ('It was signed by …')"}
FLAGS = {"previous_signer": "agreements: with no signatory named, the person last named signed",
         "background": "agreements: an agreement the text cites ('under an agreement with …'), not one signed now"}


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping as '__line__'."""


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def default_rules_dir() -> Path:
    return Path(str(resources.files("graph.rules")))


def load_yaml(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        raise RuleError(path, where, f"not valid YAML: {getattr(e, 'problem', e)}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(path, "file", f"cannot be read: {e}") from None
    if not isinstance(data, dict):
        raise RuleError(path, "file", "must be a mapping at the top level")
    return data


def where(entry: dict, index: int) -> str:
    ident = entry.get("id") if isinstance(entry, dict) else None
    line = entry.get("__line__") if isinstance(entry, dict) else None
    return f"entry {index}" + (f" (id {ident!r})" if ident else "") + (f", line {line}" if line else "")


@dataclass
class Entity:
    id: str
    type: str
    names: dict
    aliases: list
    kind: str = ""
    demonyms: list = field(default_factory=list)
    country: str = ""
    part_of: str = ""
    source: str = ""


def _entity(path: Path, raw: dict, i: int) -> Entity:
    w = where(raw, i)
    if not isinstance(raw, dict):
        raise RuleError(path, w, "an entity must be a mapping")
    unknown = set(raw) - ENTITY_KEYS - {"__line__"}
    if unknown:
        raise RuleError(path, w, f"unknown key(s): {', '.join(sorted(unknown))}")
    for key in ("id", "type", "name"):
        if key not in raw:
            raise RuleError(path, w, f"missing required key '{key}'")
    if not isinstance(raw["id"], str) or not ID_RE.match(raw["id"]):
        raise RuleError(path, w, "id must be lowercase letters, digits and hyphens")
    if raw["type"] not in ENTITY_TYPES:
        raise RuleError(path, w, f"type must be one of {sorted(ENTITY_TYPES)}, not {raw['type']!r}")
    names = raw["name"]
    if isinstance(names, str):
        names = {"en": names}
    if not isinstance(names, dict) or not isinstance(names.get("en"), str) or not names["en"].strip():
        raise RuleError(path, w, "name must give an English name (name: {en: ..., ar: ...})")
    names = {k: v for k, v in names.items() if k != "__line__"}
    for lang, value in names.items():
        if lang not in ("en", "ar") or not isinstance(value, str):
            raise RuleError(path, w, f"name.{lang} must be a string in 'en' or 'ar'")
    lists = {}
    for key in ("aliases", "demonyms"):
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
            raise RuleError(path, w, f"{key} must be a list of non-empty strings")
        lists[key] = value
    return Entity(raw["id"], raw["type"], names, lists["aliases"], str(raw.get("kind") or ""),
                  lists["demonyms"], str(raw.get("country") or ""), str(raw.get("part_of") or ""), path.name)


def load_gazetteer(folder: Path) -> list[Entity]:
    """All entities of gazetteer/*.yaml, with ids, aliases and references checked."""
    entities, ids, alias_owner = [], {}, {}
    for path in sorted(folder.glob("*.yaml")):
        data = load_yaml(path)
        unknown = set(data) - {"entities", "__line__"}
        if unknown:
            raise RuleError(path, "file", f"unknown top-level key(s): {', '.join(sorted(unknown))}")
        raw_list = data.get("entities") or []
        if not isinstance(raw_list, list):
            raise RuleError(path, "entities", "must be a list")
        for i, raw in enumerate(raw_list):
            ent = _entity(path, raw, i)
            if ent.id in ids:
                raise RuleError(path, where(raw, i), f"duplicate id, first defined in {ids[ent.id]}")
            ids[ent.id] = path.name
            for alias in [*ent.names.values(), *ent.aliases, *ent.demonyms]:
                key = fold(alias)
                owner = alias_owner.get(key)
                if owner and owner != ent.id:
                    raise RuleError(path, where(raw, i), f"alias {alias!r} already belongs to {owner!r}")
                alias_owner[key] = ent.id
            entities.append(ent)
    for ent in entities:
        for ref in (ent.country, ent.part_of):
            if ref and ref not in ids:
                raise RuleError(folder / ent.source, f"id {ent.id!r}", f"refers to unknown id {ref!r}")
    return entities


def compile_regex(path: Path, w: str, pattern: str, flags=0) -> re.Pattern:
    if not isinstance(pattern, str):
        raise RuleError(path, w, f"pattern must be text (quote it), not {type(pattern).__name__}")
    try:
        return re.compile(pattern, flags)
    except re.error as e:
        raise RuleError(path, w, f"bad regular expression at position {e.pos}: {e.msg}") from None


@dataclass
class PatternRule:
    id: str
    file: str
    lang: str
    kind: str
    regex: re.Pattern
    slots: dict
    type: str = ""
    requires: tuple = ()
    flags: tuple = ()

    @property
    def name(self) -> str:
        return f"{self.file}#{self.id}"


def slot_regex(match: re.Match) -> str:
    kind, name = match.group(1), match.group(2)
    letters = {"OC": "[OC]", "LC": "[LC]", "X": "[POCL]"}.get(kind, kind)
    inner = f"⟦{letters}\\d+⟧"
    return f"(?P<{name}>{inner})" if name else f"(?:{inner})"


def load_patterns(path: Path, lexicon: dict) -> list[PatternRule]:
    data = load_yaml(path)
    rules = []
    seen = set()
    for i, raw in enumerate(data.get("rules") or []):
        w = where(raw, i)
        if not isinstance(raw, dict):
            raise RuleError(path, w, "a rule must be a mapping")
        unknown = set(raw) - PATTERN_KEYS - {"__line__"}
        if unknown:
            raise RuleError(path, w, f"unknown key(s): {', '.join(sorted(unknown))}")
        if "id" not in raw or "pattern" not in raw:
            raise RuleError(path, w, "a rule needs 'id' and 'pattern'")
        if not isinstance(raw["id"], str) or not isinstance(raw.get("requires") or [], list) \
                or not isinstance(raw.get("flags") or [], list):
            raise RuleError(path, w, "id must be text, requires and flags lists")
        for field_name, allowed in (("requires", REQUIRES), ("flags", FLAGS)):
            bad_value = next((v for v in raw.get(field_name) or [] if v not in allowed), None)
            if bad_value is not None:
                raise RuleError(path, w, f"unknown {field_name} value {bad_value!r}; one of {sorted(allowed)}")
        if raw["id"] in seen:
            raise RuleError(path, w, "duplicate rule id in this file")
        seen.add(raw["id"])
        lang = raw.get("lang", "any")
        if lang not in ("en", "ar", "any"):
            raise RuleError(path, w, f"lang must be en, ar or any, not {lang!r}")
        pattern = str(raw["pattern"])
        bad = next((m.group(0) for m in SLOT_LIKE_RE.finditer(pattern) if not SLOT_RE.fullmatch(m.group(0))), None)
        if bad:
            raise RuleError(path, w, f"bad slot {bad}: a slot name is a lower-case letter or _ then letters, digits or _")
        for m in SLOT_RE.finditer(pattern):
            if m.group(1) not in SLOT_TYPES:
                raise RuleError(path, w, f"unknown slot {{{m.group(1)}}}; slots are {sorted(SLOT_TYPES)}")
        expanded = SLOT_RE.sub(slot_regex, pattern)
        missing = [name for name in re.findall(r"(?<!\?P)<([a-z_]+)>", expanded) if name not in lexicon]
        if missing:
            raise RuleError(path, w, f"unknown word list <{missing[0]}> (not in lexicon.yaml)")
        expanded = re.sub(r"(?<!\?P)<([a-z_]+)>", lambda m: "(?:" + "|".join(
            re.escape(x).replace("\\ ", r"\s+") for x in sorted(lexicon[m.group(1)], key=len, reverse=True)) + ")", expanded)
        regex = compile_regex(path, w, expanded, re.IGNORECASE)
        slots = {m.group(2): m.group(1) for m in SLOT_RE.finditer(pattern) if m.group(2)}
        rules.append(PatternRule(raw["id"], path.name, lang, str(raw.get("kind", data.get("kind", ""))), regex,
                                 slots, str(raw.get("type", "")), tuple(raw.get("requires") or ()),
                                 tuple(raw.get("flags") or ())))
    return rules


@dataclass
class RuleSet:
    folder: Path
    entities: list
    roles: dict
    lexicon: dict
    patterns: dict
    furniture: list


def load_roles(path: Path) -> dict:
    data = load_yaml(path)
    roles = data.get("roles")
    if not isinstance(roles, list):
        raise RuleError(path, "roles", "must be a list")
    out = {"en": [], "ar": [], "modifiers_en": data.get("modifiers_en", []), "modifiers_ar": data.get("modifiers_ar", []),
           "modifiers_after_ar": data.get("modifiers_after_ar", [])}
    for i, raw in enumerate(roles):
        w = where(raw, i)
        if not isinstance(raw, dict) or "label" not in raw or "forms" not in raw:
            raise RuleError(path, w, "a role needs 'label' and 'forms'")
        unknown = set(raw) - {"label", "forms", "lang", "portfolio", "ministry", "__line__"}
        if unknown:
            raise RuleError(path, w, f"unknown key(s): {', '.join(sorted(unknown))}")
        lang = raw.get("lang", "en")
        if lang not in ("en", "ar"):
            raise RuleError(path, w, "lang must be en or ar")
        if not isinstance(raw["forms"], list) or not raw["forms"]:
            raise RuleError(path, w, "forms must be a non-empty list")
        for form in raw["forms"]:
            out[lang].append((str(form), str(raw["label"]), bool(raw.get("portfolio", False)), str(raw.get("ministry", ""))))
    return out


def load_furniture(path: Path) -> list:
    data = load_yaml(path)
    out = []
    for i, raw in enumerate(data.get("rules") or []):
        w = where(raw, i)
        if not isinstance(raw, dict) or "id" not in raw or "pattern" not in raw:
            raise RuleError(path, w, "a furniture rule needs 'id' and 'pattern'")
        unknown = set(raw) - {"id", "pattern", "scope", "comment", "drop_following", "max_length", "__line__"}
        if unknown:
            raise RuleError(path, w, f"unknown key(s): {', '.join(sorted(unknown))}")
        limit = raw.get("max_length", 0)
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise RuleError(path, w, "max_length must be a whole number of characters")
        out.append((raw["id"], compile_regex(path, w, raw["pattern"], re.IGNORECASE), raw.get("scope", "line"),
                    str(raw.get("drop_following", "")), limit))
    return out


def load_rules(folder: Path | None = None) -> RuleSet:
    """Load and validate every rule file under `folder` (default: the package's rules)."""
    folder = Path(folder) if folder else default_rules_dir()
    lexicon = load_lexicon(folder / "lexicon.yaml")
    patterns = {}
    for path in sorted((folder / "patterns").glob("*.yaml")):
        patterns[path.stem] = load_patterns(path, lexicon)
    return RuleSet(folder, load_gazetteer(folder / "gazetteer"), load_roles(folder / "roles.yaml"), lexicon,
                   patterns, load_furniture(folder / "furniture.yaml"))
