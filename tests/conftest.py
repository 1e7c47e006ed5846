"""Shared fixtures: the shipped rules, and builds of the seeds and of the development corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rules():
    from graph.ruleset import load_rules
    return load_rules()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """exports of seeds/, built once for the session."""
    from graph.build import build_outputs
    out = tmp_path_factory.mktemp("seeds") / "exports"
    report = build_outputs([ROOT / "seeds"], out, jobs=1, incremental=False, progress=False)
    assert report.articles_built == 5
    return out


def needs_shared(path: Path):
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is not beside the project (../shared)")


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (`apt-get install chromium`; .ci/run installs it): missing it
    is a failure, not a skip."""
    from playwright.sync_api import sync_playwright
    assert CHROMIUM.exists(), "the browser tests need Debian's chromium at /usr/bin/chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
