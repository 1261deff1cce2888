"""Property-based fuzzing of every reader: random and mutated files never raise anything but a
clear InputError, and bad records never cost the good records beside them."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancemap.errors import InputError
from stancemap.ingest import read_articles
from stancemap.model import Problem, RawArticle

from .strategies import BYTES, FEED, FUZZ, PAGE, TEXT, bad_line, mutated, warc_bytes

SEEDS = {
    ".txt": "Talks resume\n\nThe minister said the talks would resume next week.\n".encode(),
    ".html": PAGE.encode(),
    ".jsonl": (json.dumps({"text": "The minister said the talks would resume.", "title": "A"}) + "\n"
               + json.dumps({"html": PAGE, "url": "https://example.com/a"}) + "\n").encode(),
    ".json": json.dumps([{"text": "The minister said so.", "date": "2024-03-05"}]).encode(),
    ".rss": FEED.encode(),
    ".xml": FEED.encode(),
    ".warc.gz": warc_bytes([("https://example.com/a", PAGE.encode())]),
}
SUFFIXES = sorted(SEEDS) + [".txt.gz", ".jsonl.gz"]


def _read(suffix: str, data: bytes) -> list[RawArticle | Problem]:
    """Everything a reader yields for a file of these bytes; InputError is an allowed answer."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") and suffix != ".warc.gz" else data)
        try:
            items = list(read_articles(path))
        except InputError:
            return []
    for item in items:
        assert isinstance(item, RawArticle | Problem), item
        if isinstance(item, RawArticle):
            assert isinstance(item.text, str) and item.text.strip()
    return items


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_random_bytes_never_raise_out_of_a_reader(suffix):
    @FUZZ
    @given(data=BYTES)
    def check(data):
        _read(suffix, data)

    check()


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_mutated_valid_files_never_raise_out_of_a_reader(suffix):
    @FUZZ
    @given(data=mutated(SEEDS[suffix]))
    def check(data):
        _read(suffix, data)

    check()


def _good(i: int, words: str) -> str:
    return f"GOOD-{i} " + (" ".join(words.split()) or "words")


@FUZZ
@given(good=st.lists(st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), max_size=60),
                     min_size=1, max_size=6),
       bad=st.lists(st.lists(bad_line(), max_size=3), min_size=7, max_size=7))
def test_jsonl_bad_lines_never_cost_the_good_records(good, bad):
    lines: list[str] = []
    texts = [_good(i, words) for i, words in enumerate(good)]
    for i, text in enumerate(texts):
        lines.extend(bad[i])
        lines.append(json.dumps({"text": text, "title": f"t{i}"}))
    lines.extend(bad[-1])
    items = _read(".jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
    found = [item.text for item in items if isinstance(item, RawArticle)]
    assert [t for t in found if t.startswith("GOOD-")] == texts


@FUZZ
@given(good=st.lists(st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), max_size=60),
                     min_size=1, max_size=5),
       bad=st.lists(TEXT, min_size=6, max_size=6))
def test_json_lists_keep_good_records_beside_bad_ones(good, bad):
    records: list[object] = []
    texts = [_good(i, words) for i, words in enumerate(good)]
    for i, text in enumerate(texts):
        records.append(bad[i])  # a string, not a record
        records.append({"text": text})
        records.append({"title": bad[i]})  # a record without text
    items = _read(".json", json.dumps(records).encode("utf-8", "surrogatepass"))
    assert [i.text for i in items if isinstance(i, RawArticle)] == texts


_FEED_BAD = st.one_of(
    st.just("<item><title>No text</title></item>"),
    st.just("<item><description>&undefined;</description></item>"),
    st.just("<item><description><![CDATA[" + "<div>" * 3000 + "]]></description></item>"),
    TEXT.map(lambda t: "<item><title>x</title><description>" + t.replace("<", " ").replace("&", " ")
             .replace("]]>", " ") + "</description></item>"),
)


@FUZZ
@given(good=st.lists(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=30),
                     min_size=1, max_size=5),
       bad=st.lists(_FEED_BAD, min_size=6, max_size=6), laughs=st.booleans())
def test_feed_bad_items_never_cost_the_good_items(good, bad, laughs):
    texts = [_good(i, words) for i, words in enumerate(good)]
    items = []
    for i, text in enumerate(texts):
        items.append(bad[i])
        items.append(f"<item><title>Good {i}</title><description>{text}</description></item>")
    head = ""
    if laughs:  # a billion laughs: nine levels of tenfold entities
        entities = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)]
        head = f"<!DOCTYPE r [{''.join(entities)}]>"
    feed = (f'<?xml version="1.0"?>{head}<rss version="2.0"><channel><title>'
            f'{"&l9;" if laughs else "Daily"}</title>{"".join(items)}</channel></rss>')
    found = _read(".rss", feed.encode("utf-8", "surrogatepass"))
    assert [i.text for i in found if isinstance(i, RawArticle) and i.text.startswith("GOOD-")] == texts


@FUZZ
@given(bodies=st.lists(st.one_of(BYTES, st.just(PAGE.encode())), min_size=1, max_size=4))
def test_warc_pages_of_any_bytes_never_cost_the_good_pages(bodies):
    pages = [(f"https://example.com/{i}", body) for i, body in enumerate(bodies)]
    good = sum(1 for body in bodies if body == PAGE.encode())
    items = _read(".warc.gz", warc_bytes(pages))
    assert sum(1 for i in items if isinstance(i, RawArticle) and "foreign minister" in i.text) == good
