"""Cheap prechecks for regular expressions: the words a match cannot do without.

`required_literals(regex)` reads a compiled pattern and returns a set of
literal strings of which every match contains at least one (or None when it
finds no such set). `Prefilter` looks for all the literals of many patterns in
one Aho-Corasick pass over a text and tells which patterns may match; the
others need not be run. The check only ever lets through more than the regex
would match, never less, so results are the same as running every pattern.

Comparison is on lower case (whatever the pattern's flags): a text is lowered
after mapping the few non-ASCII letters that IGNORECASE equates with ASCII
ones; a literal with a cased non-ASCII letter is not used.
"""
from __future__ import annotations

import re
try:
    from re import _constants as C, _parser
except ImportError:   # Python 3.10
    import sre_constants as C
    import sre_parse as _parser

import ahocorasick

# letters that re.IGNORECASE matches with an ASCII letter although str.lower() does not give it
IGNORECASE_ASCII = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})
IGNORECASE_ODD = re.compile("[" + "".join(chr(c) for c in IGNORECASE_ASCII) + "]")


def lowered(text: str) -> str:
    if not text.isascii() and IGNORECASE_ODD.search(text):
        text = text.translate(IGNORECASE_ASCII)
    return text.lower()


REPEATS = tuple(getattr(C, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(C, name))
ATOMIC_GROUP = getattr(C, "ATOMIC_GROUP", object())


def _usable(ch: str) -> bool:
    return ch.isascii() or ch.lower() == ch.upper()


def _better(a, b):
    """The more selective of two requirements (None: no requirement)."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items):
    best, run = None, []
    for op, av in list(items) + [(None, None)]:
        if op is C.LITERAL and _usable(chr(av)):
            run.append(chr(av).lower())
            continue
        if run:
            best = _better(best, frozenset(["".join(run)]))
            run = []
        if op is not None:
            best = _better(best, _node(op, av))
    return best


def _node(op, av):
    if op is C.SUBPATTERN:
        return _sequence(av[-1])
    if op is C.BRANCH:
        out = set()
        for alternative in av[1]:
            req = _sequence(alternative)
            if req is None:
                return None
            out |= req
        return frozenset(out)
    if op in REPEATS and av[0] >= 1:
        return _sequence(av[2])
    if op is ATOMIC_GROUP:
        return _sequence(av)
    return None   # classes, anchors, look-arounds, optional parts: no requirement


def _clauses(items) -> list:
    """Every requirement of a sequence that its matches must all meet (one set of words each)."""
    out, run = [], []
    for op, av in list(items) + [(None, None)]:
        if op is C.LITERAL and _usable(chr(av)):
            run.append(chr(av).lower())
            continue
        if run:
            out.append(frozenset(["".join(run)]))
            run = []
        if op is C.SUBPATTERN:
            out += _clauses(av[-1])
        elif op in REPEATS and av[0] >= 1:
            out += _clauses(av[2])
        elif op is ATOMIC_GROUP:
            out += _clauses(av)
        elif op is not None:
            req = _node(op, av)   # a branch: one word of any alternative
            if req is not None:
                out.append(req)
    return out


def all_required_literals(regex: re.Pattern) -> list:
    """Sets of literal strings (lower case) such that every match of REGEX contains one of each set:
    one set per requirement found (a literal run, a branch), leaving out those with a word found in nearly
    every text: shorter than four characters and all letters ('of', 'the', 'في'), or shorter than two."""
    try:
        found = _clauses(_parser.parse(regex.pattern, regex.flags))
    except Exception:   # an internal parser we do not understand: no shortcut
        return []
    return list(dict.fromkeys(c for c in found if c and all(len(w.strip()) >= 4 or len(w.strip()) >= 2 and not w.strip().isalpha()
                                                          for w in c)))


def required_literals(regex: re.Pattern) -> frozenset | None:
    """Literal strings (lower case) one of which every match of REGEX contains; None if unknown."""
    try:
        req = _sequence(_parser.parse(regex.pattern, regex.flags))
    except Exception:   # an internal parser we do not understand: no shortcut
        return None
    if req is not None and ("" in req or not req):
        return None
    return req


class Prefilter:
    """Which of many patterns may match a text, by one scan for their required literals."""

    def __init__(self, regexes, every_requirement: bool = False):
        """EVERY_REQUIREMENT: also look for the words of each pattern's other requirements
        (`all_required_literals`), in `all_needs`."""
        self.needs = []            # per pattern: frozenset of literal ids, or None (always run)
        self.all_needs = []        # per pattern: the frozensets of literal ids it needs one of each (every_requirement)
        ids: dict = {}
        for rx in regexes:
            req = required_literals(rx)
            self.needs.append(None if req is None else frozenset(ids.setdefault(w, len(ids)) for w in req))
            if every_requirement:
                more = [frozenset(ids.setdefault(w, len(ids)) for w in c) for c in all_required_literals(rx)]
                self.all_needs.append([n for n in more if n != self.needs[-1]])
        self.automaton = None
        if ids:
            self.automaton = ahocorasick.Automaton()
            for word, i in ids.items():
                self.automaton.add_word(word, i)
            self.automaton.make_automaton()

    def present(self, text: str) -> set:
        """Ids of the literals found in TEXT."""
        if self.automaton is None:
            return set()
        return {i for _, i in self.automaton.iter(lowered(text))}

    def may_match(self, index: int, present: set) -> bool:
        need = self.needs[index]
        return need is None or not need.isdisjoint(present)

    def select(self, items: list, text: str) -> list:
        """The items (one per regex, in order) whose regex may match TEXT."""
        present = self.present(text)
        if not present and self.needs and None not in self.needs:
            return []   # every regex needs a word and none is here
        return [item for item, need in zip(items, self.needs) if need is None or not need.isdisjoint(present)]


_BUILT: dict = {}


def prefilter_for(owner, regexes) -> Prefilter:
    """The Prefilter of OWNER's regexes (a rule list loaded once), built on first use and kept with it."""
    hit = _BUILT.get(id(owner))
    if hit is None or hit[0] is not owner:
        hit = _BUILT[id(owner)] = (owner, Prefilter(regexes(owner)))
    return hit[1]
