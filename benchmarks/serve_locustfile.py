"""locust clients for benchmarks/serve_bench.py: each posts the named queries, with a LIMIT, to /sparql.

The queries are the ones the server's query page offers (/query: each named query with its parameters bound
to values of the served graph and LIMIT 100 added; graph.serve.app._examples), read once per client, so
whatever server answers (this checkout's or another's) is asked what its own page would ask. The names in the
environment variable SERVE_BENCH_EXCLUDE (comma-separated) are left out (serve_bench.py --exclude).
"""
import json
import os
import re

from locust import HttpUser, constant, task

EXAMPLES = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)


class SparqlClient(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        page = self.client.get("/query", name="(setup)").text
        left_out = set(filter(None, os.environ.get("SERVE_BENCH_EXCLUDE", "").split(",")))
        self.queries = [(q["name"], q["text"]) for q in json.loads(EXAMPLES.search(page).group(1))["queries"]
                        if q["name"] not in left_out]
        self.turn = 0

    @task
    def named_query(self):
        name, text = self.queries[self.turn % len(self.queries)]
        self.turn += 1
        with self.client.post("/sparql", data={"query": text}, name=name, catch_response=True,
                              headers={"Accept": "application/sparql-results+json"}) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")
