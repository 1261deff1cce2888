"""Quote extraction on small texts: (text, expected quotes) tables with negatives."""

import pytest

pytestmark = pytest.mark.model


def _quotes(nlp, text):
    doc = nlp(text)
    actors = doc._.sm_actors or {}
    out = []
    for span in doc.spans["stancemap_quotes"]:
        words = " ".join(doc.text[a:b] for a, b in span._.sm_parts)
        speaker = actors.get(span._.sm_actor, {}).get("name")
        out.append((span._.sm_type, words, speaker, span._.sm_speaker.text if span._.sm_speaker else None))
    return out


# (text, [(type, quoted words, speaker)])
DIRECT = [
    ("\u201cWe will not give up our land,\u201d Zelensky said.",
     [("direct", "We will not give up our land", "Zelensky")]),
    ('"Peace is possible," said Witkoff.', [("direct", "Peace is possible", "Witkoff")]),
    ("Zelensky said: \u201cWe will not give up our land.\u201d",
     [("direct", "We will not give up our land.", "Zelensky")]),
    ("Il a dit: \u00abNous ne c\u00e9derons pas.\u00bb Emmanuel Macron said.",
     [("direct", "Nous ne c\u00e9derons pas.", "Emmanuel Macron")]),
    ("\u201eWir geben nicht auf\u201c, Olaf Scholz said.", [("direct", "Wir geben nicht auf", "Olaf Scholz")]),
    ("'We will win,' Mark Rutte said.", [("direct", "We will win", "Mark Rutte")]),
    ("\u201cI told them: \u2018Shoot them down.\u2019\u201d Zaluzhny said.",
     [("direct", "I told them: \u2018Shoot them down.\u2019", "Zaluzhny")]),
    # quote before and after a cue in one sentence, and split by a cue across sentences: one quote
    ("\u201cWe will not give up,\u201d Zelensky said, \u201cand we will win.\u201d",
     [("direct", "We will not give up and we will win.", "Zelensky")]),
    ("\u201cWe will not give up,\u201d Zelensky said at the press conference. \u201cNever.\u201d",
     [("direct", "We will not give up Never.", "Zelensky")]),
    # quote with a dash attribution
    ("\u201cPeace is possible.\u201d \u2015 Jane Doe", [("direct", "Peace is possible.", "Jane Doe")]),
]

NEGATIVES = [
    "He read \u201cWar and Peace\u201d on the train.",
    "Supporters chanted \u201cLock her up\u201d at the rally.",
    "The so-called \u201cpeace plan\u201d was published on Monday.",
    "The \u201cMake America Great Again\u201d hats sold out.",
    "Ukraine\u2019s \u201cvictory plan\u201d has five points.",
    "The weather was cold in Brussels on Monday.",
    # reactions to a thing, not statements
    "The Chamber of Commerce welcomed the signing.",
    "The minister rejected the report's conclusions on Tuesday.",
    # negated cues and infinitives of obligation report no statement
    "Minister Ana Lund did not disclose the next steps of the harbour plan.",
    "Mayor Jorge Olsen hasn't said whether the harbour fees will rise.",
    "The new law requires harbour operators to report incidents to the council within 15 days.",
]


@pytest.mark.parametrize("text,expected", DIRECT)
def test_quotes_direct_styles(nlp, text, expected):
    assert [(t, w, s) for t, w, s, _ in _quotes(nlp, text)] == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_quotes_scare_quotes_titles_slogans_are_not_statements(nlp, text):
    assert _quotes(nlp, text) == []


INDIRECT = [
    ("US Defense Secretary Pete Hegseth said NATO membership for Ukraine was not realistic.",
     ("indirect", "NATO membership for Ukraine was not realistic", "Pete Hegseth")),
    ("Mark Rutte told reporters that Ukraine would eventually become a member.",
     ("indirect", "Ukraine would eventually become a member", "Mark Rutte")),
    ("According to Kremlin spokesman Dmitry Peskov, the talks were useful.",
     ("indirect", "the talks were useful", "Dmitry Peskov")),
    ("The talks were useful, according to Peskov.", ("indirect", "The talks were useful", "Peskov")),
    ("The talks were useful, Peskov said.", ("indirect", "The talks were useful", "Peskov")),
    ("Moscow has cited NATO expansion as a reason for the war.",
     ("indirect", "NATO expansion as a reason for the war", "Russia")),
    ("Italian Prime Minister Giorgia Meloni proposed extending Article 5 to Ukraine.",
     ("indirect", "extending Article 5 to Ukraine", "Giorgia Meloni")),
    # a quoted fragment inside the reported clause makes one mixed quote, not a direct one
    ("Rutte said the allies did \u201ctake note\u201d of the plan.",
     ("mixed", "the allies did \u201ctake note\u201d of the plan", "Rutte")),
    # content in the previous sentence
    ("Ukraine is ready for peace. This was stated by Foreign Minister Andrii Sybiha.",
     ("indirect", "Ukraine is ready for peace", "Andrii Sybiha")),
    # headline cue
    ("Witkoff says Article 5 protection could be part of a deal\n\nThe talks went on.",
     ("indirect", "Article 5 protection could be part of a deal", "Witkoff")),
    # noun cue
    ("Russia's claim that the sanctions had failed was repeated on Monday.",
     ("indirect", "the sanctions had failed", "Russia")),
]


@pytest.mark.parametrize("text,expected", INDIRECT)
def test_quotes_indirect_forms(nlp, text, expected):
    found = [(t, w, s) for t, w, s, _ in _quotes(nlp, text)]
    assert expected in found


SPEAKERS = [
    # pronoun at the cue: mention is the pronoun, actor the antecedent
    ("Mark Rutte arrived in Kyiv on Monday.\n\n\u201cThe plan has many aspects,\u201d he said.", "he", "Mark Rutte"),
    ("Ursula von der Leyen spoke in Brussels. \u201cEurope stands with Ukraine,\u201d she said.",
     "she", "Ursula von der Leyen"),
    # role descriptions resolved to the actor holding the role
    ("U.S. Special Envoy Steve Witkoff met Putin on Friday. The special envoy said the meeting was productive.",
     "The special envoy", "Steve Witkoff"),
    ("Ukrainian President Volodymyr Zelensky met the leaders. The Ukrainian president told reporters that "
     "the war must end.", "The Ukrainian president", "Volodymyr Zelensky"),
    ("The New York Times reported on the talks on Monday. The newspaper said the deal was close.",
     "The newspaper", "New York Times"),
    # metonymy
    ("Kyiv says Western aid is coming too slowly.", "Kyiv", "Ukraine"),
    ("Romanian officials said the drones were Russian.", "Romanian officials", "Romania"),
    # relative pronoun: the mention is "who", the actor the noun it modifies
    ("This follows remarks by Pete Hegseth, who has said that NATO membership is unrealistic.", "who",
     "Pete Hegseth"),
    # a role with the name in apposition: the name is the mention
    ("The union backed the plan. Its general secretary, Maria Lopez, said the strike would end on Friday.",
     "Maria Lopez", "Maria Lopez"),
    ("France's ambassador to Germany, Claire Dubois, told reporters that the talks would resume.",
     "Claire Dubois", "Claire Dubois"),
    # a dateline place parsed as a second subject is not the speaker
    ("OTTAWA, March 3 (Reuters) - Prime Minister Mark Carney said on Monday his government would cut taxes.",
     "Mark Carney", "Mark Carney"),
    # a person of an organization: the person speaks
    ("Jane Porter of Greenpeace said the government was failing the coast.", "Jane Porter", "Jane Porter"),
    # a body named earlier by its full name, later by its head noun
    ("The Federal Trade Commission opened an inquiry in May. The commission said the merger would raise prices.",
     "The commission", "Federal Trade Commission"),
    # a demonym formed from a country of the article stands for it
    ("Freedonia cut gas supplies to Sylvania in 2019. Freedonian officials denied that the cut was deliberate.",
     "Freedonian officials", "Freedonia"),
    # analysts, embassies and spokesmen of a named body stand for it
    ("Analysts at Goldman Sachs said the market was pricing in a rate cut.", "Analysts at Goldman Sachs",
     "Goldman Sachs"),
    ("Health Minister Anna Berg visited the hospital. A spokesman for her ministry said the ward would reopen.",
     "A spokesman for her ministry", "Health Ministry"),
]


@pytest.mark.parametrize("text,mention,speaker", SPEAKERS)
def test_quotes_speaker_mentions_resolve(nlp, text, mention, speaker):
    found = [(m, s) for _, _, s, m in _quotes(nlp, text)]
    assert (mention, speaker) in found


def test_quotes_paragraph_quote_follows_established_speaker(nlp):
    text = ("\u201cEurope stands with Ukraine,\u201d Ursula von der Leyen said in Brussels.\n\n"
            "\u201cWe will keep our promise to the people of Ukraine.\u201d")
    found = _quotes(nlp, text)
    assert [(t, s) for t, _, s, _ in found] == [("direct", "Ursula von der Leyen")] * 2


def test_quotes_multi_paragraph_quote_is_one_quote_per_paragraph(nlp):
    # the annotation convention: one entry per paragraph, the later ones with no cue
    text = ("Zelensky said:\n\n\u201cWe will not give up our land.\n\n"
            "\u201cWe will rebuild every city.\u201d")
    found = _quotes(nlp, text)
    assert [(t, w, s) for t, w, s, _ in found] == [
        ("direct", "We will not give up our land.", "Zelensky"),
        ("direct", "We will rebuild every city.", "Zelensky")]
    doc = nlp(text)
    assert [s._.sm_cue.text if s._.sm_cue is not None else None
            for s in doc.spans["stancemap_quotes"]] == ["said", None]


def test_quotes_lower_case_quote_after_a_speech_verb_is_direct(nlp):
    text = 'The minister said "the deadline cannot move." Then she left.'
    found = [(t, w) for t, w, _, _ in _quotes(nlp, text)]
    assert found == [("direct", "the deadline cannot move.")]


@pytest.mark.parametrize("text, words", [
    ('The minister told reporters that "the deadline cannot move." Then she left.', "the deadline cannot move."),
    ('He underscored that "Greenland cannot be sold," rebuking the plan.', "Greenland cannot be sold"),
])
def test_quotes_quote_after_a_cue_and_that_is_direct(nlp, text, words):
    found = [(t, w) for t, w, _, _ in _quotes(nlp, text)]
    assert found == [("direct", words)]


def test_quotes_colon_closing_a_clause_with_a_named_subject_introduces_the_quote(nlp):
    text = 'Jane Doe framed the plan as a compromise:\n\u201cWe can live with this. It works for everyone.\u201d'
    assert [(t, w, s) for t, w, s, _ in _quotes(nlp, text)] == [
        ("direct", "We can live with this. It works for everyone.", "Jane Doe")]


def test_quotes_colon_closing_a_clause_without_an_actor_subject_introduces_nothing(nlp):
    text = 'The list includes three items:\n\u201cWe can live with this. It works for everyone.\u201d'
    assert all(s is None for _, _, s, _ in _quotes(nlp, text))


def test_quotes_that_before_a_quoted_fragment_of_a_paraphrase_stays_indirect(nlp):
    text = 'She said that the union "would not sign" the deal.'
    assert all(t != "direct" for t, _, _, _ in _quotes(nlp, text))


def test_quotes_quoted_fragment_after_a_cue_inside_a_reported_clause_stays_indirect(nlp):
    text = 'Mayor Jorge Olsen said the report confirmed "everything we have warned about for months".'
    assert all(t != "direct" for t, _, _, _ in _quotes(nlp, text))


def test_quotes_quoted_fragment_after_an_object_stays_indirect(nlp):
    text = 'The minister called it "the central pillar of the relationship."'
    assert all(t != "direct" for t, _, _, _ in _quotes(nlp, text))


def test_quotes_unbalanced_mark_keeps_other_quotes(nlp):
    text = ('He wrote "this mark never closes and\n\n'
            '\u201cWe will fight,\u201d Zelensky said.')
    doc = nlp(text)
    found = _quotes(nlp, text)
    assert ("direct", "We will fight", "Zelensky") in [(t, w, s) for t, w, s, _ in found]
    assert doc._.sm_dropped.get("unclosed") == 1


def test_quotes_spans_carry_method_and_confidence(nlp):
    doc = nlp("\u201cPeace is possible,\u201d Witkoff said.")
    [span] = doc.spans["stancemap_quotes"]
    assert span._.sm_method == "quotes.rules.v1"
    assert 0.0 < span._.sm_confidence <= 1.0
    assert span._.sm_cue.text == "said"


@pytest.mark.parametrize("text,speaker_mention,channel", [
    ("Mayor Jorge Olsen said the harbour would close in May, the Harbour Times reported.",
     "Jorge Olsen", "the Harbour Times"),
    ("Mia Larsen told the council that fees would rise, AP reported.", "Mia Larsen", "AP"),
])
def test_quotes_relaying_outlet_is_the_channel_not_the_speaker(nlp, text, speaker_mention, channel):
    doc = nlp(text)
    [span] = doc.spans["stancemap_quotes"]
    assert span._.sm_speaker.text == speaker_mention
    assert span._.sm_channel is not None and span._.sm_channel.text == channel


def test_quotes_a_name_modifying_a_noun_is_no_antecedent(nlp):
    # "the Peter Halvik administration" names an administration; "he" is the man who spoke before
    text = ("Donald Brenner spoke for an hour on Monday. When pressed on deals reached during the Peter Halvik "
            "administration, he said: \u201cI cannot promise that.\u201d")
    assert [s for _, _, s, _ in _quotes(nlp, text)] == ["Donald Brenner"]


def test_quotes_title_heading_the_subject_gives_way_to_the_name_after_it(nlp):
    text = ("Peers are on their fourth debate day. Former Lord Justice of Appeal Baroness Hallam-Vik urged "
            "colleagues to \"exercise restraint\" and warned of a \"badly eroded\" reputation if the bill fails.")
    assert {s for _, _, s, _ in _quotes(nlp, text)} == {"Hallam-Vik"}


@pytest.mark.parametrize("text, speaker", [
    ("A new analysis from the Oxvale Budget Lab found that prices could rise 2 percent.", "Oxvale Budget Lab"),
    ("A report by Amnesty International said the camps were overcrowded.", "Amnesty International"),
])
def test_quotes_source_noun_speaks_for_the_body_behind_it(nlp, text, speaker):
    assert [s for _, _, s, _ in _quotes(nlp, text)] == [speaker]


def test_quotes_participle_clause_of_a_main_clause_is_its_subjects_statement(nlp):
    text = "Health secretary Jon Arvik has also opposed the bill, citing cost concerns for the health service."
    assert [(t, w, s) for t, w, s, _ in _quotes(nlp, text)] == [
        ("indirect", "cost concerns for the health service", "Jon Arvik")]


def test_quotes_participle_inside_a_clause_is_not_a_statement(nlp):
    text = "Jon Arvik read the letter citing cost concerns."
    assert all(s != "Jon Arvik" or w != "cost concerns" for _, w, s, _ in _quotes(nlp, text))


@pytest.mark.parametrize("text, words", [
    ("Jane Doe argued for a longer consultation on the plan.", "a longer consultation on the plan"),
    ("Jane Doe argued against the plan.", "the plan"),
])
def test_quotes_speech_verb_with_its_object_preposition_reports_the_object(nlp, text, words):
    assert [(t, w, s) for t, w, s, _ in _quotes(nlp, text)] == [("indirect", words, "Jane Doe")]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_quotes_quoted_paragraph_after_the_speakers_paragraph_is_theirs(nlp, gap):
    text = (f"Prime Minister Lena Arvik said the country would challenge the tariffs.{gap}"
            f"\u201cThis country is worth fighting for.\u201d")
    found = [(t, w, s) for t, w, s, _ in _quotes(nlp, text)]
    assert ("direct", "This country is worth fighting for.", "Lena Arvik") in found


def test_quotes_quoted_paragraph_two_paragraphs_after_a_speaker_is_not_theirs(nlp):
    text = ("Prime Minister Lena Arvik said the country would challenge the tariffs.\n\n"
            "Markets fell sharply on the news.\n\n\u201cThis country is worth fighting for.\u201d")
    assert all(s != "Lena Arvik" or t != "direct" for t, _, s, _ in _quotes(nlp, text))
