"""Paragraphs repeated verbatim inside one article (scrapers often pick up a block twice)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_SPACE = re.compile(r"\s+")
# Short lines that recur are separators ("___"), timestamps of a live blog ("9:05 p.m.") or credits,
# not copied paragraphs (live blogs in PolNeAR repeat a "___" separator 20 times); seed repeats are long.
REPEAT_MIN_WORDS = 4


def find_repeated_paragraphs(paragraphs: Sequence[str]) -> list[int]:
    """Indices of the paragraphs that repeat an earlier one verbatim; the first copy is not listed.

    Paragraphs compare equal when their text is the same up to runs of white space. Three copies of
    one paragraph give two indices: the gold ``repeated_paragraphs`` counts the copies dropped.
    Paragraphs under REPEAT_MIN_WORDS words are never counted as repeats.
    """
    seen: set[str] = set()
    repeats: list[int] = []
    for i, paragraph in enumerate(paragraphs):
        key = _SPACE.sub(" ", paragraph.strip())
        if len(key.split(" ")) < REPEAT_MIN_WORDS:
            continue
        if key in seen:
            repeats.append(i)
        else:
            seen.add(key)
    return repeats


def count_repeated_paragraphs(paragraphs: Sequence[str]) -> int:
    """How many paragraphs are verbatim copies of an earlier one."""
    return len(find_repeated_paragraphs(paragraphs))
