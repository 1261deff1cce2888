import json
import re

from stancemap.export import article_records, render_report
from stancemap.model import RunInfo

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'


def _store_with(store, result):
    store.start_run(RunInfo(id="r", started="2026-01-01T00:00:00+00:00", model="m", workers=1,
                            codebook=None, inputs=()))
    store.write_article(result, run_id="r", analysis_key="k")
    store.refresh_actor_names()
    return store


def test_jsonl_record_has_scorer_fields(fresh_db, make_result):
    _store_with(fresh_db, make_result())
    [record] = list(article_records(fresh_db))
    for key in ("source", "title", "outlet", "author", "published", "removed_lines",
                "repeated_paragraphs", "text", "quotes", "stances", "actors"):
        assert key in record
    assert record["source"] == "a.txt"
    assert record["removed_lines"] == ["Share this"]
    assert record["text"].startswith("Minister Ana Lund")  # the body, headline left out
    [quote] = record["quotes"]
    assert quote["speaker"] == "Ana Lund" and quote["type"] == "direct"
    assert quote["speaker_span"] == [19, 27]
    assert record["stances"][0]["polarity"] == "oppose"
    json.dumps(record)


def test_report_escapes_everything_from_articles(fresh_db, make_result):
    raw = f"{EVIL}\n\nMinister Ana Lund said the plan \u201c{EVIL}\u201d.\nShare this"
    _store_with(fresh_db, make_result(raw=raw, quote_text=EVIL))
    html = render_report(fresh_db)
    assert "<script>alert" not in html
    assert "onerror=\"alert" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the page's only script is our own filter
    assert len(re.findall(r"<script>", html)) == 1


def test_report_is_self_contained(fresh_db, make_result):
    _store_with(fresh_db, make_result())
    html = render_report(fresh_db)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "Ana Lund" in html and "is not realistic" in html
