"""Given-name genders from the shipped name-gender table."""

import pytest

from stancemap.actors.names import given_name_gender


@pytest.mark.parametrize("name,gender", [
    ("Ursula Lindqvist", "f"),
    ("Chancellor Olaf Brenner", "m"),
    ("Mette Halvorsen", "f"),
    ("Kim Lee", None),       # borne by men and women alike: the pronouns decide
    ("Lindqvist", None),     # a lone word may be a surname
    ("Zqxw Brenner", None),  # not in the table
])
def test_names_given_name_gender(name, gender):
    assert given_name_gender(name) == gender


@pytest.mark.model
def test_names_she_is_not_resolved_to_a_man_named_before_her(nlp):
    text = ("Donald Brenner met Ursula Lindqvist in Oslo. "
            "She said the harbour fees would rise next year.")
    doc = nlp(text)
    [quote] = doc.spans["stancemap_quotes"]
    assert doc._.sm_actors[quote._.sm_actor]["name"] == "Ursula Lindqvist"
