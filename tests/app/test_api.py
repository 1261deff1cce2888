"""The JSON API and the HTML pages on the demo corpus: reading, filters, corrections, errors."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.model

ORIGIN = "http://127.0.0.1:8765"


def first_stance(client):
    return client.get("/api/stances", params={"limit": 1}).json()["items"][0]


def test_app_pages_render_with_security_headers(client):
    article = client.get("/api/articles").json()["items"][0]["id"]
    actor = client.get("/api/actors").json()["items"][0]["id"]
    for path in ("/", "/articles", f"/articles/{article}", "/actors", f"/actors/{actor}",
                 "/propositions", "/propositions/approve-northern-link", "/quotes", "/stances",
                 "/search?q=pipeline", "/corrections"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "<script" not in response.text, path  # no inline script anywhere


def test_app_overview_counts_outlets_and_days(client):
    html = client.get("/").text
    assert "Articles per outlet" in html and "Articles per day" in html
    assert "Velmora Herald" in html
    assert re.search(r"<b>16</b>\s*articles", html)


def test_app_api_lists_paginate(client):
    whole = client.get("/api/quotes", params={"limit": 500}).json()
    assert whole["total"] == len(whole["items"]) > 100
    page = client.get("/api/quotes", params={"limit": 10, "offset": 10}).json()
    assert page["total"] == whole["total"] and page["limit"] == 10 and page["offset"] == 10
    assert [q["id"] for q in page["items"]] == [q["id"] for q in whole["items"][10:20]]
    assert client.get("/api/quotes", params={"limit": 0}).status_code == 422
    html = client.get("/quotes", params={"limit": 10}).text
    assert f"1–10 of {whole['total']}" in html and 'rel="next"' in html


def test_app_api_filters(client):
    stances = client.get("/api/stances", params={"limit": 500}).json()["items"]
    outlet = stances[0]["outlet"]
    by_outlet = client.get("/api/stances", params={"outlet": outlet, "limit": 500}).json()["items"]
    assert by_outlet and all(s["outlet"] == outlet for s in by_outlet)
    assert len(by_outlet) < len(stances)
    actor = stances[0]["actor_id"]
    by_actor = client.get("/api/stances", params={"actor": actor, "limit": 500}).json()["items"]
    assert by_actor and all(s["actor_id"] == actor for s in by_actor)
    prop = client.get("/api/stances", params={"proposition": "pipeline-referendum", "limit": 500}).json()
    assert prop["total"] and all(s["proposition"] == "pipeline-referendum" for s in prop["items"])
    ranged = client.get("/api/articles", params={"from": "2026-03-01", "to": "2026-03-31", "limit": 500}).json()
    assert ranged["items"] and all("2026-03-01" <= a["published"] <= "2026-03-31" for a in ranged["items"])
    everything = client.get("/api/articles", params={"limit": 500}).json()
    assert ranged["total"] < everything["total"] == 16
    bad = client.get("/api/articles", params={"from": "March"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["detail"]
    assert client.get("/articles", params={"from": "March"}).status_code == 400
    props = client.get("/api/propositions", params={"proposition": "approve-northern-link"}).json()
    assert [p["id"] for p in props] == ["approve-northern-link"]
    assert props[0]["support"] and props[0]["oppose"]
    assert all(h["first"] <= h["last"] for h in props[0]["support"] if h["first"])


def test_app_article_detail_and_not_found(client):
    article = next(a for a in client.get("/api/articles", params={"limit": 500}).json()["items"]
                   if a["quotes"])
    detail = client.get(f"/api/articles/{article['id']}").json()
    assert detail["text"] and detail["quotes"] and "removed_lines" in detail
    html = client.get(f"/articles/{article['id']}").text
    assert html.count('<mark id="t') == len(detail["quotes"])
    missing = client.get("/api/articles/nope")
    assert missing.status_code == 404 and missing.json()["detail"] == "no article 'nope'"
    page = client.get("/articles/nope")
    assert page.status_code == 404 and "no article" in page.text and "text/html" in page.headers["content-type"]
    assert client.get("/api/actors/nope").status_code == 404
    assert client.get("/propositions/nope").status_code == 404


def test_app_correct_a_stance_polarity_and_undo(client):
    stance = first_stance(client)
    flipped = "oppose" if stance["polarity"] == "support" else "support"
    response = client.post("/api/corrections", json={
        "kind": "stance.polarity", "target": stance["id"], "payload": {"polarity": flipped},
        "note": "re-read", "author": "tester"})
    assert response.status_code == 201, response.text
    correction = response.json()
    assert correction["kind"] == "stance.polarity" and correction["payload"] == {"polarity": flipped}
    now = next(s for s in client.get("/api/stances", params={"limit": 500}).json()["items"]
               if s["id"] == stance["id"])
    assert now["polarity"] == flipped and now["review"] == "corrected"
    assert now["corrections"] == [correction["id"]]
    html = client.get("/stances", params={"limit": 500}).text
    row = html[html.index(f'id="s{stance["id"]}"'):]
    assert 'class="badge corrected"' in row[:row.index("</tr>")]
    listed = client.get("/api/corrections").json()
    assert listed["total"] == 1 and listed["items"][0]["note"] == "re-read"
    assert client.delete(f"/api/corrections/{correction['id']}").status_code == 204
    assert client.delete(f"/api/corrections/{correction['id']}").status_code == 404
    back = next(s for s in client.get("/api/stances", params={"limit": 500}).json()["items"]
                if s["id"] == stance["id"])
    assert back["polarity"] == stance["polarity"] and back["review"] == "auto"


def test_app_refuses_corrections_it_cannot_apply(client):
    stance = first_stance(client)
    actor = client.get("/api/actors").json()["items"][0]["id"]
    cases = [
        ({"kind": "stance.fly", "target": stance["id"]}, 400, "unknown correction kind"),
        ({"kind": "stance.polarity", "target": stance["id"], "payload": {"polarity": "maybe"}}, 400, "polarity"),
        ({"kind": "stance.polarity", "target": "nope", "payload": {"polarity": "oppose"}}, 404, "no stance"),
        ({"kind": "stance.proposition", "target": stance["id"], "payload": {"proposition": "x"}}, 400, "no proposition"),
        ({"kind": "actor.merge", "target": actor, "payload": {"into": actor}}, 409, "itself"),
        ({"kind": "stance.reject", "target": stance["id"], "payload": {"colour": "red"}}, 400, "colour"),
        ({"kind": "stance.add", "target": "nope", "payload": {"article_id": "other"}}, 400, "article_id"),
    ]
    for body, status, words in cases:
        response = client.post("/api/corrections", json=body)
        assert response.status_code == status, (body, response.text)
        assert words in response.json()["detail"], response.json()
    assert client.post("/api/corrections", json={"target": "x"}).status_code == 422
    assert client.get("/api/corrections").json()["total"] == 0


def test_app_rejected_quotes_are_hidden_unless_asked(client):
    quote = client.get("/api/quotes", params={"limit": 1}).json()["items"][0]
    assert client.post("/api/corrections", json={"kind": "quote.reject", "target": quote["id"]}).status_code == 201
    visible = [q["id"] for q in client.get("/api/quotes", params={"limit": 500}).json()["items"]]
    assert quote["id"] not in visible
    shown = client.get("/api/quotes", params={"limit": 500, "rejected": "true"}).json()["items"]
    assert next(q for q in shown if q["id"] == quote["id"])["review"] == "rejected"
    html = client.get("/quotes", params={"limit": 500, "rejected": "1"}).text
    assert f'id="q{quote["id"]}" class="rejected"' in html
    article = client.get(f"/articles/{quote['article_id']}").text
    assert f'id="t{quote["id"]}" class="quote rejected"' in article


def test_app_forms_save_then_redirect_back(client):
    stance = first_stance(client)
    response = client.post("/review", data={"kind": "stance.confirm", "target": stance["id"],
                                            "next": "/stances?limit=5", "anchor": f"s{stance['id']}"},
                           headers={"Origin": ORIGIN}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/stances?limit=5#s{stance['id']}"
    assert client.get("/api/corrections").json()["items"][0]["kind"] == "stance.confirm"
    article = client.get("/api/articles").json()["items"][0]["id"]
    added = client.post("/review", data={
        "kind": "stance.add", "target": article, "next": f"/articles/{article}", "actor": "Ida Brenner",
        "proposition": "pipeline-referendum", "polarity": "support", "evidence": "She wants a vote."})
    assert added.status_code == 200 and "added by analyst" in added.text and "Ida Brenner" in added.text
    correction = client.get("/api/corrections").json()["items"][0]
    undone = client.post(f"/corrections/{correction['id']}/undo", data={"next": "/corrections"})
    assert undone.status_code == 200 and client.get("/api/corrections").json()["total"] == 1


def test_app_form_errors_show_a_message_and_save_nothing(client):
    response = client.post("/review", data={"kind": "stance.reject", "target": "nope", "next": "/stances"})
    assert response.status_code == 404
    assert "no stance with id" in response.text and 'href="/stances"' in response.text
    response = client.post("/review", data={"kind": "quote.speaker", "target": "x", "next": "//evil.example/"})
    assert response.status_code == 404 and 'href="/"' in response.text
    assert client.post("/review", content=b'{"kind": "x"}',
                       headers={"content-type": "application/json"}).status_code == 415
    assert client.post("/corrections/123/undo", data={}).status_code == 404
    assert client.get("/api/corrections").json()["total"] == 0


def test_app_redirects_only_to_its_own_pages(client):
    stance = first_stance(client)
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = client.post("/review", data={"kind": "stance.confirm", "target": stance["id"],
                                                "next": target}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/"


def test_app_refuses_cross_site_writes(client):
    stance = first_stance(client)
    form = {"kind": "stance.reject", "target": stance["id"], "next": "/"}
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Referer": "http://evil.example/page"}, {"Origin": "http://127.0.0.1:9999"},
                    {"Sec-Fetch-Site": "cross-site"}):
        response = client.post("/review", data=form, headers=headers, follow_redirects=False)
        assert response.status_code == 403, headers
        assert "refused" in response.text
    api = client.post("/api/corrections", json={"kind": "stance.reject", "target": stance["id"]},
                      headers={"Origin": "http://evil.example"})
    assert api.status_code == 403 and "another origin" in api.json()["detail"]
    assert client.get("/api/corrections").json()["total"] == 0
    ok = client.post("/api/corrections", json={"kind": "stance.reject", "target": stance["id"]},
                     headers={"Origin": ORIGIN, "Referer": f"{ORIGIN}/stances"})
    assert ok.status_code == 201
    gone = client.delete(f"/api/corrections/{ok.json()['id']}", headers={"Origin": "http://evil.example"})
    assert gone.status_code == 403 and client.get("/api/corrections").json()["total"] == 1


def test_app_refuses_other_host_names(client):
    # A page on another domain resolving to 127.0.0.1 (DNS rebinding) sends its own Host.
    assert client.get("/api/articles", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/articles", headers={"Host": "localhost:8765"}).status_code == 200


def test_app_search_marks_matches_and_escapes(client):
    hits = client.get("/api/search", params={"q": "referendum"}).json()
    assert hits and {h["kind"] for h in hits} <= {"article", "quote"}
    assert all("\x02" in h["snippet"] for h in hits)
    html = client.get("/search", params={"q": "referendum"}).text
    assert "<mark>" in html.lower() or "<mark>" in html
    assert re.search(r"<mark>[Rr]eferendum", html)
    hostile = client.get("/search", params={"q": "<script>alert(1)</script>"})
    assert hostile.status_code == 200 and "<script>alert(1)" not in hostile.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile.text
    assert client.get("/api/search").status_code == 422


def test_app_openapi_describes_every_api_route(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/actors", "/api/actors/{actor_id}",
                 "/api/quotes", "/api/stances", "/api/propositions", "/api/corrections",
                 "/api/corrections/{correction_id}", "/api/search"):
        assert path in schema["paths"], path
    assert {"get", "post"} <= set(schema["paths"]["/api/corrections"])
    assert "delete" in schema["paths"]["/api/corrections/{correction_id}"]
    assert {"QuoteOut", "StanceOut", "CorrectionOut"} <= set(schema["components"]["schemas"])
    params = {p["name"] for p in schema["paths"]["/api/stances"]["get"]["parameters"]}
    assert {"actor", "proposition", "outlet", "from", "to", "limit", "offset"} <= params
    assert client.get("/docs").status_code == 200
