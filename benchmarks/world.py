"""The synthetic world the generator writes about: entities, their names and the posts people hold.

Known entities come from the gazetteer (graph/rules/gazetteer/*.yaml, read with PyYAML
directly; a small built-in list stands in while it is empty). Invented people, universities
and cities are added so that the extractor's unknown-name paths are exercised. Everything
is drawn from one random.Random(seed), so the same (articles, seed) gives the same world.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

GAZETTEER = Path(__file__).resolve().parent.parent / "graph" / "rules" / "gazetteer"


@dataclass
class Ent:
    """One entity: the gold canonical name, its surface forms per language, other names."""

    key: str                      # canonical gold name (the same in every article)
    type: str                     # persons | organizations | countries | places
    en: str = ""                  # the form written in English text ("" if never used there)
    ar: str = ""                  # the form written in Arabic text
    alt: list = field(default_factory=list)
    kind: str = ""
    country: "Ent | None" = None
    acronym: str = ""             # an all-caps alias, written in parentheses now and then
    formal_ar: str = ""           # countries: "جمهورية طاجيكستان"
    invented: bool = False        # not in the gazetteer

    def gold(self) -> dict:
        names = [n for n in dict.fromkeys([self.en, self.ar, self.acronym, self.formal_ar, *self.alt]) if n and n != self.key]
        return {"name": self.key, "alt": names} if names else {"name": self.key}


@dataclass
class Post:
    """A person holding a role at an organisation or for a country."""

    person: Ent
    role_en: str
    role_ar: str
    org: Ent
    portfolio: tuple = ()         # ministers: (English portfolio, Arabic portfolio)

    def gold(self) -> dict:
        orgs = [self.org.key] + ([self.org.country.key] if self.org.kind == "ministry" and self.org.country else [])
        return {"person": self.person.key, "role": [r for r in (self.role_en, self.role_ar) if r], "organization": orgs}


# --- built-in vocabulary -------------------------------------------------------------------

FALLBACK = [  # used only while the gazetteer folder is empty
    ("oic", "Organization", "igo", "Organization of Islamic Cooperation", "منظمة التعاون الإسلامي", ["OIC"], ""),
    ("comstech", "Organization", "committee", "COMSTECH", "الكومستيك", ["COMSTECH"], ""),
    ("icesco", "Organization", "igo", "ICESCO", "الإيسيسكو", ["ICESCO"], ""),
    ("isdb", "Organization", "bank", "Islamic Development Bank", "البنك الإسلامي للتنمية", ["IsDB"], ""),
    ("sesric", "Organization", "centre", "SESRIC", "مركز أنقرة", ["SESRIC"], ""),
    ("iut", "Organization", "university", "Islamic University of Technology", "الجامعة الإسلامية للتكنولوجيا", ["IUT"], "bangladesh"),
    ("irna", "Organization", "news-agency", "Islamic Republic News Agency", "وكالة الجمهورية الإسلامية للأنباء", ["IRNA"], "iran"),
    ("pakistan", "Country", "country", "Pakistan", "باكستان", ["Islamic Republic of Pakistan"], ""),
    ("iran", "Country", "country", "Iran", "إيران", ["Islamic Republic of Iran", "جمهورية إيران الإسلامية"], ""),
    ("egypt", "Country", "country", "Egypt", "مصر", ["جمهورية مصر العربية"], ""),
    ("tajikistan", "Country", "country", "Tajikistan", "طاجيكستان", ["جمهورية طاجيكستان"], ""),
    ("bangladesh", "Country", "country", "Bangladesh", "بنغلاديش", [], ""),
    ("saudi-arabia", "Country", "country", "Saudi Arabia", "السعودية", ["المملكة العربية السعودية"], ""),
    ("turkiye", "Country", "country", "Türkiye", "تركيا", ["Turkey", "جمهورية تركيا"], ""),
    ("malaysia", "Country", "country", "Malaysia", "ماليزيا", [], ""),
    ("morocco", "Country", "country", "Morocco", "المغرب", ["المملكة المغربية"], ""),
    ("islamabad", "Place", "capital", "Islamabad", "إسلام آباد", [], "pakistan"),
    ("tehran", "Place", "capital", "Tehran", "طهران", [], "iran"),
    ("cairo", "Place", "capital", "Cairo", "القاهرة", [], "egypt"),
    ("jeddah", "Place", "city", "Jeddah", "جدة", [], "saudi-arabia"),
    ("dushanbe", "Place", "capital", "Dushanbe", "دوشنبه", [], "tajikistan"),
    ("rabat", "Place", "capital", "Rabat", "الرباط", [], "morocco"),
    ("kuala-lumpur", "Place", "capital", "Kuala Lumpur", "كوالالمبور", [], "malaysia"),
    ("ankara", "Place", "capital", "Ankara", "أنقرة", [], "turkiye"),
    ("dhaka", "Place", "capital", "Dhaka", "دكا", [], "bangladesh"),
]

GIVEN_EN = ["Ahmed", "Ali", "Hassan", "Omar", "Karim", "Tariq", "Yusuf", "Ibrahim", "Khalid", "Salim", "Farid",
            "Hamid", "Javed", "Imran", "Bilal", "Reza", "Mehdi", "Murat", "Emre", "Anwar", "Aziz", "Nasser",
            "Rashid", "Mustafa", "Zahid", "Amina", "Fatima", "Leila", "Maryam", "Nadia", "Sara", "Huda", "Ayesha",
            "Abdullah", "Mahmoud", "Kamal", "Jamal", "Saeed", "Faisal", "Sultan", "Ismail", "Hamza", "Osman"]
SYL_EN = ["kar", "dan", "vel", "mir", "zad", "tol", "ba", "ri", "nur", "ham", "sha", "qas", "lin", "dor", "ves",
          "ta", "mo", "ran", "bek", "ul", "zar", "hel", "per", "gon", "sim", "ka", "lo", "fer", "nes", "ab"]
SUFFIX_EN = ["i", "ov", "zadeh", "ani", "oglu", "ari", "bek", "ullah", "ian", "ov", "i", "wal", "ri"]
CITY_SUFFIX_EN = ["abad", "pur", "kent", "grad", "ston", "ia", "an", "shahr", "dara", "mere"]
GIVEN_AR = ["محمد", "أحمد", "علي", "حسن", "خالد", "سالم", "طارق", "يوسف", "عمر", "إبراهيم", "فيصل", "ماجد",
            "ناصر", "كريم", "سعيد", "صالح", "جمال", "كمال", "مصطفى", "محمود", "منصور", "عادل", "هشام", "وليد",
            "فاطمة", "مريم", "نورة", "سارة", "ليلى", "عبد الله", "عبد العزيز", "سلطان", "حمزة", "بلال"]
SYL_AR = ["كر", "دا", "نو", "سا", "ري", "مي", "با", "طو", "زا", "فر", "لا", "حا", "قو", "شا", "تي", "وا", "جو"]
ROLES = {  # org kind -> [(English role, Arabic role, weight)]
    "igo": [("Secretary General", "الأمين العام", 3), ("Assistant Secretary General", "الأمين العام المساعد", 2),
            ("Director-General", "المدير العام", 2)],
    "committee": [("Coordinator General", "المنسق العام", 3), ("Chairman", "رئيس", 1)],
    "university": [("Rector", "رئيس", 3), ("Vice-Chancellor", "مدير", 1), ("President", "رئيس", 1)],
    "other": [("Director-General", "المدير العام", 2), ("President", "رئيس", 2), ("Director", "مدير", 1),
              ("Chairman", "رئيس", 1)],
}
PORTFOLIOS = [("Science and Technology", "العلوم والتكنولوجيا"), ("Higher Education", "التعليم العالي"),
              ("Foreign Affairs", "الخارجية"), ("Education", "التربية والتعليم"), ("Health", "الصحة"),
              ("Higher Education and Scientific Research", "التعليم العالي والبحث العلمي")]
UNIVERSITY_EN = ["University of {}", "{} University", "{} University of Technology", "{} Institute of Technology"]
UNIVERSITY_AR = ["جامعة {}", "معهد {} للتكنولوجيا", "جامعة {} للعلوم والتكنولوجيا"]
BODY_EN = ["{} Academy of Sciences", "{} Science Foundation", "{} Research Centre", "{} Council for Higher Education"]
BODY_AR = ["أكاديمية {} للعلوم", "مركز {} للبحوث", "مجلس {} للتعليم العالي"]


# --- the gazetteer ---------------------------------------------------------------------------

def _is_ar(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def load_gazetteer(folder: Path = GAZETTEER) -> list[dict]:
    """Entity mappings from every gazetteer file (unreadable files are skipped, with the reason)."""
    entries = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, OSError) as e:
            print(f"generate: gazetteer file {path.name} skipped ({e.__class__.__name__})")
            continue
        entries += [e for e in data.get("entities") or [] if isinstance(e, dict) and e.get("id") and e.get("name")]
    return entries


def fallback_entries() -> list[dict]:
    out = []
    for ident, typ, kind, en, ar, aliases, country in FALLBACK:
        e = {"id": ident, "type": typ, "kind": kind, "name": {"en": en, "ar": ar}, "aliases": aliases}
        if country:
            e["country"] = country
        out.append(e)
    return out


def _ent_from_entry(e: dict) -> Ent:
    name = e["name"] if isinstance(e["name"], dict) else {"en": str(e["name"])}
    aliases = [str(a) for a in e.get("aliases") or []]
    en = str(name.get("en", ""))
    ar = str(name.get("ar") or next((a for a in aliases if _is_ar(a)), ""))
    acronym = next((a for a in aliases if a.isupper() and " " not in a and 2 <= len(a) <= 8 and not _is_ar(a)), "")
    formal = next((a for a in aliases if _is_ar(a) and a.split()[0] in ("جمهورية", "المملكة", "دولة", "سلطنة")), "")
    typ = {"Person": "persons", "Organization": "organizations", "Country": "countries", "Place": "places"}[e["type"]]
    return Ent(key=en, type=typ, en=en, ar=ar, alt=[a for a in aliases if a not in (en, ar)],
               kind=str(e.get("kind", "")), acronym=acronym, formal_ar=formal)


# --- invented names ---------------------------------------------------------------------------

def invented_word(rng: random.Random, syllables, suffixes, n=(2, 3)) -> str:
    return ("".join(rng.choice(syllables) for _ in range(rng.randint(*n))) + rng.choice(suffixes)).capitalize()


def invented_ar_word(rng: random.Random, n=(2, 3)) -> str:
    return "".join(rng.choice(SYL_AR) for _ in range(rng.randint(*n)))


class World:
    """All the entities of one generated corpus, grouped the way the sentence shapes need them."""

    def __init__(self, articles: int, seed: int, gazetteer: list[dict] | None = None):
        rng = random.Random(f"world:{seed}")
        entries = gazetteer if gazetteer is not None else load_gazetteer()
        self.from_gazetteer = bool(entries)
        by_id = {}
        for e in entries or fallback_entries():
            if e.get("type") in ("Person", "Organization", "Country", "Place") and isinstance(e.get("name"), dict):
                by_id[e["id"]] = (_ent_from_entry(e), e)
        for ent, e in by_id.values():
            if e.get("country") in by_id:
                ent.country = by_id[e["country"]][0]
        ents = [ent for ent, _ in by_id.values() if ent.en]
        self.countries = [x for x in ents if x.type == "countries" and x.ar]
        self.cities = [x for x in ents if x.type == "places" and x.kind in ("city", "capital", "") and x.country]
        orgs = [x for x in ents if x.type == "organizations"]
        self.agencies = [x for x in orgs if x.kind == "news-agency"]
        self.orgs = [x for x in orgs if x.kind not in ("news-agency", "ministry", "department", "party", "company")]
        self._ministries = {x.key: x for x in orgs if x.kind == "ministry" and x.country}
        self.known_people = [x for x in ents if x.type == "persons"]
        self._invent(rng, articles)
        self._assign_posts(rng)

    def _invent(self, rng: random.Random, articles: int) -> None:
        seen = {x.key for x in self.countries + self.cities + self.orgs}
        for _ in range(10 + articles // 80):   # invented cities, each in a known country
            en = invented_word(rng, SYL_EN, CITY_SUFFIX_EN)
            ar = invented_ar_word(rng) + rng.choice(["آباد", "ستان", "ية", "كند"])
            if en in seen:
                continue
            seen.add(en)
            city = Ent(key=en, type="places", en=en, ar="", kind="city", country=rng.choice(self.countries), invented=True)
            city_ar = Ent(key=ar, type="places", en="", ar=ar, kind="city", country=city.country, invented=True)
            self.cities += [city, city_ar]
        invented_cities = [c for c in self.cities if c.invented]
        for _ in range(8 + articles // 30):    # invented universities and bodies
            city = rng.choice(invented_cities)
            pattern_en, pattern_ar = (UNIVERSITY_EN, UNIVERSITY_AR) if rng.random() < 0.75 else (BODY_EN, BODY_AR)
            if city.en:
                name, kind = rng.choice(pattern_en).format(city.en), "university" if pattern_en is UNIVERSITY_EN else "centre"
                if name not in seen:
                    seen.add(name)
                    self.orgs.append(Ent(key=name, type="organizations", en=name, kind=kind, country=city.country, invented=True))
            else:
                name, kind = rng.choice(pattern_ar).format(city.ar), "university" if pattern_ar is UNIVERSITY_AR else "centre"
                if name not in seen:
                    seen.add(name)
                    self.orgs.append(Ent(key=name, type="organizations", ar=name, kind=kind, country=city.country, invented=True))
        self.people_en = list(self.known_people)
        self.people_ar = [p for p in self.known_people if p.ar]
        names = set()
        for _ in range(60 + articles // 2):
            given = rng.choice(GIVEN_EN) + (" " + rng.choice(GIVEN_EN) if rng.random() < 0.3 else "")
            name = f"{given} {invented_word(rng, SYL_EN, SUFFIX_EN)}"
            if name not in names:
                names.add(name)
                self.people_en.append(Ent(key=name, type="persons", en=name, alt=[name.split()[-1]], invented=True))
        for _ in range(20 + articles // 8):
            name = f"{rng.choice(GIVEN_AR)} {rng.choice(GIVEN_AR)} ال{invented_ar_word(rng)}ي"
            if name not in names:
                names.add(name)
                self.people_ar.append(Ent(key=name, type="persons", ar=name, invented=True))

    def ministry(self, country: Ent, portfolio: tuple) -> Ent:
        """The ministry a minister's title names: the gazetteer's when it has it, else a new one."""
        en, ar = portfolio
        key = f"Ministry of {en} of {country.en}"
        ministry = self._ministries.get(key)
        if ministry is None:
            ar_name = f"وزارة خارجية {country.ar}" if ar == "الخارجية" else f"وزارة {ar} في {country.ar}"
            ministry = self._ministries[key] = Ent(key=key, type="organizations", en=key, ar=ar_name,
                                                   kind="ministry", country=country, invented=True)
        for alt in (f"{country.en}'s Ministry of {en}", f"{country.en} Ministry of {en}", f"Ministry of {en}", "وزارة " + ar):
            if alt not in ministry.alt:
                ministry.alt.append(alt)
        return ministry

    def _assign_posts(self, rng: random.Random) -> None:
        """Every person holds one post for the whole corpus (people keep their jobs across articles)."""
        self.posts_en, self.posts_ar = [], []
        for people, posts, lang in ((self.people_en, self.posts_en, "en"), (self.people_ar, self.posts_ar, "ar")):
            orgs = [o for o in self.orgs if getattr(o, lang)]
            for person in people:
                if rng.random() < 0.25:   # a minister
                    portfolio = rng.choice(PORTFOLIOS)
                    org = self.ministry(rng.choice(self.countries), portfolio)
                    posts.append(Post(person, "Minister", "وزير", org, portfolio))
                elif rng.random() < 0.08:  # an ambassador
                    country = rng.choice(self.countries)
                    posts.append(Post(person, "Ambassador", "سفير", country))
                else:
                    org = rng.choice(orgs)
                    table = ROLES.get(org.kind, ROLES["other"])
                    en, ar, _ = rng.choices(table, weights=[w for *_, w in table])[0]
                    posts.append(Post(person, en, ar, org))
