"""`stancemap codebook suggest`: candidate propositions from the statements of a corpus."""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner

from stancemap.cli import cli
from stancemap.model import Codebook, Proposition
from stancemap.stance.codebook import load_codebook
from stancemap.stance.suggest import Phrase, rank_candidates, to_yaml


def P(*words, text=None):
    return Phrase(key=tuple(words), text=text or " ".join(words))


def quote(actor, text, name=None):
    return {"actor_id": actor, "actor_name": name or actor.title(), "text": text, "type": "direct"}


QUOTES = [
    quote("krenz", "The decision must be put to a national referendum."),
    quote("vale", "We want a national referendum on the whole project."),
    quote("halvik", "A referendum would be a mistake and would not help anyone."),
    quote("krenz", "The pipeline will leave us at the mercy of Kolvask."),
    quote("oduya", "The pipeline brings cheap gas to the north."),
    quote("rieger", "Storage at Varde must come first."),
]
PHRASES = [
    [P("national", "referendum"), P("referendum"), P("decision")],
    [P("national", "referendum"), P("referendum"), P("project")],
    [P("referendum"), P("mistake")],
    [P("pipeline"), P("mercy"), P("Kolvask")],
    [P("pipeline"), P("gas"), P("north")],
    [P("storage"), P("Varde")],
]


def test_candidates_rank_by_distinct_actors_and_need_two():
    candidates = rank_candidates(QUOTES, PHRASES)
    assert [c.id for c in candidates] == ["national-referendum", "pipeline"]
    referendum = candidates[0]
    # the longer phrase names the topic: it carries two of the three statements
    assert referendum.statement == "National referendum (support or oppose)"
    assert referendum.keywords == ("referendum", "national referendum")
    assert referendum.statements == 3 and set(referendum.actors) == {"Krenz", "Vale", "Halvik"}
    # the split by negation words: "would not help" reads as opposition
    assert referendum.oppose_examples == ("A referendum would be a mistake and would not help anyone.",)
    assert len(referendum.support_examples) == 2
    # storage is discussed by one actor only: no candidate
    assert not any("storage" in c.keywords for c in candidates)


def test_top_limits_and_ranking_is_deterministic():
    assert [c.id for c in rank_candidates(QUOTES, PHRASES, top=1)] == ["national-referendum"]
    assert rank_candidates(QUOTES, PHRASES) == rank_candidates(list(QUOTES), [list(p) for p in PHRASES])


def test_topics_of_an_existing_codebook_are_skipped():
    book = Codebook(path="c.yaml", propositions=(
        Proposition(id="vote", statement="The decision should be put to a national vote.",
                    keywords=("referendums",)),))
    candidates = rank_candidates(QUOTES, PHRASES, codebook=book)
    assert [c.id for c in candidates] == ["pipeline"]


def test_yaml_is_a_valid_codebook_with_a_comment_per_entry(tmp_path):
    hostile = [quote("a", 'He said: "no #1 priority"\n- id: injected', name="Ana\nLund # x"),
               quote("b", "key: value, [brackets] & *stars* 'quotes' are \"fine\"")]
    phrases = [[P("priority")], [P("priority")]]
    candidates = rank_candidates(hostile, phrases) + rank_candidates(QUOTES, PHRASES)
    text = to_yaml(candidates, source="my\ndb.db")
    path = tmp_path / "suggested.yaml"
    path.write_text(text, encoding="utf-8")
    book = load_codebook(path)
    assert [p.id for p in book.propositions] == ["priority", "national-referendum", "pipeline"]
    assert book.propositions[0].oppose_examples == ('He said: "no #1 priority" - id: injected',)
    comments = [line for line in text.splitlines() if line.startswith("# ") and "statement" in line]
    assert comments[0] == "# 2 statements, by actors Ana Lund # x, B"
    assert "# 3 statements, by actors " in comments[1]
    # every comment line stands right above its entry
    lines = text.splitlines()
    assert all(lines[i - 1] in comments for i, line in enumerate(lines) if line.startswith("- id: "))


def test_yaml_without_candidates_says_so():
    text = to_yaml([])
    assert yaml.safe_load(text) == {"propositions": []}
    assert "No topic" in text


# -- the demo corpus ---------------------------------------------------------------------------


def _words(texts):
    return {w.casefold().rstrip("s") for t in texts for w in re.findall(r"\w+", t)
            if len(w) > 3 and w.casefold() not in {"against", "approve"}}


@pytest.mark.model
def test_demo_suggestions_find_the_main_topics(demo_db, tmp_path):
    from tests.conftest import DEMO

    runner = CliRunner()
    out = runner.invoke(cli, ["codebook", "suggest", "--db", str(demo_db), "--top", "15"])
    assert out.exit_code == 0, out.output
    path = tmp_path / "suggested.yaml"
    path.write_text(out.stdout, encoding="utf-8")
    suggested = load_codebook(path).propositions
    assert 5 <= len(suggested) <= 15
    demo = load_codebook(DEMO / "codebook.yaml").propositions
    found = [p.id for p in demo
             if any(_words(p.keywords) & _words((s.statement, *s.keywords)) for s in suggested)]
    assert len(found) >= 3, found
    for s in suggested:  # examples are real statements of the corpus
        assert s.support_examples or s.oppose_examples
    check = runner.invoke(cli, ["codebook", "check", str(path)])
    assert check.exit_code == 0 and "propositions, valid" in check.output
    again = runner.invoke(cli, ["codebook", "suggest", "--db", str(demo_db), "--top", "15"])
    assert again.stdout == out.stdout


@pytest.mark.model
def test_demo_suggestions_skip_what_the_codebook_covers(demo_db, tmp_path):
    from tests.conftest import DEMO

    out = CliRunner().invoke(cli, ["codebook", "suggest", "--db", str(demo_db), "--top", "5",
                                   "--codebook", str(DEMO / "codebook.yaml")])
    assert out.exit_code == 0, out.output
    path = tmp_path / "more.yaml"
    path.write_text(out.stdout, encoding="utf-8")
    suggested = load_codebook(path).propositions
    assert suggested
    ids = {p.id for p in suggested}
    assert not ids & {"pipeline", "referendum", "drevnia", "landfall", "majority-stake", "route"}
