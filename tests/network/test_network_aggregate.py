"""The actor x proposition table and the camps, on the hand-made statements of conftest.py."""

import pytest

from stancemap.network import NetworkError, aggregate, coalitions


def rows_by(rows, *keys):
    return {tuple(r[k] for k in keys): r for r in rows}


def test_aggregate_counts_every_statement(statements):
    rows = rows_by(aggregate(statements), "actor_id", "proposition")
    assert len(rows) == 7
    assert rows[("a", "p")] == {
        "actor_id": "a", "actor": "Alpha", "proposition": "p", "support": 2, "oppose": 0, "net": 2,
        "first": "2026-01-05", "last": "2026-01-05", "articles": 1, "outlets": 1,
        "evidence": ["s1", "s2"]}
    gamma = rows[("c", "q")]
    assert (gamma["support"], gamma["articles"], gamma["outlets"], gamma["evidence"]) == (2, 2, 1, ["s7", "s8"])
    assert rows[("c", "p")]["net"] == -1
    assert rows[("d", "p")]["first"] is None and rows[("d", "p")]["last"] is None
    assert [r["actor"] for r in aggregate(statements)][:3] == ["Alpha", "Alpha", "Beta"]


@pytest.mark.parametrize("window, period", [
    ("day", "2026-02-10"), ("week", "2026-W07"), ("month", "2026-02"), ("year", "2026")])
def test_aggregate_by_window(statements, window, period):
    rows = rows_by(aggregate(statements, window=window), "actor_id", "proposition", "period")
    assert rows[("c", "q", period)]["support"] == 2
    assert rows[("d", "p", None)]["support"] == 1  # undated: its own row, sorted last


def test_aggregate_month_splits_periods(statements):
    rows = aggregate(statements + [statements[0].__class__(
        id="s11", article_id="art9", actor_id="a", actor="Alpha", actor_type="person",
        proposition="p", polarity="oppose", date="2026-03")], window="month")
    alpha_p = [(r["period"], r["support"], r["oppose"]) for r in rows if r["actor_id"] == "a" and r["proposition"] == "p"]
    assert alpha_p == [("2026-01", 2, 0), ("2026-03", 0, 1)]
    with pytest.raises(NetworkError, match="window"):
        aggregate(statements, window="decade")


def test_coalitions_split_the_camps(statements):
    camps = coalitions(statements)
    # positive subtract edges: Alpha-Beta 2, Alpha-Delta 1, Beta-Delta 1; Gamma has none
    assert [[a["name"] for a in c["actors"]] for c in camps] == [["Alpha", "Beta", "Delta"], ["Gamma"]]
    first, second = camps
    assert (first["id"], first["supports"], first["opposes"]) == (1, ["p"], ["q"])
    assert first["cohesion"] == 1.0 and first["statements"] == 5
    assert (second["supports"], second["opposes"], second["cohesion"]) == (["q"], ["p"], None)
    assert coalitions(list(reversed(statements))) == camps  # deterministic
    with pytest.raises(NetworkError):
        coalitions(statements, type="congruence")


def test_coalitions_cohesion_counts_disagreements(statements):
    # Beta also opposes p in a new article: inside camp 1, Beta now clashes with Alpha and Delta
    extra = statements[3].__class__(id="s12", article_id="art8", actor_id="b", actor="Beta",
                                    actor_type="organization", proposition="p", polarity="oppose",
                                    date="2026-03-02")
    camps = coalitions(statements + [extra])
    first = camps[0]
    assert [a["id"] for a in first["actors"]] == ["a", "b", "d"]
    # agreements: A-B 2, A-D 1, B-D 1 = 4; disagreements: A-B 1 (p+ x p-), B-D 1 = 2
    assert first["cohesion"] == pytest.approx((4 - 2) / (4 + 2))
