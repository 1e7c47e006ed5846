"""locust clients for benchmarks/serve_bench.py: each posts the named queries, with a LIMIT, to /sparql.

The parameters (an actor's name, an article, a date) are read from the server once per client with small
queries; every named query gets LIMIT 100 appended (as the query page offers them).
"""
from locust import HttpUser, constant, task

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.query import named_queries  # noqa: E402

LIMIT = 100
SAMPLES = {
    "name": "SELECT ?n WHERE { ?a ag:pagerank ?p ; ag:displayName ?n } ORDER BY DESC(?p) LIMIT 1",
    "article": "SELECT ?i WHERE { ?a a ag:Article ; schema:identifier ?i } LIMIT 1",
    "date": "SELECT (MAX(?d) AS ?m) WHERE { ?a ag:firstSeen ?d }",
}


class SparqlClient(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        values = {}
        for key, text in SAMPLES.items():
            r = self.client.post("/sparql", data={"query": text}, name="(setup)",
                                 headers={"Accept": "application/sparql-results+json"})
            binding = r.json()["results"]["bindings"][0]
            values[key] = next(iter(binding.values()))["value"]
        self.queries = []
        for q in named_queries().values():
            self.queries.append((q.name, q.bind({p: values[p] for p, _ in q.params}) + f"\nLIMIT {LIMIT}"))
        self.turn = 0

    @task
    def named_query(self):
        name, text = self.queries[self.turn % len(self.queries)]
        self.turn += 1
        with self.client.post("/sparql", data={"query": text}, name=name, catch_response=True,
                              headers={"Accept": "application/sparql-results+json"}) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")
