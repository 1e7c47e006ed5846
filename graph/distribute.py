"""Extraction on a Dask distributed cluster: articles in, slim extractions out, in article order.

Only extraction leaves the parent. Reading, entity resolution across articles, mapping to RDF and
loading stay in the building process, so the graph cannot depend on which worker saw which article:
a `--dask` build is byte-identical to a local one.

The rule files travel with the work (a `RulesBundle`, scattered once to every worker), so a worker on
another machine needs actorgraph installed, not this machine's rules folder. A worker loads the rules
once per bundle fingerprint and keeps them.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from graph.errors import ActorgraphError

BATCH = 32          # articles per task: large enough to hide the scheduler's per-task cost (~1 ms)
WINDOW = 4          # tasks in flight per worker thread: bounds what the parent holds at once
_LOADED: dict = {}  # on a worker: fingerprint -> RuleSet
CONNECT_TIMEOUT = "20s"


@dataclass(frozen=True)
class DaskTarget:
    """Where to run: a scheduler address (tcp://host:8786) or a local cluster of N worker processes."""
    address: str | None = None
    local_workers: int = 0

    @classmethod
    def parse(cls, spec: str) -> "DaskTarget":
        if spec.startswith("local:"):
            n = spec.split(":", 1)[1]
            if not n.isdigit() or int(n) < 1:
                raise ActorgraphError(f"--dask {spec}: local:N needs a number of workers N >= 1")
            return cls(local_workers=int(n))
        if "://" not in spec:
            raise ActorgraphError(f"--dask {spec}: give a scheduler address (tcp://HOST:8786) or local:N")
        return cls(address=spec)


@dataclass(frozen=True)
class RulesBundle:
    """The rule files' bytes, by path relative to the rules folder, and their fingerprint."""
    fingerprint: str
    files: tuple

    @classmethod
    def of(cls, rules_dir: Path, fingerprint: str) -> "RulesBundle":
        rules_dir = Path(rules_dir)
        files = tuple((str(p.relative_to(rules_dir)), p.read_bytes())
                      for p in sorted(rules_dir.rglob("*")) if p.is_file() and p.suffix in (".yaml", ".yml"))
        return cls(fingerprint, files)

    def load(self):
        """The RuleSet, loaded once per worker process and fingerprint."""
        if self.fingerprint not in _LOADED:
            from graph.ruleset import load_rules
            with tempfile.TemporaryDirectory(prefix="actorgraph-rules-") as tmp:
                for rel, data in self.files:
                    path = Path(tmp) / rel
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                _LOADED[self.fingerprint] = load_rules(Path(tmp))
        return _LOADED[self.fingerprint]


def extract_batch(bundle: RulesBundle, articles: list, render=False) -> list:
    """Runs on a worker: (slim extraction, None) or (None, problem) per article, in order; RENDER: with
    the facts as N-Quads (graph.nquads)."""
    from graph.extraction import extract_with
    rules = bundle.load()
    return [extract_with(rules, a, render) for a in articles]


def _client(target: DaskTarget):
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - a declared dependency
        raise ActorgraphError("--dask needs the 'distributed' package (pip install distributed)") from None
    try:
        if target.local_workers:
            cluster = LocalCluster(n_workers=target.local_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
            return Client(cluster), cluster
        return Client(target.address, timeout=CONNECT_TIMEOUT), None
    except OSError as e:
        raise ActorgraphError(f"--dask {target.address}: cannot reach the scheduler ({e})") from None


def extract_on_dask(target: DaskTarget, articles: list, bundle: RulesBundle, render=False) -> Iterator[tuple]:
    """(facts, problem) per article, in the order of `articles`, computed on the cluster."""
    client, cluster = _client(target)
    try:
        threads = max(1, sum(client.nthreads().values()))
        remote_bundle = client.scatter(bundle, broadcast=True)
        batches = [articles[i:i + BATCH] for i in range(0, len(articles), BATCH)]
        pending, window = [], WINDOW * threads
        for batch in batches:
            pending.append((batch, client.submit(extract_batch, remote_bundle, batch, render, pure=False)))
            if len(pending) >= window:
                yield from _take(*pending.pop(0))
        while pending:
            yield from _take(*pending.pop(0))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _take(batch: list, future) -> list:
    try:
        return future.result()
    except Exception as e:  # a lost worker or a task error: each article of the batch is reported, the build goes on
        return [(None, f"{a.path}: extraction failed on the Dask cluster ({type(e).__name__}: {e}); skipped")
                for a in batch]
