"""Stance rules on hand-written sentences: (holder, proposition, polarity) per sentence, with
neutral statements, negated support and propositions that are themselves negative."""

from __future__ import annotations

import re

import pytest

from stancemap.model import Actor, CleanArticle, Codebook, Mention, Proposition, Quote, Segment, content_id
from stancemap.stance import METHOD, detect_stances
from stancemap.stance.targets import _stem, build_profile, build_profiles

RIVERTON = Codebook(
    path="riverton.yaml",
    propositions=(
        Proposition(id="congestion-charge",
                    statement="Riverton should introduce a congestion charge for cars entering the city centre."),
        # other words for the target are the analyst's knowledge: the codebook's keywords
        Proposition(id="tram-extension", statement="The tram line should be extended to the airport.",
                    keywords=("extension",)),
        Proposition(id="no-second-runway", statement="The airport should not build a second runway."),
    ),
)
MOLDOVA = Codebook(
    path="moldova.yaml",
    propositions=(
        Proposition(id="moldova-eu-membership", statement="Moldova should become a member of the EU.",
                    keywords=("membership", "accession", "joining")),
        Proposition(id="defence-clause-credible",
                    statement="The union's mutual-defence clause is real and will be honoured."),
    ),
)
# name -> (type, surface forms)
ACTORS = {
    "Alice Brown": ("person", ["Mayor Alice Brown", "Alice Brown", "Brown"]),
    "Tom Reed": ("person", ["Councillor Tom Reed", "Tom Reed", "Reed"]),
    "Oxfam": ("organization", ["Oxfam"]),
    "Greenpeace": ("organization", ["Greenpeace"]),
    "Chamber of Commerce": ("organization", ["the Chamber of Commerce"]),
    "Friends of the Earth": ("organization", ["Friends of the Earth"]),
    "Lena Holt": ("person", ["Minister Lena Holt", "Lena Holt", "Holt"]),
    "Kaspar Veldt": ("person", ["Kaspar Veldt", "Veldt"]),
    "European Commission": ("organization", ["the European Commission", "the Commission"]),
    "Portugal": ("country", ["Portugal"]),
    "Greece": ("country", ["Greece"]),
    "Austria": ("country", ["Austria"]),
    "Moldova": ("country", ["Moldova"]),
}

RIVERTON_CASES = [
    ("Mayor Alice Brown said the congestion charge was not realistic.",
     {("Alice Brown", "congestion-charge", "oppose")}),
    ("Greenpeace and Oxfam support the congestion charge.",
     {("Greenpeace", "congestion-charge", "support"), ("Oxfam", "congestion-charge", "support")}),
    ("The Chamber of Commerce does not support the congestion charge.",
     {("Chamber of Commerce", "congestion-charge", "oppose")}),
    ("Councillor Tom Reed called for extending the tram line to the airport.",
     {("Tom Reed", "tram-extension", "support")}),
    # the proposition is itself negative: being against the runway supports it
    ("Friends of the Earth are against building a second runway.",
     {("Friends of the Earth", "no-second-runway", "support")}),
    ("Tom Reed said a second runway would be a mistake.", {("Tom Reed", "no-second-runway", "support")}),
    ("Reed proposed a second runway.", {("Tom Reed", "no-second-runway", "oppose")}),
    ("Oxfam said a second runway cannot be built.", {("Oxfam", "no-second-runway", "support")}),
    ("Greenpeace rejected the plan for a second runway.", {("Greenpeace", "no-second-runway", "support")}),
    # reported positions: the holder is the reported actor, not the reporter
    ("Brown said that Oxfam opposes the tram extension.", {("Oxfam", "tram-extension", "oppose")}),
    ("Oxfam's opposition to the congestion charge surprised nobody.", {("Oxfam", "congestion-charge", "oppose")}),
    # negated support, modality, evaluations
    ("Tom Reed said the tram line should not be extended to the airport.", {("Tom Reed", "tram-extension", "oppose")}),
    ("Reed is committed to the tram extension.", {("Tom Reed", "tram-extension", "support")}),
    ("Oxfam has no doubt that the congestion charge will work.", {("Oxfam", "congestion-charge", "support")}),
    ("The Chamber of Commerce warned that a congestion charge would be a disaster for shops.",
     {("Chamber of Commerce", "congestion-charge", "oppose")}),
    ("Brown said a congestion charge is not on the table.", {("Alice Brown", "congestion-charge", "oppose")}),
    # neutral or unclear: no stance
    ("The council will discuss whether a congestion charge is needed.", set()),
    ("Alice Brown met Tom Reed to talk about the tram.", set()),
    ("Brown said that if the tram were extended to the airport, fares would rise.", set()),
    ("A congestion charge was introduced in Stockholm in 2006.", set()),
    ("Asked whether the tram should reach the airport, Brown declined to comment.", set()),
    ("Reed said the runway debate would continue next year.", set()),
]

MOLDOVA_CASES = [
    ("Minister Lena Holt said EU membership for Moldova was not realistic.",
     {("Lena Holt", "moldova-eu-membership", "oppose")}),
    ("Holt said Moldovan accession is not on the table for now.", {("Lena Holt", "moldova-eu-membership", "oppose")}),
    ("Veldt said Moldova cannot be a member of the EU.", {("Kaspar Veldt", "moldova-eu-membership", "oppose")}),
    ("Veldt said Moldova should not be a member of the EU.", {("Kaspar Veldt", "moldova-eu-membership", "oppose")}),
    ("Veldt said Moldova would one day become a member of the EU.",
     {("Kaspar Veldt", "moldova-eu-membership", "support")}),
    ("Holt said Portugal and Greece were against Moldova joining the EU.",
     {("Portugal", "moldova-eu-membership", "oppose"), ("Greece", "moldova-eu-membership", "oppose")}),
    ("Austria also does not support Moldovan membership.", {("Austria", "moldova-eu-membership", "oppose")}),
    ("Veldt said Moldovan membership would be incompatible with the budget rules.",
     {("Kaspar Veldt", "moldova-eu-membership", "oppose")}),
    ("Kaspar Veldt said Moldova joining the EU would be unacceptable.",
     {("Kaspar Veldt", "moldova-eu-membership", "oppose")}),
    ("Holt said she has no doubt about the union's commitment to the mutual-defence clause.",
     {("Lena Holt", "defence-clause-credible", "support")}),
    ("Veldt said the mutual-defence clause is not being honoured.",
     {("Kaspar Veldt", "defence-clause-credible", "oppose")}),
    # neutral
    ("Holt travelled to Chisinau to discuss Moldova's membership application.", set()),
    ("Moldova applied for membership in 2022.", set()),
    ("Veldt said the summit would take place in May.", set()),
]


def _article(text: str) -> CleanArticle:
    return CleanArticle(id=content_id(text), source="test.txt", path="test.txt", format="text",
                        raw_text=text, text=text, segments=(Segment(start=0, raw_start=0, length=len(text)),),
                        published="2025-05-01")


def _actors(text: str) -> list[Actor]:
    actors = []
    for name, (kind, forms) in ACTORS.items():
        mentions, taken = [], []
        for form in sorted(forms, key=len, reverse=True):
            for m in re.finditer(re.escape(form), text):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                taken.append((m.start(), m.end()))
                mentions.append(Mention(text=form, start=m.start(), end=m.end()))
        actors.append(Actor(id=content_id(name.lower()), name=name, type=kind, aliases=tuple(forms),
                            mentions=tuple(sorted(mentions, key=lambda m: m.start))))
    return actors


def _stances(nlp, text: str, codebook: Codebook, quotes=()):
    article = _article(text)
    return detect_stances(nlp(text), article, _actors(text), list(quotes), codebook)


def _triples(stances) -> set[tuple[str, str, str]]:
    return {(s.actor, s.proposition, s.polarity) for s in stances}


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), RIVERTON_CASES, ids=[c[0][:40] for c in RIVERTON_CASES])
def test_detect_rules_riverton(nlp, text, expected):
    assert _triples(_stances(nlp, text, RIVERTON)) == expected


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), MOLDOVA_CASES, ids=[c[0][:40] for c in MOLDOVA_CASES])
def test_detect_rules_membership_debate(nlp, text, expected):
    assert _triples(_stances(nlp, text, MOLDOVA)) == expected


@pytest.mark.model
def test_detect_quote_speaker_holds_the_position(nlp):
    text = "Reed spoke after the vote. \u201cThe charge is unacceptable,\u201d he said on Monday."
    article = _article(text)
    quoted = "The charge is unacceptable,"
    start = text.index(quoted)
    quote = Quote(id=content_id(article.id, start), article_id=article.id, type="direct", text=quoted,
                  start=start, end=start + len(quoted), speaker="Tom Reed", actor_id=content_id("tom reed"),
                  speaker_mention="he", date="2025-04-28")
    (stance,) = detect_stances(nlp(text), article, _actors(text), [quote], RIVERTON)
    assert (stance.actor, stance.proposition, stance.polarity) == ("Tom Reed", "congestion-charge", "oppose")
    assert stance.quote_id == quote.id
    assert stance.date == "2025-04-28"
    assert stance.reporter is None


@pytest.mark.model
def test_detect_reported_position_names_reporter_and_evidence(nlp):
    text = "The hearing ran late.\n\nBrown said that Oxfam opposes the tram extension."
    (stance,) = _stances(nlp, text, RIVERTON)
    assert stance.actor == "Oxfam" and stance.reporter == "Alice Brown"
    assert stance.evidence == "Brown said that Oxfam opposes the tram extension."
    assert text[stance.evidence_start:stance.evidence_end] == stance.evidence
    assert stance.method == METHOD
    assert stance.quote_id is None and stance.date == "2025-05-01"
    assert stance.id == content_id(stance.article_id, stance.actor_id, stance.proposition, stance.polarity,
                                   stance.evidence_start)
    assert 0.0 < stance.confidence <= 1.0


@pytest.mark.model
def test_detect_holder_missing_from_actor_list_comes_from_entities(nlp):
    text = "Norway and Iceland oppose the congestion charge."
    article = _article(text)
    stances = detect_stances(nlp(text), article, [], [], RIVERTON)
    assert _triples(stances) == {("Norway", "congestion-charge", "oppose"),
                                 ("Iceland", "congestion-charge", "oppose")}
    assert all(s.actor_id for s in stances)


@pytest.mark.model
def test_detect_one_stance_per_actor_proposition_polarity(nlp):
    text = ("Oxfam supports the congestion charge. Oxfam said the congestion charge was essential. "
            "Greenpeace backs the charge too.")
    stances = _stances(nlp, text, RIVERTON)
    keys = [(s.actor_id, s.proposition, s.polarity) for s in stances]
    assert len(keys) == len(set(keys))
    assert ("Oxfam", "congestion-charge", "support") in _triples(stances)


@pytest.mark.model
def test_detect_nothing_without_propositions_or_targets(nlp):
    text = "Oxfam supports the new library."
    assert _stances(nlp, text, RIVERTON) == ()
    assert _stances(nlp, text, Codebook(path="empty.yaml", propositions=())) == ()


def test_profile_reads_targets_anchors_and_negation_from_the_statement():
    profile = build_profile(Proposition(id="no-runway", statement="The airport should not build a second runway."))
    assert profile.negated and not profile.factual
    assert "runway" in profile.terms and "build" in profile.terms
    # no built-in synonyms: other words for the target come from the codebook's keywords
    assert "construct" not in profile.terms
    membership = build_profiles(MOLDOVA)[0]
    assert "eu" in membership.anchors and "member" in membership.terms
    # a capitalised first word is a name when the article's entities say so
    membership = build_profiles(MOLDOVA, names=["moldova"])[0]
    assert {"moldova", "eu"} <= membership.anchors and "moldova" not in membership.terms
    assert {"join", "access"} <= set(membership.terms)  # the keywords
    assert not membership.negated
    credible = build_profiles(MOLDOVA)[1]
    assert credible.factual


def test_profile_words_excluded_by_the_statement():
    profile = build_profile(Proposition(
        id="guarantees", statement="Moldova should receive security guarantees without EU membership."))
    assert "member" in profile.excluded and "member" not in profile.terms
    assert "guarantee" in profile.terms


def test_profile_keywords_and_examples_extend_targets():
    profile = build_profile(Proposition(
        id="charge", statement="Cars should pay to enter the centre.", keywords=["congestion charge", "toll"],
        support_examples=["A levy on drivers would clear the streets."]))
    assert (_stem("congestion"), _stem("charge")) in profile.phrases
    assert "toll" in profile.terms
    assert "driver" in profile.terms and profile.terms["driver"] < profile.terms["toll"]
