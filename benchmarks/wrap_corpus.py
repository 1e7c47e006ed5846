"""Wrap plain-text articles as news arrives: saved web pages, one RSS 2.0 feed, one Atom feed, one JSONL
and one CSV export; build each and score it against the gold beside the plain-text build.

    python benchmarks/wrap_corpus.py ../shared/corpus --gold ../shared/gold/corpus --work /tmp/wrap-corpus
    python benchmarks/wrap_corpus.py ../shared/seeds --gold ../shared/gold/seeds --work /tmp/wrap-seeds

The pages use our own templates: a header with a menu, a share bar, breadcrumbs, a "related stories" list whose
headlines are OTHER articles' titles (other people, other cities) plus invented ones, a comments section and a
footer. Feeds and exports carry each article's original file name as its id (RSS guid, Atom id, the `id`
field), so the gold applies unchanged; a page is named after the article with `.html`, and the gold is copied
with its `article` names changed to match (nothing else). Prints a Markdown table; --write-md adds it to
BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import csv
import html
import json
import re
import subprocess
import sys
import time
from datetime import date
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG_EVAL = ROOT.parent / "shared" / "tools" / "kg_eval.py"
sys.path.insert(0, str(ROOT))

from graph.read import read_article  # noqa: E402

INVENTED_RELATED = [
    "Minister Arkady Velmont opens trade fair in Port Solenne",
    "Governor Isabel Quenneville visits flood-hit villages near Castel Maro",
    "رئيس بلدية مدينة الزهراء الجديدة كمال الرفاعي يفتتح مستشفى",
    "Professor Dana Okonkwo-Reyes named rector of Lindqvist University in Brevik",
]
COMMENTS = [
    ("Tariq from Lahore", "Great news for Pakistan and Turkey, the Minister of Education should follow this."),
    ("Sara K.", "President Macron and Chancellor Scholz met in Berlin last week, why is nobody reporting that?"),
    ("أحمد", "خبر رائع، نتمنى أن يزور وزير الخارجية القاهرة قريبا."),
]


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]


def line_html(line: str) -> str:
    """A line of text as HTML that shows it as it is: runs of spaces as non-breaking spaces (HTML folds spaces)."""
    return re.sub(r" {2,}", lambda m: "&nbsp;" * (len(m.group(0)) - 1) + " ", html.escape(line))


def body_html(body: str) -> str:
    return "\n".join("<p>" + "<br>\n".join(line_html(line) for line in p.split("\n")) + "</p>" for p in paragraphs(body))


def site_of(a) -> str:
    source = re.sub(r"^rewritten from\s+", "", a.source or "").strip()
    return source or "The Daily Ledger"


def page(a, related: list[str]) -> str:
    """A news page around article A: menu, share bar, breadcrumbs, related stories, comments, footer."""
    lang = a.language
    title = html.escape(a.title or paragraphs(a.body)[0][:90])
    site = html.escape(site_of(a))
    when = a.published.isoformat() if a.published else ""
    canonical = html.escape(a.url or f"https://news.example.org/{a.id}")
    rel = "\n".join(f'<li><a href="/story/{i}">{html.escape(t)}</a></li>' for i, t in enumerate(related))
    comments = "\n".join(f'<div class="comment"><span class="author">{html.escape(n)}</span><p>{html.escape(c)}</p></div>'
                         for n, c in COMMENTS)
    meta_date = f'<meta property="article:published_time" content="{when}T08:00:00+00:00">' if when else ""
    time_tag = f'<time datetime="{when}">{when}</time>' if when else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{'rtl' if lang == 'ar' else 'ltr'}">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<link rel="canonical" href="{canonical}">
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
{meta_date}
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>body {{ font-family: serif; }} .share a {{ margin: 0 4px; }}</style>
</head>
<body>
<header class="site-header">
  <div class="logo"><a href="/">{site}</a></div>
  <nav class="main-menu"><ul>
    <li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
    <li><a href="/education">Education</a></li><li><a href="/science">Science</a></li><li><a href="/sport">Sport</a></li>
    <li><a href="/opinion">Opinion</a></li><li><a href="/contact">Contact us</a></li>
  </ul></nav>
  <form class="search"><input type="search" placeholder="Search"></form>
</header>
<div class="breadcrumbs"><a href="/">Home</a> › <a href="/world">World</a> › <span>{title}</span></div>
<main>
<article class="post">
  <h1 class="entry-title">{title}</h1>
  <div class="byline">By Staff Reporter {time_tag}</div>
  <div class="share"><a href="#">Share</a> <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a> <a href="#">Email</a></div>
  <div class="entry-content">
{body_html(a.body)}
  </div>
  <div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Telegram</a> <a href="#">Print</a></div>
</article>
<aside class="related-stories">
  <h3>Related stories</h3>
  <ul>
{rel}
  </ul>
</aside>
<section class="comments" id="comments">
  <h3>3 Comments</h3>
{comments}
  <form class="comment-form"><textarea></textarea><button>Post comment</button></form>
</section>
</main>
<footer class="site-footer">
  <ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/ads">Advertise</a></li></ul>
  <p>© 2024 {site}. All rights reserved. Offices in Geneva, Nairobi and Kuala Lumpur.</p>
</footer>
</body>
</html>
"""


def rfc822(d: date | None) -> str:
    return format_datetime(datetime(d.year, d.month, d.day, 8, 0, tzinfo=timezone.utc)) if d else ""


def rss(articles) -> str:
    items = []
    for a in articles:
        first = paragraphs(a.body)[0]
        pub = f"<pubDate>{rfc822(a.published)}</pubDate>" if a.published else ""
        items.append(f"""<item>
  <title>{html.escape(a.title)}</title>
  <link>{html.escape(a.url)}</link>
  <guid isPermaLink="false">{html.escape(a.id)}</guid>
  {pub}
  <description>{html.escape(first[:200])}</description>
  <content:encoded><![CDATA[{body_html(a.body)}]]></content:encoded>
</item>""")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
            '<channel>\n<title>Islamic World Science Wire</title>\n<link>https://wire.example.org/</link>\n'
            '<description>News of science and education across the OIC</description>\n<language>en</language>\n'
            + "\n".join(items) + "\n</channel>\n</rss>\n")


def atom(articles) -> str:
    entries = []
    for a in articles:
        when = f"<published>{a.published.isoformat()}T08:00:00Z</published><updated>{a.published.isoformat()}T08:00:00Z</updated>" \
            if a.published else "<updated>2024-01-01T00:00:00Z</updated>"
        entries.append(f"""<entry xml:lang="{a.language}">
  <id>{html.escape(a.id)}</id>
  <title>{html.escape(a.title)}</title>
  <link rel="alternate" href="{html.escape(a.url)}"/>
  {when}
  <summary>{html.escape(paragraphs(a.body)[0][:200])}</summary>
  <content type="html">{html.escape(body_html(a.body))}</content>
</entry>""")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            '<title>OIC Science Digest</title>\n<id>urn:example:oic-digest</id>\n<updated>2024-01-01T00:00:00Z</updated>\n'
            + "\n".join(entries) + "\n</feed>\n")


def record(a) -> dict:
    return {"id": a.id, "title": a.title, "body": a.body, "url": a.url,
            "date": a.published.isoformat() if a.published else "", "lang": a.language, "source": site_of(a)}


def wrap(src: Path, work: Path, gold: Path) -> dict:
    """Write the five inputs under WORK; returns {kind: (input folder, gold folder)}."""
    paths = sorted(p for p in src.iterdir() if p.suffix == ".txt")
    articles = [read_article(p) for p in paths]
    titles = [a.title or paragraphs(a.body)[0][:90] for a in articles]
    kinds = {}
    pages, page_gold = work / "pages", work / "pages-gold"
    for folder in (pages, page_gold, work / "rss", work / "atom", work / "jsonl", work / "csv"):
        folder.mkdir(parents=True, exist_ok=True)
    for i, a in enumerate(articles):
        related = [titles[(i + k) % len(titles)] for k in (1, 2, 3)] + INVENTED_RELATED
        name = Path(a.id).stem + ".html"
        (pages / name).write_text(page(a, related), encoding="utf-8")
        g = gold / (Path(a.id).stem + ".json")
        if g.exists():
            doc = json.loads(g.read_text(encoding="utf-8"))
            doc["article"] = name
            (page_gold / g.name).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    kinds["html"] = (pages, page_gold)
    (work / "rss" / "wire.rss").write_text(rss(articles), encoding="utf-8")
    kinds["rss"] = (work / "rss", gold)
    (work / "atom" / "digest.atom").write_text(atom(articles), encoding="utf-8")
    kinds["atom"] = (work / "atom", gold)
    with open(work / "jsonl" / "export.jsonl", "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(record(a), ensure_ascii=False) + "\n")
    kinds["jsonl"] = (work / "jsonl", gold)
    with open(work / "csv" / "export.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(record(articles[0])))
        w.writeheader()
        for a in articles:
            w.writerow(record(a))
    kinds["csv"] = (work / "csv", gold)
    return kinds


def build_and_score(inputs: Path, gold: Path, out: Path) -> dict:
    started = time.perf_counter()
    built = subprocess.run([sys.executable, "-m", "graph", "build", str(inputs), "--out", str(out), "--jobs", "1",
                            "--full", "--quiet"], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    scored = subprocess.run([sys.executable, str(KG_EVAL),
                             "--graph", str(out / "graph.ttl"), "--gold", str(gold), "-v"],
                            capture_output=True, text=True)
    summary = scored.stdout.strip().splitlines()[-1] if scored.stdout.strip() else scored.stderr.strip()
    fields = dict(re.findall(r"(\w+)=(\S+)", summary))
    return {"summary": summary, "fields": fields, "seconds": seconds, "warnings": built.stdout.count("warning:"),
            "build_output": built.stdout + built.stderr}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--write-md", action="store_true", help="Append the table to BENCHMARKS.md.")
    ap.add_argument("--show", default="", help="Print the build output of these kinds (comma-separated).")
    args = ap.parse_args(argv)
    kinds = {"text": (args.src, args.gold), **wrap(args.src, args.work, args.gold)}
    rows = []
    for kind, (inputs, gold) in kinds.items():
        r = build_and_score(inputs, gold, args.work / f"out-{kind}")
        if kind in args.show.split(","):
            print(r["build_output"])
        f = r["fields"]
        rows.append((kind, f.get("entity_f1", "?"), f.get("relations", "?"), f.get("leaks", "?"),
                     f.get("duplicates", "?"), f"{r['seconds']:.1f}"))
        print(f"{kind}: {r['summary']}", file=sys.stderr)
    base_f1, base_rel = float(rows[0][1]), int(rows[0][2].split("/")[0])
    lines = [f"| input ({args.src.name}) | entity F1 | ΔF1 | relations | Δrel | leaks | duplicates | build s |",
             "|---|---|---|---|---|---|---|---|"]
    for kind, f1, rel, leaks, dup, sec in rows:
        d1 = float(f1) - base_f1 if f1 != "?" else float("nan")
        dr = int(rel.split("/")[0]) - base_rel if rel != "?" else 0
        lines.append(f"| {kind} | {f1} | {d1:+.3f} | {rel} | {dr:+d} | {leaks} | {dup} | {sec} |")
    table = "\n".join(lines)
    print(table)
    if args.write_md:
        with open(ROOT / "BENCHMARKS.md", "a", encoding="utf-8") as f:
            f.write(f"\n{table}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
