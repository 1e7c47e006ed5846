"""Sentence shapes news uses for posts, meetings and agreements, in English and Arabic.

A Story collects the sentences of one article and, beside them, the gold of what they
plant: every entity named, every post, meeting and agreement (gold format of
../shared/gold/README.md). Each shape is a method that writes one or two sentences.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from world import Ent, Post, World

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
HONORIFICS_EN = ["", "", "", "Dr. ", "Prof. ", "Prof. Dr. ", "Mr. ", "H.E. ", "Engr. "]
HONORIFICS_AR = ["", "", "الدكتور ", "السيد ", "معالي ", "الأستاذ "]
TOPICS_EN = ["artificial intelligence", "renewable energy", "water security", "biotechnology", "food security",
             "higher education quality assurance", "nanotechnology", "climate adaptation", "digital health",
             "vaccine research", "space science", "open science", "mathematics education"]
TOPICS_AR = ["الذكاء الاصطناعي", "الطاقة المتجددة", "الأمن المائي", "التقنية الحيوية", "الأمن الغذائي",
             "جودة التعليم العالي", "تقنية النانو", "التكيف المناخي", "الصحة الرقمية", "البحث العلمي"]
VENUES_EN = ["its headquarters", "the organisation's secretariat", "the main campus", "the conference hall",
             "the ministry's offices"]
ORDINALS_EN = ["first", "second", "third", "fourth", "fifth", "tenth", "twelfth"]
ORDINALS_AR = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "العاشر"]
THE_WORDS = {"Organization", "Organisation", "University", "Islamic", "International", "Ministry", "Council",
             "Committee", "Standing", "General", "Federation", "Higher", "National", "Union", "League", "Statistical",
             "World", "Arab", "Economic", "Research", "Institute", "Academy", "Network", "Inter-Islamic"}


class Story:
    """One article being written: paragraphs of sentences plus the gold they plant."""

    def __init__(self, rng: random.Random, world: World, lang: str, published: date | None):
        self.rng, self.world, self.lang, self.published = rng, world, lang, published
        self.entities: dict = {}       # key -> Ent, every entity the story names
        self.posts: dict = {}          # person key -> gold post
        self.meetings, self.agreements = [], []
        self.paragraphs: list[list[str]] = []
        self.titles: list[str] = []
        self.used_people: set = set()

    # --- names ------------------------------------------------------------------------------
    def name(self, ent: Ent, article: bool = False) -> str:
        """The surface form of an entity in this language; registers it as named by the story."""
        self.entities[ent.key] = ent
        if self.lang == "ar":
            return ent.ar
        text = ent.en
        if ent.type == "organizations" and ent.acronym and ent.acronym != text and self.rng.random() < 0.4:
            text = ent.acronym if self.rng.random() < 0.5 else f"{text} ({ent.acronym})"
        if article and text.split()[0] in THE_WORDS:
            text = "the " + text
        return text

    def of_org_ar(self, role: str, org: Ent) -> str:
        """Arabic "role of org": الأمين العام لمنظمة ...; before a name with ال, the construct state (أمين عام الجامعة ...)."""
        name = self.name(org)
        if role.startswith("ال") and not name.startswith("ال"):
            return f"{role} ل{name}"
        return " ".join(w[2:] if w.startswith("ال") else w for w in role.split()) + " " + name

    def pick_post(self, org_only: bool = False) -> Post:
        """Someone not yet in the story (org_only: whose post is at an organisation, not for a country)."""
        posts = self.world.posts_ar if self.lang == "ar" else self.world.posts_en
        for _ in range(50):
            post = self.rng.choice(posts)
            if post.person.key not in self.used_people and (not org_only or post.org.type == "organizations"):
                break
        self.used_people.add(post.person.key)
        return post

    def person(self, post: Post) -> str:
        """A person with their post, the way news writes it; plants the post."""
        p, org, rng = post.person, post.org, self.rng
        gold = post.gold()
        if self.lang == "ar":
            text = self._person_ar(post, rng.choice(HONORIFICS_AR) + self.name(p))
        elif post.portfolio:
            text = self._minister_en(post, rng.choice(HONORIFICS_EN) + self.name(p), gold)
        else:
            who = rng.choice(HONORIFICS_EN) + self.name(p)
            if org.type == "countries":
                other = self.name(rng.choice([c for c in self.world.countries if c is not org]))
                text = (f"{who}, {self.name(org)}'s Ambassador to {other}," if rng.random() < 0.6
                        else f"Ambassador of {self.name(org)} to {other}, {who},")
            else:
                shape, org_name = rng.random(), self.name(org, article=True)
                if shape < 0.5:
                    text = f"{who}, the {post.role_en} of {org_name},"
                elif shape < 0.75 and not org_name.startswith("the ") and "(" not in org_name:
                    text = f"{org_name}'s {post.role_en} {who}"
                else:
                    text = f"{post.role_en} of {org_name}, {who},"
        self.posts[p.key] = gold
        if org.type == "organizations" and org.kind == "ministry" and org.country:
            self.entities[org.country.key] = org.country
        return text

    def _minister_en(self, post: Post, who: str, gold: dict) -> str:
        country, (portfolio, _) = self.name(post.org.country), post.portfolio
        self.entities[post.org.key] = post.org
        shape = self.rng.random()
        if shape < 0.15:
            gold["role"] = ["Official"]
            return f"{who}, an official with the Ministry of {portfolio} of {country},"
        if shape < 0.45:
            return f"{country}'s Minister of {portfolio}, {who},"
        if shape < 0.75:
            return f"Minister of {portfolio} of {country} {who}"
        return f"{who}, Minister of {portfolio} of {country},"

    def _person_ar(self, post: Post, who: str) -> str:
        org = post.org
        if post.portfolio:
            self.entities[org.key] = org
            country = self.name(org.country)
            formal = org.country.formal_ar or country
            if formal != country:
                self.entities[org.country.key] = org.country
            title = f"وزير خارجية {formal}" if post.portfolio[1] == "الخارجية" else f"وزير {post.portfolio[1]} في {country}"
        elif org.type == "countries":
            other = self.rng.choice([c for c in self.world.countries if c is not org])
            title = f"سفير {self.name(org)} لدى {self.name(other)}"
        else:
            title = self.of_org_ar(post.role_ar, org)
        return f"{title} {who}" if self.rng.random() < 0.5 else f"{who}، {title}،"

    def city(self) -> Ent:
        pool = [c for c in self.world.cities if (c.ar if self.lang == "ar" else c.en)]
        known = [c for c in pool if not c.invented]
        return self.rng.choice(known if known and self.rng.random() < 0.8 else pool)

    def place(self, city: Ent) -> str:
        if city.country and self.rng.random() < 0.3:
            return f"{self.name(city)}، {self.name(city.country)}" if self.lang == "ar" else f"{self.name(city)}, {self.name(city.country)}"
        return self.name(city)

    # --- dates ------------------------------------------------------------------------------
    def when(self, allow_range: bool = False) -> tuple[str, dict]:
        """A date phrase and its gold (start, end, year_inferred); always on or before publication."""
        rng, pub, ar = self.rng, self.published, self.lang == "ar"
        months = MONTHS_AR if ar else MONTHS_EN
        kind = rng.choice(["full", "full", "weekday", "yearless", "none"] + (["range", "range"] if allow_range else []))
        if pub is None and kind in ("weekday", "yearless"):
            kind = rng.choice(["full", "none", "unresolvable"])
        base = pub or date(rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28))
        if kind == "weekday":
            d = base - timedelta(days=rng.randint(1, 6))
            day = (WEEKDAYS_AR if ar else WEEKDAYS_EN)[d.weekday()]
            return (f"يوم {day}" if ar else f"on {day}"), {"start": d.isoformat(), "end": None, "year_inferred": True}
        if kind == "none":
            return "", {"start": None, "end": None}
        if kind == "unresolvable":
            return ("يوم الأحد" if ar else "on Sunday"), {"start": None, "end": None}
        d = base - timedelta(days=rng.randint(0, 20))
        if kind == "yearless" and d.year == base.year:
            text = f"في {d.day} {months[d.month - 1]}" if ar else f"on {months[d.month - 1]} {d.day}"
            return text, {"start": d.isoformat(), "end": None, "year_inferred": True}
        if kind == "range":
            start = d - timedelta(days=rng.randint(1, 3))
            if start.month == d.month:
                m, y = months[d.month - 1], d.year
                if pub and d.year == pub.year and rng.random() < 0.3:   # "January 18 to 20": the year from publication
                    text = f"خلال الفترة من {start.day} إلى {d.day} {m}" if ar else f"from {m} {start.day} to {d.day}"
                    return text, {"start": start.isoformat(), "end": d.isoformat(), "year_inferred": True}
                if ar:
                    text = f"من {start.day} إلى {d.day} {m} {y}"
                else:
                    text = rng.choice([f"from {start.day} to {d.day} {m} {y}", f"from {m} {start.day} to {d.day}, {y}",
                                       f"on {start.day}-{d.day} {m} {y}"])
                return text, {"start": start.isoformat(), "end": d.isoformat(), "year_inferred": False}
        m = months[d.month - 1]
        text = f"يوم {d.day} {m} {d.year}" if ar else rng.choice([f"on {d.day} {m} {d.year}", f"on {m} {d.day}, {d.year}"])
        return text, {"start": d.isoformat(), "end": None, "year_inferred": False}

    def meeting(self, what: str, when: dict, place: Ent | None, participants: list) -> None:
        gold = {"what": what, "start": when.get("start"), "end": when.get("end"),
                "place": [place.key] + ([place.country.key] if place.country else []) if place else None,
                "participants": [p.key for p in participants]}
        if when.get("year_inferred"):
            gold["year_inferred"] = True
        self.meetings.append(gold)

    def agreement(self, what: str, when: dict, place: Ent | None, signers: list, parties: list) -> None:
        self.agreements.append({"what": what, "date": when.get("start"), "place": [place.key] if place else None,
                                "signatories": [p.key for p in signers], "parties": list(dict.fromkeys(p.key for p in parties))})

    def say(self, *sentences: str) -> None:
        self.paragraphs.append([s for s in sentences if s])


def tidy(sentence: str) -> str:
    """Collapse the doubled punctuation that joining phrases leaves ("X,, said", "  ")."""
    s = " ".join(sentence.split())
    s = s[:1].upper() + s[1:]
    for a, b in ((",,", ","), (", .", "."), (",.", "."), ("، ،", "،"), ("،،", "،"), ("، .", "."), ("،.", "."),
                 (" .", "."), (" ,", ","), (" ،", "،")):
        s = s.replace(a, b)
    return s


# --- the shapes ------------------------------------------------------------------------------

def reception(st: Story) -> None:
    a, b = st.pick_post(), st.pick_post()
    host, guest = st.person(a), st.person(b)
    city = st.city()
    text, when = st.when()
    if st.lang == "ar":
        st.say(tidy(f"استقبل {host} في مكتبه بمدينة {st.place(city)} {text}، {guest} وبحث معه سبل تعزيز التعاون."),
               "وتناول اللقاء آفاق التعاون في مجالات العلوم والتكنولوجيا والتعليم العالي.")
        st.titles.append(f"{st.name(a.org)} يستقبل {st.name(b.person)}")
    else:
        st.say(tidy(f"{host} received {guest} at {st.rng.choice(VENUES_EN)} in {st.place(city)} {text}."),
               "The two sides discussed ways of strengthening cooperation in science, technology and higher education.")
        st.titles.append(f"{st.name(a.person)} receives {st.name(b.person)} in {st.name(city)}")
    st.meeting("reception", when, city, [a.person, b.person, a.org, b.org])


def visit(st: Story) -> None:
    guest, host = st.pick_post(), st.pick_post(org_only=True)
    g, h = st.person(guest), st.person(host)
    city = st.city()
    text, when = st.when()
    if st.lang == "ar":
        st.say(tidy(f"زار {g} مقر {st.name(host.org)} في {st.place(city)} {text}، حيث التقى {h}."))
        st.titles.append(f"{st.name(guest.person)} يزور {st.name(host.org)}")
    else:
        st.say(tidy(f"{g} paid a visit to {st.name(host.org, article=True)} in {st.place(city)} {text}, where he met {h}."))
        st.titles.append(f"{st.name(guest.person)} visits {st.name(host.org, article=True)}")
    st.meeting("visit", when, city, [guest.person, host.person, host.org])


def conference(st: Story) -> None:
    org_post, guest = st.pick_post(org_only=True), st.pick_post()
    org, city = org_post.org, st.city()
    topic = st.rng.choice(TOPICS_AR if st.lang == "ar" else TOPICS_EN)
    text, when = st.when(allow_range=True)
    countries = st.rng.sample(st.world.countries, k=min(3, len(st.world.countries)))
    if st.lang == "ar":
        st.say(tidy(f"نظمت {st.name(org)} في {st.place(city)} {text} أعمال المؤتمر الدولي {st.rng.choice(ORDINALS_AR)} حول {topic}، بمشاركة {st.person(guest)}."),
               tidy(f"وافتتح المؤتمر {st.person(org_post)}، وحضرته وفود من {st.name(countries[0])} و{st.name(countries[1])} و{st.name(countries[2])}."))
        st.titles.append(f"{st.name(org)} تنظم مؤتمرا دوليا حول {topic}")
    else:
        kind = st.rng.choice(["International Conference", "Science Week", "Regional Forum", "Workshop"])
        st.say(tidy(f"{st.name(org, article=True)} organised the {st.rng.choice(ORDINALS_EN)} {kind} on {topic} in {st.place(city)} {text}, with the participation of {st.person(guest)}."),
               tidy(f"The event was opened by {st.person(org_post)} and attended by delegations from {st.name(countries[0])}, {st.name(countries[1])} and {st.name(countries[2])}."))
        st.titles.append(f"{st.name(org)} holds {kind.lower()} on {topic} in {st.name(city)}")
    st.meeting("conference", when, city, [org, org_post.person, guest.person, *countries])


def video_call(st: Story) -> None:
    a, b = st.pick_post(org_only=True), st.pick_post(org_only=True)
    topic = st.rng.choice(TOPICS_AR if st.lang == "ar" else TOPICS_EN)
    text, when = st.when()
    if st.lang == "ar":
        kind = st.rng.choice(["اجتماعا عبر الاتصال المرئي", "ندوة افتراضية"])
        st.say(tidy(f"عقدت {st.name(a.org)} و{st.name(b.org)} {text} {kind} حول {topic}، شارك فيه {st.person(a)} و{st.person(b)}."))
        st.titles.append(f"{st.name(a.org)} و{st.name(b.org)} تبحثان {topic}")
    else:
        kind = st.rng.choice(["a video conference", "a webinar", "an online meeting"])
        st.say(tidy(f"{st.name(a.org, article=True)} and {st.name(b.org, article=True)} held {kind} {text} to discuss cooperation in {topic}."),
               tidy(f"{st.person(a)} and {st.person(b)} took part in the meeting."))
        st.titles.append(f"{st.name(a.org)} and {st.name(b.org)} discuss {topic} by video link")
    st.meeting(kind, when, None, [a.person, b.person, a.org, b.org])


def mou(st: Story) -> None:
    a, b = st.pick_post(org_only=True), st.pick_post(org_only=True)
    city = st.city()
    text, when = st.when()
    topic = st.rng.choice(TOPICS_AR if st.lang == "ar" else TOPICS_EN)
    if st.lang == "ar":
        kind = st.rng.choice(["مذكرة تفاهم", "اتفاقية تعاون", "خطة عمل مشتركة"])
        st.say(tidy(f"وقعت {st.name(a.org)} و{st.name(b.org)} في {st.place(city)} {text} {kind} للتعاون في مجال {topic}."),
               tidy(f"ووقعها عن الجانبين {st.person(a)} و{st.person(b)}."))
        st.titles.append(f"توقيع {kind} بين {st.name(a.org)} و{st.name(b.org)}")
    else:
        kind = st.rng.choice(["memorandum of understanding (MoU)", "cooperation agreement", "action plan"])
        short = {"memorandum of understanding (MoU)": "MoU"}.get(kind, kind)
        st.say(tidy(f"{st.name(a.org, article=True)} and {st.name(b.org, article=True)} signed a {kind} on {topic} in {st.place(city)} {text}."),
               tidy(f"The {short} was signed by {st.person(a)} and {st.person(b)}."))
        st.titles.append(f"{st.name(a.org)} and {st.name(b.org)} sign {short} on {topic}")
    st.agreement(kind, when, city, [a.person, b.person], [a.org, b.org])


def ceremony(st: Story) -> None:
    a, b = st.pick_post(), st.pick_post()
    city = st.city()
    text, when = st.when()
    year = (st.published or date(2024, 1, 1)).year
    if st.lang == "ar":
        st.say(tidy(f"وقع {st.person(a)} و{st.person(b)} خطة عمل للفترة {year}-{year + 1} خلال حفل أقيم في {st.place(city)} {text}."))
        st.titles.append(f"توقيع خطة عمل في {st.name(city)}")
    else:
        st.say(tidy(f"An action plan for {year}-{year + 1} was signed by {st.person(a)} and {st.person(b)} at a ceremony in {st.place(city)} {text}."))
        st.titles.append(f"Action plan signed in {st.name(city)}")
    st.agreement("action plan", when, city, [a.person, b.person], [a.org, b.org])
    st.meeting("signing ceremony", when, city, [a.person, b.person])


def statement(st: Story) -> None:
    """A post stated in passing, with a quote."""
    post = st.pick_post()
    if st.lang == "ar":
        st.say(tidy(f"وأكد {st.person(post)} أن التعاون العلمي بين الدول الأعضاء يمثل أولوية في المرحلة المقبلة."))
        st.titles.append(f"{st.name(post.person)}: التعاون العلمي أولوية")
    else:
        st.say(tidy(f"{st.person(post)} said that scientific cooperation among member states remained a priority for the coming years."))
        st.titles.append(f"{st.name(post.person)} calls for closer scientific cooperation")


SHAPES = [(reception, 3), (visit, 2), (conference, 3), (video_call, 2), (mou, 3), (ceremony, 1), (statement, 2)]
