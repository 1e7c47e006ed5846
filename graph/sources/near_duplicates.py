"""Pairs of articles whose texts are near-identical (the same story from several outlets), found with
MinHash over word shingles and locality-sensitive hashing (datasketch), so the work grows with the number
of articles rather than with its square. Both articles of a pair still build; the pairs are reported."""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

SHINGLE = 5           # words per shingle
PERMUTATIONS = 64
THRESHOLD = 0.8       # estimated Jaccard similarity of the shingle sets
SEED = 1              # fixed: the same articles give the same pairs
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class NearDuplicate:
    first: str            # article ids, first < second
    second: str
    similarity: float     # estimated Jaccard similarity of their word shingles


def shingles(text: str, k: int = SHINGLE) -> set:
    words = WORD.findall(text.casefold())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def near_duplicates(articles, threshold: float = THRESHOLD) -> list[NearDuplicate]:
    """Near-identical pairs among ARTICLES (anything with .id and .body), sorted by id."""
    from datasketch import MinHash, MinHashLSH
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    hashes, pairs = {}, set()
    # crc32: a 32-bit hash in C, as good as datasketch's default (SHA-1 cut to 32 bits) for this and ~5x faster
    template = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=zlib.crc32)   # permutations drawn once
    for a in sorted(articles, key=lambda a: a.id):
        grams = shingles(a.body)
        if not grams:
            continue
        m = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=zlib.crc32, permutations=template.permutations,
                    scheme=template.scheme)
        m.update_batch([g.encode("utf-8") for g in grams])
        for other in lsh.query(m):
            similarity = m.jaccard(hashes[other])
            if similarity >= threshold:
                pairs.add(NearDuplicate(*sorted((other, a.id)), round(similarity, 2)))
        if a.id not in hashes:
            lsh.insert(a.id, m)
            hashes[a.id] = m
    return sorted(pairs, key=lambda p: (p.first, p.second))
