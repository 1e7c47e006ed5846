"""Titles (roles.yaml): 'Minister of Higher Education', 'Velmora Trust CEO', 'وزير التعليم العالي'. A title
carries its label, its head and, for a portfolio title, the ministry it implies."""
from __future__ import annotations

import re

from graph.article.shapes import AR_WORD, WORD_TOKEN, WordAnchored, alternation
from graph.model import Mention, MentionType
from graph.normalize import fold
from graph.prefilter import Prefilter


class RoleFinder:
    def __init__(self, roles: dict, words):
        lx = words.raw
        self.w = words
        mods = alternation(roles["modifiers_en"])
        forms = alternation(f for f, *_ in roles["en"])
        joiners = set(lx["portfolio_joiners_en"])
        pw = alternation(w for w in lx["portfolio_words_en"] if w not in joiners)
        conj = alternation(lx["conjunctions_en"])
        links = alternation(lx["portfolio_links_en"])
        the = re.escape(lx["articles_en"][0])
        portfolio = rf"(?:{pw})(?:(?:\s*,\s*|\s+)(?:(?:{conj})\s+)?(?:{pw}))*"
        self.affairs = {w.lower() for w in lx.get("portfolio_affairs_en", [])}
        # a title matches only where every word of one of its forms is a word of the sentence: the gate holds
        # one word (the longest) of each form, case-folded, and a sentence with none of them has no title
        self.role_words = {max(WORD_TOKEN.findall(f.casefold()), key=len) for f, *_ in roles["en"]}
        self.role_pre = re.compile(rf"\b(?:{portfolio})\s+$", re.I)
        self.role_en = re.compile(
            rf"\b(?P<pre>)(?P<mods>(?:(?:{mods})\s+)*)(?P<head>{forms})\b"
            rf"(?P<organ>\s+(?-i:{alternation(lx['title_organs_en'])})\b)?"   # "Chairman Board of …"
            rf"(?P<port>\s+(?:{links})\s+(?:{the}\s+)?{portfolio}(?!\s+(?:{alternation(lx['org_heads_en'])})\b))?", re.I)
        # a role starts with a modifier or a form, at a word boundary
        self.role_en_at = WordAnchored(self.role_en, [*roles["modifiers_en"], *(f for f, *_ in roles["en"])])
        self.role_table_en = {fold(f): (label, port, ministry) for f, label, port, ministry in roles["en"]}
        self.of, self.for_ = lx["portfolio_links_en"][0], lx["charge_links_en"][0]   # labels: "Minister of X", "Adviser for X"
        self.lower_ok = {fold(w) for w in lx["lowercase_titles_en"]}
        self.possessive_only = set(lx["possessive_only_titles_en"])
        self.determiner_before = re.compile(rf"(?:\b(?:{alternation(lx['title_determiners_en'])})|'s|’s|,)\s*$", re.I)
        self.charge_link = re.compile(rf"\s+(?:{alternation(lx['charge_links_en'])})\b", re.I)
        self.port_link = re.compile(rf"^\s*(?:{links})\s+(?:{the}\s+)?", re.I)
        # a portfolio in parentheses right after the title: "Adviser (Planning and Finance)"; not an acronym "(HEC)"
        self.paren_portfolio = re.compile(r"\s*\(\s*([A-Z][^()]{0,100}?)\s*\)")
        self.paren_acronym = re.compile(r"[A-Z0-9&.-]+")
        self.speech_after = re.compile(rf"\s+(?:{alternation(lx['speech_verbs_en'])})\b")
        self.title_and = re.compile(rf"\s+(?:{alternation(lx['conjunctions_en'])})\s+")
        ar_forms = alternation(f for f, *_ in roles["ar"])
        after = alternation(roles["modifiers_after_ar"])
        clitic = alternation(lx["conjunction_clitics_ar"])
        self.role_ar = re.compile(rf"(?<![\u0621-\u064a])(?:{clitic})?(?P<mods>(?:{alternation(roles['modifiers_ar'])})\s+)?(?P<head>{ar_forms})"
                                  rf"(?P<after>\s+(?:{after}))?(?![\u0621-\u064a])")
        self.role_ar_gate = Prefilter([self.role_ar])   # the title forms one of which every Arabic title contains
        self.role_table_ar = {fold(f): (label, port, ministry) for f, label, port, ministry in roles["ar"]}
        self.portfolio_ar = {fold(w) for w in lx["portfolio_words_ar"]}
        self.proclitics = re.compile(rf"^(?:{alternation(lx['portfolio_proclitics_ar'])})(?={words.art}|[\u0621-\u064a]{{3}})")
        self.article_ar = lx["definite_article_ar"][0]
        self.ar_word = re.compile(rf"\s*({AR_WORD})")

    def takes_portfolio(self, head: str) -> bool:
        return self.role_table_en.get(fold(head), ("", False, ""))[1]

    def find(self, s: str, lang: str, arabic: bool, triggers=None) -> list[Mention]:
        """TRIGGERS: the sentence's scan for the title words (graph.article.triggers), None to scan here."""
        out = []
        if triggers is None:
            titled, starts = not self.role_words.isdisjoint(WORD_TOKEN.findall(s.casefold())), None
        else:
            titled, starts = triggers.title_word, triggers.title_starts
        for m in (self.role_en_at.finditer(s, starts) if titled else ()):
            mention = self._role_en(s, m)
            if mention:
                out.append(mention)
        out = self._joined_en(s, out)
        if lang == "ar" or arabic:
            out += self._roles_ar(s)
        return out

    def _role_en(self, s, m):
        head = m.group("head")
        label, takes_portfolio, ministry = self.role_table_en.get(fold(head), (head, False, ""))
        pre, pre_start = "", m.start()
        if takes_portfolio:
            before = self.role_pre.search(s, max(0, m.start() - 120), m.start())
            if before and before.group(0)[:1].isupper():
                pre, pre_start = before.group(0).strip().rstrip(","), before.start()
        port = m.group("port") or ""
        if port and not takes_portfolio and not self.charge_link.match(port):
            port = ""
        lowercase = head[0].islower() and fold(head) not in self.lower_ok
        if lowercase and not port and not m.group("mods") and not self.determiner_before.search(s[:m.start("head")]) \
                and not self.speech_after.match(s, m.end("head")):   # "…, the Velmora University chancellor said"
            return None
        if head in self.possessive_only and not re.search(r"(?:'s|’s)\s*$", s[:m.start("head")]):
            return None  # DG, ASG only after a possessive: "ICESCO's DG" (lexicon.yaml#possessive_only_titles_en)
        mods = " ".join(w.title() for w in m.group("mods").split())
        if pre and pre.lower() in self.affairs:
            pre = f"{pre} Affairs"
        port_text = self.port_link.sub("", port).strip() or pre
        start = pre_start if pre else m.start("mods") if m.group("mods") else m.start("head")
        end = m.end("port") if port else m.end("organ") if m.group("organ") else m.end("head")
        full = f"{mods} {label}".strip()
        if m.group("organ") and not port:
            full += f" {m.group('organ').strip()}"
        if port_text:
            full += f" {self.of} {port_text}" if takes_portfolio else f" {self.for_} {port_text}"
        paren = self.paren_portfolio.match(s, end)
        if paren and not port_text and not self.paren_acronym.fullmatch(paren.group(1)):
            end, full = paren.end(), f"{full} ({paren.group(1).strip()})"   # "Adviser (Planning and Finance)"
        attrs = {"label": full, "head": label}
        if takes_portfolio and port_text and ministry:
            attrs["ministry"] = f"{ministry} {self.of} {port_text}"
        return Mention(start, end, MentionType.ROLE, s[start:end], rule="roles.yaml", attrs=attrs)

    def _joined_en(self, s, roles):
        """'Deputy Premier and Minister of State for X', 'President and CEO': two titles joined by 'and' are
        one title of one holder; its head (and so a head of state's country) is the first one's."""
        out = []
        for r in roles:
            prev = out[-1] if out else None
            if prev is not None and self.title_and.fullmatch(s, prev.end, r.start):
                attrs = {**r.attrs, **prev.attrs, "label": f"{prev.attrs['label']} {s[prev.end:r.start].strip()} {r.attrs['label']}",
                         "second": r.attrs}
                if not prev.attrs.get("ministry") and r.attrs.get("ministry"):
                    attrs["ministry"] = r.attrs["ministry"]
                out[-1] = Mention(prev.start, r.end, MentionType.ROLE, s[prev.start:r.end], rule="roles.yaml", attrs=attrs)
                continue
            out.append(r)
        return out

    def _roles_ar(self, s):
        """The Arabic titles of S: the title regex is run only on a sentence holding one of its forms (one scan)."""
        if not self.role_ar_gate.may_match(0, self.role_ar_gate.present(s)):
            return []
        out, heads, art = [], self.w.lx["org_heads_ar"], self.article_ar
        for m in self.role_ar.finditer(s):
            label, takes_portfolio, ministry = self.role_table_ar.get(fold(m.group("head")), (m.group("head"), False, ""))
            base = end = m.end()
            if m.group("after"):
                label = f"{label} {m.group('after').strip()}"
            words = []
            for w in self.ar_word.finditer(s[base:]):
                bare = self.proclitics.sub("", fold(w.group(1)))
                if w.start() != end - base or bare in heads or fold(w.group(1)) in heads:
                    break   # "رئيس أكاديمية …", "المدير العام لأكاديمية …": the name of a body, not a portfolio
                if fold(w.group(1)) in self.portfolio_ar or bare in self.portfolio_ar or art + bare in self.portfolio_ar:
                    words.append(w.group(1))
                    end = base + w.end()
                else:
                    break
            mods = (m.group("mods") or "").strip()
            text = s[m.start("head") if not mods else m.start("mods"):end]
            port = " ".join(words)
            attrs = {"label": text.strip(), "head": label}
            if takes_portfolio and port and ministry:
                attrs["ministry"] = f"{ministry} {port}"
            out.append(Mention(m.start("head") if not mods else m.start("mods"), end, MentionType.ROLE, text.strip(),
                               rule="roles.yaml", attrs=attrs))
        return out
