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


def _template():
    from datasketch import MinHash
    global _TEMPLATE
    if _TEMPLATE is None:   # permutations drawn once per process
        _TEMPLATE = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=zlib.crc32)
    return _TEMPLATE


_TEMPLATE = None


def signature(text: str):
    """The MinHash signature (its hash values, a numpy array) of TEXT's word shingles; None for a text
    without words. Computed where the text is read (graph.sources.read_many), so parallel readers share it."""
    from datasketch import MinHash
    grams = shingles(text)
    if not grams:
        return None
    template = _template()
    # crc32: a 32-bit hash in C, as good as datasketch's default (SHA-1 cut to 32 bits) for this and ~5x faster
    m = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=zlib.crc32, permutations=template.permutations,
                scheme=template.scheme)
    m.update_batch([g.encode("utf-8") for g in grams])
    return m.hashvalues


def near_duplicates(articles, threshold: float = THRESHOLD, signatures=None) -> list[NearDuplicate]:
    """Near-identical pairs among ARTICLES (anything with .id, .sha256 and .body), sorted by id. SIGNATURES
    maps an article's sha256 to its signature() where the reader computed it already."""
    from datasketch import MinHash, MinHashLSH
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    hashes, pairs = {}, set()
    template = _template()
    for a in sorted(articles, key=lambda a: a.id):
        values = signatures[a.sha256] if signatures and a.sha256 in signatures else signature(a.body)
        if values is None:
            continue
        m = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=zlib.crc32, permutations=template.permutations,
                    scheme=template.scheme, hashvalues=values)
        for other in lsh.query(m):
            similarity = m.jaccard(hashes[other])
            if similarity >= threshold:
                pairs.add(NearDuplicate(*sorted((other, a.id)), round(similarity, 2)))
        if a.id not in hashes:
            lsh.insert(a.id, m)
            hashes[a.id] = m
    return sorted(pairs, key=lambda p: (p.first, p.second))
