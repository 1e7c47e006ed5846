"""The state of one article while its facts are extracted, passed explicitly from stage to stage:
its entities, the keys it names, the facts found so far and the person last named."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.model import Fact, FactKind, LocalEntity

SPACES = re.compile(r"\s+")


@dataclass
class ArticleState:
    article: object
    ctx: object                      # graph.article.context.Context
    entities: dict = field(default_factory=dict)     # key -> LocalEntity
    mentioned: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    candidates: list = field(default_factory=list)
    last_person: str | None = None
    countries: set = field(default_factory=set)      # curated countries the article names
    curated: set = field(default_factory=set)        # curated organisations the article names
    present: set | None = None       # literals of the pattern rules found in the current tagged sentence
    organ_parents: dict = field(default_factory=dict)   # an organ's key -> the body it was named with (posts.py)

    def add(self, key, typ, text, gaz="", rule="", country="") -> str:
        """Register (or extend) an entity of the article; returns its key."""
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = LocalEntity(key, typ, [], gaz, rule, country)
        clean_text = SPACES.sub(" ", text).strip(" ,.،")
        if clean_text and clean_text not in ent.names:
            ent.names.append(clean_text)
        return key

    def mention(self, key) -> str:
        """KEY is named by the article's story."""
        if key not in self.mentioned:
            self.mentioned.append(key)
        return key

    def facts_of(self, kind: FactKind) -> list:
        return [f for f in self.facts if f.kind == kind]

    def add_fact(self, kind: FactKind, i: int, rule: str, data) -> Fact:
        fact = Fact(kind, i, rule, data)
        self.facts.append(fact)
        return fact

    def matches(self, kind: str, tagged: str, lang: str):
        """(rule, match) of every pattern rule of KIND that matches the tagged sentence."""
        for rule in self.ctx.pattern_filter.candidates(kind, lang, self.present):
            for m in rule.regex.finditer(tagged):
                yield rule, m

    def search(self, regex, tagged):
        return self.ctx.pattern_filter.search(regex, tagged, self.present)

    def is_news_agency(self, m) -> bool:
        ent = self.ctx.entities.get(m.entity) if m.entity else None
        return bool(ent and ent.kind == "news-agency")
