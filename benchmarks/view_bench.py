"""Time until a 5,000-actor network view is interactive in headless chromium.

Run: python benchmarks/view_bench.py [ACTORS] [TOP]   (default 5000 actors; TOP: as view.render's top_n,
     default: view.DEFAULT_TOP most central actors for a larger graph; 0: every actor)
Prints the Python side (centrality, layout + page) and the browser side: the
time from navigation to the first drawn frame with handlers attached
(performance.now() at vis-network's first afterDrawing), then how long a
search-and-focus and a type filter take once the page is up.
"""
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import actor_synth  # noqa: E402
from graph import centrality, view  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def timed(label, fn):
    t = time.perf_counter()
    out = fn()
    print(f"{label:<38} {time.perf_counter() - t:8.2f} s")
    return out


def browser_figures(path: Path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = b.new_page(viewport={"width": 1400, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        t = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=600_000)
        wall = time.perf_counter() - t
        ready = page.evaluate("agView.readyAt") / 1000
        search = page.evaluate("""() => { const t = performance.now(); const i = agView.find('Person 00042');
                                 agView.focusActor(i); return (performance.now() - t) / 1000; }""")
        filt = page.evaluate("""() => { const t = performance.now(); const c = document.querySelector(
                               '#type-filter input[value=Person]'); c.checked = false; agView.applyFilters();
                               return (performance.now() - t) / 1000; }""")
        drawn = page.evaluate("agView.drawn()")
        b.close()
    return wall, ready, search, filt, drawn, errors


def main(n: int, top=None):
    G = timed(f"synthetic actor graph ({n} actors)", lambda: actor_synth.actor_graph(n))
    print(f"{'':<38} {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    result = timed("centrality.compute", lambda: centrality.compute(G))
    html = timed("view.render (layout + page)", lambda: view.render(G, result, top_n=top))
    shown = html.count('"iri":')
    print(f"{'actors shown':<38} {shown}")
    path = Path(tempfile.mkdtemp()) / "network.html"
    path.write_text(html, encoding="utf-8")
    print(f"{'page size':<38} {len(html.encode()) / 1e6:8.2f} MB")
    wall, ready, search, filt, drawn, errors = browser_figures(path)
    print(f"{'time to interactive (navigation->draw)':<38} {ready:8.2f} s")
    print(f"{'  wall clock goto->ready':<38} {wall:8.2f} s")
    print(f"{'search + focus':<38} {search:8.3f} s")
    print(f"{'type filter (hide persons)':<38} {filt:8.3f} s")
    print(f"{'drawn after filter':<38} {drawn}; page errors: {errors or 'none'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000, int(sys.argv[2]) if len(sys.argv) > 2 else None)
