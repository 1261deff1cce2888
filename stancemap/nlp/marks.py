"""Find quoted passages in text: one pass over the quotation marks, character offsets out.

Handles straight and curly double quotes, guillemets (« » and ‹ ›), low-high quotes („...“ and
„...”), single quotes as outer marks (‘...’ and '...'), quotes inside quotes (only the outermost
pair is reported), and multi-paragraph quotes (the opening mark repeats on each paragraph and the
closing mark comes only at the end of the last). A passage that never closes is dropped on its own
(reason "unclosed") and scanning goes on, so one stray mark costs one candidate.

A one-paragraph passage opened inside its paragraph ("he said: "...") whose closing mark is
missing ends with its paragraph when that paragraph ends a sentence (the mark was lost in
scraping). A one-paragraph passage the text ends inside (a cut excerpt) ends with the text, also
when it opens its paragraph.

Not handled: quotes that open in one paragraph and close in another without the repeated opening
mark (dropped as unclosed); dialogue dashes; apostrophes used as closing single quotes right before
a letter (they are read as apostrophes).
"""

from __future__ import annotations

from dataclasses import dataclass

# Characters after which a straight quote opens (besides start of line and whitespace).
_OPEN_CONTEXT = set("([{\u2014\u2013\u2015-/\u2018\u201c:")
# Characters before which a straight quote closes (besides end of line and whitespace).
_CLOSE_CONTEXT = set(".,;:!?)]}\u2014\u2013\u2015-\u2019\u201d'\"\u2026*")
# Longest single-quoted passage taken as an outer quote, in characters; longer '...' pairs are
# mostly an apostrophe meeting a plural possessive. Tuned on the seed articles.
MAX_SINGLE_QUOTE_CHARS = 400

_FAMILIES = {
    "\u201c": ("\u201d", "\u201c"),  # “ closes with ” (or a misused “)
    "\u201e": ("\u201c", "\u201d"),  # „ closes with “ or ”
    "\u00ab": ("\u00bb",),  # « »
    "\u2039": ("\u203a",),  # ‹ ›
    "\u201d": ("\u201d", "\u201c"),  # a misused ” as opener
}
_DOUBLE_OPENERS = set(_FAMILIES) | {'"'}
# Last characters of a paragraph that show a quote ended there though its closing mark is missing.
_LOST_CLOSE_ENDS = frozenset(".!?\u2026")
_REPEATABLE = {'"', "\u201c", "\u201e", "\u00ab", "\u2039", "\u201d"}


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A quoted passage: ``[start, end)`` is the text inside the marks; ``open``/``close`` are the
    offsets of the opening mark and just past the closing mark."""

    open: int
    start: int
    end: int
    close: int
    mark: str
    paragraphs: int = 1  # > 1 for a multi-paragraph quote


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _opens(text: str, i: int, width: int = 1) -> bool:
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + width] if i + width < len(text) else ""
    return (_is_space(prev) or prev in _OPEN_CONTEXT) and not _is_space(nxt)


def _closes(text: str, i: int, width: int = 1) -> bool:
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + width] if i + width < len(text) else ""
    return not _is_space(prev) and (_is_space(nxt) or nxt in _CLOSE_CONTEXT)


def _next_line_start(text: str, pos: int) -> int:
    """Offset of the first non-space character of the next non-empty line after ``pos``."""
    n = len(text)
    i = pos
    while i < n and text[i].isspace():
        i += 1
    return i


def find_quoted_spans(text: str) -> tuple[list[QuotedSpan], dict[str, int]]:
    """Return the outermost quoted passages of ``text`` and counts of dropped candidates by reason."""
    spans: list[QuotedSpan] = []
    dropped: dict[str, int] = {}
    n = len(text)
    i = 0
    open_at = -1  # offset of the opening mark of the current outer quote
    open_width = 1
    opener = ""
    closers: tuple[str, ...] = ()
    paragraphs = 1
    nested = ""  # opener of a nested quote of another family, while inside the outer one

    def drop(reason: str) -> None:
        dropped[reason] = dropped.get(reason, 0) + 1

    while i < n:
        ch = text[i]
        width = 1
        if ch == "'" and i + 1 < n and text[i + 1] == "'":
            ch, width = '"', 2  # '' used as a double quotation mark
        if ch == "\n" and open_at >= 0:
            # paragraph end inside a quote: continue only if the next paragraph reopens it
            j = _next_line_start(text, i)
            nxt = '"' if text[j:j + 2] == "''" else (text[j] if j < n else "")
            same_family = nxt == opener or {nxt, opener} <= {"\u201c", "\u201d"}
            if j < n and nxt in _REPEATABLE and same_family \
                    and _opens(text, j, 2 if text[j:j + 2] == "''" else 1):
                paragraphs += 1
                nested = ""
                i = j + (2 if text[j:j + 2] == "''" else 1)
                continue
            end = i
            while end > open_at and text[end - 1].isspace():
                end -= 1
            if paragraphs == 1 and (j >= n or not _opens_paragraph(text, open_at)
                                    and text[end - 1:end] in _LOST_CLOSE_ENDS):
                # the closing mark was lost in scraping (the paragraph ends a sentence) or the
                # excerpt was cut inside the quote: the passage ends with its paragraph
                spans.append(QuotedSpan(open=open_at, start=open_at + open_width, end=end, close=end,
                                        mark=opener, paragraphs=paragraphs))
            else:
                drop("unclosed")
            open_at, nested = -1, ""
            i += 1
            continue
        if open_at < 0:
            if ch in _DOUBLE_OPENERS and _opens(text, i, width):
                open_at, opener, paragraphs, nested = i, ch, 1, ""
                open_width = width
                closers = _FAMILIES.get(ch, ('"',))
                i += width
                continue
            elif ch == "\u2018" and _opens(text, i) or ch == "'" and width == 1 and _opens(text, i) \
                    and i + 1 < n and text[i + 1].isalpha():
                end = _find_single_close(text, i)
                if end > 0:
                    spans.append(QuotedSpan(open=i, start=i + 1, end=end, close=end + 1, mark=ch))
                    i = end + 1
                    continue
            elif ch in _DOUBLE_OPENERS and ch not in "\u201c\u201e\u00ab\u2039" and _closes(text, i, width):
                drop("stray closing mark")
            i += width
            continue
        # inside an outer quote
        if nested:
            if ch == nested or (nested == "\u201c" and ch == "\u201d") or (nested == "\u00ab" and ch == "\u00bb"):
                nested = ""
            i += width
            continue
        if ch in closers and _closes(text, i, width):
            if i > open_at + open_width:
                spans.append(QuotedSpan(open=open_at, start=open_at + open_width, end=i, close=i + width,
                                        mark=opener, paragraphs=paragraphs))
            else:
                drop("empty")
            open_at = -1
            i += width
            continue
        if ch in _DOUBLE_OPENERS and ch != opener and _opens(text, i, width):
            nested = ch  # a quote of another family inside this one
        elif ch == opener and _opens(text, i, width) and not _closes(text, i, width):
            # a second opener before any closer: the first one was stray
            drop("unclosed")
            open_at, paragraphs, open_width = i, 1, width
        i += width
    if open_at >= 0:
        end = n
        while end > open_at and text[end - 1].isspace():
            end -= 1
        if end > open_at + open_width and paragraphs == 1:
            # the excerpt ends inside the quote: keep what there is
            spans.append(QuotedSpan(open=open_at, start=open_at + open_width, end=end, close=end,
                                    mark=opener, paragraphs=paragraphs))
        else:
            drop("unclosed")
    return spans, dropped


def _opens_paragraph(text: str, i: int) -> bool:
    """True when the mark at ``i`` is the first character of its line (a quoted paragraph, which
    without its closing mark may be a passage of another text, not a statement)."""
    line_start = text.rfind("\n", 0, i) + 1
    return not text[line_start:i].strip()


def _find_single_close(text: str, i: int) -> int:
    """Offset of the closing single quote for an opening one at ``i``, or -1."""
    limit = min(len(text), i + MAX_SINGLE_QUOTE_CHARS)
    j = i + 1
    while j < limit:
        ch = text[j]
        if ch == "\n":
            return -1
        if ch in "\u2019'" and _closes(text, j):
            nxt = text[j + 1] if j + 1 < len(text) else ""
            if not nxt.isalpha():
                # a plural possessive ("voters' ") looks the same; accept only if the content
                # reads like a phrase (no digit start) -- callers still need a cue to keep it
                return j if j > i + 1 else -1
        if ch in "\u201c\u201d\"":
            return -1
        j += 1
    return -1
