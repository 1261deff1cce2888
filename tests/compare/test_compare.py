"""Outlets compared: quote variants across outlets, whom outlets quote, whose stances they carry."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from stancemap import compare
from stancemap.cli import cli

GROUPS = [{"id": "g1", "kind": "near", "members": [
    {"article_id": "a1", "original": True}, {"article_id": "a3", "original": False}]}]


def q(qid, article, outlet, text, *, actor="ukr", published="2026-03-01", type="direct", name=None):
    return {"id": qid, "article_id": article, "outlet": outlet, "source": f"{article}.txt",
            "published": published, "type": type, "text": text, "cue": "said", "date": published,
            "start": 0, "actor_id": actor, "actor_name": name or actor, "speaker": name or actor}


# -- similarity and diff -----------------------------------------------------------------------


def test_word_diff_shows_the_changed_words():
    ops = compare.word_diff("Ukraine cannot be a member of NATO", "Ukraine should not be a member of NATO.")
    assert [op for op in ops if op[0] != "equal"] == [("replace", "cannot", "should not")]


def test_similarity_ignores_function_words_and_case():
    sim, cont = compare.similarity("The landfall MUST move to Marten Point.", "the landfall must move to marten point")
    assert sim == 1.0 and cont == 1.0
    sim, _ = compare.similarity("The landfall must move.", "Taxes on petrol will rise")
    assert sim < 0.2


# -- quote variants ----------------------------------------------------------------------------


def test_variants_group_one_statement_worded_by_two_outlets():
    rows = [q("q1", "a1", "Herald", "Ukraine cannot be a member of NATO"),
            q("q2", "a2", "Wire", "Ukraine should not be a member of NATO", published="2026-03-02",
              type="indirect")]
    [group] = compare.quote_variants(rows)
    assert group["reports"] == 2 and group["outlets"] == ["Herald", "Wire"]
    assert [m["quote_id"] for m in group["members"]] == ["q1", "q2"]
    assert group["members"][1]["type"] == "indirect" and group["members"][1]["cue"] == "said"
    [diff] = group["diffs"]
    assert diff["against"] == "q1" and diff["quote_id"] == "q2" and diff["relation"] == "variant"
    assert diff["changes"] == [{"a": "cannot", "b": "should not"}]


def test_variants_need_the_same_speaker_and_different_articles():
    text = "The landfall must move to Marten Point."
    other_speaker = [q("q1", "a1", "Herald", text), q("q2", "a2", "Wire", text, actor="lund")]
    same_article = [q("q1", "a1", "Herald", text), q("q2", "a1", "Herald", text)]
    unattributed = [q("q1", "a1", "Herald", text, actor=None), q("q2", "a2", "Wire", text, actor=None)]
    for rows in (other_speaker, same_article, unattributed):
        assert compare.quote_variants(rows) == []


def test_variants_threshold_edge():
    a = "Drevnia has used gas supplies as a political lever before"
    b = "Drevnia used its gas as a lever against its neighbours"
    sim, cont = compare.similarity(a, b)
    assert 0 < sim < 1 and cont < 1
    rows = [q("q1", "a1", "Herald", a), q("q2", "a2", "Wire", b)]
    assert len(compare.quote_variants(rows, threshold=sim, containment=1.01)) == 1
    assert compare.quote_variants(rows, threshold=sim + 0.001, containment=1.01) == []


def test_variants_find_a_fragment_inside_a_longer_quote():
    long = ("it would begin a seabed survey at Marten Point in May and that the change would add "
            "about 180 million crowns to the cost")
    short = "it would begin surveying the seabed off Marten Point in May"
    sim, cont = compare.similarity(long, short)
    assert sim < compare.DEFAULT_THRESHOLD and cont >= compare.DEFAULT_CONTAINMENT
    [group] = compare.quote_variants([q("q1", "a1", "Wire", long), q("q2", "a2", "Herald", short)])
    assert group["diffs"][0]["relation"] == "fragment"
    assert {"a": "and that the change would add about 180 million crowns to the cost", "b": ""} \
        in group["diffs"][0]["changes"]


def test_variants_too_short_a_fragment_is_no_match():
    rows = [q("q1", "a1", "Wire", "an alternative route was not realistic because the survey takes a year"),
            q("q2", "a2", "Herald", "not realistic")]
    assert compare.similarity(rows[0]["text"], rows[1]["text"])[1] == 0
    assert compare.quote_variants(rows) == []


def test_syndicated_copies_are_shown_but_not_counted():
    rows = [q("q1", "a1", "Wire", "Ukraine cannot be a member of NATO"),
            q("q3", "a3", "Gazette", "Ukraine cannot be a member of NATO", published="2026-03-02"),
            q("q2", "a2", "Herald", "Ukraine should not be a member of NATO", published="2026-03-03")]
    [group] = compare.quote_variants(rows, duplicate_groups=GROUPS)
    assert group["reports"] == 2 and group["outlets"] == ["Wire", "Herald"]
    copy = next(m for m in group["members"] if m["quote_id"] == "q3")
    assert copy["copy"] is True and copy["copy_of"] == "a1"
    assert not any(m["copy"] for m in group["members"] if m["quote_id"] != "q3")
    assert next(d for d in group["diffs"] if d["quote_id"] == "q3")["relation"] == "same"


def test_copies_alone_are_one_report():
    rows = [q("q1", "a1", "Wire", "Ukraine cannot be a member of NATO"),
            q("q3", "a3", "Gazette", "Ukraine cannot be a member of NATO", published="2026-03-02")]
    assert compare.quote_variants(rows, duplicate_groups=GROUPS) == []
    [group] = compare.quote_variants(rows, duplicate_groups=GROUPS, min_reports=1)
    assert group["reports"] == 1 and [m["copy"] for m in group["members"]] == [False, True]
    # without the grouping they are two independent reports
    assert compare.quote_variants(rows)[0]["reports"] == 2


def test_the_original_speaks_for_its_copies_even_when_a_copy_is_older():
    rows = [q("q3", "a3", "Gazette", "Ukraine cannot be a member of NATO", published="2026-02-28"),
            q("q1", "a1", "Wire", "Ukraine cannot be a member of NATO"),
            q("q2", "a2", "Herald", "Ukraine should not be a member of NATO", published="2026-03-03")]
    [group] = compare.quote_variants(rows, duplicate_groups=GROUPS)
    marks = {m["quote_id"]: (m["copy"], m["copy_of"]) for m in group["members"]}
    assert marks == {"q3": (True, "a1"), "q1": (False, None), "q2": (False, None)}
    assert {d["against"] for d in group["diffs"]} == {"q1"}


def test_variant_text_output_is_one_line_per_member_without_control_characters():
    rows = [q("q1", "a1", "Wire\x1b[31m", "Ukraine cannot be\na member of NATO"),
            q("q2", "a2", "Herald", "Ukraine should not be a member of NATO")]
    lines = compare.format_variants(compare.quote_variants(rows))
    assert not any("\x1b" in line or "\n" in line for line in lines)
    assert any("'cannot' -> 'should not'" in line for line in lines)


# -- sources and stance mix --------------------------------------------------------------------


def test_outlet_sources_counts_speakers_and_quote_types():
    rows = [q("q1", "a1", "Wire", "x", actor="lund", name="Ana Lund"),
            q("q2", "a1", "Wire", "y", actor="lund", name="Ana Lund", type="indirect"),
            q("q3", "a2", "Wire", "z", actor="berg", name="Per Berg", type="indirect"),
            q("q4", "a2", "Wire", "w", actor=None, type="mixed"),
            q("q5", "a4", None, "v", actor="berg", name="Per Berg")]
    sources = compare.outlet_sources(rows)
    assert list(sources) == ["Wire", compare.UNKNOWN_OUTLET]
    wire = sources["Wire"]
    assert (wire["quotes"], wire["articles"], wire["speakers"], wire["unattributed"]) == (4, 2, 2, 1)
    assert (wire["direct"], wire["indirect"], wire["mixed"]) == (1, 2, 1)
    assert (wire["direct_share"], wire["indirect_share"], wire["mixed_share"]) == (0.25, 0.5, 0.25)
    assert wire["actors"] == [{"actor_id": "lund", "actor": "Ana Lund", "count": 2, "share": 0.5},
                              {"actor_id": "berg", "actor": "Per Berg", "count": 1, "share": 0.25}]


def test_outlet_stance_mix_counts_polarities_per_proposition():
    def s(outlet, prop, polarity, actor):
        return {"outlet": outlet, "proposition": prop, "polarity": polarity, "actor_id": actor}

    mix = compare.outlet_stance_mix([s("Wire", "p", "support", "a"), s("Wire", "p", "support", "b"),
                                     s("Wire", "p", "oppose", "a"), s("Wire", "q", "oppose", "c"),
                                     s("Herald", "p", "oppose", "a")])
    assert mix == {"Wire": {"p": {"support": 2, "oppose": 1, "actors": 2},
                            "q": {"support": 0, "oppose": 1, "actors": 1}},
                   "Herald": {"p": {"support": 0, "oppose": 1, "actors": 1}}}


# -- the demo corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_data(demo_db):
    from stancemap.store import open_store

    with open_store(demo_db, readonly=True) as store:
        return compare.load(store)


def _sources(group):
    return {m["source"][:2] for m in group["members"]}


@pytest.mark.model
def test_demo_variants_across_outlets(demo_data):
    groups = compare.quote_variants(demo_data["quotes"], duplicate_groups=demo_data["duplicate_groups"])
    # Halvik's words on moving the landfall, as the wire service and the Herald each quote them
    listened = [g for g in groups if any("people of Kessel" in m["text"] for m in g["members"])
                and all(m["type"] == "direct" for m in g["members"])]
    assert len(listened) == 1 and _sources(listened[0]) == {"12", "13"}
    assert "Halvik" in listened[0]["speaker"] and len(listened[0]["outlets"]) == 2
    # the consortium's seabed survey, one wording contained in the other
    survey = [g for g in groups if any("Marten Point in May" in m["text"] for m in g["members"])]
    assert len(survey) == 1 and _sources(survey[0]) == {"12", "13"}
    assert survey[0]["speaker"] == "Northern Link Consortium"
    for g in groups:
        assert g["reports"] >= 2 and len({m["article_id"] for m in g["members"]}) >= 2


@pytest.mark.model
def test_demo_syndicated_story_counts_once(demo_data):
    """Article 09 is the agency's story 08, lightly edited: its quotes are copies, not reports."""
    assert demo_data["duplicate_groups"], "the demo corpus has one syndicated pair"
    groups = compare.quote_variants(demo_data["quotes"], duplicate_groups=demo_data["duplicate_groups"])
    assert not any(_sources(g) == {"08", "09"} for g in groups)
    copied = [g for g in compare.quote_variants(demo_data["quotes"], min_reports=1,
                                                duplicate_groups=demo_data["duplicate_groups"])
              if _sources(g) == {"08", "09"}]
    assert any("dependable supplier" in g["members"][0]["text"] for g in copied)
    for g in copied:
        assert g["reports"] == 1
        assert [m["copy"] for m in g["members"]] == [m["source"].startswith("09") for m in g["members"]]


@pytest.mark.model
def test_demo_sources_and_stance_mix(demo_data):
    sources = compare.outlet_sources(demo_data["quotes"])
    assert len(sources) == 7
    herald = sources["Velmora Herald"]
    assert "Mira Stenholt" in [a["actor"] for a in herald["actors"][:3]]
    for s in sources.values():
        assert sum(a["count"] for a in s["actors"]) + s["unattributed"] == s["quotes"]
    mix = compare.outlet_stance_mix(demo_data["stances"])
    propositions = {p for per in mix.values() for p in per}
    assert propositions <= {"approve-northern-link", "pipeline-referendum", "drevnia-reliable",
                            "reroute-kessel-bay", "state-majority-stake"}
    assert sum(c["support"] + c["oppose"] for per in mix.values() for c in per.values()) \
        == len(demo_data["stances"])


@pytest.mark.model
def test_compare_command(demo_db):
    runner = CliRunner()
    out = runner.invoke(cli, ["compare", "--db", str(demo_db), "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    groups = [json.loads(line) for line in out.stdout.splitlines()]
    assert groups and all(g["reports"] >= 2 for g in groups)
    text = runner.invoke(cli, ["compare", "--db", str(demo_db), "--what", "sources"])
    assert text.exit_code == 0 and "Velmora Herald:" in text.stdout
    stances = runner.invoke(cli, ["compare", "--db", str(demo_db), "--what", "stances", "--format", "jsonl"])
    assert stances.exit_code == 0
    assert {json.loads(line)["outlet"] for line in stances.stdout.splitlines()} >= {"Velmora Herald"}
    missing = runner.invoke(cli, ["compare", "--db", str(demo_db.parent / "missing.db")])
    assert missing.exit_code == 1 and "no such database" in missing.output
    assert "Example:" in runner.invoke(cli, ["compare", "--help"]).output
