"""Fixtures for the review app: the demo corpus plus one hostile article, analysed once per
session; each test that writes gets its own copy of the database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "stancemap" / "demo" / "corpus"

# Scraped text is hostile: markup, event handlers, script URLs, a textarea breakout, a
# right-to-left override and zero-width characters, in the title, outlet, author, URL and body.
HOSTILE = {
    "title": "Evil <script>alert('title')</script> headline",
    "outlet": "Bad <b onmouseover=alert(1)>Outlet</b>",
    "author": "<img src=x onerror=alert('author')>",
    "url": "javascript:alert('url')",
    "published": "2026-03-09",
    "text": (
        "Evil <script>alert('title')</script> headline\n\n"
        "Minister Ana Lund said the pipeline \u201c<img src=x onerror=alert('quote')> is a trap"
        " </textarea><script>alert('textarea')</script>\u201d on Monday.\n\n"
        "Campaigners posted <a href=\"javascript:alert('link')\">a link</a> and the text "
        "\u202eevil\u202c with zero\u200bwidth\u200d joiners.\n\n"
        "\u201cWe will vote against the enabling law for the Northern Link,\u201d said Lund.\n"),
}


@pytest.fixture(scope="session")
def app_corpus(tmp_path_factory) -> Path:
    """The demo articles and codebook, and hostile.jsonl."""
    folder = tmp_path_factory.mktemp("app-corpus")
    for item in DEMO.iterdir():
        if item.suffix in (".txt", ".yaml"):
            shutil.copyfile(item, folder / item.name)
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    return folder


def analyse(corpus: Path, db: Path, *, force: bool = False) -> None:
    from stancemap.pipeline import run_pipeline
    from stancemap.settings import Settings
    from stancemap.store import open_store

    inputs = sorted(str(p) for p in corpus.iterdir() if p.suffix in (".txt", ".jsonl"))
    with open_store(db) as store:
        run_pipeline(inputs, store, Settings(codebook=str(corpus / "codebook.yaml"), force=force))


@pytest.fixture(scope="session")
def built_db(app_corpus, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("app-db") / "demo.db"
    analyse(app_corpus, db)
    return db


@pytest.fixture
def app_db(built_db, tmp_path) -> Path:
    """A copy of the analysed database for one test to write to."""
    target = tmp_path / "review.db"
    shutil.copyfile(built_db, target)
    return target


@pytest.fixture
def client(app_db):
    from fastapi.testclient import TestClient

    from stancemap.app import create_app

    with TestClient(create_app(app_db), base_url="http://127.0.0.1:8765") as test_client:
        yield test_client
