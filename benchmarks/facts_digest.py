"""Every article's ArticleFacts as one line of text, to compare two checkouts' extraction exactly:

    PYTHONPATH=/work/wt-base /work/main/.venv/bin/python benchmarks/facts_digest.py /work/baseline/gen1k-src > main.txt
    .venv/bin/python benchmarks/facts_digest.py /work/baseline/gen1k-src > branch.txt
    cmp main.txt branch.txt

Each line is the article's file name and the SHA-256 of the repr of its ArticleFacts (sentences, mentions with
their attributes, entities, mentioned keys, facts, furniture dropped, candidates, warnings); --full writes the
repr itself, to see where two runs differ. An unreadable file is listed as such (reading is not extraction's).
"""
import argparse
import hashlib
from pathlib import Path

from graph.extract import extract_article
from graph.read import find_articles, read_article
from graph.ruleset import load_rules


def digest_lines(folders: list, full: bool = False):
    rules = load_rules()
    paths, _ = find_articles([Path(f) for f in folders])
    for p in paths:
        try:
            article = read_article(p)
        except Exception as e:   # the reader's business; listed so both runs see the same set
            yield f"{Path(p).name}\tunreadable {type(e).__name__}"
            continue
        text = repr(extract_article(article, rules))
        yield f"{Path(p).name}\t{text if full else hashlib.sha256(text.encode()).hexdigest()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--full", action="store_true", help="write the repr, not its hash")
    args = ap.parse_args()
    for line in digest_lines(args.folders, args.full):
        print(line)


if __name__ == "__main__":
    main()
