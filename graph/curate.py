"""The curator's loop: explain an article, list candidate names for the
gazetteer, check the rule files, and score each rule file against gold.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import yaml

from graph.build import build_graph
from graph.errors import ActorgraphError
from graph.article import extract_article
from graph.normalize import name_key
from graph.network import union_graph
from graph.find import find_articles
from graph.read import read_article
from graph.sources import read_inputs
from graph.article.names import Recogniser
from graph.article.persons import free_pieces
from graph.resolve import resolve
from graph.to_rdf import to_dataset

TYPE_NAMES = {"P": "Person", "O": "Organization", "C": "Country", "L": "Place", "E": "Event", "R": "Role",
              "D": "Demonym", "T": "Date"}


def describe_fact(fx, fact) -> str:
    d, name = fact.data, lambda k: fx.entities[k].names[0] if k in fx.entities else k
    if fact.kind == "post":
        return f"post: {name(d.person)} — {d.role} — {name(d.org)}"
    when = f" {d.date.start}{'..' + d.date.end if d.date and d.date.end else ''}" if getattr(d, "date", None) else ""
    where = f" at {name(d.place)}" if getattr(d, "place", "") else ""
    if fact.kind == "meeting":
        who = ", ".join(name(k) for k in d.attendees)
        org = f"; organised by {', '.join(name(k) for k in d.organizers)}" if d.organizers else ""
        return f"meeting ({d.type}{': ' + d.name if d.name else ''}){when}{where}: {who}{org}"
    signers = ", ".join(name(k) for k in d.signatories) or "no signatory named"
    return f"agreement ({d.type}){when}{where}: signed by {signers}; parties {', '.join(name(k) for k in d.parties)}"


def explain(path, rules) -> str:
    """Every fact found in one article, with the sentence and the rule behind it, and every name."""
    fx = extract_article(read_article(Path(path)), rules)
    lines = [f"article {fx.article.id} ({fx.article.language}, published {fx.article.published or 'unknown'})"]
    for rule, text in fx.dropped:
        lines.append(f"  furniture [{rule}]: {text[:100]}")
    lines.append("names:")
    for key in fx.mentioned:
        ent = fx.entities[key]
        lines.append(f"  {ent.type:12s} {' / '.join(ent.names)}   [{ent.rule or 'name'}]")
    lines.append("facts:")
    for f in fx.facts:
        lines.append(f"  {describe_fact(fx, f)}")
        for i, rule in [(f.sentence, f.rule), *f.more]:
            lines.append(f"      [{rule}] {fx.sentences[i]}")
    if not fx.facts:
        lines.append("  (none)")
    return "\n".join(lines)


def candidates(sources, rules, top=50) -> list[dict]:
    """Names the rules saw but could not type or resolve, most frequent first, with an example."""
    rec = Recogniser(rules)
    seen, example = Counter(), {}
    paths, _ = find_articles(sources)
    for article in (a for path in paths for a in read_inputs(path) if not isinstance(a, ActorgraphError)):
        try:
            fx = extract_article(article, rules)
        except ActorgraphError:
            continue
        for s, mentions in zip(fx.sentences, fx.mentions):
            for name, guess in untyped_runs(rec, s, mentions):
                seen[(name, guess)] += 1
                example.setdefault((name, guess), s)
            for m in mentions:
                if m.type in "PO" and not m.entity:
                    seen[(m.text, TYPE_NAMES[m.type])] += 1
                    example.setdefault((m.text, TYPE_NAMES[m.type]), s)
        for name, guess, _why in fx.candidates:
            seen[(name, guess)] += 1
    rows = [{"name": n, "type": t, "count": c, "example": example.get((n, t), "")}
            for (n, t), c in seen.most_common()]
    return rows[:top]


def untyped_runs(rec, sentence, mentions):
    """Capitalised runs of two or more words that no rule typed (English)."""
    taken = [(m.start, m.end) for m in mentions]
    w = rec.words
    for m in rec.persons.name_run.finditer(sentence):
        for start, end in free_pieces(m.start(), m.end(), taken):
            words = [x for x in sentence[start:end].split() if x not in w.stop_en and not w.honorific_en.fullmatch(x)]
            if len(words) >= 2 and not all(x.isupper() for x in words) and not any(x in w.not_name_en for x in words):
                guess = "Organization" if any(x in w.org_heads_en for x in words) else "Person"
                yield " ".join(words), guess


def as_gazetteer_yaml(rows) -> str:
    """Candidate rows as gazetteer entries a curator can paste and edit."""
    entries = []
    for r in rows:
        if r["type"] not in ("Person", "Organization", "Place", "Country"):
            continue
        ident = re.sub(r"[^a-z0-9]+", "-", name_key(r["name"]).encode("ascii", "ignore").decode().lower()).strip("-")
        lang = "ar" if re.search("[\u0600-\u06ff]", r["name"]) else "en"
        entries.append({"id": ident or f"todo-{len(entries)}", "type": r["type"],
                        "name": {"en": r["name"] if lang == "en" else "TODO"} | ({"ar": r["name"]} if lang == "ar" else {}),
                        "aliases": []})
    return yaml.safe_dump({"entities": entries}, allow_unicode=True, sort_keys=False)


def check_rules(rules) -> list[str]:
    """A summary of what was loaded (loading itself validates and raises on the first problem)."""
    by_type = Counter(e.type for e in rules.entities)
    lines = [f"gazetteer: {len(rules.entities)} entries ({', '.join(f'{n} {t}' for t, n in sorted(by_type.items()))}), "
             f"{sum(len(e.aliases) + len(e.names) for e in rules.entities)} names"]
    lines.append(f"roles: {len(rules.roles['en'])} English and {len(rules.roles['ar'])} Arabic forms")
    for name, pats in sorted(rules.patterns.items()):
        lines.append(f"patterns/{name}.yaml: {len(pats)} rules ({', '.join(sorted({p.lang for p in pats}))})")
    lines.append(f"furniture: {len(rules.furniture)} rules; lexicon: {len(rules.lexicon)} word lists")
    from graph.judgements import rules_summary
    return lines + rules_summary(rules.folder)


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("kg_eval", path)
    if spec is None or not path.is_file():
        raise ActorgraphError(f"{path}: scorer not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rule_scores(sources, gold_dir, rules, scorer_path) -> list[dict]:
    """For each pattern file: the gold relations its facts alone recover, and their precision."""
    kg_eval = load_scorer(Path(scorer_path))
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(gold_dir).glob("*.json"))]
    paths, _ = find_articles(sources)
    articles = [a for p in paths for a in read_inputs(p) if not isinstance(a, ActorgraphError)]
    _, extractions, _ = build_graph(articles, rules)
    rows = []
    for name in sorted(rules.patterns) + ["all"]:
        kept = [_only(fx, name) for fx in extractions]
        ds = to_dataset(kept, resolve(kept, {e.id: e for e in rules.entities}))
        res = kg_eval.evaluate(kg_eval.Index(union_graph(ds)), docs)
        p, m, a = res["posts"], res["meetings"], res["agreements"]
        facts = sum(len(fx.facts) for fx in kept)
        rows.append({"rules": name, "facts": facts, "posts": f"{p['role_right']}/{p['gold']}",
                     "meetings": f"{m['found']}/{m['gold']}", "agreements": f"{a['found']}/{a['gold']}",
                     "precision": round(res["relation_precision"], 3)})
    return rows


def _only(fx, pattern_file):
    out = copy.copy(fx)
    if pattern_file == "all":
        return out
    out.facts = [f for f in fx.facts if f.rule.split("#")[0] == f"{pattern_file}.yaml"]
    return out


def table(rows) -> str:
    if not rows:
        return "(nothing)"
    cols = list(rows[0])
    width = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
    line = lambda r: "  ".join(str(r[c])[:120].ljust(width[c]) for c in cols).rstrip()
    return "\n".join([line({c: c for c in cols}), line({c: "-" * width[c] for c in cols}), *map(line, rows)])
