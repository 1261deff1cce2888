"""Shape features of the lines of one text, for the learned boilerplate line model.

One row per non-empty line: the line's own shape (length, punctuation, case, stop-word share), its
place in the text (position, distance to the nearest long prose line), its neighbours' shapes, how
often it recurs in the text, and the verdicts of the hand-written rules (line rules, whole-page
block finder, context rules) as categorical codes. Only plain text is used, so the same features
serve clippings, excerpts and the text an HTML body extractor returns. No parsing: the features
cost about a millisecond per hundred lines.

The training script (``training/boilerplate/train.py``) and the cleaner both call
:func:`line_features`; the column order is :data:`FEATURE_NAMES`, stored with the model and checked
when it is loaded.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping

from stancemap.clean.lines import Line, ends_sentence, upper_share
from stancemap.clean.stopwords import STOP_WORDS

# Rule reasons, in a fixed order: their position + 1 is the categorical code (0: no rule fired).
# Reasons not listed share the last code. Taken from the rule modules' reason strings.
RULE_REASONS = (
    "source-link", "related-posts", "pagination", "rating-widget", "self-promo", "social-follow",
    "comment-prompt", "affiliate-notice", "share-widget", "ai-voice-notice", "reading-time",
    "back-to-top", "cookie-prompt", "subscribe-prompt", "logo", "advertisement", "copyright",
    "update-note", "contributor-note", "author-bio", "tag-row", "social-embed", "link",
    "media-placeholder", "teaser", "site-nav", "byline", "date-line", "photo-credit", "photo-caption",
    "section-label", "footer", "navigation", "comments", "page-header", "page-footer", "common-line",
)
_RULE_CODE = {reason: i + 1 for i, reason in enumerate(RULE_REASONS)}
OTHER_RULE_CODE = len(RULE_REASONS) + 1

# A "long" prose line anchors the body: a sentence-ended line of at least this many words.
LONG_LINE_MIN_WORDS = 20
# Neighbours looked at on each side, and the wider window for local averages.
NEIGHBOURS = 2
WINDOW = 5
SHORT_LINE_MAX_WORDS = 4

_TOKEN = re.compile(r"\w+", re.UNICODE)
_PUNCT = re.compile(r"[^\w\s]")
_DIGIT = re.compile(r"\d")
_URLISH = re.compile(r"https?://|www\.|\S+@\S+\.\w+|\.com\b", re.I)
_SEPARATOR = re.compile(r"\s[|•·»›/]\s|\s[|•·»›]|[|•·»›]\s")
_BULLET = re.compile(r"^[•·\-–—*►▶→>»]")
_QUOTE = re.compile(r"[\"“”„«»]")
_COLON_END = re.compile(r":\s*$")
_OPEN_CLOSE_DIGITS = re.compile(r"^\d|\d$")

LINE_FEATURES = (
    "log_chars", "words", "ends_sentence", "ends_colon", "upper_share", "title_share", "digit_share",
    "punct_share", "stop_share", "commas", "inner_sentences", "separators", "starts_bullet", "urlish",
    "quotes", "mean_word_len", "blank_before", "starts_ends_digit", "copyright",
)
CONTEXT_FEATURES = (
    "rule_line", "rule_page", "rule_context", "repeats", "rel_pos", "log_from_start", "log_from_end",
    "log_lines", "rel_chars_before", "inside_long_span", "log_dist_long", "short_run",
    "window_words", "window_sentences", "window_flagged", "extracted",
)
NEIGHBOUR_FEATURES = ("log_words", "ends_sentence", "stop_share", "flagged", "upper_share")
FEATURE_NAMES: tuple[str, ...] = (
    LINE_FEATURES
    + CONTEXT_FEATURES
    + tuple(f"{name}@{offset:+d}" for offset in (-2, -1, 1, 2) for name in NEIGHBOUR_FEATURES)
)
# Columns LightGBM treats as categories.
CATEGORICAL_FEATURES = ("rule_line", "rule_page", "rule_context")


def rule_code(reason: str | None) -> int:
    if reason is None:
        return 0
    return _RULE_CODE.get(reason, OTHER_RULE_CODE)


def _line_shape(line: Line) -> list[float]:
    text = line.text
    tokens = _TOKEN.findall(text)
    n_tokens = len(tokens) or 1
    chars = len(text)
    alpha_tokens = [t for t in tokens if not t.isdigit()]
    title = sum(1 for t in alpha_tokens if t[:1].isupper())
    stop = sum(1 for t in tokens if t.lower() in STOP_WORDS)
    return [
        math.log1p(chars),
        float(line.words),
        float(ends_sentence(text)),
        float(bool(_COLON_END.search(text))),
        upper_share(text),
        title / (len(alpha_tokens) or 1),
        len(_DIGIT.findall(text)) / chars,
        len(_PUNCT.findall(text)) / chars,
        stop / n_tokens,
        float(text.count(",")),
        float(len(re.findall(r"[.!?][\"'”’)]*\s+[A-Z“\"]", text))),
        float(len(_SEPARATOR.findall(text))),
        float(bool(_BULLET.match(text))),
        float(bool(_URLISH.search(text))),
        float(bool(_QUOTE.search(text))),
        sum(len(t) for t in tokens) / n_tokens,
        float(line.blank_before),
        float(bool(_OPEN_CLOSE_DIGITS.search(text))),
        float("©" in text or "(c)" in text.lower()),
    ]


def line_features(
    lines: list[Line],
    *,
    line_rules: Mapping[int, str],
    page_rules: Mapping[int, str],
    context_rules: Mapping[int, str],
    extracted: bool,
) -> list[list[float]]:
    """One feature row per line, columns in :data:`FEATURE_NAMES` order."""
    n = len(lines)
    if n == 0:
        return []
    shapes = [_line_shape(line) for line in lines]
    flagged = [
        float(i in line_rules or i in page_rules or i in context_rules) for i in range(n)
    ]
    counts = Counter(line.text for line in lines)
    long_lines = [
        i for i, line in enumerate(lines) if line.words >= LONG_LINE_MIN_WORDS and ends_sentence(line.text)
    ]
    first_long = long_lines[0] if long_lines else -1
    last_long = long_lines[-1] if long_lines else -1
    dist_long = _distance_to(long_lines, n)
    short_run = _short_runs(lines)
    total_chars = sum(len(line.text) for line in lines) or 1
    before = 0
    words_prefix = [0.0]
    sent_prefix = [0.0]
    flag_prefix = [0.0]
    for i in range(n):
        words_prefix.append(words_prefix[-1] + math.log1p(lines[i].words))
        sent_prefix.append(sent_prefix[-1] + shapes[i][2])
        flag_prefix.append(flag_prefix[-1] + flagged[i])

    rows = []
    for i, line in enumerate(lines):
        lo, hi = max(0, i - WINDOW), min(n, i + WINDOW + 1)
        width = hi - lo
        row = list(shapes[i])
        row += [
            float(rule_code(line_rules.get(i))),
            float(rule_code(page_rules.get(i))),
            float(rule_code(context_rules.get(i))),
            float(counts[line.text] - 1),
            i / n,
            math.log1p(i),
            math.log1p(n - 1 - i),
            math.log1p(n),
            before / total_chars,
            float(first_long <= i <= last_long) if long_lines else 0.0,
            math.log1p(dist_long[i]),
            math.log1p(short_run[i]),
            (words_prefix[hi] - words_prefix[lo]) / width,
            (sent_prefix[hi] - sent_prefix[lo]) / width,
            (flag_prefix[hi] - flag_prefix[lo]) / width,
            float(extracted),
        ]
        for offset in (-NEIGHBOURS, -1, 1, NEIGHBOURS):
            j = i + offset
            if 0 <= j < n:
                s = shapes[j]
                row += [math.log1p(lines[j].words), s[2], s[8], flagged[j], s[4]]
            else:
                row += [-1.0, -1.0, -1.0, -1.0, -1.0]
        rows.append(row)
        before += len(line.text)
    return rows


def _distance_to(indices: list[int], n: int) -> list[int]:
    """For each line, the distance in lines to the nearest index in ``indices`` (n when none)."""
    dist = [n] * n
    if not indices:
        return dist
    last = -n
    marks = set(indices)
    for i in range(n):
        if i in marks:
            last = i
        dist[i] = i - last
    last = 2 * n
    for i in range(n - 1, -1, -1):
        if i in marks:
            last = i
        dist[i] = min(dist[i], last - i)
    return dist


def _short_runs(lines: list[Line]) -> list[int]:
    """For each line, the length of the run of consecutive short lines it is part of (0 if long)."""
    runs = [0] * len(lines)
    i = 0
    while i < len(lines):
        if lines[i].words <= SHORT_LINE_MAX_WORDS:
            j = i
            while j < len(lines) and lines[j].words <= SHORT_LINE_MAX_WORDS:
                j += 1
            for k in range(i, j):
                runs[k] = j - i
            i = j
        else:
            i += 1
    return runs


# Second stage: the first stage's scores of the line, its neighbours and the whole text.
SCORE_FEATURES = (
    "score", "score@-2", "score@-1", "score@+1", "score@+2", "window_score", "text_min_prose_score",
    "text_mean_score", "score_above_min_prose", "prose_rank", "words_below_score",
)
STAGE2_FEATURE_NAMES: tuple[str, ...] = FEATURE_NAMES + SCORE_FEATURES
PROSE_MIN_WORDS = 8  # a line of this many words may be article prose (for the text-level scores)


def score_features(lines: list[Line], rows: list[list[float]], scores: list[float]) -> list[list[float]]:
    """Stage-1 rows extended with the stage-1 scores in context, columns in STAGE2_FEATURE_NAMES order.

    A line scored 0.7 is boilerplate on a page of 0.1 prose but may be the article on a short page
    where every line scores high: the text-level columns let the second stage tell.
    """
    n = len(lines)
    if n == 0:
        return []
    prose = sorted(s for line, s in zip(lines, scores) if line.words >= PROSE_MIN_WORDS)
    min_prose = prose[0] if prose else 1.0
    mean = sum(scores) / n
    total_words = sum(line.words for line in lines) or 1
    order = sorted(range(n), key=lambda i: scores[i])
    words_below = [0.0] * n
    running = 0
    for i in order:
        words_below[i] = running / total_words
        running += lines[i].words
    out = []
    for i in range(n):
        lo, hi = max(0, i - WINDOW), min(n, i + WINDOW + 1)
        near = [scores[j] if 0 <= j < n else -1.0 for j in (i - 2, i - 1, i + 1, i + 2)]
        rank = (sum(1 for s in prose if s < scores[i]) / len(prose)) if prose else 1.0
        out.append(
            rows[i]
            + [scores[i], *near, sum(scores[lo:hi]) / (hi - lo), min_prose, mean, scores[i] - min_prose, rank,
               words_below[i]]
        )
    return out
