"""Stage 2 of the pipeline: raw article text -> headline, body paragraphs, removed noise, metadata.

:func:`clean_article` works line by line (each non-empty raw line is a paragraph): it drops noise
lines (the rules of :mod:`stancemap.clean.noise` and :mod:`stancemap.clean.page`, and the learned
line model of :mod:`stancemap.clean.boilerplate`) and verbatim repeats of earlier paragraphs, finds the
headline, and reads the published date, outlet and author from metadata lines. Every kept paragraph
is copied verbatim from the raw text and mapped back to it by a :class:`~stancemap.model.Segment`.

:func:`find_common_lines` is the corpus pre-pass that finds boilerplate lines recurring across
articles; pass its result to :func:`clean_article` as ``common_lines``.

Language: the source's, else detected from the body (py3langid). Not handled: paragraphs wrapped over several
lines (each line is its own paragraph), dates written without a year.
"""

from __future__ import annotations

import re

from stancemap.clean.boilerplate import SHAPE_REASONS, LineModel, load_model, shape_reason
from stancemap.clean.common import find_common_lines
from stancemap.clean.lines import Line, count_words, ends_sentence, split_lines
from stancemap.clean.metadata import (
    DATE_LINE_MAX_WORDS,
    DateStamp,
    is_headline_shaped,
    is_names_line,
    parse_date,
    pick_published,
    read_bio_name,
    read_byline,
    read_date_stamp,
    read_dateline_agency,
    read_logo_outlet,
    read_relative_stamp,
    read_self_promo_outlet,
    read_sign_off,
    same_title,
    split_date_marker,
)
from stancemap.clean.noise import LABEL_MAX_WORDS, classify_line, find_body_span, find_context_noise
from stancemap.clean.language import detect_language
from stancemap.clean.page import find_page_noise
from stancemap.clean.paragraphs import REPEAT_MIN_WORDS, find_repeated_paragraphs
from stancemap.model import CleanArticle, RawArticle, RemovedLine, Segment

__all__ = ["article_outlet", "clean_article", "find_common_lines", "find_headline", "rule_verdicts"]

PARAGRAPH_SEPARATOR = "\n\n"
# Section labels ("Politics", "Analysis") that may stand above the headline and are skipped.
MAX_LABELS_ABOVE_HEADLINE = 2
# Noise reasons that a first line loses when it is the headline.
HEADLINE_NOT_NOISE = frozenset({"teaser"})
REPEATED = "repeated-paragraph"
# A text keeps at least this many body words when it has prose lines (lines of PROSE_MIN_WORDS words
# or more): the model scores lines one by one and can drop all of a short article (4 of the 181 news
# pages, leave-host-out, lost their whole body before this guard).
MIN_BODY_WORDS = 60
PROSE_MIN_WORDS = 8
BODY_SCORE_MARGIN = 0.15
# Outside whole-page clippings, a prose line (PROSE_MIN_WORDS words or more, ending a sentence) is
# removed by the model only at this score: a wrongly removed paragraph costs quotes, a kept caption
# costs little. (The model drops the last paragraph of short texts otherwise: the line after it
# is a footer on the pages it learnt from.)
PROSE_THRESHOLD = 0.75
# Text a body extractor returned (trafilatura) is mostly article: the model removes a line of it only
# at this score (leave-host-out on the 181 news pages, body F1 after cleaning: see bench_extraction).
EXTRACTED_THRESHOLD = 0.85
# A subheading has at most this many words.
SUBHEADING_MAX_WORDS = 8
# A headline the model removed is looked for this many lines above the body, and has this many words.
RESCUE_MAX_LINES = 10
RESCUE_MIN_WORDS = 5
COMMON = "common-line"
# A date with a clock time alone on its line among the first lines of the body is the story's
# stamp (below a standfirst, "- 22:00, 8 January, 2025"): read as the date and removed as a
# date line. A bare date there may be a timeline entry and stays.
DATE_TOP_LINES = 3
_CLOCK = re.compile(r"(?<![\d.:])\d{1,2}:\d\d(?![\d.:])")


def clean_article(
    raw: RawArticle, *, common_lines: frozenset[str] = frozenset(), line_model: LineModel | None = None
) -> CleanArticle:
    """Clean one raw article: body paragraphs, headline, removed lines and metadata from the text.

    ``common_lines`` holds stripped lines that recur across the corpus (from
    :func:`find_common_lines`); they are dropped with the reason "common-line" unless a line rule
    gives a more specific reason. Metadata already set on ``raw`` wins over what the text says.
    ``line_model`` replaces the shipped boilerplate line model (evaluation of other trainings).
    """
    lines = split_lines(raw.text)
    stamps: list[DateStamp] = []

    # A date marker glued to the start of the first line: keep the rest of the line as body text.
    if lines:
        marker = split_date_marker(lines[0].text)
        if marker is not None and len(lines[0].text) > marker[1]:
            date, cut = marker
            stamps.append(DateStamp(date, "marker"))
            lines[0].cut(cut)

    noise, headline, rule_noise = _line_noise(raw, lines, common_lines, line_model)
    kept = [line for line in lines if line.index not in noise]
    for k in find_repeated_paragraphs([line.text for line in kept]):
        noise[kept[k].index] = REPEATED
    kept = [line for line in kept if line.index not in noise]

    text, segments, body_start = _assemble(kept, headline)
    removed = tuple(
        RemovedLine(text=lines[i].text, reason=reason, raw_start=lines[i].raw_start)
        for i, reason in sorted(noise.items())
    )
    span = find_body_span(lines, noise, headline=headline)
    stamps.extend(_date_stamps(lines, noise, span, raw.fetched))
    title = raw.title or (lines[headline].text if headline is not None else None)
    return CleanArticle(
        id=raw.id,
        source=raw.source,
        path=raw.path,
        format=raw.format,
        raw_text=raw.text,
        text=text,
        segments=segments,
        body_start=body_start,
        title=title,
        outlet=raw.outlet or _find_outlet(lines, rule_noise),
        author=raw.author or _find_author(lines, rule_noise),
        published=raw.published or _pick_published(stamps),
        url=raw.url,
        fetched=raw.fetched,
        language=raw.language or detect_language(text[body_start:]),
        removed_lines=removed,
        repeated_paragraphs=sum(1 for reason in noise.values() if reason == REPEATED),
    )


def rule_verdicts(
    lines: list[Line], *, extracted: bool, common_lines: frozenset[str] = frozenset(), title: str | None = None
) -> tuple[dict[int, str], dict[int, str], dict[int, str], int | None]:
    """The hand-written rules' verdicts: line rules, whole-page block finder, context rules, headline.

    These are features of the line model (and the whole cleaner before it existed).
    """
    line_rules: dict[int, str] = {}
    for line in lines:
        reason = classify_line(line.text)
        if reason is None and line.text in common_lines:
            reason = COMMON
        if reason is not None:
            line_rules[line.index] = reason
    # A whole web page's visible text: the menus, link lists and footers around the article.
    # Text a body extractor produced (HTML pages, WARC records) has no page around it any more.
    page_rules = {} if extracted else find_page_noise(lines, line_rules)
    noise = {**line_rules, **page_rules}
    headline = find_headline(lines, noise, title=title)
    if headline is not None:
        noise.pop(headline, None)  # a "WATCH: ..." or all-capitals first line is the headline
    context_rules = find_context_noise(lines, noise, headline=headline)
    return line_rules, page_rules, context_rules, headline


def _line_noise(
    raw: RawArticle, lines: list[Line], common_lines: frozenset[str], line_model: LineModel | None = None
) -> tuple[dict[int, str], int | None, dict[int, str]]:
    """The noise lines (index -> reason), the headline line, and the rules' own noise verdicts.

    Lines the hand-written rules flag (including lines recurring across the corpus,
    ``common_lines``: the model sees one text at a time) are removed with the rules' reasons; the
    line model removes more, with a reason class read from the line's shape. Guards around the
    model (measured in docs/cleaning-model.md): a text keeps a body, repeated sentences are left to
    the repeated-paragraph step, sentence lines of excerpts need a high score, wrapped paragraphs
    and subheadings stay whole, the headline and the standfirst under it stay.
    """
    line_rules, page_rules, context_rules, rule_headline = rule_verdicts(
        lines, extracted=raw.extracted, common_lines=common_lines, title=raw.title
    )
    rule_noise = _merge_rules(line_rules, page_rules, context_rules, rule_headline)
    model = line_model or load_model()
    scores = _model_scores(model, lines, raw.extracted, line_rules, page_rules, context_rules)
    threshold = _body_threshold(lines, scores, EXTRACTED_THRESHOLD if raw.extracted else model.threshold)
    noise: dict[int, str] = {}
    for line, score in zip(lines, scores):
        i = line.index
        prose = not page_rules and line.words >= PROSE_MIN_WORDS and ends_sentence(line.text)
        if score >= (max(threshold, PROSE_THRESHOLD) if prose else threshold) or i in rule_noise:
            noise[i] = line_rules.get(i) or context_rules.get(i) or page_rules.get(i) or shape_reason(lines, i)
    _keep_wrapped(lines, noise, rule_noise)
    _keep_subheadings(lines, noise, rule_noise)
    # The headline the rules find stays: the model was trained on bodies without their title.
    if rule_headline is not None:
        noise.pop(rule_headline, None)
    headline = find_headline(lines, noise, title=raw.title)
    if not raw.title:
        rescued = _rescue_headline(lines, noise, line_rules)
        if rescued is not None and (headline is None or lines[headline].words < RESCUE_MIN_WORDS):
            headline = rescued
            for line in lines[:rescued]:  # what the model kept above the headline is page furniture
                if line.index not in noise:
                    noise[line.index] = "section-label" if line.words <= LABEL_MAX_WORDS else "page-header"
    if headline is not None:
        noise.pop(headline, None)
        _drop_name_lines(lines, noise, headline)
        # A copy of the headline is the headline, not furniture: the repeated-paragraph step takes
        # the later copies out of the body (the dev set's gold counts them as repeats). Copies of
        # a line too short to count as a repeat are menu items ("- logo-icon" twice in a menu).
        if lines[headline].words >= REPEAT_MIN_WORDS:
            for i in [i for i in noise if same_title(lines[i].text, lines[headline].text)]:
                del noise[i]
        # The standfirst under the headline is the article's (ground-truth bodies often leave it out).
        after = headline + 1
        if (
            after < len(lines)
            and noise.get(after) in SHAPE_REASONS
            and after not in line_rules
            and lines[after].words >= PROSE_MIN_WORDS
            and ends_sentence(lines[after].text)
        ):
            del noise[after]
    _drop_top_stamps(lines, noise, headline)
    return noise, headline, rule_noise


def _keep_wrapped(lines: list[Line], noise: dict[int, str], rule_noise: dict[int, str]) -> None:
    """A paragraph wrapped over several lines stays whole: when the model keeps one of its lines, the
    lines it removed alone from the same paragraph (a line not ending a sentence, continued by one
    that starts in lower case) are kept too."""
    start = 0
    while start < len(lines):
        end = start
        while (
            end + 1 < len(lines)
            and not ends_sentence(lines[end].text)
            and lines[end + 1].text[:1].islower()
        ):
            end += 1
        group = range(start, end + 1)
        if end > start and any(i not in noise for i in group):
            for i in group:
                if i in noise and i not in rule_noise:
                    del noise[i]
        start = end + 1


def _drop_top_stamps(lines: list[Line], noise: dict[int, str], headline: int | None) -> None:
    """Date stamps with a clock time among the body's first ``DATE_TOP_LINES`` lines are furniture."""
    span = find_body_span(lines, noise, headline=headline)
    if span is None:
        return
    for line in lines[span[0] : span[0] + DATE_TOP_LINES]:
        if line.index not in noise and _is_clock_stamp(line.text):
            noise[line.index] = "date-line"


def _is_clock_stamp(text: str) -> bool:
    return _CLOCK.search(text) is not None and read_date_stamp(text) is not None


def _drop_name_lines(lines: list[Line], noise: dict[int, str], headline: int) -> None:
    """A line of person names only between the headline and the first kept prose line is the
    byline of several authors ("Jane Roe and John Doe"), which no "By" announces. (On the
    benchmark pages, 153 of 165 such lines above the body are furniture; the rest are title-case
    headlines, "Safety Tips and Best Practices", hence only below the headline.)"""
    for line in lines[headline + 1 :]:
        if line.index not in noise and line.words >= PROSE_MIN_WORDS and ends_sentence(line.text):
            return
        if line.index not in noise and is_names_line(line.text):
            noise[line.index] = "byline"


def _keep_subheadings(lines: list[Line], noise: dict[int, str], rule_noise: dict[int, str]) -> None:
    """A short heading-shaped line between two kept prose lines is a subheading of the article: kept
    when only the model removed it (no rule names it as furniture)."""
    for i in range(1, len(lines) - 1):
        before, line, after = lines[i - 1], lines[i], lines[i + 1]
        if (
            i in noise
            and i not in rule_noise
            and line.words <= SUBHEADING_MAX_WORDS
            and not ends_sentence(line.text)
            and line.text[:1].isupper()
            and all(j not in noise and lines[j].words >= PROSE_MIN_WORDS for j in (i - 1, i + 1))
            and ends_sentence(before.text)
            and after.text
        ):
            del noise[i]


def _model_scores(
    model: LineModel,
    lines: list[Line],
    extracted: bool,
    line_rules: dict[int, str],
    page_rules: dict[int, str],
    context_rules: dict[int, str],
) -> list[float]:
    """The model's boilerplate score of every line; later verbatim copies of a sentence line are
    not shown to it (repeated paragraphs have their own step) and score as body (0.0)."""
    seen: set[str] = set()
    shown: list[Line] = []
    for line in lines:
        if line.words >= PROSE_MIN_WORDS and line.text in seen and ends_sentence(line.text):
            continue
        seen.add(line.text)
        shown.append(line)
    if len(shown) == len(lines):
        return model.noise_scores(
            lines, line_rules=line_rules, page_rules=page_rules, context_rules=context_rules, extracted=extracted
        )
    sub = [Line(index=k, text=line.text, raw_start=line.raw_start, blank_before=line.blank_before)
           for k, line in enumerate(shown)]
    remap = [{k: rules[line.index] for k, line in enumerate(shown) if line.index in rules}
             for rules in (line_rules, page_rules, context_rules)]
    sub_scores = model.noise_scores(
        sub, line_rules=remap[0], page_rules=remap[1], context_rules=remap[2], extracted=extracted
    )
    scores = [0.0] * len(lines)
    for line, score in zip(shown, sub_scores):
        scores[line.index] = score
    return scores


def _rescue_headline(lines: list[Line], noise: dict[int, str], line_rules: dict[int, str]) -> int | None:
    """The headline the model removed: the topmost headline-shaped line of at least
    ``RESCUE_MIN_WORDS`` words, no line rule against it, within ``RESCUE_MAX_LINES`` lines above the
    first kept prose line. (The model learnt from ground-truth bodies that leave the title out.)"""
    first_body = next(
        (line.index for line in lines if line.index not in noise and line.words >= PROSE_MIN_WORDS), None
    )
    if first_body is None:
        return None
    for line in lines[max(0, first_body - RESCUE_MAX_LINES) : first_body]:
        if (
            line.words >= RESCUE_MIN_WORDS
            and line.index not in line_rules
            and is_headline_shaped(line.text)
            and not is_names_line(line.text)
        ):
            return line.index
    return None


def _rule_noise(lines: list[Line], raw: RawArticle, common_lines: frozenset[str] = frozenset()) -> dict[int, str]:
    """The lines the hand-written rules take for noise, with their reasons: the metadata readers
    (outlet, author) read these reasons, whatever the line model decides."""
    return _merge_rules(*rule_verdicts(lines, extracted=raw.extracted, common_lines=common_lines, title=raw.title))


def _merge_rules(
    line_rules: dict[int, str], page_rules: dict[int, str], context_rules: dict[int, str], headline: int | None
) -> dict[int, str]:
    noise = {**line_rules, **page_rules}
    noise.pop(headline, None)
    noise.update(context_rules)
    return noise


def _body_threshold(lines: list[Line], scores: list[float], threshold: float) -> float:
    """The model's threshold, raised when it would leave no body: a text always has an article.

    When the lines under the threshold hold fewer than ``MIN_BODY_WORDS`` words, the prose lines
    (``PROSE_MIN_WORDS`` words or more) scoring within ``BODY_SCORE_MARGIN`` of the best one stay.
    """
    kept_words = sum(line.words for line, score in zip(lines, scores) if score < threshold)
    prose = [score for line, score in zip(lines, scores) if line.words >= PROSE_MIN_WORDS]
    if kept_words >= MIN_BODY_WORDS or not prose:
        return threshold
    return max(threshold, min(prose) + BODY_SCORE_MARGIN)


def article_outlet(raw: RawArticle) -> str | None:
    """The outlet of an article, as :func:`clean_article` finds it, without the rest of cleaning."""
    if raw.outlet:
        return raw.outlet
    lines = split_lines(raw.text)
    if lines:
        marker = split_date_marker(lines[0].text)
        if marker is not None and len(lines[0].text) > marker[1]:
            lines[0].cut(marker[1])
    return _find_outlet(lines, _rule_noise(lines, raw))


def find_headline(lines: list[Line], noise: dict[int, str], *, title: str | None = None) -> int | None:
    """Index of the headline line: the first kept line when it is shaped like a headline.

    A headline needs a body line after it. Up to two short section labels above it are skipped. When
    the source gave a title, only a first line that is that title counts as the headline. A line the
    rules took for a teaser ("WATCH: ...") is the headline when it comes first.
    """
    candidates = []
    for line in lines:
        reason = noise.get(line.index)
        if reason is None or (reason in HEADLINE_NOT_NOISE and not candidates):
            candidates.append(line)
    if len(candidates) < 2:
        return None
    if title:
        for line in candidates[: MAX_LABELS_ABOVE_HEADLINE + 1]:
            if same_title(line.text, title):
                return line.index
            if not _is_label(line):
                break
        return None
    pos = 0
    while pos < MAX_LABELS_ABOVE_HEADLINE and pos + 2 < len(candidates):
        label, following = candidates[pos], candidates[pos + 1]
        if (
            _is_label(label)
            and following.words > LABEL_MAX_WORDS
            and is_headline_shaped(following.text)
        ):
            pos += 1
        else:
            break
    first = candidates[pos]
    return first.index if is_headline_shaped(first.text) else None


def _is_label(line: Line) -> bool:
    return line.words <= LABEL_MAX_WORDS and not ends_sentence(line.text)


def _assemble(kept: list[Line], headline: int | None) -> tuple[str, tuple[Segment, ...], int]:
    """Join the kept lines into the cleaned text, with one segment per line and the body start."""
    parts: list[str] = []
    segments: list[Segment] = []
    offset = 0
    body_start = 0
    for line in kept:
        if parts:
            parts.append(PARAGRAPH_SEPARATOR)
            offset += len(PARAGRAPH_SEPARATOR)
        if line.index != headline and body_start == 0 and headline is not None:
            body_start = offset
        segments.append(Segment(start=offset, raw_start=line.raw_start, length=len(line.text)))
        parts.append(line.text)
        offset += len(line.text)
    text = "".join(parts)
    if headline is not None and body_start == 0:
        body_start = len(text)  # a headline with no body left
    return text, tuple(segments), body_start


def _date_stamps(
    lines: list[Line], noise: dict[int, str], span: tuple[int, int] | None, reference: str | None
) -> list[DateStamp]:
    """Date stamps from metadata lines, kept or removed: a line that is only a date stamp counts
    when it carries a keyword ("Published ...") or stands above or below the body, or with a clock
    time among the body's first ``DATE_TOP_LINES`` lines (not a timeline entry); so does a byline
    with a date ("By Jane Roe, March 3, 2026"). Relative stamps ("Updated 2 hours ago") count only
    with a ``reference`` date (when the page was fetched)."""
    stamps = []
    for line in lines:
        i, text = line.index, line.text
        outside = (
            span is None
            or not span[0] <= i <= span[1]
            or (i - span[0] < DATE_TOP_LINES and _is_clock_stamp(text))
        )
        if line.words > DATE_LINE_MAX_WORDS and noise.get(i) != "byline":
            continue
        stamp = read_date_stamp(text)
        if stamp is not None:
            if stamp.keyword or outside:
                stamps.append(stamp)
            continue
        if reference and (relative := read_relative_stamp(text, reference)) is not None:
            stamps.append(relative)
        elif noise.get(i) == "byline" or read_byline(text) is not None:
            date = parse_date(text)
            if date is not None:
                stamps.append(DateStamp(date, ""))
    return stamps


def _pick_published(stamps: list[DateStamp]) -> str | None:
    for stamp in stamps:
        if stamp.keyword == "marker":
            return stamp.date
    return pick_published(stamps)


# A wire dateline opens the story: look for one in the first few kept lines only.
DATELINE_SEARCH_LINES = 3


def _find_outlet(lines: list[Line], noise: dict[int, str]) -> str | None:
    """The outlet named by a logo line, a self-promotion widget or a "Jane Doe for Some News" sign-off."""
    readers = (("logo", read_logo_outlet), ("self-promo", read_self_promo_outlet))
    for reason, reader in readers:
        for i, found_reason in sorted(noise.items()):
            if found_reason == reason and (outlet := reader(lines[i].text)):
                return outlet
    for i, reason in sorted(noise.items()):
        if reason == "byline" and (sign_off := read_sign_off(lines[i].text)):
            return sign_off[1]
    body = [line for i, line in enumerate(lines) if i not in noise]
    for line in body[:DATELINE_SEARCH_LINES]:
        if agency := read_dateline_agency(line.text):
            return agency
    return None


def _find_author(lines: list[Line], noise: dict[int, str]) -> str | None:
    """The author of a "By ..." byline, a sign-off, or the name that opens an author bio."""
    bylines = [lines[i].text for i, reason in sorted(noise.items()) if reason == "byline"]
    for text in bylines:
        if author := read_byline(text):
            return author
    for text in bylines:
        if sign_off := read_sign_off(text):
            return sign_off[0]
    for i, reason in sorted(noise.items()):
        if reason == "author-bio" and count_words(lines[i].text) > LABEL_MAX_WORDS:
            if name := read_bio_name(lines[i].text):
                return name
    return None
