"""The corpus-wide surname merge: planned from what each article says, in any order."""

import itertools

from stancemap.actors.keys import actor_id
from stancemap.actors.merge import ArticleActor, merge_surname_actors, plan_surname_merges


def _row(article, name, kind="person", actor=None):
    return ArticleActor(article_id=article, actor_id=actor or actor_id(name), name=name, type=kind)


def _final(rows, moves):
    """article -> name -> actor id after the moves."""
    out = {(r.article_id, r.name): r.actor_id for r in rows}
    for m in moves:
        out[(m.article_id, m.name)] = m.new
    return out


def test_merge_lone_surname_joins_the_one_full_name():
    rows = [_row("a", "Teodor Halvik"), _row("b", "Halvik")]
    [move] = plan_surname_merges(rows, {})
    assert (move.article_id, move.old, move.new) == ("b", actor_id("Halvik"), actor_id("Teodor Halvik"))


def test_merge_leaves_places_organizations_and_shared_surnames_apart():
    rows = [_row("a", "Teodor Halvik"), _row("b", "Halvik", "country"),
            _row("a", "Coastwatch Velmora"), _row("b", "Velmora", "organization"),
            _row("c", "Anna Berg"), _row("c", "Paul Berg"), _row("d", "Berg")]
    moves = plan_surname_merges(rows, {})
    assert [(m.name, m.new) for m in moves] == [("Halvik", actor_id("Teodor Halvik"))]


def test_merge_is_the_same_in_any_order_and_undoes_an_earlier_merge():
    rows = [_row("a", "Teodor Halvik"), _row("b", "Halvik"), _row("c", "Per Halvik"), _row("d", "Mia Lund"),
            _row("e", "Lund")]
    finals = {frozenset(_final(p, plan_surname_merges(p, {})).items()) for p in itertools.permutations(rows)}
    assert len(finals) == 1
    # "Halvik" was merged when only Teodor Halvik was known; Per Halvik arrives: the merge is undone
    merged = _row("b", "Halvik", actor=actor_id("Teodor Halvik"))
    later = [rows[0], merged, rows[2]]
    [move] = plan_surname_merges(later, {actor_id("Teodor Halvik"): "Teodor Halvik"})
    assert (move.old, move.new) == (actor_id("Teodor Halvik"), actor_id("Halvik"))


def test_merge_leaves_ids_from_an_actors_file_alone():
    rows = [_row("a", "Teodor Halvik"), _row("b", "Halvik", actor="entry-id")]
    assert plan_surname_merges(rows, {"entry-id": "The Harbour Master"}) == []


def test_merge_applied_to_a_store_in_two_runs_equals_one_run(fresh_db, make_result):
    from stancemap.model import RunInfo

    fresh_db.start_run(RunInfo(id="r", started="2026-01-01T00:00:00+00:00", model="m", workers=1,
                               codebook=None, inputs=()))
    articles = {}
    for n in range(3):
        result = make_result(raw=f"Headline {n}\n\nMinister Ana Lund said the plan is not realistic.\nShare this")
        fresh_db.write_article(result, run_id="r", analysis_key="k")
        articles[n] = result.article.id

    def add(n, name):
        with fresh_db.db:
            fresh_db.db.execute("INSERT INTO actors (id, name, type) VALUES (?, ?, 'person') ON CONFLICT (id) DO NOTHING",
                                (actor_id(name), name))
            fresh_db.db.execute("INSERT INTO article_actors (article_id, actor_id, name, type)"
                                " VALUES (?, ?, ?, 'person')", (articles[n], actor_id(name), name))

    def ids():
        return sorted(r[0] for r in fresh_db.db.execute("SELECT actor_id FROM article_actors WHERE name LIKE '%alvik'"))

    add(0, "Teodor Halvik")
    add(1, "Halvik")
    merge_surname_actors(fresh_db)
    assert ids() == [actor_id("Teodor Halvik")] * 2
    add(2, "Per Halvik")
    merge_surname_actors(fresh_db)
    assert ids() == sorted([actor_id("Teodor Halvik"), actor_id("Halvik"), actor_id("Per Halvik")])
    assert actor_id("Halvik") in {r[0] for r in fresh_db.db.execute("SELECT id FROM actors")}
    assert merge_surname_actors(fresh_db) == []
