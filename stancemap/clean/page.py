"""Whole-page clippings: find the article block in the visible text of a web page and drop the rest.

A naive scraper saves everything a page shows: navigation menus, section lists, sign-in and
subscribe prompts, share rows, the article, related-story lists, comments, footers. Line rules alone
leave most of that in. :func:`find_page_noise` scores every line by shape (long, punctuated lines
count for the body; short lines, link-like headlines and lines the rules already took count
against it), takes the run of lines with the highest total as the article block (a maximum-sum
segment), and gives every free line outside it a reason: "navigation" for runs of short lines,
"comments" below a comments heading, else "page-header" above and "page-footer" below.

The step only runs on texts shaped like a whole page (many lines, long runs of short lines outside
the block); a clipping that is already just an article is left alone. The rules use line shape
(length, sentence punctuation), not words of one language, apart from a few headings that start a
comments section.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from stancemap.clean.lines import Line
from stancemap.clean.metadata import is_headline_shaped

# Tuning constants, tuned on the article-extraction benchmark's naive clippings (visible page text,
# one line per block element).
# Only texts with at least this many lines can be whole pages (articles run to about 30 lines).
PAGE_MIN_LINES = 40
# ... and with at least this many short lines outside the article block, or one run this long.
PAGE_MIN_OUTSIDE_SHORT = 15
PAGE_MIN_SHORT_RUN = 8
# A line counts for the body when it is a sentence of this many characters or longer, or is very
# long whatever its punctuation (characters, not words: some scripts do not space their words).
BODY_MIN_CHARS = 60
BODY_MIN_CHARS_UNPUNCTUATED = 160
# Score of a body line: its characters divided by this, capped (one huge line must not win alone).
BODY_CHARS_PER_POINT = 40
BODY_MAX_POINTS = 12
# Score of a line that is not body: short lines (menu items, labels) and lines the rules took.
SHORT_LINE_SCORE = -1.0
NOISE_LINE_SCORE = -1.0
# Headline-long lines without a sentence end (link lists of other stories) cost a little more.
LINK_LINE_MIN_CHARS = 25
LINK_LINE_SCORE = -1.5
# Lines of figures only (table cells, scores) say nothing either way.
NUMBER_LINE_SCORE = 0.0
# A long line about cookies or privacy is a consent banner, not the article.
CONSENT_LINE_SCORE = -2.0
# A run of this many short lines in a row outside the block is a menu.
NAV_MIN_RUN = 4
NAV_MAX_CHARS = 40
# The headline is kept for the headline finder when it stands this close above the block.
HEADLINE_MAX_LINES_ABOVE = 12

_SENTENCE_END = re.compile(r"[.!?…。！？؟।][\"'”’»)\]」』]*$")
_COMMENT_WORDS = (
    r"(?:comments?|responses?|replies|reactions?|thoughts? on|kommentare?|commentaires?|comentarios?|"
    r"commenti|reacties|коммент\w*|відгук\w*|評論|评论|コメント|댓글)"
)
# A heading that opens the comments: "Comments", "34 responses to ...", "Leave a reply".
_COMMENTS_HEADING = re.compile(
    r"^(?:\(?\d+\)?\s+)?" + _COMMENT_WORDS + r"(?:\s*\(\d+\)|\s+.{0,80})?:?$|"
    r"^(?:leave a (?:reply|comment)|post a comment|add a comment|write a comment|show comments|"
    r"view comments|join the (?:discussion|conversation)|reader comments|discussion)\b.{0,40}$",
    re.I,
)
# The line above a comment: "Jane on May 2, 2019 at 4:47 pm said:", "joetoronto says:".
_COMMENT_AUTHOR = re.compile(r"^.{1,120}\b(?:said|says|wrote|writes|replied|replies)\s*:?$", re.I)
COMMENT_HEADING_MAX_WORDS = 12
# Two comment-author lines make a comment thread.
COMMENT_AUTHORS_MIN = 2

_NUMBER_LINE = re.compile(r"^[\W\d_]+$")
_CONSENT = re.compile(r"\bcookie|\bprivacy\b|\bGDPR\b|\bconsent\b", re.I)
# A paragraph wrapped over several lines: this line ends mid-sentence, the next goes on in lower case.
_OPEN_END = re.compile(r"[\w,;:–—-]$")

HEADER = "page-header"
FOOTER = "page-footer"
NAVIGATION = "navigation"
COMMENTS = "comments"


def is_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


def line_score(line: Line, noise_reason: str | None) -> float:
    """How much a line speaks for being inside the article block (positive) or outside (negative)."""
    if noise_reason is not None:
        return NOISE_LINE_SCORE
    return text_score(line.text)


def text_score(text: str) -> float:
    chars = len(text)
    if _NUMBER_LINE.match(text):
        return NUMBER_LINE_SCORE
    if chars >= BODY_MIN_CHARS_UNPUNCTUATED or (chars >= BODY_MIN_CHARS and is_sentence(text)):
        if _CONSENT.search(text):
            return CONSENT_LINE_SCORE
        return min(chars / BODY_CHARS_PER_POINT, BODY_MAX_POINTS)
    if chars >= LINK_LINE_MIN_CHARS and not is_sentence(text):
        return LINK_LINE_SCORE
    return SHORT_LINE_SCORE


def _wrapped_groups(lines: list[Line], noise: Mapping[int, str]) -> list[range]:
    """Runs of lines that make one paragraph wrapped over several lines (else one line each)."""
    groups: list[range] = []
    start = 0
    for i in range(1, len(lines) + 1):
        if i < len(lines):
            above, below = lines[i - 1], lines[i]
            wrapped = (
                i - 1 not in noise
                and i not in noise
                and not below.blank_before
                and _OPEN_END.search(above.text) is not None
                and below.text[0].islower()
            )
            if wrapped:
                continue
        groups.append(range(start, i))
        start = i
    return groups


def block_scores(lines: list[Line], noise: Mapping[int, str]) -> list[float]:
    """The score of every line; the lines of a wrapped paragraph share the paragraph's score."""
    scores = [0.0] * len(lines)
    for group in _wrapped_groups(lines, noise):
        if len(group) == 1:
            scores[group[0]] = line_score(lines[group[0]], noise.get(group[0]))
            continue
        total = text_score(" ".join(lines[i].text for i in group))
        for i in group:
            scores[i] = total / len(group)
    return scores


def find_article_block(lines: list[Line], noise: Mapping[int, str]) -> tuple[int, int] | None:
    """First and last index of the run of lines with the highest total score, or None."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, score in enumerate(block_scores(lines, noise)):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _is_short(line: Line) -> bool:
    return len(line.text) <= NAV_MAX_CHARS and not is_sentence(line.text)


def _short_runs(lines: list[Line], indices: range) -> list[range]:
    runs: list[range] = []
    start = None
    for i in [*indices, None]:
        if i is not None and _is_short(lines[i]):
            start = i if start is None else start
            continue
        if start is not None:
            end = (i if i is not None else indices.stop)
            runs.append(range(start, end))
            start = None
    return runs


def is_whole_page(lines: list[Line], span: tuple[int, int]) -> bool:
    """True when the text around the article block looks like page furniture (menus, link lists)."""
    if len(lines) < PAGE_MIN_LINES:
        return False
    outside = [*range(0, span[0]), *range(span[1] + 1, len(lines))]
    short = sum(1 for i in outside if _is_short(lines[i]))
    runs = _short_runs(lines, range(0, span[0])) + _short_runs(lines, range(span[1] + 1, len(lines)))
    longest = max((len(r) for r in runs), default=0)
    return short >= PAGE_MIN_OUTSIDE_SHORT or longest >= PAGE_MIN_SHORT_RUN


def is_comments_heading(line: Line) -> bool:
    return line.words <= COMMENT_HEADING_MAX_WORDS and _COMMENTS_HEADING.match(line.text) is not None


def find_comments_start(lines: list[Line], start: int) -> int:
    """Index of the first line of the comments at or after ``start`` (len(lines) when none)."""
    authors = [i for i in range(start, len(lines)) if _COMMENT_AUTHOR.match(lines[i].text)]
    heading = next((i for i in range(start, len(lines)) if is_comments_heading(lines[i])), len(lines))
    if len(authors) >= COMMENT_AUTHORS_MIN:
        return min(heading, authors[0])
    return heading


def find_page_noise(lines: list[Line], noise: Mapping[int, str]) -> dict[int, str]:
    """Reasons for the free lines outside the article block of a whole-page clipping.

    Returns an empty dict when the text does not look like a whole page. The headline-shaped line
    nearest above the block is left for the headline finder.
    """
    span = find_article_block(lines, noise)
    if span is None or not is_whole_page(lines, span):
        return {}
    first, last = span
    keep: set[int] = set()
    for i in range(first - 1, max(-1, first - 1 - HEADLINE_MAX_LINES_ABOVE), -1):
        if i not in noise and is_headline_shaped(lines[i].text) and len(lines[i].text) > NAV_MAX_CHARS // 2:
            keep.add(i)
            break
    nav: set[int] = set()
    for run in _short_runs(lines, range(0, first)) + _short_runs(lines, range(last + 1, len(lines))):
        if len(run) >= NAV_MIN_RUN:
            nav.update(run)
    comments_from = find_comments_start(lines, first + 1)
    if comments_from <= last:
        last = max(first, comments_from - 1)
    found: dict[int, str] = {}
    for i in [*range(0, first), *range(last + 1, len(lines))]:
        if i in noise or i in keep:
            continue
        if i >= comments_from:
            found[i] = COMMENTS
        elif i in nav:
            found[i] = NAVIGATION
        else:
            found[i] = HEADER if i < first else FOOTER
    return found
