"""Readers of every input format: HTML, JSON/JSON Lines, RSS/Atom feeds, WARC, and gzip."""

import gzip
import io
import json

import pytest

from stancemap.errors import InputError
from stancemap.ingest import NotArticles, READERS, discover_inputs, read_articles, supported_suffix
from stancemap.model import Problem, RawArticle

PARAGRAPHS = [
    "The foreign minister said on Tuesday that the talks would resume next week in Geneva.",
    "“We are not going to sign anything that gives away our territory,” she told reporters.",
    "Opposition leaders called the plan a betrayal and demanded a vote in parliament before any deal.",
    "Analysts expect the negotiations to last well into the summer, with several rounds planned.",
]
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
PAGE = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Talks to resume in Geneva | The Daily Example</title>
<link rel="canonical" href="https://news.example.com/world/talks-resume">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Talks to resume in Geneva</h1>{BODY}</article>
<footer>Copyright 2024 The Daily Example. All rights reserved.</footer>
</body></html>"""


def _read(path):
    return list(read_articles(path))


def _articles(items):
    return [item for item in items if isinstance(item, RawArticle)]


def _problems(items):
    return [item for item in items if isinstance(item, Problem)]


def _assert_body(text):
    for paragraph in PARAGRAPHS:
        assert paragraph in text.split("\n"), paragraph


# -- suffixes and gzip ---------------------------------------------------------------------------

@pytest.mark.parametrize("name,suffix", [
    ("a.txt", ".txt"), ("a.TXT.gz", ".txt.gz"), ("a.html", ".html"), ("a.htm.gz", ".htm.gz"),
    ("a.jsonl", ".jsonl"), ("a.ndjson.gz", ".ndjson.gz"), ("a.json", ".json"), ("a.rss", ".rss"),
    ("a.atom", ".atom"), ("a.xml.gz", ".xml.gz"), ("a.warc", ".warc"), ("a.warc.gz", ".warc.gz"),
    ("a.png", None), ("a.gz", None), ("a.tar.gz", None),
])
def test_supported_suffixes(tmp_path, name, suffix):
    assert supported_suffix(tmp_path / name) == suffix
    assert suffix is None or suffix in READERS


@pytest.mark.parametrize("name,content", [
    ("a.txt.gz", "Headline\n\n" + "\n".join(PARAGRAPHS)),
    ("a.html.gz", PAGE),
    ("a.jsonl.gz", json.dumps({"text": "\n".join(PARAGRAPHS), "title": "T"}) + "\n"),
])
def test_gzipped_inputs_are_read_transparently(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(gzip.compress(content.encode("utf-8")))
    [article] = _read(path)
    _assert_body(article.text)
    assert article.source == (name if not name.endswith("jsonl.gz") else f"{name}#1")


@pytest.mark.parametrize("name", ["a.txt.gz", "a.html.gz", "a.jsonl.gz", "a.json.gz", "a.rss.gz"])
def test_truncated_gzip_is_an_input_error(tmp_path, name):
    data = gzip.compress(("\n".join(PARAGRAPHS) * 50).encode("utf-8"))
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated or corrupt gzip"):
        _read(path)


def test_gzipped_single_article_keeps_size_limit(tmp_path, monkeypatch):
    from stancemap.ingest import text

    monkeypatch.setattr(text, "MAX_ARTICLE_BYTES", 1000)
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress(b"word " * 1000))
    with pytest.raises(InputError, match="MB"):
        _read(path)


# -- HTML ----------------------------------------------------------------------------------------

def test_html_reads_body_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article] = _read(path)
    assert article.source == "page.html" and article.format == "html"
    _assert_body(article.text)
    assert "Copyright" not in article.text and "Sport" not in article.text
    assert article.title.startswith("Talks to resume in Geneva")
    assert article.author == "Jane Roe"
    assert article.outlet == "The Daily Example"
    assert article.published == "2024-03-05"
    assert article.url == "https://news.example.com/world/talks-resume"
    assert article.language == "en"


def test_html_legacy_charset_from_meta(tmp_path):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "talks would resume", "talks would résumé")
    path = tmp_path / "legacy.htm"
    path.write_bytes(page.encode("cp1252"))
    [article] = _read(path)
    assert "talks would résumé next week" in article.text


def test_html_date_from_htmldate_when_metadata_has_none(tmp_path):
    page = PAGE.replace('<meta property="article:published_time" content="2024-03-05T09:30:00Z">',
                        "").replace("<article>", '<article><time datetime="2023-11-20">20 Nov</time>')
    path = tmp_path / "dated.html"
    path.write_text(page, encoding="utf-8")
    [article] = _read(path)
    assert article.published == "2023-11-20"


@pytest.mark.parametrize("content,message", [
    ("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
     "no article text found in the page"),
    ("<html><body></body></html>", "no article text found in the page"),
    ("   ", "empty"),
])
def test_html_without_article_is_an_input_error(tmp_path, content, message):
    path = tmp_path / "empty.html"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        _read(path)
    assert str(path) in str(info.value)


def test_broken_html_does_not_crash(tmp_path):
    broken = PAGE.replace("</p>", "").replace("</article>", "<div><span><table><tr><td>")
    broken = broken[: len(broken) - 40] + "<<<>>></div </</html"
    path = tmp_path / "broken.html"
    path.write_text(broken, encoding="utf-8")
    items = _read(path)
    [article] = items
    assert PARAGRAPHS[0] in article.text


def test_binary_file_named_html_is_an_input_error(tmp_path):
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary"):
        _read(path)


# -- JSON and JSON Lines -------------------------------------------------------------------------

RECORD = {
    "maintext": "\n\n".join(PARAGRAPHS), "headline": "Talks resume", "link": "https://ex.com/a",
    "date_publish": "2024-03-05 09:30:00", "publisher": {"name": "Example News"},
    "authors": ["Jane Roe", "John Doe"], "lang": "en",
}


@pytest.mark.parametrize("record,expected", [
    (RECORD, dict(title="Talks resume", url="https://ex.com/a", published="2024-03-05",
                  outlet="Example News", author="Jane Roe, John Doe", language="en")),
    ({"text": "Body text.", "title": "T", "url": "u", "date": "Tue, 05 Mar 2024 10:00:00 +0000",
      "source_domain": "ex.com", "author": "Jane Roe", "language": "de"},
     dict(title="T", url="u", published="2024-03-05", outlet="ex.com", author="Jane Roe", language="de")),
    ({"body": "Body text.", "pubDate": "March 5, 2024", "sitename": "Site"},
     dict(published="2024-03-05", outlet="Site", title=None, author=None)),
    ({"content": "Body text.", "publication_date": "not a date"}, dict(published=None)),
])
def test_jsonl_record_fields(tmp_path, record, expected):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article] = _read(path)
    assert article.source == "a.jsonl#1" and article.format == "jsonl"
    for key, value in expected.items():
        assert getattr(article, key) == value, key


def test_jsonl_html_field_goes_through_extraction(tmp_path):
    path = tmp_path / "pages.ndjson"
    path.write_text(json.dumps({"html": PAGE, "title": "Own title"}) + "\n", encoding="utf-8")
    [article] = _read(path)
    _assert_body(article.text)
    assert article.title == "Own title"  # the record wins over the page
    assert article.author == "Jane Roe" and article.published == "2024-03-05"


def test_jsonl_malformed_line_is_a_problem_and_the_rest_is_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": "First article."}), '{"text": "broken', "",
             json.dumps({"text": "Third article."}), json.dumps(["not", "an", "object"]),
             json.dumps({"title": "no text"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    assert [a.text for a in _articles(items)] == ["First article.", "Third article."]
    assert [a.source for a in _articles(items)] == ["feed.jsonl#1", "feed.jsonl#4"]
    problems = {p.source: p.message for p in _problems(items)}
    assert set(problems) == {"feed.jsonl#2", "feed.jsonl#5", "feed.jsonl#6"}
    assert "line 2" in problems["feed.jsonl#2"] and "not valid JSON" in problems["feed.jsonl#2"]
    assert "not an object" in problems["feed.jsonl#5"]
    assert "no article text" in problems["feed.jsonl#6"]
    assert all(p.stage == "ingest" for p in _problems(items))


def test_jsonl_record_over_the_limit_is_a_problem(tmp_path, monkeypatch):
    from stancemap.ingest import text

    monkeypatch.setattr(text, "MAX_ARTICLE_BYTES", 200)
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "x " * 200}) + "\n" + json.dumps({"text": "ok"}) + "\n")
    items = _read(path)
    assert [a.text for a in _articles(items)] == ["ok"]
    [problem] = _problems(items)
    assert problem.source == "big.jsonl#1" and "limit" in problem.message


def test_json_list_and_single_object(tmp_path):
    many = tmp_path / "many.json"
    many.write_text(json.dumps([RECORD, {"text": "Second."}, {"headline": "no text"}]))
    items = _read(many)
    assert [a.source for a in _articles(items)] == ["many.json#1", "many.json#2"]
    assert [p.source for p in _problems(items)] == ["many.json#3"]
    one = tmp_path / "one.json"
    one.write_text(json.dumps(RECORD))
    [article] = _read(one)
    assert article.source == "one.json" and article.author == "Jane Roe, John Doe"


@pytest.mark.parametrize("name,content", [
    ("01_gold.json", json.dumps({"id": "x", "title": "T", "quotes": [{"text": "q"}], "actors": []})),
    ("gold.json", json.dumps([{"id": 1, "quotes": []}, {"id": 2}])),
    ("gold.jsonl", json.dumps({"id": 1, "quotes": []}) + "\n" + json.dumps({"id": 2}) + "\n"),
])
def test_json_without_any_article_is_not_an_article_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(NotArticles, match="not an article file"):
        _read(path)


def test_invalid_json_file_is_an_input_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"text": "x",\n  oops}')
    with pytest.raises(InputError, match="not valid JSON") as info:
        _read(path)
    assert not isinstance(info.value, NotArticles)


# -- feeds ---------------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example Wire</title><link>https://wire.example.com</link><language>en-us</language>
<item><title>Talks resume</title><link>https://wire.example.com/talks</link>
  <pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate><dc:creator>Jane Roe</dc:creator>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[{BODY}]]></content:encoded></item>
<item><title>Plain one</title><guid isPermaLink="true">https://wire.example.com/plain</guid>
  <author>desk@example.com (News Desk)</author><pubDate>2024-03-06T10:00:00+01:00</pubDate>
  <description>A plain-text description that is the whole entry.</description></item>
<item><title>Empty one</title><link>https://wire.example.com/empty</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Atom Example</title>
<entry><title>Entry one</title><link rel="self" href="https://a.example.com/self"/>
  <link rel="alternate" href="https://a.example.com/one"/><id>urn:x:1</id>
  <published>2024-03-05T09:30:00Z</published><updated>2024-03-07T09:30:00Z</updated>
  <author><name>Jean Dupont</name></author>
  <content type="html">{BODY.replace("<", "&lt;").replace(">", "&gt;")}</content></entry>
<entry><title>Entry two</title><link href="https://a.example.com/two"/><updated>2024-03-08T00:00:00Z</updated>
  <summary type="text">Only a summary here.</summary></entry>
</feed>"""


def test_rss_items_become_articles(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    items = _read(path)
    first, second = _articles(items)
    assert first.source == "wire.rss#1" and first.format == "feed"
    _assert_body(first.text)
    assert "Short teaser" not in first.text
    assert (first.title, first.url, first.published, first.author, first.outlet, first.language) == (
        "Talks resume", "https://wire.example.com/talks", "2024-03-05", "Jane Roe", "Example Wire", "en")
    assert second.text == "A plain-text description that is the whole entry."
    assert (second.url, second.author, second.published) == (
        "https://wire.example.com/plain", "News Desk", "2024-03-06")
    [problem] = _problems(items)
    assert problem.source == "wire.rss#3" and "no text" in problem.message and "Empty one" in problem.message


def test_atom_entries_become_articles(tmp_path):
    path = tmp_path / "feed.atom"
    path.write_text(ATOM, encoding="utf-8")
    first, second = _read(path)
    _assert_body(first.text)
    assert (first.title, first.url, first.published, first.author, first.outlet, first.language) == (
        "Entry one", "https://a.example.com/one", "2024-03-05", "Jean Dupont", "Atom Example", "fr")
    assert (second.text, second.url, second.published) == (
        "Only a summary here.", "https://a.example.com/two", "2024-03-08")


def test_feed_as_xml_and_gzipped(tmp_path):
    path = tmp_path / "wire.xml.gz"
    path.write_bytes(gzip.compress(RSS.encode("utf-8")))
    assert len(_articles(_read(path))) == 2


@pytest.mark.parametrize("content", [
    '<?xml version="1.0"?><config><option name="a">1</option></config>',
    "this is not xml at all",
])
def test_xml_that_is_not_a_feed_is_skipped(tmp_path, content):
    path = tmp_path / "config.xml"
    path.write_text(content)
    with pytest.raises(NotArticles, match="not an RSS or Atom feed"):
        _read(path)


def test_rss_file_that_is_not_a_feed_is_an_error(tmp_path):
    path = tmp_path / "bad.rss"
    path.write_text('<?xml version="1.0"?><config/>')
    with pytest.raises(InputError) as info:
        _read(path)
    assert not isinstance(info.value, NotArticles)


# -- WARC ----------------------------------------------------------------------------------------

def _warc(path, pages, *, gz=True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
    for url, status, ctype, body in pages:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


WARC_PAGES = [
    ("https://www.example.com/one", "200 OK", "text/html; charset=utf-8", PAGE.encode("utf-8")),
    ("https://www.example.com/logo.png", "200 OK", "image/png", b"\x89PNG" * 50),
    ("https://www.example.com/moved", "301 Moved", "text/html", b"<html>moved</html>"),
    ("https://news.example.org/menu", "200 OK", "text/html",
     b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    ("https://news.example.org/two", "200 OK", "text/html",
     PAGE.replace("Geneva", "Vienna").encode("utf-8")),
]


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_articles(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(path, WARC_PAGES, gz=gz)
    items = _read(path)
    first, second = _articles(items)
    assert first.source == f"{path.name}#2" and first.format == "warc"
    _assert_body(first.text)
    assert (first.url, first.outlet, first.published, first.author) == (
        "https://www.example.com/one", "example.com", "2024-03-05", "Jane Roe")
    assert first.fetched and len(first.fetched) == 10
    assert second.outlet == "news.example.org" and "Vienna" in second.text
    [problem] = _problems(items)  # the menu page; image and redirect are skipped silently
    assert problem.source == f"{path.name}#5" and "no article text" in problem.message


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_the_records_before(tmp_path, gz):
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    data = _warc(path, WARC_PAGES, gz=gz)
    path.write_bytes(data[: len(data) - 300])
    items = _read(path)
    assert len(_articles(items)) == 1
    problem = _problems(items)[-1]
    assert "truncated or corrupt" in problem.message and "byte offset" in problem.message


def test_file_that_is_not_a_warc_is_an_input_error(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("hello, this is not an archive\n")
    with pytest.raises(InputError, match="WARC"):
        _read(path)


# -- discovery and the pipeline ------------------------------------------------------------------

def test_discover_finds_every_format(tmp_path):
    for name in ["a.txt", "b.html", "c.jsonl.gz", "d.json", "e.rss", "f.warc.gz", "g.png"]:
        (tmp_path / name).write_bytes(b"x")
    files, notes = discover_inputs([tmp_path])
    assert [f.name for f in files] == ["a.txt", "b.html", "c.jsonl.gz", "d.json", "e.rss", "f.warc.gz"]
    assert any(".png" in note for note in notes)


@pytest.mark.model
def test_run_skips_files_without_articles_with_a_note(tmp_path):
    from click.testing import CliRunner

    from stancemap.cli import cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "01_talks.txt").write_text("Talks resume\n\n" + "\n\n".join(PARAGRAPHS), encoding="utf-8")
    (folder / "01_talks.json").write_text(json.dumps({"id": "01", "quotes": [], "actors": []}))
    (folder / "config.xml").write_text('<?xml version="1.0"?><config/>')
    (folder / "wire.rss").write_text(RSS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(folder), "--db", str(tmp_path / "t.db")],
                                catch_exceptions=False)
    assert "01_talks.json" in result.output and "config.xml" in result.output
    assert "wire.rss#3" in result.output  # the feed entry without text is the one problem
    assert "1 problem" in result.output
    assert "3 articles" in result.output
