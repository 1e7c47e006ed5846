"""Nothing lost (issue 7): a build killed at any moment leaves the previous outputs intact and consistent,
and two builds into one folder do not interleave (the second gets a clear message)."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from graph.cli import main
from graph.store import open_graph

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
OUTPUTS = ("graph.ttl", "graph.trig", "centrality.csv", "network.html", "merges.csv", "manifest.json")

# Runs `actorgraph build ...` in a child process that stops at AG_PAUSE_AT (printing PAUSED) until killed.
RUNNER = r'''
import os, sys, time
sys.path.insert(0, os.environ["AG_ROOT"])
import graph.build as b
import graph.extraction as ex
import graph.store as st
import graph.swap as sw
point = os.environ.get("AG_PAUSE_AT", "")

def pause():
    print("PAUSED", point, flush=True)
    time.sleep(600)

def after(fn):
    def wrapped(*a, **k):
        r = fn(*a, **k)
        pause()
        return r
    return wrapped

if point == "extract":                    # reading and extracting, nothing written yet
    orig, seen = ex.extract_article, []
    def slow(article, rules):
        seen.append(1)
        if len(seen) == 2:
            pause()
        return orig(article, rules)
    ex.extract_article = slow
elif point == "written":                  # graph.trig ... network.html and the store written, not yet swapped in
    st.write_store = after(st.write_store)
elif point == "manifest":                 # every output and the manifest written
    b.write_manifest = after(b.write_manifest)
elif point == "exchanged":                # the new outputs swapped in, the previous ones not yet removed
    sw._exchange = after(sw._exchange)
elif point == "between-renames":          # no renameat2: between the two renames of the fallback swap
    sw._exchange = lambda a, c: False
    real_rename = os.rename
    def rename(src, dst, *a, **k):
        real_rename(src, dst, *a, **k)
        if os.path.basename(dst).startswith("." + os.path.basename(os.environ["AG_OUT"]) + ".old-"):
            pause()
    os.rename = rename
print("STARTED", flush=True)
from graph.cli import main
main(sys.argv[1:])
'''


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(out: Path) -> dict:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def assert_consistent(out: Path):
    """Every output present, each the one the manifest names, and the store holds what graph.ttl holds."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["outputs"]) == set(OUTPUTS) - {"manifest.json"}
    for name, digest in manifest["outputs"].items():
        assert sha256(out / name) == digest, f"{name} does not belong to this manifest"
    kg = open_graph(out)
    assert kg.kind == "store"
    n_store = sum(1 for _ in kg.triples())
    del kg
    assert n_store == len(rdflib.Graph().parse(out / "graph.ttl", format="turtle"))


def cli_build(src, out, *extra):
    return CliRunner().invoke(main, ["build", str(src), "--out", str(out), "-q", *extra])


def leftovers(out: Path):
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith((f".{out.name}.tmp", f".{out.name}.old")))


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Corpus A (two seeds) and B (all seeds), each built once for reference."""
    root = tmp_path_factory.mktemp("atomic")
    a = root / "A"
    a.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(p, a / p.name)
    refs = {}
    for name, src in (("A", a), ("B", SEEDS)):
        out = root / f"ref-{name}"
        assert cli_build(src, out).exit_code == 0
        assert_consistent(out)
        refs[name] = (src, out, snapshot(out))
    assert refs["A"][2]["graph.ttl"] != refs["B"][2]["graph.ttl"]
    return refs


def start(out: Path, src: Path, point: str, tmp_path: Path, *extra) -> subprocess.Popen:
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER, encoding="utf-8")
    env = {**os.environ, "AG_ROOT": str(ROOT), "AG_PAUSE_AT": point, "AG_OUT": str(out),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, str(runner), "build", str(src), "--out", str(out), "-q", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=str(tmp_path))


def wait_for(proc: subprocess.Popen, word: str):
    for line in proc.stdout:
        if line.startswith(word):
            return
    proc.wait()
    pytest.fail(f"the build ended before {word}: {proc.stderr.read()}")


def kill(proc: subprocess.Popen):
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()


def previous(tmp_path, corpora) -> Path:
    """OUT holding corpus A's build (a copy of the reference), the 'previous outputs'."""
    out = tmp_path / "out"
    shutil.copytree(corpora["A"][1], out, symlinks=True)
    return out


@pytest.mark.parametrize("point", ["extract", "written", "manifest"])
def test_killed_before_the_swap_leaves_previous_outputs(tmp_path, corpora, point):
    out = previous(tmp_path, corpora)
    (out / "notes.md").write_text("the user's own file", encoding="utf-8")
    proc = start(out, SEEDS, point, tmp_path, "--full")
    wait_for(proc, "PAUSED")
    kill(proc)
    assert snapshot(out) == corpora["A"][2]
    assert (out / "notes.md").read_text(encoding="utf-8") == "the user's own file"
    assert_consistent(out)
    # the next build cleans up what the killed one left and completes
    assert cli_build(SEEDS, out).exit_code == 0
    assert snapshot(out) == corpora["B"][2] and leftovers(out) == []
    assert (out / "notes.md").read_text(encoding="utf-8") == "the user's own file"
    assert_consistent(out)


def test_killed_just_after_the_swap_has_the_complete_new_outputs(tmp_path, corpora):
    out = previous(tmp_path, corpora)
    proc = start(out, SEEDS, "exchanged", tmp_path, "--full")
    wait_for(proc, "PAUSED")
    kill(proc)
    assert snapshot(out) == corpora["B"][2]
    assert_consistent(out)
    assert leftovers(out)  # the previous outputs, left beside OUT, are removed by the next build
    assert cli_build(SEEDS, out).exit_code == 0 and leftovers(out) == []


def test_killed_between_fallback_renames_is_repaired_by_the_next_build(tmp_path, corpora):
    out = previous(tmp_path, corpora)
    proc = start(out, SEEDS, "between-renames", tmp_path, "--full")
    wait_for(proc, "PAUSED")
    kill(proc)
    assert not out.exists()  # the one moment a system without renameat2 has no OUT
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    result = cli_build(bad, out)  # builds nothing, but first puts the previous outputs back
    assert result.exit_code == 1
    assert snapshot(out) == corpora["A"][2] and leftovers(out) == []
    assert_consistent(out)


@pytest.mark.parametrize("delay", [0.3, 1.5, 3.0])
def test_killed_at_any_moment_leaves_old_or_new_never_a_mix(tmp_path, corpora, delay):
    out = previous(tmp_path, corpora)
    proc = start(out, SEEDS, "", tmp_path, "--full")
    wait_for(proc, "STARTED")
    time.sleep(delay)
    kill(proc)
    assert snapshot(out) in (corpora["A"][2], corpora["B"][2])
    assert_consistent(out)


def test_second_build_into_the_same_folder_is_refused_clearly(tmp_path, corpora):
    out = previous(tmp_path, corpora)
    proc = start(out, SEEDS, "extract", tmp_path, "--full")
    try:
        wait_for(proc, "PAUSED")
        second = cli_build(corpora["A"][0], out)
        assert second.exit_code == 1
        assert "another build is writing into this folder" in second.output and str(out) in second.output
        assert "Traceback" not in second.output
        assert snapshot(out) == corpora["A"][2]
    finally:
        kill(proc)
    third = cli_build(SEEDS, out)  # a killed build's lock does not block the next one
    assert third.exit_code == 0 and snapshot(out) == corpora["B"][2]


def test_outputs_of_a_finished_build_match_their_manifest(corpora):
    for name in ("A", "B"):
        src, out, snap = corpora[name]
        manifest = json.loads(snap["manifest.json"])
        assert [a["id"] for a in manifest["articles"]] == sorted(p.name for p in Path(src).glob("*.txt"))
        assert_consistent(out)
