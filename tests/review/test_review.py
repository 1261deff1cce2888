"""The analyst's corrections: checked when made, applied over automatic records, kept across runs."""

from __future__ import annotations

import io
import json

import pytest

from stancemap.pipeline import run_pipeline
from stancemap.review import (Reviewed, ReviewError, add_correction, delete_correction,
                              export_corrections, import_corrections, list_corrections)
from stancemap.settings import Settings
from stancemap.store import open_store

pytestmark = pytest.mark.model


@pytest.fixture
def store(demo_db_copy):
    with open_store(demo_db_copy) as s:
        yield s


def _stance(store, proposition=None, polarity=None):
    for s in store.stances():
        if (proposition is None or s["proposition"] == proposition) and (polarity is None or s["polarity"] == polarity):
            return dict(s)
    raise AssertionError("no such stance in the demo")


def _quote_with_stance(store):
    for s in store.stances():
        if s["quote_id"] and s["reporter"] is None:
            return dict(store.db.execute("SELECT * FROM quotes WHERE id = ?", (s["quote_id"],)).fetchone()), dict(s)
    raise AssertionError("no stance read from a quote in the demo")


def test_no_corrections_is_the_store(store):
    view = Reviewed(store)
    assert [q["id"] for q in view.quotes()] == [q["id"] for q in store.quotes()]
    assert [s["id"] for s in view.stances()] == [s["id"] for s in store.stances()]
    assert all(q["review"] == "auto" and q["corrections"] == [] for q in view.quotes())


def test_polarity_change_applies_and_is_marked(store):
    s = _stance(store, polarity="support")
    c = add_correction(store, "stance.polarity", s["id"], {"polarity": "oppose"}, note="misread irony")
    got = {x["id"]: x for x in Reviewed(store).stances()}[s["id"]]
    assert (got["polarity"], got["review"], got["corrections"]) == ("oppose", "corrected", [c.id])
    # The automatic record itself is untouched.
    assert store.db.execute("SELECT polarity FROM stances WHERE id = ?", (s["id"],)).fetchone()[0] == "support"


def test_reject_hides_and_confirm_restores(store):
    q, s = _quote_with_stance(store)
    add_correction(store, "quote.reject", q["id"])
    view = Reviewed(store)
    assert q["id"] not in {x["id"] for x in view.quotes()}
    # A stance read from a rejected quote goes with it.
    assert s["id"] not in {x["id"] for x in view.stances()}
    assert {x["id"]: x for x in view.quotes(include_rejected=True)}[q["id"]]["review"] == "rejected"
    add_correction(store, "quote.confirm", q["id"])
    assert {x["id"]: x for x in Reviewed(store).quotes()}[q["id"]]["review"] == "confirmed"


def test_speaker_change_moves_the_quote_and_its_stances(store):
    q, s = _quote_with_stance(store)
    add_correction(store, "quote.speaker", q["id"], {"actor": "Nadia Example"})
    view = Reviewed(store)
    got = {x["id"]: x for x in view.quotes()}[q["id"]]
    assert got["speaker"] == "Nadia Example" and got["review"] == "corrected"
    stance = {x["id"]: x for x in view.stances()}[s["id"]]
    assert stance["actor"] == "Nadia Example" and stance["actor_id"] == got["actor_id"]
    assert any(a["name"] == "Nadia Example" and a["quotes"] >= 1 for a in view.actors())


def test_speaker_by_existing_name_reuses_the_actor(store):
    q, _ = _quote_with_stance(store)
    other = next(a for a in store.actors() if a["id"] != q["actor_id"] and a["type"] == "person")
    c = add_correction(store, "quote.speaker", q["id"], {"actor": other["aliases"][0].upper()})
    assert c.payload["actor_id"] == other["id"]


def test_added_stance(store):
    article = next(iter(store.articles()))
    sentence = article["text"][article["body_start"]:].split(".")[0]
    prop = store.propositions()[0]["id"]
    c = add_correction(store, "stance.add", article["id"],
                       {"actor": "Teodor Halvik", "proposition": prop, "polarity": "support",
                        "evidence": sentence})
    added = [s for s in Reviewed(store).stances(article["id"]) if s["review"] == "added"]
    assert len(added) == 1 and added[0]["id"] == f"added-{c.id}"
    assert added[0]["evidence_start"] == article["text"].find(sentence)


@pytest.mark.parametrize("kind, target, payload, status, words", [
    ("stance.polarity", "nope", {"polarity": "oppose"}, 404, "no stance"),
    ("quote.reject", "nope", {}, 404, "no quote"),
    ("stance.add", "nope", {}, 404, "no article"),
    ("actor.merge", "nope", {"into": "x"}, 404, "no actor"),
    ("quote.explode", "x", {}, 400, "unknown correction kind"),
])
def test_refused_with_a_clear_message(store, kind, target, payload, status, words):
    with pytest.raises(ReviewError, match=words) as info:
        add_correction(store, kind, target, payload)
    assert info.value.status == status
    assert list_corrections(store) == []


def test_refused_values(store):
    s = _stance(store)
    with pytest.raises(ReviewError, match="polarity must be"):
        add_correction(store, "stance.polarity", s["id"], {"polarity": "maybe"})
    with pytest.raises(ReviewError, match="no proposition 'made-up'"):
        add_correction(store, "stance.proposition", s["id"], {"proposition": "made-up"})
    with pytest.raises(ReviewError, match="unknown field"):
        add_correction(store, "stance.reject", s["id"], {"polarity": "oppose"})
    a = store.actors()[0]
    with pytest.raises(ReviewError, match="into itself"):
        add_correction(store, "actor.merge", a["id"], {"into": a["id"]})


def test_merge_and_split_actors(store):
    actors = store.actors()
    a, b = actors[0], actors[1]
    add_correction(store, "actor.merge", b["id"], {"into": a["id"]})
    view = Reviewed(store)
    merged = {x["id"]: x for x in view.actors()}
    assert b["id"] not in merged
    assert merged[a["id"]]["quotes"] == a["quotes"] + b["quotes"]
    assert all(q["actor_id"] != b["id"] for q in view.quotes())
    # Split b's name back off.
    add_correction(store, "actor.split", a["id"], {"alias": b["name"], "name": b["name"]})
    after = {x["name"]: x for x in Reviewed(store).actors()}
    assert b["name"] in after and after[b["name"]]["quotes"] >= 1


def test_undo(store):
    s = _stance(store)
    c = add_correction(store, "stance.reject", s["id"])
    assert s["id"] not in {x["id"] for x in Reviewed(store).stances()}
    delete_correction(store, c.id)
    assert s["id"] in {x["id"] for x in Reviewed(store).stances()}
    with pytest.raises(ReviewError, match="no correction"):
        delete_correction(store, c.id)


def test_corrections_survive_a_forced_rerun(store, demo_corpus):
    s = _stance(store, polarity="support")
    q, _ = _quote_with_stance(store)
    add_correction(store, "stance.polarity", s["id"], {"polarity": "oppose"})
    add_correction(store, "quote.reject", q["id"])
    run_pipeline([demo_corpus], store, Settings(codebook=str(demo_corpus / "codebook.yaml"), force=True))
    view = Reviewed(store)
    assert {x["id"]: x for x in view.stances()}[s["id"]]["polarity"] == "oppose"
    assert q["id"] not in {x["id"] for x in view.quotes()}
    assert not any(c.orphaned for c in list_corrections(store))


def test_a_correction_whose_record_moved_finds_it_again(store):
    s = _stance(store, polarity="support")
    add_correction(store, "stance.polarity", s["id"], {"polarity": "oppose"})
    # A re-run that gives the stance another id (say, a new rule version) must not lose it.
    store.db.execute("UPDATE stances SET id = 'renamed' WHERE id = ?", (s["id"],))
    got = {x["id"]: x for x in Reviewed(store).stances()}["renamed"]
    assert got["polarity"] == "oppose" and got["review"] == "corrected"


def test_an_orphaned_correction_is_kept_and_still_counts(store):
    s = _stance(store, polarity="support")
    add_correction(store, "stance.polarity", s["id"], {"polarity": "oppose"})
    store.db.execute("DELETE FROM stances WHERE id = ?", (s["id"],))
    [c] = list_corrections(store)
    assert c.orphaned
    kept = [x for x in Reviewed(store).stances() if x["id"] == f"kept-{s['id']}"]
    assert kept and kept[0]["polarity"] == "oppose" and kept[0]["actor_id"] == s["actor_id"]


def test_export_and_import(store, tmp_path, demo_db):
    s = _stance(store)
    add_correction(store, "stance.reject", s["id"], note="not about the pipeline")
    out = io.StringIO()
    assert export_corrections(store, out) == 1
    record = json.loads(out.getvalue())
    assert record["kind"] == "stance.reject" and record["note"] == "not about the pipeline"
    other = tmp_path / "other.db"
    import sqlite3
    with sqlite3.connect(demo_db) as a, sqlite3.connect(other) as b:
        a.backup(b)
    with open_store(other) as target:
        assert import_corrections(target, out.getvalue().splitlines()) == (1, 0)
        assert import_corrections(target, out.getvalue().splitlines()) == (0, 1)
        assert s["id"] not in {x["id"] for x in Reviewed(target).stances()}
        with pytest.raises(ReviewError, match="line 1: not JSON"):
            import_corrections(target, ["{oops"], name="c.jsonl")
