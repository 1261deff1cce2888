"""Statements and their holders, on invented sentences: quotes go to their speaker, narration to
the actor the sentence makes its agent, never to the outlet, a reporter or a possessor."""

from __future__ import annotations

import pytest

from stancemap.model import CleanArticle, Quote, Segment, content_id
from stancemap.stance.statements import find_statements

from .test_detect import _actors

pytestmark = pytest.mark.model


def _article(text: str, outlet: str | None = None) -> CleanArticle:
    return CleanArticle(id=content_id(text), source="t.txt", path="t.txt", format="text", raw_text=text,
                        text=text, segments=(Segment(start=0, raw_start=0, length=len(text)),),
                        outlet=outlet, published="2025-05-01")


def _holders(nlp, text, outlet=None, quotes=()):
    article = _article(text, outlet)
    found = find_statements(nlp(text), article, _actors(text), list(quotes))
    return [(s.text, sorted((h.name, h.via) for h in s.holders)) for s in found]


CASES = [
    # the subject of the clause holds the position stated in narration
    ("Greenpeace pushed to scrap the congestion charge.", [("Greenpeace", "subject")]),
    ("On Monday the European Commission proposed to keep the tram fares.", [("European Commission", "subject")]),
    # conjoined subjects each hold it
    ("Portugal and Greece reject the plan.", [("Greece", "subject"), ("Portugal", "subject")]),
    # a name inside a longer subject phrase ("Mayor Alice Brown")
    ("Mayor Alice Brown backed the charge on Monday.", [("Alice Brown", "subject")]),
    # the agent of a passive holds it; the passive subject undergoes it
    ("The runway was opposed by Friends of the Earth.", [("Friends of the Earth", "agent")]),
    # objects and possessors are not holders
    ("The council criticised Oxfam over the charge.", []),
    ("Oxfam's campaign drew a large crowd.", []),
    # an actor that only reports is not the holder of what it reports
    ("Greenpeace reported that the charge had been dropped.", []),
    # the members a sentence lists for the group that is its agent hold the group's position
    ("Six MPs backed the bill, including Lena Holt and Tom Reed.", [("Lena Holt", "member"), ("Tom Reed", "member")]),
    ("Supporters of the bill include Lena Holt and Tom Reed.", [("Lena Holt", "member"), ("Tom Reed", "member")]),
    ("The levy was opposed by groups such as Oxfam and Greenpeace.", [("Greenpeace", "member"), ("Oxfam", "member")]),
    ("Critics like Tom Reed oppose the levy.", [("Tom Reed", "member")]),
    ("Four MPs backed the bill: Lena Holt, Tom Reed and Kaspar Veldt.",
     [("Kaspar Veldt", "member"), ("Lena Holt", "member"), ("Tom Reed", "member")]),
    # ... but not the members of an object of the clause
    ("The ministry imposed tariffs on countries including Portugal, Greece and Austria.", []),
    ("The president met leaders including Lena Holt.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_narration_holders(nlp, text, expected):
    found = _holders(nlp, text)
    got = found[0][1] if found else []
    assert got == expected


def test_the_outlet_never_holds_a_position(nlp):
    text = "Greenpeace said the charge must go. Oxfam backed the charge."
    found = _holders(nlp, text, outlet="Greenpeace")
    assert found == [("Oxfam backed the charge.", [("Oxfam", "subject")])]


def test_every_sentence_of_a_quote_goes_to_its_speaker(nlp):
    text = '"The charge is a disaster. We will fight it," Tom Reed said. The mayor disagreed.'
    actors = _actors(text)
    reed = next(a for a in actors if a.name == "Tom Reed")
    start, end = 1, text.index(',"') + 1
    quote = Quote(id="q1", article_id="a", type="direct", text=text[start:end], start=start, end=end,
                  speaker="Tom Reed", actor_id=reed.id)
    found = _holders(nlp, text, quotes=[quote])
    assert [h for _, h in found] == [[("Tom Reed", "quote")], [("Tom Reed", "quote")]]


def test_an_actor_named_inside_a_quote_is_not_its_holder(nlp):
    text = '"Oxfam opposes the charge," Tom Reed said.'
    actors = _actors(text)
    reed = next(a for a in actors if a.name == "Tom Reed")
    end = text.index(',"') + 1
    quote = Quote(id="q1", article_id="a", type="direct", text=text[1:end], start=1, end=end,
                  speaker="Tom Reed", actor_id=reed.id)
    assert [h for _, h in _holders(nlp, text, quotes=[quote])] == [[("Tom Reed", "quote")]]
