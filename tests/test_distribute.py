"""Extraction on a Dask cluster (`build --dask`): the same graph as a local build, rules shipped to workers,
clear errors for a bad address and for tasks that fail."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import distribute
from graph.cli import main
from graph.distribute import DaskTarget, RulesBundle
from graph.errors import ActorgraphError
from graph.ruleset import default_rules_dir

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("graph.trig", "graph.ttl", "centrality.csv", "network.html", "manifest.json")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    src = tmp_path_factory.mktemp("gen") / "articles"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--articles", "120", "--seed", "7",
                    "--out", str(src)], check=True, capture_output=True)
    return src


def test_dask_local_build_is_byte_identical_to_a_local_build(generated, tmp_path):
    runner = CliRunner()
    local = runner.invoke(main, ["build", str(generated), "--out", str(tmp_path / "local"), "--jobs", "1", "-q"])
    assert local.exit_code == 0, local.output
    dask = runner.invoke(main, ["build", str(generated), "--out", str(tmp_path / "dask"), "--dask", "local:2", "-q"])
    assert dask.exit_code == 0, dask.output
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
    assert (tmp_path / "dask" / "graph.trig").stat().st_size > 100_000


@pytest.mark.parametrize("spec, problem", [("local:0", "N >= 1"), ("local:two", "N >= 1"),
                                           ("scheduler:8786", "tcp://HOST:8786")])
def test_a_bad_dask_spec_is_refused_with_what_to_give(spec, problem):
    with pytest.raises(ActorgraphError, match=problem):
        DaskTarget.parse(spec)
    result = CliRunner().invoke(main, ["build", "seeds", "--out", "/nonexistent/x", "--dask", spec])
    assert result.exit_code != 0 and problem in result.output


def test_targets_parse():
    assert DaskTarget.parse("local:3") == DaskTarget(local_workers=3)
    assert DaskTarget.parse("tcp://10.0.0.5:8786") == DaskTarget(address="tcp://10.0.0.5:8786")


def test_an_unreachable_scheduler_is_a_clear_error_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(distribute, "CONNECT_TIMEOUT", "1s")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--out", str(out), "--full",
                                       "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code != 0
    assert "cannot reach the scheduler" in result.output
    assert not (out / "graph.trig").exists()


def test_the_rules_travel_with_the_work(tmp_path):
    """A worker loads the bundle's rule files, not its own machine's: a role added to a copy is known."""
    import shutil
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    roles = rules / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8")
                     + "  - {label: Quartermaster Zeta, forms: [Quartermaster Zeta]}\n", encoding="utf-8")
    bundle = RulesBundle.of(rules, "fp-test")
    names = {rel for rel, _ in bundle.files}
    assert {"lexicon.yaml", "roles.yaml", "patterns/posts.yaml", "gazetteer/countries.yaml"} <= names
    shutil.rmtree(rules)                       # the worker cannot read the folder any more
    loaded = bundle.load()
    assert loaded is bundle.load()             # loaded once per fingerprint
    assert len(loaded.patterns) >= 4
    assert "Quartermaster Zeta" in repr(loaded.roles)


def test_a_failed_task_reports_each_of_its_articles():
    class Lost:
        def result(self):
            raise RuntimeError("worker lost")

    class A:
        def __init__(self, path):
            self.path = path
    out = distribute._take([A("a.txt"), A("b.txt")], Lost())
    assert [facts for facts, _ in out] == [None, None]
    assert "a.txt: extraction failed on the Dask cluster (RuntimeError: worker lost)" in out[0][1]
    assert out[1][1].startswith("b.txt:")


def test_a_scheduler_address_runs_the_build_on_that_cluster(tmp_path):
    """`--dask tcp://…`: the seeds built on a running cluster's workers equal a local build."""
    from distributed import LocalCluster
    runner = CliRunner()
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        remote = runner.invoke(main, ["build", str(ROOT / "seeds"), "--out", str(tmp_path / "remote"), "--full",
                                      "-q", "--dask", cluster.scheduler_address])
    assert remote.exit_code == 0, remote.output
    local = runner.invoke(main, ["build", str(ROOT / "seeds"), "--out", str(tmp_path / "local"), "--full", "-q"])
    assert local.exit_code == 0, local.output
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "remote" / name).read_bytes(), name
