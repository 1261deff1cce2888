"""Near-duplicate and syndicated copies: group articles whose bodies are (nearly) the same text.

The same wire story often appears on several sites, lightly edited: another headline, a paragraph
added or cut, a different byline. This module groups such copies so that counts per outlet and
"who quotes whom" can be read with or without them; nothing is dropped, callers decide.

How it works, built to scale to millions of articles:

1. Each body is normalised (lower case, words = runs of letters and digits) and cut into word
   shingles (``shingle`` consecutive words), each hashed to 32 bits (CRC-32 of the words, mixed
   with fixed multipliers: deterministic across processes, unlike Python's ``hash``).
2. Bodies identical after normalising whitespace and case are linked at once ("exact"); only the
   first of them enters the LSH index.
3. A MinHash of the shingle set (fixed seed) goes into a :class:`datasketch.MinHashLSH`; its query
   returns candidate earlier articles whose estimated Jaccard is around ``threshold`` or more.
4. Each candidate pair is verified on the exact shingle sets: it is "near" when the containment
   ``|A∩B| / min(|A|, |B|)`` reaches ``containment`` *and* the Jaccard ``|A∩B| / |A∪B|`` reaches
   ``min_jaccard``. Containment keeps a copy with paragraphs cut (or a short wire story inside a
   longer local piece) together; the Jaccard floor stops a short text swallowed whole by a long
   one from counting as a copy of it.
5. Groups are the connected components of the near (and exact) pairs.

Bodies with fewer than ``min_shingles`` shingles are never grouped, not even exact copies: short
texts (a teaser, an empty body after a failed extraction, a stock paragraph) share too much by
chance to be called copies.

Limitations: components chain (A~B and B~C group A with C even if A and C differ); LSH is
probabilistic, so a pair whose Jaccard is just at ``threshold`` is found only about half the time
(pairs well above it are found almost always; see ``LSH_THRESHOLD``); the index keeps each
article's shingle hashes (4 bytes per distinct shingle, about 2 KB for a 500-word article) for the
verification step, plus the MinHash LSH tables, all in memory.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from stancemap.model import content_id

__all__ = ["DuplicateGroup", "DuplicateIndex", "find_duplicate_groups"]

# Tuning constants. Measured on the demo corpus (15 articles, 270-450 words each) with 4-word
# shingles: the lightly rewritten copy pair (08/09: same wire story, sentences reordered and
# paraphrased, a paragraph added) has Jaccard 0.40 and containment 0.63; the most similar
# unrelated pair (two articles on the same protest) has Jaccard 0.04 and containment 0.08.
# A synthetic copy with one paragraph of ten cut has Jaccard ~0.9 and containment ~1.0.
SHINGLE = 4  # words per shingle; 3 lets stock phrases ("said in a statement") match across
#              unrelated articles (0.11 containment on the demo), 5 weakens the rewritten copy
#              (containment 0.58); 4 separates them best
NUM_PERM = 128  # MinHash permutations: standard error of the Jaccard estimate ~ 0.04 near J=0.3
SEED = 1  # fixed MinHash seed: same signatures, hence same candidates, on every run
LSH_THRESHOLD = 0.3  # MinHashLSH threshold on estimated Jaccard, below MIN_JACCARD's band so that
#                      real copies (J >= 0.4 on the demo's hardest pair) are found almost always
MIN_JACCARD = 0.25  # verified Jaccard floor: a short text inside a 4x longer one is not a copy
MIN_CONTAINMENT = 0.5  # verified containment floor: half of the shorter text must be shared;
#                        the demo copy has 0.63, unrelated same-topic articles stay below 0.12
MIN_SHINGLES = 40  # fewer shingles (about 43 words at SHINGLE=4) never group: too short to tell

KIND_EXACT = "exact"
KIND_NEAR = "near"

_WORD = re.compile(r"\w+")
# Odd 64-bit multipliers that combine the word hashes of a shingle (position-dependent, so
# "a b c d" and "d c b a" differ). Fixed values: the shingle hashes must not change between runs.
_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DuplicateGroup:
    """Articles whose bodies are copies of one another, the original first."""

    id: str  # stable: derived from the sorted member ids
    members: tuple[str, ...]  # article ids: earliest published (then longest, then id) first
    # (member id, exact Jaccard of its shingle set with the original's); the original has 1.0
    similarity: tuple[tuple[str, float], ...]
    # (member id, containment |A∩B| / min(|A|, |B|) with the original)
    containment: tuple[tuple[str, float], ...]
    kind: str  # "exact": all bodies equal after normalising whitespace and case; else "near"

    @property
    def original(self) -> str:
        return self.members[0]

    @property
    def copies(self) -> tuple[str, ...]:
        return self.members[1:]


@dataclass(slots=True)
class _Entry:
    shingles: np.ndarray  # sorted unique uint32 shingle hashes
    words: int
    published: str | None
    exact: str  # digest of the normalised body


def normalise(text: str) -> str:
    """The body as compared for exact copies: whitespace collapsed, lower case."""
    return " ".join(text.lower().split())


def shingle_hashes(text: str, shingle: int = SHINGLE) -> tuple[np.ndarray, int]:
    """Sorted unique 32-bit hashes of the word shingles of ``text``, and its word count.

    A text with fewer than ``shingle`` words gives an empty array.
    """
    if not 1 <= shingle <= len(_MULTIPLIERS):
        raise ValueError(f"shingle must be between 1 and {len(_MULTIPLIERS)}, got {shingle}")
    words = _WORD.findall(text.lower())
    n = len(words) - shingle + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint32), len(words)
    word_hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64,
                              count=len(words))
    combined = np.zeros(n, dtype=np.uint64)
    for j in range(shingle):
        combined += word_hashes[j : j + n] * _MULTIPLIERS[j]  # wraps modulo 2**64, on purpose
    combined ^= combined >> np.uint64(29)
    combined *= _MULTIPLIERS[-1]
    hashes = (combined >> np.uint64(32)).astype(np.uint32)
    return np.unique(hashes), len(words)


def _overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment) of two sorted unique hash arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


class DuplicateIndex:
    """Incremental MinHash LSH (datasketch.MinHashLSH) over word shingles of article bodies.

    Add articles one at a time with :meth:`add`; :meth:`groups` returns the duplicate groups of
    everything added so far. Group membership does not depend on the order of the adds.
    """

    def __init__(
        self,
        *,
        threshold: float = LSH_THRESHOLD,
        num_perm: int = NUM_PERM,
        shingle: int = SHINGLE,
        min_jaccard: float = MIN_JACCARD,
        containment: float = MIN_CONTAINMENT,
        min_shingles: int = MIN_SHINGLES,
        seed: int = SEED,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.min_jaccard = min_jaccard
        self.containment = containment
        self.min_shingles = max(1, min_shingles)
        self.seed = seed
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._permutations = MinHash(num_perm=num_perm, seed=seed).permutations
        self._entries: dict[str, _Entry] = {}
        self._first_exact: dict[str, str] = {}  # exact digest -> first article id with that body
        self._parent: dict[str, str] = {}  # union-find over grouped ids
        self._links: dict[str, list[str]] = {}  # id -> ids it is near (verified), both directions

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._entries

    def add(self, article_id: str, text: str, *, published: str | None = None) -> list[str]:
        """Index one article body; return the ids of earlier articles it is a copy of (sorted).

        ``published`` (ISO date, ``YYYY-MM-DD``) decides which member of a group is the original.
        Raises ValueError when ``article_id`` was already added.
        """
        if article_id in self._entries:
            raise ValueError(f"article {article_id!r} was already added")
        shingles, words = shingle_hashes(text, self.shingle)
        exact = hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()
        entry = _Entry(shingles, words, published, exact)
        self._entries[article_id] = entry
        if len(shingles) < self.min_shingles:
            return []

        twin = self._first_exact.get(exact)
        if twin is not None:
            # Same body as an earlier article: link to it and to everything it is near; the
            # shingles (hence MinHash and verification) would be identical, so skip the LSH.
            entry.shingles = self._entries[twin].shingles  # share the array, save memory
            near = [twin, *self._links.get(twin, ())]
            for other in near:
                self._link(article_id, other)
            return sorted(set(near))
        self._first_exact[exact] = article_id

        minhash = MinHash(num_perm=self.num_perm, seed=self.seed, hashfunc=int,
                          permutations=self._permutations, scheme="affine32")
        minhash.update_batch(shingles.tolist())
        near = []
        for other in self._lsh.query(minhash):
            other_entry = self._entries[other]
            jaccard, contained = _overlap(shingles, other_entry.shingles)
            if jaccard >= self.min_jaccard and contained >= self.containment:
                # The other's exact twins are near too (same shingles).
                for twin_id in [other, *self._twins(other)]:
                    near.append(twin_id)
                    self._link(article_id, twin_id)
        self._lsh.insert(article_id, minhash)
        return sorted(set(near))

    def groups(self) -> list[DuplicateGroup]:
        """The duplicate groups found so far (connected components of near pairs), sorted by id."""
        components: dict[str, list[str]] = {}
        for article_id in self._parent:
            components.setdefault(self._find(article_id), []).append(article_id)
        groups = [self._group(members) for members in components.values() if len(members) > 1]
        return sorted(groups, key=lambda g: g.id)

    def group_of(self) -> dict[str, DuplicateGroup]:
        """Article id -> its group, for every article that belongs to one."""
        return {member: group for group in self.groups() for member in group.members}

    # -- internals ---------------------------------------------------------------------------

    def _twins(self, article_id: str) -> list[str]:
        exact = self._entries[article_id].exact
        return [
            i for i in self._links.get(article_id, ())
            if self._entries[i].exact == exact
        ]

    def _link(self, a: str, b: str) -> None:
        self._links.setdefault(a, []).append(b)
        self._links.setdefault(b, []).append(a)
        root_a, root_b = self._find(a), self._find(b)
        if root_a != root_b:
            self._parent[max(root_a, root_b)] = min(root_a, root_b)

    def _find(self, article_id: str) -> str:
        parent = self._parent.setdefault(article_id, article_id)
        while parent != article_id:
            grand = self._parent[parent]
            self._parent[article_id] = grand
            article_id, parent = parent, grand
        return article_id

    def _group(self, members: list[str]) -> DuplicateGroup:
        entries = self._entries

        def original_first(article_id: str) -> tuple[bool, str, int, str]:
            e = entries[article_id]
            return (e.published is None, e.published or "", -e.words, article_id)

        ordered = sorted(members, key=original_first)
        original = entries[ordered[0]]
        similarity = []
        containment = []
        for article_id in ordered:
            jaccard, contained = _overlap(original.shingles, entries[article_id].shingles)
            similarity.append((article_id, round(jaccard, 4)))
            containment.append((article_id, round(contained, 4)))
        kind = KIND_EXACT if len({entries[i].exact for i in ordered}) == 1 else KIND_NEAR
        return DuplicateGroup(
            id=content_id("duplicates", *sorted(members)),
            members=tuple(ordered),
            similarity=tuple(similarity),
            containment=tuple(containment),
            kind=kind,
        )


def find_duplicate_groups(
    items: Iterable[tuple[str, str, str | None]], **params: object
) -> list[DuplicateGroup]:
    """Duplicate groups among ``(article_id, body_text, published)`` items.

    ``params`` are :class:`DuplicateIndex`'s keyword arguments. Items are added in id order, so
    the result does not depend on the order of ``items``.
    """
    index = DuplicateIndex(**params)  # type: ignore[arg-type]
    for article_id, text, published in sorted(items, key=lambda item: item[0]):
        index.add(article_id, text, published=published)
    return index.groups()
