"""Table test of the scope rules' registry: for each named rule, invented sentences whose reading
the rule changes, with the stances it gives with the rule on and with the rule switched off."""

from __future__ import annotations

import pytest

from stancemap.stance import scope

from .test_detect import _stances, _triples
from .test_detect_rules import STADIUM

REED, OXFAM, GREENPEACE = "Tom Reed", "Oxfam", "Greenpeace"
BUILD, REFERENDUM, OWN = "build-stadium", "stadium-referendum", "council-ownership"

# rule -> (sentence, stances with the rule, stances without it)
TABLE = [
    ("circumstance", "Greenpeace demanded a referendum before the stadium vote.",
     {(GREENPEACE, REFERENDUM, "support")},
     {(GREENPEACE, REFERENDUM, "support"), (GREENPEACE, BUILD, "support")}),
    ("hedge", "Tom Reed said approval of the new stadium should be conditional on new roads.",
     set(), {(REED, BUILD, "support")}),
    ("acceptance", "Tom Reed acknowledged that the new stadium would bring jobs.",
     set(), {(REED, BUILD, "support")}),
    ("unless-condition", "Oxfam will oppose the stadium unless the council owns it.",
     {(OXFAM, OWN, "support")}, set()),
    ("conditional-clause", "Tom Reed said the council should own the stadium if the town pays for it.",
     set(), {(REED, OWN, "support")}),
    ("contrast", "Greenpeace wants the council, not private investors, to own the ground.",
     {(GREENPEACE, OWN, "support")}, {(GREENPEACE, OWN, "oppose")}),
    ("denied-opposition", "Greenpeace did not recommend rejecting the new stadium.",
     set(), {(GREENPEACE, BUILD, "support")}),
    ("denied-opposition", "Tom Reed is no opponent of the new stadium.", set(), {(REED, BUILD, "support")}),
    ("negated-reason", "Oxfam does not oppose the new stadium because it is big.",
     set(), {(OXFAM, BUILD, "support")}),
    ("threshold-condition", "Oxfam would not support the stadium if the council's stake fell below 51 percent.",
     {(OXFAM, OWN, "support")}, set()),
    ("described-actor",
     "Tom Reed, who has campaigned against the stadium, said the new stadium would bring jobs to the town.",
     {(REED, BUILD, "support")}, {(REED, BUILD, "oppose")}),
    ("conditional-attitude", "Greenpeace plans to back the stadium if the council owns it.",
     set(), {(GREENPEACE, BUILD, "support"), (GREENPEACE, OWN, "support")}),
    ("provided-condition", "Oxfam backs the stadium, provided the council owns it.",
     set(), {(OXFAM, BUILD, "support")}),
]
# Registered rules with no sentence here: reading the statement's own exclusions ("guarantees
# *without* membership") changed no reading on the dev set or on invented sentences so far.
UNTABLED = {"excluded-target"}


def test_every_rule_has_a_table_entry():
    assert {rule for rule, *_ in TABLE} | UNTABLED == set(scope.RULES)


@pytest.mark.model
@pytest.mark.parametrize(("rule", "text", "on", "off"), TABLE, ids=[f"{r}:{t[:30]}" for r, t, *_ in TABLE])
def test_rule_changes_the_reading(nlp, monkeypatch, rule, text, on, off):
    assert _triples(_stances(nlp, text, STADIUM)) == on
    monkeypatch.setattr(scope, "OFF", frozenset({rule}))
    assert _triples(_stances(nlp, text, STADIUM)) == off


def test_unknown_rule_name_is_an_error():
    with pytest.raises(KeyError, match="no scope rule"):
        scope.active("sometimes")
