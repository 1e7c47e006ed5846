"""Fuzzy, explainable entity resolution across a whole build, and the curator's judgements.

After the first pass (graph/resolve.py: one actor per gazetteer id or identity key), the actors of
one type are blocked by key (persons: the consonants of the first and last name; organisations: the
fingerprint, and the fingerprint less one word), compared pair by pair (graph/fuzzy_match.py), and
joined greedily, best score first, only when every pair of the two groups matches (complete linkage:
a short name that fits two different people joins neither), or, in a group around a gazetteer entry,
when every newcomer matches the entry's curated names. Two gazetteer entries never merge.
Then the judgements apply: split (no fuzzy merge among the actors of that node), merge, reject.

Every merge is a Merge row (merges.csv) and an ag:resolvedBy value on the actor. The order of
articles and workers does not matter: everything is sorted by key.
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.fuzzy_match import Match, ran_on
from graph.merge_candidates import candidate_pairs, mentions_of, names_of, _pair  # noqa: F401
from graph.normalize import name_key
from graph.vocab import ID

@dataclass(frozen=True)
class Merge:
    into: str            # IRI of the actor kept
    merged: str          # IRI the merged actor had on its own
    spelling: str        # its name
    rule: str            # resolution.yaml#... or judgements.yaml#jN
    key: str
    score: float

    def resolved_by(self) -> str:
        if self.key == "judgement":
            return f"judgement:{self.rule.split('#')[-1]} merge {self.spelling} <{self.merged}>"
        return f"fuzzy-name:{self.spelling} ({self.rule}, key '{self.key}', score {self.score:.3f})"


def iri(actor) -> str:
    return str(ID[actor.iri_path])


class _Groups:
    """Union-find over actor keys, with complete linkage and cannot-links."""

    def __init__(self, keys):
        self.parent = {k: k for k in keys}
        self.members = {k: [k] for k in keys}

    def find(self, k):
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def join(self, a, b):
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra != rb:
            self.parent[rb] = ra
            self.members[ra] += self.members.pop(rb)


def refine(resolution, extractions, gazetteer, rules, judgements=None, warn=None):
    """Fuzzy merges and judgements applied to RESOLUTION in place; returns (Merge rows sorted, rejected fact IRIs)."""
    actors = resolution.actors
    by_iri = {iri(a): k for k, a in actors.items()}
    warn = warn if warn is not None else (lambda message: None)
    frozen = set()
    js = judgements.items if judgements else []
    named = mentions_of(resolution, extractions, rules)     # one pass over the extractions
    mentions = named.articles
    pairs = candidate_pairs(actors, rules, gazetteer, mentions, named.ties)
    for j in js:
        if j.kind == "split":
            if j.targets[0] not in by_iri:
                warn(_missing(judgements, j, j.targets[0]))
    groups = _cluster(actors, pairs, rules, frozen)
    if any(j.kind == "split" for j in js):      # the split node's actors, as this build would group them
        for j in js:
            if j.kind == "split" and j.targets[0] in by_iri:
                root = groups.find(by_iri[j.targets[0]])
                frozen.update(groups.members[root])
        groups = _cluster(actors, pairs, rules, frozen)
    rows = {}
    for j in js:
        if j.kind != "merge":
            continue
        found = [by_iri[t] for t in j.targets if t in by_iri]
        for t in j.targets:
            if t not in by_iri:
                warn(_missing(judgements, j, t))
        if len({actors[k].type for k in found}) > 1:
            warn(f"{_where(judgements)}judgement {j.id} (merge) joins actors of different types "
                 f"({', '.join(sorted({actors[k].type for k in found}))}); not applied")
            continue
        for k in found[1:]:
            if groups.find(k) != groups.find(found[0]):
                rows[(found[0], k)] = Match(f"{_file(judgements)}#{j.id}", "judgement", 1.0)
                groups.join(found[0], k)
    merges = _apply(resolution, groups, pairs, rows, mentions, rules)
    rejected = {t for j in js if j.kind == "reject" for t in j.targets}
    return merges, rejected


def _file(judgements) -> str:
    return judgements.path.name if judgements and judgements.path else "judgements.yaml"


def _where(judgements) -> str:
    return f"{judgements.path}: " if judgements and judgements.path else ""


def _missing(judgements, j, target) -> str:
    return f"{_where(judgements)}judgement {j.id} ({j.kind}) names {target}, which is not in this build; not applied"


def _cluster(actors, pairs, rules, frozen) -> _Groups:
    groups = _Groups(actors)
    order = sorted(pairs.items(), key=lambda kv: (-kv[1].score, kv[1].rule, kv[0]))
    for (a, b), _m in order:
        if a in frozen or b in frozen:
            continue
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb:
            continue
        ma, mb = groups.members[ra], groups.members[rb]
        anchors = [x for x in ma + mb if actors[x].gazetteer]
        if len(anchors) > 1:
            continue
        if anchors:     # a group around a gazetteer entry: every newcomer matches the curated names
            others = mb if anchors[0] in ma else ma
            ok = all(_pair(pairs, anchors[0], y) is not None for y in others)
        else:           # complete linkage: every pair of the two groups matches
            ok = all(_pair(pairs, x, y) is not None for x in ma for y in mb)
        if ok:
            groups.join(a, b)
    return groups


def representative(keys, actors, mentions, rules) -> str:
    """The actor a group keeps: a gazetteer entry, else a name that did not run on into other words, else
    the spelling most articles use, else the fullest name, else the one of the first article (by
    identifier), else the smallest key. An initial is not a name."""
    def rank(k):
        arts = mentions.get(k, ())
        label = next(iter(actors[k].labels.values()), k)
        return (not actors[k].gazetteer, actors[k].type == "Person" and ran_on(label, rules.persons), -len(arts),
                -sum(len(w) > 1 for w in name_key(label).split()), min(arts, default=""), k)
    return min(keys, key=rank)


def _apply(resolution, groups, pairs, judged, mentions, rules) -> list:
    actors, merges = resolution.actors, []
    renamed = {}
    for root in sorted(groups.members):
        keys = groups.members[root]
        if len(keys) == 1:
            continue
        keep = representative(keys, actors, mentions, rules)
        into = actors[keep]
        for k in sorted(keys):
            if k == keep:
                continue
            a = actors.pop(k)
            m = judged.get((keep, k)) or judged.get((k, keep)) or _why(keep, k, keys, pairs, judged)
            row = Merge(iri(into), iri(a), _shown(a), m.rule, m.key, m.score)
            merges.append(row)
            into.resolved_by.add(row.resolved_by())
            for lang, label in a.labels.items():
                if lang not in into.labels:
                    into.labels[lang] = label
                elif label != into.labels[lang]:
                    into.alt.add(label)
            into.alt.update(a.alt)
            into.country = into.country or a.country
            into.part_of = into.part_of or a.part_of
            into.kind = into.kind or a.kind
            renamed[k] = keep
        for lang in into.labels:
            into.alt.discard(into.labels[lang])
    if renamed:
        for ref, canon in resolution.key_of.items():
            if canon in renamed:
                resolution.key_of[ref] = renamed[canon]
        for a in actors.values():
            a.country = renamed.get(a.country, a.country)
            a.part_of = renamed.get(a.part_of, a.part_of)
    return sorted(merges, key=lambda r: (r.into, r.merged))


def _shown(actor) -> str:
    return actor.labels.get("en") or next(iter(sorted(actor.labels.values())), actor.id)


def _why(keep, k, keys, pairs, judged) -> Match:
    """The match that joined K to its group: with the kept actor, else the best with any member."""
    direct = _pair(pairs, keep, k)
    if direct:
        return direct
    found = [m for o in sorted(keys) if o != k for m in [_pair(pairs, o, k) or judged.get((o, k)) or judged.get((k, o))] if m]
    return max(found, key=lambda m: (m.score, m.rule)) if found else Match("resolution.yaml#group", "", 0.0)


def without_rejected(extractions, resolution, judgements=None, warn=None) -> list:
    """The extractions less the facts a reject judgement names (copies; the cached ones are untouched).
    A rejected IRI that no fact of the build has is reported through WARN."""
    import copy
    from graph.to_rdf import actor_iri, fact_iri
    from graph.extraction_spool import SpooledExtractions, empty_like
    rejected, seen, out = resolution.rejected, set(), empty_like(extractions)
    if not rejected:
        return extractions if isinstance(extractions, SpooledExtractions) else list(extractions)
    for fx in extractions:
        iri_of = lambda k, aid=fx.article.id: actor_iri(resolution.actors[resolution.key_of[(aid, k)]])
        keep = []
        for f in fx.facts:
            it = str(fact_iri(fx, f, iri_of))
            (seen.add(it) if it in rejected else keep.append(f))
        if len(keep) != len(fx.facts):
            fx = copy.copy(fx)
            fx.facts = keep
        out.append(fx)
    for j in (judgements.items if judgements else []):
        if j.kind == "reject" and j.targets[0] not in seen and warn:
            warn(_missing(judgements, j, j.targets[0]))
    return out
