"""The LLM stance backend against a real local HTTP server speaking the chat-completions protocol."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from stancemap import pipeline
from stancemap.clean import clean_article
from stancemap.errors import ModelError
from stancemap.model import RawArticle, Stance
from stancemap.nlp.harvest import harvest
from stancemap.settings import Settings
from stancemap.stance import llm
from stancemap.stance.codebook import load_codebook
from stancemap.stance.detect import detect_stances
from stancemap.stance.llm import LLMBackend, LLMConfig, LLMError, ResponseCache
from stancemap.store import open_store

from .fake_llm import FakeLLM, Rule, serve

pytestmark = pytest.mark.model

DEMO = Path(__file__).resolve().parents[2] / "stancemap" / "demo" / "corpus"

TEXT = """Pipeline vote nears

Prime Minister Teodor Halvik said on Monday that parliament should approve the Northern Link before the summer recess.

"A referendum would be a mistake," Halvik told reporters.

Greenpeace is firmly against the pipeline. The weather in Varde was mild.

Energy minister Ilse Marrow said Drevnia and Tarkhanov's party were against a referendum.
"""
RULES = [
    Rule("approve the Northern Link", "approve-northern-link", "support"),
    Rule("referendum would be a mistake", "pipeline-referendum", "oppose"),
    Rule("Greenpeace is firmly against the pipeline", "approve-northern-link", "oppose"),
    Rule("were against a referendum", "pipeline-referendum", "oppose", holder="Drevnia"),
]


@pytest.fixture(scope="module")
def analysed(nlp):
    article = clean_article(RawArticle(source="a.txt", path="a.txt", text=TEXT, published="2026-03-02"))
    doc = nlp(article.text)
    actors, quotes = harvest(doc, article)
    return doc, article, actors, quotes, load_codebook(DEMO / "codebook.yaml")


@pytest.fixture
def fake():
    with serve(FakeLLM(rules=list(RULES))) as server:
        yield server


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(llm, "_pause", waits.append)
    return waits


def backend(fake, tmp_path, run_id="run-1", cache="cache.sqlite", **options) -> LLMBackend:
    config = LLMConfig(url=fake.url, model="test-model", **options)
    return LLMBackend(config, cache_path=tmp_path / cache, run_id=run_id)


def detect(b: LLMBackend, analysed) -> tuple[Stance, ...]:
    doc, article, actors, quotes, codebook = analysed
    return b.detect(doc, article, actors, quotes, codebook)


def triples(stances) -> set[tuple[str, str, str]]:
    return {(s.actor, s.proposition, s.polarity) for s in stances}


def test_llm_stances_are_stance_records_like_the_rules(fake, tmp_path, analysed):
    stances = detect(backend(fake, tmp_path), analysed)
    rules = detect_stances(*analysed)
    assert all(type(s) is Stance for s in stances) and all(type(s) is Stance for s in rules)
    assert triples(stances) == {
        ("Teodor Halvik", "approve-northern-link", "support"),
        ("Teodor Halvik", "pipeline-referendum", "oppose"),  # "Halvik told reporters": the same man
        ("Greenpeace", "approve-northern-link", "oppose"),
        ("Drevnia", "pipeline-referendum", "oppose"),
    }
    assert {s.method for s in stances} == {"stance.llm.v1:test-model"}
    text = analysed[1].text
    for s in stances:
        assert text[s.evidence_start:s.evidence_end] == s.evidence
    by_actor = {s.actor: s for s in stances}
    # a reported position: the holder is who is reported, the speaker is the reporter
    assert by_actor["Drevnia"].reporter == "Ilse Marrow" and by_actor["Drevnia"].quote_id
    # a sentence outside quotes where an actor is the subject of a stance word
    assert by_actor["Greenpeace"].quote_id is None and "firmly against" in by_actor["Greenpeace"].evidence
    assert by_actor["Teodor Halvik"].date == "2026-03-02"
    # the candidates of one article went out in one request, with a JSON schema of what was sent
    [request] = fake.chat_requests
    body = request["body"]
    assert body["model"] == "test-model"
    schema = body["response_format"]["json_schema"]["schema"]
    item = schema["properties"]["stances"]["items"]["properties"]
    assert "approve-northern-link" in item["proposition"]["enum"]
    assert "Drevnia" in item["holder"]["enum"]
    system = body["messages"][0]["content"]
    assert "Velmora should approve construction" in system and "Marten Point" in system
    sent = json.loads(body["messages"][1]["content"])
    assert [s["id"] for s in sent["statements"]] == ["s1", "s2", "s3", "s4"]
    assert sent["statements"][0]["speaker"] == "Teodor Halvik"


def test_cached_answers_cost_no_request(fake, tmp_path, analysed):
    first = detect(backend(fake, tmp_path, run_id="run-1"), analysed)
    assert len(fake.chat_requests) == 1
    again = backend(fake, tmp_path, run_id="run-2")
    assert detect(again, analysed) == first
    assert len(fake.chat_requests) == 1
    assert again.requests_used() == 0
    # another model is another cache key
    detect(LLMBackend(LLMConfig(url=fake.url, model="other"), cache_path=tmp_path / "cache.sqlite",
                      run_id="run-3"), analysed)
    assert len(fake.chat_requests) == 2


def test_spent_budget_falls_back_to_the_rules(fake, tmp_path, analysed):
    b = backend(fake, tmp_path, budget=0)
    stances = detect(b, analysed)
    assert fake.chat_requests == []
    assert stances == detect_stances(*analysed)
    assert {s.method for s in stances} <= {"stance.rules.v2"}
    assert b.fallbacks() == {analysed[1].id}


def test_budget_counts_requests_across_processes_sharing_the_cache(tmp_path):
    cache_a = ResponseCache(tmp_path / "c.sqlite")
    cache_b = ResponseCache(tmp_path / "c.sqlite")
    assert cache_a.reserve("r", 2, 3)
    assert not cache_b.reserve("r", 2, 3)
    assert cache_b.reserve("r", 1, 3)
    assert not cache_a.reserve("r", 1, 3)
    assert cache_a.used("r") == 3 and cache_b.used("other") == 0


def test_small_batches_split_an_article_into_several_requests(fake, tmp_path, analysed):
    stances = detect(backend(fake, tmp_path, batch_size=2), analysed)
    assert len(fake.chat_requests) == 2
    assert len(stances) == 4


def test_server_errors_and_rate_limits_are_retried_with_backoff(fake, tmp_path, analysed, no_waiting):
    fake.failures = ["500", "429:7", "500"]
    stances = detect(backend(fake, tmp_path, backoff=0.5), analysed)
    assert len(stances) == 4
    assert len(fake.chat_requests) == 4
    assert no_waiting == [0.5, 7.0, 2.0]  # exponential, except where Retry-After says otherwise


def test_retries_give_up_with_an_error_naming_url_and_status(fake, tmp_path, analysed):
    fake.failures = ["500"] * 3
    with pytest.raises(LLMError) as info:
        detect(backend(fake, tmp_path, retries=2), analysed)
    assert info.value.status == 500 and fake.url in str(info.value) and "HTTP 500" in str(info.value)
    assert isinstance(info.value, ModelError)


def test_rejected_json_schema_falls_back_to_json_object_then_plain(fake, tmp_path, analysed):
    fake.reject_formats = {"json_schema"}
    assert len(detect(backend(fake, tmp_path), analysed)) == 4
    kinds = [(r["body"].get("response_format") or {}).get("type") for r in fake.chat_requests]
    assert kinds == ["json_schema", "json_object"]
    fake.reject_formats = {"json_schema", "json_object"}
    assert len(detect(backend(fake, tmp_path, cache="other.sqlite"), analysed)) == 4
    kinds = [(r["body"].get("response_format") or {}).get("type") for r in fake.chat_requests]
    assert kinds[2:] == ["json_schema", "json_object", None]
    assert "JSON only" in fake.chat_requests[-1]["body"]["messages"][0]["content"]


def test_malformed_json_is_asked_for_once_more(fake, tmp_path, analysed):
    fake.failures = ["malformed"]
    assert len(detect(backend(fake, tmp_path), analysed)) == 4
    assert len(fake.chat_requests) == 2
    fake.failures = ["malformed", "malformed"]
    with pytest.raises(LLMError, match="malformed JSON twice"):
        detect(backend(fake, tmp_path, cache="other.sqlite"), analysed)


def test_unknown_holders_propositions_and_polarities_are_dropped(fake, tmp_path, analysed, caplog):
    fake.extra_items = [
        {"statement": "s1", "proposition": "no-such-proposition", "polarity": "support",
         "holder": "Teodor Halvik", "reporter": None, "confidence": 0.9, "evidence": "x"},
        {"statement": "s1", "proposition": "pipeline-referendum", "polarity": "support",
         "holder": "Vladimir Putin", "reporter": None, "confidence": 0.9, "evidence": "x"},
        {"statement": "s1", "proposition": "pipeline-referendum", "polarity": "neutral",
         "holder": "Teodor Halvik", "reporter": None, "confidence": 0.9, "evidence": "x"},
        {"statement": "s99", "proposition": "pipeline-referendum", "polarity": "support",
         "holder": "Teodor Halvik", "reporter": None, "confidence": 0.9, "evidence": "x"},
        "not an object",
    ]
    with caplog.at_level(logging.INFO, logger="stancemap.stance.llm"):
        stances = detect(backend(fake, tmp_path), analysed)
    assert len(stances) == 4
    assert "Vladimir Putin" not in {s.actor for s in stances}
    assert ("Teodor Halvik", "pipeline-referendum", "support") not in triples(stances)
    log = caplog.text
    for reason in ("unknown proposition 'no-such-proposition'", "'Vladimir Putin' is not an actor",
                   "unknown polarity 'neutral'", "unknown statement 's99'"):
        assert reason in log


def test_unreachable_endpoint_raises_a_clear_error(tmp_path, analysed):
    with serve() as gone:
        url = gone.url
    config = LLMConfig(url=url, model="m", retries=1, connect_timeout=2)
    with pytest.raises(LLMError, match="unreachable") as info:
        LLMBackend(config, cache_path=tmp_path / "c.sqlite", run_id="r").detect(*analysed)
    assert url.removesuffix("/v1") in str(info.value)


def test_key_is_read_from_the_environment_and_sent_as_bearer(fake, tmp_path, analysed, monkeypatch):
    fake.key = "s3cret"
    monkeypatch.delenv("MY_LLM_KEY", raising=False)
    with pytest.raises(LLMError, match="MY_LLM_KEY") as info:
        detect(backend(fake, tmp_path, key_env="MY_LLM_KEY"), analysed)
    assert info.value.status == 401
    monkeypatch.setenv("MY_LLM_KEY", "s3cret")
    assert len(detect(backend(fake, tmp_path, key_env="MY_LLM_KEY"), analysed)) == 4
    assert fake.chat_requests[-1]["headers"]["Authorization"] == "Bearer s3cret"


def test_batches_respect_size_and_characters_and_are_even():
    def cand(i, chars=10):
        return llm.Candidate(id=f"s{i}", statement="x" * chars, sentence="", context="", speaker="A",
                             start=i, end=i + 1)

    sizes = [len(b) for b in llm.batch_candidates([cand(i) for i in range(13)],
                                                  LLMConfig(url="u", model="m", batch_size=12))]
    assert sizes == [7, 6]
    config = LLMConfig(url="u", model="m", batch_size=12, batch_chars=250)
    batches = llm.batch_candidates([cand(i, 100) for i in range(5)], config)
    assert [len(b) for b in batches] == [2, 2, 1]
    assert [c.id for b in batches for c in b] == [f"s{i}" for i in range(5)]
    assert llm.batch_candidates([cand(0, 1000)], config) == [[cand(0, 1000)]]


def test_endpoint_urls():
    assert LLMConfig(url="http://h:11434/v1", model="m").endpoint == "http://h:11434/v1/chat/completions"
    assert LLMConfig(url="http://h:8080", model="m").endpoint == "http://h:8080/v1/chat/completions"
    url = "https://api.example.com/v1/chat/completions"
    assert LLMConfig(url=url, model="m").endpoint == url


def test_parse_answer_accepts_fenced_json_and_refuses_other_shapes():
    assert llm.parse_answer('```json\n{"stances": []}\n```') == []
    assert llm.parse_answer('[{"a": 1}]') == [{"a": 1}]
    for bad in ("", "{}", '{"stances": 3}', "nope"):
        with pytest.raises(ValueError):
            llm.parse_answer(bad)


def test_settings_refuse_an_llm_backend_without_endpoint_or_model():
    with pytest.raises(ValueError, match="--llm-url"):
        Settings(stances="llm", llm_model="m")
    with pytest.raises(ValueError, match="stances must be"):
        Settings(stances="magic")


# -- the pipeline ---------------------------------------------------------------------------------

DEMO_RULES = [
    Rule("referendum", "pipeline-referendum", "support"),
    Rule("pipeline", "approve-northern-link", "support"),
]


@pytest.fixture
def three_articles(tmp_path, demo_corpus):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(demo_corpus.glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    return folder


def _settings(demo_corpus, fake, **options) -> Settings:
    return Settings(codebook=str(demo_corpus / "codebook.yaml"), stances="llm", llm_url=fake.url,
                    llm_model="test-model", **options)


def test_pipeline_stores_llm_stances_and_reruns_from_the_cache(tmp_path, demo_corpus, three_articles):
    with serve(FakeLLM(rules=list(DEMO_RULES))) as fake, open_store(tmp_path / "t.db") as store:
        summary = pipeline.run_pipeline([three_articles], store, _settings(demo_corpus, fake))
        assert summary.ok and summary.articles == 3 and summary.stances > 0
        methods = {s["method"] for s in store.stances()}
        assert methods == {"stance.llm.v1:test-model"}
        assert json.loads(store.runs()[-1]["methods"])["stances"] == "stance.llm.v1:test-model"
        assert (tmp_path / "t.db.llm-cache.sqlite").exists()
        sent = len(fake.chat_requests)
        assert 3 <= sent <= 6  # candidates batched per article
        assert any("request(s)" in note for note in summary.notes)
        # same settings: nothing to re-analyse
        again = pipeline.run_pipeline([three_articles], store, _settings(demo_corpus, fake))
        assert again.skipped == 3 and len(fake.chat_requests) == sent
        # forced: re-analysed from the cache, not one request more
        forced = pipeline.run_pipeline([three_articles], store, _settings(demo_corpus, fake, force=True))
        assert forced.articles == 3 and len(fake.chat_requests) == sent
        assert {s["method"] for s in store.stances()} == methods
        # another model changes the analysis key: everything is re-analysed
        other = _settings(demo_corpus, fake)
        other.llm_model = "other-model"
        assert pipeline.run_pipeline([three_articles], store, other).articles == 3


def test_pipeline_budget_fallback_is_noted_and_rerun_with_more_budget(tmp_path, demo_corpus,
                                                                      three_articles):
    with serve(FakeLLM(rules=list(DEMO_RULES))) as fake, open_store(tmp_path / "t.db") as store:
        summary = pipeline.run_pipeline([three_articles], store,
                                        _settings(demo_corpus, fake, llm_budget=1))
        assert summary.ok and summary.articles == 3
        assert len(fake.chat_requests) == 1
        [note] = [n for n in summary.notes if "used the rules" in n]
        assert note.startswith("2 articles used the rules")
        methods = {s["method"] for s in store.stances()}
        assert "stance.llm.v1:test-model" in methods and "stance.rules.v2" in methods
        # the articles that fell back are analysed by the model when the budget allows
        more = pipeline.run_pipeline([three_articles], store, _settings(demo_corpus, fake))
        assert more.articles == 2 and more.skipped == 1
        assert {s["method"] for s in store.stances()} == {"stance.llm.v1:test-model"}


def test_pipeline_unreachable_endpoint_gives_problems_not_a_crash(tmp_path, demo_corpus,
                                                                  three_articles):
    with serve() as gone:
        url = gone.url
    settings = Settings(codebook=str(demo_corpus / "codebook.yaml"), stances="llm", llm_url=url,
                        llm_model="m")
    with open_store(tmp_path / "t.db") as store:
        summary = pipeline.run_pipeline([three_articles], store, settings)
        assert not summary.ok
        assert {p.stage for p in summary.problems} == {"stances"}
        assert len(summary.problems) == 3
        assert all(url.removesuffix("/v1") in p.message for p in summary.problems)
        assert len(store.problems()) == 3
