"""Shared settings and input generators of the fuzzing suite.

The number of generated inputs per property is STANCEMAP_FUZZ_EXAMPLES (default 40, for CI);
bench/bench_fuzz.py runs the same properties with 10,000.
"""

from __future__ import annotations

import io
import json
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("STANCEMAP_FUZZ_EXAMPLES", "40"))
# CI runs a fixed set of inputs (derandomized: a red CI is reproducible); the benchmark explores.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize=os.environ.get("STANCEMAP_FUZZ_RANDOM") != "1",
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])

PAGE = ("<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
        "<p>The foreign minister said on Tuesday that the talks would resume next week.</p>"
        "<p>\u201cWe will not sign anything that gives away our land,\u201d she told reporters.</p>"
        "<p>Opposition leaders called the plan a betrayal and demanded a vote in parliament.</p>"
        "</article></body></html>")
FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title>'
        "<item><title>One</title><link>https://example.com/1</link><pubDate>Tue, 05 Mar 2024 "
        "09:30:00 GMT</pubDate><description>The minister said the talks would resume.</description>"
        "</item><item><title>Two</title><description><![CDATA[<p>Leaders demanded a vote.</p>]]>"
        "</description></item></channel></rss>")

# Hostile pieces that random text rarely hits on its own.
NASTY = st.sampled_from([
    "", "\x00", "\ufeff", "\r", "\r\n", "\u2028", "\u202e", "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "[" * 5000, "{\"a\":" * 3000, "<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]>", "&lol9;", "&#0;", "&#x110000;",
    "<script>alert(1)</script>", "]]>", "<![CDATA[", "\x1b[31m", "\"", "\\", "null", "1e999999",
    "<" * 1000, "<div>" * 2000, "WARC/1.0\r\n", "\x1f\x8b", "%PDF-1.4", "\xff\xfe",
])
TEXT = st.one_of(st.text(max_size=300), NASTY, st.lists(st.one_of(st.text(max_size=40), NASTY),
                                                        max_size=8).map("".join))
BYTES = st.one_of(st.binary(max_size=600), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """``seed`` with a few random byte edits: overwrite, insert, delete, truncate, duplicate."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["overwrite", "insert", "delete", "truncate", "duplicate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "overwrite" and data:
            piece = draw(BYTES)
            data[at:at + len(piece)] = piece
        elif op == "insert":
            data[at:at] = draw(BYTES)
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[at:]
        elif op == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 200))]
    return bytes(data)


def warc_bytes(pages: list[tuple[str, bytes]]) -> bytes:
    """A gzipped WARC archive of HTML responses (url, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return buf.getvalue()


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(TEXT, st.sampled_from(
                                   ["text", "title", "date", "url", "outlet", "author", "html",
                                    "authors", "source", "lang"])), children, max_size=5)),
    max_leaves=12)


def bad_line() -> st.SearchStrategy[str]:
    """One line of a JSON Lines file that is not an article record."""
    return st.one_of(
        TEXT.map(lambda t: t.replace("\n", " ").replace("\r", " ")),
        JSON_VALUES.filter(lambda v: not (isinstance(v, dict) and any(
            isinstance(v.get(k), str) and "GOOD-" in v.get(k) for k in v))).map(json.dumps),
        st.just("[" * 100_000 + "]" * 100_000),
    )
