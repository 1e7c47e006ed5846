"""Keep the story, drop the page furniture, and split the story into sentences.

Furniture rules come from rules/furniture.yaml; besides them the cleaner drops
short lines repeated verbatim (mastheads) and headline tickers.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

ABBREVIATIONS = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|Engr|Eng|St|No|Jr|Sr|Gen|Col|Lt|Hon|Sen|Rep|Co|Inc|Ltd|vs|etc|i\.e|e\.g|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"|\b[A-Z]|\bH\. ?E|\bU\.S|\bد)\.$")
SENTENCE_END = re.compile(r"[.!?؟·]+[\"'”’»)]*(?=\s+|$)|(?<=[a-z)\"”])[.!?](?=[A-Z])|\n+")
TIMESTAMP_BYLINE = re.compile(r"\b(published|updated|posted)\s+(on\s+)?\w+\.? \d{1,2},? \d{4}\s*(\||,|at)\s*\d{1,2}:\d\d", re.I)


@dataclass
class Sentence:
    text: str
    start: int          # offset in the article body
    paragraph: int


@dataclass
class Cleaned:
    sentences: list
    dropped: list       # (rule id, line text) of every furniture line removed


def is_ticker(line: str) -> bool:
    """A run of unrelated headlines: long, no commas, headline separators rather than sentences."""
    if len(line) < 120 or re.search("[,،]", line):
        return False
    separators = len(re.findall(r"\S {2,}\S", line)) + line.count("..")
    return separators >= 2


def furniture_lines(lines: list[str], rules: list) -> dict:
    """Index of each furniture line -> the id of the rule that caught it."""
    dropped = {}
    counts = Counter(line.strip() for line in lines if line.strip())
    story_started = False
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        for rule_id, regex, scope, following in rules:
            if regex.search(line):
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
            elif TIMESTAMP_BYLINE.search(line) and len(line) < 120:
                dropped[i] = "timestamp-byline"
            elif not story_started and is_ticker(line):
                dropped[i] = "headline-ticker"
            elif len(line) > 150:
                story_started = True
        i += 1
    return dropped


def split_sentences(text: str, offset: int, paragraph: int) -> list[Sentence]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        end = m.end()
        if m.group(0).startswith(".") and ABBREVIATIONS.search(text[max(0, m.start() - 6):m.start() + 1]):
            continue
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Sentence(piece.strip(), offset + start + lead, paragraph))
        start = end
    piece = text[start:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append(Sentence(piece.strip(), offset + start + lead, paragraph))
    return out


def clean(body: str, rules: list) -> Cleaned:
    """The article's sentences without furniture, with their offsets in the body."""
    lines = body.split("\n")
    dropped = furniture_lines(lines, rules)
    sentences, offset = [], 0
    for i, line in enumerate(lines):
        if i not in dropped and line.strip():
            sentences += split_sentences(line, offset, i)
        offset += len(line) + 1
    return Cleaned(sentences, [(rule, lines[i].strip()) for i, rule in sorted(dropped.items())])
