"""Which language an article is in, and whether the rules cover it.

The detector is lingua (a maintained n-gram detector that tells Arabic from Persian and Urdu), restricted
to the languages listed in rules/languages.yaml and run in its low-accuracy mode on the first
DETECT_CHARS characters (its time grows with the text; a few sentences settle the language of an article):
~20 MB and a few ms per article (BENCHMARKS.md, benchmarks/language_bench.py). The language the header, page, feed or record declares wins when it is plausible: the
detector gives it some confidence, or it is one the detector does not know. The languages the rules cover
come from the rule data (covered_languages), never from a list in the code."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.errors import RuleError
from graph.ruleset import load_yaml

DETECT_CHARS = 600
PLAUSIBLE = 0.05         # the detector's confidence a declared language needs (it gives ~0 to a wrong one)
CODE = re.compile(r"[a-z]{2}")
LANG_SUFFIX = re.compile(r"_([a-z]{2})$")


@dataclass(frozen=True)
class LanguageCheck:
    language: str        # what the article is read as
    declared: str        # what its source said ('' if nothing)
    detected: str        # what the detector found ('' if it could not tell)
    covered: bool        # the rules have word lists for it
    note: str = ""       # a warning for the report ('' if none)


def covered_languages(rules) -> tuple:
    """Languages the rules can extract from: every language the lexicon has word lists for (keys ending in
    _xx), and every `lang` of a pattern or role that has entries."""
    langs = {m.group(1) for key in rules.lexicon for m in [LANG_SUFFIX.search(key)] if m}
    langs |= {r.lang for rs in rules.patterns.values() for r in rs if CODE.fullmatch(r.lang)}
    langs |= {k for k, v in rules.roles.items() if CODE.fullmatch(k) and v}
    return tuple(sorted(langs))


def detector_languages(rules_dir: Path, covered=()) -> tuple:
    """The codes in RULES_DIR/languages.yaml (validated), plus the covered ones."""
    path = Path(rules_dir) / "languages.yaml"
    if not path.is_file():
        return tuple(sorted(set(covered) | {"en", "ar", "fa", "ur"}))
    data = load_yaml(path)
    codes = data.get("detect")
    if not isinstance(codes, list) or not codes:
        raise RuleError(path, "detect", "must be a non-empty list of ISO 639-1 codes")
    from lingua import IsoCode639_1
    for i, code in enumerate(codes):
        try:
            IsoCode639_1.from_str(str(code))
        except ValueError:
            raise RuleError(path, f"detect, entry {i} ({code!r})", "not an ISO 639-1 code lingua knows") from None
    return tuple(sorted(set(map(str, codes)) | set(covered)))


@lru_cache(maxsize=4)
def _detector(codes: tuple):
    from lingua import IsoCode639_1, LanguageDetectorBuilder
    return LanguageDetectorBuilder.from_iso_codes_639_1(*[IsoCode639_1.from_str(c) for c in codes]) \
        .with_low_accuracy_mode().build()


def normalise(declared: str) -> str:
    """'en-US', 'ar_SA', 'EN', 'English', 'fas' -> an ISO 639-1 code where one can be found, else ''."""
    value = (declared or "").strip()
    if not value:
        return ""
    head = re.split(r"[-_\s,;]", value, 1)[0].lower()
    from lingua import IsoCode639_1, IsoCode639_3, Language
    try:
        if CODE.fullmatch(head):
            IsoCode639_1.from_str(head)
            return head
        if len(head) == 3:
            return Language.from_iso_code_639_3(IsoCode639_3.from_str(head)).iso_code_639_1.name.lower()
        return Language.from_str(head).iso_code_639_1.name.lower()
    except (ValueError, AttributeError):
        return ""


def _confidence(detector, sample: str, code: str) -> float:
    from lingua import IsoCode639_1, Language
    return detector.compute_language_confidence(sample, Language.from_iso_code_639_1(IsoCode639_1.from_str(code)))


def detect_all(bodies: list, codes: tuple) -> list:
    """The detected language of each text ('' where the detector cannot tell), on all cores."""
    found = _detector(codes).detect_languages_in_parallel_of([b[:DETECT_CHARS] for b in bodies])
    return [f.iso_code_639_1.name.lower() if f is not None else "" for f in found]


def detect_one(body: str, codes: tuple) -> str:
    """detect_all of one text, on this core (the reader's workers run one article at a time)."""
    found = _detector(codes).detect_language_of(body[:DETECT_CHARS])
    return found.iso_code_639_1.name.lower() if found is not None else ""


def check(body: str, declared: str, covered: tuple, codes: tuple, detected: str | None = None) -> LanguageCheck:
    """The language of an article's text, its declared language weighed against what the detector finds."""
    detector = _detector(codes)
    sample = body[:DETECT_CHARS]
    if detected is None:
        detected = detect_all([body], codes)[0]
    given = normalise(declared)
    note = ""
    if given and (given == detected or given not in codes or _confidence(detector, sample, given) >= PLAUSIBLE):
        language = given
    elif detected:
        language = detected
        if declared:
            note = f"declared language {declared!r} does not fit the text; read as {detected!r}"
    else:
        language = given or ""
    return LanguageCheck(language, declared, detected, language in covered, note)


def screen(articles, rules, rules_dir=None):
    """(articles the rules cover, with their language set; {language: [ids]} of the others) and a warning
    for each article: skipped for its language, or read in another language than declared."""
    covered = covered_languages(rules)
    codes = detector_languages(rules_dir or rules.folder, covered)
    kept, skipped, notes = [], {}, []
    for a, detected in zip(articles, detect_all([a.body for a in articles], codes)):
        if taken(a, check(a.body, a.declared_language, covered, codes, detected), covered, skipped, notes):
            kept.append(a)
    return kept, skipped, notes


def taken(a, result: LanguageCheck, covered: tuple, skipped: dict, notes: list) -> bool:
    """Whether the rules cover article A's language (RESULT of check); then A's language is set, else A's id
    is listed in SKIPPED under its language. A warning for each goes to NOTES (screen, graph.read_extract)."""
    if result.note:
        notes.append(f"{a.path}: {result.note}")
    if not result.covered:
        lang = result.language or "unknown"
        skipped.setdefault(lang, []).append(a.id)
        notes.append(f"{a.path}: language {lang!r} is not covered by the rules ({', '.join(covered)}); "
                     "skipped, nothing extracted")
        return False
    a.language = result.language
    return True
