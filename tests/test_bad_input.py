"""Bad input (issue 7): every kind of bad file gets one clear message naming it, the rest still builds,
`build` fails only when nothing could be built, and the graph stays valid Turtle that round-trips.
Malformed rule files name the file, the line or entry and the problem, and nothing is written."""
import os
import re
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from graph import build, read
from graph.article import clean
from graph.cli import main
from graph.errors import ArticleError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
RULES = ROOT / "graph" / "rules"
GOOD = (SEEDS / "000_87fdbbdcd52c58ae.txt").read_bytes()
GOOD_TEXT = GOOD.decode("utf-8")
OTHER = (SEEDS / "003_cc9320cca218a934.txt").read_bytes()
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
HTML_PAGE = """<!DOCTYPE html>
<html><head><title>OIC chief meets envoy &amp; minister</title>
<style>body { color: red }</style><script>var stolen = document.cookie; evilTracker(stolen);</script></head>
<body><nav>Home | World | Sport</nav>
<p>The OIC Secretary General Hissein Brahim Taha met the Iranian Foreign Minister Abbas Araghchi in Jeddah.</p>
<!-- a comment that is not text -->
<p>They discussed the situation in Palestine &amp; the work of the Organization of Islamic Cooperation.</p>
<footer>Copyright 2025 Example News</footer></body></html>
"""
HOSTILE_NAMES = ('The OIC Secretary General Hissein Brahim Taha met Dr. Ali "Hassan" <b>Omar</b> \\ Khaled 😀 '
                 'and Ambassador Tariq 👩‍💻 Bakheet in Jeddah.\nDr. Zaid <script>alert("x")</script> Ahmed said '
                 '"\\n" is not a line end """ and \'\'\' are not quotes.\n')
MIXED = ("Dr. Ali Hassan met \u202eDr. Sami Ahmad\u202c in Baghdad. التقى الأمين العام لمنظمة التعاون الإسلامي "
         "\u2067حسين إبراهيم طه\u2069 بوزير الخارجية\x07\x1b[31m في جدة.\x00\u200f Then OIC\x0b\x0c said\x7f more.\n")


def article(name: str, body: str) -> str:
    """A small header block and BODY."""
    return f"---\ntitle: {name}\npublished: 2025-02-10\n---\n{body}"


def write(folder: Path, name: str, data) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def one_mb_line() -> str:
    """One line of about 1 MB: a sentence with a fact, then a run-on without any sentence end."""
    head = "The OIC Secretary General Hissein Brahim Taha met the Iranian Foreign Minister Abbas Araghchi in Jeddah. "
    filler = "and the talks went on about cooperation trade and culture between the peoples "
    return head + filler * (1_000_000 // len(filler))


def run_build(*args):
    return CliRunner().invoke(main, ["build", *map(str, args)])


def warnings_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("warning:")]


def assert_valid_turtle(path: Path):
    """graph.ttl parses (rdflib and Oxigraph agree on it) and round-trips through rdflib isomorphic."""
    g = rdflib.Graph().parse(path, format="turtle")
    assert len(g) > 0
    again = rdflib.Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert isomorphic(g, again)
    assert len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) == len(g)
    return g


# ------------------------------------------------------------------ the reader, one bad input at a time

def test_empty_and_blank_files_are_refused_naming_the_file(tmp_path):
    for name, data in [("empty.txt", b""), ("blank.txt", b" \n\r\n\t \n")]:
        with pytest.raises(ArticleError, match=rf"{name}: empty file"):
            read.read_article(write(tmp_path, name, data))
    with pytest.raises(ArticleError, match="no article text after the header"):
        read.read_article(write(tmp_path, "header-only.txt", "---\ntitle: x\n---\n\n"))


def test_binary_files_are_refused(tmp_path):
    with pytest.raises(ArticleError, match=r"picture\.txt: binary file"):
        read.read_article(write(tmp_path, "picture.txt", PNG))
    with pytest.raises(ArticleError, match="binary file"):
        read.parse_article(bytes(range(1, 32)) * 100, "controls.txt")
    with pytest.raises(ArticleError, match="binary file"):
        read.parse_article(b"\x7fELF\x02\x01\x01" + bytes(500), "program.txt")


def test_invalid_utf8_names_the_byte(tmp_path):
    raw = "Café in Tehran. ".encode("utf-8") + b"\xff\xfe broken" + b" more text"
    with pytest.raises(ArticleError, match=r"latin\.txt: not valid UTF-8 \(byte 17\)"):
        read.read_article(write(tmp_path, "latin.txt", raw))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_bom_and_utf16_give_the_same_article_as_utf8(encoding):
    plain = read.parse_article(GOOD, "a.txt")
    other = read.parse_article(GOOD_TEXT.encode(encoding), "a.txt")
    assert other.body == plain.body and other.sha256 == plain.sha256 and "\ufeff" not in other.body
    assert other.title == plain.title


def test_broken_utf16_is_refused_not_a_crash():
    for raw in (b"\xff\xfeA\x00B", b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8A\x00"):  # odd length, lone surrogate
        with pytest.raises(ArticleError, match="not valid UTF-16"):
            read.parse_article(raw, "u16.txt")


def test_crlf_and_lone_cr_read_like_lf():
    lf = article("Line ends", GOOD_TEXT)
    plain = read.parse_article(lf.encode(), "a.txt")
    for ending in ("\r\n", "\r", "\u2028", "\x85"):
        other = read.parse_article(lf.replace("\n", ending).encode(), "a.txt")
        assert (other.body, other.title, other.published) == (plain.body, "Line ends", plain.published)
        assert "\r" not in other.body


def test_50mb_article_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "dump.txt"
    with open(big, "wb") as f:
        for _ in range(50):
            f.write((GOOD_TEXT * (2**20 // len(GOOD) + 1)).encode()[:2**20])
    assert big.stat().st_size == 50 * 2**20
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("a 50 MB file must not be read"))
    with pytest.raises(ArticleError, match=r"dump\.txt: 50\.0 MB is larger than the 2 MB an article may have"):
        read.read_article(big)


def test_a_1mb_line_is_cut_into_bounded_sentences_and_keeps_its_facts():
    line = one_mb_line()
    a = read.parse_article(line.encode(), "line.txt")
    assert not any("cut into pieces" in w for w in a.warnings)   # reading splits no sentence: the cleaner does, once
    cleaned = clean.clean(a.body, [])
    sentences = cleaned.sentences
    assert cleaned.cut == 1 and clean.cut_warning(cleaned.cut).startswith("1 sentence(s) longer than 1500 characters cut")
    assert max(len(s.text) for s in sentences) <= clean.MAX_SENTENCE
    assert sum(len(s.text) for s in sentences) >= len(line.replace(" ", "")) * 0.99  # nothing dropped
    assert all(a.body[s.start:s.start + len(s.text)] == s.text for s in sentences)  # offsets still right
    no_space = clean.clean("x" * 10_000, []).sentences
    assert [len(s.text) for s in no_space] == [clean.MAX_SENTENCE] * 6 + [1000]


def test_html_saved_as_text_keeps_only_visible_text():
    a = read.parse_article(HTML_PAGE.encode(), "page.txt")
    assert a.title == "OIC chief meets envoy & minister"
    assert "Hissein Brahim Taha met" in a.body and "Palestine & the work" in a.body
    for hidden in ("stolen", "evilTracker", "color: red", "Home | World", "a comment", "<p>", "&amp;", "Copyright"):
        assert hidden not in a.body
    assert any("HTML page" in w for w in a.warnings)
    text = "Plain text that mentions <html> and <script> in passing is not HTML."
    assert read.parse_article(text.encode(), "t.txt").body == text


def test_malformed_header_blocks():
    unclosed = read.parse_article(b"---\ntitle: never closed\n\nThe OIC met in Jeddah.", "a.txt")
    assert "The OIC met in Jeddah." in unclosed.body and any("never closed" in w for w in unclosed.warnings)
    odd = read.parse_article("---\ntitle: \"Quoted\"\nthis line has no colon\npublished: 2025-02-30\n"
                             "title: second\nlanguage: fr\n---\nThe OIC met in Jeddah.".encode(), "b.txt")
    assert odd.title == "Quoted" and odd.body == "The OIC met in Jeddah." and odd.published is None
    assert odd.language == "en" and odd.declared_language == "fr"   # the build weighs it (test_sources)
    text = " | ".join(odd.warnings)
    for expected in ("without 'key: value'", "not a real date", "given twice"):
        assert expected in text


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    p = write(tmp_path, "secret.txt", GOOD)
    if os.geteuid() != 0:  # a real permission error (root reads anything)
        p.chmod(0)
        try:
            with pytest.raises(ArticleError, match=r"secret\.txt: cannot be read \(permission denied\)"):
                read.read_article(p)
        finally:
            p.chmod(0o644)
    real = Path.read_bytes

    def denied(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", denied)  # as root, chmod 000 does not stop reading: simulate it
    with pytest.raises(ArticleError, match=r"secret\.txt: cannot be read \(permission denied\)"):
        read.read_article(p)


def test_directory_symlink_loop_is_walked_once(tmp_path):
    write(tmp_path, "corpus/a.txt", GOOD)
    write(tmp_path, "corpus/sub/b.txt", OTHER)
    (tmp_path / "corpus" / "sub" / "loop").symlink_to(tmp_path / "corpus", target_is_directory=True)
    (tmp_path / "corpus" / "self").symlink_to(".", target_is_directory=True)
    (tmp_path / "corpus" / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "corpus" / "pipe.txt")  # reading it would wait for ever
    found, problems = read.find_articles([tmp_path / "corpus"])
    assert [p.name for p in found] == ["a.txt", "b.txt", "dangling.txt"]
    assert len([p for p in problems if "same folder" in p]) == 2 and len(problems) == 3
    assert any("pipe.txt: not a regular file" in p for p in problems)


def test_mixed_direction_text_loses_controls_keeps_letters():
    a = read.parse_article(MIXED.encode(), "mixed.txt")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", a.body)
    assert "حسين إبراهيم طه" in a.body and "Dr. Sami Ahmad" in a.body and "\u200f" in a.body  # marks kept
    assert any("control characters" in w for w in a.warnings) and any("bidirectional" in w for w in a.warnings)


# ------------------------------------------------------------------ the whole bad corpus through `build`

BAD = {  # file -> what its one warning says
    "empty.txt": "empty file",
    "picture.txt": "binary file",
    "latin1.txt": "not valid UTF-8",
    "bom.txt": None,                     # the BOM copy of good.txt is the same article, and comes first
    "good.txt": "same text as",
    "utf16.txt": "decoded as UTF-16",
    "crlf.txt": "same text as",          # so is the CRLF copy
    "dump.txt": "larger than the 2 MB",
    "oneline.txt": "cut into pieces",
    "page.txt": "HTML page",
    "header.txt": "never closed",
    "secret.txt": "permission denied",
    "copy-of-good.txt": "same text as",
    "mixed.txt": "control characters replaced by spaces; bidirectional override/isolate characters removed",
    "names.txt": None,
}


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    src = root / "corpus"
    write(src, "good.txt", GOOD)
    write(src, "empty.txt", b"")
    write(src, "picture.txt", PNG)
    write(src, "latin1.txt", GOOD_TEXT.replace("Karim", "Kárim").encode("latin-1", "replace"))
    write(src, "bom.txt", b"\xef\xbb\xbf" + GOOD)
    write(src, "utf16.txt", OTHER.decode().encode("utf-16"))
    write(src, "crlf.txt", GOOD.replace(b"\n", b"\r\n"))
    with open(src / "dump.txt", "wb") as f:
        f.truncate(50 * 2**20)
    write(src, "oneline.txt", one_mb_line())
    write(src, "page.txt", HTML_PAGE)
    write(src, "header.txt", "---\ntitle: unclosed\n\n" + GOOD_TEXT.replace("Karim", "Karem"))
    write(src, "secret.txt", "The OIC Secretary General met in Jeddah.")
    write(src, "sub/copy-of-good.txt", GOOD)
    write(src, "mixed.txt", MIXED)
    write(src, "names.txt", article("Names </script><script>alert('t')</script> \\ \" 😀", HOSTILE_NAMES))
    write(src, os.fsdecode(b"caf\xe9.txt"), GOOD_TEXT.replace("Karim", "Kamal"))  # a Latin-1 file name
    write(src, "line\nbreak.txt", GOOD_TEXT.replace("Karim", "Kazem"))           # a newline in the name
    (src / "sub" / "loop").symlink_to(src, target_is_directory=True)
    out = root / "out"
    mp = pytest.MonkeyPatch()
    real = Path.read_bytes
    mp.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
               if self.name == "secret.txt" else real(self))  # root ignores chmod 000
    try:
        result = run_build(src, "--out", out)
    finally:
        mp.undo()
    return src, out, result


def test_bad_corpus_builds_the_rest_and_exits_zero(bad_corpus):
    src, out, result = bad_corpus
    assert result.exit_code == 0, result.output
    assert "articles: 9 built of 17 found" in result.output
    assert all(line.startswith(("warning: ", "articles: ", "entities: ", "posts: ", "warnings: ", "written to ",
                                     "near-duplicates ", "skipped, language "))
               for line in result.output.splitlines()), result.output
    for name in ("graph.ttl", "graph.trig", "network.html", "centrality.csv", "manifest.json"):
        assert (out / name).is_file()


def test_each_problem_is_reported_once_by_file(bad_corpus):
    src, out, result = bad_corpus
    lines = warnings_of(result)
    assert len(lines) == len(set(lines))
    for name, says in BAD.items():
        mine = [line for line in lines if re.search(rf"[/\\]{re.escape(name)}:", line)]
        if says is None:
            assert not mine, mine
            continue
        assert len(mine) == 1, (name, mine)
        assert says in mine[0], (name, mine)
    assert len([line for line in lines if "same folder" in line]) == 1
    assert not any("Traceback" in line for line in result.output.splitlines())


def test_bad_corpus_graph_is_valid_and_round_trips(bad_corpus):
    src, out, result = bad_corpus
    g = assert_valid_turtle(out / "graph.ttl")
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, g)
    ids = sorted(str(o) for o in g.objects(None, rdflib.URIRef("https://schema.org/identifier")))
    assert ids == ["bom.txt", "caf\ufffd.txt", "header.txt", "line break.txt", "mixed.txt", "names.txt", "oneline.txt",
                   "page.txt", "utf16.txt"]
    literals = " ".join(str(o) for o in g.objects() if isinstance(o, rdflib.Literal))
    assert "Names </script><script>alert('t')</script> \\ \" 😀" in literals  # the headline, intact
    assert "evilTracker" not in literals and "\u202e" not in literals and "\x07" not in literals


def test_same_name_in_two_folders_is_two_articles(tmp_path):
    write(tmp_path, "src/a/story.txt", GOOD)
    write(tmp_path, "src/b/story.txt", OTHER)
    result = run_build(tmp_path / "src", "--out", tmp_path / "out")
    assert result.exit_code == 0 and "articles: 2 built of 2 found" in result.output
    assert len(warnings_of(result)) == 1 and "also named story.txt" in warnings_of(result)[0]
    g = assert_valid_turtle(tmp_path / "out" / "graph.ttl")
    articles = set(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/actorgraph/ontology#Article")))
    assert len(articles) == 2


def test_nothing_buildable_exits_nonzero_and_keeps_previous_outputs(tmp_path):
    write(tmp_path, "good/a.txt", GOOD)
    out = tmp_path / "out"
    assert run_build(tmp_path / "good", "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    write(tmp_path, "bad/empty.txt", b"")
    write(tmp_path, "bad/picture.txt", PNG)
    result = run_build(tmp_path / "bad", "--out", out)
    assert result.exit_code == 1
    assert "no article could be built" in result.output and "picture.txt: binary file" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    nothing = run_build(tmp_path / "no-such-folder", "--out", tmp_path / "new")
    assert nothing.exit_code == 1 and "no-such-folder: no such file or folder" in nothing.output
    assert not (tmp_path / "new").exists()


# ------------------------------------------------------------------ malformed rule files

def rules_copy(tmp_path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(RULES, dst, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return dst


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def break_yaml(rules: Path):
    p = rules / "furniture.yaml"
    text = p.read_text(encoding="utf-8")
    p.write_text(text + "\n  - id: broken\n    pattern: [unclosed\n", encoding="utf-8")
    return "furniture.yaml", r"line \d+", "not valid YAML"


def add_furniture_rule(rules: Path, entry_id: str, fields: str):
    """Append a furniture rule; (file, where the error must point) for the bad-rule cases below."""
    p = rules / "furniture.yaml"
    p.write_text(p.read_text(encoding="utf-8") + f"\n  - id: {entry_id}\n{fields}", encoding="utf-8")
    return "furniture.yaml", rf"id '{entry_id}'\), line {line_of(p, f'id: {entry_id}')}"


def bad_regex(rules: Path):
    return (*add_furniture_rule(rules, "bad-regex", "    pattern: 'Copyright (\\d+'\n"),
            "bad regular expression at position")


def unknown_key(rules: Path):
    return *add_furniture_rule(rules, "odd", "    pattern: 'x'\n    colour: red\n"), "unknown key(s): colour"


def duplicate_id(rules: Path):
    p = rules / "gazetteer" / "countries.yaml"
    p.write_text(p.read_text(encoding="utf-8").rstrip("\n") + "\n- id: afghanistan\n  type: Person\n  name: Someone\n",
                 encoding="utf-8")
    n = len(p.read_text(encoding="utf-8").splitlines()) - 2
    return "countries.yaml", rf"id 'afghanistan'\), line {n}", "duplicate id, first defined in countries.yaml"


def not_utf8(rules: Path):
    p = rules / "roles.yaml"
    p.write_bytes(p.read_bytes() + b"\n# caf\xe9\n")
    return "roles.yaml", "file", "cannot be read"


def pattern_not_text(rules: Path):
    return *add_furniture_rule(rules, "number", "    pattern: 12345\n"), "pattern must be text"


def unknown_slot(rules: Path):
    p = rules / "patterns" / "posts.yaml"
    text = p.read_text(encoding="utf-8")
    m = re.search(r"(?m)^(\s*)pattern: (.*)$", text)
    p.write_text(text[:m.start(2)] + "'{Q:who} was named'" + text[m.end(2):], encoding="utf-8")
    return "posts.yaml", r"entry 0 .*line \d+", "unknown slot {Q}"


@pytest.mark.parametrize("breakage", [break_yaml, bad_regex, unknown_key, duplicate_id, not_utf8,
                                      pattern_not_text, unknown_slot])
def test_malformed_rule_file_names_file_entry_problem_and_writes_nothing(tmp_path, breakage):
    rules = rules_copy(tmp_path)
    assert run_build(SEEDS / "000_87fdbbdcd52c58ae.txt", "--rules", rules, "--out", tmp_path / "out").exit_code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    file, where, problem = breakage(rules)
    for out in (tmp_path / "out", tmp_path / "fresh" / "out"):
        result = run_build(SEEDS, "--rules", rules, "--out", out)
        assert result.exit_code == 1
        assert isinstance(result.exception, SystemExit), result.exception  # a message, not a traceback
        message = result.output.strip().splitlines()[-1]
        assert message.startswith("Error: ") and file in message and problem in message, message
        assert re.search(where, message), message
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()} == before
    assert not (tmp_path / "fresh").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.tmp")]


def test_a_full_disk_stops_the_build_with_one_line_and_keeps_the_previous_outputs(tmp_path, monkeypatch):
    """An error of the system while the outputs are written (here the disk filling up) ends the build with
    one line and exit code 1, not a traceback; the previous outputs stay as they were, nothing is left over."""
    import errno
    out = tmp_path / "out"
    assert run_build(SEEDS, "--out", out, "--jobs", "1").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(build, "write_manifest", full)
    result = run_build(SEEDS, "--out", out, "--jobs", "1", "--full")
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]   # no half-written folder
