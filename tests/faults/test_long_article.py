"""Articles longer than spaCy's limit are analysed in sections, not refused with spaCy's E088."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap.model import ArticleResult, RawArticle
from stancemap.nlp import sections
from stancemap.pipeline import analyze_batch

pytestmark = pytest.mark.model

DEMO = Path(__file__).resolve().parents[2] / "stancemap" / "demo" / "corpus"


def test_sections_join_back_into_the_text_and_end_at_paragraph_breaks():
    text = "\n\n".join(f"Paragraph {i}. " + "word " * (i % 7 * 20) for i in range(200))
    pieces = sections.split_sections(text, 1000)
    assert "".join(pieces) == text
    assert all(len(p) <= 1000 for p in pieces) and len(pieces) > 5
    assert all(p.endswith("\n\n") for p in pieces[:-1])
    assert "".join(sections.split_sections("x" * 2500, 1000)) == "x" * 2500


def test_an_article_over_the_parsers_limit_is_analysed_in_sections(nlp, monkeypatch):
    paragraphs = [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))]
    text = "Long read\n\n" + "\n\n".join(paragraphs)
    raw = RawArticle(source="long.txt", path="long.txt", text=text, published="2026-03-02")
    [whole] = analyze_batch([raw], nlp, None)
    # The same as an article of 2,000,000 characters against spaCy's 1,000,000, scaled down.
    monkeypatch.setattr(nlp, "max_length", len(text) // 3)
    monkeypatch.setattr(sections, "SECTION_CHARS", len(text) // 8)
    [result] = analyze_batch([raw], nlp, None)
    assert isinstance(result, ArticleResult), result
    assert result.article.text == whole.article.text
    found = {(q.start, q.end, q.speaker) for q in result.quotes}
    expected = {(q.start, q.end, q.speaker) for q in whole.quotes}
    # Sections change only the parses near their cuts.
    assert len(found & expected) >= 0.95 * len(expected) and len(expected) > 100
    assert max(q.start for q in result.quotes) > len(result.article.text) * 0.9  # the last section too
