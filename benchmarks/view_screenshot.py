"""Screenshot of a network page as it first draws, in Debian's chromium (1400x900, network blocked).

Run: python benchmarks/view_screenshot.py BUILD_OR_PAGE OUT.png [--neighbourhood]
     e.g. python benchmarks/view_screenshot.py /tmp/v10k docs/gen10k-network.png
--neighbourhood also writes OUT-neighbourhood.png: the 1-hop neighbourhood of the most central actor.
Prints the time to interactive, what is drawn and any page error.
"""
import sys
from pathlib import Path

from view_bench import ARGS


def main(target: str, out: str, neighbourhood=False):
    from playwright.sync_api import sync_playwright
    page_path = Path(target) / "network.html" if Path(target).is_dir() else Path(target)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(page_path.resolve().as_uri(), timeout=600_000)
        page.wait_for_selector("body[data-ready='1']", timeout=600_000)
        print(f"ready in {page.evaluate('agView.readyAt') / 1000:.2f} s; drawn {page.evaluate('agView.drawn()')}")
        page.screenshot(path=out)
        if neighbourhood:
            page.evaluate("agView.neighbourhood(agView.data.actors.findIndex(a => a.rank === 0), 1)")
            page.screenshot(path=str(Path(out).with_name(Path(out).stem + "-neighbourhood.png")))
        browser.close()
    print(f"page errors: {errors or 'none'}")
    return not errors


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1], sys.argv[2], "--neighbourhood" in sys.argv[3:]) else 1)
