"""Regenerate the golden graph of seed 004 after a deliberate change of rules or mapping.

    python tests/golden/regenerate.py      (then review the diff before committing)
"""
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from graph.build import bind_prefixes, build_outputs  # noqa: E402
from test_build import article_graph  # noqa: E402

ARTICLE = "004_ff6e602a6a76843f.txt"

with tempfile.TemporaryDirectory() as tmp:
    build_outputs([ROOT / "seeds"], Path(tmp) / "out", jobs=1, incremental=False, progress=False)
    g = article_graph(Path(tmp) / "out" / "graph.trig", ARTICLE)
    bind_prefixes(g)
    target = Path(__file__).parent / ARTICLE.replace(".txt", ".ttl")
    target.write_bytes(g.serialize(format="turtle", encoding="utf-8"))
    print(f"{target}: {len(g)} triples")
