"""The fact model: what the article pipeline hands from one stage to the next, and what resolve,
to_rdf and curate read.

    Mention        a span of one sentence and what it names (MentionType)
    LocalEntity    an actor as one article names it (EntityType), under an identity key
    Post, Meeting, Agreement   the facts, each in a Fact with its evidence (sentence, rule)
    ArticleFacts   everything one article states

Identity keys are plain strings, because they are compared, sorted and hashed everywhere: a curated
actor is `curated_key(gazetteer id)` ("gaz:oic"), any other `local_key(type, name key)` ("P:karim
najafi"). Build and read them with the functions below, never by slicing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


def _by_name(member, protocol):
    """Pickle an enum member as a reference to it (`graph.model.EntityType.PERSON`): unpickled by a lookup,
    not by a call of its class (Enum.__new__, a quarter of the time a spooled extraction took to read back)."""
    return f"{type(member).__qualname__}.{member._name_}"


class MentionType(StrEnum):
    """What a mention names. The value is the letter a tagged sentence and a pattern slot use (⟦P3⟧, {P:person})."""
    __reduce_ex__ = _by_name
    PERSON = "P"
    ORGANIZATION = "O"
    COUNTRY = "C"
    PLACE = "L"
    ROLE = "R"
    DEMONYM = "D"
    EVENT = "E"
    DATE = "T"


class EntityType(StrEnum):
    """The kind of actor an entity is (the gazetteer's `type:` values)."""
    __reduce_ex__ = _by_name
    PERSON = "Person"
    ORGANIZATION = "Organization"
    COUNTRY = "Country"
    PLACE = "Place"


class FactKind(StrEnum):
    __reduce_ex__ = _by_name
    POST = "post"
    MEETING = "meeting"
    AGREEMENT = "agreement"


M = MentionType
ENTITY_OF = {M.PERSON: EntityType.PERSON, M.ORGANIZATION: EntityType.ORGANIZATION,
             M.COUNTRY: EntityType.COUNTRY, M.PLACE: EntityType.PLACE}
MENTION_OF = {v: k for k, v in ENTITY_OF.items()}
ACTORS = frozenset(ENTITY_OF)                           # mentions that name an actor
PARTICIPANTS = frozenset({M.PERSON, M.ORGANIZATION, M.COUNTRY})   # who can attend a meeting
BODIES = frozenset({M.ORGANIZATION, M.COUNTRY})         # who can be a party to an agreement
CURATED_PREFIX = "gaz:"


def curated_key(gazetteer_id: str) -> str:
    """The identity key of a curated actor."""
    return CURATED_PREFIX + gazetteer_id


def curated_id(key: str) -> str:
    """The gazetteer id of a curated actor's key ('' for any other key)."""
    return key[len(CURATED_PREFIX):] if key.startswith(CURATED_PREFIX) else ""


def local_key(kind: MentionType, name: str) -> str:
    """The identity key of an actor the gazetteer does not know: its mention type and name key."""
    return f"{kind}:{name}"


def is_local(key: str, kind: MentionType) -> bool:
    return key.startswith(f"{kind}:")


def key_name(key: str) -> str:
    """The name part of a local key ('P:karim najafi' -> 'karim najafi')."""
    return key[2:]


@dataclass
class Mention:
    start: int
    end: int
    type: MentionType
    text: str
    entity: str = ""        # gazetteer id, when the name is curated
    rule: str = ""
    attrs: dict = field(default_factory=dict)   # key, label, head, ministry, inner, places, date, honorific, surname_of


@dataclass
class LocalEntity:
    key: str                 # article-independent identity key, e.g. "gaz:oic", "P:karim najafi barzegar"
    type: EntityType
    names: list              # surface forms seen, in order
    gazetteer: str = ""
    rule: str = ""
    country: str = ""        # key of the country (ministries inferred from a title)


@dataclass
class Post:
    person: str              # entity keys
    org: str
    role: str                # the role's label


@dataclass
class Meeting:
    type: str                # meeting type (the rule's `type:` or the event noun)
    name: str                # the event's own name, '' when it has none
    attendees: list
    organizers: list
    place: str
    date: object             # graph.dates.DateValue or None
    bilateral: bool = False
    refers_back: bool = False


@dataclass
class Agreement:
    type: str                # the agreement noun ('memorandum of understanding')
    signatories: list
    parties: list
    date: object
    place: str
    background: bool = False  # an agreement the text cites, not one signed now


@dataclass
class Fact:
    kind: FactKind
    sentence: int            # index into ArticleFacts.sentences
    rule: str
    data: Post | Meeting | Agreement
    more: list = field(default_factory=list)   # (sentence, rule) of further evidence


@dataclass
class ArticleFacts:
    article: object
    sentences: list
    mentions: list           # per sentence: list of Mention
    entities: dict           # key -> LocalEntity
    mentioned: list          # keys of entities the article's story names (in order)
    facts: list
    dropped: list            # furniture removed
    candidates: list         # (name, type guess, sentence) the rules saw but could not type/resolve
    warnings: list = field(default_factory=list)   # what the reader of the article should know (sentences cut …)
    rdf: object = None       # graph.nquads.ArticleQuads: the facts as N-Quads, rendered by the worker for a build


def fact_keys(f: Fact) -> list:
    """The entity keys a fact refers to."""
    d = f.data
    if isinstance(d, Post):
        return [d.person, d.org]
    if isinstance(d, Meeting):
        return d.attendees + d.organizers + ([d.place] if d.place else [])
    return d.signatories + d.parties + ([d.place] if d.place else [])


def dedupe(items) -> list:
    """The truthy items, each once, in order."""
    seen, out = set(), []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out
