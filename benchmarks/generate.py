"""Generate a deterministic synthetic news corpus, with the gold of what it planted.

    python benchmarks/generate.py --articles 1000 --seed 1 --out /tmp/gen-1000
    # articles in /tmp/gen-1000/, gold in /tmp/gen-1000-gold/ (or --gold DIR)

The same --articles and --seed give byte-identical files, whatever --jobs is: every
article draws from its own random.Random(f"{seed}:{index}"), and the world (entities
and the posts people hold) from random.Random(f"world:{seed}"). English and Arabic come
roughly 4:1, 250-700 words, with a header block; about 2% of the files are defective
(empty, binary, invalid UTF-8, unterminated header) and have no gold.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shapes import SHAPES, TOPICS_AR, TOPICS_EN, Story  # noqa: E402
from world import World, load_gazetteer  # noqa: E402

FILLER_EN = [
    "The two sides reviewed the progress made since their last meeting and agreed to meet again next year.",
    "Participants stressed the importance of joint research programmes and the exchange of students and faculty members.",
    "The discussions covered capacity building, laboratory accreditation and access to scientific journals.",
    "Speakers noted that investment in research and development remains below the global average in many member states.",
    "A number of recommendations were adopted at the end of the session, including the creation of a joint working group.",
    "The programme includes training courses, short research visits and an annual award for young scientists.",
    "Both parties expressed their satisfaction with the level of cooperation achieved so far.",
    "It was agreed that a follow-up committee would monitor the implementation of the decisions taken.",
    "The organisers said more than two hundred researchers, policy makers and students had registered for the event.",
    "Several universities presented their experience in online teaching and the digital transformation of their campuses.",
    "The meeting also discussed ways of mobilising funding for projects that serve the least developed member states.",
    "Experts called for closer links between universities, industry and government in order to turn research into products.",
    "Attention was drawn to the growing need for skilled graduates in engineering, medicine and information technology.",
    "A scholarship scheme for postgraduate students from member states was presented to the participants.",
    "The sessions were followed by a field visit to research laboratories and a technology incubator.",
    "Officials said the initiative would be open to all universities that wish to take part.",
    "The statement issued at the end of the meeting called for regular consultations between the institutions concerned.",
    "Questions of quality assurance, the mutual recognition of degrees and academic mobility were also raised.",
    "Delegates agreed that science diplomacy can help build trust and understanding between nations.",
    "The workshop ended with a visit to the science museum and a cultural evening for the guests.",
]
FILLER_AR = [
    "واستعرض الجانبان التقدم المحرز منذ اللقاء السابق واتفقا على مواصلة التنسيق خلال الفترة المقبلة.",
    "وأكد المشاركون أهمية البرامج البحثية المشتركة وتبادل الطلاب وأعضاء هيئة التدريس.",
    "وتناولت النقاشات بناء القدرات واعتماد المختبرات وإتاحة الوصول إلى الدوريات العلمية.",
    "وأشار المتحدثون إلى أن الإنفاق على البحث والتطوير ما زال دون المتوسط العالمي في كثير من الدول الأعضاء.",
    "واعتمد المشاركون في ختام الجلسة عددا من التوصيات من بينها إنشاء فريق عمل مشترك.",
    "ويتضمن البرنامج دورات تدريبية وزيارات بحثية قصيرة وجائزة سنوية للعلماء الشباب.",
    "وأعرب الطرفان عن ارتياحهما لمستوى التعاون الذي تحقق حتى الآن.",
    "وتقرر تشكيل لجنة متابعة لرصد تنفيذ القرارات المتخذة.",
    "وقال المنظمون إن أكثر من مئتي باحث وصانع سياسات وطالب سجلوا للمشاركة في الفعالية.",
    "وعرضت عدة جامعات تجربتها في التعليم عن بعد والتحول الرقمي.",
    "وناقش الاجتماع سبل تعبئة التمويل للمشروعات التي تخدم الدول الأعضاء الأقل نموا.",
    "ودعا الخبراء إلى توثيق الصلة بين الجامعات والصناعة والحكومات لتحويل نتائج البحوث إلى منتجات.",
    "وتطرق المشاركون إلى الحاجة المتزايدة إلى خريجين مؤهلين في الهندسة والطب وتقنية المعلومات.",
    "كما عرض على المشاركين برنامج منح دراسية لطلاب الدراسات العليا من الدول الأعضاء.",
    "وأعقب الجلسات جولة ميدانية في مختبرات البحث وحاضنة للتقنية.",
    "ودعا البيان الختامي إلى مشاورات منتظمة بين المؤسسات المعنية.",
]
FILLER_TEMPLATES_EN = [
    "Cooperation in {t} was identified as a priority for the next {n} years.",
    "A report on {t} prepared by a group of {n} experts was presented during the session.",
    "The participants reviewed {n} project proposals in the field of {t}.",
    "Funding of {n} million dollars has been set aside for research on {t} over the coming period.",
    "The working group on {t} is expected to present its findings within {n} months.",
    "Around {n} young researchers will receive grants for work on {t} under the new programme.",
]
FILLER_TEMPLATES_AR = [
    "وجرى تحديد التعاون في مجال {t} أولوية للسنوات الـ{n} المقبلة.",
    "وعرض خلال الجلسة تقرير حول {t} أعده فريق من {n} خبيرا.",
    "واستعرض المشاركون {n} مقترحات مشروعات في مجال {t}.",
    "ومن المنتظر أن يقدم فريق العمل المعني بـ{t} نتائجه خلال {n} أشهر.",
]
HEADLINES_EN = ["{p} opens new campus in {c}", "{o} announces scholarship results", "{c} to host regional trade fair",
                "{p} wins national poetry prize", "Heavy rain expected in {c} this weekend", "{o} launches new website"]
HEADLINES_AR = ["{p} يفتتح مقرا جديدا في {c}", "{o} تعلن نتائج المنح", "{c} تستضيف معرضا تجاريا إقليميا",
                "أمطار غزيرة متوقعة في {c} نهاية الأسبوع", "{p} يفوز بجائزة الشعر"]
DEFECTS = ["empty", "binary", "latin1", "unterminated"]
NAME_RE = re.compile(r"^\d{6}_[0-9a-f]{8}\.(txt|json)$")
_WORLD: World | None = None


def file_name(seed: int, index: int) -> str:
    return f"{index:06d}_{hashlib.sha1(f'{seed}:{index}'.encode()).hexdigest()[:8]}.txt"


def furniture(st: Story, rng: random.Random) -> tuple[str, str, list, list]:
    """A ticker above the body, a "Read also" line or a "Related topics" list after it; names are noise."""
    kind = rng.choice(["ticker", "read-also", "related"])
    ar = st.lang == "ar"
    noise = []

    def headline() -> str:
        posts = st.world.posts_ar if ar else st.world.posts_en
        p = rng.choice([x.person for x in posts if x.person.key not in st.entities])
        o = rng.choice([x for x in st.world.orgs if (x.ar if ar else x.en) and x.key not in st.entities])
        c = rng.choice([x for x in st.world.cities if (x.ar if ar else x.en) and x.key not in st.entities])
        h = rng.choice(HEADLINES_AR if ar else HEADLINES_EN)
        for slot, ent in (("{p}", p), ("{o}", o), ("{c}", c)):
            if slot in h:
                noise.append(ent.ar if ar else ent.en)
        return h.format(p=p.ar if ar else p.en, o=o.ar if ar else o.en, c=c.ar if ar else c.en)

    if kind == "ticker":
        return "  ".join(headline() for _ in range(3)), "", [], noise
    if kind == "read-also":
        return "", "", [("اقرأ أيضاً: " if ar else "Read also: ") + headline()], noise
    lines = ["موضوعات متعلقة:" if ar else "Related topics:"] + [f"- {headline()}" for _ in range(3)]
    return "", "\n".join(lines), [], noise


def fillers(rng: random.Random, lang: str):
    """Sentences with no names, each at most once per article, then topic variants without end."""
    static = list(FILLER_AR if lang == "ar" else FILLER_EN)
    rng.shuffle(static)
    yield from static
    templates, topics = (FILLER_TEMPLATES_AR, TOPICS_AR) if lang == "ar" else (FILLER_TEMPLATES_EN, TOPICS_EN)
    while True:
        yield rng.choice(templates).format(t=rng.choice(topics), n=rng.randint(3, 90))


def write_article(index: int, seed: int, world: World) -> tuple[str, bytes, dict | None]:
    """One article: (file name, file bytes, gold or None for a defective file)."""
    rng = random.Random(f"{seed}:{index}")
    name = file_name(seed, index)
    lang = "ar" if rng.random() < 0.2 else "en"
    published = None if rng.random() < 0.08 else date(2015, 1, 1) + timedelta(days=rng.randint(0, 3800))
    defect = rng.choice(DEFECTS) if rng.random() < 0.02 else None
    st = Story(rng, world, lang, published)
    shapes, weights = zip(*SHAPES)
    for shape in rng.choices(shapes, weights=weights, k=rng.choice([1, 2, 2, 3])):
        shape(st)
    ticker, related, read_also, noise = furniture(st, rng) if rng.random() < 0.15 else ("", "", [], [])
    target, filler = rng.randint(250, 700), fillers(rng, lang)
    words = sum(len(s.split()) for p in st.paragraphs for s in p) + sum(len(t.split()) for t in [ticker, related, *read_also])
    para: list = []
    while words < target:
        sentence = next(filler)
        if words + len(sentence.split()) > 700:
            break
        if not para or len(para) >= rng.randint(2, 4):
            para = []
            st.paragraphs.insert(rng.randint(1, len(st.paragraphs)), para)
        para.append(sentence)
        words += len(sentence.split())
    paras = [" ".join(p) if lang == "en" or rng.random() < 0.5 else "\n".join(p) for p in st.paragraphs]
    if read_also:
        paras.insert(rng.randint(1, len(paras)), read_also[0])
    body = "\n\n".join(([ticker] if ticker else []) + paras + ([related] if related else []))
    title = st.titles[0]
    header = ["---", f"title: {title}", f"url: https://news.example.org/{(published or date(2000, 1, 1)).isoformat().replace('-', '/')}/{name[:-4]}",
              f"published: {published.isoformat() if published else 'unknown'}", f"language: {lang}",
              "source: synthetic (actorgraph benchmark generator)", "---"]
    text = "\n".join(header) + "\n\n" + body + "\n"
    if defect:
        return name, defective(defect, text, rng), None
    gold = {"article": name}
    for kind in ("persons", "organizations", "countries", "places"):
        gold[kind] = [e.gold() for e in st.entities.values() if e.type == kind]
    gold.update({"optional": {}, "noise": noise, "posts": list(st.posts.values()),
                 "meetings": st.meetings, "agreements": st.agreements})
    return name, text.encode("utf-8"), gold


def defective(kind: str, text: str, rng: random.Random) -> bytes:
    if kind == "empty":
        return b""
    if kind == "binary":
        return b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512))
    if kind == "latin1":  # a legacy single-byte encoding: not valid UTF-8
        return ("Caf\u00e9 r\u00e9sum\u00e9 na\u00efve " + text).encode("utf-8").replace(b"\xc3\xa9", b"\xe9")
    return text.replace("\n---\n\n", "\n\n", 1).encode("utf-8")  # the header's closing line is missing


def _init(world: World) -> None:
    global _WORLD
    _WORLD = world


def _write_range(args) -> dict:
    start, stop, seed, out, gold_dir = args
    counts = {"en": 0, "ar": 0, "defective": 0, "bytes": 0}
    for i in range(start, stop):
        name, data, gold = write_article(i, seed, _WORLD)
        (out / name).write_bytes(data)
        counts["bytes"] += len(data)
        if gold is None:
            counts["defective"] += 1
            continue
        counts["ar" if data.split(b"language: ", 1)[1][:2] == b"ar" else "en"] += 1
        (gold_dir / (name[:-4] + ".json")).write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return counts


def generate(articles: int, seed: int, out: Path, gold_dir: Path | None = None, jobs: int = 0) -> dict:
    """Write the corpus and its gold; returns counts (en, ar, defective, bytes, seconds)."""
    t0 = time.perf_counter()
    out, gold_dir = Path(out), Path(gold_dir) if gold_dir else Path(out).parent / f"{Path(out).name}-gold"
    for folder in (out, gold_dir):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():   # files of an earlier run (only ours: NNNNNN_hash.txt/.json)
            if NAME_RE.match(old.name):
                old.unlink()
    world = World(articles, seed, load_gazetteer())
    jobs = jobs or os.cpu_count() or 1
    step = max(1, min(2000, articles // (jobs * 4) or 1))
    tasks = [(s, min(s + step, articles), seed, out, gold_dir) for s in range(0, articles, step)]
    if jobs == 1 or articles < 500:
        _init(world)
        parts = [_write_range(t) for t in tasks]
    else:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_init, initargs=(world,)) as pool:
            parts = pool.map(_write_range, tasks)
    counts = {k: sum(p[k] for p in parts) for k in ("en", "ar", "defective", "bytes")}
    counts.update(articles=articles, seed=seed, gazetteer=world.from_gazetteer, gold=str(gold_dir),
                  seconds=round(time.perf_counter() - t0, 2))
    (out / ".generated.json").write_text(json.dumps(counts, indent=1) + "\n", encoding="utf-8")
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="folder for the articles")
    ap.add_argument("--gold", type=Path, default=None, help="folder for the gold (default: OUT-gold beside OUT)")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (0: all cores); output does not depend on it")
    a = ap.parse_args(argv)
    c = generate(a.articles, a.seed, a.out, a.gold, a.jobs)
    print(f"generated {c['articles']} articles ({c['en']} en, {c['ar']} ar, {c['defective']} defective), "
          f"{c['bytes'] / 1e6:.1f} MB in {c['seconds']} s; gold in {c['gold']}"
          + ("" if c["gazetteer"] else " (gazetteer empty: built-in fallback entities)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
