import json

from stancemap.export import article_records
from stancemap.model import RunInfo


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


def test_jsonl_quote_carries_its_relaying_channel(fresh_db, make_result):
    import dataclasses

    result = make_result()
    relayed = dataclasses.replace(result.quotes[0], channel="the Harbour Times")
    _store_with(fresh_db, dataclasses.replace(result, quotes=(relayed,)))
    [record] = list(article_records(fresh_db))
    [quote] = record["quotes"]
    assert quote["channel"] == "the Harbour Times" and quote["speaker"] == "Ana Lund"
