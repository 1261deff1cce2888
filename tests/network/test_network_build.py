"""Networks from a hand-made statement list; every expected weight is worked out by hand.

After the default duplicate rule (one statement per article, actor, proposition, polarity)
the counts a[actor][proposition][polarity] are:
  Alpha: p+ 1, q- 1 (n=2)   Beta: p+ 1, q- 1 (n=2)   Gamma: p- 1, q+ 2 (n=3)   Delta: p+ 1 (n=1)
"""

from dataclasses import replace

import pytest

from stancemap.network import NetworkError, onemode, twomode, windows
from stancemap.network.build import network


def weights(graph):
    return {tuple(sorted((u, v))): w for u, v, w in graph.edges(data="weight")}


def test_congruence_counts_shared_positions(statements):
    g = onemode(statements, type="congruence")
    assert weights(g) == {("a", "b"): 2, ("a", "d"): 1, ("b", "d"): 1}
    assert g.edges["a", "b"]["propositions"] == "p; q"
    assert g.edges["a", "d"]["propositions"] == "p"
    assert dict(g.nodes["c"]) == {"label": "Gamma", "type": "person", "statements": 3,
                                  "support": 2, "oppose": 1}


def test_conflict_multiplies_opposite_counts(statements):
    g = onemode(statements, type="conflict")
    # Alpha-Gamma: p (1 x 1) + q (1 x 2) = 3; Gamma-Delta: p (1 x 1)
    assert weights(g) == {("a", "c"): 3, ("b", "c"): 3, ("c", "d"): 1}
    assert g.edges["a", "c"]["congruence"] == 0 and g.edges["a", "c"]["conflict"] == 3


def test_subtract_is_signed(statements):
    g = onemode(statements, type="subtract")
    assert weights(g) == {("a", "b"): 2, ("a", "d"): 1, ("b", "d"): 1, ("a", "c"): -3,
                          ("b", "c"): -3, ("c", "d"): -1}


@pytest.mark.parametrize("normalization, expected", [
    ("none", {("a", "b"): 2, ("a", "d"): 1, ("b", "d"): 1}),
    # divided by (n_i + n_j) / 2
    ("average", {("a", "b"): 1.0, ("a", "d"): 2 / 3, ("b", "d"): 2 / 3}),
    # divided by m10 + m01 + m11: Alpha-Beta 0 + 0 + 2; Alpha-Delta 1 (q-) + 0 + 1
    ("jaccard", {("a", "b"): 1.0, ("a", "d"): 0.5, ("b", "d"): 0.5}),
    # divided by n_i * n_j
    ("cosine", {("a", "b"): 0.5, ("a", "d"): 0.5, ("b", "d"): 0.5}),
])
def test_congruence_normalizations(statements, normalization, expected):
    got = weights(onemode(statements, type="congruence", normalization=normalization))
    assert got == pytest.approx(expected)


@pytest.mark.parametrize("normalization, expected", [
    ("average", {("a", "c"): 3 / 2.5, ("b", "c"): 3 / 2.5, ("c", "d"): 1 / 2}),
    # Alpha-Gamma share no (proposition, polarity) concept: m10 = 2, m01 = 3, m11 = 0
    ("jaccard", {("a", "c"): 0.6, ("b", "c"): 0.6, ("c", "d"): 0.25}),
    ("cosine", {("a", "c"): 0.5, ("b", "c"): 0.5, ("c", "d"): 1 / 3}),
])
def test_conflict_normalizations(statements, normalization, expected):
    got = weights(onemode(statements, type="conflict", normalization=normalization))
    assert got == pytest.approx(expected)


def test_duplicate_rules(statements):
    # none: Alpha's two statements in art1 both count, p+ 2 -> Alpha-Beta 2*1 + 1 = 3
    g = onemode(statements, duplicates="none")
    assert weights(g)[("a", "b")] == 3 and weights(g)[("a", "d")] == 2
    assert g.nodes["a"]["statements"] == 3
    # outlet-day: s2 (X, 2026-01-05) and s8 (X, 2026-02-10) repeat s1 and s7 -> Gamma q+ 1
    g = onemode(statements, type="conflict", duplicates="outlet-day")
    assert weights(g) == {("a", "c"): 2, ("b", "c"): 2, ("c", "d"): 1}
    # the undated statement of Delta has no day to match on and is kept
    assert g.nodes["d"]["statements"] == 1
    with pytest.raises(NetworkError, match="duplicates"):
        onemode(statements, duplicates="story")


def test_start_end_filter(statements):
    g = onemode(statements, type="conflict", start="2026-02-01")
    assert weights(g) == {("b", "c"): 2}  # Beta q- 1 x Gamma q+ 2; undated Delta left out
    assert set(g.nodes) == {"b", "c"}
    g = onemode(statements, end="2026-01-31")
    assert weights(g) == {("a", "b"): 1}  # Beta's q- is dated 2026-02-10
    with pytest.raises(NetworkError, match="start 2026-03-01 is after end 2026-02-01"):
        onemode(statements, start="2026-03-01", end="2026-02-01")
    with pytest.raises(NetworkError, match="YYYY-MM-DD"):
        onemode(statements, start="March")


def test_partial_date_counts_as_its_first_day(statements):
    month = [replace(s, date="2026-02") if s.id == "s5" else s for s in statements]
    assert {s for s in onemode(month, type="conflict", start="2026-02-01", end="2026-02-01").nodes} == {"b"}


def test_twomode_qualifiers(statements):
    g = twomode(statements)
    assert g.edges["actor:c", "proposition:q"]["weight"] == 2
    assert g.edges["actor:c", "proposition:q"]["polarity"] == "support"
    assert g.nodes["actor:a"]["kind"] == "actor" and g.nodes["proposition:p"]["kind"] == "proposition"
    assert g.nodes["proposition:p"]["support"] == 3 and g.nodes["proposition:p"]["oppose"] == 1
    assert g.number_of_edges() == 7
    sub = twomode(statements, qualifier="subtract")
    assert sub.edges["actor:c", "proposition:p"]["weight"] == -1
    assert sub.edges["actor:c", "proposition:q"]["weight"] == 2
    only = twomode(statements, qualifier="oppose")
    assert sorted(only.edges) == [("actor:a", "proposition:q"), ("actor:b", "proposition:q"),
                                  ("actor:c", "proposition:p")]
    assert twomode(statements, duplicates="none").edges["actor:a", "proposition:p"]["weight"] == 2


def test_twomode_mixed_polarity(statements):
    extra = replace(statements[0], id="s10", article_id="art7", polarity="oppose", date="2026-03-01")
    g = twomode(statements + [extra])
    edge = g.edges["actor:a", "proposition:p"]
    assert (edge["polarity"], edge["weight"], edge["support"], edge["oppose"]) == ("mixed", 2, 1, 1)
    assert twomode(statements + [extra], qualifier="subtract").edges["actor:a", "proposition:p"]["weight"] == 0


def test_windows_build_one_network_per_period(statements):
    out = windows(statements, 31, 31, type="conflict")
    assert [(start, end) for start, end, _ in out] == [("2026-01-05", "2026-02-04"),
                                                       ("2026-02-05", "2026-03-07")]
    assert weights(out[0][2]) == {}
    assert weights(out[1][2]) == {("b", "c"): 2}
    sliding = windows(statements, 20, 10)
    assert [s for s, _, _ in sliding] == ["2026-01-05", "2026-01-15", "2026-01-25"]
    assert weights(sliding[1][2]) == {}  # only 2026-01-20: Alpha q-, Beta p+
    with pytest.raises(NetworkError):
        windows(statements, 0, 1)


def test_invalid_options_are_named(statements):
    with pytest.raises(NetworkError, match="normalization"):
        onemode(statements, normalization="z-score")
    with pytest.raises(NetworkError, match="type"):
        onemode(statements, type="twomode")
    with pytest.raises(NetworkError, match="qualifier"):
        twomode(statements, qualifier="ignore")
    with pytest.raises(NetworkError, match="twomode"):
        network(statements, type="twomode", normalization="jaccard")


def test_empty_input_gives_empty_graphs():
    assert onemode([]).number_of_nodes() == 0
    assert twomode([]).number_of_nodes() == 0
    assert windows([], 7, 7) == []
