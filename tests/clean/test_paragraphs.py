"""Verbatim repeats inside one article."""

from __future__ import annotations

import pytest

from stancemap.clean.paragraphs import count_repeated_paragraphs, find_repeated_paragraphs

A = "The minister said the talks would resume next week in Brussels."
B = "Officials on both sides described the meeting as constructive."


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        ([A, B], []),
        ([A, B, A], [2]),
        ([A, B, A, B], [2, 3]),  # a block scraped twice: two repeats
        ([A, A, A], [1, 2]),  # three copies: two repeats
        ([A, "The  minister said the talks would resume  next week in Brussels."], [1]),  # spacing
        (["___", "___", "9:05 p.m.", "9:05 p.m."], []),  # separators and stamps are not paragraphs
        ([A, A.upper()], []),  # verbatim only
    ],
)
def test_find_repeated_paragraphs(paragraphs: list[str], expected: list[int]) -> None:
    assert find_repeated_paragraphs(paragraphs) == expected
    assert count_repeated_paragraphs(paragraphs) == len(expected)
