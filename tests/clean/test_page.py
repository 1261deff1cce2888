"""Whole-page clippings: the article block is found and the page furniture around it removed."""

from __future__ import annotations

import pytest

from stancemap.clean import clean_article
from stancemap.clean.lines import split_lines
from stancemap.clean.page import find_article_block, find_page_noise, is_whole_page
from stancemap.model import RawArticle

MENU = [
    "Home", "World", "Europe", "Americas", "Asia", "Business", "Markets", "Technology", "Science",
    "Health", "Sport", "Culture", "Travel", "Opinion", "Video", "Podcasts", "Weather", "Newsletters",
]
HEADER = ["Sign in", "Subscribe", "Search"]
HEADLINE = "Harbour town votes to rebuild its flooded sea wall"
BODY = [
    "Residents of the small harbour town voted on Tuesday to rebuild the sea wall that failed during last winter's storms.",
    "The council said the work would start in the spring and take about two years, with most of the money coming from a regional fund.",
    "“We cannot wait for another storm to decide for us,” the mayor told a packed meeting in the town hall.",
    "Engineers warned that the old wall had been patched so often that repairs were no longer enough.",
    "Some fishermen worried that the building work would close the harbour entrance for weeks at a time.",
    "The council promised to keep one channel open and to publish a timetable before the first stones are moved.",
]
SHARE = ["Share", "Facebook", "Twitter", "Email"]
RELATED = [
    "Related stories",
    "Storm damage bill rises again in coastal villages",
    "Ferry services resume after week of high winds",
    "Why sea walls are getting more expensive to build",
    "Fishing fleet counts the cost of a hard winter",
]
COMMENTS = [
    "12 Comments",
    "harbourwatcher says:",
    "This should have been done years ago, everyone here knew the wall was weak.",
    "Reply",
    "old_salt says:",
    "Good news at last, but I will believe it when I see the diggers arrive on the beach.",
    "Reply",
]
FOOTER = [
    "About us", "Contact", "Careers", "Advertise", "Privacy Policy", "Terms of Use", "Accessibility",
    "© 2026 Example Media Group. All rights reserved.",
    "We use cookies to improve your experience on our site. By continuing you agree to our use of cookies.",
    "Accept",
]
PAGE_LINES = MENU + HEADER + [HEADLINE, "March 3, 2026"] + BODY + SHARE + RELATED + COMMENTS + FOOTER
PAGE = "\n".join(PAGE_LINES)


def _clean(text: str):
    return clean_article(RawArticle(source="page.txt", path="/in/page.txt", text=text))


def test_page_body_is_kept_whole():
    article = _clean(PAGE)
    assert article.body.split("\n\n") == BODY
    assert article.title == HEADLINE


@pytest.mark.parametrize(
    ("line", "reasons"),
    [
        ("Home", {"navigation", "page-header", "site-nav", "section-label", "media-placeholder"}),
        ("Newsletters", {"navigation", "page-header", "site-nav", "subscribe-prompt", "section-label"}),
        ("Sign in", {"navigation", "page-header", "subscribe-prompt", "section-label"}),
        ("Facebook", {"share-widget", "page-footer", "navigation"}),
        ("Ferry services resume after week of high winds", {"related-posts", "page-footer", "navigation"}),
        ("12 Comments", {"comments", "share-widget"}),
        ("old_salt says:", {"comments"}),
        (COMMENTS[2], {"comments"}),
        ("Privacy Policy", {"comments", "site-nav"}),
        ("Accept", {"comments", "cookie-prompt"}),
    ],
)
def test_page_boilerplate_is_removed_with_a_reason(line, reasons):
    article = _clean(PAGE)
    removed = {r.text: r.reason for r in article.removed_lines}
    assert line in removed
    assert removed[line] in reasons


def test_every_page_line_but_body_and_headline_is_removed():
    article = _clean(PAGE)
    removed = {r.text for r in article.removed_lines}
    kept = set(PAGE_LINES) - removed
    assert kept == set(BODY) | {HEADLINE}


def test_article_block_and_gate():
    lines = split_lines(PAGE)
    span = find_article_block(lines, {})
    assert span is not None
    first, last = span
    assert lines[first].text == BODY[0]
    assert is_whole_page(lines, span)


def test_comments_inside_a_long_run_end_the_block():
    text = "\n".join(MENU + HEADER + [HEADLINE] + BODY + ["Comments"] + [BODY[0].replace("harbour", "river")] * 3 + FOOTER)
    article = _clean(text)
    assert article.body.split("\n\n") == BODY


SHORT_ARTICLE = "\n\n".join(["Politics", HEADLINE, "By Jane Roe", *BODY, "Share this article"])


def test_short_clean_article_is_untouched_by_the_page_step():
    lines = split_lines(SHORT_ARTICLE)
    assert find_page_noise(lines, {}) == {}
    article = _clean(SHORT_ARTICLE)
    assert all(r.reason not in {"navigation", "page-header", "page-footer", "comments"} for r in article.removed_lines)
    assert article.body.split("\n\n") == BODY


def test_long_article_without_page_furniture_is_untouched():
    paragraphs = [f"{sentence} Paragraph {n} goes on with more detail." for n in range(8) for sentence in BODY]
    lines = split_lines("\n\n".join([HEADLINE, *paragraphs]))
    assert len(lines) > 40
    assert find_page_noise(lines, {}) == {}


def test_paragraph_wrapped_over_lines_counts_as_body():
    wrapped = [
        "Residents of the small harbour town voted on Tuesday to",
        "rebuild the sea wall that failed during last winter's storms,",
        "and the council said the work would start in the spring.",
    ]
    text = "\n".join(MENU + HEADER + [HEADLINE] + wrapped + BODY[1:] + SHARE + FOOTER)
    article = _clean(text)
    assert article.body.split("\n\n") == wrapped + BODY[1:]


def test_page_step_skips_text_a_body_extractor_produced():
    from stancemap.clean import clean_article
    from stancemap.model import RawArticle

    raw = RawArticle(source="p.html", path="p.html", text=PAGE, format="html", extracted=True)
    reasons = {line.reason for line in clean_article(raw).removed_lines}
    assert not reasons & {"page-header", "page-footer", "comments"}  # the page step's own reasons
    naive = RawArticle(source="p.txt", path="p.txt", text=PAGE)
    assert {line.reason for line in clean_article(naive).removed_lines} & {"navigation", "page-footer"}
