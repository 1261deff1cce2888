"""The LLM client against failing endpoints: "structured output not supported" whatever the
status, learned once per run; a circuit breaker; and a stance failure never costs an article
its quotes and actors."""

from __future__ import annotations

import shutil

import pytest

from stancemap import pipeline
from stancemap.settings import Settings
from stancemap.stance import llm
from stancemap.stance.llm import LLMBackend, LLMConfig, LLMError
from stancemap.store import open_store

from .fake_llm import FakeLLM, Rule, serve
from .test_llm import analysed, detect, fake, no_waiting  # noqa: F401 - fixtures (no_waiting autouse)

pytestmark = pytest.mark.model


def _backend(fake, tmp_path, run_id="run-1", **options) -> LLMBackend:
    return LLMBackend(LLMConfig(url=fake.url, model="m", **options),
                      cache_path=tmp_path / "cache.sqlite", run_id=run_id)


def _formats(fake) -> list[str | None]:
    return [(r["body"].get("response_format") or {}).get("type") for r in fake.chat_requests]


def test_a_500_naming_response_format_falls_back_at_once_without_retries(fake, tmp_path, analysed,
                                                                         no_waiting):
    # llama-cpp-python's server answers a json_schema response_format with HTTP 500.
    fake.reject_formats, fake.reject_status = {"json_schema"}, 500
    assert len(detect(_backend(fake, tmp_path), analysed)) == 4
    assert _formats(fake) == ["json_schema", "json_object"]
    assert no_waiting == []  # no backoff for a capability refusal


@pytest.mark.parametrize("status", [400, 422, 500, 501])
def test_capability_refusals_are_recognised_whatever_the_status(fake, tmp_path, analysed, status):
    fake.reject_formats, fake.reject_status = {"json_schema", "json_object"}, status
    assert len(detect(_backend(fake, tmp_path), analysed)) == 4
    assert _formats(fake) == ["json_schema", "json_object", None]


def test_the_endpoint_capability_is_learned_once_per_run_across_processes(fake, tmp_path, analysed):
    fake.reject_formats, fake.reject_status = {"json_schema"}, 500
    first = _backend(fake, tmp_path)
    detect(first, analysed)
    # Another worker of the same run (its own client, the same cache file) asks json_object at once.
    other = _backend(fake, tmp_path, batch_size=1)
    detect(other, analysed)
    assert _formats(fake).count("json_schema") == 1
    # A new run asks again: the server may have changed.
    detect(_backend(fake, tmp_path, run_id="run-2", batch_size=2), analysed)
    assert _formats(fake).count("json_schema") == 2


def test_the_circuit_breaker_stops_hammering_a_failing_endpoint(fake, tmp_path, analysed, no_waiting):
    fake.failures = ["500"] * 1000
    b = _backend(fake, tmp_path, retries=1)
    errors = []
    for _ in range(6):
        with pytest.raises(LLMError) as info:
            detect(b, analysed)
        errors.append(str(info.value))
    sent = len(fake.chat_requests)
    assert sent == llm.BREAKER_FAILURES * 2  # each failing request tried twice, then no more
    assert "stopped asking" in errors[-1]
    assert b.breaker_message() is not None and "HTTP 500" in b.breaker_message()
    # Another worker of the same run sees the open breaker without a request.
    with pytest.raises(LLMError, match="stopped asking"):
        detect(_backend(fake, tmp_path, retries=1), analysed)
    assert len(fake.chat_requests) == sent


def test_one_success_closes_the_count_of_failures(fake, tmp_path, analysed):
    fake.failures = ["500", "500", "200"] * 3
    b = _backend(fake, tmp_path, retries=0, batch_size=100)
    results = []
    for _ in range(9):
        try:
            results.append(len(detect(b, analysed)))
        except LLMError:
            results.append(None)
    assert results[:3] == [None, None, 4]  # the success came before a third failure in a row
    assert b.breaker_message() is None


DEMO_RULES = [Rule("referendum", "pipeline-referendum", "support")]


@pytest.fixture
def three_articles(tmp_path, demo_corpus):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(demo_corpus.glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    return folder


def _settings(demo_corpus, url, **options) -> Settings:
    return Settings(codebook=str(demo_corpus / "codebook.yaml"), stances="llm", llm_url=url,
                    llm_model="m", **options)


def test_a_failing_stance_stage_keeps_the_articles_quotes_and_actors(tmp_path, demo_corpus,
                                                                     three_articles):
    with open_store(tmp_path / "rules.db") as store:
        rules = pipeline.run_pipeline([three_articles], store,
                                      Settings(codebook=str(demo_corpus / "codebook.yaml")))
        quotes = len(store.quotes())
    with serve(FakeLLM(rules=list(DEMO_RULES), failures=["500"] * 1000)) as fake, \
            open_store(tmp_path / "t.db") as store:
        summary = pipeline.run_pipeline([three_articles], store,
                                        _settings(demo_corpus, fake.url, llm_retries=0))
        assert summary.articles == 3 and rules.articles == 3
        assert summary.quotes == rules.quotes and len(store.quotes()) == quotes > 0
        assert store.count("actors") > 0 and not store.stances()
        assert [p.stage for p in summary.problems] == ["stances"] * 3
        assert sum("stopped asking" in n for n in summary.notes) == 1  # the breaker, said once
        # The endpoint is back: a re-run reads the stances of exactly those articles.
        fake.failures.clear()
        again = pipeline.run_pipeline([three_articles], store, _settings(demo_corpus, fake.url))
        assert again.ok and again.articles == 3 and again.stances > 0


def test_the_rules_stand_in_when_asked(tmp_path, demo_corpus, three_articles):
    with serve(FakeLLM(failures=["500"] * 1000)) as fake, open_store(tmp_path / "t.db") as store:
        summary = pipeline.run_pipeline([three_articles], store, _settings(
            demo_corpus, fake.url, llm_retries=0, llm_on_error="rules"))
        assert summary.ok and summary.articles == 3 and summary.stances > 0
        assert {s["method"] for s in store.stances()} == {"stance.rules.v2"}
        assert any("used the rules" in n and "failed" in n for n in summary.notes)
