"""Attribution rules added for recall: one invented sentence per rule, with what must come out."""

import pytest

from stancemap.nlp.datelines import dateline_spans

pytestmark = pytest.mark.model


def _quotes(nlp, text):
    doc = nlp(text)
    actors = doc._.sm_actors or {}
    out = []
    for span in doc.spans["stancemap_quotes"]:
        words = " ".join(doc.text[a:b] for a, b in span._.sm_parts)
        mention = span._.sm_speaker.text if span._.sm_speaker is not None else None
        out.append((span._.sm_type, words, actors.get(span._.sm_actor, {}).get("name"), mention))
    return out


# (text, [(quoted or reported words, speaker mention)])
RULES = [
    # "A; X says B": the clause after the cue is the statement
    ("It is an unlikely scenario; the mayor's team says she will continue her campaign later this week.",
     [("she will continue her campaign later this week", "the mayor's team")]),
    # a joined cue with its own subject starts another statement
    ("Fishermen said they're increasingly convinced the council mishandled the investigation and the mayor "
     "accused the union of stoking fears.",
     [("they're increasingly convinced the council mishandled the investigation", "Fishermen"),
      ("the union of stoking fears", "the mayor")]),
    # "X called Y Z": the subject may be a person noun or a noun with a name beside it
    ("His former business partner, Lars B. Vik, called him a master at bolting together impossible deals.",
     [("him a master at bolting together impossible deals", "Lars B. Vik")]),
    ("The mayor's doctor called the candidate extremely fit.", [("the candidate extremely fit", "The mayor's doctor")]),
    # boasting and touting are statements
    ("Mayor Olsen bragged that the harbour had never been busier.",
     [("the harbour had never been busier", "Olsen")]),
    ("The port authority touted the new pier as a model for the region.",
     [("the new pier as a model for the region", "The port authority")]),
    # a "that" clause the parser hangs on the source noun
    ("The port authority said in a statement that the harbour would reopen next week.",
     [("the harbour would reopen next week", "The port authority")]),
    # passive "quoted as saying"
    ("Olsen was quoted as saying that the harbour would stay open.", [("the harbour would stay open", "Olsen")]),
    # a participle cue the parser hung on the reported clause keeps the first cue's speaker
    ("The fishermen argued that the harbour should stay open, saying the closure would ruin them.",
     [("the harbour should stay open", "The fishermen"), ("the closure would ruin them", "The fishermen")]),
]


@pytest.mark.parametrize("text,expected", RULES)
def test_attribution_rule(nlp, text, expected):
    assert [(w, m) for _, w, _, m in _quotes(nlp, text)] == expected


@pytest.mark.parametrize("text", [
    # wanting, planning and supporting are positions, not statements
    "Mayor Olsen wants to keep the harbour open.",
    "The fishermen's union does not support the new harbour fees.",
    "The ministry declined to provide details.",
    # naming without a speaker noun: the plan is not an actor
    "The plan called the bridge a landmark.",
])
def test_intent_verbs_are_not_statements(nlp, text):
    assert _quotes(nlp, text) == []


def test_relative_pronoun_speaker_resolves_to_its_noun(nlp):
    found = _quotes(nlp, "Mayor Olsen, who insisted that the harbour would stay open, left early.")
    assert found == [("indirect", "the harbour would stay open", "Olsen", "who")]


def test_inverted_said_with_colon_names_the_speaker_after_it(nlp):
    text = ("The fees will make the code more complicated. Said Larsen: \u201cI don\u2019t get the sense she "
            "is interested in harbour reform.\u201d")
    [(kind, words, speaker, mention)] = _quotes(nlp, text)
    assert (kind, speaker, mention) == ("direct", "Larsen", "Larsen") and words.startswith("I don")


def test_parenthetical_cue_with_an_adverb(nlp):
    [(kind, words, _, mention)] = _quotes(nlp, "The fees, she said on Monday, were far too high.")
    assert (kind, words, mention) == ("indirect", "The fees were far too high", "she")


def test_parenthetical_cognition_cue(nlp):
    [(kind, words, _, mention)] = _quotes(nlp, "Voters in the north, the poll found, have abandoned the party.")
    assert (kind, words, mention) == ("indirect", "Voters in the north have abandoned the party", "the poll")


def test_dash_attribution_after_a_no_break_space(nlp):
    text = "\u201cThe harbour must stay open.\u201d \u2015\u00a0Jorge Olsen\n\u201cWe can build a pier.\u201d \u2015\u00a0Mia Larsen"
    assert [(w, s) for _, w, s, _ in _quotes(nlp, text)] == [
        ("The harbour must stay open.", "Jorge Olsen"), ("We can build a pier.", "Mia Larsen")]


@pytest.mark.parametrize("text,place", [
    ("SARNHOLM \u2014 The council said on Monday that the harbour would stay open.", "SARNHOLM"),
    ("KYIV (Reuters) - The ministry said the talks would resume.", "KYIV"),
    ("KOLVASK, March 3 (CWS) - Drevnian officials said the border would reopen.", "KOLVASK"),
    ("NEW YORK -- The council said the fees would fall.", "NEW YORK"),
])
def test_dateline_places_are_never_actors_or_speakers(nlp, text, place):
    assert [text[a:b] for a, b in dateline_spans(text)] == [place]
    doc = nlp(text)
    names = {info["name"].upper() for info in (doc._.sm_actors or {}).values()}
    assert place not in names
    [(_, _, _, mention)] = _quotes(nlp, text)
    assert place not in (mention or "").upper()


@pytest.mark.parametrize("text", ["NATO said - in a statement - that it would act.", "The EU - and its members - agreed."])
def test_capitalized_words_opening_a_sentence_are_not_datelines(text):
    assert dateline_spans(text) == []


def test_capital_and_demonym_map_to_a_country_only_where_the_article_says_so(nlp):
    text = ("KOLVASK, March 3 (CWS) - Drevnian officials said the border would reopen. "
            "Kolvask, the Drevnian capital, has long argued that the tariffs hurt trade.")
    found = _quotes(nlp, text)
    assert [s for _, _, s, _ in found] == ["Drevnian", "Drevnian"]  # one country, the city stands for it
    named = ("Drevnia has closed the border. Kolvask, the capital of Drevnia, said the tariffs hurt trade.")
    assert [s for _, _, s, _ in _quotes(nlp, named)] == ["Drevnia"]
    # without the article saying so, an unknown city is itself
    assert [s for _, _, s, _ in _quotes(nlp, "Kolvask said the tariffs hurt trade.")] == ["Kolvask"]


def test_quoted_title_lines_do_not_continue_the_speaker(nlp):
    text = ('"We will fight for the harbour," Olsen said.\n\n"All Bets Are Off."\n\n'
            '"The harbour stays open. Fees will fall."')
    found = [(w, s) for _, w, s, _ in _quotes(nlp, text)]
    assert found == [("We will fight for the harbour", "Olsen")]
    doc = nlp(text)
    assert doc._.sm_dropped.get("quoted title") == 1


def test_quoted_statement_after_a_statement_continues_the_speaker(nlp):
    text = '"We will fight for the harbour," Olsen said.\n\n"The harbour stays open. Fees will fall."'
    assert [s for _, _, s, _ in _quotes(nlp, text)] == ["Olsen", "Olsen"]


def test_dash_attribution_right_after_the_closing_mark(nlp):
    text = ("\u201cHe makes blanket statements about people.\u201d\u2015 Pamela Ortiz\n"
            "\u201cWe must stop the tolls.\u201d\u2015Carla Mendez.")
    assert [(w, s) for _, w, s, _ in _quotes(nlp, text)] == [
        ("He makes blanket statements about people.", "Pamela Ortiz"), ("We must stop the tolls.", "Carla Mendez")]


@pytest.mark.parametrize("text,places", [
    ("Kolvask, 8 January 2024 (CWS/MIA) \u2014 Chancellor Ana Lund said the border would reopen.", ["Kolvask"]),
    ("Sarnholm (CWS) - Mayor Jorge Olsen said the harbour would close.", ["Sarnholm"]),
    ("Sarnholm, March 3 \u2014 the harbour closed.", ["Sarnholm"]),
    ("Sarnholm - the harbour closed on Monday.", []),  # no date, no agency: may be a sentence
    ("Peter Halvik, 54, - a fisherman, said no.", []),
])
def test_title_case_datelines(text, places):
    assert [text[a:b] for a, b in dateline_spans(text)] == places
