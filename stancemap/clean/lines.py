"""Splitting raw text into lines with their offsets, and small shape tests shared by the cleaners."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Line breaks as str.splitlines() knows them, so that "\r\n", "\u2028" and friends all end a line.
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_WORD = re.compile(r"\S+")
# A sentence ends with . ! ? or an ellipsis, possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(slots=True)
class Line:
    """One non-empty raw line: its stripped text and where that text starts in the raw text."""

    index: int  # position among the non-empty lines
    text: str  # stripped
    raw_start: int  # offset of text[0] in the raw text
    blank_before: bool  # an empty (or whitespace-only) line separates it from the previous line
    words: int = 0  # whitespace-separated words in text

    def __post_init__(self) -> None:
        self.words = count_words(self.text)

    def cut(self, n: int) -> None:
        """Drop the first ``n`` characters (a date marker glued to the line)."""
        self.text = self.text[n:]
        self.raw_start += n
        self.words = count_words(self.text)


def split_lines(text: str) -> list[Line]:
    """The non-empty lines of ``text``, stripped, with raw offsets.

    Whitespace-only lines count as blank. A leading byte-order mark is stripped with the whitespace.
    """
    lines: list[Line] = []
    prev_end = 0
    for match in _LINE.finditer(text):
        chunk = match.group()
        stripped = chunk.strip().lstrip("\ufeff").strip()
        if not stripped:
            continue
        gap = text[prev_end : match.start()]
        blank_before = bool(lines) and _has_blank_line(gap)
        lines.append(
            Line(
                index=len(lines),
                text=stripped,
                raw_start=match.start() + chunk.index(stripped),
                blank_before=blank_before,
            )
        )
        prev_end = match.end()
    return lines


def _has_blank_line(gap: str) -> bool:
    """True when the text between two non-empty lines holds an empty line (two or more breaks)."""
    breaks = gap.replace("\r\n", "\n")
    return sum(breaks.count(c) for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029") >= 2


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def ends_sentence(text: str) -> bool:
    """True when the text ends like a sentence (. ! ? … possibly inside closing quotes)."""
    return bool(_SENTENCE_END.search(text))


def upper_share(text: str) -> float:
    """Share of the letters that are upper case (0.0 when there are no letters)."""
    letters = _LETTER.findall(text)
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)
