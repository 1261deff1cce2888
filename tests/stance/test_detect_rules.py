"""Table tests for the rules added for the demo corpus, on a third debate (a stadium in the
fictional town of Ashford): each rule with the sentences it should change and negatives."""

from __future__ import annotations

import pytest

from stancemap.model import Codebook, Proposition

from .test_detect import _stances, _triples

STADIUM = Codebook(
    path="stadium.yaml",
    propositions=(
        Proposition(id="build-stadium", statement="Ashford should build the new stadium.",
                    keywords=("stadium", "vote against"),
                    support_examples=("The stadium will bring jobs to the town.",),
                    oppose_examples=("We do not need a new stadium at all.",)),
        Proposition(id="stadium-referendum", statement="The stadium decision should be put to a referendum.",
                    keywords=("referendum", "ask the people"),
                    support_examples=("Let the people decide.",),
                    oppose_examples=("A referendum on a building project would be a mistake.",)),
        Proposition(id="council-ownership", statement="The council should own the stadium.",
                    keywords=("public ownership", "majority stake"),
                    support_examples=("Public money means public ownership.",),
                    oppose_examples=("The council should be a referee, not a player.",)),
    ),
)

CASES = [
    # a target inside another proposition's target phrase takes no position of its own
    ("Greenpeace called for a referendum on the stadium.",
     {("Greenpeace", "stadium-referendum", "support")}),
    ("Greenpeace called for the new stadium.", {("Greenpeace", "build-stadium", "support")}),
    # an attitude phrase that starts at the target word itself ("vote" is a keyword)
    ("Oxfam will vote against it.", {("Oxfam", "build-stadium", "oppose")}),
    ("Oxfam will not vote against it.", {("Oxfam", "build-stadium", "support")}),
    # a sentence restating an example takes the example's label
    ("\"The council should be a referee, not a player,\" said Tom Reed.",
     {("Tom Reed", "council-ownership", "oppose")}),
    ("\"The council should own it,\" said Tom Reed.", {("Tom Reed", "council-ownership", "support")}),
    # a speaker stating their own group's position: both hold it
    ("Tom Reed, the leader of Greenpeace, said his party opposes the new stadium.",
     {("Tom Reed", "build-stadium", "oppose"), ("Greenpeace", "build-stadium", "oppose")}),
    ("Tom Reed, the leader of Greenpeace, said Oxfam opposes the new stadium.",
     {("Oxfam", "build-stadium", "oppose")}),
    # a purpose clause takes the main clause's subject as holder
    ("Greenpeace will hold rallies to demand a referendum.",
     {("Greenpeace", "stadium-referendum", "support")}),
    ("Greenpeace will hold rallies whether or not there is a referendum.", set()),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_detect_rules_stadium(nlp, text, expected):
    assert _triples(_stances(nlp, text, STADIUM)) == expected
