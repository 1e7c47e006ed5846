"""The extraction cache's key (graph.extraction.rules_fingerprint) covers the rules and the code that
decides what the cache holds, and nothing else: an upgrade of the store or the view keeps the cache."""
import shutil
from pathlib import Path

import graph
from graph.extraction import extraction_code, rules_fingerprint

PACKAGE = Path(graph.__file__).parent
RULES = PACKAGE / "rules"


def _copy(tmp_path):
    pkg = tmp_path / "graph"
    shutil.copytree(PACKAGE, pkg, ignore=shutil.ignore_patterns("__pycache__", "view_assets", "queries"))
    return pkg


def test_the_closure_holds_extraction_reading_and_rendering_not_the_store_or_the_view():
    names = {name for name, _ in extraction_code(PACKAGE.resolve())}
    assert {"graph.extraction", "graph.article.posts", "graph.article.meetings", "graph.nquads",
            "graph.read_extract", "graph.reading_cache", "graph.sources.language",
            "graph.sources.near_duplicates"} <= names
    assert not names & {"graph.store_update", "graph.outputs", "graph.view", "graph.centrality", "graph.cli",
                        "graph.serve", "graph.push"}


def test_a_change_to_the_store_keeps_the_key_and_a_change_to_extraction_does_not(tmp_path):
    pkg = _copy(tmp_path)
    before = rules_fingerprint(RULES, pkg)
    assert before == rules_fingerprint(RULES)          # the same files give the same key wherever they are
    (pkg / "store_update.py").write_text((pkg / "store_update.py").read_text() + "\n# a store change\n")
    (pkg / "view.py").write_text((pkg / "view.py").read_text() + "\n# a view change\n")
    extraction_code.cache_clear()
    assert rules_fingerprint(RULES, pkg) == before
    (pkg / "article" / "posts.py").write_text((pkg / "article" / "posts.py").read_text() + "\n# a rule engine change\n")
    extraction_code.cache_clear()
    assert rules_fingerprint(RULES, pkg) != before


def test_a_module_imported_inside_a_function_is_followed(tmp_path):
    pkg = tmp_path / "demo"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "extraction.py").write_text("import os\n\ndef run():\n    from demo import helper\n    return helper.x\n")
    (pkg / "helper.py").write_text("from demo.deeper import y\nx = y\n")
    (pkg / "deeper.py").write_text("y = 1\n")
    (pkg / "store.py").write_text("import demo.extraction\n")
    found = extraction_code(pkg.resolve(), ("demo.extraction",))
    assert [name for name, _ in found] == ["demo", "demo.deeper", "demo.extraction", "demo.helper"]
    assert all(path.parent == pkg.resolve() for _, path in found)


def test_a_rule_file_changes_the_key_but_judgements_do_not(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    before = rules_fingerprint(rules)
    (rules / "judgements.yaml").write_text("# judged after extraction\n")
    assert rules_fingerprint(rules) == before
    some = sorted(p for p in rules.rglob("*.yaml") if p.name not in ("judgements.yaml", "resolution.yaml"))[0]
    some.write_bytes(some.read_bytes() + b"\n# a curator's comment\n")
    assert rules_fingerprint(rules) != before
