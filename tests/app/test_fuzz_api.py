"""Property-based fuzzing of the JSON API and the pages: any query string answers without a
server error, and nothing typed comes back as markup."""

from __future__ import annotations

import pytest
from fuzz.strategies import FUZZ, TEXT
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.model

MARK = "<x-fuzz onmouseover=alert(1)>"
PARAM = st.one_of(TEXT, st.integers(-2**70, 2**70).map(str), st.sampled_from(
    ["", "0", "-1", "1e9", "NaN", "2026-13-45", "9" * 40, "\x00", "support", "oppose"]))
PATHS = ["/api/search", "/api/articles", "/api/quotes", "/api/stances", "/api/actors",
         "/api/propositions", "/search", "/articles", "/quotes", "/stances", "/actors"]
KEYS = ["q", "limit", "offset", "outlet", "actor", "proposition", "polarity", "since", "until",
        "review", "type", "kind"]


@FUZZ
@given(path=st.sampled_from(PATHS), params=st.dictionaries(st.sampled_from(KEYS), PARAM, max_size=5),
       markup=st.booleans())
def test_any_query_string_answers_without_a_server_error_or_markup(client, path, params, markup):
    if markup:
        params = {**params, "q": MARK + params.get("q", "")}
    response = client.get(path, params=params)
    assert response.status_code in (200, 400, 404, 422, 503), (path, params, response.text[:300])
    assert MARK not in response.text


@FUZZ
@given(q=TEXT, offset=st.integers(0, 2**64), limit=st.integers(-5, 300))
def test_any_search_answers_within_its_contract(client, q, offset, limit):
    response = client.get("/api/search", params={"q": q, "offset": offset, "limit": limit})
    assert response.status_code in (200, 400, 422, 503), response.text[:300]
    if response.status_code == 200:
        assert isinstance(response.json(), list)
