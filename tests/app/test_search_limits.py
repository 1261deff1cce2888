"""Hostile searches: long queries and many terms are refused, every query runs under a time
budget and stops when its client leaves, huge offsets are refused, other sites cannot search."""

from __future__ import annotations

import threading

import pytest

from stancemap.store import open_store
from stancemap.store import search as store_search

pytestmark = pytest.mark.model


def test_a_query_of_1600_ors_is_refused_at_once_with_a_clear_message(client):
    response = client.get("/api/search", params={"q": "a OR " * 1600})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "too long" in detail and str(store_search.MAX_QUERY_CHARS) in detail


def test_too_many_terms_are_refused_with_the_cap_in_the_message(client):
    q = " OR ".join(f"w{i}" for i in range(store_search.MAX_QUERY_TERMS + 1))
    assert len(q) <= store_search.MAX_QUERY_CHARS
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 400
    assert f"at most {store_search.MAX_QUERY_TERMS} words" in response.json()["detail"]
    page = client.get("/search", params={"q": q})
    assert page.status_code == 400 and "at most" in page.text


def test_a_query_at_the_caps_still_answers(client):
    q = " OR ".join(["pipeline"] * store_search.MAX_QUERY_TERMS)
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200 and response.json()


def test_a_search_over_its_time_budget_stops_with_a_503(client, monkeypatch):
    monkeypatch.setattr(store_search, "SEARCH_SECONDS", 0.0)
    response = client.get("/api/search", params={"q": "pipeline"})
    assert response.status_code == 503
    assert "longer than" in response.json()["detail"]


def test_a_cancelled_search_stops_and_leaves_the_connection_usable(app_db):
    cancel = threading.Event()
    cancel.set()
    with open_store(app_db) as store:
        with pytest.raises(store_search.SearchCancelled):
            store.search("pipeline", cancel=cancel)
        assert store.search("pipeline")  # the progress handler is gone again


def test_the_api_cancels_the_search_when_the_client_disconnects(app_db, monkeypatch):
    import asyncio

    from stancemap.app import api

    seen: list[bool] = []

    def slow_search(store, q, limit, offset, *, cancel):
        assert cancel.wait(5), "the search was not cancelled"
        seen.append(True)
        raise store_search.SearchCancelled("the client went away")

    monkeypatch.setattr(api.data, "search", slow_search)

    class Gone:
        app = type("App", (), {"state": type("State", (), {"db_path": app_db})()})()

        async def is_disconnected(self) -> bool:
            return True

    response = asyncio.run(api.api_search(Gone(), q="pipeline", limit=5, offset=0))
    assert seen == [True] and response.status_code == 499


@pytest.mark.parametrize("offset", [2**63, 2**64, 10**30])
def test_huge_offsets_are_refused_not_a_server_error(client, offset):
    assert client.get("/api/search", params={"q": "pipeline", "offset": offset}).status_code == 422
    assert client.get("/api/articles", params={"offset": offset}).status_code == 422


def test_another_site_cannot_run_searches(client):
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        response = client.get("/api/search", params={"q": "pipeline"}, headers=headers)
        assert response.status_code == 403
    image = client.get("/search", params={"q": "pipeline"},
                       headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"})
    assert image.status_code == 403
    # A link followed from another site still opens the page; the app's own pages still search.
    assert client.get("/search", params={"q": "pipeline"}, headers={
        "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}).status_code == 200
    assert client.get("/api/search", params={"q": "pipeline"},
                      headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
