"""What language screening and near-duplicate detection cost in a build: detector load time and memory for
a few language sets and modes (each in a fresh process), and the reading stage of a build with and without
them on a folder of articles.

    python benchmarks/language_bench.py ../baseline/gen1k-src
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROBE = r"""
import json, resource, sys, time
from lingua import IsoCode639_1, LanguageDetectorBuilder
codes, low = sys.argv[1], sys.argv[2] == "low"
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
b = LanguageDetectorBuilder.from_all_languages() if codes == "all" else \
    LanguageDetectorBuilder.from_iso_codes_639_1(*[IsoCode639_1.from_str(c) for c in codes.split(",")])
d = (b.with_low_accuracy_mode() if low else b).with_preloaded_language_models().build()
d.detect_language_of("warm up")
print(json.dumps({"load_s": time.perf_counter() - t,
                  "rss_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}))
"""


def detector_cost(codes: str, mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, codes, mode], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def reading_cost(folder: Path) -> dict:
    from graph.build import Report, read_all
    from graph.read import find_articles
    from graph.ruleset import load_rules
    from graph.sources.language import _detector, covered_languages, detector_languages
    rules = load_rules()
    paths, _ = find_articles([folder])
    t = time.perf_counter()
    plain = read_all(paths, Report())
    t_plain = time.perf_counter() - t
    _detector(detector_languages(rules.folder, covered_languages(rules)))   # loaded once per process
    t = time.perf_counter()
    screened = read_all(paths, Report(), rules)
    t_screened = time.perf_counter() - t
    return {"articles": len(plain), "kept": len(screened), "read_s": t_plain, "read_screen_dedup_s": t_screened,
            "ms_per_article": 1000 * (t_screened - t_plain) / max(1, len(plain))}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    args = ap.parse_args(argv)
    from graph.ruleset import default_rules_dir, load_rules
    from graph.sources.language import covered_languages, detector_languages
    shipped = ",".join(detector_languages(default_rules_dir(), covered_languages(load_rules())))
    print("| detector | load s | memory MB |\n|---|---|---|")
    for codes, mode, label in ((shipped, "low", f"rules/languages.yaml ({len(shipped.split(','))}), low accuracy (used)"),
                               (shipped, "high", f"rules/languages.yaml ({len(shipped.split(','))}), high accuracy"),
                               ("en,ar,fa,ur", "low", "en, ar, fa, ur, low accuracy"),
                               ("all", "low", "all 75 languages, low accuracy")):
        c = detector_cost(codes, mode)
        print(f"| {label} | {c['load_s']:.2f} | {c['rss_mb']:.0f} |")
    r = reading_cost(args.folder)
    print(f"\nreading {r['articles']} articles of {args.folder.name}: {r['read_s']:.1f} s; with language screening "
          f"and near-duplicates {r['read_screen_dedup_s']:.1f} s ({r['ms_per_article']:.1f} ms an article more); "
          f"{r['kept']} kept")


if __name__ == "__main__":
    sys.exit(main())
