"""Dates in text: absolute dates, ranges, month-day without a year, weekdays and 'today'.

Month and weekday names come from rules/lexicon.yaml. Parts the text does not
give are inferred from the publication date and marked as inferred.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from graph.prefilter import Prefilter


def alternation(words) -> str:
    """Listed words, longest first, as a regex alternation."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))

AR_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
AR_DIGIT = re.compile("[٠-٩]")


@dataclass
class DateValue:
    start: str                 # lexical form: YYYY-MM-DD, YYYY-MM or --MM-DD
    end: str | None
    datatype: str              # date | gYearMonth | gMonthDay
    inferred: str | None       # 'year', 'day' or None
    span: tuple


class DateParser:
    """Compiled date patterns for one lexicon."""

    def __init__(self, lexicon: dict):
        self.months = [re.compile(f"^(?:{m})$", re.I) for m in lexicon["months_en"]] + \
                      [re.compile(f"^(?:{m})$") for m in lexicon["months_ar"]]
        mon = "|".join(lexicon["months_en"])
        mon_ar = "|".join(lexicon["months_ar"])
        self.weekdays = lexicon["weekdays_en"]
        self.weekdays_ar = [re.compile(f"^(?:{w})$") for w in lexicon["weekdays_ar"]]
        cur = "|".join(lexicon["current_month_ar"])
        words = {k: alternation(lexicon[k]) for k in ("ordinal_suffixes_en", "range_words_en", "range_words_ar", "range_from_ar",
                                                        "year_words_ar", "not_date_after_en", "weekday_lead_words_en",
                                                        "weekday_lead_words_ar", "tomorrow_words_ar")}
        d, y = rf"(\d{{1,2}})(?:{words['ordinal_suffixes_en']})?", r"((?:19|20)\d\d)"
        rng = rf"\s*(?:{words['range_words_en']})\s*"
        year_ar = rf"(?:({cur})|(?:(?:{words['year_words_ar']})\s+)?((?:19|20)\d\d))?"
        self.relative = {w.strip().lower(): int(n) for pair in lexicon["relative_days_en"] + lexicon["relative_days_ar"]
                         for w, _, n in [pair.partition("=")]}
        rel_en = alternation(w for w in self.relative if w.isascii())
        rel_ar = alternation(w for w in self.relative if not w.isascii())
        self.next_words = tuple(lexicon["future_weekday_words_en"])
        self.tomorrow_ar = tuple(lexicon["tomorrow_words_ar"])
        self.patterns = [
            ("dmy_range", re.compile(rf"\b{d}{rng}{d}\s+({mon})\s*,?\s*{y}?\b", re.I)),
            ("mdy_range", re.compile(rf"\b({mon})\s+{d}{rng}{d}(?:\s*,\s*|\s+){y}\b", re.I)),
            ("md_range", re.compile(rf"\b({mon})\s+{d}{rng}{d}\b", re.I)),
            ("dmy", re.compile(rf"\b{d}\s+({mon})\s*,?\s*{y}?\b", re.I)),
            ("mdy", re.compile(rf"\b({mon})\s+{d}(?:\s*,\s*|\s+){y}\b", re.I)),
            ("md", re.compile(rf"\b({mon})\s+{d}\b(?!\s*(?:{words['not_date_after_en']}))", re.I)),
            ("my", re.compile(rf"\b({mon})\s+{y}\b", re.I)),
            ("iso", re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")),
            ("numeric", re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")),
            ("ar_range", re.compile(rf"(?:(?:{words['range_from_ar']})\s+)?(\d{{1,2}})\s*(?:{words['range_words_ar']})\s*(\d{{1,2}})\s+({mon_ar})\s*{year_ar}")),
            ("ar_dmy", re.compile(rf"(\d{{1,2}})\s+({mon_ar})\s*{year_ar}")),
            ("weekday", re.compile(rf"\b(?:(?:{words['weekday_lead_words_en']})\s+)?(" + "|".join(self.weekdays) + r")\b", re.I)),
            ("weekday_ar", re.compile(rf"(?:(?:{words['weekday_lead_words_ar']})\s+|(?:{words['tomorrow_words_ar']})\s*)("
                                      + "|".join(lexicon["weekdays_ar"]) + ")")),
            ("today", re.compile(rf"\b({rel_en})\b|(?<![\u0621-\u064a])({rel_ar})(?=\s|[،,.]|$)", re.I)),
        ]
        # a sentence without one of these has no date (a quick test before the patterns)
        self.maybe = re.compile(rf"\d|day\b|{rel_en}|{rel_ar}|{words['weekday_lead_words_ar']}|{words['tomorrow_words_ar']}|"
                                + "|".join(lexicon["weekdays_ar"]), re.I)
        self.future = re.compile("|".join(re.escape(f) for f in lexicon["future_markers"]), re.I)
        self.prefilter = Prefilter([rx for _, rx in self.patterns])   # skips patterns whose words are absent
        self.need_words = None not in self.prefilter.needs

    def month(self, name: str) -> int:
        for i, rx in enumerate(self.months):
            if rx.match(name.strip().rstrip(".")) or rx.match(name.strip()):
                return i % 12 + 1
        raise ValueError(name)

    def find(self, sentence: str, published: date | None, present: set | None = None) -> list[DateValue]:
        """PRESENT: the prefilter's words found in an ASCII sentence by a scan already made (graph.article.triggers)."""
        text = sentence if sentence.isascii() or not AR_DIGIT.search(sentence) else sentence.translate(AR_DIGITS)
        present = self.prefilter.present(text) if present is None or not sentence.isascii() else present
        if not present and self.need_words:
            return []   # every pattern needs one of its words (graph.prefilter), and none is here
        patterns = [p for p, need in zip(self.patterns, self.prefilter.needs) if need is None or not need.isdisjoint(present)]
        if not patterns or not self.maybe.search(text):
            return []
        found, taken = [], []
        future = bool(self.future.search(text))
        for kind, rx in patterns:
            for m in rx.finditer(text):
                if any(m.start() < e and m.end() > s for s, e in taken):
                    continue
                value = self._value(kind, m, published, future)
                if value:
                    found.append(value)
                if value or kind not in ("weekday", "weekday_ar", "today"):
                    taken.append(m.span())   # an impossible date ("31 February") is not read again as less
        return sorted(found, key=lambda v: v.span)

    def _value(self, kind, m, published, future):
        g = m.groups()
        try:
            if kind == "dmy_range":
                return self._make(g[3], self.month(g[2]), int(g[0]), int(g[1]), published, m.span())
            if kind == "mdy_range":
                return self._make(g[3], self.month(g[0]), int(g[1]), int(g[2]), published, m.span())
            if kind == "md_range":
                return self._make(None, self.month(g[0]), int(g[1]), int(g[2]), published, m.span())
            if kind == "dmy":
                return self._make(g[2], self.month(g[1]), int(g[0]), None, published, m.span())
            if kind == "mdy":
                return self._make(g[2], self.month(g[0]), int(g[1]), None, published, m.span())
            if kind == "md":
                return self._make(None, self.month(g[0]), int(g[1]), None, published, m.span())
            if kind == "my":
                return DateValue(f"{int(g[1]):04d}-{self.month(g[0]):02d}", None, "gYearMonth", None, m.span())
            if kind == "iso":
                return self._make(g[0], int(g[1]), int(g[2]), None, published, m.span())
            if kind == "numeric":
                return self._make(g[2], int(g[1]), int(g[0]), None, published, m.span())
            if kind == "ar_range":
                year = published.year if g[3] and published else g[4]
                return self._make(year, self.month(g[2]), int(g[0]), int(g[1]), published, m.span(), current=bool(g[3]))
            if kind == "ar_dmy":
                year = published.year if g[2] and published else g[3]
                return self._make(year, self.month(g[1]), int(g[0]), None, published, m.span(), current=bool(g[2]))
            if kind in ("weekday", "weekday_ar"):
                return self._weekday(m, published, future, kind == "weekday_ar")
            if kind == "today":
                return self._relative_day(m, published)
        except ValueError:
            return None
        return None

    @staticmethod
    def _make(year, month, day, end_day, published, span, current=False):
        inferred = None
        if year is None or current:
            if published is None and year is None:
                start = f"--{month:02d}-{day:02d}"
                date(2000, month, day)  # validates month/day
                end = f"--{month:02d}-{end_day:02d}" if end_day else None
                return DateValue(start, end, "gMonthDay", None, span)
            year, inferred = (published.year if year is None else year), "year"
        start = date(int(year), month, day)
        end = date(int(year), month, end_day) if end_day else None
        if end and end < start:
            return None
        return DateValue(start.isoformat(), end.isoformat() if end else None, "date", inferred, span)

    def _weekday(self, m, published, future, arabic):
        if published is None:
            return None
        word = m.group(1)
        if arabic:
            target = next(i for i, rx in enumerate(self.weekdays_ar) if rx.match(word))
            future = future or any(w in m.group(0) for w in self.tomorrow_ar)
        else:
            target = self.weekdays.index(word.lower())
            future = future or m.group(0).lower().startswith(self.next_words)
        delta = (target - published.weekday()) % 7
        day = published + timedelta(days=delta if future else -((published.weekday() - target) % 7))
        if future and delta == 0:
            day = published + timedelta(days=7)
        return DateValue(day.isoformat(), None, "date", "day", m.span())

    def _relative_day(self, m, published):
        if published is None:
            return None
        word = (m.group(1) or m.group(2)).lower()
        shift = self.relative.get(word, 1)
        return DateValue((published + timedelta(days=shift)).isoformat(), None, "date", "day", m.span())
