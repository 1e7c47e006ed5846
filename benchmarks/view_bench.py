"""Time until the network view is interactive in headless chromium: this branch's page beside a baseline page.

Run (each argument a pair of build folders, NEW=BASELINE, both built from the same articles):
    python benchmarks/generate.py --articles 2000 --seed 14 --out /tmp/g2k
    actorgraph build /tmp/g2k --out /tmp/v2k --jobs 2                        # this code
    /work/main/.venv/bin/actorgraph build /tmp/g2k --out /tmp/b2k --jobs 2   # the baseline (e.g. main's code)
    python benchmarks/view_bench.py /tmp/v2k=/tmp/b2k /tmp/v10k=/tmp/b10k [--runs 3] [--write]

In one chromium (Debian's, viewport 1400x900, network blocked) the two network.html pages of each
pair are opened in turn, RUNS times each; the figure is the median time from navigation to the first
drawn frame with handlers attached (window.agView.readyAt, performance.now() at vis-network's first
afterDrawing). Also printed: the actors and links drawn at first, the page size, and on pages that have
them the time of a neighbourhood (1 hop of the most central actor) and of a one-year time window
(which recomputes degree and PageRank in the page). --write puts the table into BENCHMARKS.md
(section "Network view").
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Network view: time to interactive in headless chromium (benchmarks/view_bench.py)"

ACTIONS = """() => {
  if (!agView.neighbourhood) { return null; }
  const top = agView.data.actors.findIndex(a => a.rank === 0);
  let t = performance.now(); agView.neighbourhood(top, 1); const ego = performance.now() - t;
  const egoDrawn = agView.drawn().nodes;
  agView.back();
  const dates = agView.data.times.map(x => x[0]).sort();
  const mid = dates[Math.floor(dates.length / 2)] || '2020-01-01';
  document.getElementById('since').value = mid.slice(0, 4) + '-01-01';
  document.getElementById('until').value = mid.slice(0, 4) + '-12-31';
  t = performance.now(); agView.applyFilters(); const win = performance.now() - t;
  return {ego: ego / 1000, egoDrawn: egoDrawn, window: win / 1000, windowDrawn: agView.drawn().nodes};
}"""


def open_page(browser, path: Path) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    t = time.perf_counter()
    page.goto(path.as_uri(), timeout=600_000)
    page.wait_for_selector("body[data-ready='1']", timeout=600_000)
    wall = time.perf_counter() - t
    figures = {"ready": page.evaluate("agView.readyAt") / 1000, "wall": wall,
               "drawn": page.evaluate("agView.drawn()"), "errors": errors}
    figures["actions"] = page.evaluate(ACTIONS)
    page.close()
    return figures


def measure(pairs, runs: int) -> list:
    from playwright.sync_api import sync_playwright
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for new, old in pairs:
            got = {"new": [], "old": []}
            for _ in range(runs):
                for side, folder in (("new", new), ("old", old)):
                    got[side].append(open_page(browser, folder / "network.html"))
            rows.append({"new": new, "old": old, **{side: summary(folder, got[side]) for side, folder
                                                    in (("new", new), ("old", old))}})
        browser.close()
    return rows


def summary(folder: Path, runs: list) -> dict:
    html = (folder / "network.html").read_text(encoding="utf-8")
    m = re.search(r'<p class="summary">([^<]*)</p>', html)
    return {"folder": str(folder), "ready": statistics.median(r["ready"] for r in runs), "all": [r["ready"] for r in runs],
            "drawn": runs[0]["drawn"], "mb": len(html.encode()) / 1e6, "summary": m.group(1) if m else "",
            "errors": sorted({e for r in runs for e in r["errors"]}), "actions": runs[-1]["actions"]}


def table(rows, runs: int) -> str:
    lines = [f"| build | page | time to interactive (median of {runs}) | drawn at first | page size | "
             "neighbourhood | time window (1 year) |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        for side, name in (("new", "this branch"), ("old", "baseline")):
            s = r[side]
            a = s["actions"]
            act = (f"{a['ego']:.2f} s ({a['egoDrawn']} actors)", f"{a['window']:.2f} s ({a['windowDrawn']} actors)") \
                if a else ("-", "-")
            lines.append(f"| {r[side]['folder']} | {name} | "
                         f"**{s['ready']:.2f} s** ({', '.join(f'{x:.2f}' for x in s['all'])}) | "
                         f"{s['drawn']['nodes']:,} actors, {s['drawn']['edges']:,} links | {s['mb']:.1f} MB | "
                         f"{act[0]} | {act[1]} |")
    return "\n".join(lines)


def write_section(text: str, path: Path = ROOT / "BENCHMARKS.md"):
    doc = path.read_text(encoding="utf-8")
    start = doc.find(SECTION)
    if start < 0:
        doc = doc.rstrip("\n") + "\n\n" + text + "\n"
    else:
        nxt = doc.find("\n## ", start + len(SECTION))
        doc = doc[:start] + text + ("\n" + doc[nxt:] if nxt >= 0 else "\n")
    path.write_text(doc, encoding="utf-8")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pairs", nargs="+", help="NEW_BUILD=BASELINE_BUILD")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="put the table into BENCHMARKS.md")
    ap.add_argument("--note", default="", help="a line under the table (machine, load, how the builds were made)")
    args = ap.parse_args(argv)
    pairs = []
    for pair in args.pairs:
        new, _, old = pair.partition("=")
        if not old:
            ap.error(f"{pair}: expected NEW_BUILD=BASELINE_BUILD")
        pairs.append((Path(new), Path(old)))
    rows = measure(pairs, args.runs)
    text = table(rows, args.runs)
    for r in rows:
        for side in ("new", "old"):
            text += f"\n\n{r[side]['folder']}: {r[side]['summary']}" + \
                (f"; page errors: {r[side]['errors']}" if r[side]["errors"] else "")
    print(text)
    if args.write:
        write_section(f"{SECTION}\n\n{text}\n" + (f"\n{args.note}\n" if args.note else ""))
    return rows


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
