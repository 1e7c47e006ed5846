"""BENCHMARKS.md from the benchmark's results: one table, sizes as columns, then queries, targets and notes."""
from __future__ import annotations

import os
from pathlib import Path


def _get(r: dict, path: str):
    cur = r
    for key in path.split("."):
        if not isinstance(cur, dict) or key not in cur:
            return None
        cur = cur[key]
    return cur


def _num(v, fmt="{:.2f}"):
    return "–" if v is None else fmt.format(v)


def _mb(v):
    return "–" if v is None else f"{v / 2**20:,.0f} MiB"


def _ratio(a, b, fmt="{:.2f}"):
    return "–" if not a or not b else fmt.format(a / b)


def _stage_note(r: dict, name: str) -> str | None:
    s = r.get(name) or {}
    return s.get("skipped") or s.get("error")


ROWS = [  # (label, function of one size's results -> cell text)
    ("machine load average (1 min), start / end", lambda r: f"{_num(r.get('load_before'), '{:.1f}')} / {_num(r.get('load_after'), '{:.1f}')}"),
    ("articles generated / readable", lambda r: f"{_get(r, 'corpus.articles'):,} / {_get(r, 'corpus.readable'):,}"),
    ("corpus body text (readable articles)", lambda r: _num(_get(r, "corpus.body_mb"), "{:.1f} MB")),
    ("extraction, 1 core: MB/s", lambda r: _num(_get(r, "extraction.mb_per_s_core"))),
    ("extraction, 1 core: articles/s", lambda r: _num(_get(r, "extraction.articles_per_s_core"), "{:,.0f}")),
    ("extraction, all cores: MB/s", lambda r: _num(_get(r, "extraction.mb_per_s_all"))),
    ("extraction, all cores: articles/s", lambda r: _num(_get(r, "extraction.articles_per_s_all"), "{:,.0f}")),
    ("bare alias scan (pyahocorasick), 1 core: MB/s", lambda r: _num(_get(r, "scan.mb_per_s"))),
    ("extraction ÷ bare scan (1 core)", lambda r: _ratio(_get(r, "extraction.mb_per_s_core"), _get(r, "scan.mb_per_s"), "{:.3f}")),
    ("`build --full` wall time", lambda r: _num(_get(r, "build.seconds"), "{:.1f} s")),
    ("`build` CPU time (all processes)", lambda r: _num(_get(r, "build.cpu_seconds"), "{:.1f} s")),
    ("`build` peak RSS, largest process", lambda r: _mb(_get(r, "build.maxrss_bytes"))),
    ("`build` peak RSS, all processes (sampled)", lambda r: _mb(_get(r, "build.tree_rss_peak_bytes"))),
    ("graph.trig size", lambda r: _num(_get(r, "store.trig_mb"), "{:.1f} MB")),
    ("store: load graph.trig into Oxigraph", lambda r: _num(_get(r, "store.load_s"), "{:.2f} s")),
    ("store: quads (named graphs + union)", lambda r: _num(_get(r, "store.quads"), "{:,}")),
    ("rdflib: load graph.trig in memory", lambda r: _num(_get(r, "queries.rdflib_load_s"), "{:.1f} s")),
    ("actor graph: nodes / edges", lambda r: f"{_num(_get(r, 'centrality.nodes'), '{:,}')} / {_num(_get(r, 'centrality.edges'), '{:,}')}"),
    ("actor graph: projection from the store", lambda r: _num(_get(r, "centrality.project_s"), "{:.1f} s")),
    ("centrality: degree + weighted degree", lambda r: _num(_get(r, "centrality.degree_s"), "{:.2f} s")),
    ("centrality: betweenness (ours)", lambda r: _num(_get(r, "centrality.betweenness_s"), "{:.2f} s") + _paren(_get(r, "centrality.betweenness_note"))),
    ("centrality: PageRank", lambda r: _num(_get(r, "centrality.pagerank_s"), "{:.2f} s")),
    ("centrality: eigenvector", lambda r: _num(_get(r, "centrality.eigenvector_s"), "{:.2f} s")),
    ("centrality: all measures", lambda r: _num(_get(r, "centrality.all_s"), "{:.2f} s")),
    ("NetworkX exact betweenness (baseline)", lambda r: _num(_get(r, "centrality.nx_exact_betweenness_s"), "{:.2f} s") + _paren(_get(r, "centrality.nx_exact_note"))),
    ("betweenness top-10 shared with exact", lambda r: _num(_get(r, "centrality.top10_overlap_with_exact"), "{}/10")),
    ("HTML view: generation", lambda r: _num(_get(r, "view.seconds"), "{:.2f} s")),
    ("HTML view: size", lambda r: _num(_get(r, "view.bytes") and _get(r, "view.bytes") / 1e6, "{:.2f} MB")),
    ("recall: planted facts (posts + meetings + agreements)", lambda r: _num(_get(r, "recall.fact_recall"), "{:.3f}")),
    ("recall: posts linked person→org", lambda r: _frac(r, "recall.posts.linked", "recall.posts.gold")),
    ("recall: posts with the right role", lambda r: _frac(r, "recall.posts.role_right", "recall.posts.gold")),
    ("recall: meetings found", lambda r: _frac(r, "recall.meetings.found", "recall.meetings.gold")),
    ("recall: meetings dated right (of dated)", lambda r: _frac(r, "recall.meetings.date_right", "recall.meetings.dated_gold_found")),
    ("recall: agreements found", lambda r: _frac(r, "recall.agreements.found", "recall.agreements.gold")),
    ("entities: recall / precision", lambda r: f"{_num(_get(r, 'recall.entity_recall'), '{:.3f}')} / {_num(_get(r, 'recall.entity_precision'), '{:.3f}')}"),
    ("relation precision", lambda r: _num(_get(r, "recall.relation_precision"), "{:.3f}")),
    ("duplicates / boilerplate leaks (sample)", lambda r: f"{_num(_get(r, 'recall.duplicates'), '{}')} / {_num(_get(r, 'recall.leaks'), '{}')}"),
    ("recall sample (articles scored)", lambda r: _num(_get(r, "recall.articles"), "{:,}")),
]


def _pair(r, this: str, base: str, fmt, lower_is_better=True):
    """'this / main (×ratio)' of two figures of one size's results."""
    x, y = _get(r, this), _get(r, base)
    if x is None or y is None:
        return "–"
    ratio = f" ({x / y:.2f}×)" if y else ""
    return f"{fmt(x)} / {fmt(y)}{ratio}"


def _same(r):
    same = _get(r, "same_outputs")
    if not isinstance(same, dict) or "error" in same:
        return "–"
    differ = [n for n, ok in same.items() if not ok]
    return "all identical" if not differ else "differ: " + ", ".join(differ)


AB_ROWS = [  # with --baseline: this checkout against the baseline checkout, same corpus, same session
    ("baseline checkout (commit)", lambda r: f"`{r['baseline_commit']}`"),
    ("extraction per core (CPU), this / baseline: MB/s", lambda r: _pair(r, "extraction_ab.mb_per_s_core", "extraction_ab.baseline_mb_per_s_core", lambda v: f"{v:.2f}")),
    ("`build --full` wall, this / baseline", lambda r: _pair(r, "build.seconds", "build_baseline.seconds", lambda v: f"{v:,.1f} s")),
    ("`build` CPU (all processes), this / baseline", lambda r: _pair(r, "build.cpu_seconds", "build_baseline.cpu_seconds", lambda v: f"{v:,.1f} s")),
    ("`build` peak RSS (all processes), this / baseline", lambda r: _pair(r, "build.tree_rss_peak_bytes", "build_baseline.tree_rss_peak_bytes", _mb)),
    ("load average at the builds' start, this / baseline", lambda r: _pair(r, "build.load_before", "build_baseline.load_before", lambda v: f"{v:.1f}").split(" (")[0]),
    ("recall on planted facts, this / baseline", lambda r: _pair(r, "recall.fact_recall", "recall_baseline.fact_recall", lambda v: f"{v:.3f}").split(" (")[0]),
    ("outputs against the baseline's (graph.trig, graph.ttl, centrality.csv, network.html, merges.csv)", _same),
]


def _paren(text):
    return f" ({text})" if text else ""


def _frac(r, a, b):
    x, y = _get(r, a), _get(r, b)
    return "–" if x is None or not y else f"{x}/{y} = {x / y:.3f}"


def _query_table(results: list) -> list[str]:
    names = sorted({n for r in results for n in (_get(r, "queries.queries") or {})})
    if not names:
        return []
    head = "| query | " + " | ".join(f"{r['size']:,}: Oxigraph / rdflib (×)" for r in results) + " |"
    lines = ["", "### Named queries: median latency, Oxigraph store vs rdflib in-memory (same text, same data)", "",
             head, "|---|" + "---|" * len(results)]
    for n in names:
        cells = []
        for r in results:
            q = (_get(r, "queries.queries") or {}).get(n)
            if not q:
                cells.append("–")
                continue
            ox_ms = q["oxigraph_s"] * 1000
            rd = q.get("rdflib_s")
            rd_text = f"{rd * 1000:,.1f} ms" if rd is not None else q.get("rdflib_note", "did not run")
            ratio = f" (×{rd / q['oxigraph_s']:,.0f})" if rd else ""
            cells.append(f"{ox_ms:,.1f} ms / {rd_text}{ratio}, {q['rows']:,} rows")
        lines.append(f"| `{n}` | " + " | ".join(cells) + " |")
    return lines


def targets(results: list) -> list[str]:
    """The issue's targets, checked at every size of 10,000 articles and more (and the growth from each
    size to ten times it, when both ran)."""
    if not results:
        return []
    big = [r for r in results if r["size"] >= 10000]
    if not big:
        return ["", "### Targets", "", "Not checked: the targets are for corpora of 10,000 articles and more "
                "(below that, start-up costs dominate)."]
    lines = []
    for r in sorted(big, key=lambda x: x["size"]):
        lines += _targets_at(r)
    by_size = {x["size"]: _get(x, "build.seconds") for x in results}
    for small in sorted(by_size):
        if by_size.get(small) and by_size.get(small * 10):
            k = by_size[small * 10] / by_size[small]
            lines.append(f"- {'met' if k <= 12 else '**missed**'}: build cost grows linearly: {small * 10:,} articles "
                         f"cost {k:.1f}× the {small:,} run (target ≤ 12×)")
    return lines


def _targets_at(r: dict) -> list[str]:
    lines = ["", f"### Targets at {r['size']:,} articles", ""]

    def check(ok, text):
        lines.append(f"- {'met' if ok else ('**missed**' if ok is False else 'not measured')}: {text}")

    b, rss = _get(r, "build.seconds"), _get(r, "build.tree_rss_peak_bytes") or _get(r, "build.maxrss_bytes")
    check(None if b is None else b < 600 * r["size"] / 100000, f"build under 10 min per 100k articles (scaled: {600 * r['size'] / 100000:.0f} s) — {_num(b, '{:.1f} s')}")
    check(None if rss is None else rss < 4e9, f"peak RSS under 4 GB — {_mb(rss)}")
    mbc = _get(r, "extraction.mb_per_s_core")
    check(None if mbc is None else mbc >= 3, f"extraction at least 3 MB/s per core — {_num(mbc)} MB/s")
    fr = _get(r, "recall.fact_recall")
    check(None if fr is None else fr >= 0.95, f"recall on planted facts at least 0.95 — {_num(fr, '{:.3f}')}")
    cs = _get(r, "centrality.all_s")
    check(None if cs is None else cs < 60, f"all centrality measures under 60 s — {_num(cs, '{:.1f} s')}")
    base = _get(r, "build_baseline.seconds")
    if base and b is not None:
        check(b <= 300 * r["size"] / 100000 or b <= base / 3,
              f"build ≤ 300 s per 100k articles (scaled: {300 * r['size'] / 100000:.0f} s) or ≤ 1/3 of the baseline's "
              f"{base:,.1f} s — {b:,.1f} s")
        check(None if rss is None else rss <= 2e9, f"peak RSS ≤ 2 GB (all processes) — {_mb(rss)}")
        fb = _get(r, "recall_baseline.fact_recall")
        check(None if fr is None or fb is None else fr >= fb, f"recall on planted facts not lower than the baseline's "
              f"{_num(fb, '{:.3f}')} — {_num(fr, '{:.3f}')}")
    qs = _get(r, "queries.queries") or {}
    if qs:
        slow = [n for n, q in qs.items() if q["oxigraph_s"] > 2]
        timed = [n for n, q in qs.items() if q.get("rdflib_s")]
        weak = [n for n in timed if qs[n]["rdflib_s"] / qs[n]["oxigraph_s"] < 20]
        check(not slow, "every named query under 2 s" + (f" — over: {', '.join(slow)}" if slow else ""))
        check(not weak if timed else None, "every named query at least 20× faster than rdflib (where rdflib finished)"
              + (f" — below: {', '.join(weak)}" if weak else "" if timed else " — rdflib finished none here"))
    return lines


def render(env: dict, results: list, args) -> str:
    libs = ", ".join(f"{k} {v}" for k, v in sorted(env["libraries"].items()))
    lines = ["## Scale (benchmarks/bench.py)", "",
             f"Measured {env['date']} on {env['cores']} cores ({env['cpu']}), {env['memory_gib']} GiB, "
             f"{env['platform']}, Python {env['python']}; {libs}.", "",
             f"Generated corpora (`benchmarks/generate.py`, seed {args.seed}): English and Arabic about 4:1, "
             "250–700 words, ~2% defective files, page furniture in ~15%. Command: "
             f"`python benchmarks/bench.py --sizes {','.join(str(r['size']) for r in results)} --jobs {args.jobs}"
             + (f" --baseline {getattr(args, 'baseline', None)}" if getattr(args, "baseline", None) else "")
             + (f" --skip {','.join(sorted(args.skip))}" if getattr(args, "skip", None) else "") + "`. "
             f"Extraction runs over the articles already read into memory (one core: the first {args.per_core_max:,}; "
             f"all cores: the first {args.all_cores_max:,}, {args.jobs} forked workers). `build` is run as a subprocess on the "
             "whole corpus. Baselines run in the same process (or a forked child with a time limit) on the same input.", "",
             "| | " + " | ".join(f"{r['size']:,} articles" for r in results) + " |",
             "|---|" + "---|" * len(results)]
    for label, cell in ROWS:
        texts = []
        for r in results:
            try:
                texts.append(cell(r))
            except (TypeError, KeyError, ValueError):
                texts.append("–")
        lines.append(f"| {label} | " + " | ".join(texts) + " |")
    if any(r.get("baseline_commit") for r in results):
        lines += ["", "### Side by side with the baseline checkout (same corpus, same session; builds run one "
                  "after the other)", "", "| | " + " | ".join(f"{r['size']:,} articles" for r in results) + " |",
                  "|---|" + "---|" * len(results)]
        for label, cell in AB_ROWS:
            texts = []
            for r in results:
                try:
                    texts.append(cell(r) if r.get("baseline_commit") else "–")
                except (TypeError, KeyError, ValueError, ZeroDivisionError):
                    texts.append("–")
            lines.append(f"| {label} | " + " | ".join(texts) + " |")
        reused = [f"{r['size']:,} (finished {_get(r, 'build_baseline.finished')})" for r in results
                  if _get(r, "build_baseline.reused")]
        if reused:
            lines += ["", "Baseline builds reused from earlier in the session: " + ", ".join(reused) + "."]
    lines += _query_table(results)
    lines += targets(results)
    notes = [f"- {r['size']:,}: {name}: {_stage_note(r, name)}" for r in results
             for name in ("extraction", "scan", "extraction_ab", "build_baseline", "build", "same_outputs", "recall_baseline",
                         "store", "queries", "centrality", "view", "recall") if _stage_note(r, name)]
    if getattr(args, "skip", None):
        notes.append(f"- stages left out of this run (--skip): {', '.join(sorted(args.skip))}")
    notes += [f"- {r['size']:,}: rdflib baseline: {_get(r, 'queries.rdflib_note')}" for r in results if _get(r, "queries.rdflib_note")]
    notes += [f"- {r['size']:,}: missed (examples): " + "; ".join(_get(r, "recall.missing_examples"))
              for r in results if _get(r, "recall.missing_examples")]
    if notes:
        lines += ["", "### Notes: stages skipped or failed, and what recall missed", ""] + notes
    return "\n".join(lines) + "\n"


def summary_lines(r: dict) -> list[str]:
    """A few lines for the console after each size."""
    return [
        f"extraction {_num(_get(r, 'extraction.mb_per_s_core'))} MB/s/core, {_num(_get(r, 'extraction.mb_per_s_all'))} MB/s all cores; "
        f"bare scan {_num(_get(r, 'scan.mb_per_s'))} MB/s",
        f"build {_num(_get(r, 'build.seconds'), '{:.1f} s')}, peak RSS {_mb(_get(r, 'build.maxrss_bytes'))} (largest), "
        f"{_mb(_get(r, 'build.tree_rss_peak_bytes'))} (all)",
        f"store load {_num(_get(r, 'store.load_s'))} s; centrality {_num(_get(r, 'centrality.all_s'))} s; view {_num(_get(r, 'view.seconds'))} s",
        f"recall on planted facts {_num(_get(r, 'recall.fact_recall'), '{:.3f}')}, entities {_num(_get(r, 'recall.entity_recall'), '{:.3f}')}",
    ]


def write_section(text: str, path: Path, mark: tuple) -> None:
    """Replace one benchmark's section of PATH (between the MARK comments), or append it; the rest of the
    file is kept, and the file is replaced atomically."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{mark[0]}\n{text}{mark[1]}\n"
    if mark[0] in old and mark[1] in old:
        new = old[:old.index(mark[0])] + block + old[old.index(mark[1]) + len(mark[1]) + 1:]
    else:
        new = old.rstrip("\n") + "\n\n" + block
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)
