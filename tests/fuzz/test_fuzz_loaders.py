"""Property-based fuzzing of the codebook and actors loaders and of the search query builder:
any file either loads or is refused with a clear error; any query either runs or is refused."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from stancemap.actors.directory import load_actors_file
from stancemap.errors import StancemapError
from stancemap.stance.codebook import load_codebook
from stancemap.store.search import MAX_QUERY_CHARS, SearchQueryError, fts_query

from .strategies import BYTES, FUZZ, JSON_VALUES, TEXT, mutated

CODEBOOK = """name: Pipeline debate
propositions:
  - id: approve-pipeline
    statement: The pipeline should be approved.
    keywords: [pipeline, approve]
    support_examples: ["We back the pipeline."]
    oppose_examples: ["The pipeline must be stopped."]
  - id: referendum
    statement: There should be a referendum.
"""
ACTORS = """actors:
  - name: Ana Lund
    aliases: [Lund, the minister]
    type: person
    roles: [Energy Minister]
  - name: Coastwatch
    type: organization
distinct:
  - [Ana Lund, Anna Lund]
"""
YAML_DOCS = st.one_of(
    BYTES,
    mutated(CODEBOOK.encode()),
    mutated(ACTORS.encode()),
    JSON_VALUES.map(lambda v: yaml.safe_dump(v, allow_unicode=True).encode("utf-8", "surrogatepass")),
    st.fixed_dictionaries({"name": TEXT, "propositions": st.lists(st.dictionaries(
        st.sampled_from(["id", "statement", "keywords", "description", "support_examples", "x"]),
        JSON_VALUES, max_size=5), max_size=4)}).map(
        lambda v: yaml.safe_dump(v).encode("utf-8", "surrogatepass")),
    st.fixed_dictionaries({"actors": st.lists(st.dictionaries(
        st.sampled_from(["name", "aliases", "type", "roles", "wikidata", "x"]), JSON_VALUES, max_size=5),
        max_size=4), "distinct": st.lists(st.lists(TEXT, max_size=3), max_size=2)}).map(
        lambda v: yaml.safe_dump(v).encode("utf-8", "surrogatepass")),
)


def _load(loader, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.yaml"
        path.write_bytes(data)
        try:
            loader(path)
        except StancemapError as err:
            assert str(err).startswith(str(path)), err  # the message names the file


@FUZZ
@given(data=YAML_DOCS)
def test_any_codebook_file_loads_or_is_refused_clearly(data):
    _load(load_codebook, data)


@FUZZ
@given(data=YAML_DOCS)
def test_any_actors_file_loads_or_is_refused_clearly(data):
    _load(load_actors_file, data)


_FTS = sqlite3.connect(":memory:")
_FTS.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')")
_FTS.execute("INSERT INTO t VALUES ('Pipeline vote', 'The minister said \"no\" to the OR pipeline NEAR x')")


@FUZZ
@given(query=st.one_of(TEXT, st.lists(st.sampled_from(
    ['"', "*", "OR", "AND", "NOT", "NEAR", "(", ")", "^", ":", "-", "+", "pipeline", "vo*", "title:x",
     '"a b"', "{", "}", "\x00"]), max_size=30).map(" ".join)))
def test_any_query_either_runs_or_is_refused_with_a_cap(query):
    try:
        match = fts_query(query)
    except SearchQueryError as err:
        assert "at most" in str(err) or "too short" in str(err) or len(query) > MAX_QUERY_CHARS
        return
    if match:
        _FTS.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()
