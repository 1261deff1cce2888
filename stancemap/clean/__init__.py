"""Stage 2 of the pipeline: raw article text -> headline, body paragraphs, removed noise, metadata.

:func:`clean_article` works line by line (each non-empty raw line is a paragraph): it drops noise
lines (see :mod:`stancemap.clean.noise`) and verbatim repeats of earlier paragraphs, finds the
headline, and reads the published date, outlet and author from metadata lines. Every kept paragraph
is copied verbatim from the raw text and mapped back to it by a :class:`~stancemap.model.Segment`.

:func:`find_common_lines` is the corpus pre-pass that finds boilerplate lines recurring across
articles; pass its result to :func:`clean_article` as ``common_lines``.

Language: the source's, else detected from the body (py3langid). Not handled: paragraphs wrapped over several
lines (each line is its own paragraph), dates written without a year.
"""

from __future__ import annotations

from stancemap.clean.common import find_common_lines
from stancemap.clean.lines import Line, count_words, ends_sentence, split_lines
from stancemap.clean.metadata import (
    DateStamp,
    is_headline_shaped,
    parse_date,
    pick_published,
    read_bio_name,
    read_byline,
    read_date_stamp,
    read_dateline_agency,
    read_logo_outlet,
    read_self_promo_outlet,
    read_sign_off,
    same_title,
    split_date_marker,
)
from stancemap.clean.noise import LABEL_MAX_WORDS, classify_line, find_body_span, find_context_noise
from stancemap.clean.language import detect_language
from stancemap.clean.page import find_page_noise
from stancemap.clean.paragraphs import find_repeated_paragraphs
from stancemap.model import CleanArticle, RawArticle, RemovedLine, Segment

__all__ = ["article_outlet", "clean_article", "find_common_lines", "find_headline"]

PARAGRAPH_SEPARATOR = "\n\n"
# Section labels ("Politics", "Analysis") that may stand above the headline and are skipped.
MAX_LABELS_ABOVE_HEADLINE = 2
# Noise reasons that a first line loses when it is the headline.
HEADLINE_NOT_NOISE = frozenset({"teaser"})
REPEATED = "repeated-paragraph"
COMMON = "common-line"


def clean_article(raw: RawArticle, *, common_lines: frozenset[str] = frozenset()) -> CleanArticle:
    """Clean one raw article: body paragraphs, headline, removed lines and metadata from the text.

    ``common_lines`` holds stripped lines that recur across the corpus (from
    :func:`find_common_lines`); they are dropped with the reason "common-line" unless a line rule
    gives a more specific reason. Metadata already set on ``raw`` wins over what the text says.
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

    noise, headline = _line_noise(raw, lines, common_lines)
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
    stamps.extend(_date_stamps(lines, noise, span))
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
        outlet=raw.outlet or _find_outlet(lines, noise),
        author=raw.author or _find_author(lines, noise),
        published=raw.published or _pick_published(stamps),
        url=raw.url,
        fetched=raw.fetched,
        language=raw.language or detect_language(text[body_start:]),
        removed_lines=removed,
        repeated_paragraphs=sum(1 for reason in noise.values() if reason == REPEATED),
    )


def _line_noise(raw: RawArticle, lines: list[Line], common_lines: frozenset[str]) -> tuple[dict[int, str], int | None]:
    """The noise lines (index -> reason) and the headline line of an article's lines."""
    noise: dict[int, str] = {}
    for line in lines:
        reason = classify_line(line.text)
        if reason is None and line.text in common_lines:
            reason = COMMON
        if reason is not None:
            noise[line.index] = reason
    # A whole web page's visible text: drop the menus, link lists and footers around the article.
    # Text a body extractor produced (HTML pages, WARC records) has no page around it any more.
    if not raw.extracted:
        noise.update(find_page_noise(lines, noise))

    headline = find_headline(lines, noise, title=raw.title)
    if headline is not None:
        noise.pop(headline, None)  # a "WATCH: ..." or all-capitals first line is the headline
    noise.update(find_context_noise(lines, noise, headline=headline))
    return noise, headline


def article_outlet(raw: RawArticle) -> str | None:
    """The outlet of an article, as :func:`clean_article` finds it, without the rest of cleaning."""
    if raw.outlet:
        return raw.outlet
    lines = split_lines(raw.text)
    if lines:
        marker = split_date_marker(lines[0].text)
        if marker is not None and len(lines[0].text) > marker[1]:
            lines[0].cut(marker[1])
    noise, _ = _line_noise(raw, lines, frozenset())
    return _find_outlet(lines, noise)


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


def _date_stamps(lines: list[Line], noise: dict[int, str], span: tuple[int, int] | None) -> list[DateStamp]:
    """Date stamps from metadata lines; bare dates only above or below the body (not a timeline)."""
    stamps = []
    for i, reason in sorted(noise.items()):
        outside = span is None or not span[0] <= i <= span[1]
        text = lines[i].text
        if reason == "date-line":
            stamp = read_date_stamp(text)
            if stamp is not None and (stamp.keyword or outside):
                stamps.append(stamp)
        elif reason == "byline" and outside:
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
