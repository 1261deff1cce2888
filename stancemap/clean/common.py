"""Lines that recur across many articles of a corpus: outlet footers, widgets, standard bios.

A pre-pass over the whole corpus; :func:`stancemap.clean.clean_article` then drops these lines with
the reason "common-line". Copies of one story (wire copies, reposts) share their body lines, so they
count as one article here, and a line that reads as a sentence must also recur inside the same block
(same neighbouring line) to count: "He declined to comment." recurs across unrelated articles but
never with the same neighbours.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations

from stancemap.clean.lines import count_words, ends_sentence, split_lines

# A line must recur in at least this many independent articles (3: a footer seen twice may be chance)
# and in this share of them (2%: an outlet with 1 article in 50 leaves its footer to the line rules).
COMMON_MIN_COUNT = 3
COMMON_MIN_SHARE = 0.02
# Copies of one story: two articles sharing at least half of the smaller one's long sentences (and at
# least 3 of them). Lines in more than NEAR_DUP_MAX_DF articles are boilerplate, not evidence of a
# copy, and are skipped (this also bounds the pair count on large corpora).
NEAR_DUP_MIN_WORDS = 8
NEAR_DUP_MIN_SHARE = 0.5
NEAR_DUP_MIN_SHARED = 3
NEAR_DUP_MAX_DF = 50
# A sentence-shaped line is boilerplate only if, in at least this share of the articles holding it,
# it has the same neighbouring line (a block such as a rating widget or an author box).
NEIGHBOR_MIN_SHARE = 0.5
# Lines of fewer words are labels even with a final period ("ABSTRACT.", "Sorry!").
SENTENCE_MIN_WORDS = 4


def find_common_lines(
    texts: Iterable[str],
    *,
    min_count: int = COMMON_MIN_COUNT,
    min_share: float = COMMON_MIN_SHARE,
) -> frozenset[str]:
    """Stripped lines that recur across at least ``min_count`` independent articles (and ``min_share``).

    Copies of one story count once. Lines that are not sentences (widget labels, link rows) qualify on
    their count alone; sentence-shaped lines also need a recurring neighbour (see the module notes).
    """
    docs = [[line.text for line in split_lines(text)] for text in texts]
    if len(docs) < min_count:
        return frozenset()
    cluster = _story_clusters(docs)
    n_clusters = len(set(cluster))
    threshold = max(min_count, math.ceil(min_share * n_clusters))

    clusters_of: dict[str, set[int]] = defaultdict(set)
    for i, doc in enumerate(docs):
        for text in doc:
            clusters_of[text].add(cluster[i])
    candidates = {text for text, held in clusters_of.items() if len(held) >= threshold}
    if not candidates:
        return frozenset()

    votes: dict[str, Counter[str]] = {text: Counter() for text in candidates}
    seen: set[tuple[str, str, int]] = set()
    for i, doc in enumerate(docs):
        for k, text in enumerate(doc):
            if text not in candidates:
                continue
            for n in (k - 1, k + 1):
                if 0 <= n < len(doc) and doc[n] != text and (text, doc[n], cluster[i]) not in seen:
                    seen.add((text, doc[n], cluster[i]))
                    votes[text][doc[n]] += 1

    common = set()
    for text in candidates:
        if not ends_sentence(text) or count_words(text) < SENTENCE_MIN_WORDS:
            common.add(text)
            continue
        held = len(clusters_of[text])
        best = max(votes[text].values(), default=0)
        if best >= max(2, NEIGHBOR_MIN_SHARE * held):
            common.add(text)
    return frozenset(common)


def _story_clusters(docs: list[list[str]]) -> list[int]:
    """A cluster id per document; copies of one story share one."""
    long_sets = [
        {t for t in doc if count_words(t) >= NEAR_DUP_MIN_WORDS and ends_sentence(t)} for doc in docs
    ]
    holders: dict[str, list[int]] = defaultdict(list)
    for i, lines in enumerate(long_sets):
        for text in lines:
            holders[text].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for held in holders.values():
        if 2 <= len(held) <= NEAR_DUP_MAX_DF:
            shared.update(combinations(held, 2))

    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), count in shared.items():
        smaller = min(len(long_sets[a]), len(long_sets[b]))
        if count >= NEAR_DUP_MIN_SHARED and count >= NEAR_DUP_MIN_SHARE * smaller:
            parent[root(a)] = root(b)
    return [root(i) for i in range(len(docs))]
