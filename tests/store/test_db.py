import sqlite3

import pytest

from stancemap.errors import StoreError
from stancemap.model import ArticleResult, Codebook, Problem, Proposition, RunInfo, Stance
from stancemap.store import SCHEMA_VERSION, open_store

def run_info(store, run_id="r1"):
    info = RunInfo(id=run_id, started="2026-01-01T00:00:00+00:00", model="m", workers=1,
                   codebook=None, inputs=("a.txt",))
    store.start_run(info)
    return info


def test_db_new_database_has_current_schema(fresh_db):
    assert fresh_db.schema_version == SCHEMA_VERSION


def test_db_rerun_updates_not_duplicates(fresh_db, make_result):
    run_info(fresh_db)
    for _ in range(3):
        fresh_db.write_article(make_result(), run_id="r1", analysis_key="k")
    assert fresh_db.count("articles") == 1
    assert fresh_db.count("quotes") == 1
    assert fresh_db.count("stances") == 1
    assert fresh_db.count("actors") == 1
    assert len(fresh_db.removed_lines(make_result().article.id)) == 1


def test_db_failed_write_keeps_earlier_records(fresh_db, make_result):
    run_info(fresh_db)
    good = make_result()
    fresh_db.write_article(good, run_id="r1", analysis_key="k")
    bad_stance = Stance(id="x", article_id=good.article.id, actor="A", actor_id="a", proposition="p",
                        polarity="maybe", evidence="e")  # violates the polarity CHECK
    bad = ArticleResult(article=good.article, actors=good.actors, quotes=(), stances=(bad_stance,))
    with pytest.raises(StoreError, match="a.txt"):
        fresh_db.write_article(bad, run_id="r1", analysis_key="k2")
    assert fresh_db.count("quotes") == 1
    assert fresh_db.analysis_key(good.article.id) == "k"


def test_db_actor_name_follows_most_articles(fresh_db, make_result):
    run_info(fresh_db)
    fresh_db.write_article(make_result(), run_id="r1", analysis_key="k")
    for i in range(2):
        other = make_result(raw=f"Headline {i}\n\nMinister Anna Lund said the plan \u201cis not realistic\u201d.\nShare this", speaker="Anna Lund")
        fresh_db.write_article(other, run_id="r1", analysis_key="k")
    fresh_db.refresh_actor_names()
    [actor] = fresh_db.actors()
    assert actor["name"] == "Anna Lund"
    assert actor["quotes"] == 3
    assert {"Ana Lund", "Anna Lund", "Lund"} <= set(actor["aliases"])


def test_db_codebook_and_problems_are_stored(fresh_db):
    info = run_info(fresh_db)
    book = Codebook(path="cb.yaml", propositions=(Proposition(id="plan", statement="Adopt the plan."),))
    fresh_db.save_codebook(book)
    fresh_db.save_codebook(book)
    fresh_db.add_problem(Problem(source="bad.txt", stage="ingest", message="empty"), run_id=info.id)
    fresh_db.finish_run(info, status="failed")
    assert [p["id"] for p in fresh_db.propositions()] == ["plan"]
    assert fresh_db.problems(info.id)[0]["message"] == "empty"
    assert fresh_db.runs()[0]["status"] == "failed"


def test_db_readonly_refuses_missing_file(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "nope.db", readonly=True)


def test_db_refuses_newer_schema(tmp_path):
    path = tmp_path / "new.db"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer stancemap"):
        open_store(path)


def test_db_refuses_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not a database " * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(path)


def test_db_upgrades_an_older_schema_without_loss(tmp_path, make_result):
    from stancemap.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript(MIGRATIONS[0] + ";PRAGMA user_version = 1;")
    con.execute("INSERT INTO runs (id, started, model, workers, inputs, versions, methods)"
                " VALUES ('r0', 'then', 'm', 1, '[]', '{}', '{}')")
    con.commit()
    con.close()
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [r["id"] for r in store.runs()] == ["r0"]
        store.write_article(make_result(), run_id="r0", analysis_key="k")
        assert store.duplicate_groups() == []


def test_db_duplicate_groups_replace_the_previous_grouping(fresh_db, make_result):
    run_info(fresh_db)
    a = make_result()
    b = make_result(raw="Other headline\n\nMinister Ana Lund said the plan \u201cis not realistic\u201d.\nShare this")
    for result in (a, b):
        fresh_db.write_article(result, run_id="r1", analysis_key="k")
    ids = [a.article.id, b.article.id]
    fresh_db.replace_duplicate_groups([("g1", "near", [(ids[0], 1.0, True), (ids[1], 0.9, False)])])
    fresh_db.replace_duplicate_groups([("g2", "near", [(ids[0], 1.0, True), (ids[1], 0.8, False)])])
    [group] = fresh_db.duplicate_groups()
    assert group["id"] == "g2"
    assert [m["original"] for m in group["members"]] == [True, False]
    assert {m["article_id"] for m in group["members"]} == set(ids)


def test_db_upgrade_indexes_existing_articles_for_search(tmp_path, make_result):
    from stancemap.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    with open_store(path) as store:
        run_info(store)
        store.write_article(make_result(), run_id="r1", analysis_key="k")
    con = sqlite3.connect(path)  # take it back to schema 2, as an older stancemap left it
    con.executescript("DROP TABLE corrections; DROP TABLE search_index; DROP TABLE search_docs;"
                      "DROP TRIGGER articles_search_insert; DROP TRIGGER articles_search_delete;"
                      "DROP TRIGGER quotes_search_insert; DROP TRIGGER quotes_search_delete;"
                      "ALTER TABLE quotes DROP COLUMN channel;"
                      "DROP INDEX articles_order; DROP INDEX quotes_article_order;"
                      "DROP INDEX stances_article_order;"
                      "PRAGMA user_version = 2;")
    con.close()
    assert "DROP" not in MIGRATIONS[2]
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        kinds = sorted(hit["kind"] for hit in store.search("realistic"))
        assert kinds == ["article", "quote"]


def test_db_search_follows_rewrites_and_survives_any_query(fresh_db, make_result):
    run_info(fresh_db)
    fresh_db.write_article(make_result(), run_id="r1", analysis_key="k")
    fresh_db.write_article(make_result(), run_id="r1", analysis_key="k2")  # rewritten, not doubled
    hits = fresh_db.search("realistic")
    assert len(hits) == 2 and "\x02realistic\x03" in hits[0]["snippet"]
    assert fresh_db.search("realis*")
    assert fresh_db.search('"not realistic"')
    assert not fresh_db.search('"realistic not"')
    for query in ['"', "AND", "NOT (", "*", "a OR", '")); DROP TABLE articles; --', "title:x", ""]:
        fresh_db.search(query)  # never a syntax error
    assert fresh_db.count("articles") == 1


def test_db_postgres_schema_matches_sqlite(new_db, postgres_schemas, tmp_path):
    """One migration history: every table has the same columns on both backends."""
    from stancemap.store.copy import _columns, tables

    url = postgres_schemas.new()
    try:
        with open_store(tmp_path / "s.db") as lite, open_store(url) as pg:
            assert pg.schema_version == lite.schema_version == SCHEMA_VERSION
            assert tables(pg) == tables(lite)
            for table in tables(lite):
                assert _columns(pg, table) == _columns(lite, table), table
    finally:
        postgres_schemas.drop(url)
