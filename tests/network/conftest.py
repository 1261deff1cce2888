"""Fixtures of the network tests: a hand-made statement list, and the demo corpus analysed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap.network import Statement

DEMO = Path(__file__).resolve().parents[2] / "stancemap" / "demo" / "corpus"

NAMES = {"a": ("Alpha", "person"), "b": ("Beta", "organization"), "c": ("Gamma", "person"),
         "d": ("Delta", "country")}

# (id, article, actor, proposition, polarity, date, outlet)
ROWS = [
    ("s1", "art1", "a", "p", "support", "2026-01-05", "X"),
    ("s2", "art1", "a", "p", "support", "2026-01-05", "X"),  # same article: a duplicate of s1
    ("s3", "art2", "a", "q", "oppose", "2026-01-20", "Y"),
    ("s4", "art2", "b", "p", "support", "2026-01-20", "Y"),
    ("s5", "art3", "b", "q", "oppose", "2026-02-10", "X"),
    ("s6", "art3", "c", "p", "oppose", "2026-02-10", "X"),
    ("s7", "art4", "c", "q", "support", "2026-02-10", "X"),
    ("s8", "art5", "c", "q", "support", "2026-02-10", "X"),  # same outlet and day as s7
    ("s9", "art6", "d", "p", "support", None, "Z"),  # undated
]


def make_statements(rows=ROWS) -> list[Statement]:
    out = []
    for id_, article, actor, proposition, polarity, date, outlet in rows:
        name, kind = NAMES[actor]
        out.append(Statement(id=id_, article_id=article, actor_id=actor, actor=name, actor_type=kind,
                             proposition=proposition, polarity=polarity, date=date, outlet=outlet,
                             source=f"{article}.txt", title=f"Title of {article}",
                             evidence=f"Evidence {id_}", published=date))
    return out


@pytest.fixture
def statements():
    return make_statements()


# (article, actor name, actor id, proposition, polarity) stored by `small_db`
STORED = [
    (1, "Ana Lund", "lund", "plan", "support"), (1, "Per Berg", "berg", "plan", "support"),
    (2, "Ana Lund", "lund", "tax", "oppose"), (2, "Per Berg", "berg", "tax", "oppose"),
    (3, "Ida Cole", "cole", "plan", "oppose"),
]


@pytest.fixture
def small_db(fresh_db, make_result):
    """A database of three articles: Lund and Berg agree on plan and tax, Cole opposes plan."""
    from dataclasses import replace

    from stancemap.model import RunInfo

    fresh_db.start_run(RunInfo(id="r", started="t", model="m", workers=1, codebook=None, inputs=()))
    for number in (1, 2, 3):
        raw = f"Headline {number}\n\nMinister Ana Lund said the plan \u201cis not realistic\u201d.\nShare this"
        base = make_result(raw=raw)
        article = replace(base.article, published=f"2026-03-0{number}")
        actors, stances = [], []
        for n, name, actor_id, proposition, polarity in STORED:
            if n != number:
                continue
            actors.append(replace(base.actors[0], id=actor_id, name=name, aliases=(name,)))
            stances.append(replace(base.stances[0], id=f"{actor_id}-{number}", actor=name,
                                   actor_id=actor_id, proposition=proposition, polarity=polarity,
                                   quote_id=None))
        fresh_db.write_article(replace(base, article=article, actors=tuple(actors), quotes=(),
                                       stances=tuple(stances)), run_id="r", analysis_key="k")
    return fresh_db.target
