"""Scraped text is hostile: everything from articles renders as text."""

from __future__ import annotations

import sqlite3
from html.parser import HTMLParser

import pytest

from stancemap.app.data import highlight, marked

class Tags(HTMLParser):
    """The elements and attributes a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def hostile_article(client) -> dict:
    items = client.get("/api/articles", params={"limit": 500}).json()["items"]
    return next(a for a in items if a["source"].startswith("hostile.jsonl"))


def assert_inert(html: str) -> None:
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed"), tag
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (tag, attrs)
    assert [t for t, _ in parser.tags].count("textarea") <= 1  # the add-stance form's own
    assert "<script" not in html and "</textarea><script" not in html


@pytest.mark.model
def test_app_hostile_article_renders_as_text(client):
    article = hostile_article(client)
    assert "<script>" in article["title"]  # stored as it came
    pages = [f"/articles/{article['id']}", "/articles", "/", "/quotes?limit=500", "/stances?limit=500",
             "/actors?limit=500", "/search?q=textarea", "/search?q=evil"]
    detail = client.get(f"/api/articles/{article['id']}").json()
    pages += [f"/actors/{a['id']}" for a in detail["actors"]]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_inert(response.text)
    html = client.get(f"/articles/{article['id']}").text
    assert "Evil &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; headline" in html
    assert "&lt;/textarea&gt;&lt;script&gt;" in html
    assert "javascript:alert(&#39;url&#39;)" in html  # the URL is shown, never linked
    assert "\u202eevil\u202c" in html and "zero\u200bwidth" in html  # kept as text, not dropped
    assert detail["quotes"], "the hostile article's quotes are found and shown"


def test_app_snippet_marks_are_added_after_escaping():
    html = str(marked("a <b>\x02<script>\x03 & \x02tail"))
    assert html == "a &lt;b&gt;<mark>&lt;script&gt;</mark> &amp; <mark>tail</mark>"
    assert str(marked("no marks\x03 here")) == "no marks here"


def test_app_highlight_cuts_text_at_quotes():
    text = "He said: yes and no. Then: maybe."
    quotes = [{"id": "b", "start": 27, "end": 32}, {"id": "a", "start": 9, "end": 19},
              {"id": "overlap", "start": 15, "end": 25}, {"id": "outside", "start": 30, "end": 99}]
    pieces = highlight(text, quotes)
    assert "".join(p for p, _ in pieces) == text
    assert [(p, q["id"]) for p, q in pieces if q] == [("yes and no", "a"), ("maybe", "b")]


def test_app_refuses_files_that_are_not_stancemap_databases(tmp_path):
    from stancemap.app import check_database, create_app
    from stancemap.errors import StoreError

    with pytest.raises(StoreError, match="no such database"):
        create_app(tmp_path / "missing.db")
    text = tmp_path / "notes.db"
    text.write_text("hello")
    with pytest.raises(StoreError, match="not a SQLite database"):
        create_app(text)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (x)")
    with pytest.raises(StoreError, match="not a stancemap database"):
        check_database(other)
    with sqlite3.connect(other) as db:  # left as it was: nothing created or migrated
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["notes"]
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
