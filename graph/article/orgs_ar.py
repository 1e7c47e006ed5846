"""Organisations the gazetteer does not know, in Arabic: a head noun (lexicon.yaml#org_heads_ar) and
the words of its name, up to punctuation, a stop word, a verb (#verbs_ar), an honorific or a title."""
from __future__ import annotations


from graph.article.shapes import strip_marks
from graph.model import Mention, MentionType


class ArabicOrgFinder:
    def __init__(self, words, roles):
        self.w, self.roles = words, roles

    def find(self, s: str, taken: list, toks: list | None = None, title_ends: tuple = ()) -> list[Mention]:
        """TITLE_ENDS: where the titles of the sentence end (a head of #org_heads_after_title_ar right after one
        starts a name)."""
        out, toks = [], self.w.ar_tokens(s) if toks is None else toks
        w = self.w
        heads, verbs, after_title = w.lx["org_heads_ar"], w.lx["verbs_ar"], w.lx["org_heads_after_title_ar"]
        organs = w.lx["organ_heads_ar"]   # "المجلس التنفيذي والمؤتمر العام": two organs, not one name
        art, conj, lam_art = w.art, w.conj, w.lam_art
        i = 0
        while i < len(toks):
            st, en, f, bare, _ = toks[i]
            head = f in heads or bare in heads or art + bare in heads \
                or (f in after_title and any(e <= st and not s[e:st].strip() for e in title_ends))
            if head and not any(a <= st < b for a, b in taken):
                # a proclitic before the head is not part of the name: "والمجلس التنفيذي" -> "المجلس التنفيذي"
                # ("للمجلس" is rewritten below, its "ال" being inside the "لل")
                start = st if f in heads or not f.endswith(bare) else st + len(f) - len(bare)
                definite = (f if f in heads else bare).startswith(art)
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                if definite and (nxt is None or nxt[4] or not w.definite_next.match(nxt[2])):
                    i += 1
                    continue
                if nxt is not None and not nxt[4] and nxt[2] in self.w.lx["staff_nouns_ar"]:
                    i += 1   # "هيئة التدريس": the teaching staff (lexicon.yaml#staff_nouns_ar), not a body
                    continue
                if not definite and nxt is not None and not nxt[4] and nxt[2].startswith(lam_art):
                    i += 1   # "جامعة للحصول على": an indefinite head followed by "لل…" is "a university to …", not a name
                    continue
                j, end, at_verb = i + 1, en, False
                while j < len(toks) and j - i <= 6:
                    tst, ten, tf, tbare, punct = toks[j]
                    if not punct and (tf in verbs or any(tf.startswith(c) and tf[len(c):] in verbs for c in (conj, w.lam))):
                        at_verb = True
                        break
                    construct = j == i + 1 and not definite and tf in w.lx["construct_nouns_ar"]   # "دائرة العلاقات …"
                    if punct or (tf in w.lx["stop_words_ar"] and not construct) or any(a <= tst < b for a, b in taken) or tf in self.w.honorific_ar \
                            or (j == i + 1 and tf.startswith(conj) and not tf.startswith(conj + art)) \
                            or (tf != tbare and (tbare in heads or art + tbare in heads or tbare[len(art):] in organs)) \
                            or self.roles.role_ar.fullmatch(s[tst:ten]):
                        break
                    end, j = ten, j + 1
                if at_verb and not definite and j + 1 < len(toks) and not toks[j + 1][4] \
                        and toks[j + 1][2] in self.w.lx["resumptive_ar"] and not any(t[3].startswith(art) for t in toks[i + 1:j]):
                    i = j   # "برنامج زيارة يقوم بها": an indefinite noun and its relative clause, not a name
                    continue
                if not definite and self._described_not_named(s, toks[i + 1:j]):
                    i = j   # "لجنة متابعة لرصد …": an indefinite noun and what it is for, not a name
                    continue
                if j > i + 1:
                    text = s[start:end]
                    if f not in heads and f.startswith((lam_art, conj + lam_art)) and bare.startswith(art):
                        text = art + s[st + f.index(lam_art) + len(lam_art):end]   # للمجلس التنفيذي -> المجلس التنفيذي
                    out.append(Mention(start, end, MentionType.ORGANIZATION, text, rule="lexicon.yaml#org_heads_ar"))
                i = j
            else:
                i += 1
        return out

    def _described_not_named(self, s, words):
        """'لجنة متابعة لرصد تنفيذ القرارات', 'برنامج منح دراسية لطلاب الدراسات العليا': after an indefinite head,
        indefinite common words (one with the feminine ending ة, none definite, none a given name), then ل and an
        indefinite word (what the thing is for, or for whom): a description, not a name. 'معهد فلانكند لأبحاث
        الكيمياء' (no ة: named after a place or a person) stays a name."""
        w = self.w
        for k, (st, en, f, bare, _) in enumerate(words):
            if bare.startswith(w.art) or f.startswith(w.lam_art) or f in w.given_ar:
                return False
            if k and f.startswith(w.lam) and len(f) >= 4:
                return any(strip_marks(s[t[0]:t[1]]).endswith(w.feminine) for t in words[:k])
        return False


def join_parent_inside(s: str, mentions: list, gazetteer, toks: list) -> list:
    """'اللجنة الدائمة لمنظمة التعاون الإسلامي للتعاون العلمي والتكنولوجي': a curated body's name with the name of
    the body it is part of written inside it. An unknown name, its parent (curated, just after it) and the words
    that follow up to punctuation are the curated body when the name and those words are one of its names."""
    out, i = [], 0
    while i < len(mentions):
        m = mentions[i]
        parent = mentions[i + 1] if i + 1 < len(mentions) else None
        joined = _parent_inside(s, m, parent, mentions[i + 2].start if i + 2 < len(mentions) else len(s), gazetteer, toks) \
            if parent is not None else None
        out.append(joined or m)
        i += 2 if joined else 1
    return out


def join_clitic_parent(s: str, mentions: list, words) -> list:
    """'مجمع الفنون والثقافة بجامعة فلانكند', 'قسم الفيزياء بجامعة …': an unknown unit named in construct (no
    article on its head) and the curated body after the place clitic (lexicon.yaml#place_clitics_ar) are one
    name, the unit's; the body stays named inside it."""
    out = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and m.type == MentionType.ORGANIZATION and m.entity and not prev.entity \
                and prev.type == MentionType.ORGANIZATION and not prev.text.startswith(words.art) \
                and s[prev.end:m.start].strip() in words.raw["place_clitics_ar"]:
            out[-1] = Mention(prev.start, m.end, MentionType.ORGANIZATION, s[prev.start:m.end], rule=prev.rule,
                              attrs={"inner": [*prev.attrs.get("inner", []), m.entity]})
            continue
        out.append(m)
    return out


def _parent_inside(s, m, parent, limit, gazetteer, toks):
    if m.entity or m.type != MentionType.ORGANIZATION or parent.type != MentionType.ORGANIZATION or not parent.entity \
            or len(s[m.end:parent.start].strip()) > 2:
        return None
    rest = []
    for st, en, _, _, punct in toks:
        if st < parent.end:
            continue
        if punct and rest or en > limit:
            break
        rest.append(en)
    for end in reversed(rest):
        text = f"{m.text} {s[parent.end:end].strip()}"
        hits = gazetteer.find(text)
        if hits and hits[0].start == 0 and hits[0].end == len(text) \
                and gazetteer.entities[hits[0].entity].part_of == parent.entity:
            return Mention(m.start, end, MentionType.ORGANIZATION, s[m.start:end], hits[0].entity,
                           f"gazetteer:{hits[0].entity}", attrs={"inner": [parent.entity]})
    return None

