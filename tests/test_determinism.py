"""Determinism (issue 7): the same input gives byte-identical graph.ttl, graph.trig, centrality.csv,
network.html and manifest.json, whatever the hash seed, the folder the articles sit in, or the cache;
and rebuilding seeds/ reproduces the committed exports/ byte for byte."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from graph import build
from graph.readable_turtle import trig_bytes
from graph.vocab import ID

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EXPORTS = ROOT / "exports"
COMPARED = ("graph.ttl", "graph.trig", "centrality.csv", "network.html", "manifest.json")


def build_in_subprocess(src: Path, out: Path, seed: str, cwd: Path):
    """`actorgraph build` in a fresh interpreter with PYTHONHASHSEED=seed (set and dict orders change with it)."""
    env = {**os.environ, "PYTHONHASHSEED": seed,
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-m", "graph", "build", str(src), "--out", str(out), "--full", "-q"],
                          cwd=str(cwd), env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr + done.stdout
    return {name: (out / name).read_bytes() for name in COMPARED}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("determinism")
    elsewhere = root / "somewhere else" / "articles"
    shutil.copytree(SEEDS, elsewhere)
    first = build_in_subprocess(SEEDS, root / "one", "1", ROOT)
    second = build_in_subprocess(elsewhere, root / "two", "2", root)
    return root, first, second


@pytest.mark.parametrize("name", COMPARED)
def test_two_builds_are_byte_identical(two_builds, name):
    _, first, second = two_builds
    assert first[name] == second[name], f"{name} differs between two builds of the same articles"


def test_a_cached_rebuild_is_byte_identical(tmp_path):
    out = tmp_path / "cached"
    build.build_outputs([SEEDS], out, jobs=1, incremental=False, progress=False)
    full = {name: (out / name).read_bytes() for name in COMPARED}
    build.build_outputs([SEEDS], out, jobs=1, progress=False)   # fills the cache
    report = build.build_outputs([SEEDS], out, jobs=1, progress=False)  # every article from the cache
    assert report.reused == len(list(SEEDS.glob("*.txt")))
    assert {name: (out / name).read_bytes() for name in COMPARED} == full


def test_trig_names_graphs_in_order_whatever_order_they_were_made_in():
    def dataset(order):
        ds = rdflib.Dataset()
        for i in order:
            ds.graph(ID[f"article/a{i}"]).add((ID[f"person/p{i}"], rdflib.RDFS.label, rdflib.Literal(f"P{i}")))
        return ds
    texts = {trig_bytes(dataset(order)) for order in ([0, 1, 2, 3, 4, 5, 6, 7], [7, 3, 5, 1, 0, 6, 2, 4])}
    assert len(texts) == 1
    text = texts.pop().decode()
    assert [text.index(f"article/a{i}>") for i in range(8)] == sorted(text.index(f"article/a{i}>") for i in range(8))


def test_rebuilding_seeds_reproduces_the_committed_exports(two_builds):
    _, first, _ = two_builds
    missing = [name for name in COMPARED if not (EXPORTS / name).is_file()]
    assert not missing, (f"exports/ lacks {', '.join(missing)}: build it from a clean checkout with "
                         "`actorgraph build seeds --out exports --full` and commit it")
    for name in COMPARED:
        assert (EXPORTS / name).read_bytes() == first[name], (
            f"exports/{name} differs from a fresh build of seeds/: rebuild it "
            "(`actorgraph build seeds --out exports --full`) and commit it with the change that altered it")


def test_oxigraph_written_trig_and_turtle_do_not_depend_on_the_order_quads_were_added(tmp_path, monkeypatch):
    """Above LARGE_GRAPH quads Oxigraph writes graph.trig/graph.ttl; an in-memory store dumped in insertion
    order (rdflib hands its quads over in set order), so two builds of the same articles differed."""
    from graph import outputs
    monkeypatch.setattr(outputs, "LARGE_GRAPH", 10)
    triples = [(ID[f"person/p{i}"], rdflib.RDFS.label, rdflib.Literal(f"P {i}", lang="en"), ID[f"article/a{i % 7}"])
               for i in range(200)]
    written = []
    for order in (triples, triples[::-1], triples[1::2] + triples[::2]):
        ds = rdflib.Dataset()
        for s, p, o, g in order:
            ds.graph(g).add((s, p, o))
        folder = tmp_path / f"out{len(written)}"
        folder.mkdir()
        outputs.write_rdf(ds, folder)
        written.append(((folder / "graph.trig").read_bytes(), (folder / "graph.ttl").read_bytes()))
        assert sorted(p.name for p in folder.iterdir()) == ["graph.trig", "graph.ttl"]  # no scratch left behind
    assert written[0] == written[1] == written[2]
    assert b"P 199" in written[0][0] and b"P 199" in written[0][1]
