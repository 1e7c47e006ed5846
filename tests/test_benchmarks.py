"""The benchmark corpus generator (benchmarks/generate.py) and the benchmark script at a tiny size."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.errors import ArticleError
from graph.read import read_article, split_header

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402

N = 600  # large enough for the parallel path (>= 500) and for the shares to be stable


def digest(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
            and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    counts = generate.generate(N, 7, root / "c", jobs=2)
    return root / "c", root / "c-gold", counts


def test_same_seed_same_bytes_whatever_the_jobs(corpus, tmp_path):
    out, gold, _ = corpus
    generate.generate(N, 7, tmp_path / "again", jobs=1)
    assert digest(tmp_path / "again") == digest(out)
    assert digest(tmp_path / "again-gold") == digest(gold)
    generate.generate(50, 8, tmp_path / "other", jobs=1)
    assert digest(tmp_path / "other") != {k: v for k, v in digest(out).items() if k in digest(tmp_path / "other")}


def test_regenerating_into_the_same_folder_leaves_no_stale_files(tmp_path):
    generate.generate(40, 1, tmp_path / "c", jobs=1)
    generate.generate(20, 1, tmp_path / "c", jobs=1)
    assert len(list((tmp_path / "c").glob("*.txt"))) == 20
    assert len(list((tmp_path / "c-gold").glob("*.json"))) <= 20


def test_mix_of_languages_lengths_headers_and_defects(corpus):
    out, gold, counts = corpus
    files = sorted(out.glob("*.txt"))
    assert len(files) == N
    langs, defective, unreadable = {"en": 0, "ar": 0}, 0, 0
    for path in files:
        has_gold = (gold / (path.stem + ".json")).is_file()
        defective += not has_gold
        try:
            article = read_article(path)
        except ArticleError:
            unreadable += 1
            assert not has_gold, f"{path.name}: unreadable but has gold"
            continue
        if not has_gold:  # the unterminated header: readable, with a warning
            assert any("never closed" in w for w in article.warnings)
            continue
        header, body, warnings = split_header(path.read_text(encoding="utf-8"))
        assert set(header) == {"title", "url", "published", "language", "source"} and not warnings
        assert header["title"] and header["url"].startswith("https://")
        assert article.language == header["language"]
        assert (article.published is None) == (header["published"] == "unknown")
        assert 250 <= len(body.split()) <= 700, path.name
        langs[article.language] += 1
    assert counts["en"] == langs["en"] and counts["ar"] == langs["ar"] and counts["defective"] == defective
    assert 0.72 <= langs["en"] / (langs["en"] + langs["ar"]) <= 0.88        # roughly 4:1
    assert 0.005 <= defective / N <= 0.045 and unreadable >= 1               # ~2% defective
    assert unreadable < defective or defective == unreadable


def test_gold_lists_planted_facts_whose_names_occur_in_the_text(corpus):
    out, gold, _ = corpus
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold.glob("*.json"))]
    assert len(docs) > 0.95 * N
    totals = {"posts": 0, "meetings": 0, "agreements": 0, "noise": 0}
    for doc in docs:
        text = (out / doc["article"]).read_text(encoding="utf-8").split("\n---\n", 1)[1].casefold()
        names = {}
        for kind in ("persons", "organizations", "countries", "places"):
            for e in doc[kind]:
                forms = [e["name"], *e.get("alt", [])]
                names[e["name"]] = kind
                if kind == "organizations" and e["name"].startswith("Ministry of"):
                    continue  # known from a minister's title, as in the corpus gold
                assert any(f.casefold() in text for f in forms), f"{doc['article']}: {e['name']} not in the text"
        for post in doc["posts"]:
            assert names.get(post["person"]) == "persons" and post["role"] and post["organization"][0] in names
        for m in doc["meetings"]:
            assert m["participants"] and all(p in names for p in m["participants"])
            assert m["place"] is None or m["place"][0] in names
            if m["start"]:
                assert m["start"] <= (m["end"] or m["start"])
        for a in doc["agreements"]:
            assert len(a["signatories"]) == 2 and all(names.get(s) == "persons" for s in a["signatories"])
        for noise in doc["noise"]:
            assert noise.casefold() in text and noise not in names
        for k in totals:
            totals[k] += len(doc[k])
    assert all(totals.values()), totals
    gazetteer = {e["name"]["en"] for e in generate.load_gazetteer()}
    assert not gazetteer or any(e["name"] in gazetteer for d in docs for e in d["organizations"])


def test_gold_is_readable_by_the_scorer(corpus):
    """The shared scorer accepts the generated gold; against an empty graph it finds nothing."""
    kg_eval_path = REPO.parent / "shared" / "tools" / "kg_eval.py"
    spec = importlib.util.spec_from_file_location("kg_eval", kg_eval_path)
    kg_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kg_eval)
    import rdflib
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus[1].glob("*.json"))[:30]]
    res = kg_eval.evaluate(kg_eval.Index(rdflib.Graph()), docs)
    assert res["posts"]["gold"] > 0 and res["posts"]["linked"] == 0
    assert res["entity_micro"]["r"] == 0.0


def test_bench_runs_end_to_end_at_a_tiny_size(tmp_path):
    output = tmp_path / "BENCHMARKS.md"
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench.py"), "--sizes", "30", "--jobs", "2",
                          "--output", str(output), "--workdir", str(tmp_path / "work"), "--timeout", "60",
                          "--baseline", str(REPO), "--ab-repeats", "1"],
                         cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    md = output.read_text(encoding="utf-8")
    assert "| 30 articles |" in md and "cores" in md and "Python" in md
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in md.splitlines()
            if line.startswith("| ") and line.count("|") == 3}
    for label in ("extraction, 1 core: MB/s", "`build --full` wall time", "store: load graph.trig into Oxigraph",
                  "centrality: all measures", "HTML view: generation",
                  "recall: planted facts (posts + meetings + agreements)"):
        assert rows.get(label, "–") != "–", f"{label}: no figure\n{md}"
    stage_problems = [line for line in md.splitlines() if re.match(
        r"- 30: (extraction|scan|extraction_ab|build_baseline|build|same_outputs|recall_baseline|store|queries|"
        r"centrality|view|recall): ", line)]
    assert not stage_problems, stage_problems
    # --baseline: the same checkout built again side by side gives the same bytes, and every pair is filled
    assert rows["outputs against the baseline's (graph.trig, graph.ttl, centrality.csv, network.html, merges.csv)"] \
        == "all identical", md
    for label in ("extraction per core (CPU), this / baseline: MB/s", "`build --full` wall, this / baseline",
                  "`build` peak RSS (all processes), this / baseline", "recall on planted facts, this / baseline"):
        this, base = rows[label].split(" (")[0].split(" / ")
        assert this != "–" and base != "–", f"{label}: {rows[label]}"
    assert md.count("<!-- bench:start -->") == 1 and md.startswith("# Benchmarks\n")


def test_store_bench_times_every_named_query_on_a_real_build(seeds_build, tmp_path):
    """store_bench.py --build: both stores answer every shipped query with the same number of rows,
    the heaviest actor and article are picked from the build, and the section lands between its markers."""
    import store_bench
    from graph.query import named_queries
    summary, rows = store_bench.run_build(seeds_build, cap=60)
    quads, triples, trig_bytes, t_rdf, params = summary
    assert triples > 500 and quads > triples and trig_bytes == (seeds_build / "graph.trig").stat().st_size
    assert params["evidence"]["article"].endswith(".txt") and params["actor"]["name"]
    by_name = {r[0]: r for r in rows}
    assert set(by_name) == set(named_queries())
    for name, t_cold, t_warm, n_ox, t_rdf_q, n_rdf, text, each in rows:
        assert t_cold > 0 and t_warm > 0 and t_rdf_q is not None, name
        assert n_ox == n_rdf, f"{name}: Oxigraph {n_ox} rows, rdflib {n_rdf} ({text} text)"
        assert set(each) == ({"shipped", "plain"} if name in store_bench.plain_queries() else {"shipped"}), name
        assert t_rdf_q == min(each.values()) and each[text] == t_rdf_q, name
    assert by_name["persons-posts"][3] >= 5 and by_name["meetings"][3] >= 3 and by_name["evidence"][3] >= 1
    md = tmp_path / "B.md"
    md.write_text("# Benchmarks\n\nkept\n", encoding="utf-8")
    text = store_bench.report_build(summary, rows, 60, seeds_build)
    store_bench.write_section(text, md, store_bench.BUILD_MARK)
    store_bench.write_section(text, md, store_bench.BUILD_MARK)   # replaced, not appended twice
    out = md.read_text(encoding="utf-8")
    assert out.startswith("# Benchmarks\n\nkept\n") and out.count(store_bench.BUILD_MARK[0]) == 1
    assert sum(1 for line in out.splitlines() if line.startswith("| ") and "×" in line) == len(rows)


def test_store_bench_only_times_the_named_queries_asked_for(seeds_build):
    import store_bench
    import gc
    _, rows = store_bench.run_build(seeds_build, cap=60, only={"who-met-whom", "agreements"})
    assert [r[0] for r in rows] == ["agreements", "who-met-whom"]
    assert all(r[3] == r[5] and r[3] > 0 for r in rows)
    assert gc.get_freeze_count() == 0   # the objects frozen for the timing are the collector's again


def _rows(result, lists=("signatories", "parties", "attendees", "organizers")):
    """Rows as comparable values; a GROUP_CONCAT list as a sorted tuple (its order is the engine's)."""
    out = []
    for row in result.rows:
        values = [None if v is None else v.value for v in row]
        out.append(tuple(tuple(sorted(v.split("; "))) if n in lists and v else v
                         for n, v in zip(result.variables, values)))
    return out


def test_each_plain_query_asks_what_its_shipped_query_asks(seeds_build):
    """benchmarks/plain_queries/NAME.rq (rdflib's other chance in store_bench) returns the shipped query's
    rows, value for value and in the same order, so the faster of the two answers the same question."""
    import store_bench
    from graph.query import named_queries, run_query
    from graph.store import open_graph
    kg = open_graph(seeds_build)
    plain, shipped = store_bench.plain_queries(), named_queries()
    assert set(plain) == {"agreements", "meetings", "central-actors", "who-met-whom", "evidence"}
    params = {"evidence": {"article": "004_ff6e602a6a76843f.txt"}}
    for name, q in plain.items():
        assert q.params == shipped[name].params, name
        want = _rows(run_query(kg, shipped[name].bind(params.get(name, {}))))
        assert want, f"{name}: no rows on the seeds"
        assert _rows(run_query(kg, q.bind(params.get(name, {})))) == want, name


def test_build_stages_times_each_stage_of_a_real_build(tmp_path):
    """benchmarks/build_stages.py: the build runs as `actorgraph build` does (same outputs), and each stage
    this checkout has prints its wall and CPU seconds and the process tree's memory."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, str(root / "benchmarks" / "build_stages.py"), str(root / "seeds"),
                           "--out", str(tmp_path / "out"), "--jobs", "1"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = dict(re.findall(r"^stage\s+(\w+): (wall .*)$", done.stderr, re.M))
    assert {"read_and_extract", "resolve", "resolve_all", "write_exports_text", "write_manifest"} <= set(lines)
    assert "read_all" not in lines   # this checkout reads in the extraction workers
    for figures in lines.values():
        wall, began, cpu, now, peak = map(float, re.match(
            r"wall ([\d.]+) s \(from (\d+) s\), cpu ([\d.]+) s, tree rss now ([\d,]+) MiB, peak ([\d,]+) MiB",
            re.sub(r"(\d),(\d)", r"\1\2", figures)).groups())
        assert wall >= 0 and 0 <= began < 300 and cpu >= 0 and 0 < now and 0 < peak < 64 * 1024
    assert (tmp_path / "out" / "graph.trig").read_bytes() == (root / "exports" / "graph.trig").read_bytes()


def test_resolve_bench_times_each_pass_over_a_spool_and_resolves_as_a_list_does(tmp_path):
    """benchmarks/resolve_bench.py: `save` keeps the extractions of the seeds, `run` spools them, times each
    pass and prints the digest of the resolution the build would make of them."""
    import pickle
    import resolve_bench
    from graph.resolve import resolve
    from graph.ruleset import load_rules
    bench = [sys.executable, str(REPO / "benchmarks" / "resolve_bench.py")]
    dump = tmp_path / "seeds.dump"
    for args in (["save", str(REPO / "seeds"), str(dump), "--jobs", "1"], ["run", str(dump)]):
        done = subprocess.run(bench + args, capture_output=True, text=True, cwd=tmp_path, timeout=300)
        assert done.returncode == 0, done.stderr
    spent = dict(re.findall(r"^cpu (\S+)\s+([\d.]+) s$", done.stdout, re.M))
    assert {"spool.append", "build.resolve_all", "build.resolve", "merge_actors.refine",
            "merge_actors.mentions_of", "build.report_pass", "nquads_fill.quads_text"} <= set(spent)
    assert all(float(s) >= 0 for s in spent.values())
    listed = [pickle.loads(blob) for blob in resolve_bench.blobs(dump)]
    assert len(listed) == 5 and all(fx.facts for fx in listed)
    res = resolve(listed, {e.id: e for e in load_rules().entities})
    assert f"digest resolution {resolve_bench.resolution_digest(res)}" in done.stdout
    assert f"{len(listed)} extractions, {len(res.actors)} actors" in done.stdout
    assert list(tmp_path.iterdir()) == [dump]     # the spool's file is gone


def test_bench_reuses_a_saved_baseline_run_unless_told_to_build_it_again(tmp_path, monkeypatch):
    """bench.py keeps the baseline checkout's run per commit and reuses it; --fresh-baseline builds it
    again so that the two builds are measured side by side."""
    import argparse

    import bench
    out = tmp_path / "build-30-s1-baseline"
    out.mkdir()
    (out / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / "baseline-30-s1-abc1234.json").write_text(json.dumps({"exit": 0, "finished": "earlier"}),
                                                           encoding="utf-8")
    built = []

    def fake_stage(r, name, fn, *args):
        built.append(name)
        (args[1] / "manifest.json").parent.mkdir(parents=True, exist_ok=True)
        return {"exit": 0, "finished": "now"}
    monkeypatch.setattr(bench, "stage", fake_stage)
    for fresh, expected in ((False, ("earlier", [])), (True, ("now", ["build_baseline"]))):
        built.clear()
        r = {"baseline_commit": "abc1234"}
        a = argparse.Namespace(workdir=tmp_path, seed=1, jobs=1, baseline=tmp_path, baseline_python=None,
                               fresh_baseline=fresh)
        assert bench.baseline_build(r, 30, tmp_path, a) == out
        saved = json.loads((tmp_path / "baseline-30-s1-abc1234.json").read_text(encoding="utf-8"))
        finished = r["build_baseline"]["finished"] if not fresh else saved["finished"]
        assert (finished, built) == expected


def test_incremental_bench_adds_articles_to_a_build_and_compares_it_with_a_clean_one(tmp_path):
    """benchmarks/incremental_bench.py: a build with its cache, the same folder rebuilt with more articles,
    a clean build of all of them, the outputs compared; --no-clean times the first two only."""
    import shutil
    seeds = sorted((REPO / "seeds").iterdir())
    base, added = tmp_path / "base", tmp_path / "added"
    for folder, files in ((base, seeds[:3]), (added, seeds[3:])):
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f.name)
    bench = [sys.executable, str(REPO / "benchmarks" / "incremental_bench.py"), "--base", str(base),
             "--added", str(added), "--jobs", "1"]
    done = subprocess.run(bench + ["--workdir", str(tmp_path / "w")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result["identical"]) == {"graph.trig", "graph.ttl", "centrality.csv", "network.html", "merges.csv",
                                        "manifest.json"} and all(result["identical"].values())
    for step in ("base build (cache filled)", "base + added, incremental", "base + added, clean (--full)"):
        assert result[step]["seconds"] > 0 and result[step]["cpu_seconds"] > 0 and result[step]["tree_rss_mib"] > 0
    cache = tmp_path / "w" / "incremental" / ".cache"
    from graph.cache_db import CacheDB
    assert [len(CacheDB(d).keys("r/")) for d in cache.iterdir()] == [len(seeds)]   # each text's findings, once
    done = subprocess.run(bench + ["--workdir", str(tmp_path / "w2"), "--no-clean"], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) == {"repo", "base build (cache filled)", "base + added, incremental"}
    assert not (tmp_path / "w2" / "clean").exists()


def test_reread_bench_times_a_first_read_and_a_read_from_the_caches(tmp_path):
    """benchmarks/reread_bench.py: the same files read twice by one worker's Reader; the second read takes
    the facts, the language and the signature from the caches."""
    import reread_bench
    result = reread_bench.measure(REPO / "seeds", 5)
    assert result["files"] == result["articles"] == 5
    assert 0 < result["again_ms_per_article"] < result["first_ms_per_article"] / 3


def test_trig_copy_bench_writes_graph_trig_three_ways_to_the_same_bytes(seeds_build, capsys):
    """benchmarks/trig_copy_bench.py: one stream, graph by graph, and graph by graph copying the unchanged
    blocks write the same graph.trig; the changed share is written again, the rest copied."""
    import trig_copy_bench
    assert trig_copy_bench.main([str(seeds_build), "--reps", "1", "--changed", "0.5"]) == 0
    out = capsys.readouterr().out
    graphs, changed, copied = map(int, re.search(r"(\d+) graphs, .* (\d+) changed, (\d+) blocks copied; "
                                                 r"outputs identical: True", out).groups())
    assert graphs == 5 and 0 < changed < graphs and copied in (graphs - changed, graphs - changed - 1)   # not the first
    assert re.search(r"\| copied \| [\d.]+ s CPU \| [\d.]+x \|", out)


def test_spool_read_bench_reads_a_folder_from_the_cache_in_turns_and_checks_both_spooled_the_same(tmp_path, capsys):
    """benchmarks/spool_read_bench.py, with this checkout as the other one: the cache is filled first, then
    every run takes all five seeds from it, and the digests of what they spooled agree."""
    import spool_read_bench
    assert spool_read_bench.main([str(REPO / "seeds"), "--other", str(REPO), "--reps", "1", "--jobs", "1",
                                  "--cache", str(tmp_path / "cache")]) == 0
    out = capsys.readouterr().out
    assert "cache filled: 5 extractions, 0 already there" in out
    assert out.count("5 extractions (5 reused)") == 2
    assert "spooled extractions: the same in every run" in out
    for key in ("wall", "parent_cpu", "workers_cpu"):   # the ratio, or a dash where the other run took 0.0 s
        assert re.search(rf"median {key}: this [\d.]+ s, other [\d.]+ s, ratio ([\d.]+x|- )", out)


def test_spool_read_bench_without_a_cache_extracts_every_article_in_every_run(tmp_path, capsys):
    import spool_read_bench
    assert spool_read_bench.main([str(REPO / "seeds"), "--other", str(REPO), "--reps", "1", "--jobs", "1",
                                  "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "cache filled" not in out
    assert out.count("5 extractions (0 reused)") == 2
    assert "spooled extractions: the same in every run" in out


def test_cache_bench_writes_and_reads_the_same_entries_both_ways_and_gives_the_ratios(tmp_path, capsys):
    """benchmarks/cache_bench.py on the seeds: two entries an article, both layouts timed in turns, what each
    gives back checked against what was written (a layout that lost an entry would stop the benchmark)."""
    import cache_bench
    assert cache_bench.main([str(REPO / "seeds"), "--articles", "3", "--prefill", "10", "--reps", "2",
                             "--workdir", str(tmp_path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["entries"] == 6 and result["prefill"] == 10 and result["mean_bytes"] > 100
    for layout in ("files", "rows"):
        assert all(v > 0 for v in result["median"][layout].values())
    assert set(result["rows_over_files"]) == {"write_cpu_ms", "write_wall_ms", "read_cpu_ms", "read_wall_ms"}
    assert list(tmp_path.iterdir()) == []   # each cache removed after its run


def test_cache_bench_stops_when_a_layout_gives_back_other_bytes(tmp_path, monkeypatch):
    import cache_bench
    monkeypatch.setattr(cache_bench.Files, "get", lambda self, key: b"other")
    with pytest.raises(SystemExit, match="files: the entries read back differ"):
        cache_bench.main([str(REPO / "seeds"), "--articles", "1", "--prefill", "0", "--reps", "1",
                          "--workdir", str(tmp_path)])
