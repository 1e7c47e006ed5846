"""Oxigraph (the shipped store) against rdflib's in-memory store, on a synthetic actor graph.

Generates N-Quads in the documented shape (docs/ARCHITECTURE.md: one named graph
per article describing the actors it mentions, posts, meetings, agreements and
evidence, plus the analysis graph), loads them into both stores in this one
process, times every named query (graph/queries/*.rq) on both, checks they
return the same number of rows, prints the ratios and writes a section of
BENCHMARKS.md.

    python benchmarks/store_bench.py --articles 14000     # about 1.1M distinct triples

With --build DIR it times the same named queries on a real build instead (`actorgraph build`
of a corpus from benchmarks/generate.py): the build's own Oxigraph store against rdflib's
in-memory Dataset loaded from the build's graph.trig, the parameters picked as bench.py picks
them (the heaviest actor and article), and writes its own section of BENCHMARKS.md:

    python benchmarks/generate.py --articles 10000 --seed 1 --out /tmp/c10k
    actorgraph build /tmp/c10k --out /tmp/b10k
    python benchmarks/store_bench.py --build /tmp/b10k --cap 300
"""
from __future__ import annotations

import argparse
import gc
import random
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.query import named_queries, parse_named, run_query  # noqa: E402
from graph.store import open_graph, write_store  # noqa: E402
from graph.vocab import PREFIXES  # noqa: E402
from pyoxigraph import DefaultGraph  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
import report as bench_report  # noqa: E402

I, AG, S = "https://w3id.org/actorgraph/id/", "https://w3id.org/actorgraph/ontology#", "https://schema.org/"
RDF, RDFS, XSD = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label",
                  "http://www.w3.org/2001/XMLSchema#")
ORG, PROV = "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#wasDerivedFrom"
PARAMS = {"actor": {"name": "Person 17"}, "posts-as-of": {"date": "2024-06-30"}, "evidence": {"article": "000017.txt"}}
MARK = ("<!-- store_bench:start -->", "<!-- store_bench:end -->")
BUILD_MARK = ("<!-- store_bench_build:start -->", "<!-- store_bench_build:end -->")
KINDS = {"person": ("Person", "http://xmlns.com/foaf/0.1/Person", 6000),
         "org": ("Organization", ORG + "Organization", 800),
         "country": ("Country", S + "Country", 60), "place": ("Place", S + "Place", 400)}


def lit(text, dtype=None, lang=None):
    return f'"{text}"' + (f"@{lang}" if lang else f"^^<{XSD}{dtype}>" if dtype else "")


def day(rng):
    return f"20{rng.randint(20, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


class Writer:
    def __init__(self, out, graph):
        self.out, self.graph, self.n = out, graph, 0

    def __call__(self, s, p, o):
        o = o if o.startswith('"') else f"<{o}>"
        self.out.write(f"<{s}> <{p}> {o} <{self.graph}> .\n")
        self.n += 1


def describe(q, kind, k):
    iri = f"{I}{kind}/{k}"
    own, std, _ = KINDS[kind]
    q(iri, RDF, AG + own), q(iri, RDF, std), q(iri, RDFS, lit(f"{kind.title()} {k}", lang="en"))
    q(iri, RDFS, lit(f"اسم {k}", lang="ar"))
    q(iri, AG + "displayName", lit(f"{kind.title()} {k}", lang="en"))
    return iri


STANDARD = {"Post": ORG + "Membership", "Meeting": S + "Event"}


def fact(q, iri, cls, art, rng, props):
    q(iri, RDF, AG + cls), q(iri, PROV, art)
    if cls in STANDARD:
        q(iri, RDF, STANDARD[cls])
    for p, o in props:
        q(iri, p, o)
    for j in range(rng.randint(1, 2)):
        ev = f"{iri.replace(I, I + 'evidence/')}-{j}"
        q(iri, AG + "evidence", ev), q(ev, RDF, AG + "Evidence"), q(ev, AG + "article", art)
        q(ev, AG + "sentence", lit(f"Sentence {j} about {iri[-12:]}", lang="en"))
        q(ev, AG + "rule", lit("meetings.yaml#met-in"))


def article(out, a, rng):
    art = f"{I}article/{a:06d}.txt"
    q = Writer(out, art)
    pick = {k: [a % KINDS[k][2]] + [rng.randrange(KINDS[k][2]) for _ in range(n - 1)] for k, n in
            (("person", 4), ("org", 2), ("country", 2), ("place", 1))}
    ents = {k: [describe(q, k, x) for x in xs] for k, xs in pick.items()}
    q(art, RDF, AG + "Article"), q(art, RDF, S + "NewsArticle"), q(art, S + "inLanguage", lit("en"))
    q(art, S + "datePublished", lit(day(rng), "date"))
    q(art, S + "headline", lit(f"Headline {a}", lang="en")), q(art, S + "identifier", lit(f"{a:06d}.txt"))
    for e in sum(ents.values(), []):
        q(art, S + "mentions", e)
    for j, person in enumerate(ents["person"][:2]):
        role = f"{I}role/r{rng.randrange(40)}"
        q(role, RDF, AG + "Role"), q(role, RDF, ORG + "Role"), q(role, RDFS, lit(f"Role {role[-3:]}", lang="en"))
        q(role, AG + "displayName", lit(f"Role {role[-3:]}", lang="en"))
        first = day(rng)
        fact(q, f"{I}post/{a}-{j}", "Post", art, rng, [
            (RDFS, lit(f"{person[-8:]} — Role {role[-3:]} — {ents['org'][j][-8:]}", lang="en")),
            (ORG + "member", person), (ORG + "organization", ents["org"][j]), (ORG + "role", role),
            (AG + "firstSeen", lit(first, "date")), (AG + "lastSeen", lit(max(first, day(rng)), "date"))])
    people = ents["person"] + ents["country"][:1]
    fact(q, f"{I}meeting/{a}", "Meeting", art, rng, [
        (RDFS, lit(f"Meeting {a}")), (S + "startDate", lit(day(rng), "date")), (S + "location", ents["place"][0]),
        (S + "organizer", ents["org"][0])] + [(S + "attendee", p) for p in people])
    if a % 2 == 0:
        fact(q, f"{I}agreement/{a}", "Agreement", art, rng, [
            (RDFS, lit(f"Agreement {a}")), (AG + "dateSigned", lit(day(rng), "date")),
            (AG + "signatory", ents["person"][2]), (AG + "signatory", ents["person"][3]),
            (AG + "party", ents["country"][0]), (AG + "party", ents["country"][1])])
    return q.n


def analysis(out, rng):
    q = Writer(out, I + "graph/analysis")
    for kind in KINDS:  # every actor gets every measure, as graph/centrality.py writes them
        for k in range(KINDS[kind][2]):
            iri = f"{I}{kind}/{k}"
            degree = rng.randint(1, 50)
            q(iri, AG + "degree", lit(degree, "integer"))
            q(iri, AG + "weightedDegree", lit(degree + rng.randint(0, 20), "integer"))
            for measure in ("betweenness", "pagerank", "eigenvector"):
                q(iri, AG + measure, lit(f"{rng.random():.6f}", "double"))
    return q.n


def generate(path: Path, articles: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        return sum(article(out, a, rng) for a in range(articles)) + analysis(out, rng)


class Timeout(Exception):
    pass


def timed(fn, cap=None):
    """(seconds, value) of fn(); (None, None) when it runs past `cap` seconds (rdflib is pure Python)."""
    def alarm(*_):
        raise Timeout()
    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, cap or 0)
    start = time.perf_counter()
    try:
        value = fn()
        return time.perf_counter() - start, value
    except Timeout:
        return None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


WARM_RUNS = 3
QUICK = 0.5   # a query this fast is run again until this many seconds are spent (at most 25 runs)


def median_of(run, runs: int) -> tuple:
    """(median seconds, value of the last run) of `runs` runs of `run` (which returns (seconds, value)),
    more for a query that takes under QUICK seconds in all, so a millisecond figure is not one sample's
    noise; rdflib and Oxigraph are given the same rule. (None, None) if a run did not finish."""
    times, value, spent = [], None, 0.0
    while len(times) < runs or (spent < QUICK and len(times) < 25):
        t, value = run()
        if t is None:
            return None, None
        times.append(t)
        spent += t
    return statistics.median(times), value


def run(articles: int, cap: float, only=None) -> tuple:
    import rdflib
    tmp = Path(tempfile.mkdtemp(prefix="store-bench-"))
    try:
        return _run(tmp, articles, cap, rdflib, only)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(tmp: Path, articles: int, cap: float, rdflib, only=None) -> tuple:
    data = tmp / "synthetic.nq"
    t_gen, quads = timed(lambda: generate(data, articles))
    t_ox, _ = timed(lambda: write_store(data, tmp))
    kg = open_graph(tmp)
    triples = sum(1 for _ in kg.triples())
    print(f"{quads} quads, {triples} distinct triples; generated in {t_gen:.1f} s; "
          f"Oxigraph store built in {t_ox:.1f} s", flush=True)
    ds = rdflib.Dataset(default_union=True)
    t_rdf, _ = timed(lambda: ds.parse(str(data), format="nquads"))
    print(f"rdflib loaded in {t_rdf:.1f} s; peak RSS {rss_mb():.0f} MB", flush=True)
    texts = {name: nq.bind(PARAMS.get(name, {})) for name, nq in named_queries().items()
             if not only or name in only}
    plain = {name: nq.bind(PARAMS.get(name, {})) for name, nq in plain_queries().items()}
    return (quads, triples, t_gen, t_ox, t_rdf), compare(kg, ds, texts, cap, plain)


PLAIN = ROOT / "benchmarks" / "plain_queries"


def plain_queries() -> dict:
    """The plain formulation of each tuned named query (benchmarks/plain_queries/README.md), by name."""
    return {f.stem: parse_named(f.stem, f.read_text(encoding="utf-8")) for f in sorted(PLAIN.glob("*.rq"))}


def compare(kg, ds, texts: dict, cap: float, plain: dict | None = None) -> list:
    """(name, cold s, warm s, Oxigraph rows, rdflib s or None, rdflib rows or None, rdflib's text, rdflib s
    by text) of each query; rdflib runs the shipped text and, where `plain` has one, the plain text too,
    and the faster is the one reported.

    Both stores are loaded when this is called: their objects are frozen out of the garbage collector
    for the timing, so that a query collecting many rows does not pay for full collections that walk
    the other store's millions of objects (measured on the 11k build: who-met-whom 4.5-7.9 s with
    rdflib's graph in the process, 5.2 s steady once frozen, 4.9-5.4 s in a process without it), and
    unfrozen when it is done."""
    gc.freeze()
    rows = []
    try:
        for name, text in texts.items():
            # the first run finds RocksDB's block cache empty (as one `actorgraph query` does); the
            # next ones find it warm (as a session that opened the store once does)
            t_cold, res = timed(lambda: run_query(kg, text))
            t_warm = median_of(lambda: timed(lambda: run_query(kg, text)), WARM_RUNS)[0]
            tries = [("shipped", text)] + ([("plain", plain[name])] if plain and name in plain else [])
            best, each = (None, None, "shipped"), {}
            for label, t in tries:
                t_r, r_rows = median_of(lambda: timed(lambda: list(ds.query(t, initNs=PREFIXES)), cap), 1)
                each[label] = t_r
                if t_r is not None and (best[0] is None or t_r < best[0]):
                    best = (t_r, len(r_rows), label)
            rows.append((name, t_cold, t_warm, len(res.rows), *best, each))
            print(line(rows[-1], cap), flush=True)
    finally:
        gc.unfreeze()   # the caller's objects are collected as before
    return rows


def run_build(folder: Path, cap: float, only=None) -> tuple:
    """The named queries on a real build folder: its store against rdflib loaded from its graph.trig."""
    import rdflib
    from stages import query_params   # benchmarks/ is on sys.path: this file is in it
    kg = open_graph(folder)
    triples = sum(1 for _ in kg.store.quads_for_pattern(None, None, None, DefaultGraph()))
    quads = len(kg.store)
    named = named_queries()
    values = query_params(kg, named)
    params = {name: {p: values[(name, p)] for p, _ in q.params} for name, q in named.items()}
    texts = {name: q.bind(params[name]) for name, q in named.items() if not only or name in only}
    plain = {name: q.bind(params[name]) for name, q in plain_queries().items()}
    trig = folder / "graph.trig"
    print(f"{quads} quads in the store, {triples} distinct triples (the union); parameters {params}", flush=True)
    ds = rdflib.Dataset(default_union=True)
    t_rdf, _ = timed(lambda: ds.parse(str(trig), format="trig"))
    print(f"rdflib loaded graph.trig in {t_rdf:.1f} s; peak RSS {rss_mb():.0f} MB", flush=True)
    return (quads, triples, trig.stat().st_size, t_rdf, params), compare(kg, ds, texts, cap, plain)


def _ratio(t_r, t_o, cap) -> str:
    return f"{t_r / t_o:.0f}×" if t_r is not None else f"> {cap / t_o:.0f}×"


def _seconds(t) -> str:
    return f"{t:.3f} s" if t < 10 else f"{t:.1f} s"


def line(row, cap) -> str:
    name, t_cold, t_warm, n_o, t_r, n_r, text, each = row
    rd = _seconds(t_r) if t_r is not None else f"> {cap:.0f} s"
    same = "" if n_r in (None, n_o) else f"  ROW COUNTS DIFFER ({n_r} in rdflib)"
    shipped = each.get("shipped")
    on_shipped = (_ratio(shipped, t_warm, cap) if text == "plain" else "same") if "plain" in each else "–"
    return (f"| {name:<15} | {n_o:>7} | {_seconds(t_cold):>9} | {_seconds(t_warm):>9} | {rd:>9} | {text:<7} "
            f"| {_ratio(t_r, t_cold, cap):>7} | {_ratio(t_r, t_warm, cap):>7} | {on_shipped:>7} |{same}")


TABLE_HEAD = ["| named query     |    rows | Oxigraph cold | Oxigraph warm | rdflib | rdflib's text | ratio, cold "
              "| ratio, warm | ratio, warm, rdflib on the shipped text |",
              "|-----------------|--------:|----------:|----------:|----------:|:-------|--------:|--------:|--------:|"]
PLAIN_NOTE = ("rdflib runs the shipped text and, for the queries tuned for Oxigraph, the plain formulation "
              "of the same question too (`benchmarks/plain_queries/`, one OPTIONAL look-up per column); its "
              "faster time is the one shown, and the column says which text it was; the last column is the warm "
              "ratio against rdflib on the shipped text itself where the plain one was faster. Timing starts once "
              "both stores are loaded and their objects are frozen out of Python's garbage collector "
              "(`gc.freeze()`), so neither pays for collections that walk the other's objects.")


def report(summary, rows, cap, articles) -> str:
    quads, triples, t_gen, t_ox, t_rdf = summary
    head = ["## Store: Oxigraph vs rdflib in-memory (benchmarks/store_bench.py)", "",
            f"`python benchmarks/store_bench.py --articles {articles} --cap {cap:.0f}`: {quads:,} quads in "
            f"{articles:,} article graphs + the analysis graph, {triples:,} distinct triples. "
            f"Both stores in one process; rdflib queries capped at {cap:.0f} s. Oxigraph: the on-disk "
            f"store, the first run of each query (cold: RocksDB's block cache empty, as in one "
            f"`actorgraph query`) and the median of the next {WARM_RUNS} (warm: a session that keeps "
            f"the store open; up to 25 runs when they take under {QUICK} s in all); rdflib: each text run "
            f"once, a quick one as often as Oxigraph and the median taken (its store is in memory, nothing "
            f"to warm).", "",
            f"Load: Oxigraph store (bulk load + union default graph, on disk) {t_ox:.1f} s; "
            f"rdflib `Dataset.parse` of the N-Quads {t_rdf:.1f} s. {PLAIN_NOTE}", ""] + TABLE_HEAD
    return "\n".join(head + [line(r, cap) for r in rows]) + "\n"


def report_build(summary, rows, cap, folder) -> str:
    quads, triples, trig_bytes, t_rdf, params = summary
    shown = "; ".join(f"{n} {', '.join(f'{k}={v!r}' for k, v in p.items())}" for n, p in params.items() if p)
    head = ["## Store on a real build: Oxigraph vs rdflib in-memory (benchmarks/store_bench.py --build)", "",
            f"`python benchmarks/store_bench.py --build {folder} --cap {cap:.0f}`: the build's own store "
            f"({quads:,} quads: one graph per article, the actor and analysis graphs, and the union default "
            f"graph) holds {triples:,} distinct triples; rdflib's `Dataset(default_union=True)` parsed the "
            f"build's graph.trig ({trig_bytes / 1e6:.1f} MB) in {t_rdf:.1f} s. Parameters as bench.py picks "
            f"them (the heaviest case): {shown}. Cold: the first run after opening the store; warm: the "
            f"median of the next {WARM_RUNS} (of up to 25 when they take under {QUICK} s in all); rdflib: each text run once, a quick one as often as Oxigraph and the median taken, capped at {cap:.0f} s. {PLAIN_NOTE}",
            ""] + TABLE_HEAD
    return "\n".join(head + [line(r, cap) for r in rows]) + "\n"


def write_section(text: str, path=ROOT / "BENCHMARKS.md", mark=MARK) -> None:
    """Replace this benchmark's section of BENCHMARKS.md (between markers), or append it."""
    bench_report.write_section(text, path, mark)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=14000, help="article graphs to generate")
    ap.add_argument("--cap", type=float, default=600, help="seconds before an rdflib query is given up")
    ap.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    ap.add_argument("--build", type=Path, help="a build folder: time the queries on its store and graph.trig")
    ap.add_argument("--only", help="comma-separated named queries to time (the others are left out); "
                    "implies --no-write, since the section reports every query")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    unknown = (only or set()) - set(named_queries())
    if unknown:
        ap.error(f"--only: no named query {', '.join(sorted(unknown))}")
    if args.build:
        summary, rows = run_build(args.build, args.cap, only)
        text, mark = report_build(summary, rows, args.cap, args.build), BUILD_MARK
    else:
        summary, rows = run(args.articles, args.cap, only)
        text, mark = report(summary, rows, args.cap, args.articles), MARK
    print(text)
    if not args.no_write and not only:
        write_section(text, mark=mark)


if __name__ == "__main__":
    main()
