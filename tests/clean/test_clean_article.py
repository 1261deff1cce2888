"""clean_article end to end, find_common_lines, and the seed gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stancemap.clean import clean_article, find_common_lines
from stancemap.model import CleanArticle, RawArticle

LEAD = "The envoy said on Sunday that the two sides had agreed to keep talking."
QUOTE = "“We are closer than ever,” he told reporters in Geneva after the meeting ended."
LAST = "Officials in Kyiv said they would study the proposal before responding to it."
RAW = (
    "Politics\n\n"
    "Envoy says security guarantees could be part of a deal\n\n"
    "By Jane Roe | Published March 14, 2026\n\n"
    f"  {LEAD}  \n\n"
    "Leaders at the summit\n"
    "Leaders pose for a photo. Jane Roe/AP Photo\n\n"
    f"{QUOTE}\n\n"
    f"{LEAD}\n\n"
    "Ukraine in NATO\n\n"
    f"{LAST}\n\n"
    "Daily Bugle Logo\n\n"
    "Share this article\n"
)


def _raw(text: str, **meta: str) -> RawArticle:
    return RawArticle(source="a.txt", path="/in/a.txt", text=text, **meta)


def _assert_offsets(article: CleanArticle) -> None:
    """Every segment copies raw text verbatim, and to_raw maps cleaned spans back."""
    for seg in article.segments:
        copied = article.text[seg.start : seg.start + seg.length]
        assert article.raw_text[seg.raw_start : seg.raw_start + seg.length] == copied
    for seg in article.segments:
        for start, end in ((seg.start, seg.start + seg.length), (seg.start + 1, seg.start + seg.length - 1)):
            raw_span = article.to_raw(start, end)
            assert raw_span is not None
            assert article.raw_text[raw_span[0] : raw_span[1]] == article.text[start:end]
    covered = sum(seg.length for seg in article.segments)
    separators = max(0, len(article.segments) - 1) * 2
    assert covered + separators == len(article.text)


def test_clean_article_body_headline_and_noise() -> None:
    article = clean_article(_raw(RAW))
    headline = "Envoy says security guarantees could be part of a deal"
    assert article.title == headline
    assert article.text == "\n\n".join([headline, LEAD, QUOTE, "Ukraine in NATO", LAST])
    assert article.body_start == len(headline) + 2
    assert article.body.startswith(LEAD)
    reasons = [(r.text, r.reason) for r in article.removed_lines]
    assert reasons == [
        ("Politics", "section-label"),
        ("By Jane Roe | Published March 14, 2026", "byline"),
        ("Leaders at the summit", "photo-caption"),
        ("Leaders pose for a photo. Jane Roe/AP Photo", "photo-credit"),
        (LEAD, "repeated-paragraph"),
        ("Daily Bugle Logo", "logo"),
        ("Share this article", "share-widget"),
    ]
    for removed in article.removed_lines:
        assert RAW[removed.raw_start : removed.raw_start + len(removed.text)] == removed.text
    assert article.repeated_paragraphs == 1
    assert article.published == "2026-03-14"
    assert article.author == "Jane Roe"
    assert article.outlet == "Daily Bugle"
    _assert_offsets(article)


def test_clean_article_top_and_bottom_furniture() -> None:
    raw = (
        "Home | World | Europe\n\n"
        "Ministers agree to meet again after talks collapse\n\n"
        "14 March 2026 | 09:12\n"
        "By John Doe, Chief Correspondent\n"
        "4 min read\n\n"
        f"{LEAD}\n\n{QUOTE}\n\n{LAST}\n\n"
        "Share on Facebook\n"
        "Most Popular\n"
        "Minister resigns after budget vote\n"
        "We use cookies to personalise content and ads.\n"
        "© 2026 Daily Bugle Media. All rights reserved.\n"
    )
    article = clean_article(_raw(raw))
    assert article.title == "Ministers agree to meet again after talks collapse"
    assert article.body == "\n\n".join([LEAD, QUOTE, LAST])
    assert [r.reason for r in article.removed_lines] == [
        "site-nav", "date-line", "byline", "reading-time",
        "share-widget", "related-posts", "related-posts", "cookie-prompt", "copyright",
    ]
    assert (article.published, article.author) == ("2026-03-14", "John Doe")
    _assert_offsets(article)


def test_clean_article_keeps_raw_fields() -> None:
    raw = _raw(RAW, url="https://example.com/a", fetched="2026-03-15", language="en", format="html")
    article = clean_article(raw)
    assert (article.id, article.source, article.path, article.format) == (raw.id, "a.txt", "/in/a.txt", "html")
    assert (article.raw_text, article.url, article.fetched, article.language) == (RAW, raw.url, raw.fetched, "en")


def test_clean_article_raw_metadata_wins() -> None:
    raw = _raw(RAW, title="Envoy Says Security Guarantees Could Be Part of a Deal | Daily Bugle",
               outlet="The Bugle", author="J. Roe", published="2026-03-13")
    article = clean_article(raw)
    assert (article.title, article.outlet, article.author, article.published) == (
        raw.title, "The Bugle", "J. Roe", "2026-03-13")
    assert article.body_start == len("Envoy says security guarantees could be part of a deal") + 2


def test_clean_article_source_title_not_in_text() -> None:
    article = clean_article(_raw(f"{LEAD}\n\n{LAST}\n", title="Talks go on"))
    assert article.title == "Talks go on"
    assert article.body_start == 0
    assert article.text == f"{LEAD}\n\n{LAST}"


def test_clean_article_date_marker_glued_to_first_line() -> None:
    raw = f" date 2025-03-22 {LEAD}\n\n{LAST}\n"
    article = clean_article(_raw(raw))
    assert article.published == "2025-03-22"
    assert article.text == f"{LEAD}\n\n{LAST}"
    assert article.removed_lines == ()
    assert article.title is None and article.body_start == 0
    _assert_offsets(article)


def test_clean_article_body_dates_are_not_published() -> None:
    raw = f"{LEAD}\n\nMarch 3, 2022\n\n{QUOTE} It was signed on March 3, 2022.\n\n{LAST}\n"
    article = clean_article(_raw(raw))
    assert article.published is None
    assert "March 3, 2022" in article.text  # a timeline heading inside the body stays


def test_clean_article_clock_stamp_below_standfirst_is_published() -> None:
    raw = f"Envoy says talks go on\n\n- {LEAD}\n\n- 22:00, 8 January, 2025\n\n{QUOTE}\n\n{LAST}\n"
    article = clean_article(_raw(raw))
    assert article.published == "2025-01-08"
    assert [r.text for r in article.removed_lines] == ["- 22:00, 8 January, 2025"]


def test_clean_article_headline_copies_are_repeats_not_noise() -> None:
    headline = "Envoy says security guarantees could be part of a deal"
    raw = f"{headline}\n\n{headline}\nLeaders pose for a photo. (Reuters/File)\n\n{headline}\n\n{LEAD}\n\n{QUOTE}\n\n{LAST}\n"
    article = clean_article(_raw(raw))
    assert article.title == headline
    assert article.text == "\n\n".join([headline, LEAD, QUOTE, LAST])
    assert article.repeated_paragraphs == 2
    noise = [r.text for r in article.removed_lines if r.reason != "repeated-paragraph"]
    assert noise == ["Leaders pose for a photo. (Reuters/File)"]


def test_clean_article_names_line_above_body_is_byline() -> None:
    raw = f"Envoy says talks go on\n\nJane Roe and John Doe\n\n{LEAD}\n\n{QUOTE}\n\n{LAST}\n"
    article = clean_article(_raw(raw))
    assert [(r.text, r.reason) for r in article.removed_lines] == [("Jane Roe and John Doe", "byline")]
    assert article.title == "Envoy says talks go on"


def test_clean_article_crlf_and_no_blank_lines() -> None:
    raw = f"Envoy says talks go on\r\n{LEAD}\r\n{QUOTE}\r\n{LEAD}\r\nJane Roe for Daily Bugle\r\n"
    article = clean_article(_raw(raw))
    assert article.title == "Envoy says talks go on"
    assert article.text == "\n\n".join(["Envoy says talks go on", LEAD, QUOTE])
    assert article.repeated_paragraphs == 1
    assert (article.author, article.outlet) == ("Jane Roe", "Daily Bugle")
    _assert_offsets(article)


def test_clean_article_common_lines() -> None:
    raw = f"{LEAD}\n\n{LAST}\n\nThanks for reading the Bugle\n"
    article = clean_article(_raw(raw), common_lines=frozenset({"Thanks for reading the Bugle"}))
    assert [(r.text, r.reason) for r in article.removed_lines] == [("Thanks for reading the Bugle", "common-line")]


def test_clean_article_empty_text() -> None:
    article = clean_article(_raw("  \n\n"))
    assert (article.text, article.segments, article.body_start, article.title) == ("", (), 0, None)
    assert article.to_raw(0, 0) is None


def _doc(n: int, *extra: str) -> str:
    body = [f"Story {n} paragraph {k} says something different about topic {n * 10 + k}." for k in range(4)]
    return "\n\n".join([*body, *extra])


def test_find_common_lines_boilerplate_block() -> None:
    footer = ["Thanks for reading our coverage of the summit.", "Write to the desk"]
    texts = [_doc(n, *footer) for n in range(4)]
    assert find_common_lines(texts) == frozenset(footer)


def test_find_common_lines_skips_generic_sentences_with_other_neighbours() -> None:
    texts = [_doc(n, "He declined to comment.", f"Closing line {n} differs.") for n in range(5)]
    assert find_common_lines(texts) == frozenset()


def test_find_common_lines_wire_copies_count_once() -> None:
    wire = _doc(99)
    texts = [wire + f"\n\nSubhead\n\nOutlet {n} note." for n in range(4)] + [_doc(1), _doc(2)]
    assert find_common_lines(texts) == frozenset()


def test_find_common_lines_thresholds() -> None:
    texts = [_doc(n, "Most Popular") for n in range(3)] + [_doc(n) for n in range(3, 10)]
    assert find_common_lines(texts) == frozenset({"Most Popular"})
    assert find_common_lines(texts, min_count=4) == frozenset()
    assert find_common_lines(texts, min_share=0.5) == frozenset()


@pytest.mark.shared
def test_seed_gold_noise_dates_titles_repeats(shared: Path) -> None:
    """The seed gold (``shared`` skips with a reason when ../shared is absent): noise P/R >= 0.95."""
    paths = sorted((shared / "seeds").glob("*.txt"))
    assert paths
    tp = n_sys = n_gold = 0
    for path in paths:
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        article = clean_article(RawArticle(source=path.name, path=str(path), text=path.read_text(encoding="utf-8")))
        system = {r.text for r in article.removed_lines if r.reason != "repeated-paragraph"}
        expected = {line.strip() for line in gold["noise_lines"] if line.strip()}
        tp, n_sys, n_gold = tp + len(system & expected), n_sys + len(system), n_gold + len(expected)
        assert article.published == gold["published"], path.name
        assert article.title == gold["title"], path.name
        assert article.repeated_paragraphs == gold["repeated_paragraphs"], path.name
        if gold.get("outlet"):
            assert article.outlet == gold["outlet"], path.name
        _assert_offsets(article)
    precision = tp / n_sys if n_sys else 1.0
    recall = tp / n_gold if n_gold else 1.0
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_article_outlet_matches_full_cleaning(shared):
    """The pre-pass's quick outlet reading agrees with full cleaning on every seed article."""
    from stancemap.clean import article_outlet
    from stancemap.ingest import discover_inputs, read_articles

    paths, _ = discover_inputs([shared / "seeds", Path(__file__).parents[2] / "stancemap" / "demo" / "corpus"])
    raws = [r for p in paths if p.suffix == ".txt" for r in read_articles(p) if isinstance(r, RawArticle)]
    assert len(raws) >= 20 and any(clean_article(r).outlet for r in raws)
    for raw in raws:
        assert article_outlet(raw) == clean_article(raw).outlet, raw.source
