"""Reading news as it arrives: saved pages, RSS/Atom feeds, JSONL/CSV exports, language screening,
near-duplicates, bad input. Every article here is invented."""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from graph.cli import main
from graph.errors import ActorgraphError, ArticleError
from graph.read import find_articles, read_article
from graph.ruleset import load_rules
from graph.sources import input_kind, read_inputs
from graph.sources.feeds import read_feed
from graph.sources.html import decode_page, parse_page
from graph.sources.language import check, covered_languages, detector_languages, normalise
from graph.sources.near_duplicates import near_duplicates
from graph.sources.records import FieldMap, read_records
from graph.vocab import AG, SCHEMA

DATA = Path(__file__).parent / "data"

STORY_EN = ("Dr. Farida Osmanova, the Director-General of the Islamic Development Bank, met Malaysia's Minister of "
            "Higher Education, Zambry Abdul Kadir, on Monday in Kuala Lumpur.\n\n"
            "The two sides signed a Memorandum of Understanding on scientific cooperation. The memorandum was signed "
            "by Osmanova and Kadir, the ministry said.")
STORY_EN_2 = ("The Rector of the University of Velmora, Prof. Anselm Rasku, received a delegation of the Islamic "
              "Development Bank on Tuesday in Velmoragrad to discuss scholarships for engineering students.\n\n"
              "Both sides agreed to hold a joint workshop next spring, the university said in a statement.")

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>IsDB and Malaysia sign research memorandum | Harbour Times</title>
<link rel="canonical" href="https://harbour.example.com/2024/03/06/isdb-malaysia-mou?a=1&amp;b=2">
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2024-03-06T09:00:00+00:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>IsDB and Malaysia sign research memorandum</h1>
<div class="share"><a href="#">Share</a> <a href="#">Facebook</a> <a href="#">Twitter</a></div>
<p>Dr. Farida Osmanova, the Director-General of the Islamic Development Bank, met Malaysia's Minister of Higher Education, Zambry Abdul Kadir, on Monday in Kuala Lumpur.</p>
<p>The two sides signed a Memorandum of Understanding on scientific cooperation. The memorandum was signed by Osmanova and Kadir, the ministry said.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">President Oskar Lindqvist visits Port Solenne</a></li>
<li><a href="/b">Governor Isabel Quenneville opens a bridge in Castel Maro</a></li></ul></aside>
<section class="comments"><h3>2 Comments</h3><div class="comment"><p>Minister Tomas Brevik should resign, says Hanna from Oslo.</p></div></section>
</main>
<footer><p>© 2024 Harbour Times. Offices in Geneva and Nairobi.</p></footer>
</body></html>"""

FURNITURE_NAMES = ("Lindqvist", "Solenne", "Quenneville", "Castel Maro", "Brevik", "Hanna", "Geneva", "Nairobi",
                   "Facebook", "Home")

# Invented sentences in languages the shipped rules do not cover.
UNCOVERED = {
    "fa": "وزیر علوم ایران روز دوشنبه با رئیس دانشگاه تهران دیدار کرد و دو طرف درباره همکاری‌های علمی میان "
          "دانشگاه‌ها گفتگو کردند. این نشست در ساختمان وزارتخانه برگزار شد و قرار است هفته آینده ادامه یابد.",
    "ur": "پاکستان کے وزیر تعلیم نے پیر کے روز اسلام آباد میں ایک اجلاس کی صدارت کی جس میں جامعات کے سربراہان نے "
          "شرکت کی۔ انہوں نے کہا کہ سائنسی تعاون کو بڑھایا جائے گا اور طلبہ کے وظائف میں اضافہ کیا جائے گا۔",
    "tr": "Eğitim Bakanı pazartesi günü Ankara'da üniversite rektörleriyle bir araya geldi ve bilimsel işbirliğini "
          "artırmanın yollarını görüştü. Toplantının ardından ortak bir açıklama yapılması bekleniyor.",
    "fr": "Le ministre de l'Enseignement supérieur a reçu lundi à Rabat le recteur de l'université, et les deux "
          "parties ont discuté de la coopération scientifique entre leurs établissements et de nouvelles bourses.",
}


def rss(items, language="en", closed=True):
    body = "".join(f"<item><title>{t}</title><link>{link}</link><guid isPermaLink=\"false\">{g}</guid>"
                   f"<pubDate>Wed, 06 Mar 2024 08:00:00 GMT</pubDate>{inner}</item>" for t, link, g, inner in items)
    doc = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           f"<channel><title>Gulf Science Wire</title><link>https://wire.example.org/</link><language>{language}</language>{body}")
    return doc + ("</channel></rss>" if closed else "")


def html_paragraphs(text):
    return "".join(f"<p>{p}</p>" for p in text.split("\n\n"))


def content(text):
    return f"<content:encoded><![CDATA[{html_paragraphs(text)}]]></content:encoded>"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


# ------------------------------------------------------------------ kinds and dispatch

def test_input_kinds():
    assert [input_kind(n) for n in ("a.txt", "a.MD", "p.html", "p.htm.gz", "f.rss", "f.xml", "f.atom", "e.jsonl",
                                    "e.csv.gz", "a.txt.gz", "x.pdf", "README")] == \
        ["text", "text", "html", "html", "feed", "feed", "feed", "jsonl", "csv", None, None, None]


def test_find_articles_takes_every_kind(tmp_path):
    for name in ("a.txt", "b.html", "c.htm.gz", "d.rss", "e.atom", "f.xml", "g.jsonl", "h.csv", "i.pdf", "j.json"):
        (tmp_path / name).write_bytes(b"x")
    paths, problems = find_articles([tmp_path])
    assert sorted(p.name for p in paths) == ["a.txt", "b.html", "c.htm.gz", "d.rss", "e.atom", "f.xml", "g.jsonl", "h.csv"]
    assert problems == []


# ------------------------------------------------------------------ pages

def test_page_main_text_and_metadata():
    a = parse_page(PAGE.encode(), "isdb.html")
    assert a.id == "isdb.html" and a.input == "isdb.html"
    assert a.title == "IsDB and Malaysia sign research memorandum"
    assert a.url == "https://harbour.example.com/2024/03/06/isdb-malaysia-mou?a=1&b=2"
    assert a.source == "Harbour Times" and a.declared_language == "en"
    assert str(a.published) == "2024-03-06"
    assert a.body.startswith("Dr. Farida Osmanova") and a.body.rstrip().endswith("the ministry said.")
    for name in FURNITURE_NAMES:
        assert name not in a.body, name


def test_page_gzipped_and_no_guessed_date(tmp_path):
    page = PAGE.replace('<meta property="article:published_time" content="2024-03-06T09:00:00+00:00">', "") \
        .replace("/2024/03/06/", "/world/")     # (a date in the URL is one the page states)
    p = tmp_path / "isdb.html.gz"
    p.write_bytes(gzip.compress(page.encode()))
    a = read_article(p)
    assert a.id == "isdb.html" and a.input == "isdb.html.gz"
    assert a.published is None        # the footer's "© 2024" is not a publication date


def test_page_without_article_body_is_refused():
    empty = "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav>" \
            "<footer>© 2024 Harbour Times</footer></body></html>"
    with pytest.raises(ArticleError, match="no article body"):
        parse_page(empty.encode(), "menu.html")


def test_encoding_that_lies():
    arabic = "<html><head><meta charset='windows-1256'></head><body><p>" + "وزير التعليم العالي " * 3 + "</p></body></html>"
    text, warnings = decode_page(arabic.encode("utf-8"), "lie.html")     # says windows-1256, is UTF-8
    assert "وزير التعليم العالي" in text and "bytes are UTF-8" in warnings[0]
    latin = "<html><head><meta charset='utf-8'></head><body><p>" + "Le ministre a reçu le délégué à Genève. " * 5 + "</p></body></html>"
    text, warnings = decode_page(latin.encode("cp1252"), "lie2.html")     # says UTF-8, is not
    assert "reçu le délégué à Genève" in text and "not utf-8" in warnings[0].lower()
    honest, none = decode_page(latin.encode("utf-8"), "ok.html")
    assert "reçu" in honest and none == []


# ------------------------------------------------------------------ feeds

def test_rss_entries_become_articles(tmp_path):
    p = tmp_path / "wire.rss"
    p.write_text(rss([("IsDB and Malaysia", "https://wire.example.org/1", "story-1", content(STORY_EN)),
                      ("Velmora", "https://wire.example.org/2", "", content(STORY_EN_2)),
                      ("Teaser", "https://wire.example.org/3", "story-3", "<description>Only one line of teaser.</description>")]),
                 encoding="utf-8")
    items = list(read_feed(p))
    first, second, teaser = items
    assert (first.id, first.title, first.url, first.source, first.record) == \
        ("story-1", "IsDB and Malaysia", "https://wire.example.org/1", "Gulf Science Wire", 1)
    assert str(first.published) == "2024-03-06" and first.declared_language == "en" and first.input == "wire.rss"
    assert first.body == STORY_EN
    assert second.id == "https://wire.example.org/2"            # no guid: the link
    assert isinstance(teaser, ArticleError) and "entry 3" in teaser.path and "one-line summary" in teaser.problem


def test_atom_entry_language_and_summary_fallback(tmp_path):
    p = tmp_path / "digest.atom"
    p.write_text('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Digest</title>'
                 '<id>urn:x</id><updated>2024-03-07T00:00:00Z</updated>'
                 '<entry xml:lang="ar"><id>urn:x:1</id><title>خبر</title><updated>2024-03-07T00:00:00Z</updated>'
                 '<summary type="html">' + "&lt;p&gt;استقبل وزير التعليم العالي وفد الجامعة.&lt;/p&gt;&lt;p&gt;وبحث الجانبان التعاون.&lt;/p&gt;"
                 + "</summary></entry></feed>", encoding="utf-8")
    (a,) = read_feed(p)
    assert a.id == "urn:x:1" and a.declared_language == "ar" and a.source == "Digest"
    assert a.body == "استقبل وزير التعليم العالي وفد الجامعة.\n\nوبحث الجانبان التعاون."
    assert a.published is None        # <updated> is when it changed, not when it was published


def test_malformed_and_cut_off_feeds(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><title>x</title><item><title>unclosed", encoding="utf-8")
    (err,) = list(read_inputs(broken))
    assert isinstance(err, ArticleError) and "broken.xml" in str(err)
    cut = tmp_path / "cut.rss"
    cut.write_text(rss([("A", "https://w.example/1", "a", content(STORY_EN)),
                        ("B", "https://w.example/2", "b", content(STORY_EN_2))], closed=False)[:-40], encoding="utf-8")
    items = list(read_inputs(cut))
    errors = [i for i in items if isinstance(i, ArticleError)]
    articles = [i for i in items if not isinstance(i, ArticleError)]
    assert [a.id for a in articles] == ["a"] and a_whole(articles[0])
    assert "cut off" in errors[0].problem and "entry 2" in errors[0].path
    not_feed = tmp_path / "sitemap.xml"
    not_feed.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>', encoding="utf-8")
    (err,) = list(read_inputs(not_feed))
    assert isinstance(err, ArticleError) and "sitemap.xml" in err.path


def test_feed_whose_declared_encoding_lies(tmp_path):
    arabic = "استقبل وزير التعليم العالي وفد الجامعة في القاهرة.\n\nوبحث الجانبان سبل التعاون العلمي."
    p = tmp_path / "lie.rss"
    p.write_bytes(rss([("خبر", "https://w.example/1", "a", content(arabic))])
                  .replace('encoding="utf-8"', 'encoding="iso-8859-1"').encode("utf-8"))
    (a,) = read_feed(p)
    assert a.body == arabic
    assert a.warnings == ["the feed declares charset 'iso-8859-1' but its bytes are UTF-8; read as UTF-8"]


def a_whole(article):
    return article.body == STORY_EN


# ------------------------------------------------------------------ exports

def test_jsonl_records_and_bad_lines(tmp_path):
    p = tmp_path / "export.jsonl"
    lines = [json.dumps({"id": "rec-1", "title": "IsDB", "body": STORY_EN, "date": "2024-03-06T10:00:00Z", "lang": "en",
                         "source": {"id": "ht", "name": "Harbour Times"}}),
             "{not json",
             "",
             json.dumps({"url": "https://x.example/2", "text": STORY_EN_2, "published": "Tue, 05 Mar 2024 10:00:00 GMT"}),
             json.dumps({"content": STORY_EN_2 + " Extra."}),
             json.dumps(["a", "list"]),
             json.dumps({"title": "no text here"})]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_records(p, "jsonl"))
    ok = [i for i in items if not isinstance(i, ArticleError)]
    bad = {i.path.rsplit(" ", 1)[-1]: i.problem for i in items if isinstance(i, ArticleError)}
    assert [(a.id, a.record, a.source, str(a.published)) for a in ok] == [
        ("rec-1", 1, "Harbour Times", "2024-03-06"), ("https://x.example/2", 4, "", "2024-03-05"),
        (ok[2].id, 5, "", "None")]
    assert ok[2].id.startswith("sha256-")          # neither id nor URL: a hash of the text, stable
    assert list(read_records(p, "jsonl"))[-3].id == ok[2].id
    assert set(bad) == {"2", "6", "7"}
    assert "not JSON" in bad["2"] and "JSON object" in bad["6"] and "--field text=" in bad["7"]


def test_csv_field_mapping_and_missing_text_column(tmp_path):
    p = tmp_path / "news.csv"
    p.write_text('headline,story,when,site\n"IsDB","' + STORY_EN.replace('"', '""') + '",2024-03-06,Harbour Times\n'
                 'short,,2024-03-06,x\n', encoding="utf-8")
    (err,) = list(read_records(p, "csv"))
    assert "no text column" in err.problem and "story" in err.problem and "--field text=COLUMN" in err.problem
    fmap = FieldMap.parse(["text=story", "published=when", "source=site", "title=headline"])
    items = list(read_records(p, "csv", fmap))
    assert items[0].title == "IsDB" and items[0].source == "Harbour Times" and str(items[0].published) == "2024-03-06"
    assert items[0].record == 1 and items[0].body == STORY_EN
    assert isinstance(items[1], ArticleError) and "row 2" in items[1].path
    with pytest.raises(ActorgraphError, match="not one of"):
        FieldMap.parse(["txet=story"])
    with pytest.raises(ActorgraphError, match="NAME=FIELD"):
        FieldMap.parse(["text"])


def test_csv_row_not_utf8(tmp_path):
    p = tmp_path / "latin.csv"
    p.write_bytes(b"text\n\"" + STORY_EN.encode() + b"\"\n\"Le d\xe9l\xe9gu\xe9 est arriv\xe9.\"\n")
    items = list(read_records(p, "csv"))
    assert items[0].body == STORY_EN
    assert isinstance(items[1], ArticleError) and "row 2" in items[1].path and "UTF-8" in items[1].problem


def test_large_export_is_streamed(tmp_path):
    """A 100 MB export: its first record arrives having read a few kilobytes, not the file."""
    p = tmp_path / "huge.jsonl"
    with open(p, "wb") as f:
        f.write((json.dumps({"id": "first", "text": STORY_EN}) + "\n").encode())
        f.truncate(100 * 2**20)          # the rest: 100 MB of NUL bytes (a sparse file, written at once)
    read = []
    import graph.sources.records as records
    real_open = records._open

    def counting_open(path):
        f = real_open(path)
        read.append(f)
        return f

    records._open = counting_open
    try:
        records_of = read_records(p, "jsonl")
        first = next(records_of)
        assert first.id == "first"
        assert read[0].tell() < 4 * 2**20      # read by lines of at most a record's size, not whole
        records_of.close()
    finally:
        records._open = real_open


def test_overlong_record_line_is_skipped_without_being_held(tmp_path, monkeypatch):
    import graph.sources.records as records
    monkeypatch.setattr(records, "MAX_RECORD", 1000)
    p = tmp_path / "e.jsonl"
    p.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"id": "ok", "text": STORY_EN}) + "\n")
    first, second = read_records(p, "jsonl")
    assert isinstance(first, ArticleError) and "line 1" in first.path and "longer than" in first.problem
    assert second.id == "ok" and second.record == 2


# ------------------------------------------------------------------ language

def test_covered_languages_come_from_the_rules(rules, tmp_path):
    assert covered_languages(rules) == ("ar", "en")
    folder = tmp_path / "rules"
    shutil.copytree(rules.folder, folder)
    lexicon = folder / "lexicon.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\nhonorifics_fr: [M., Mme]\n", encoding="utf-8")
    assert covered_languages(load_rules(folder)) == ("ar", "en", "fr")
    assert "fr" in detector_languages(folder, ("ar", "en", "fr"))


def test_arabic_persian_urdu_told_apart(rules):
    codes = detector_languages(rules.folder)
    arabic = open(DATA / "invented_ar.txt", encoding="utf-8").read().split("---", 2)[2]
    assert check(arabic, "", ("ar", "en"), codes).language == "ar"
    for lang, text in UNCOVERED.items():
        result = check(text, "", ("ar", "en"), codes)
        assert (result.language, result.covered) == (lang, False), lang


def test_declared_language_wins_when_plausible(rules):
    codes = detector_languages(rules.folder)
    mixed = STORY_EN + ' He quoted the saying «من جد وجد» before leaving for the airport.'
    assert check(mixed, "en-GB", ("ar", "en"), codes).language == "en"
    wrong = check(UNCOVERED["fa"], "en", ("ar", "en"), codes)       # a feed's channel says en: not plausible
    assert wrong.language == "fa" and "does not fit" in wrong.note
    assert check(STORY_EN, "fr", ("ar", "en"), codes).language == "en"
    assert normalise("English") == "en" and normalise("fas") == "fa" and normalise("xx") == ""


# ------------------------------------------------------------------ near-duplicates

def test_near_duplicates_found_and_distinct_stories_not():
    class A:
        def __init__(self, id, body):
            self.id, self.body = id, body
    long_story = STORY_EN + " " + STORY_EN_2
    pairs = near_duplicates([A("b", long_story + " Reuters."), A("a", long_story + " AFP."), A("c", STORY_EN_2 + " Other.")])
    assert [(p.first, p.second) for p in pairs] == [("a", "b")] and pairs[0].similarity >= 0.8


# ------------------------------------------------------------------ the whole build, through the CLI

def test_build_mixed_inputs_and_languages(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DATA / "invented_en_2.txt", src / "en_text.txt")
    shutil.copy(DATA / "invented_ar.txt", src / "ar_text.txt")
    for lang, text in UNCOVERED.items():
        (src / f"{lang}_story.txt").write_text(text + "\n", encoding="utf-8")
    (src / "mixed.txt").write_text(      # English quoting Arabic: English, built
        "The Minister of Education of Bahrain, Dr. Yousif Hashimi, opened the science week in Manama on Sunday. "
        "He quoted the motto of the week, «العلم نور والجهل ظلام», and said that «التعاون بين الجامعات ضرورة». "
        "Students from twelve universities presented their projects.\n", encoding="utf-8")
    (src / "page.html").write_text(PAGE, encoding="utf-8")
    (src / "empty.htm").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (src / "wire.rss").write_text(rss([("Velmora", "https://wire.example.org/2", "velmora-1", content(STORY_EN_2)),
                                       ("Urdu", "https://wire.example.org/3", "ur-1", content(UNCOVERED["ur"]))]),
                                  encoding="utf-8")
    (src / "broken.atom").write_text("<feed><entry><title>x", encoding="utf-8")
    (src / "export.jsonl").write_text(json.dumps({"id": "dup-1", "text": STORY_EN_2 + " (AFP)"}) + "\n{oops\n",
                                      encoding="utf-8")
    (src / "nocol.csv").write_text("headline,story\nA,B\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(out), "--jobs", "1", "--full"])
    assert result.exit_code == 0, result.output
    text = result.output
    for lang in ("fa", "ur", "tr", "fr"):
        assert f"language '{lang}' is not covered by the rules (ar, en); skipped" in text, lang
    assert "skipped, language not covered by the rules: fa 1 (fa_story.txt); fr 1 (fr_story.txt); " \
           "tr 1 (tr_story.txt); ur 2 (" in text
    assert "empty.htm: no article body" in text
    assert "broken.atom" in text and "export.jsonl: line 2: not JSON" in text
    assert "nocol.csv: no text column" in text
    assert "near-duplicates (both built): 1 pair(s): dup-1 ~ velmora-1" in text
    assert "SHACL violations: 0" in text
    g = Graph().parse(out / "graph.ttl")
    ids = sorted(str(o) for o in g.objects(None, SCHEMA.identifier))
    assert ids == ["ar_text.txt", "dup-1", "en_text.txt", "mixed.txt", "page.html", "velmora-1"]
    mixed = next(g.subjects(SCHEMA.identifier, Literal("mixed.txt")))
    assert g.value(mixed, SCHEMA.inLanguage) == Literal("en")
    page = next(g.subjects(SCHEMA.identifier, Literal("page.html")))
    assert g.value(page, SCHEMA.publisher) == Literal("Harbour Times")
    assert g.value(page, SCHEMA.headline).startswith("IsDB and Malaysia")
    assert g.value(page, SCHEMA.url) == URIRef("https://harbour.example.com/2024/03/06/isdb-malaysia-mou?a=1&b=2")
    entry = next(g.subjects(SCHEMA.identifier, Literal("velmora-1")))
    assert (g.value(entry, AG.inputFile), g.value(entry, AG.inputRecord)) == (Literal("wire.rss"), Literal(1))
    assert g.value(entry, SCHEMA.publisher) == Literal("Gulf Science Wire")
    labels = " ".join(str(o) for o in g.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert "Osmanova" in labels and "Velmora" in labels           # the page and the feed entry were mined
    for name in FURNITURE_NAMES:
        assert name not in labels, name
    again = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "out2"), "--jobs", "1", "--full"])
    assert again.exit_code == 0
    assert (out / "graph.trig").read_bytes() == (tmp_path / "out2" / "graph.trig").read_bytes()


def test_build_field_option(tmp_path):
    src = tmp_path / "news.csv"
    src.write_text('story,when\n"' + STORY_EN.replace('"', '""') + '",2024-03-06\n', encoding="utf-8")
    bad = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "o"), "--jobs", "1"])
    assert bad.exit_code == 1 and "no text column" in bad.output
    good = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "o"), "--jobs", "1",
                                     "--field", "text=story", "--field", "published=when"])
    assert good.exit_code == 0, good.output
    g = Graph().parse(tmp_path / "o" / "graph.ttl")
    art = next(g.subjects(AG.inputFile, Literal("news.csv")))
    assert str(g.value(art, SCHEMA.datePublished)) == "2024-03-06" and g.value(art, AG.inputRecord) == Literal(1)
    typo = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "o"), "--field", "txt=story"])
    assert typo.exit_code == 1 and "'txt' is not one of" in typo.output and "Traceback" not in typo.output
