"""Organisations and events the gazetteer does not know, in English: a capitalised run holding a
head word (lexicon.yaml#org_heads_en: an organisation) or a meeting noun (#meeting_nouns_en: an event)."""
from __future__ import annotations

import re

from graph.article.shapes import CAP_WORD, alternation
from graph.model import Mention, MentionType

NAME_WORD = re.compile(r"[\w&'’.-]+")


class EnglishOrgFinder:
    def __init__(self, words, roles):
        lx = words.raw
        self.w, self.roles = words, roles
        lead_the = lx["articles_en"][0]
        and_ = alternation(lx["and_en"])
        self.org_split = re.compile(rf"(\s+(?:{and_})\s+{lead_the}\s+|(?:'s|’s)\s+|\s+(?=(?:" + "|".join(
            re.escape(w) for w in sorted(words.stop_en) if w[0].isupper() and w.lower() != lead_the) + r")\b))")
        self.split_gap = re.compile(rf"\s+(?:{and_})\s+{lead_the}\s+|(?:'s|’s)\s+|\s+")
        ordinal = rf"\d+(?:{alternation(lx['ordinal_suffixes_en'])})"
        self.org_run = re.compile(
            rf"(?<![\w’'])(?:{CAP_WORD}|{ordinal})(?:(?:\s+|-)(?:(?:{alternation(lx['name_connectors_en'])})\s+)*(?:{CAP_WORD}|{ordinal}))*")
        self.org_lead = re.compile(rf"(?:(?:{alternation(lx['org_lead_words_en'])})\s+)+(?:{lead_the}\s+)?")
        links = alternation(lx["portfolio_links_en"])
        self.plural_title = re.compile(rf"(?:{alternation(lx['plural_titles_en'])})\s+(?:{links})\s+(?:{lead_the}\s+)?")
        self.role_cut = re.compile(rf"\s*(?:(?:{alternation(lx['role_org_links_en'])})\s+)?(?:{lead_the}\s+)?")
        self.trailing = re.compile(rf"(?:\s+(?:{alternation(lx['trailing_connectors_en'])}))+$")
        self.and_ = re.compile(rf"\s+(?:{alternation(lx['conjunctions_en'])})\s+")
        self.and_tail = re.compile(rf"\s+(?:{and_})\s+[A-Z][\w-]*$")
        self.described = re.compile(rf"\s(?:{links})\s")
        self.event_link = re.compile(rf"\s(?:{alternation(lx['event_links_en'])})\s")
        self.ordinal_first = re.compile(rf"{ordinal}\s")
        self.fields = {w.lower() for w in lx["portfolio_words_en"]} - {w.lower() for w in lx["portfolio_joiners_en"]}
        item = rf"{CAP_WORD}(?:\s+{CAP_WORD})*"
        self.name_list = re.compile(rf"(?:\s*,\s*{item})*\s*,?\s+(?:{and_})\s+{item}(?=\s*(?:[.;:)]|$))")
        self.list_gap = re.compile(rf"\s*,\s*(?:(?:{and_})\s+)?|\s+(?:{and_})\s+")
        self.acronym_head = re.compile(r"\s*\(\s*[A-Z][A-Za-z0-9&-]{1,11}\s*\)\s+([A-Z][a-z]+)\b")

    def find(self, s: str, head_in_any_case: bool = True) -> list[Mention]:
        """HEAD_IN_ANY_CASE: False when a scan already made found no head word in any case (graph.article.triggers)."""
        out = []
        heads = self.w.org_heads_at
        if heads is not None and (not head_in_any_case or next(heads.iter(s), None) is None):
            return out   # every name found below contains a head word (kinds in _org_or_event)
        for m in self.org_run.finditer(s):
            for start, text in self._pieces(m.start(), m.group(0)):
                mention = self._org_or_event(start, text)
                if mention:
                    out.append(mention)
            named = self._acronym_event(s, m) or self._listed_name(s, m)
            if named:
                out.append(named)
        return out

    def _listed_name(self, s, m):
        """'Secretariat of the Executive Council, General Conference and Ministerial Conferences', 'Ministry of
        Education, Culture and Science': a body 'of' a list of organs or fields that closes the clause is one name."""
        tail = self.name_list.match(s, m.end())
        if not tail:
            return None
        items = [x for x in self.list_gap.split(s[m.end():tail.end()]) if x]
        if not all(self._organ_or_field(x) for x in items + re.findall(r"[\w-]+", m.group(0))[-1:]):
            return None
        mention = self._org_or_event(m.start(), s[m.start():tail.end()])
        if mention is None or mention.type != MentionType.ORGANIZATION:
            return None
        described = self.described.search(mention.text)
        if not described or not self.w.has_head(mention.text[:described.start()]):
            return None
        return Mention(mention.start, tail.end(), mention.type, s[mention.start:tail.end()], rule=mention.rule)

    def _organ_or_field(self, item):
        words = item.split()
        return all(w.lower() in self.fields for w in words) or self.w.org_head(words[-1]) or words[-1] in self.w.meeting_heads \
            or words[-1].rstrip("s") in self.w.meeting_heads

    def _acronym_event(self, s, m):
        """'The 18th Velmora Academy of Sciences (VAS) Conference': a body's name, its acronym in
        parentheses, then a meeting noun name one event (the body's curated name stays inside it)."""
        tail = self.acronym_head.match(s, m.end())
        if not tail or tail.group(1) not in self.w.meeting_heads:
            return None
        mention = self._org_or_event(m.start(), s[m.start():tail.end()])
        if mention is None:
            return None
        return Mention(mention.start, mention.end, MentionType.EVENT, mention.text, rule="lexicon.yaml#meeting_nouns_en")

    def _pieces(self, start, text):
        """Split a capitalised run at 'and the', stop words and possessives, and at 'and' between two
        named bodies ('Ministry of Foreign Affairs of Zambia and Pakistan Atomic Energy Commission')."""
        pieces, offset = [], 0
        for part in self.org_split.split(text):
            if part and not self.split_gap.fullmatch(part):
                pieces += self._split_and(start + offset, part)
            offset += len(part)
        return pieces

    def _split_and(self, start, text):
        has_head = self.w.has_head
        for m in self.and_.finditer(text):
            left, right = text[:m.start()], text[m.end():]
            if self._fields_joined(left, right):
                continue   # "Velmora Science and Technology Park": two fields joined inside one name
            if has_head(right) and (has_head(left) or not self.described.search(left)):
                return [(start, left), *self._split_and(start + m.end(), right)]
        return [(start, text)]

    def _fields_joined(self, left, right):
        """The words around 'and' are both fields (lexicon.yaml#portfolio_words_en), and the left one is no
        body's head: 'Science and Technology', not 'Ministry of Education and Velmora Science Council'."""
        last, first = left.split()[-1:], right.split()[:1]
        return bool(last and first) and last[0].lower() in self.fields and first[0].lower() in self.fields \
            and not self.w.has_head(left)

    def _org_or_event(self, start, text):
        w, roles = self.w, self.roles
        lead = self.org_lead.match(text)
        if lead:
            text, start = text[lead.end():], start + lead.end()
        people = self.plural_title.match(text)
        if people:   # "Secretaries General of the National Commissions": the people, then the body
            text, start = text[people.end():], start + people.end()
        role = roles.role_en_at.match(text)
        if role:
            role_end = role.end() if roles.takes_portfolio(role.group("head")) else role.end("organ") if role.group("organ") \
                else role.end("head")
            if role_end < len(text):
                cut = self.role_cut.match(text[role_end:])
                text, start = text[role_end + cut.end():], start + role_end + cut.end()
            elif role.group("head")[0].isupper():
                return None   # "Senior Programme Officer": a title (roles.yaml) with a head word in it, not a body
        inner_role = next((r for r in roles.role_en_at.finditer(text) if r.start() > 0 and r.group("head")[0].isupper()), None)
        if inner_role:
            text = text[:inner_role.start()].rstrip()
        text = self.trailing.sub("", text)
        words = NAME_WORD.findall(text)
        kinds = [(MentionType.ORGANIZATION if w.org_head(x) else MentionType.EVENT) for x in words
                 if w.org_head(x) or x in w.meeting_heads]
        if not kinds or len(words) < 2 or not (text[:1].isupper() or text[:1].isdigit()):
            return None
        if kinds[0] == MentionType.ORGANIZATION and words[-1] in w.meeting_heads and (
                self.ordinal_first.match(text) or not self.event_link.search(text)):
            kinds[0] = MentionType.EVENT   # "10th World Water Forum", "Regional Forum": an event, not a body
        if kinds[0] == MentionType.ORGANIZATION:
            text = self.and_tail.sub("", text)
        rule = "lexicon.yaml#org_heads_en" if kinds[0] == MentionType.ORGANIZATION else "lexicon.yaml#meeting_nouns_en"
        return Mention(start, start + len(text), kinds[0], text, rule=rule)
