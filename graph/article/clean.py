"""Keep the story, drop the page furniture, and split the story into sentences.

Furniture rules come from rules/furniture.yaml; besides them the cleaner drops
short lines repeated verbatim (mastheads) and headline tickers.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from graph.prefilter import prefilter_for

SENTENCE_END = re.compile(r"[.!?؟·]+[\"'”’»)]*(?=\s+|$)|(?<=[a-z)\"”])[.!?](?=[A-Z])|\n+")
SENTENCE_END_FIRST = re.compile(r"[.!?؟·\n]")   # every SENTENCE_END match starts with one of these
# The recogniser's work grows faster than linearly with a sentence's length; real sentences stay far below this.
MAX_SENTENCE = 1500


@dataclass
class Sentence:
    text: str
    start: int          # offset in the article body
    paragraph: int


@dataclass
class Cleaned:
    sentences: list
    dropped: list       # (rule id, line text) of every furniture line removed
    cut: int = 0        # sentences longer than MAX_SENTENCE, cut into pieces


def abbreviations(words) -> re.Pattern:
    """A word ending just before a full stop that does not end a sentence: one of WORDS
    (lexicon.yaml#abbreviations) or a capital initial."""
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return re.compile(rf"(?:\b(?:{alt})|\b[A-Z])\.$")


def is_ticker(line: str) -> bool:
    """A run of unrelated headlines: long, no commas, headline separators rather than sentences."""
    if len(line) < 60:
        return False
    segments = [seg.strip() for seg in re.split(r" {2,}|\.\.+|\s[|•·]\s", line) if seg.strip()]
    ended = sum(1 for seg in segments if re.search(r"[.!?؟»\"”]$", seg))
    return len(segments) >= 3 and ended * 2 < len(segments)


def furniture_lines(lines: list[str], rules: list) -> dict:
    """Index of each furniture line -> the id of the rule that caught it."""
    dropped = {}
    counts = Counter(line.strip() for line in lines if line.strip())
    story_started = False
    prefilter = prefilter_for(rules, lambda rules: [regex for _, regex, *_ in rules])
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        for rule_id, regex, scope, following, limit in prefilter.select(rules, line):
            if (not limit or len(line) < limit) and regex.search(line):
                dropped[i] = rule_id
                if scope == "block":
                    j = i + 1
                    follow = re.compile(following) if following else None
                    while j < len(lines) and (not lines[j].strip() or (follow and follow.search(lines[j]))):
                        if lines[j].strip():
                            dropped[j] = rule_id
                        j += 1
                break
        else:
            if counts[line] > 1 and len(line) < 80:
                dropped[i] = "repeated-line"
            elif not story_started and is_ticker(line):
                dropped[i] = "headline-ticker"
            elif len(line) > 150:
                story_started = True
        i += 1
    return dropped


def sentence_ends(text: str):
    """SENTENCE_END.finditer(text), tried only where a match can start."""
    pos = 0
    for c in SENTENCE_END_FIRST.finditer(text):
        if c.start() >= pos:
            m = SENTENCE_END.match(text, c.start())
            if m is not None:
                yield m
                pos = m.end()


def _sentence_spans(text: str, abbreviated):
    """(start, end) of each sentence of one line, before the length cap."""
    start = 0
    for m in sentence_ends(text):
        if abbreviated is not None and m.group(0).startswith(".") and \
                abbreviated.search(text[max(0, m.start() - 6):m.start() + 1]):
            continue
        yield start, m.end()
        start = m.end()
    yield start, len(text)


def cap(text: str, start: int, end: int, limit: int = MAX_SENTENCE):
    """[start, end) cut into pieces of at most `limit` characters, at white space where there is some."""
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut + 1 if cut > start else start + limit
        yield start, cut
        start = cut
    yield start, end


def split_sentences(text: str, offset: int, paragraph: int, abbreviated=None, cuts=None) -> list[Sentence]:
    """The sentences of one line; the count of those cut for length is added to CUTS (a one-item list)."""
    out = []
    for s0, e0 in _sentence_spans(text, abbreviated):
        if cuts is not None and e0 - s0 > MAX_SENTENCE and len(text[s0:e0].strip()) > MAX_SENTENCE:
            cuts[0] += 1
        for start, end in cap(text, s0, e0):
            piece = text[start:end]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append(Sentence(piece.strip(), offset + start + lead, paragraph))
    return out


def clean(body: str, rules: list, abbreviated: re.Pattern | None = None) -> Cleaned:
    """The article's sentences without furniture (RULES: furniture.yaml), with their offsets in the body; a full
    stop after an abbreviation (ABBREVIATED, see `abbreviations`) ends no sentence. Sentences are split here only."""
    lines = body.split("\n")
    dropped = furniture_lines(lines, rules)
    sentences, offset, cuts = [], 0, [0]
    for i, line in enumerate(lines):
        if i not in dropped and line.strip():
            sentences += split_sentences(line, offset, i, abbreviated, cuts)
        offset += len(line) + 1
    return Cleaned(sentences, [(rule, lines[i].strip()) for i, rule in sorted(dropped.items())], cuts[0])


def cut_warning(cut: int) -> str:
    return f"{cut} sentence(s) longer than {MAX_SENTENCE} characters cut into pieces for extraction"
